/**
 * The rules istiod's validating webhook applies to a VirtualService (reference §i.2; istio/istio
 * `pkg/config/validation/validation.go` and `virtualservice.go`: `ValidateVirtualService`, `validateHTTPRoute`,
 * `validateHTTPRouteConflict`, `validateHTTPRouteMatchRequest`, `validateGatewayNames`, `validateHTTPRouteDestinations`,
 * `validateRouteDestinations`, `validateDestination`, `validateHTTPRedirect`, `validateHTTPDirectResponse`,
 * `validateHTTPRewrite`, `validateAuthorityRewrite`, `validateHTTPFaultInjection`, `validateCORSPolicy`,
 * `validateHTTPMirrors`, `validateStringMatch`, `validateTLSRoute`, `validateSniHost`, `validateTCPRoute`,
 * `validateExportTo`; `agent/validation.go`: `ValidateHTTPRetry`, `ValidateDuration`). They run on objects that passed
 * the CRD schema, so every field has its declared type.
 */
import {
  IstioCorsPolicy, IstioDestination, IstioHeaders, IstioHttpMatch, IstioHttpRoute, IstioL4Match, IstioL4Route,
  IstioRouteDestination, IstioStringMatch, IstioVirtualService,
} from './istio-types';
import { ProblemList } from './object-problem';
import { fieldPath } from './shape';
import { refusedAnnotations } from '../istio/annotations';
import { durationProblem, isWholeSeconds } from '../istio/duration';
import { exportToProblems } from '../istio/export-to';
import { gatewayReferenceProblems, MESH_GATEWAY } from '../istio/gateway-reference';
import { isGrpcStatusName } from '../istio/grpc-status';
import { corsHeaderNameProblem, headerOperationNameProblem, isAuthorityHeader, matchHeaderNameProblem } from '../istio/header-name';
import { headerValueProblem } from '../istio/header-value';
import { autoPassthroughSniProblem, hostsOverlap, hostSubsetOf, wildcardDomainProblem } from '../istio/host';
import { CORS_METHODS, isCorsMethod } from '../istio/http-methods';
import { isJwtClaimRoute } from '../istio/jwt-claim-route';
import { labelProblems } from '../istio/labels';
import { isDnsLabelAnyCase, isIpAddress, isIpSubnet, isValidPort } from '../istio/names';
import { re2Problem } from '../istio/regex';
import { invalidRetryOnEntries } from '../istio/retry-on';
import { cachedVerdicts } from '../istio/verdict-cache';

/** Direct response bodies larger than this are refused. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Direct response bodies larger than this are accepted with a warning. */
const LARGE_BODY_BYTES = 100 * 1024;

/** The prefix of AUTO_PASSTHROUGH SNI names, which gateway-bound VirtualServices with sniHosts may route. */
const AUTO_PASSTHROUGH_PREFIX = 'outbound_';

/** The header maps of a match whose keys are header names. */
const HEADER_MAPS = ['headers', 'withoutHeaders'] as const;

/** The single string matches of a match. */
const STRING_MATCHES = ['uri', 'scheme', 'method', 'authority'] as const;

/** The two directions of header operations. */
const DIRECTIONS = ['request', 'response'] as const;

/** The header operations that carry values. */
const VALUE_OPERATIONS = ['set', 'add'] as const;

/** The deprecated mirror percentage, in both spellings the CRD knows. */
const MIRROR_PERCENT_FIELDS = ['mirrorPercent', 'mirror_percent'] as const;

/** Why a destination host is refused (destination hosts recur, so each is checked once). */
const destinationHostProblem = cachedVerdicts((host: string) => wildcardDomainProblem(host, false));

/** What the rules of one VirtualService need to know about it as a whole. */
interface Context {
  /** The hosts. */
  readonly hosts: readonly string[];
  /** True unless `gateways` lists `mesh` (also when it lists nothing), as istiod's `isGateway` decides for SNI hosts. */
  readonly gatewayOnly: boolean;
  /** True when a tls rule matches on sniHosts (then gateway-bound hosts may use the AUTO_PASSTHROUGH form). */
  readonly routesSni: boolean;
}

