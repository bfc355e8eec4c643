/**
 * Reads an {@link HttpRule} user code gave: checks the type of every value (for plain JavaScript and values read from
 * YAML or JSON) and turns the rule's action, an {@link HttpAction} or the deprecated `destinations` / `redirect` /
 * `directResponse` fields, into one shape, so the route checks and renders both forms alike.
 */
import { IConstruct } from 'constructs';
import { readDestination } from './destination';
import { ConfigError } from './errors';
import { HttpAction } from './http-action';
import { HttpMatch, HttpRule, RedirectPort } from './http-rule';
import {
  checkArray, checkDuration, checkNumber, checkOptionalArray, checkOptionalBoolean, checkOptionalDuration,
  checkOptionalNumber, checkOptionalObject, checkOptionalString, checkOptionalStrings, checkProps, checkString,
  describeInput,
} from './input-check';
import { checkGatewayReference, checkHeaderOperationsInput, checkKnownFields, checkMadeBy } from './route-input';
import { PathMatch, StringMatch } from './string-match';

/** The fields of a rule that make or tune its action (the deprecated form). */
const LEGACY_ACTION_FIELDS = ['destinations', 'redirect', 'directResponse'] as const;
const FORWARD_OPTIONS = ['rewrite', 'fault', 'mirrors', 'timeout', 'retries'] as const;
const RULE_FIELDS = ['name', 'match', 'action', ...LEGACY_ACTION_FIELDS, ...FORWARD_OPTIONS, 'cors', 'headers'];
const MATCH_FIELDS = ['name', 'path', 'ignoreUriCase', 'method', 'authority', 'scheme', 'headers', 'withoutHeaders', 'queryParams', 'gateways'];

/** How the deprecated field that replaces each part of an action is written with `action`. */
const ACTION_FIX: Record<string, string> = {
  destinations: 'action: HttpAction.forward([Destination.service(svc, port)])',
  redirect: 'action: HttpAction.redirect({ ... })',
  directResponse: 'action: HttpAction.respond(status, body)',
};

/** @internal A rule in the deprecated shape, which the route checks and renders, and where its fields were written. */
export interface ReadHttpRule {
  /** The rule, with its action as `destinations`, `redirect` or `directResponse` and the forwarding options. */
  readonly rule: Omit<HttpRule, 'action'>;
  /** Where a field of `rule` was written: `destinations[0].port` becomes `action.destinations[0].port` for an action. */
  readonly fieldOf: (field: string) => string;
}

/** @internal Reads and type-checks one rule; `field` is where it was written, e.g. `rules[2]`. */
export function readHttpRule(scope: IConstruct, field: string, value: unknown): ReadHttpRule {
  const example = '{ match: [{ path: PathMatch.prefix(\'/\') }], action: HttpAction.forward([Destination.service(svc, 80)]) }';
  const input = checkProps(scope, field, value as Record<string, unknown>, example);
  checkKnownFields(scope, field, input, RULE_FIELDS, 'an HttpRule');
  const at = (sub: string) => `${field}.${sub}`;
  checkOptionalString(scope, at('name'), input.name, 'give the rule a name such as api, or leave name out');
  const match = checkOptionalArray(scope, at('match'), input.match, 'give a list of matches, e.g. match: [{ path: PathMatch.prefix(\'/api\') }]',
    (item, itemField) => readMatch(scope, itemField, item));
  const shared = { name: input.name as string | undefined, match, cors: readCors(scope, at('cors'), input.cors), headers: input.headers as HttpRule['headers'] };
  checkHeaderOperationsInput(scope, at('headers'), input.headers);
  if (input.action === undefined) {
    return { rule: { ...shared, ...readLegacyAction(scope, field, input) }, fieldOf: (f) => f };
  }
  const action = checkMadeBy(scope, at('action'), input.action, HttpAction, 'HttpAction.forward([Destination.service(svc, 80)]), HttpAction.redirect({ ... }) or HttpAction.respond(404)');
  const legacy = [...LEGACY_ACTION_FIELDS, ...FORWARD_OPTIONS].find((f) => input[f] !== undefined);
  if (legacy !== undefined) {
    const fix = ACTION_FIX[legacy] ?? `move it into the forward options: action: HttpAction.forward(destinations, { ${legacy} })`;
    throw new ConfigError(scope, at(legacy), 'cannot be combined with action (it is the deprecated way to give the action)', `remove it; ${ACTION_FIX[legacy] ? `the action is ${fix}` : fix}`);
  }
  return { rule: { ...shared, ...readAction(scope, at('action'), action) }, fieldOf: actionFieldOf };
}

