/**
 * The compiled configuration of a gateway workload in the shape of Envoy's admin
 * `/config_dump` (listeners, route configurations, clusters), the synth-time answer to
 * `curl localhost:15000/config_dump`.
 */
import { ISTIO_MTLS_ALPNS } from './auto-passthrough';
import { CompiledConfig, CompiledWorkload, FilterChain } from './compile';
import { ClusterTarget } from './destinations';
import { HttpRouteAction } from './http-actions';
import { JsonObject, JsonValue } from './json-value';
import { CompiledRoute, RouteConfiguration } from './route-table';
import { stringTestOf } from './string-matcher';
import { VirtualServiceView } from './virtual-services';
import { isJwtClaimRoute, jwtClaimPath } from '../istio/jwt-claim-route';
import { IstioHttpMatch, IstioHttpRoute, IstioStringMatch } from '../model/istio-types';

const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

/**
 * Envoy's `/config_dump` for one compiled workload.
 *
 * @param _config - the configuration the workload belongs to (not read: every route and chain carries what it shows).
 * @param compiled - the workload.
 */
export function configDump(_config: CompiledConfig, compiled: CompiledWorkload): JsonObject {
  const listeners = [...compiled.listeners.values()].sort((a, b) => a.port - b.port);
  const routeConfigs = listeners.flatMap((l) => l.chains.flatMap((c) => (c.kind === 'http' ? [c.routeConfiguration] : [])));
  const clusters = new Set<string>();
  const dumpRoutes = routeConfigs.map((rc) => routeConfigJson(rc, clusters));
  listeners.forEach((l) => l.chains.forEach((c) => {
    if (c.kind === 'tcp') {
      c.route.upstream.clusters.forEach((t) => clusters.add(t.name));
    } else if (c.kind === 'sni-dnat') {
      clusters.add(c.route.cluster);
    }
  }));
  return {
    configs: [
      {
        '@type': `${ADMIN}ListenersConfigDump`,
        'dynamic_listeners': listeners.map((l) => ({
          name: l.name,
          active_state: {
            listener: {
              '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener',
              'name': l.name,
              'address': { socket_address: { address: '0.0.0.0', port_value: l.port } },
              'traffic_direction': 'OUTBOUND',
              'listener_filters': l.chains.some((c) => c.serverNames) ? [{ name: 'envoy.filters.listener.tls_inspector' }] : undefined,
              'filter_chains': l.chains.map((c) => filterChainJson(c, l.port)),
            },
          },
        })),
      },
      { '@type': `${ADMIN}RoutesConfigDump`, 'dynamic_route_configs': dumpRoutes.map((route_config) => ({ route_config })) },
      {
        '@type': `${ADMIN}ClustersConfigDump`,
        'dynamic_active_clusters': [...clusters].sort().map((name) => ({
          cluster: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name, 'type': 'EDS', 'eds_cluster_config': { service_name: name } },
        })),
      },
    ],
  };
}

function filterChainJson(chain: FilterChain, port: number): JsonObject {
  const match = chain.serverNames ? { server_names: chain.serverNames } : undefined;
  const server = chain.servers[0];
  const transport = chain.transport === 'tls-terminate' ? {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
      'common_tls_context': {
        alpn_protocols: ['h2', 'http/1.1'],
        tls_certificate_sds_secret_configs: server.tls?.credentialName ? [{ name: `kubernetes://${server.tls.credentialName}` }] : undefined,
        tls_certificates: server.tls?.serverCertificate
          ? [{ certificate_chain: { filename: server.tls.serverCertificate }, private_key: { filename: server.tls.privateKey } }] : undefined,
      },
      'require_client_certificate': server.tlsMode === 'MUTUAL' || server.tlsMode === 'ISTIO_MUTUAL',
    },
  } : undefined;
  if (chain.kind === 'http') {
    return {
      filter_chain_match: match,
      transport_socket: transport,
      filters: [{
        name: 'envoy.filters.network.http_connection_manager',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
          'stat_prefix': `outbound_0.0.0.0_${port};`,
          'rds': { route_config_name: chain.routeConfiguration.name },
          'use_remote_address': true,
          'normalize_path': true,
          'http_filters': [{ name: 'envoy.filters.http.fault' }, { name: 'envoy.filters.http.cors' }, { name: 'envoy.filters.http.router' }],
        },
      }],
    };
  }
  if (chain.kind === 'sni-dnat') {
    return {
      filter_chain_match: { ...match, application_protocols: [...ISTIO_MTLS_ALPNS] },
      filters: [{
        name: 'envoy.filters.network.tcp_proxy',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
          'stat_prefix': chain.route.cluster,
          'cluster': chain.route.cluster,
        },
      }],
    };
  }
  const targets = chain.route.upstream.clusters;
  return {
    filter_chain_match: match,
    transport_socket: transport,
    filters: [{
      name: 'envoy.filters.network.tcp_proxy',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
        'stat_prefix': targets.length === 1 ? targets[0].name : `${chain.route.virtualService.object.metadata.name}.${chain.route.virtualService.namespace}`,
        ...clusterSpecifier(targets),
      },
    }],
  };
}