/** The webhook's problems with a VirtualService. */
export function virtualServiceProblems(vs: IstioVirtualService): ProblemList {
  const problems = new ProblemList('webhook');
  for (const { key, message, fix } of refusedAnnotations(vs.kind, vs.metadata.annotations)) {
    problems.error(fieldPath('metadata.annotations', key), message, fix);
  }
  const spec = vs.spec ?? {};
  const hosts = spec.hosts ?? [];
  const gateways = spec.gateways ?? [];
  const http = spec.http ?? [];
  const tcp = spec.tcp ?? [];
  const tls = spec.tls ?? [];
  const delegate = hosts.length === 0;
  if (delegate) {
    for (const [field, present] of [['gateways', gateways.length > 0], ['tls', tls.length > 0], ['tcp', tcp.length > 0]] as const) {
      if (present) {
        problems.error(`spec.${field}`, `a VirtualService without hosts is a delegate, and a delegate cannot have ${field}`,
          `add the hosts it serves, or remove ${field}`);
      }
    }
  }
  const gatewayOnly = !gateways.includes(MESH_GATEWAY);
  const boundToGateways = gateways.length > 0 && gatewayOnly;
  const context: Context = { hosts, gatewayOnly, routesSni: tls.some((rule) => (rule.match ?? []).some((m) => (m.sniHosts ?? []).length > 0)) };
  checkGatewayNames(gateways, 'spec.gateways', problems);
  if (!boundToGateways) {
    checkNoJwtClaims(http, problems);
  }
  checkHosts(hosts, boundToGateways, context.routesSni, problems);
  if (http.length === 0 && tcp.length === 0 && tls.length === 0) {
    problems.error('spec', 'a VirtualService must have at least one http, tcp or tls rule', 'add the rules that route its hosts');
  }
  http.forEach((rule, r) => checkHttpRule(rule, `spec.http[${r}]`, delegate, problems));
  tls.forEach((rule, r) => checkTlsRule(rule, `spec.tls[${r}]`, context, problems));
  tcp.forEach((rule, r) => checkTcpRule(rule, `spec.tcp[${r}]`, problems));
  if (spec.exportTo !== undefined) {
    for (const problem of exportToProblems(vs.metadata.namespace, spec.exportTo, false)) {
      problems.error(problem.index === undefined ? 'spec.exportTo' : `spec.exportTo[${problem.index}]`, problem.message, problem.fix);
    }
  }
  return problems;
}

/** Each host a wildcard domain or an IP; `*` only for gateway-only VirtualServices; no two hosts overlapping. */
function checkHosts(hosts: readonly string[], boundToGateways: boolean, routesSni: boolean, problems: ProblemList): void {
  let allValid = true;
  hosts.forEach((host, h) => {
    const problem = boundToGateways && routesSni && host.startsWith(AUTO_PASSTHROUGH_PREFIX)
      ? autoPassthroughSniProblem(host)
      : wildcardDomainProblem(host, false);
    if (problem && !isIpAddress(host)) {
      problems.error(`spec.hosts[${h}]`, `host '${host}' ${problem}`, 'write a host name such as shop.example.com or *.example.com');
      allValid = false;
    } else if (!problem && host === '*' && !boundToGateways) {
      problems.error(`spec.hosts[${h}]`, "host '*' is '*', which is only allowed for a VirtualService bound to gateways only (not to mesh)",
        'write a host name such as shop.example.com or *.example.com');
      allValid = false;
    }
  });
  if (!allValid) {
    return;
  }
  for (let j = 1; j < hosts.length; j++) {
    const i = hosts.findIndex((other, o) => o < j && hostsOverlap(other, hosts[j]));
    if (i >= 0) {
      problems.error(`spec.hosts[${j}]`, `host '${hosts[j]}' overlaps spec.hosts[${i}] '${hosts[i]}' (duplicate hosts)`,
        'keep one of them, or move one to another VirtualService');
    }
  }
}

/** validateGatewayNames, for `spec.gateways` and each match's `gateways`. */
function checkGatewayNames(gateways: readonly string[] | undefined, at: string, problems: ProblemList): void {
  if (gateways === undefined || gateways.length === 0) {
    return;
  }
  for (const problem of gatewayReferenceProblems(gateways)) {
    problems[problem.severity](`${at}[${problem.index}]`, problem.message, problem.fix);
  }
}

