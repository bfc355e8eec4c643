/**
 * Whether an earlier match entry of a VirtualService rule list takes every request (HTTP) or connection (TCP, TLS) a
 * later one takes, which makes the later one ineffective (IST0131). Only provable covers count: every condition of
 * the earlier match must follow from the conditions of the later one, judged as the engine tests them
 * (`pathMatcherOf`, `stringTestOf`) and as istiod applies a match to a proxy (`sourceMatchHTTP` in
 * pilot/pkg/networking/core/route/route.go, `matchTCP` and `matchTLS` in pilot/pkg/networking/core/tls.go).
 */
import { PathMatcher, pathMatcherOf, PSEUDO_HEADER_FIELDS } from '../engine/route-matcher';
import { StringTest, stringTestOf } from '../engine/string-matcher';
import { isJwtClaimRoute } from '../istio/jwt-claim-route';
import { IstioHttpMatch, IstioL4Match, IstioStringMatch } from '../model/istio-types';

/** Where a match applies: the server port, the gateways and the source workloads it names (any, for those it does not). */
interface MatchScope {
  readonly port?: number;
  readonly gateways?: ReadonlySet<string>;
  readonly sourceLabels: ReadonlyMap<string, string>;
  readonly sourceNamespace?: string;
}

/** The conditions of an HTTP match entry. */
export interface HttpMatchConditions {
  /** Always `http`. */
  readonly protocol: 'http';
  /** The path condition, as the engine compiles it. */
  readonly path: PathMatcher;
  /** Header tests by lower-case name, `method`, `authority` and `scheme` as `:method`, `:authority` and `:scheme`. */
  readonly headers: ReadonlyMap<string, readonly StringTest[]>;
  /** `withoutHeaders` tests by lower-case name. */
  readonly withoutHeaders: ReadonlyMap<string, readonly StringTest[]>;
  /** Query parameter tests by name. */
  readonly queryParams: ReadonlyMap<string, readonly StringTest[]>;
  /**
   * Conditions on JWT claims (`@request.auth.claims...` keys of `headers` and `withoutHeaders`), each as canonical
   * text with its description: only the same condition follows from one.
   */
  readonly claims: ReadonlyMap<string, string>;
  /** Where the match applies. */
  readonly scope: MatchScope;
  /** Every condition but the path, each as one text, sorted: what an index files the match under. */
  readonly atoms: readonly string[];
}

/** The conditions of a TCP or TLS match entry. */
export interface L4MatchConditions {
  /** `tcp` or `tls`. */
  readonly protocol: 'tcp' | 'tls';
  /** The SNI hosts (TLS), as written. */
  readonly sniHosts: ReadonlySet<string>;
  /** The destination subnets, as written, sorted, each once. */
  readonly destinationSubnets: readonly string[];
  /** Where the match applies. */
  readonly scope: MatchScope;
  /** Every condition but the SNI hosts, each as one text, sorted: what an index files the match under. */
  readonly atoms: readonly string[];
}

/** The conditions of a match entry of any rule list. */
export type MatchConditions = HttpMatchConditions | L4MatchConditions;

/** The fields of an HTTP match entry; a match with any other field is left out of the comparison. */
const HTTP_MATCH_FIELDS: ReadonlySet<string> = new Set([
  'name', 'uri', 'scheme', 'method', 'authority', 'headers', 'withoutHeaders', 'queryParams', 'port', 'gateways',
  'ignoreUriCase', 'sourceLabels', 'sourceNamespace', 'statPrefix',
]);

/** The fields of a TCP or TLS match entry; a match with any other field is left out of the comparison. */
const L4_MATCH_FIELDS: ReadonlySet<string> = new Set(['sniHosts', 'port', 'gateways', 'destinationSubnets', 'sourceLabels', 'sourceNamespace']);

/**
 * The regex that matches every value Envoy lets through: RE2's `.` matches anything but a newline, and Envoy refuses
 * paths and header values with a newline. Istio also treats a `.*` path as a catch-all (`IsCatchAllRoute`).
 */
export const ANY_VALUE = '.*';

/** Characters that no other character lower-cases to (ASCII other than letters). */
const CASELESS_ASCII = /^[\x00-\x40\x5b-\x60\x7b-\x7f]*$/;
const ASCII = /^[\x00-\x7f]*$/;

const NO_TESTS: ReadonlyMap<string, readonly StringTest[]> = new Map();
const NO_LABELS: ReadonlyMap<string, string> = new Map();
const NO_CLAIMS: ReadonlyMap<string, string> = new Map();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyFields(match: object, fields: ReadonlySet<string>): boolean {
  return Object.keys(match).every((key) => fields.has(key));
}

