import { Construct } from 'constructs';
import { toIstioDuration } from './duration';
import { ConfigError, describe } from './errors';
import { HeaderOperations, HttpMatch, HttpRule } from './http-rule';
import { readHttpRule, ReadHttpRule } from './http-rule-input';
import { checkOptionalArray } from './input-check';
import { RouteBase, RouteProps } from './route-base';
import { checkWeights, resolveDestination, serviceDestinationProblems } from './route-destination';
import { checkRouteProps } from './route-input';
import { StringMatch } from './string-match';
import { GRPC_STATUS_NAMES, isGrpcStatusName } from '../istio/grpc-status';
import { corsHeaderNameProblem, headerOperationNameProblem, isHeaderToken } from '../istio/header-name';
import { CORS_METHODS, isCorsMethod } from '../istio/http-methods';
import { isValidPort } from '../istio/names';
import { ENVOY_REDIRECT_CODES, isEnvoyRedirectCode } from '../istio/redirect-codes';
import { re2Problem } from '../istio/regex';
import { invalidRetryOnEntries, RETRY_ON_POLICIES } from '../istio/retry-on';

/** Properties of an {@link HttpRoute}. */
export interface HttpRouteProps extends RouteProps {
  /** Hosts the route serves (`counter.example.com`, `*.example.com`, `*`). */
  readonly hosts: string[];
  /**
   * Rules, tried in order; more can be added with `addRule()`.
   * @default - none
   */
  readonly rules?: HttpRule[];
}

/** A header name a match may use: an HTTP token in lowercase (the Host header is matched with `authority`). */
function isMatchHeaderName(name: string): boolean {
  return isHeaderToken(name) && name === name.toLowerCase() && name !== 'host';
}

/**
 * HTTP routing for hosts on gateway listeners: a VirtualService with `http` rules, tried in order.
 */