/** JWT claim keys in header matches route only at gateways: refused in a VirtualService that applies to sidecars. */
function checkNoJwtClaims(http: readonly IstioHttpRoute[], problems: ProblemList): void {
  http.forEach((rule, r) => rule.match?.forEach((match, m) => {
    for (const field of HEADER_MAPS) {
      const headers = match[field];
      if (headers === undefined) continue;
      for (const name of Object.keys(headers)) {
        if (isJwtClaimRoute(name)) {
          problems.error(fieldPath(`spec.http[${r}].match[${m}].${field}`, name), `JWT claim routing ('${name}') works only in a VirtualService bound to gateways`,
            'bind the VirtualService to gateways only (spec.gateways without mesh), or match on a header');
        }
      }
    }
  }));
}

function checkHttpRule(rule: IstioHttpRoute, at: string, inDelegate: boolean, problems: ProblemList): void {
  checkConflicts(rule, at, inDelegate, problems);
  rule.match?.forEach((match, m) => checkMatch(match, `${at}.match[${m}]`, problems));
  checkHeaderOperations(rule.headers, `${at}.headers`, problems);
  if (rule.corsPolicy !== undefined) {
    checkCors(rule.corsPolicy, `${at}.corsPolicy`, problems);
  }
  checkFault(rule, at, problems);
  checkMirrors(rule, at, problems);
  checkRedirect(rule, at, problems);
  checkDirectResponse(rule, at, problems);
  checkRetries(rule, at, problems);
  checkRewrite(rule, at, problems);
  checkAuthorityOnce(rule, at, problems);
  checkDestinations(rule.route ?? [], `${at}.route`, true, problems);
  if (rule.timeout !== undefined) {
    checkDuration(rule.timeout, `${at}.timeout`, problems);
  }
}

/**
 * validateHTTPRouteConflict: a rule that delegates has no action of its own; a rule of a delegate VirtualService cannot
 * delegate again; otherwise exactly one of route, redirect and directResponse, the latter two without fault or rewrite.
 */
function checkConflicts(rule: IstioHttpRoute, at: string, inDelegate: boolean, problems: ProblemList): void {
  const route = (rule.route ?? []).length > 0;
  if (rule.delegate !== undefined && !inDelegate) {
    for (const action of ['redirect', 'route'] as const) {
      if (rule[action] !== undefined) {
        problems.error(`${at}.${action}`, `a rule with delegate cannot have ${action}`, `remove ${action}; the delegate VirtualService decides`);
      }
    }
    return;
  }
  if (rule.delegate !== undefined) {
    problems.error(`${at}.delegate`, 'a rule of a delegate VirtualService (one without hosts) cannot delegate again', 'route, redirect or respond here instead');
  }
  if (rule.redirect !== undefined || rule.directResponse !== undefined) {
    const action = rule.redirect !== undefined ? 'redirect' : 'directResponse';
    const conflicts = [route && 'route', rule.fault && 'fault', rule.rewrite && 'rewrite', rule.redirect && rule.directResponse && 'directResponse']
      .filter((c): c is string => typeof c === 'string');
    for (const conflict of conflicts) {
      problems.error(`${at}.${conflict}`, `${action} cannot be combined with ${conflict}`, `remove ${conflict}, or split the rule in two`);
    }
  } else if (!route) {
    problems.error(at, 'an http rule needs route, redirect, directResponse or delegate', 'add route with the destination');
  }
  if (rule.mirror !== undefined && (rule.mirrors ?? []).length > 0) {
    problems.error(`${at}.mirrors`, 'mirror and mirrors cannot both be set', 'move mirror into mirrors');
  }
}

/**
 * validateHTTPRouteMatchRequest: header names; every regex RE2 (Go's regexp) within 1,024 characters; a prefix may be
 * empty only for `uri`, a regex never; a `withoutHeaders` regex `*` is a presence test, not a regex; port,
 * sourceLabels, gateways and sourceNamespace well formed.
 */
function checkMatch(match: IstioHttpMatch, at: string, problems: ProblemList): void {
  for (const field of HEADER_MAPS) {
    const headers = match[field];
    if (headers === undefined) continue;
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      const problem = matchHeaderNameProblem(name);
      if (problem) {
        problems.error(fieldPath(`${at}.${field}`, name), `header name '${name}' ${problem}`, 'match on a header name, a pseudo-header such as :method, or @request.auth.claims.NAME');
      }
      if (!(field === 'withoutHeaders' && value.regex === '*')) {
        checkStringMatch(value, at, field, name, problems);
      }
    }
  }
  for (const field of STRING_MATCHES) {
    const value = match[field];
    if (value !== undefined) checkStringMatch(value, at, field, undefined, problems);
  }
  if (match.queryParams !== undefined) {
    for (const name of Object.keys(match.queryParams)) {
      checkStringMatch(match.queryParams[name], at, 'queryParams', name, problems);
    }
  }
  checkL4MatchCommon(match, at, problems);
  if (match.sourceNamespace !== undefined && match.sourceNamespace !== '' && !isDnsLabelAnyCase(match.sourceNamespace)) {
    problems.error(`${at}.sourceNamespace`, `sourceNamespace '${match.sourceNamespace}' is not a DNS-1123 label`, 'write a namespace name');
  }
}

