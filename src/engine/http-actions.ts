/**
 * The action of an HTTP route, compiled once when the route table is built, the way Envoy holds it: forward upstream,
 * redirect, direct response, or an abort fault that answers every request (reference §e). Whatever Envoy would reject
 * or istiod would drop (an invalid rewrite regex, a redirect code Envoy has no redirect for, an abort without status)
 * is decided here and recorded on the action; decisions, the route table and the config dump only read it.
 */
import { Decision, DecisionMirror } from './decision';
import { clusterName, CompiledDestinations, compileDestinations, keptDestinations, resolveDestination, ServiceRegistry } from './destinations';
import { compileRegexRewrite, compileUriRewrite, PathRewrite } from './path-rewrite';
import { CompiledRedirect, compileRedirect } from './redirect';
import { PathMatcher } from './route-matcher';
import { GatewayServer } from './servers';
import { IstioHeaders, IstioHttpMirror, IstioHttpRoute, IstioPercent, IstioRouteDestination } from '../model/istio-types';

/** The rule's settings a decision reports beside where the request goes: the rule's own values, mirrors resolved. */
export type ReportedPolicies = Pick<Decision, 'fault' | 'timeout' | 'retries' | 'corsPolicy' | 'headers' | 'mirrors'>;

/**
 * An abort fault of a forwarding route that does not answer every request: `dropped` (neither `httpStatus` nor
 * `grpcStatus`: istiod leaves it out), `never` (no `percentage`: it never fires), or `sometimes` (for `percentage`
 * percent of the requests).
 */
export type PartialAbort =
  | { readonly kind: 'dropped' }
  | { readonly kind: 'never' }
  | { readonly kind: 'sometimes'; readonly percentage: number };

/** Forward upstream (Envoy's `route` action). */
export interface ForwardAction {
  /** Action kind. */
  readonly kind: 'forward';
  /** Where requests go. */
  readonly upstream: CompiledDestinations;
  /** The path rewrite, if the rule has one. */
  readonly pathRewrite?: PathRewrite;
  /**
   * Envoy's route-level host rewrite (`host_rewrite_literal`): `rewrite.authority`, or a `host` / `:authority` header
   * the rule sets, or, for a rule with a single destination, one that destination's headers set.
   */
  readonly authorityRewrite?: string;
  /**
   * The host rewrite of each weighted cluster (a destination's `host` / `:authority` header, undefined where it sets
   * none), aligned with `upstream.destinations`; only for a rule with several destinations.
   */
  readonly clusterAuthorityRewrites?: readonly (string | undefined)[];
  /** The authority every forwarded request carries upstream when it is rewritten and the same whichever destination is picked. */
  readonly upstreamAuthority?: string;
  /** What the trace says about the authority: destination rewrites the rule's overrides, or one per destination. */
  readonly authorityNotes?: readonly string[];
  /** An abort fault that lets requests through, if the rule has one. */
  readonly abort?: PartialAbort;
  /** What a decision reports beside the destinations. */
  readonly policies: ReportedPolicies;
}

/** A redirect answered by the gateway (Envoy's `redirect` action). */
export interface RedirectAction {
  /** Action kind. */
  readonly kind: 'redirect';
  /** The redirect. */
  readonly redirect: CompiledRedirect;
}

/** A response answered by the gateway (Envoy's `direct_response` action). */
export interface DirectResponseAction {
  /** Action kind. */
  readonly kind: 'direct_response';
  /** The HTTP status. */
  readonly status: number;
  /** `body.string`, if set. */
  readonly body?: string;
  /** `body.bytes` (base64), if set. */
  readonly bodyBytes?: string;
  /** What a decision reports beside the status. */
  readonly policies: ReportedPolicies;
}

/**
 * An abort fault whose percentage is 100: the fault filter answers every request before the router forwards it. The
 * route still names its clusters, as Envoy's configuration does.
 */
export interface AbortAction {
  /** Action kind. */
  readonly kind: 'abort';
  /** The HTTP status the client sees: `httpStatus`, or 200 for a `grpcStatus` (sent as `grpc-status`). */
  readonly status: number;
  /** `fault.abort.httpStatus`, if set. */
  readonly httpStatus?: number;
  /** `fault.abort.grpcStatus`, if set (and no `httpStatus`). */
  readonly grpcStatus?: string;
  /** The clusters of the route, which no request reaches. */
  readonly upstream: CompiledDestinations;
  /** What a decision reports beside the status. */
  readonly policies: ReportedPolicies;
}

/** What a matched HTTP route does. */
export type HttpRouteAction = ForwardAction | RedirectAction | DirectResponseAction | AbortAction;