function routeConfigJson(rc: RouteConfiguration, clusters: Set<string>): JsonObject {
  return {
    '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
    'name': rc.name,
    'virtual_hosts': rc.virtualHosts.map((vh) => ({
      name: vh.name,
      domains: vh.domains,
      require_tls: vh.requireTls ? 'ALL' : undefined,
      routes: vh.routes.map((r) => routeJson(r, clusters)),
      include_request_attempt_count: true,
    })),
    'validate_clusters': false,
    'ignore_port_in_host_matching': true,
    'max_direct_response_body_size_bytes': 1048576,
  };
}

function routeJson(route: CompiledRoute, clusters: Set<string>): JsonObject {
  const { rule, virtualService: vs } = route;
  // istiod merges delegates into the root VirtualService: the route's metadata names the root (reference §c.6).
  const owner = route.delegatedFrom?.virtualService ?? vs;
  const match = route.rule.match?.[route.matchIndex ?? -1];
  const path = route.matcher.path;
  return {
    name: [rule.name, match?.name].filter(Boolean).join('.') || undefined,
    match: {
      [path.kind === 'exact' ? 'path' : path.kind === 'prefix' ? 'prefix' : 'safe_regex']: path.kind === 'regex' ? { regex: path.value } : path.value,
      case_sensitive: path.kind === 'regex' ? undefined : !path.ignoreCase,
      headers: headerMatchers(match),
      dynamic_metadata: claimMatchers(match),
      query_parameters: match?.queryParams ? Object.entries(match.queryParams).map(([name, m]) => ({ name, ...envoyStringMatch(m) })) : undefined,
    },
    metadata: { filter_metadata: { istio: { config: configPath(owner) } } },
    ...actionJson(route.action, clusters),
    typed_per_filter_config: faultJson(route.action, rule),
  };
}

/**
 * The fault filter's configuration of a route with an abort fault that can fire (percentages in millionths, as istiod
 * writes them: `TranslateFault`); gRPC aborts are left out.
 */
function faultJson(action: HttpRouteAction, rule: IstioHttpRoute): JsonObject | undefined {
  const percent = action.kind === 'abort' ? 100 : action.kind === 'forward' && action.abort?.kind === 'sometimes' ? action.abort.percentage : undefined;
  const status = action.kind === 'abort' ? action.httpStatus : rule.fault?.abort?.httpStatus;
  if (percent === undefined || status === undefined) {
    return undefined;
  }
  return {
    'envoy.filters.http.fault': {
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
      'abort': { http_status: status, percentage: { numerator: Math.round(percent * 10_000), denominator: 'MILLION' } },
    },
  };
}

/** Envoy's action field of a route: `redirect`, `direct_response` or `route` (none for a redirect code istiod cannot emit). */
function actionJson(action: HttpRouteAction, clusters: Set<string>): JsonObject {
  switch (action.kind) {
    case 'redirect': {
      const redirect = action.redirect;
      if (!redirect.supported) {
        // istiod emits the route without an action, which Envoy refuses (reference §e.3).
        return {};
      }
      return {
        redirect: {
          scheme_redirect: redirect.scheme,
          host_redirect: redirect.authority,
          port_redirect: redirect.port,
          path_redirect: redirect.uri,
          response_code: REDIRECT_RESPONSE_CODES[redirect.status],
        },
      };
    }
    case 'direct_response':
      return {
        direct_response: {
          status: action.status,
          body: action.body !== undefined ? { inline_string: action.body }
            : action.bodyBytes !== undefined ? { inline_bytes: action.bodyBytes } : undefined,
        },
      };
    default: {
      const targets = action.upstream.clusters;
      targets.forEach((t) => clusters.add(t.name));
      const rewrite = action.kind === 'forward' ? action.pathRewrite : undefined;
      return {
        route: {
          ...clusterSpecifier(targets, action.kind === 'forward' ? action.clusterAuthorityRewrites : undefined),
          timeout: action.policies.timeout ?? '0s',
          prefix_rewrite: rewrite?.kind === 'replace-prefix' || rewrite?.kind === 'replace-path' ? rewrite.replacement : undefined,
          regex_rewrite: rewrite?.kind === 'regex' || rewrite?.kind === 'invalid-regex'
            ? { pattern: { regex: rewrite.pattern }, substitution: rewrite.substitution } : undefined,
          host_rewrite_literal: action.kind === 'forward' ? action.authorityRewrite : undefined,
        },
      };
    }
  }
}