/**
 * validateStringMatch (validateStringMatchRegexp for `uri`) of the match `field` of the match at `at` (`key` for a
 * header or query parameter).
 */
function checkStringMatch(stringMatch: IstioStringMatch, at: string, field: string, key: string | undefined, problems: ProblemList): void {
  const pathOf = () => (key === undefined ? `${at}.${field}` : fieldPath(`${at}.${field}`, key));
  if (stringMatch.prefix === '' && field !== 'uri') {
    problems.error(pathOf(), 'an empty prefix is only allowed for uri', 'write the prefix to match, or remove the match');
  } else if (stringMatch.regex === '') {
    problems.error(pathOf(), 'an empty regex is not allowed', 'write the regex to match, or remove the match');
  } else if (stringMatch.regex !== undefined && re2Problem(stringMatch.regex) !== undefined) {
    regexError(stringMatch.regex, `${pathOf()}.regex`, problems);
  }
}

function checkRegex(regex: string, path: string, problems: ProblemList): void {
  if (re2Problem(regex) !== undefined) {
    regexError(regex, path, problems);
  }
}

function regexError(regex: string, path: string, problems: ProblemList): void {
  problems.error(path, `regex '${regex}' ${re2Problem(regex)}`, 'write an RE2 regular expression (no lookaround or backreferences)');
}

/** The match fields HTTP, TLS and TCP matches share: port, sourceLabels, gateways. */
function checkL4MatchCommon(match: IstioHttpMatch | IstioL4Match, at: string, problems: ProblemList): void {
  if (match.port !== undefined && match.port !== 0 && !isValidPort(match.port)) {
    problems.error(`${at}.port`, `port ${match.port} is outside 1-65535`, 'use a gateway server port from 1 to 65535');
  }
  if (match.sourceLabels !== undefined) {
    for (const { key, problem } of labelProblems(match.sourceLabels)) {
      problems.error(fieldPath(`${at}.sourceLabels`, key), problem, 'use label keys and values as Kubernetes writes them');
    }
  }
  checkGatewayNames(match.gateways, `${at}.gateways`, problems);
}

/**
 * Header operations (validateHTTPRoute, validateHTTPRouteDestinations): names may not be empty, pseudo-headers or Host
 * (a request set or add may change the authority); values must be valid Envoy format strings.
 */
function checkHeaderOperations(headers: IstioHeaders | undefined, at: string, problems: ProblemList): void {
  if (headers === undefined) {
    return;
  }
  for (const direction of DIRECTIONS) {
    const operations = headers[direction];
    if (operations === undefined) continue;
    for (const operation of VALUE_OPERATIONS) {
      const values = operations[operation];
      if (values === undefined) continue;
      for (const name of Object.keys(values)) {
        const value = values[name];
        const nameProblem = headerOperationNameProblem(name, direction === 'request');
        const valueProblem = headerValueProblem(value);
        if (nameProblem === undefined && valueProblem === undefined) continue;
        const path = fieldPath(`${at}.${direction}.${operation}`, name);
        if (nameProblem) {
          headerNameError(name, nameProblem, path, problems);
        }
        if (valueProblem) {
          problems.error(path, `header value '${value}' ${valueProblem}`, 'write the value as Envoy reads it: %VARIABLE% is replaced, %% is a literal %');
        }
      }
    }
    operations.remove?.forEach((name, n) => {
      const problem = headerOperationNameProblem(name, false);
      if (problem) headerNameError(name, problem, `${at}.${direction}.remove[${n}]`, problems);
    });
  }
}

function headerNameError(name: string, problem: string, path: string, problems: ProblemList): void {
  problems.error(path, `header '${name}' ${problem}`, 'change the authority with rewrite.authority or a request set of host; leave pseudo-headers alone');
}