/** Where a field of the deprecated shape was written in an HttpAction. */
function actionFieldOf(field: string): string {
  const head = /^[A-Za-z]+/.exec(field)?.[0] ?? '';
  if (!(LEGACY_ACTION_FIELDS as readonly string[]).includes(head) && !(FORWARD_OPTIONS as readonly string[]).includes(head)) {
    return field;
  }
  if (head === 'directResponse') {
    return `action${field.slice('directResponse'.length)}`;
  }
  const mirror = /^mirrors\[(\d+)\](.*)$/.exec(field);
  if (mirror && mirror[2] !== '.percentage') {
    return `action.mirrors[${mirror[1]}].destination${mirror[2]}`;
  }
  return `action.${field}`;
}

type ActionFields = Pick<HttpRule, 'destinations' | 'redirect' | 'directResponse' | 'rewrite' | 'fault' | 'mirrors' | 'timeout' | 'retries'>;

function readAction(scope: IConstruct, field: string, action: HttpAction): ActionFields {
  const spec = action._spec;
  switch (spec.kind) {
    case 'forward': {
      const destinations = checkArray(scope, `${field}.destinations`, spec.destinations, 'give a list of destinations, e.g. HttpAction.forward([Destination.service(svc, 80)])',
        (item, itemField) => readDestination(scope, itemField, item, 'http'));
      const options = checkOptionalObject(scope, `${field}.options`, spec.options as Record<string, unknown> | undefined, '{ timeout: Duration.seconds(5) }');
      if (options !== undefined) {
        checkKnownFields(scope, `${field}.options`, options, FORWARD_OPTIONS, 'ForwardOptions');
      }
      const mirrors = checkOptionalArray(scope, `${field}.mirrors`, options?.mirrors, 'give a list of mirrors, e.g. mirrors: [{ destination: Destination.host(\'shadow\', 80), percentage: 10 }]',
        (item, itemField) => {
          const mirror = checkProps(scope, itemField, item as Record<string, unknown>, '{ destination: Destination.host(\'shadow\', 80), percentage: 10 }');
          checkKnownFields(scope, itemField, mirror, ['destination', 'percentage'], 'a Mirror');
          const destination = readDestination(scope, `${itemField}.destination`, mirror.destination, 'mirror');
          checkOptionalNumber(scope, `${itemField}.percentage`, mirror.percentage, 'give a percentage from 0 to 100');
          return { ...destination, percentage: mirror.percentage as number | undefined };
        });
      return { destinations, ...readForwardOptions(scope, field, options ?? {}), mirrors };
    }
    case 'redirect':
      return { redirect: readRedirect(scope, `${field}.redirect`, spec.redirect) };
    case 'respond':
      checkNumber(scope, `${field}.status`, spec.status, 'use an HTTP status from 200 to 599, e.g. HttpAction.respond(404)');
      checkOptionalString(scope, `${field}.body`, spec.body, 'give the body as a string, or leave it out');
      return { directResponse: { status: spec.status as number, body: spec.body as string | undefined } };
  }
}

function readLegacyAction(scope: IConstruct, field: string, input: Record<string, unknown>): ActionFields {
  const at = (sub: string) => `${field}.${sub}`;
  const destinations = checkOptionalArray(scope, at('destinations'), input.destinations, 'give a list of destinations, or use action: HttpAction.forward([Destination.service(svc, 80)])',
    (item, itemField) => readDestination(scope, itemField, item, 'http'));
  const mirrors = checkOptionalArray(scope, at('mirrors'), input.mirrors, 'give a list of mirrors, e.g. mirrors: [{ host: \'shadow\', port: 80 }]',
    (item, itemField) => {
      const mirror = readDestination(scope, itemField, item, 'mirror');
      checkOptionalNumber(scope, `${itemField}.percentage`, mirror.percentage, 'give a percentage from 0 to 100');
      return mirror;
    });
  let directResponse: ActionFields['directResponse'];
  if (input.directResponse !== undefined) {
    const direct = checkProps(scope, at('directResponse'), input.directResponse as Record<string, unknown>, '{ status: 404 }, or use action: HttpAction.respond(404)');
    checkNumber(scope, at('directResponse.status'), direct.status, 'use an HTTP status from 200 to 599');
    checkOptionalString(scope, at('directResponse.body'), direct.body, 'give the body as a string, or leave it out');
    directResponse = { status: direct.status as number, body: direct.body as string | undefined };
  }
  return {
    destinations,
    redirect: input.redirect === undefined ? undefined : readRedirect(scope, at('redirect'), input.redirect),
    directResponse,
    ...readForwardOptions(scope, field, input),
    mirrors,
  };
}