/**
 * The actions of the routes of one rule, for a route table of `server`: what the rule does is compiled once, and only
 * a `rewrite.uri`, which replaces what the route matched, is compiled per match.
 *
 * @param rule - the rule (for a delegated rule, merged with its root rule).
 * @param namespace - the namespace short destination hosts resolve against (the VirtualService that wrote the rule).
 * @returns the action of the route built from a match entry with path matcher `matched`.
 */
export function httpActionsOf(
  rule: IstioHttpRoute, namespace: string, server: GatewayServer, registry: ServiceRegistry,
): (matched: PathMatcher) => HttpRouteAction {
  const action = compileRuleAction(rule, namespace, server, registry);
  const uri = rule.rewrite?.uri;
  // Validation refuses `uri` next to `uriRegexRewrite`, so a forward action with `uri` has no other path rewrite.
  if (action.kind !== 'forward' || !uri) {
    return () => action;
  }
  return (matched) => Object.freeze({ ...action, pathRewrite: compileUriRewrite(uri, matched) });
}

function compileRuleAction(rule: IstioHttpRoute, namespace: string, server: GatewayServer, registry: ServiceRegistry): HttpRouteAction {
  if (rule.redirect) {
    return Object.freeze({ kind: 'redirect', redirect: compileRedirect(rule.redirect, server.port, server.kind === 'https-terminate' ? 'https' : 'http') });
  }
  if (rule.directResponse) {
    const body = rule.directResponse.body;
    return Object.freeze({
      kind: 'direct_response',
      status: rule.directResponse.status,
      ...(body?.string === undefined ? {} : { body: body.string }),
      ...(body?.bytes === undefined ? {} : { bodyBytes: body.bytes }),
      policies: policiesOf(rule),
    });
  }
  const routes = rule.route ?? [];
  const upstream = compileDestinations(routes, namespace, server.port, registry);
  const abort = rule.fault?.abort;
  const abortStatus = abort?.httpStatus ?? (abort?.grpcStatus !== undefined ? 200 : undefined);
  if (abort !== undefined && abortStatus !== undefined && percentage(abort.percentage) >= 100) {
    return Object.freeze({
      kind: 'abort',
      status: abortStatus,
      ...(abort.httpStatus === undefined ? { grpcStatus: String(abort.grpcStatus) } : { httpStatus: abort.httpStatus }),
      upstream,
      policies: policiesOf(rule),
    });
  }
  const partial: PartialAbort | undefined = abort === undefined ? undefined
    : abortStatus === undefined ? { kind: 'dropped' }
      : abort.percentage === undefined ? { kind: 'never' }
        : { kind: 'sometimes', percentage: percentage(abort.percentage) };
  // `uriRegexRewrite` does not depend on the match, while `uri` is compiled per match (httpActionsOf).
  const regexRewrite = rule.rewrite?.uriRegexRewrite?.match ? compileRegexRewrite(rule.rewrite.uriRegexRewrite) : undefined;
  return Object.freeze({
    kind: 'forward',
    upstream,
    pathRewrite: regexRewrite,
    ...authorityRewrites(rule, routes, upstream),
    ...(partial === undefined ? {} : { abort: Object.freeze(partial) }),
    policies: policiesOf(rule, mirrorsOf(rule, namespace, server.port, registry)),
  });
}

/** The policies of a rule that sets none: one object every such action shares. */
export const NO_POLICIES: ReportedPolicies = Object.freeze({});

/** The rule's settings a decision reports, in the contract's order ({@link NO_POLICIES} when it sets none). */
function policiesOf(rule: IstioHttpRoute, mirrors?: readonly DecisionMirror[]): ReportedPolicies {
  const policies: { -readonly [K in keyof ReportedPolicies]: ReportedPolicies[K] } = {};
  if (rule.fault) policies.fault = rule.fault;
  if (rule.timeout) policies.timeout = rule.timeout;
  if (rule.retries) policies.retries = rule.retries;
  if (rule.corsPolicy) policies.corsPolicy = rule.corsPolicy;
  if (rule.headers) policies.headers = rule.headers;
  if (mirrors !== undefined && mirrors.length > 0) policies.mirrors = mirrors as DecisionMirror[];
  return Object.keys(policies).length === 0 ? NO_POLICIES : Object.freeze(policies);
}

/**
 * The active mirrors of a rule: `mirrors`, else `mirror` with `mirrorPercentage` (or the deprecated integer
 * `mirrorPercent`). A mirror without percentage mirrors everything; an explicit 0 is no mirror at all (istiod's
 * `MirrorPercent`).
 */