/** validateAuthorityRewrite: the authority may be changed in one place only (rewrite.authority, or a request set or add). */
function checkAuthorityOnce(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const request = rule.headers?.request;
  if (request === undefined) {
    return;
  }
  let current: { readonly path: string; readonly value: string } | undefined = rule.rewrite?.authority
    ? { path: `${at}.rewrite.authority`, value: rule.rewrite.authority }
    : undefined;
  for (const operation of ['set', 'add'] as const) {
    const headers = request[operation];
    if (headers === undefined) continue;
    for (const name of Object.keys(headers)) {
      if (!isAuthorityHeader(name)) continue;
      const value = headers[name];
      const path = fieldPath(`${at}.headers.request.${operation}`, name);
      if (current !== undefined && current.value !== '') {
        problems.error(path, `sets the authority to '${value}', which ${current.path} already sets to '${current.value}'`, 'change the authority in one place only');
        return;
      }
      current = { path, value };
    }
  }
}

/** validateCORSPolicy. */
function checkCors(cors: IstioCorsPolicy, at: string, problems: ProblemList): void {
  (cors.allowOrigins ?? []).forEach((origin, o) => {
    const path = `${at}.allowOrigins[${o}]`;
    const value = origin.exact ?? origin.prefix ?? origin.regex;
    if (value === undefined || value === '') {
      problems.error(path, 'an allowed origin must be a non-empty exact, prefix or regex', 'write the origin, e.g. exact: https://shop.example.com');
    } else if (origin.regex !== undefined) {
      checkRegex(origin.regex, `${path}.regex`, problems);
    }
  });
  (cors.allowMethods ?? []).forEach((method, m) => {
    if (!isCorsMethod(method)) {
      problems.error(`${at}.allowMethods[${m}]`, `'${method}' is not an HTTP method Istio knows (case matters)`, `use ${CORS_METHODS.join(', ')}`);
    }
  });
  for (const field of ['allowHeaders', 'exposeHeaders'] as const) {
    (cors[field] ?? []).forEach((name, n) => {
      const problem = corsHeaderNameProblem(name);
      if (problem) problems.error(`${at}.${field}[${n}]`, `header name '${name}' ${problem}`, "write a header name, or '*'");
    });
  }
  if (cors.maxAge !== undefined) {
    if (!checkDuration(cors.maxAge, `${at}.maxAge`, problems) && !isWholeSeconds(cors.maxAge)) {
      problems.error(`${at}.maxAge`, `maxAge '${cors.maxAge}' is not a whole number of seconds`, 'write whole seconds, e.g. 24h or 600s');
    }
  }
}

/** validateHTTPFaultInjection. */
function checkFault(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const fault = rule.fault;
  if (fault === undefined) {
    return;
  }
  const { abort, delay } = fault;
  if (abort === undefined && delay === undefined) {
    problems.error(`${at}.fault`, 'fault injection needs an abort, a delay or both', 'add abort (httpStatus or grpcStatus) or delay (fixedDelay)');
  }
  if (abort !== undefined) {
    checkFaultPercentage(abort.percentage?.value, `${at}.fault.abort.percentage.value`, problems);
    if (abort.grpcStatus !== undefined) {
      if (!isGrpcStatusName(abort.grpcStatus)) {
        problems.error(`${at}.fault.abort.grpcStatus`, `'${abort.grpcStatus}' is not a gRPC status name`, 'write a status name such as UNAVAILABLE or NOT_FOUND');
      }
    } else if (abort.http2Error !== undefined) {
      problems.error(`${at}.fault.abort.http2Error`, 'aborting with an HTTP/2 error is not supported', 'abort with httpStatus or grpcStatus');
    } else if (abort.httpStatus !== undefined) {
      if (abort.httpStatus < 200 || abort.httpStatus > 600) {
        problems.error(`${at}.fault.abort.httpStatus`, `status ${abort.httpStatus} is outside 200-600`, 'use an HTTP status from 200 to 600, e.g. 503');
      }
    } else {
      problems.warning(`${at}.fault.abort`, 'an abort without httpStatus or grpcStatus aborts nothing', 'set httpStatus (e.g. 503) or grpcStatus');
    }
  }
  if (delay !== undefined) {
    checkFaultPercentage(delay.percentage?.value, `${at}.fault.delay.percentage.value`, problems);
    if (delay.fixedDelay !== undefined) {
      checkDuration(delay.fixedDelay, `${at}.fault.delay.fixedDelay`, problems);
    } else if (delay.exponentialDelay !== undefined) {
      checkDuration(delay.exponentialDelay, `${at}.fault.delay.exponentialDelay`, problems);
      problems.error(`${at}.fault.delay.exponentialDelay`, 'exponentialDelay is not supported', 'use fixedDelay');
    }
  }
}