/** Rewrite, fault, timeout and retries, from the forward options or from a rule of the deprecated shape. */
function readForwardOptions(scope: IConstruct, field: string, input: Record<string, unknown>): Omit<ActionFields, 'destinations' | 'redirect' | 'directResponse' | 'mirrors'> {
  const at = (sub: string) => `${field}.${sub}`;
  const rewrite = checkOptionalObject(scope, at('rewrite'), input.rewrite as Record<string, unknown> | undefined, '{ uri: \'/v2/\' }');
  if (rewrite !== undefined) {
    checkKnownFields(scope, at('rewrite'), rewrite, ['uri', 'uriRegex', 'authority'], 'a rewrite');
    checkOptionalString(scope, at('rewrite.uri'), rewrite.uri, 'give a path such as /v2/');
    checkOptionalString(scope, at('rewrite.authority'), rewrite.authority, 'give a host name such as api.internal');
    const regex = checkOptionalObject(scope, at('rewrite.uriRegex'), rewrite.uriRegex as Record<string, unknown> | undefined, '{ match: \'^/old(/.*)$\', rewrite: \'/new\\\\1\' }');
    if (regex !== undefined) {
      checkString(scope, at('rewrite.uriRegex.match'), regex.match, 'give an RE2 expression');
      checkString(scope, at('rewrite.uriRegex.rewrite'), regex.rewrite, 'give the replacement, e.g. /new\\1');
    }
  }
  const fault = checkOptionalObject(scope, at('fault'), input.fault as Record<string, unknown> | undefined, '{ delay: { fixedDelay: Duration.seconds(2), percentage: 10 } }');
  if (fault !== undefined) {
    checkKnownFields(scope, at('fault'), fault, ['delay', 'abort'], 'a fault injection');
    const delay = checkOptionalObject(scope, at('fault.delay'), fault.delay as Record<string, unknown> | undefined, '{ fixedDelay: Duration.seconds(2), percentage: 10 }');
    if (delay !== undefined) {
      checkKnownFields(scope, at('fault.delay'), delay, ['fixedDelay', 'percentage'], 'a fault delay');
      checkDuration(scope, at('fault.delay.fixedDelay'), delay.fixedDelay);
      checkNumber(scope, at('fault.delay.percentage'), delay.percentage, 'give the percentage of requests delayed, from 0 to 100 (Istio delays none without it)');
    }
    const abort = checkOptionalObject(scope, at('fault.abort'), fault.abort as Record<string, unknown> | undefined, '{ httpStatus: 503, percentage: 10 }');
    if (abort !== undefined) {
      checkKnownFields(scope, at('fault.abort'), abort, ['httpStatus', 'grpcStatus', 'percentage'], 'a fault abort');
      checkOptionalNumber(scope, at('fault.abort.httpStatus'), abort.httpStatus, 'use an HTTP status from 200 to 599');
      checkOptionalString(scope, at('fault.abort.grpcStatus'), abort.grpcStatus, 'give a gRPC status name such as UNAVAILABLE');
      checkNumber(scope, at('fault.abort.percentage'), abort.percentage, 'give the percentage of requests aborted, from 0 to 100 (Istio aborts none without it)');
    }
  }
  const retries = checkOptionalObject(scope, at('retries'), input.retries as Record<string, unknown> | undefined, '{ attempts: 3, perTryTimeout: Duration.seconds(2) }');
  if (retries !== undefined) {
    checkKnownFields(scope, at('retries'), retries, ['attempts', 'perTryTimeout', 'retryOn'], 'a retry policy');
    checkNumber(scope, at('retries.attempts'), retries.attempts, 'give the number of retries, a whole number of 0 or more');
    checkOptionalDuration(scope, at('retries.perTryTimeout'), retries.perTryTimeout);
    checkOptionalStrings(scope, at('retries.retryOn'), retries.retryOn, 'list retry conditions, e.g. retryOn: [\'5xx\', \'reset\']');
  }
  checkOptionalDuration(scope, at('timeout'), input.timeout);
  return {
    rewrite: input.rewrite as ActionFields['rewrite'],
    fault: input.fault as ActionFields['fault'],
    timeout: input.timeout as ActionFields['timeout'],
    retries: input.retries as ActionFields['retries'],
  };
}

