/**
 * An Envoy `RouteMatch` (a config dump's route) compiled into a route match: the path by `prefix`, `path`,
 * `safe_regex` or `path_separated_prefix` (with `case_sensitive`), then `headers`, `query_parameters` and the JWT
 * claims istiod matches in `dynamic_metadata` (envoyproxy/envoy `source/common/router/config_impl.cc`
 * `RouteEntryImplBase::matchRoute`, `source/common/http/header_utility.cc` `HeaderUtility::matchHeaders`,
 * `source/common/router/config_utility.cc` `ConfigUtility::QueryParameterMatcher::matches`).
 */
import { HttpRequestView } from './http-request';
import { ClaimCondition, MatchCondition, PathMatcher, RouteMatcher, routeMatcherOf } from './route-matcher';
import { compileEnvoyStringMatch, compileStringMatch, EnvoyStringMatch, PRESENT, RegexMatcher, StringMatcher } from './string-matcher';

/** Envoy's `config.route.v3.RouteMatch`, as JSON (the fields a gateway's routes use). */
export interface EnvoyRouteMatch {
  readonly prefix?: string;
  readonly path?: string;
  readonly safe_regex?: { readonly regex?: string };
  readonly path_separated_prefix?: string;
  /** @default true */
  readonly case_sensitive?: boolean;
  readonly headers?: readonly EnvoyHeaderMatcher[];
  readonly query_parameters?: readonly EnvoyQueryParameterMatcher[];
  readonly dynamic_metadata?: readonly EnvoyMetadataMatcher[];
  readonly grpc?: Record<string, never>;
  readonly runtime_fraction?: unknown;
}

/** Envoy's `config.route.v3.HeaderMatcher`, as JSON. */
export interface EnvoyHeaderMatcher {
  readonly name?: string;
  readonly string_match?: EnvoyStringMatch;
  readonly exact_match?: string;
  readonly prefix_match?: string;
  readonly suffix_match?: string;
  readonly contains_match?: string;
  readonly safe_regex_match?: { readonly regex?: string };
  readonly present_match?: boolean;
  readonly invert_match?: boolean;
  readonly treat_missing_header_as_empty?: boolean;
}

/** Envoy's `config.route.v3.QueryParameterMatcher`, as JSON. */
export interface EnvoyQueryParameterMatcher {
  readonly name?: string;
  readonly string_match?: EnvoyStringMatch;
  readonly present_match?: boolean;
}

/** Envoy's `type.matcher.v3.MetadataMatcher`, as JSON. */
export interface EnvoyMetadataMatcher {
  readonly filter?: string;
  readonly path?: readonly { readonly key?: string }[];
  readonly invert?: boolean;
}

/** A field of the match this reader cannot decide on, with why. */
export class UnsupportedMatch extends Error {}

/**
 * Compiles a route's `match`.
 * @throws UnsupportedMatch for a match the engine cannot decide on (a runtime fraction, no path specifier, a matcher
 *   without a value), naming the field.
 */
export function compileEnvoyRouteMatch(match: EnvoyRouteMatch): RouteMatcher {
  if (match.runtime_fraction !== undefined) {
    throw new UnsupportedMatch('match.runtime_fraction: a route that takes a fraction of requests depends on chance, which a decision cannot');
  }
  const ignoreCase = match.case_sensitive === false;
  let path: PathMatcher;
  let pathMatcher: StringMatcher;
  if (typeof match.prefix === 'string') {
    path = { kind: 'prefix', value: match.prefix, ignoreCase };
    pathMatcher = compileStringMatch({ prefix: match.prefix }, ignoreCase);
  } else if (typeof match.path === 'string') {
    path = { kind: 'exact', value: match.path, ignoreCase };
    pathMatcher = compileStringMatch({ exact: match.path }, ignoreCase);
  } else if (typeof match.safe_regex?.regex === 'string') {
    path = { kind: 'regex', value: match.safe_regex.regex, ignoreCase: false };
    pathMatcher = new RegexMatcher(match.safe_regex.regex);
  } else if (typeof match.path_separated_prefix === 'string') {
    path = { kind: 'prefix', value: match.path_separated_prefix, ignoreCase };
    pathMatcher = new SeparatedPrefixMatcher(match.path_separated_prefix, ignoreCase);
  } else {
    throw new UnsupportedMatch('match has no prefix, path, safe_regex or path_separated_prefix');
  }
  const conditions: MatchCondition[] = [];
  (match.headers ?? []).forEach((h, i) => conditions.push(headerCondition(h, i)));
  (match.query_parameters ?? []).forEach((q, i) => conditions.push(queryCondition(q, i)));
  for (const m of match.dynamic_metadata ?? []) {
    const claim = (m.path ?? []).slice(1).map((p) => p.key).join('.');
    // istiod's claim matchers read the payload the JWT filter leaves; a request here carries no token.
    conditions.push(new ClaimCondition(`${m.invert === true ? 'without ' : ''}JWT claim ${claim}`, m.invert === true));
  }
  if (match.grpc !== undefined) {
    conditions.push(new GrpcCondition());
  }
  const catchAll = conditions.length === 0 && ((path.kind === 'prefix' && path.value === '/') || (path.kind === 'regex' && path.value === '.*'));
  return routeMatcherOf(path, pathMatcher, conditions, catchAll);
}