/** Envoy's `RedirectAction.response_code` names; 301 (MOVED_PERMANENTLY) is the default, which JSON leaves out. */
const REDIRECT_RESPONSE_CODES: Readonly<Record<number, string>> = { 302: 'FOUND', 303: 'SEE_OTHER', 307: 'TEMPORARY_REDIRECT', 308: 'PERMANENT_REDIRECT' };

/** The `istio.config` metadata of a route: the VirtualService it came from. */
function configPath(vs: VirtualServiceView): string {
  return `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtual-service/${vs.object.metadata.name}`;
}

function headerMatchers(match: IstioHttpMatch | undefined): JsonValue[] | undefined {
  if (!match) {
    return undefined;
  }
  const result: JsonValue[] = [];
  for (const [name, field] of [[':method', 'method'], [':authority', 'authority'], [':scheme', 'scheme']] as const) {
    const m = match[field];
    if (m) result.push({ name, ...envoyStringMatch(m) });
  }
  for (const [name, m] of Object.entries(match.headers ?? {})) {
    if (!isJwtClaimRoute(name)) result.push({ name, ...envoyStringMatch(m) });
  }
  for (const [name, m] of Object.entries(match.withoutHeaders ?? {})) {
    if (!isJwtClaimRoute(name)) {
      // A present_match cannot treat a missing header as empty (istiod sets one or the other).
      const envoy = envoyStringMatch(m);
      result.push({ name, ...envoy, invert_match: true, treat_missing_header_as_empty: envoy.present_match === undefined ? true : undefined });
    }
  }
  return result.length > 0 ? result : undefined;
}

/**
 * The matchers on JWT claims: on the payload the JWT filter leaves in dynamic metadata, a claim or any entry of a
 * claim list (istio/istio `pilot/pkg/networking/core/route/route.go` `translateMetadataMatch`,
 * `pilot/pkg/security/authz/matcher/metadata.go` `MetadataListValueMatcher`).
 */
function claimMatchers(match: IstioHttpMatch | undefined): JsonValue[] | undefined {
  const result: JsonValue[] = [];
  for (const [headers, invert] of [[match?.headers, false], [match?.withoutHeaders, true]] as const) {
    for (const [name, m] of Object.entries(headers ?? {})) {
      const claims = jwtClaimPath(name);
      if (claims === undefined) continue;
      const value = { string_match: envoyStringMatch(m).string_match ?? {} };
      result.push({
        filter: 'envoy.filters.http.jwt_authn',
        path: ['payload', ...claims].map((key) => ({ key })),
        value: { or_match: { value_matchers: [{ list_match: { one_of: value } }, value] } },
        invert: invert || undefined,
      });
    }
  }
  return result.length > 0 ? result : undefined;
}

/**
 * An Istio StringMatch as istiod writes it for Envoy (`util.ConvertToEnvoyMatch`, `canBeConvertedToPresentMatch`):
 * `present_match` for `{}` and regex `*`, else a `string_match` with `exact`, `prefix` or `safe_regex`.
 */
function envoyStringMatch(m: IstioStringMatch): { present_match?: true; string_match?: JsonObject } {
  const test = stringTestOf(m);
  switch (test.kind) {
    case 'present':
      return { present_match: true };
    case 'regex':
      return { string_match: { safe_regex: { regex: test.value } } };
    default:
      return { string_match: { [test.kind]: test.value } };
  }
}

/** One cluster, or weighted clusters, each with its host rewrite if it has one. */
function clusterSpecifier(targets: readonly ClusterTarget[], hostRewrites?: readonly (string | undefined)[]): JsonObject {
  return targets.length === 1
    ? { cluster: targets[0].name }
    : { weighted_clusters: { clusters: targets.map((t, i) => ({ name: t.name, weight: t.weight, host_rewrite_literal: hostRewrites?.[i] })) } };
}