function scopeOf(match: IstioHttpMatch | IstioL4Match, atoms: string[]): MatchScope | undefined {
  const { port, gateways, sourceLabels, sourceNamespace } = match;
  if ((port !== undefined && typeof port !== 'number') || (gateways !== undefined && !Array.isArray(gateways))
    || (sourceLabels !== undefined && !isObject(sourceLabels)) || (sourceNamespace !== undefined && typeof sourceNamespace !== 'string')) {
    return undefined;
  }
  const scope = {
    port: port === 0 ? undefined : port,
    gateways: gateways === undefined || gateways.length === 0 ? undefined : new Set(gateways),
    sourceLabels: sourceLabels === undefined ? NO_LABELS : new Map(Object.entries(sourceLabels)),
    sourceNamespace: sourceNamespace === '' ? undefined : sourceNamespace,
  };
  if (scope.port !== undefined) atoms.push(`port ${scope.port}`);
  if (scope.gateways !== undefined) atoms.push(`gateways ${JSON.stringify([...scope.gateways].sort())}`);
  for (const label of scope.sourceLabels) atoms.push(`label ${JSON.stringify(label)}`);
  if (scope.sourceNamespace !== undefined) atoms.push(`namespace ${JSON.stringify(scope.sourceNamespace)}`);
  return scope;
}

/** Adds `test` under `name`, and its atom. */
function addTest(tests: Map<string, StringTest[]>, name: string, test: StringTest, atoms: string[], atomKind: string): void {
  const list = tests.get(name);
  if (list === undefined) {
    tests.set(name, [test]);
  } else {
    list.push(test);
  }
  atoms.push(`${atomKind} ${JSON.stringify([name, test.kind, test.value])}`);
}

/** The string matches of a `headers`, `withoutHeaders` or `queryParams` map, or undefined when one is not an object. */
function stringMatchesOf(value: unknown): Array<[string, IstioStringMatch]> | undefined {
  if (value === undefined) {
    return [];
  }
  if (!isObject(value)) {
    return undefined;
  }
  const entries = Object.entries(value);
  return entries.every(([, m]) => isObject(m)) ? entries as Array<[string, IstioStringMatch]> : undefined;
}

/** The conditions of an HTTP match entry, or undefined when it holds a field or a value the comparison does not know. */
export function httpMatchConditions(match: IstioHttpMatch): HttpMatchConditions | undefined {
  if (!isObject(match) || !hasOnlyFields(match, HTTP_MATCH_FIELDS)) {
    return undefined;
  }
  const atoms: string[] = [];
  const scope = scopeOf(match, atoms);
  const headerMatches = stringMatchesOf(match.headers);
  const withoutMatches = stringMatchesOf(match.withoutHeaders);
  const queryMatches = stringMatchesOf(match.queryParams);
  if (scope === undefined || headerMatches === undefined || withoutMatches === undefined || queryMatches === undefined
    || (match.uri !== undefined && !isObject(match.uri))) {
    return undefined;
  }
  const headers = new Map<string, StringTest[]>();
  const withoutHeaders = new Map<string, StringTest[]>();
  const queryParams = new Map<string, StringTest[]>();
  const claims = new Map<string, string>();
  const orNone = <V>(map: Map<string, V>, none: ReadonlyMap<string, V>): ReadonlyMap<string, V> => (map.size === 0 ? none : map);
  for (const [pseudo, field] of PSEUDO_HEADER_FIELDS) {
    const spec = match[field];
    if (spec !== undefined) {
      if (!isObject(spec)) return undefined;
      addTest(headers, pseudo, stringTestOf(spec), atoms, 'header');
    }
  }
  for (const [field, entries, tests] of [['headers', headerMatches, headers], ['withoutHeaders', withoutMatches, withoutHeaders]] as const) {
    for (const [name, spec] of entries) {
      if (isJwtClaimRoute(name)) {
        const test = stringTestOf(spec);
        const claim = JSON.stringify([field, name, test.kind, test.value]);
        claims.set(claim, `${field === 'headers' ? '' : 'without '}JWT claim ${name} ${describeTest(test)}`);
        atoms.push(`claim ${claim}`);
      } else {
        addTest(tests, name.toLowerCase(), stringTestOf(spec), atoms, field === 'headers' ? 'header' : 'without');
      }
    }
  }
  for (const [name, spec] of queryMatches) {
    addTest(queryParams, name, stringTestOf(spec), atoms, 'query');
  }
  return {
    protocol: 'http',
    path: pathMatcherOf(match),
    headers: orNone(headers, NO_TESTS),
    withoutHeaders: orNone(withoutHeaders, NO_TESTS),
    queryParams: orNone(queryParams, NO_TESTS),
    claims: orNone(claims, NO_CLAIMS),
    scope,
    atoms: atoms.length > 1 ? atoms.sort() : atoms,
  };
}