function headerCondition(h: EnvoyHeaderMatcher, i: number): MatchCondition {
  if (typeof h.name !== 'string' || h.name === '') {
    throw new UnsupportedMatch(`match.headers[${i}] has no name`);
  }
  const invert = h.invert_match === true;
  if (h.present_match !== undefined) {
    return new EnvoyHeaderCondition(h.name.toLowerCase(), PRESENT, invert !== (h.present_match === false), false);
  }
  const matcher = h.string_match !== undefined ? compileEnvoyStringMatch(h.string_match)
    : typeof h.exact_match === 'string' ? compileEnvoyStringMatch({ exact: h.exact_match })
      : typeof h.prefix_match === 'string' ? compileEnvoyStringMatch({ prefix: h.prefix_match })
        : typeof h.suffix_match === 'string' ? compileEnvoyStringMatch({ suffix: h.suffix_match })
          : typeof h.contains_match === 'string' ? compileEnvoyStringMatch({ contains: h.contains_match })
            : h.safe_regex_match !== undefined ? compileEnvoyStringMatch({ safe_regex: h.safe_regex_match })
              // A matcher with no value matches any value of a present header (Envoy's HeaderMatchType::Present).
              : PRESENT;
  if (matcher === undefined) {
    throw new UnsupportedMatch(`match.headers[${i}] (${h.name}): string_match sets none of exact, prefix, suffix, contains, safe_regex`);
  }
  return new EnvoyHeaderCondition(h.name.toLowerCase(), matcher, invert, h.treat_missing_header_as_empty === true);
}

function queryCondition(q: EnvoyQueryParameterMatcher, i: number): MatchCondition {
  if (typeof q.name !== 'string' || q.name === '') {
    throw new UnsupportedMatch(`match.query_parameters[${i}] has no name`);
  }
  if (q.present_match === true || q.string_match === undefined) {
    return new EnvoyQueryCondition(q.name, PRESENT);
  }
  const matcher = compileEnvoyStringMatch(q.string_match);
  if (matcher === undefined) {
    throw new UnsupportedMatch(`match.query_parameters[${i}] (${q.name}): string_match sets none of exact, prefix, suffix, contains, safe_regex`);
  }
  return new EnvoyQueryCondition(q.name, matcher);
}

/**
 * A header condition as Envoy evaluates it: an absent header fails (a present-match condition holds when presence is
 * what it asks), unless `treat_missing_header_as_empty` tests the empty value instead; `invert_match` then inverts.
 */
class EnvoyHeaderCondition implements MatchCondition {
  constructor(
    private readonly name: string,
    private readonly matcher: StringMatcher,
    private readonly invert: boolean,
    private readonly missingAsEmpty: boolean,
  ) {}

  public get description(): string {
    const what = this.matcher.presence ? 'present' : this.matcher.description;
    return `${this.invert ? 'without ' : ''}header ${this.name} ${what}`;
  }

  public test(request: HttpRequestView): boolean {
    const value = request.headers.get(this.name);
    if (this.matcher.presence) {
      return (value !== undefined) !== this.invert;
    }
    if (value === undefined && !this.missingAsEmpty) {
      return false;
    }
    return this.matcher.matches(value ?? '') !== this.invert;
  }
}

/** A query parameter condition: the first value of the parameter, which must be present. */
class EnvoyQueryCondition implements MatchCondition {
  constructor(private readonly name: string, private readonly matcher: StringMatcher) {}

  public get description(): string {
    return `query ${this.name} ${this.matcher.description}`;
  }

  public test(request: HttpRequestView): boolean {
    return this.matcher.matches(request.queryParams.get(this.name));
  }
}

/** `grpc: {}`: the request's content-type starts with `application/grpc`. */
class GrpcCondition implements MatchCondition {
  public readonly description = 'gRPC (content-type application/grpc*)';

  public test(request: HttpRequestView): boolean {
    return (request.headers.get('content-type') ?? '').startsWith('application/grpc');
  }
}

/** `path_separated_prefix`: the path is the prefix, or the prefix followed by `/` and more. */
class SeparatedPrefixMatcher implements StringMatcher {
  public readonly presence = false;
  private readonly expected: string;

  constructor(private readonly source: string, private readonly ignoreCase: boolean) {
    this.expected = ignoreCase ? source.toLowerCase() : source;
  }

  public get description(): string {
    return `path-separated prefix ${this.source}`;
  }

  public matches(v: string | undefined): boolean {
    if (v === undefined) {
      return false;
    }
    const path = this.ignoreCase ? v.toLowerCase() : v;
    return path === this.expected || (path.startsWith(this.expected) && path.charAt(this.expected.length) === '/');
  }
}