/** validatePercentage: 0, or from 0.0001 to 100. */
function checkFaultPercentage(value: number | undefined, path: string, problems: ProblemList): void {
  if (value !== undefined && (value < 0 || value > 100 || (value > 0 && value < 0.0001))) {
    problems.error(path, `percentage ${value} is neither 0 nor from 0.0001 to 100`, 'use 0, or a percentage from 0.0001 to 100');
  }
}

/** mirror, mirrors, mirrorPercentage and the deprecated mirrorPercent. */
function checkMirrors(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  for (const field of MIRROR_PERCENT_FIELDS) {
    const percent = rule[field];
    if (percent === undefined || percent === null) continue;
    if (percent > 100) {
      problems.error(`${at}.${field}`, `${field} ${percent} is above 100`, 'use mirrorPercentage with a value from 0 to 100');
    }
    problems.warning(`${at}.${field}`, `${field} is deprecated`, 'use mirrorPercentage: {value: ...} instead');
  }
  checkMirrorPercentage(rule.mirrorPercentage?.value, `${at}.mirrorPercentage.value`, problems);
  if (rule.mirror !== undefined) {
    checkDestination(rule.mirror, `${at}.mirror`, problems);
  }
  (rule.mirrors ?? []).forEach((mirror, m) => {
    checkDestination(mirror.destination, `${at}.mirrors[${m}].destination`, problems);
    checkMirrorPercentage(mirror.percentage?.value, `${at}.mirrors[${m}].percentage.value`, problems);
  });
}

function checkMirrorPercentage(value: number | undefined, path: string, problems: ProblemList): void {
  if (value !== undefined && (value < 0 || value > 100)) {
    problems.error(path, `percentage ${value} is outside 0-100`, 'use a percentage from 0 to 100');
  }
}

/** validateHTTPRedirect: something to redirect to, a 3xx code (0 means 301), http or https, a valid port. */
function checkRedirect(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const redirect = rule.redirect;
  if (redirect === undefined) {
    return;
  }
  if (!redirect.uri && !redirect.authority && redirect.port === undefined && redirect.derivePort === undefined && !redirect.scheme) {
    problems.error(`${at}.redirect`, 'a redirect must set uri, authority, scheme, port or derivePort', 'say where to redirect, e.g. scheme: https or uri: /new');
    return;
  }
  const code = redirect.redirectCode;
  if (code !== undefined && code !== 0 && (code < 300 || code > 399)) {
    problems.error(`${at}.redirect.redirectCode`, `redirect code ${code} is not a 3xx code (300-399)`, 'use 301, 302, 303, 307 or 308');
  } else if (redirect.scheme && redirect.scheme !== 'http' && redirect.scheme !== 'https') {
    problems.error(`${at}.redirect.scheme`, `scheme '${redirect.scheme}' is not http or https`, 'write http or https');
  } else if (redirect.port !== undefined && redirect.port > 0 && !isValidPort(redirect.port)) {
    problems.error(`${at}.redirect.port`, `port ${redirect.port} is outside 1-65535`, 'use a port from 1 to 65535');
  }
}

/** validateHTTPDirectResponse: status 200-600; a body up to 1 MiB (above 100 KiB, a warning). */
function checkDirectResponse(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const response = rule.directResponse;
  if (response === undefined) {
    return;
  }
  const body = response.body;
  const size = body?.string !== undefined ? Buffer.byteLength(body.string, 'utf8') : body?.bytes !== undefined ? Buffer.from(body.bytes, 'base64').length : 0;
  if (size > MAX_BODY_BYTES) {
    problems.error(`${at}.directResponse.body`, `the body is ${size} bytes, above the 1 MiB limit`, 'serve large bodies from a Service, not from the route');
  } else if (size > LARGE_BODY_BYTES) {
    problems.warning(`${at}.directResponse.body`, `the body is ${size} bytes (above 100 KiB), which slows the control plane down`, 'serve large bodies from a Service, not from the route');
  }
  if (response.status < 200 || response.status > 600) {
    problems.error(`${at}.directResponse.status`, `status ${response.status} is outside 200-600`, 'use an HTTP status from 200 to 600');
  }
}

