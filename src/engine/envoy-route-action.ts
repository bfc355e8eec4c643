/**
 * What an Envoy route of a config dump does, compiled into the same actions istiod's rules compile to: forward to a
 * cluster or weighted clusters (with path and host rewrites), redirect, direct response, or an abort fault (the
 * route's `envoy.filters.http.fault` configuration) that answers every request.
 */
import { DecisionDestination } from './decision';
import { CompiledDestinations, percentages } from './destinations';
import { combinedAuthority, HttpRouteAction, NO_POLICIES, PartialAbort } from './http-actions';
import { compileRegexRewrite, compileUriRewrite, PathRewrite } from './path-rewrite';
import { CompiledRedirect, SUPPORTED_REDIRECT_CODES } from './redirect';
import { PathMatcher } from './route-matcher';

/** Envoy's `config.route.v3.Route`, as JSON (the action fields a gateway's routes use). */
export interface EnvoyRoute {
  readonly name?: string;
  readonly route?: {
    readonly cluster?: string;
    readonly weighted_clusters?: { readonly clusters?: readonly EnvoyWeightedCluster[] };
    readonly cluster_header?: string;
    readonly prefix_rewrite?: string;
    readonly regex_rewrite?: { readonly pattern?: { readonly regex?: string }; readonly substitution?: string };
    readonly host_rewrite_literal?: string;
  };
  readonly redirect?: {
    readonly https_redirect?: boolean;
    readonly scheme_redirect?: string;
    readonly host_redirect?: string;
    readonly port_redirect?: number;
    readonly path_redirect?: string;
    readonly prefix_rewrite?: string;
    readonly regex_rewrite?: unknown;
    readonly response_code?: string;
    readonly strip_query?: boolean;
  };
  readonly direct_response?: { readonly status?: number; readonly body?: { readonly inline_string?: string; readonly inline_bytes?: string } };
  readonly typed_per_filter_config?: Readonly<Record<string, EnvoyFaultConfig | undefined>>;
}

/** One of Envoy's weighted clusters. */
export interface EnvoyWeightedCluster {
  readonly name?: string;
  readonly weight?: number;
  readonly host_rewrite_literal?: string;
}

/** The fault filter's per-route configuration (`extensions.filters.http.fault.v3.HTTPFault`), as JSON. */
export interface EnvoyFaultConfig {
  readonly abort?: {
    readonly http_status?: number;
    readonly grpc_status?: number;
    readonly header_abort?: Record<string, never>;
    readonly percentage?: { readonly numerator?: number; readonly denominator?: string };
  };
}

/** A route action this reader cannot decide on, with why. */
export class UnsupportedAction extends Error {}

const FAULT_FILTER = 'envoy.filters.http.fault';

/** Envoy's `RedirectResponseCode` names; absent is 301. */
const RESPONSE_CODES: Readonly<Record<string, number>> = {
  MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308,
};

/** `FractionalPercent` denominators. */
const DENOMINATORS: Readonly<Record<string, number>> = { HUNDRED: 100, TEN_THOUSAND: 10_000, MILLION: 1_000_000 };

/**
 * The action of a route whose match has path condition `matched`.
 * @throws UnsupportedAction for an action the engine cannot decide on, naming the field.
 */
export function compileEnvoyRouteAction(route: EnvoyRoute, matched: PathMatcher): HttpRouteAction {
  if (route.redirect !== undefined) {
    return Object.freeze({ kind: 'redirect', redirect: redirectOf(route.redirect) });
  }
  if (route.direct_response !== undefined) {
    const { status, body } = route.direct_response;
    if (typeof status !== 'number') {
      throw new UnsupportedAction('direct_response has no status');
    }
    return Object.freeze({
      kind: 'direct_response',
      status,
      ...(body?.inline_string === undefined ? {} : { body: body.inline_string }),
      ...(body?.inline_bytes === undefined ? {} : { bodyBytes: body.inline_bytes }),
      policies: NO_POLICIES,
    });
  }
  const action = route.route;
  if (action === undefined) {
    throw new UnsupportedAction('the route has no route, redirect or direct_response (Envoy refuses such a route)');
  }
  const { upstream, hostRewrites } = destinationsOf(action);
  const abort = route.typed_per_filter_config?.[FAULT_FILTER]?.abort;
  if (abort !== undefined && abort.header_abort === undefined && fraction(abort.percentage) >= 100) {
    const grpc = abort.http_status === undefined && abort.grpc_status !== undefined;
    return Object.freeze({
      kind: 'abort',
      status: grpc ? 200 : Number(abort.http_status),
      ...(grpc ? { grpcStatus: String(abort.grpc_status) } : { httpStatus: abort.http_status }),
      upstream,
      policies: NO_POLICIES,
    });
  }
  const partial: PartialAbort | undefined = abort === undefined ? undefined
    : abort.header_abort !== undefined || fraction(abort.percentage) > 0 ? { kind: 'sometimes', percentage: fraction(abort.percentage) }
      : { kind: 'never' };
  return Object.freeze({
    kind: 'forward',
    upstream,
    pathRewrite: pathRewriteOf(action, matched),
    ...combinedAuthority(action.host_rewrite_literal || undefined, hostRewrites, upstream),
    abort: partial,
    policies: NO_POLICIES,
  });
}