export class HttpRoute extends RouteBase {
  private readonly rules: ReadHttpRule[] = [];

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    const checked = checkRouteProps(scope, id, props, '{ listeners: [http], hosts: [\'counter.example.com\'], rules: [...] }');
    super(scope, id, checked, checked.hosts, 'http');
    const rules = checkOptionalArray(this, 'rules', checked.rules, 'give a list of rules, e.g. rules: [{ action: HttpAction.forward([Destination.service(svc, 80)]) }]', (rule) => rule);
    for (const rule of rules ?? []) {
      this.addRule(rule as HttpRule);
    }
    this.node.addValidation({ validate: () => this.validateRules() });
  }

  /**
   * Appends a rule; rules are tried in the order they were added.
   *
   * @param rule - conditions and an action, e.g. `{ match: [{ path: PathMatch.prefix('/api') }], action: HttpAction.forward([Destination.service(api, 80)]) }`.
   */
  public addRule(rule: HttpRule): void {
    const index = this.rules.length;
    const field = `rules[${index}]`;
    const read = readHttpRule(this, field, rule);
    const last = this.rules[index - 1]?.rule;
    if (last && (last.match === undefined || last.match.length === 0)) {
      throw new ConfigError(this, field, `rule ${index - 1} has no match and takes every request, so this rule could never match`, 'give the earlier rule a match, or add this rule before it');
    }
    this.checkRule(field, read);
    this.rules.push(read);
  }

  /** @internal */
  protected renderRules(): unknown[] {
    const ports = this.narrowedPorts();
    return this.rules.map(({ rule }) => {
      const matches = rule.match?.map((m) => this.renderMatch(m));
      const narrowed = ports && (matches?.length ? matches : [{}]).flatMap((m) => ports.map((port) => ({ ...m, port })));
      return {
        name: rule.name,
        match: narrowed ?? matches,
        route: rule.destinations?.map((d, i) => ({
          destination: resolveDestination(this, `rules.destinations[${i}]`, d, this.namespace),
          weight: rule.destinations!.length > 1 ? d.weight : undefined,
          headers: renderHeaders(d.headers),
        })),
        redirect: rule.redirect && {
          uri: rule.redirect.uri,
          authority: rule.redirect.authority,
          scheme: rule.redirect.scheme,
          port: rule.redirect.port,
          derivePort: rule.redirect.derivePort,
          redirectCode: rule.redirect.redirectCode,
        },
        directResponse: rule.directResponse && {
          status: rule.directResponse.status,
          body: rule.directResponse.body === undefined ? undefined : { string: rule.directResponse.body },
        },
        rewrite: rule.rewrite && {
          uri: rule.rewrite.uri,
          uriRegexRewrite: rule.rewrite.uriRegex && { ...rule.rewrite.uriRegex },
          authority: rule.rewrite.authority,
        },
        fault: rule.fault && {
          delay: rule.fault.delay && { fixedDelay: toIstioDuration(rule.fault.delay.fixedDelay), percentage: { value: rule.fault.delay.percentage } },
          abort: rule.fault.abort && {
            httpStatus: rule.fault.abort.httpStatus,
            grpcStatus: rule.fault.abort.grpcStatus,
            percentage: { value: rule.fault.abort.percentage },
          },
        },
        mirrors: rule.mirrors?.map((m, i) => ({
          destination: resolveDestination(this, `mirrors[${i}]`, m, this.namespace),
          percentage: m.percentage === undefined ? undefined : { value: m.percentage },
        })),
        timeout: rule.timeout && toIstioDuration(rule.timeout),
        retries: rule.retries && {
          attempts: rule.retries.attempts,
          perTryTimeout: rule.retries.perTryTimeout && toIstioDuration(rule.retries.perTryTimeout),
          retryOn: rule.retries.retryOn?.join(','),
        },
        corsPolicy: rule.cors && {
          allowOrigins: rule.cors.allowOrigins.map((o) => o._toIstio()),
          allowMethods: rule.cors.allowMethods,
          allowHeaders: rule.cors.allowHeaders,
          exposeHeaders: rule.cors.exposeHeaders,
          maxAge: rule.cors.maxAge && toIstioDuration(rule.cors.maxAge),
          allowCredentials: rule.cors.allowCredentials,
        },
        headers: renderHeaders(rule.headers),
      };
    });
  }

  private renderMatch(match: HttpMatch): Record<string, unknown> {
    const map = (record?: Record<string, StringMatch>) => record && Object.fromEntries(
      Object.entries(record).map(([key, value]) => [key, value._toIstio()]));
    return {
      name: match.name,
      uri: match.path?._match._toIstio(),
      ignoreUriCase: match.ignoreUriCase,
      method: match.method?._toIstio(),
      authority: match.authority?._toIstio(),
      scheme: match.scheme?._toIstio(),
      headers: map(match.headers),
      withoutHeaders: map(match.withoutHeaders),
      queryParams: map(match.queryParams),
      gateways: match.gateways?.map((g) => this.matchGatewayReference('match.gateways', g)),
    };
  }

  private checkRule(field: string, { rule, fieldOf }: ReadHttpRule): void {
    const at = (sub: string) => `${field}.${fieldOf(sub)}`;
    const fail = (sub: string, problem: string, fix: string) => new ConfigError(this, at(sub), problem, fix);
    const actions = (['destinations', 'redirect', 'directResponse'] as const).filter((a) => rule[a] !== undefined);
    if (actions.length !== 1) {
      throw new ConfigError(this, field, actions.length === 0 ? 'has no action' : `has several actions (${actions.join(', ')})`,
        'give one action: action: HttpAction.forward([Destination.service(svc, 80)]), HttpAction.redirect({ ... }) or HttpAction.respond(status)');
    }
    if (!rule.destinations) {
      const forwardingOnly = (['rewrite', 'fault', 'mirrors', 'timeout', 'retries'] as const).find((f) => rule[f] !== undefined);
      if (forwardingOnly) {
        throw fail(forwardingOnly, `only applies to rules that forward, but this rule answers with a ${actions[0]}`, `remove ${forwardingOnly}, or forward with action: HttpAction.forward(destinations, { ${forwardingOnly} })`);
      }
    }
    rule.match?.forEach((m, i) => this.checkMatch(`${field}.match[${i}]`, m));
    if (rule.destinations) {
      checkWeights(this, at('destinations'), rule.destinations);
      rule.destinations.forEach((d, i) => {
        resolveDestination(this, at(`destinations[${i}]`), d, this.namespace);
        checkHeaderOperations(this, at(`destinations[${i}].headers`), d.headers);
      });
    }
    const redirect = rule.redirect;
    if (redirect) {
      if ([redirect.uri, redirect.authority, redirect.scheme, redirect.port, redirect.derivePort].every((v) => v === undefined)) {
        throw fail('redirect', 'changes nothing', 'set at least one of uri, authority, scheme, port and derivePort');
      }
      if (redirect.redirectCode !== undefined && !isEnvoyRedirectCode(redirect.redirectCode)) {
        throw fail('redirect.redirectCode', `${redirect.redirectCode} is not a redirect Envoy can send (Envoy rejects the whole route table)`, `use one of ${ENVOY_REDIRECT_CODES.join(', ')}`);
      }
      if (redirect.scheme !== undefined && redirect.scheme !== 'http' && redirect.scheme !== 'https') {
        throw fail('redirect.scheme', `'${redirect.scheme}' is not http or https`, 'use http or https');
      }
      if (redirect.port !== undefined && (!isValidPort(redirect.port) || redirect.derivePort !== undefined)) {
        throw fail('redirect.port', redirect.derivePort !== undefined ? 'cannot be combined with derivePort' : `${redirect.port} is not a port number`, 'give either port (1-65535) or derivePort');
      }
      if (redirect.uri !== undefined && !redirect.uri.startsWith('/')) {
        throw fail('redirect.uri', `'${redirect.uri}' does not start with '/'`, 'give an absolute path');
      }
    }
    const direct = rule.directResponse;
    if (direct && (!Number.isInteger(direct.status) || direct.status < 200 || direct.status > 599)) {
      throw fail('directResponse.status', `${direct.status} is not an HTTP status from 200 to 599`, 'use a status from 200 to 599');
    }
    if (direct?.body !== undefined && Buffer.byteLength(direct.body) > 1024 * 1024) {
      throw fail('directResponse.body', 'is larger than 1 MiB, the most Istio accepts', 'serve large bodies from a backend');
    }
    const rewrite = rule.rewrite;
    if (rewrite) {
      if (rewrite.uri !== undefined && rewrite.uriRegex !== undefined) {
        throw fail('rewrite', 'has both uri and uriRegex', 'keep one of them');
      }
      if (rewrite.uri === undefined && rewrite.uriRegex === undefined && rewrite.authority === undefined) {
        throw fail('rewrite', 'changes nothing', 'set uri, uriRegex or authority');
      }
      const problem = rewrite.uriRegex && re2Problem(rewrite.uriRegex.match);
      if (problem) {
        throw fail('rewrite.uriRegex.match', `'${rewrite.uriRegex!.match}' ${problem}`, 'use RE2 syntax (no look-around or back-references)');
      }
      const setsHost = [rule.headers?.request?.set, rule.headers?.request?.add].some((ops) => ops && Object.keys(ops).some((k) => ['host', ':authority'].includes(k.toLowerCase())));
      if (rewrite.authority !== undefined && setsHost) {
        throw fail('rewrite.authority', 'the authority is also set by a request header operation', 'set the authority in one place only');
      }
    }
    this.checkFault(at, rule);
    rule.mirrors?.forEach((m, i) => {
      resolveDestination(this, at(`mirrors[${i}]`), m, this.namespace);
      checkPercentage(this, at(`mirrors[${i}].percentage`), m.percentage);
    });
    if (rule.retries) {
      const retries = rule.retries;
      if (!Number.isInteger(retries.attempts) || retries.attempts < 0) {
        throw fail('retries.attempts', `${retries.attempts} is not a retry count`, 'use a whole number of 0 or more');
      }
      if (retries.attempts === 0 && (retries.perTryTimeout || retries.retryOn)) {
        throw fail('retries', 'attempts 0 disables retries, so the other retry settings would be ignored', 'remove them, or allow at least one attempt');
      }
      const badPolicy = retries.retryOn?.find((p) => p.includes(',') || invalidRetryOnEntries(p) !== undefined);
      if (badPolicy !== undefined) {
        throw fail('retries.retryOn', `'${badPolicy}' is not a retry policy Istio accepts`, `use HTTP status codes or ${RETRY_ON_POLICIES.join(', ')}`);
      }
    }
    if (rule.cors) {
      if (rule.cors.allowOrigins.length === 0) {
        throw fail('cors.allowOrigins', 'is empty', 'list the origins allowed to call the route');
      }
      rule.cors.allowOrigins.forEach((origin, i) => {
        const value = Object.values(origin._toIstio())[0];
        const problem = value ? origin._problem(false) : 'matches no origin in particular (empty or present()), which Istio rejects';
        if (problem) {
          throw fail(`cors.allowOrigins[${i}]`, problem, 'give a valid origin match');
        }
      });
      const badMethod = rule.cors.allowMethods?.find((m) => !isCorsMethod(m));
      if (badMethod !== undefined) {
        throw fail('cors.allowMethods', `'${badMethod}' is not an HTTP method`, `use ${CORS_METHODS.join(', ')}`);
      }
      for (const key of ['allowHeaders', 'exposeHeaders'] as const) {
        const badHeader = rule.cors[key]?.find((h) => corsHeaderNameProblem(h) !== undefined);
        if (badHeader !== undefined) {
          throw fail(`cors.${key}`, `'${badHeader}' is not a header name`, 'give header names such as x-user, or *');
        }
      }
      if (rule.cors.maxAge && rule.cors.maxAge.toMilliseconds() % 1000 !== 0) {
        throw fail('cors.maxAge', 'is not a whole number of seconds', 'use whole seconds');
      }
    }
    checkHeaderOperations(this, `${field}.headers`, rule.headers);
  }

  private checkFault(at: (sub: string) => string, rule: Omit<HttpRule, 'action'>): void {
    const fault = rule.fault;
    if (!fault) {
      return;
    }
    if (!fault.delay && !fault.abort) {
      throw new ConfigError(this, at('fault'), 'has neither delay nor abort', 'give a delay, an abort, or both');
    }
    if (fault.delay) {
      checkPercentage(this, at('fault.delay.percentage'), fault.delay.percentage);
    }
    if (fault.abort) {
      const abort = fault.abort;
      if ((abort.httpStatus === undefined) === (abort.grpcStatus === undefined)) {
        throw new ConfigError(this, at('fault.abort'), 'needs exactly one of httpStatus and grpcStatus', 'give the status the gateway answers with');
      }
      if (abort.httpStatus !== undefined && (!Number.isInteger(abort.httpStatus) || abort.httpStatus < 200 || abort.httpStatus > 599)) {
        throw new ConfigError(this, at('fault.abort.httpStatus'), `${abort.httpStatus} is not an HTTP status from 200 to 599`, 'use a status from 200 to 599');
      }
      if (abort.grpcStatus !== undefined && !isGrpcStatusName(abort.grpcStatus)) {
        throw new ConfigError(this, at('fault.abort.grpcStatus'), `'${abort.grpcStatus}' is not a gRPC status name`, `use one of ${GRPC_STATUS_NAMES.join(', ')}`);
      }
      checkPercentage(this, at('fault.abort.percentage'), abort.percentage);
    }
  }

  private checkMatch(field: string, match: HttpMatch): void {
    const pathProblem = match.path?._problem();
    if (pathProblem) {
      throw new ConfigError(this, `${field}.path`, pathProblem, 'paths start with \'/\'; regexes use RE2 syntax');
    }
    for (const key of ['method', 'authority', 'scheme'] as const) {
      const problem = match[key]?._problem(false);
      if (problem) {
        throw new ConfigError(this, `${field}.${key}`, problem, 'give a non-empty value');
      }
    }
    for (const key of ['headers', 'withoutHeaders', 'queryParams'] as const) {
      for (const [name, value] of Object.entries(match[key] ?? {})) {
        if (key !== 'queryParams' && !isMatchHeaderName(name)) {
          throw new ConfigError(this, `${field}.${key}`, `'${name}' is not a valid header name`, 'write header names in lowercase (e.g. x-user); match the Host header with authority');
        }
        const problem = value._problem(false);
        if (problem) {
          throw new ConfigError(this, `${field}.${key}.${name}`, problem, 'give a non-empty value or a valid RE2 regex');
        }
      }
    }
    match.gateways?.forEach((g) => this.matchGatewayReference(`${field}.gateways`, g));
  }

  private validateRules(): string[] {
    if (this.rules.length === 0) {
      return [describe('rules', 'is empty, so the VirtualService would route nothing (Istio rejects it)', 'give rules, or add them with addRule()')];
    }
    return this.rules.flatMap(({ rule, fieldOf }, r) => [
      ...(rule.destinations ?? []).flatMap((d, i) => serviceDestinationProblems(`rules[${r}].${fieldOf(`destinations[${i}]`)}`, d)),
      ...(rule.mirrors ?? []).flatMap((m, i) => serviceDestinationProblems(`rules[${r}].${fieldOf(`mirrors[${i}]`)}`, m)),
    ]);
  }
}

