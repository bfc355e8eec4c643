/**
 * An Istio `HTTPMatchRequest` compiled into an Envoy-style route match (reference §d.3-§d.5).
 */
import { HttpRequestView } from './http-request';
import { compileStringMatch, RegexMatcher, StringMatcher } from './string-matcher';
import { isJwtClaimRoute } from '../istio/jwt-claim-route';
import { IstioHttpMatch } from '../model/istio-types';

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
  /**
   * The match's conditions on JWT claims, described, when the request meets every other condition (so the outcome
   * rests on the token alone); undefined when the match has none or another condition fails.
   */
  claimsDecide(request: HttpRequestView): string | undefined;
}

/** One condition of a match; `description` is computed when asked (a trace, a mismatch), not kept. */
export interface MatchCondition {
  readonly description: string;
  /** True for a condition on a JWT claim (see {@link ClaimCondition}). */
  readonly onClaim?: boolean;
  test(request: HttpRequestView): boolean;
}

/**
 * Compiles one `match` entry (`undefined` for a rule without match: everything matches).
 *
 * The matcher and its conditions are small objects with their methods on prototypes (no closures): a gateway config
 * holds one matcher per route, hundreds of thousands for large inputs.
 */
export function compileRouteMatch(match: IstioHttpMatch | undefined): RouteMatcher {
  const path = pathMatcherOf(match);
  const pathMatcher = path.kind === 'regex' ? new RegexMatcher(path.value) : compileStringMatch({ [path.kind]: path.value }, path.ignoreCase);
  const conditions: MatchCondition[] = [];
  for (const [pseudo, field] of PSEUDO_HEADER_FIELDS) {
    const spec = match?.[field];
    if (spec !== undefined) {
      conditions.push(new HeaderCondition(pseudo, compileStringMatch(spec), field));
    }
  }
  for (const [name, spec] of Object.entries(match?.headers ?? {})) {
    conditions.push(isJwtClaimRoute(name)
      ? new ClaimCondition(`JWT claim ${name} ${compileStringMatch(spec).description}`, false)
      : new HeaderCondition(name.toLowerCase(), compileStringMatch(spec)));
  }
  for (const [name, spec] of Object.entries(match?.withoutHeaders ?? {})) {
    const m = compileStringMatch(spec);
    const key = name.toLowerCase();
    conditions.push(isJwtClaimRoute(name) ? new ClaimCondition(`without JWT claim ${name} ${m.description}`, true) : new WithoutHeaderCondition(key, m));
  }
  for (const [name, spec] of Object.entries(match?.queryParams ?? {})) {
    conditions.push(new QueryCondition(name, compileStringMatch(spec)));
  }
  const catchAll = conditions.length === 0
    && ((path.kind === 'prefix' && path.value === '/') || (path.kind === 'regex' && path.value === '.*'));
  return new CompiledMatch(path, pathMatcher, catchAll, conditions);
}

/**
 * A route match from its parts: the path condition (`path` describes it, `pathMatcher` tests it), then `conditions`
 * in order. For matches written in Envoy's terms (a config dump's routes).
 */
export function routeMatcherOf(
  path: PathMatcher, pathMatcher: StringMatcher, conditions: readonly MatchCondition[], catchAll: boolean,
): RouteMatcher {
  return new CompiledMatch(path, pathMatcher, catchAll, conditions);
}

/**
 * The path condition of a `match` entry (`undefined` for a rule without match): `uri.exact`, else `uri.regex`, else
 * `uri.prefix`, else prefix `/`; `ignoreUriCase` applies to exact and prefix paths only.
 */
export function pathMatcherOf(match: IstioHttpMatch | undefined): PathMatcher {
  const uri = match?.uri;
  const ignoreCase = match?.ignoreUriCase === true;
  return uri?.exact !== undefined ? { kind: 'exact', value: uri.exact, ignoreCase }
    : uri?.regex !== undefined ? { kind: 'regex', value: uri.regex, ignoreCase: false }
      : { kind: 'prefix', value: uri?.prefix ?? '/', ignoreCase };
}