function readRedirect(scope: IConstruct, field: string, value: unknown): ActionFields['redirect'] {
  const redirect = checkProps(scope, field, value as Record<string, unknown>, '{ scheme: \'https\' }');
  checkKnownFields(scope, field, redirect, ['uri', 'authority', 'scheme', 'port', 'derivePort', 'redirectCode'], 'a redirect');
  for (const key of ['uri', 'authority', 'scheme'] as const) {
    checkOptionalString(scope, `${field}.${key}`, redirect[key], `give ${key} as a string, or leave it out`);
  }
  checkOptionalNumber(scope, `${field}.port`, redirect.port, 'give a port from 1 to 65535, or leave it out');
  checkOptionalNumber(scope, `${field}.redirectCode`, redirect.redirectCode, 'give a status such as 301 or 308, or leave it out');
  const ports = Object.values(RedirectPort) as unknown[];
  if (redirect.derivePort !== undefined && !ports.includes(redirect.derivePort)) {
    throw new ConfigError(scope, `${field}.derivePort`, `is ${describeInput(redirect.derivePort)}, not a RedirectPort`, 'use RedirectPort.FROM_PROTOCOL_DEFAULT or RedirectPort.FROM_REQUEST_PORT');
  }
  return redirect;
}

function readCors(scope: IConstruct, field: string, value: unknown): HttpRule['cors'] {
  const cors = checkOptionalObject(scope, field, value as Record<string, unknown> | undefined, '{ allowOrigins: [StringMatch.exact(\'https://example.com\')] }');
  if (cors === undefined) {
    return undefined;
  }
  checkKnownFields(scope, field, cors, ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'maxAge', 'allowCredentials'], 'a CORS policy');
  checkArray(scope, `${field}.allowOrigins`, cors.allowOrigins, 'list the allowed origins, e.g. allowOrigins: [StringMatch.exact(\'https://example.com\')]',
    (item, itemField) => checkStringMatch(scope, itemField, item, 'https://example.com'));
  for (const key of ['allowMethods', 'allowHeaders', 'exposeHeaders'] as const) {
    checkOptionalStrings(scope, `${field}.${key}`, cors[key], `list them as strings, e.g. ${key}: [${key === 'allowMethods' ? '\'GET\'' : '\'x-user\''}]`);
  }
  checkOptionalDuration(scope, `${field}.maxAge`, cors.maxAge);
  checkOptionalBoolean(scope, `${field}.allowCredentials`, cors.allowCredentials);
  return cors as unknown as HttpRule['cors'];
}

function readMatch(scope: IConstruct, field: string, value: unknown): HttpMatch {
  const match = checkProps(scope, field, value as Record<string, unknown>, '{ path: PathMatch.prefix(\'/api\') }');
  checkKnownFields(scope, field, match, MATCH_FIELDS, 'an HttpMatch');
  checkOptionalString(scope, `${field}.name`, match.name, 'give the match a name such as api, or leave name out');
  if (match.path !== undefined) {
    const path = typeof match.path === 'string' ? match.path : '/';
    checkMadeBy(scope, `${field}.path`, match.path, PathMatch, `PathMatch.prefix('${path}') or PathMatch.exact('${path}')`);
  }
  checkOptionalBoolean(scope, `${field}.ignoreUriCase`, match.ignoreUriCase);
  for (const key of ['method', 'authority', 'scheme'] as const) {
    if (match[key] !== undefined) {
      checkStringMatch(scope, `${field}.${key}`, match[key], { method: 'GET', authority: 'example.com', scheme: 'https' }[key]);
    }
  }
  for (const key of ['headers', 'withoutHeaders', 'queryParams'] as const) {
    const record = checkOptionalObject(scope, `${field}.${key}`, match[key] as Record<string, unknown> | undefined, '{ \'x-user\': StringMatch.exact(\'alice\') }');
    for (const [name, item] of Object.entries(record ?? {})) {
      checkStringMatch(scope, `${field}.${key}['${name}']`, item, 'alice');
    }
  }
  checkOptionalArray(scope, `${field}.gateways`, match.gateways, 'list gateways of the route, e.g. gateways: [\'istio-system/default-gateway\']',
    (item, itemField) => checkGatewayReference(scope, itemField, item));
  return match as HttpMatch;
}

/** A StringMatch; a plain string in its place is answered with `StringMatch.exact('<that string>')`. */
function checkStringMatch(scope: IConstruct, field: string, value: unknown, example: string): StringMatch {
  const text = typeof value === 'string' ? value : example;
  return checkMadeBy(scope, field, value, StringMatch, `StringMatch.exact('${text}')`);
}