function renderHeaders(headers: HeaderOperations | undefined): unknown {
  return headers && {
    request: headers.request && { ...headers.request },
    response: headers.response && { ...headers.response },
  };
}

function checkHeaderOperations(scope: Construct, field: string, headers: HeaderOperations | undefined): void {
  for (const [direction, ops] of Object.entries(headers ?? {})) {
    // Only request set/add may change the authority (as `host` or `:authority`); Istio rejects it elsewhere.
    const bad = [
      ...[...Object.keys(ops?.set ?? {}), ...Object.keys(ops?.add ?? {})].map((n) => [n, direction === 'request'] as const),
      ...(ops?.remove ?? []).map((n: string) => [n, false] as const),
    ].find(([n, mayChangeAuthority]: readonly [string, boolean]) => headerOperationNameProblem(n, mayChangeAuthority) !== undefined
      || !(isHeaderToken(n) || (mayChangeAuthority && n.toLowerCase() === ':authority')))?.[0];
    if (bad !== undefined) {
      throw new ConfigError(scope, `${field}.${direction}`, `'${bad}' is not a header Istio lets you change`, 'use a plain header name (only request set and add may change the authority, as host or :authority)');
    }
  }
}

function checkPercentage(scope: Construct, field: string, value: number | undefined): void {
  if (value !== undefined && !(value === 0 || (value >= 0.0001 && value <= 100))) {
    throw new ConfigError(scope, field, `${value} is not a percentage Istio accepts`, 'use 0, or a number from 0.0001 to 100');
  }
}