/** ValidateHTTPRetry. */
function checkRetries(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const retries = rule.retries;
  if (retries === undefined) {
    return;
  }
  const attempts = retries.attempts ?? 0;
  if (attempts < 0) {
    problems.error(`${at}.retries.attempts`, `attempts ${attempts} is negative`, 'use 0 to disable retries, or a positive number');
  }
  const others = [
    retries.perTryTimeout !== undefined && 'perTryTimeout',
    retries.retryOn !== undefined && retries.retryOn !== '' && 'retryOn',
    retries.retryRemoteLocalities !== undefined && retries.retryRemoteLocalities !== null && 'retryRemoteLocalities',
  ].filter((f): f is string => typeof f === 'string');
  if (attempts === 0 && others.length > 0) {
    problems.error(`${at}.retries.attempts`, `${retries.attempts === undefined ? 'attempts is not set (0 disables retries)' : 'attempts is 0, which disables retries'}, yet ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} set`,
      'set attempts to the number of retries, or remove the other retry settings');
  }
  if (retries.perTryTimeout !== undefined) {
    checkDuration(retries.perTryTimeout, `${at}.retries.perTryTimeout`, problems);
  }
  const invalid = retries.retryOn ? invalidRetryOnEntries(retries.retryOn) : undefined;
  if (invalid !== undefined) {
    problems.error(`${at}.retries.retryOn`, `${invalid.map((e) => `'${e}'`).join(', ')} ${invalid.length === 1 ? 'is not a retry condition' : 'are not retry conditions'}`,
      'list Envoy retry conditions (5xx, gateway-error, connect-failure, reset, retriable-4xx, ...) or status codes, separated by commas without spaces');
  }
  if (retries.backoff !== undefined) {
    checkDuration(retries.backoff, `${at}.retries.backoff`, problems);
  }
}

/** validateHTTPRewrite: uri or uriRegexRewrite (not both), or authority; a regex rewrite needs an RE2 match and a rewrite. */
function checkRewrite(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const rewrite = rule.rewrite;
  if (rewrite === undefined) {
    return;
  }
  const regexRewrite = rewrite.uriRegexRewrite;
  if (rewrite.uri && regexRewrite !== undefined) {
    problems.error(`${at}.rewrite`, 'uri and uriRegexRewrite cannot both be set', 'keep one of them');
  } else if (!rewrite.uri && regexRewrite === undefined && !rewrite.authority) {
    problems.error(`${at}.rewrite`, 'a rewrite must set uri, uriRegexRewrite or authority', 'say what to rewrite, or remove rewrite');
  } else if (regexRewrite !== undefined) {
    if (!regexRewrite.match || !regexRewrite.rewrite) {
      problems.error(`${at}.rewrite.uriRegexRewrite`, 'needs both match and rewrite', 'write an RE2 regex in match and its replacement in rewrite');
    } else {
      checkRegex(regexRewrite.match, `${at}.rewrite.uriRegexRewrite.match`, problems);
    }
  }
}

/** validateHTTPRouteDestinations / validateRouteDestinations: each destination valid, weights not negative nor all 0. */
function checkDestinations(route: readonly IstioRouteDestination[], at: string, http: boolean, problems: ProblemList): void {
  let total = 0;
  route.forEach((destination, d) => {
    if (http) {
      checkHeaderOperations(destination.headers, `${at}[${d}].headers`, problems);
    }
    checkDestination(destination.destination, `${at}[${d}].destination`, problems);
    if (destination.weight !== undefined && destination.weight < 0) {
      problems.error(`${at}[${d}].weight`, `weight ${destination.weight} is negative`, 'use a weight from 0 to 100');
    }
    total += destination.weight ?? 0;
  });
  if (route.length > 1 && total === 0) {
    problems.error(at, 'the weights of several destinations sum to 0', 'give the destinations weights that sum to 100');
  }
}

