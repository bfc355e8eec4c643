/**
 * The rules istiod's validating webhook applies to a VirtualService (reference §i.2; istio/istio
 * `pkg/config/validation/validation.go` and `virtualservice.go`: `ValidateVirtualService`, `validateHTTPRoute`,
 * `validateHTTPRouteDestinations`, `validateRouteDestinations`, `validateHTTPRedirect`, `validateHTTPDirectResponse`,
 * `validateHTTPRewrite`, `validateStringMatchRegexp`, `validateTLSRoute`, `validateTCPRoute`). They run on objects that
 * passed the CRD schema, so every field has its declared type.
 */
import { IstioHttpMatch, IstioHttpRoute, IstioL4Route, IstioRouteDestination, IstioStringMatch, IstioVirtualService } from './istio-types';
import { ProblemList } from './object-problem';
import { MESH_GATEWAY } from '../istio/gateway-reference';
import { hostCovers, wildcardDomainProblem } from '../istio/host';
import { isDnsLabel } from '../istio/names';
import { re2Problem } from '../istio/regex';

/** The webhook's problems with a VirtualService. */
export function virtualServiceProblems(vs: IstioVirtualService): ProblemList {
  const problems = new ProblemList('webhook');
  const spec = vs.spec ?? {};
  const hosts = spec.hosts ?? [];
  const gateways = spec.gateways ?? [];
  const delegate = hosts.length === 0;
  if (delegate && (gateways.length > 0 || (spec.tcp ?? []).length > 0 || (spec.tls ?? []).length > 0)) {
    problems.error('spec.hosts', 'a VirtualService without hosts is a delegate, and a delegate cannot have gateways, tcp or tls rules',
      'add the hosts it serves, or remove gateways, tcp and tls');
  }
  const mesh = gateways.length === 0 || gateways.includes(MESH_GATEWAY);
  hosts.forEach((host, h) => {
    const problem = host === '*' && mesh
      ? "is '*', which is only allowed for a VirtualService bound to gateways only (not to mesh)"
      : wildcardDomainProblem(host, false);
    if (problem) {
      problems.error(`spec.hosts[${h}]`, `host '${host}' ${problem}`, 'write a host name such as shop.example.com or *.example.com');
      return;
    }
    const overlapping = hosts.findIndex((other, o) => o < h && (hostCovers(other, host) || hostCovers(host, other)));
    if (overlapping >= 0) {
      problems.error(`spec.hosts[${h}]`, `host '${host}' overlaps spec.hosts[${overlapping}] '${hosts[overlapping]}' (duplicate hosts)`,
        'keep one of them, or move one to another VirtualService');
    }
  });
  if ((spec.http ?? []).length === 0 && (spec.tcp ?? []).length === 0 && (spec.tls ?? []).length === 0) {
    problems.error('spec', 'a VirtualService must have at least one http, tcp or tls rule', 'add the rules that route its hosts');
  }
  (spec.http ?? []).forEach((rule, r) => checkHttpRule(rule, `spec.http[${r}]`, problems));
  (spec.tcp ?? []).forEach((rule, r) => checkL4Rule(rule, `spec.tcp[${r}]`, false, problems));
  (spec.tls ?? []).forEach((rule, r) => checkL4Rule(rule, `spec.tls[${r}]`, true, problems));
  return problems;
}

function checkHttpRule(rule: IstioHttpRoute, at: string, problems: ProblemList): void {
  const route = (rule.route ?? []).length > 0;
  if (rule.delegate !== undefined) {
    // A rule that delegates may carry matches and settings, but no action of its own (validateHTTPRouteConflict).
    for (const action of ['redirect', 'route'] as const) {
      if (rule[action] !== undefined) {
        problems.error(`${at}.${action}`, `a rule with delegate cannot have ${action}`, `remove ${action}; the delegate VirtualService decides`);
      }
    }
  } else if (rule.redirect !== undefined || rule.directResponse !== undefined) {
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
  (rule.match ?? []).forEach((match, m) => checkMatch(match, `${at}.match[${m}]`, problems));
  checkDestinations(rule.route ?? [], `${at}.route`, problems);
  const code = rule.redirect?.redirectCode;
  if (code !== undefined && code !== 0 && (code < 300 || code > 399)) {
    problems.error(`${at}.redirect.redirectCode`, `redirect code ${code} is not a 3xx code (300-399)`, 'use 301, 302, 303, 307 or 308');
  }
  const scheme = rule.redirect?.scheme;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    problems.error(`${at}.redirect.scheme`, `scheme '${scheme}' is not http or https`, 'write http or https');
  }
  const status = rule.directResponse?.status;
  if (status !== undefined && (status < 200 || status > 600)) {
    problems.error(`${at}.directResponse.status`, `status ${status} is outside 200-600`, 'use an HTTP status from 200 to 600');
  }
  const rewrite = rule.rewrite;
  if (rewrite?.uri !== undefined && rewrite.uriRegexRewrite !== undefined) {
    problems.error(`${at}.rewrite`, 'uri and uriRegexRewrite cannot both be set', 'keep one of them');
  }
  const regexRewrite = rewrite?.uriRegexRewrite;
  if (regexRewrite !== undefined) {
    const problem = regexRewrite.match === undefined || regexRewrite.rewrite === undefined
      ? 'needs both match and rewrite'
      : re2Problem(regexRewrite.match) && `match regex '${regexRewrite.match}' ${re2Problem(regexRewrite.match)}`;
    if (problem) {
      problems.error(`${at}.rewrite.uriRegexRewrite`, problem, 'write an RE2 regex in match and its replacement in rewrite');
    }
  }
}