/** The conditions of a TCP or TLS match entry, or undefined when it holds a field or a value the comparison does not know. */
export function l4MatchConditions(match: IstioL4Match, protocol: 'tcp' | 'tls'): L4MatchConditions | undefined {
  if (!isObject(match) || !hasOnlyFields(match, L4_MATCH_FIELDS)) {
    return undefined;
  }
  const atoms: string[] = [];
  const scope = scopeOf(match, atoms);
  const { sniHosts = [], destinationSubnets = [] } = match;
  if (scope === undefined || !Array.isArray(sniHosts) || !Array.isArray(destinationSubnets)) {
    return undefined;
  }
  const subnets = [...new Set(destinationSubnets)].sort();
  if (subnets.length > 0) atoms.push(`subnets ${JSON.stringify(subnets)}`);
  return { protocol, sniHosts: new Set(sniHosts), destinationSubnets: subnets, scope, atoms: atoms.sort() };
}

/**
 * True when `earlier` takes every request (or connection) that `later` takes: in every place `later` applies,
 * `earlier` applies, and every condition of `earlier` follows from a condition of `later`.
 */
export function matchCovers(earlier: MatchConditions, later: MatchConditions): boolean {
  if (earlier.protocol === 'http') {
    return later.protocol === 'http' && httpMatchCovers(earlier, later);
  }
  return later.protocol === earlier.protocol && l4MatchCovers(earlier, later);
}

function httpMatchCovers(earlier: HttpMatchConditions, later: HttpMatchConditions): boolean {
  return pathCovers(earlier.path, later.path)
    && httpScopeCovers(earlier.scope, later.scope)
    && testsCover(earlier.headers, later.headers, valueCovers)
    && testsCover(earlier.queryParams, later.queryParams, valueCovers)
    && testsCover(earlier.withoutHeaders, later.withoutHeaders, absenceCovers)
    && [...earlier.claims.keys()].every((claim) => later.claims.has(claim));
}

function l4MatchCovers(earlier: L4MatchConditions, later: L4MatchConditions): boolean {
  // Equal destination subnets only: a sidecar gives each subnet list its own filter chain, and Envoy picks the most
  // specific one, not the first. SNI hosts likewise: a later host must be one of the earlier match's, as written
  // (a wildcard does not cover a host: Envoy prefers the exact server name).
  return l4ScopeCovers(earlier.scope, later.scope)
    && earlier.destinationSubnets.length === later.destinationSubnets.length
    && earlier.destinationSubnets.every((subnet, i) => later.destinationSubnets[i] === subnet)
    && (earlier.sniHosts.size === 0 ? later.sniHosts.size === 0
      : later.sniHosts.size > 0 && [...later.sniHosts].every((host) => earlier.sniHosts.has(host)));
}

/**
 * True when every path `later` matches, `earlier` matches. A path ignoring case is compared lower-cased, as the engine
 * does; a case-sensitive condition follows from one ignoring case only for characters without case.
 */
export function pathCovers(earlier: PathMatcher, later: PathMatcher): boolean {
  if (earlier.kind === 'regex') {
    return earlier.value === ANY_VALUE || (later.kind === 'regex' && later.value === earlier.value);
  }
  if (earlier.kind === 'prefix' && earlier.value === '') {
    return true;
  }
  if (later.kind === 'regex') {
    return false;
  }
  const laterExact = later.kind === 'exact';
  if (earlier.ignoreCase) {
    // The earlier match lower-cases the path; a later case-sensitive prefix lower-cases along with the path it starts
    // only when it is ASCII (no neighbour changes how an ASCII character lower-cases).
    if (!laterExact && !later.ignoreCase && !ASCII.test(later.value)) {
      return false;
    }
    const laterValue = later.value.toLowerCase();
    const earlierValue = earlier.value.toLowerCase();
    return earlier.kind === 'prefix' ? laterValue.startsWith(earlierValue) : laterExact && laterValue === earlierValue;
  }
  // A later match ignoring case takes the path in any case: only a case-sensitive value without letters takes them all.
  if (later.ignoreCase && !CASELESS_ASCII.test(earlier.value)) {
    return false;
  }
  const laterValue = later.ignoreCase ? later.value.toLowerCase() : later.value;
  return earlier.kind === 'prefix' ? laterValue.startsWith(earlier.value) : laterExact && laterValue === earlier.value;
}

/** True when every value that `later` accepts, `earlier` accepts (a missing value passes no test). */
export function valueCovers(earlier: StringTest, later: StringTest): boolean {
  switch (earlier.kind) {
    case 'present':
      return true;
    case 'regex':
      return earlier.value === ANY_VALUE || (later.kind === 'regex' && later.value === earlier.value);
    case 'exact':
      return later.kind === 'exact' && later.value === earlier.value;
    default:
      return earlier.value === '' || ((later.kind === 'exact' || later.kind === 'prefix') && later.value.startsWith(earlier.value));
  }
}

