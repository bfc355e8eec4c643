/**
 * The compiled configuration of a gateway workload in the shape of Envoy's admin
 * `/config_dump` (listeners, route configurations, clusters), the synth-time answer to
 * `curl localhost:15000/config_dump`.
 */
import { CompiledConfig, CompiledWorkload, FilterChain } from './compile';
import { clusterTargets, ClusterTarget } from './destinations';
import { Json } from './model';
import { CompiledRoute, RouteConfiguration } from './route-table';
import { VirtualServiceView } from './virtual-services';

const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

/** Envoy's `/config_dump` for one compiled workload. */
export function configDump(config: CompiledConfig, compiled: CompiledWorkload): Json {
  const listeners = [...compiled.listeners.values()].sort((a, b) => a.port - b.port);
  const routeConfigs = listeners.flatMap((l) => l.chains.flatMap((c) => (c.kind === 'http' ? [c.routeConfiguration] : [])));
  const clusters = new Set<string>();
  const dumpRoutes = routeConfigs.map((rc) => routeConfigJson(rc, config, clusters));
  listeners.forEach((l) => l.chains.forEach((c) => {
    if (c.kind === 'tcp') {
      forwardTargets(c.route.rule, c.route.virtualService.namespace, c.servers[0].port, config).forEach((t) => clusters.add(t.name));
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
              'filter_chains': l.chains.map((c) => filterChainJson(c, l.port, config)),
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

function filterChainJson(chain: FilterChain, port: number, config: CompiledConfig): Json {
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
  const targets = forwardTargets(chain.route.rule, chain.route.virtualService.namespace, server.port, config);
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

function routeConfigJson(rc: RouteConfiguration, config: CompiledConfig, clusters: Set<string>): Json {
  return {
    '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
    'name': rc.name,
    'virtual_hosts': rc.virtualHosts.map((vh) => ({
      name: vh.name,
      domains: vh.domains,
      require_tls: vh.requireTls ? 'ALL' : undefined,
      routes: vh.routes.map((r) => routeJson(r, config, clusters)),
      include_request_attempt_count: true,
    })),
    'validate_clusters': false,
    'ignore_port_in_host_matching': true,
    'max_direct_response_body_size_bytes': 1048576,
  };
}

function routeJson(route: CompiledRoute, config: CompiledConfig, clusters: Set<string>): Json {
  const { rule, virtualService: vs } = route;
  // istiod merges delegates into the root VirtualService: the route's metadata names the root (reference §c.6).
  const owner = route.delegatedFrom?.virtualService ?? vs;
  const match = route.rule.match?.[route.matchIndex ?? -1];
  const path = route.matcher.path;
  const json: Json = {
    name: [rule.name, match?.name].filter(Boolean).join('.') || undefined,
    match: {
      [path.kind === 'exact' ? 'path' : path.kind === 'prefix' ? 'prefix' : 'safe_regex']: path.kind === 'regex' ? { regex: path.value } : path.value,
      case_sensitive: path.kind === 'regex' ? undefined : !path.ignoreCase,
      headers: headerMatchers(match),
      query_parameters: match?.queryParams ? Object.entries(match.queryParams).map(([name, m]) => ({ name, string_match: m })) : undefined,
    },
    metadata: { filter_metadata: { istio: { config: configPath(owner) } } },
  };
  if (rule.redirect) {
    json.redirect = {
      scheme_redirect: rule.redirect.scheme,
      host_redirect: rule.redirect.authority,
      port_redirect: rule.redirect.port,
      path_redirect: rule.redirect.uri,
      response_code: { 302: 'FOUND', 303: 'SEE_OTHER', 307: 'TEMPORARY_REDIRECT', 308: 'PERMANENT_REDIRECT' }[rule.redirect.redirectCode as number],
    };
  } else if (rule.directResponse) {
    const body = rule.directResponse.body?.string;
    json.direct_response = { status: rule.directResponse.status, body: body !== undefined ? { inline_string: body } : undefined };
  } else {
    const targets = forwardTargets(rule, vs.namespace, route.server.port, config);
    const regexRewrite = rule.rewrite?.uriRegexRewrite;
    targets.forEach((t) => clusters.add(t.name));
    json.route = {
      ...clusterSpecifier(targets),
      timeout: rule.timeout ?? '0s',
      prefix_rewrite: rule.rewrite?.uri,
      regex_rewrite: regexRewrite ? { pattern: { regex: regexRewrite.match }, substitution: regexRewrite.rewrite } : undefined,
      host_rewrite_literal: rule.rewrite?.authority,
    };
  }
  return json;
}

/** The `istio.config` metadata of a route: the VirtualService it came from. */
function configPath(vs: VirtualServiceView): string {
  return `/apis/networking.istio.io/v1/namespaces/${vs.namespace}/virtual-service/${vs.object.metadata.name}`;
}

function headerMatchers(match: Json): Json[] | undefined {
  if (!match) {
    return undefined;
  }
  const result: Json[] = [];
  for (const [name, field] of [[':method', 'method'], [':authority', 'authority'], [':scheme', 'scheme']]) {
    if (match[field]) result.push({ name, string_match: match[field] });
  }
  for (const [name, m] of Object.entries(match.headers ?? {})) result.push({ name, string_match: m });
  for (const [name, m] of Object.entries(match.withoutHeaders ?? {})) result.push({ name, string_match: m, invert_match: true });
  return result.length > 0 ? result : undefined;
}

function forwardTargets(rule: Json, namespace: string, serverPort: number, config: CompiledConfig): ClusterTarget[] {
  return clusterTargets(rule.route ?? [], namespace, serverPort, config.registry);
}

function clusterSpecifier(targets: ClusterTarget[]): Json {
  return targets.length === 1
    ? { cluster: targets[0].name }
    : { weighted_clusters: { clusters: targets.map((t) => ({ name: t.name, weight: t.weight })) } };
}