function destinationsOf(action: NonNullable<EnvoyRoute['route']>): {
  upstream: CompiledDestinations; hostRewrites: readonly (string | undefined)[];
} {
  if (typeof action.cluster === 'string') {
    return { upstream: weightedDestinations([{ name: action.cluster, weight: 1 }]), hostRewrites: [] };
  }
  const clusters = action.weighted_clusters?.clusters;
  if (clusters === undefined || clusters.length === 0) {
    throw new UnsupportedAction(action.cluster_header !== undefined
      ? 'route.cluster_header: the cluster comes from a request header, which a decision does not follow'
      : 'route has neither cluster nor weighted_clusters');
  }
  const kept = clusters.filter((c) => typeof c.weight === 'number' && c.weight > 0);
  if (kept.length === 0) {
    throw new UnsupportedAction('route.weighted_clusters: every cluster has weight 0');
  }
  return { upstream: weightedDestinations(kept), hostRewrites: kept.map((c) => c.host_rewrite_literal || undefined) };
}

/** The destinations of clusters of positive weight (a single cluster takes it all): shares in percent, weights as written. */
export function weightedDestinations(kept: readonly EnvoyWeightedCluster[]): CompiledDestinations {
  const shares = percentages(kept.map((c) => Number(c.weight)));
  return new CompiledDestinations(
    Object.freeze(kept.map((c, i) => Object.freeze({ ...destinationOf(String(c.name)), weight: shares[i] }))),
    kept.length > 1 ? Object.freeze(kept.map((c) => Number(c.weight))) : undefined,
    [],
  );
}

/**
 * A destination from its cluster name: `outbound|PORT|SUBSET|HOST` as istiod names clusters, or
 * `outbound_.PORT_.SUBSET_.HOST` as an AUTO_PASSTHROUGH client's SNI names one; any other name is the host, without
 * port or subset.
 */
export function destinationOf(cluster: string): Omit<DecisionDestination, 'weight'> {
  const parts = cluster.split('|');
  if (parts.length === 4 && parts[0] === 'outbound') {
    const port = Number(parts[1]);
    return { host: parts[3], port: parts[1] === '' || !Number.isInteger(port) ? null : port, subset: parts[2] === '' ? null : parts[2] };
  }
  // The SNI form AUTO_PASSTHROUGH chains forward by (sni_cluster): outbound_.PORT_.SUBSET_.HOST, `_` for no subset.
  const sni = /^outbound_\.(\d+)_\.([^_]*)_\.(.+)$/.exec(cluster);
  if (sni !== null) {
    return { host: sni[3], port: Number(sni[1]), subset: sni[2] === '' ? null : sni[2] };
  }
  return { host: cluster, port: null, subset: null };
}

function pathRewriteOf(action: NonNullable<EnvoyRoute['route']>, matched: PathMatcher): PathRewrite | undefined {
  if (action.regex_rewrite !== undefined) {
    return compileRegexRewrite({ match: action.regex_rewrite.pattern?.regex ?? '', rewrite: action.regex_rewrite.substitution ?? '' });
  }
  return action.prefix_rewrite === undefined ? undefined : compileUriRewrite(action.prefix_rewrite, matched);
}

function redirectOf(redirect: NonNullable<EnvoyRoute['redirect']>): CompiledRedirect {
  if (redirect.prefix_rewrite !== undefined || redirect.regex_rewrite !== undefined || redirect.strip_query === true) {
    throw new UnsupportedAction('redirect.prefix_rewrite, regex_rewrite and strip_query are not modelled (istiod does not write them)');
  }
  const status = redirect.response_code === undefined ? 301 : RESPONSE_CODES[redirect.response_code];
  if (status === undefined) {
    throw new UnsupportedAction(`redirect.response_code ${redirect.response_code} is none of ${Object.keys(RESPONSE_CODES).join(', ')}`);
  }
  const scheme = redirect.https_redirect === true ? 'https' : redirect.scheme_redirect || undefined;
  const uri = redirect.path_redirect || undefined;
  return Object.freeze({
    status,
    supported: SUPPORTED_REDIRECT_CODES.includes(status),
    ...(scheme === undefined ? {} : { scheme }),
    ...(redirect.host_redirect ? { authority: redirect.host_redirect } : {}),
    ...(redirect.port_redirect ? { port: redirect.port_redirect } : {}),
    ...(uri === undefined ? {} : { uri }),
    uriHasQuery: uri?.includes('?') ?? false,
  });
}

/** A `FractionalPercent` in percent (0 when absent, as Envoy reads it). */
function fraction(value: { readonly numerator?: number; readonly denominator?: string } | undefined): number {
  const denominator = DENOMINATORS[value?.denominator ?? 'HUNDRED'] ?? 100;
  return ((value?.numerator ?? 0) * 100) / denominator;
}