/**
 * True when a header passing `later` as a `withoutHeaders` test passes `earlier` too. The engine (like Envoy with
 * `treat_missing_header_as_empty`) tests a missing header as `''`, except that a presence test asks for no header.
 */
function absenceCovers(earlier: StringTest, later: StringTest): boolean {
  if (earlier.kind === 'present') {
    return later.kind === 'present';
  }
  if (later.kind === 'present') {
    return (earlier.kind === 'exact' || earlier.kind === 'prefix') && earlier.value !== '';
  }
  return valueCovers(later, earlier);
}

function testsCover(
  earlier: ReadonlyMap<string, readonly StringTest[]>, later: ReadonlyMap<string, readonly StringTest[]>,
  covers: (earlier: StringTest, later: StringTest) => boolean,
): boolean {
  for (const [name, tests] of earlier) {
    const laterTests = later.get(name);
    if (laterTests === undefined || !tests.every((e) => laterTests.some((l) => covers(e, l)))) {
      return false;
    }
  }
  return true;
}

function portCovers(earlier: MatchScope, later: MatchScope): boolean {
  return earlier.port === undefined || earlier.port === later.port;
}

function gatewaysCover(earlier: MatchScope, later: MatchScope): boolean {
  const gateways = earlier.gateways;
  return gateways === undefined || (later.gateways !== undefined && [...later.gateways].every((g) => gateways.has(g)));
}

function sourceCovers(earlier: MatchScope, later: MatchScope): boolean {
  return [...earlier.sourceLabels].every(([k, v]) => later.sourceLabels.get(k) === v)
    && (earlier.sourceNamespace === undefined || earlier.sourceNamespace === later.sourceNamespace);
}

/** istiod (`sourceMatchHTTP`) tests a match's gateways when it names some, and its source labels and namespace only when it names none. */
function httpScopeCovers(earlier: MatchScope, later: MatchScope): boolean {
  if (!portCovers(earlier, later)) {
    return false;
  }
  if (earlier.gateways !== undefined) {
    return gatewaysCover(earlier, later);
  }
  return (earlier.sourceLabels.size === 0 && earlier.sourceNamespace === undefined)
    || (later.gateways === undefined && sourceCovers(earlier, later));
}

/** istiod (`matchTCP`, `matchTLS`) tests port, gateways, source labels and namespace together. */
function l4ScopeCovers(earlier: MatchScope, later: MatchScope): boolean {
  return portCovers(earlier, later) && gatewaysCover(earlier, later) && sourceCovers(earlier, later);
}

function describeTest(test: StringTest): string {
  return test.kind === 'present' ? 'present' : `${test.kind} ${test.value}`;
}

function describeScope(scope: MatchScope, parts: string[]): void {
  if (scope.port !== undefined) parts.push(`port ${scope.port}`);
  if (scope.gateways !== undefined) parts.push(`gateways ${[...scope.gateways].join(' ')}`);
  if (scope.sourceLabels.size > 0) parts.push(`source labels ${[...scope.sourceLabels].map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (scope.sourceNamespace !== undefined) parts.push(`source namespace ${scope.sourceNamespace}`);
}

/** The conditions in a few words, e.g. `prefix /api, method exact GET, port 8080`. */
export function describeMatchConditions(conditions: MatchConditions): string {
  const parts: string[] = [];
  if (conditions.protocol === 'http') {
    const { path, headers, withoutHeaders, queryParams, claims } = conditions;
    parts.push(`${path.kind} ${path.value}${path.ignoreCase ? ' ignoring case' : ''}`);
    const fields: ReadonlyMap<string, string> = new Map(PSEUDO_HEADER_FIELDS);
    for (const [name, tests] of headers) {
      tests.forEach((t) => parts.push(`${fields.get(name) ?? `header ${name}`} ${describeTest(t)}`));
    }
    for (const [name, tests] of withoutHeaders) {
      tests.forEach((t) => parts.push(`without header ${name} ${describeTest(t)}`));
    }
    for (const [name, tests] of queryParams) {
      tests.forEach((t) => parts.push(`query ${name} ${describeTest(t)}`));
    }
    parts.push(...claims.values());
  } else {
    if (conditions.sniHosts.size > 0) parts.push(`sni ${[...conditions.sniHosts].join(' ')}`);
    if (conditions.destinationSubnets.length > 0) parts.push(`destination subnets ${conditions.destinationSubnets.join(' ')}`);
  }
  describeScope(conditions.scope, parts);
  return parts.length === 0 ? 'no condition' : parts.join(', ');
}