/** validateDestination: a host (not `*`), a subset that is a DNS label, a port from 1 to 65535. */
function checkDestination(destination: IstioDestination | undefined, at: string, problems: ProblemList): void {
  const host = destination?.host;
  if (host === undefined || host === '') {
    problems.error(`${at}.host`, 'a destination must have a host', 'name the Service, e.g. host: reviews');
  } else if (host === '*') {
    problems.error(`${at}.host`, "destination host '*' is not allowed", 'name the Service');
  } else {
    const problem = destinationHostProblem(host);
    if (problem) problems.error(`${at}.host`, `host '${host}' ${problem}`, 'name the Service, e.g. reviews or reviews.prod.svc.cluster.local');
  }
  const subset = destination?.subset;
  if (subset !== undefined && subset !== '' && !isDnsLabelAnyCase(subset)) {
    problems.error(`${at}.subset`, `subset '${subset}' is not a DNS-1123 label`, 'use the subset name of the DestinationRule');
  }
  const port = destination?.port;
  if (port !== undefined && !isValidPort(port.number ?? 0)) {
    problems.error(`${at}.port.number`, port.number === undefined ? 'port has no number' : `port ${port.number} is outside 1-65535`, 'use the Service port, from 1 to 65535');
  }
}

/** ValidateDuration; true when the duration has a problem. */
function checkDuration(duration: string, path: string, problems: ProblemList): boolean {
  const problem = durationProblem(duration);
  if (problem) {
    problems.error(path, problem, 'write a duration of at least 1ms in whole milliseconds, e.g. 500ms or 15s');
  }
  return problem !== undefined;
}

/** validateTLSRoute: at least one match, each with sniHosts inside the VirtualService's hosts; a route. */
function checkTlsRule(rule: IstioL4Route, at: string, context: Context, problems: ProblemList): void {
  const matches = rule.match ?? [];
  if (matches.length === 0) {
    problems.error(`${at}.match`, 'a tls rule must have at least one match', 'add a match with sniHosts');
  }
  matches.forEach((match, m) => {
    const sniHosts = match.sniHosts ?? [];
    if (sniHosts.length === 0) {
      problems.error(`${at}.match[${m}].sniHosts`, 'a tls match must have sniHosts', 'list the SNI names it routes');
    }
    sniHosts.forEach((sni, s) => checkSniHost(sni, `${at}.match[${m}].sniHosts[${s}]`, context, problems));
    checkL4Match(match, `${at}.match[${m}]`, problems);
  });
  if ((rule.route ?? []).length === 0) {
    problems.error(`${at}.route`, 'a tls rule must have a route', 'add route with the destination');
  }
  checkDestinations(rule.route ?? [], `${at}.route`, false, problems);
}

/** validateSniHost: a wildcard domain (an IP only with a warning) that one of the VirtualService's hosts covers. */
function checkSniHost(sni: string, path: string, context: Context, problems: ProblemList): void {
  const problem = context.gatewayOnly && sni.startsWith(AUTO_PASSTHROUGH_PREFIX) ? autoPassthroughSniProblem(sni) : wildcardDomainProblem(sni, false);
  if (problem || isIpAddress(sni)) {
    if (isIpAddress(sni)) {
      problems.warning(path, `SNI host '${sni}' is an IP address, which the SNI standard does not allow and most clients never send`, 'route by a host name');
    } else {
      problems.error(path, `SNI host '${sni}' ${problem}`, 'write a host name such as db.example.com or *.example.com');
    }
    return;
  }
  if (!context.hosts.some((host) => hostSubsetOf(sni, host))) {
    problems.error(path, `SNI host '${sni}' is not within the VirtualService's hosts (${context.hosts.join(', ')})`,
      'add a host that covers it to spec.hosts, or correct the SNI host');
  }
}

/** validateTCPRoute: matches well formed, a route. */
function checkTcpRule(rule: IstioL4Route, at: string, problems: ProblemList): void {
  (rule.match ?? []).forEach((match, m) => checkL4Match(match, `${at}.match[${m}]`, problems));
  if ((rule.route ?? []).length === 0) {
    problems.error(`${at}.route`, 'a tcp rule must have a route', 'add route with the destination');
  }
  checkDestinations(rule.route ?? [], `${at}.route`, false, problems);
}

/** validateTLSMatch / validateTCPMatch: destination subnets, then what all matches share. */
function checkL4Match(match: IstioL4Match, at: string, problems: ProblemList): void {
  (match.destinationSubnets ?? []).forEach((subnet, s) => {
    if (!isIpSubnet(subnet)) {
      problems.error(`${at}.destinationSubnets[${s}]`, `'${subnet}' is not an IP address or CIDR block`, 'write an address such as 10.0.0.1 or a block such as 10.0.0.0/16');
    }
  });
  checkL4MatchCommon(match, at, problems);
}