/** The match fields that test a pseudo-header, with the pseudo-header each tests. */
export const PSEUDO_HEADER_FIELDS = [[':method', 'method'], [':authority', 'authority'], [':scheme', 'scheme']] as const;

/**
 * A match: the path tested first, on its own (every route has one, and most routes differ by it alone), then the
 * other conditions in order.
 */
class CompiledMatch implements RouteMatcher {
  public readonly description: string;

  constructor(
    public readonly path: PathMatcher,
    private readonly pathMatcher: StringMatcher,
    public readonly catchAll: boolean,
    private readonly conditions: readonly MatchCondition[],
  ) {
    const pathDescription = `${path.kind} ${path.value}`;
    this.description = conditions.length === 0 ? pathDescription : [pathDescription, ...conditions.map((c) => c.description)].join(', ');
  }

  public matches(request: HttpRequestView): boolean {
    if (!this.pathMatcher.matches(request.path)) {
      return false;
    }
    const conditions = this.conditions;
    for (let i = 0; i < conditions.length; i++) {
      if (!conditions[i].test(request)) {
        return false;
      }
    }
    return true;
  }

  public mismatch(request: HttpRequestView): string | undefined {
    if (!this.pathMatcher.matches(request.path)) {
      return `${this.path.kind} ${this.path.value}`;
    }
    return this.conditions.find((c) => !c.test(request))?.description;
  }

  public claimsDecide(request: HttpRequestView): string | undefined {
    let claims: string[] | undefined;
    for (const condition of this.conditions) {
      if (condition.onClaim === true) {
        (claims ??= []).push(condition.description);
      }
    }
    if (claims === undefined || !this.pathMatcher.matches(request.path) || this.conditions.some((c) => c.onClaim !== true && !c.test(request))) {
      return undefined;
    }
    return claims.join(', ');
  }
}

/** A header (or `:method`, `:authority`, `:scheme` pseudo-header) condition, described as `header NAME ...` or by its field. */
class HeaderCondition implements MatchCondition {
  constructor(private readonly name: string, private readonly matcher: StringMatcher, private readonly field?: string) {}

  public get description(): string {
    return `${this.field ?? `header ${this.name}`} ${this.matcher.description}`;
  }

  public test(request: HttpRequestView): boolean {
    return this.matcher.matches(request.headers.get(this.name));
  }
}

/** A `withoutHeaders` condition. */
class WithoutHeaderCondition implements MatchCondition {
  constructor(private readonly key: string, private readonly matcher: StringMatcher) {}

  public get description(): string {
    return `without header ${this.key} ${this.matcher.description}`;
  }

  public test(request: HttpRequestView): boolean {
    return this.matcher.presence ? !request.headers.has(this.key) : !this.matcher.matches(request.headers.get(this.key) ?? '');
  }
}

/** A query parameter condition. */
class QueryCondition implements MatchCondition {
  constructor(private readonly name: string, private readonly matcher: StringMatcher) {}

  public get description(): string {
    return `query ${this.name} ${this.matcher.description}`;
  }

  public test(request: HttpRequestView): boolean {
    return this.matcher.matches(request.queryParams.get(this.name));
  }
}

/**
 * A condition on a JWT claim: istiod turns `@request.auth.claims.NAME` keys into matchers on the payload of a JWT that
 * a RequestAuthentication verified (dynamic metadata, not a header). A request here carries no token (the request has
 * no field for one), so its claims are absent: a `headers` condition never holds, a `withoutHeaders` one always does
 * (istio/istio `pilot/pkg/networking/core/route/route.go` `TranslateRouteMatch`, `translateMetadataMatch`).
 */
export class ClaimCondition implements MatchCondition {
  public readonly onClaim = true;

  constructor(public readonly description: string, private readonly result: boolean) {}

  public test(): boolean {
    return this.result;
  }
}