function mirrorsOf(rule: IstioHttpRoute, namespace: string, serverPort: number, registry: ServiceRegistry): readonly DecisionMirror[] {
  const mirrors: readonly IstioHttpMirror[] = rule.mirrors ?? (rule.mirror ? [{ destination: rule.mirror, percentage: mirrorPercentage(rule) }] : []);
  const active = mirrors.filter((m) => m.destination && (m.percentage === undefined || percentage(m.percentage) > 0));
  return Object.freeze(active.map((m) => Object.freeze({
    ...resolveDestination(m.destination, namespace, serverPort, registry, []),
    percentage: Math.min(100, m.percentage?.value ?? 100),
  })));
}

/** `mirrorPercentage`, else the deprecated integer `mirrorPercent`, as a `{value}` (undefined when neither is set). */
function mirrorPercentage(rule: IstioHttpRoute): IstioPercent | undefined {
  if (rule.mirrorPercentage !== undefined) {
    return rule.mirrorPercentage;
  }
  return typeof rule.mirrorPercent === 'number' ? { value: rule.mirrorPercent } : undefined;
}

function percentage(value: IstioPercent | undefined): number {
  return typeof value?.value === 'number' ? value.value : 0;
}

/** The authority fields of a forward action. */
export type AuthorityRewrites = Pick<ForwardAction, 'authorityRewrite' | 'clusterAuthorityRewrites' | 'upstreamAuthority' | 'authorityNotes'>;

/**
 * Where a rule rewrites the authority, as istiod writes it and Envoy applies it (istio/istio
 * `pilot/pkg/networking/core/route/route.go` `applyHTTPRouteDestination`, `processDestination`,
 * `processWeightedDestination`; envoyproxy/envoy `source/common/router/weighted_cluster_specifier.cc`
 * `WeightedClusterEntry::finalizeRequestHeaders`):
 * - the route's rewrite: `rewrite.authority`, else a `host` / `:authority` header the rule sets or adds (set wins);
 * - a single destination's header becomes the route's rewrite when the rule has none;
 * - with several destinations, each one's header becomes its weighted cluster's rewrite, which Envoy applies before
 *   the route's: a route rewrite wins, and without one the authority depends on the destination picked.
 */
function authorityRewrites(rule: IstioHttpRoute, routes: readonly IstioRouteDestination[], upstream: CompiledDestinations): AuthorityRewrites {
  const routeLevel = rule.rewrite?.authority || authorityHeader(rule.headers);
  return combinedAuthority(routeLevel, keptDestinations(routes).map((r) => authorityHeader(r.headers)), upstream);
}

/**
 * The authority fields of a route whose own host rewrite is `routeLevel` and whose weighted clusters (or single
 * cluster) rewrite to `own` (aligned with `upstream.destinations`): the route's wins over the clusters', and without
 * it the authority depends on the destination picked unless every cluster rewrites alike.
 */
export function combinedAuthority(
  routeLevel: string | undefined, own: readonly (string | undefined)[], upstream: CompiledDestinations,
): AuthorityRewrites {
  if (routeLevel !== undefined) {
    const overridden = own.flatMap((authority, i) => (authority === undefined ? []
      : [`destination ${clusterName(upstream.destinations[i])} sets the authority to ${authority}, which the rule's rewrite to ${routeLevel} overrides`]));
    return {
      authorityRewrite: routeLevel,
      upstreamAuthority: routeLevel,
      ...(own.length > 1 ? { clusterAuthorityRewrites: Object.freeze(own) } : {}),
      ...(overridden.length > 0 ? { authorityNotes: Object.freeze(overridden) } : {}),
    };
  }
  // One destination left (the only one, or the only one of positive weight): one cluster, whose rewrite is the route's.
  if (own.length <= 1) {
    return { authorityRewrite: own[0], upstreamAuthority: own[0] };
  }
  const clusterAuthorityRewrites = Object.freeze(own);
  if (own.every((a) => a === own[0])) {
    return { clusterAuthorityRewrites, upstreamAuthority: own[0] };
  }
  const each = upstream.destinations.map((d, i) => `${clusterName(d)} (${d.weight}%) ${own[i] === undefined ? 'unchanged' : `-> ${own[i]}`}`);
  return { clusterAuthorityRewrites, authorityNotes: Object.freeze([`the authority depends on the destination picked, so rewrite.authority is null: ${each.join(', ')}`]) };
}

/** The value of the rule's `host` / `:authority` request header, `set` before `add` (istiod's `TranslateHeadersOperations`). */
function authorityHeader(headers: IstioHeaders | undefined): string | undefined {
  for (const ops of [headers?.request?.set, headers?.request?.add]) {
    const authority = Object.entries(ops ?? {}).find(([key, value]) => value && ['host', ':authority'].includes(key.toLowerCase()));
    if (authority !== undefined) {
      return authority[1];
    }
  }
  return undefined;
}
