/**
 * An Istio `HTTPMatchRequest` compiled into an Envoy-style route match (reference §d.3-§d.5).
 */
import { RE2JS } from 're2js';
import { HttpRequestView } from './http-request';
import { Json } from './model';
import { compileStringMatch, StringMatcher } from './string-matcher';

/** How a route matches the path. */
export interface PathMatcher {
  /** `prefix`, `exact` or `regex`. */
  readonly kind: 'prefix' | 'exact' | 'regex';
  /** The prefix, path or pattern. */
  readonly value: string;
  /** Case-insensitive (prefix and exact only). */
  readonly ignoreCase: boolean;
}

/** A compiled route match. */
export interface RouteMatcher {
  /** The path condition. */
  readonly path: PathMatcher;
  /** A short description, e.g. `prefix /api, header x-user exact alice`. */
  readonly description: string;
  /** True for Istio's catch-all (`IsCatchAllRoute`): prefix `/` or regex `.*`, and no other condition. */
  readonly catchAll: boolean;
  /** True when the request satisfies every condition. */
  matches(request: HttpRequestView): boolean;
  /** Why a request fails this match (the first condition that does not hold), or undefined. */
  mismatch(request: HttpRequestView): string | undefined;
}

interface Condition {
  readonly description: string;
  test(request: HttpRequestView): boolean;
}

/** Compiles one `match` entry (`undefined` for a rule without match: everything matches). */
export function compileRouteMatch(match: Json | undefined): RouteMatcher {
  const uri = match?.uri;
  const ignoreCase = match?.ignoreUriCase === true;
  const path: PathMatcher = uri?.exact !== undefined ? { kind: 'exact', value: String(uri.exact), ignoreCase }
    : uri?.regex !== undefined ? { kind: 'regex', value: String(uri.regex), ignoreCase: false }
      : { kind: 'prefix', value: uri?.prefix !== undefined ? String(uri.prefix) : '/', ignoreCase };
  const pathMatcher = path.kind === 'regex' ? compileRegexMatch(path.value) : compileStringMatch({ [path.kind]: path.value }, path.ignoreCase);
  const conditions: Condition[] = [{ description: `${path.kind} ${path.value}`, test: (r) => pathMatcher.matches(r.path) }];
  const headerCondition = (name: string, m: StringMatcher, label = `header ${name}`): Condition => ({
    description: `${label} ${m.description}`,
    test: (r) => m.matches(r.headers.get(name)),
  });
  for (const [pseudo, field] of [[':method', 'method'], [':authority', 'authority'], [':scheme', 'scheme']] as const) {
    if (match?.[field] !== undefined) {
      conditions.push(headerCondition(pseudo, compileStringMatch(match[field]), field));
    }
  }
  for (const [name, spec] of Object.entries((match?.headers ?? {}) as Record<string, Json>)) {
    conditions.push(isJwtClaim(name)
      ? { description: `JWT claim ${name} ${compileStringMatch(spec).description}`, test: () => false }
      : headerCondition(name.toLowerCase(), compileStringMatch(spec)));
  }
  for (const [name, spec] of Object.entries((match?.withoutHeaders ?? {}) as Record<string, Json>)) {
    const m = compileStringMatch(spec);
    const key = name.toLowerCase();
    if (isJwtClaim(name)) {
      conditions.push({ description: `without JWT claim ${name} ${m.description}`, test: () => true });
      continue;
    }
    conditions.push({
      description: `without header ${key} ${m.description}`,
      test: (r) => (m.presence ? !r.headers.has(key) : !m.matches(r.headers.get(key) ?? '')),
    });
  }
  for (const [name, spec] of Object.entries((match?.queryParams ?? {}) as Record<string, Json>)) {
    const m = compileStringMatch(spec);
    conditions.push({ description: `query ${name} ${m.description}`, test: (r) => m.matches(r.queryParams.get(name)) });
  }
  const catchAll = conditions.length === 1
    && ((path.kind === 'prefix' && path.value === '/') || (path.kind === 'regex' && path.value === '.*'));
  return {
    path,
    catchAll,
    description: conditions.map((c) => c.description).join(', '),
    matches: conditions.length === 1 ? conditions[0].test : (r) => conditions.every((c) => c.test(r)),
    mismatch: (r) => conditions.find((c) => !c.test(r))?.description,
  };
}

/** A full-match RE2 path matcher (`ignoreUriCase` has no effect on it). */
function compileRegexMatch(pattern: string): StringMatcher {
  const re = RE2JS.compile(pattern);
  return { description: `regex ${pattern}`, presence: false, matches: (v) => v !== undefined && re.matches(v) };
}

/**
 * True for `@request.auth.claims.NAME` and `@request.auth.claims[NAME]` keys: istiod turns them into
 * matchers on JWT claims that a RequestAuthentication verified. The engine models no JWT, so such
 * a header condition never holds and such a withoutHeaders condition always holds.
 */
function isJwtClaim(name: string): boolean {
  return name.startsWith('@request.auth.claims.') || name.startsWith('@request.auth.claims[');
}