/**
 * The webhook's checks of the string matches of an HTTP match (validateHTTPRouteMatchRequest): every regex must compile
 * as RE2 (Go's regexp) within 1,024 characters; a prefix or regex may be empty only for `uri`; a `withoutHeaders` regex
 * `*` is a presence test, not a regex.
 */
function checkMatch(match: IstioHttpMatch, at: string, problems: ProblemList): void {
  const check = (path: string, stringMatch: IstioStringMatch, uri: boolean, presenceAllowed: boolean) => {
    if (!uri && (stringMatch.prefix === '' || stringMatch.regex === '')) {
      problems.error(`${at}.${path}`, `an empty ${stringMatch.prefix === '' ? 'prefix' : 'regex'} is only allowed for uri`, 'write the value to match, or remove the match');
      return;
    }
    if (stringMatch.regex === undefined || stringMatch.regex === '' || (presenceAllowed && stringMatch.regex === '*')) {
      return;
    }
    const problem = re2Problem(stringMatch.regex);
    if (problem) {
      problems.error(`${at}.${path}.regex`, `regex '${stringMatch.regex}' ${problem}`, 'write an RE2 regular expression (no lookaround or backreferences)');
    }
  };
  for (const field of ['uri', 'authority', 'method', 'scheme'] as const) {
    const value = match[field];
    if (value !== undefined) check(field, value, field === 'uri', false);
  }
  for (const field of ['headers', 'queryParams', 'withoutHeaders'] as const) {
    for (const [name, value] of Object.entries(match[field] ?? {})) {
      check(`${field}.${name}`, value, false, field === 'withoutHeaders');
    }
  }
}

function checkDestinations(route: readonly IstioRouteDestination[], at: string, problems: ProblemList): void {
  route.forEach((destination, d) => {
    const host = destination.destination?.host;
    if (host === undefined || host === '') {
      problems.error(`${at}[${d}].destination.host`, 'a destination must have a host', 'name the Service, e.g. host: reviews');
    } else if (host === '*') {
      problems.error(`${at}[${d}].destination.host`, "destination host '*' is not allowed", 'name the Service');
    } else {
      const problem = wildcardDomainProblem(host, false);
      if (problem) problems.error(`${at}[${d}].destination.host`, `host '${host}' ${problem}`, 'name the Service, e.g. reviews or reviews.prod.svc.cluster.local');
    }
    const subset = destination.destination?.subset;
    if (subset !== undefined && subset !== '' && !isDnsLabel(subset)) {
      problems.error(`${at}[${d}].destination.subset`, `subset '${subset}' is not a DNS-1123 label`, 'use the subset name of the DestinationRule');
    }
    if (destination.weight !== undefined && destination.weight < 0) {
      problems.error(`${at}[${d}].weight`, `weight ${destination.weight} is negative`, 'use a weight from 0 to 100');
    }
  });
  if (route.length > 1 && route.every((d) => (d.weight ?? 0) === 0)) {
    problems.error(at, 'the weights of several destinations sum to 0', 'give the destinations weights that sum to 100');
  }
}

function checkL4Rule(rule: IstioL4Route, at: string, tls: boolean, problems: ProblemList): void {
  if ((rule.route ?? []).length === 0) {
    problems.error(`${at}.route`, `a ${tls ? 'tls' : 'tcp'} rule must have a route`, 'add route with the destination');
  }
  if (tls) {
    const matches = rule.match ?? [];
    if (matches.length === 0) {
      problems.error(`${at}.match`, 'a tls rule must have at least one match', 'add a match with sniHosts');
    }
    matches.forEach((match, m) => {
      if ((match.sniHosts ?? []).length === 0) {
        problems.error(`${at}.match[${m}].sniHosts`, 'a tls match must have sniHosts', 'list the SNI names it routes');
      }
    });
  }
  checkDestinations(rule.route ?? [], `${at}.route`, problems);
}
