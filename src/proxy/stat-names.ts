/**
 * Names of the statistics the gateway counts, spelled as Envoy spells them inside an Istio gateway, with the tags a
 * Prometheus scrape of that Envoy shows.
 *
 * Envoy roots each statistic at a scope (`cluster.<name>.`, `http.<stat_prefix>.`, `listener.<address>.`,
 * `tcp.<stat_prefix>.`, `vhost.<virtual host>.route.<stat_prefix>.`) and, when it creates the scope, replaces `:` and
 * `/` in its name with `_` (envoy source/common/stats/utility.cc `sanitizeStatsName`): a listener on `0.0.0.0:8080`
 * counts under `listener.0.0.0.0_8080.`, a virtual host `example.com:80` under `vhost.example.com_80.`.
 *
 * istiod gives every cluster an `alt_stat_name` of its name followed by `;` (istio
 * pilot/pkg/networking/core/cluster_builder.go `buildCluster`, `util.DelimitedStatsPrefix`), and the HTTP connection
 * manager's `stat_prefix` ends with `;` too (`outbound_0.0.0.0_8080;`); the `;` marks where the name ends for the tag
 * regexes of the proxy's bootstrap (`stats_config.stats_tags`), and the tag value leaves it out.
 */

/** One tag of a statistic, as Prometheus shows it: `cluster_name="outbound|80||web.default.svc.cluster.local"`. */
export interface StatTag {
  /** The tag's name (`cluster_name`, `http_conn_manager_prefix`, `response_code`...). */
  readonly name: string;
  /** The tag's value. */
  readonly value: string;
}

/** A statistic's name, with the name left once its tags are taken out (the Prometheus metric name). */
export interface StatName {
  /** The full name, as `/stats` shows it (`cluster.outbound|80||web.default.svc.cluster.local;.upstream_rq_200`). */
  readonly name: string;
  /** The name without its tags (`cluster.upstream_rq`). */
  readonly tagExtractedName: string;
  /** The tags taken out of the name, in the order the proxy's bootstrap lists their regexes. */
  readonly tags: readonly StatTag[];
}

/** The tag names of an Istio proxy's bootstrap (istio tools/packaging/common/envoy_bootstrap.json `stats_tags`). */
const TAG = {
  cluster: 'cluster_name',
  tcpPrefix: 'tcp_prefix',
  responseCode: 'response_code',
  responseCodeClass: 'response_code_class',
  httpPrefix: 'http_conn_manager_prefix',
  listener: 'listener_address',
} as const;

/**
 * A scope's name as Envoy stores it: `:` and `/` become `_` (envoy source/common/stats/utility.cc).
 *
 * @param segment - the name given to the scope (a listener address, a virtual host, a prefix).
 */
export function sanitizedStatSegment(segment: string): string {
  return segment.replace(/[:/]/g, '_');
}

/**
 * A name without tags: its Prometheus metric is the whole name.
 *
 * @param name - the full name.
 */
export function untaggedStatName(name: string): StatName {
  return { name, tagExtractedName: name, tags: [] };
}

/**
 * `cluster.<name>;.<stat>`: a statistic of an upstream cluster (envoy docs config_cluster_manager_cluster_stats).
 *
 * @param cluster - the cluster's name (`outbound|80||web.default.svc.cluster.local`).
 * @param stat - the statistic (`upstream_rq_total`, `upstream_rq_200`, `retry.upstream_rq_503`).
 */
export const clusterStatName = memoized(function makeClusterStatName(cluster: string, stat: string): StatName {
  return scoped('cluster', `${cluster};`, { name: TAG.cluster, value: cluster }, stat);
});

/**
 * `http.<stat_prefix>.<stat>`: a statistic of an HTTP connection manager or of a filter in it (router, fault).
 *
 * @param statPrefix - the connection manager's `stat_prefix` (`outbound_0.0.0.0_8080;`).
 * @param stat - the statistic (`downstream_rq_total`, `no_route`, `fault.aborts_injected`).
 */
export const httpStatName = memoized(function makeHttpStatName(statPrefix: string, stat: string): StatName {
  return scoped('http', statPrefix, { name: TAG.httpPrefix, value: withoutDelimiter(statPrefix) }, stat);
});

/**
 * `listener.<address>.<stat>`: a statistic of a listener (envoy docs config_listener_stats).
 *
 * @param address - the listener's address, `0.0.0.0:8080` or its name `0.0.0.0_8080`.
 * @param stat - the statistic (`downstream_cx_total`, `no_filter_chain_match`).
 */
export const listenerStatName = memoized(function makeListenerStatName(address: string, stat: string): StatName {
  return scoped('listener', address, { name: TAG.listener, value: sanitizedStatSegment(address) }, stat);
});

/**
 * `tcp.<stat_prefix>.<stat>`: a statistic of a TCP proxy filter (envoy docs config_network_filters_tcp_proxy_stats).
 *
 * @param statPrefix - the filter's `stat_prefix` (istiod sets the cluster's name).
 * @param stat - the statistic (`downstream_cx_total`, `downstream_cx_rx_bytes_total`).
 */
export const tcpStatName = memoized(function makeTcpStatName(statPrefix: string, stat: string): StatName {
  return scoped('tcp', statPrefix, { name: TAG.tcpPrefix, value: withoutDelimiter(statPrefix) }, stat);
});

/**
 * `vhost.<virtual host>.route.<stat_prefix>.<stat>`: a statistic of one route, which Envoy keeps only for a route
 * with a `stat_prefix` (envoy api config/route/v3/route_components.proto `Route.stat_prefix`; istiod sets it from a
 * VirtualService match's `statPrefix`). The proxy's bootstrap has no tag for the virtual host or the route, so only the
 * response code comes out as a tag.
 *
 * @param virtualHost - the virtual host's name (`example.com:80`).
 * @param routeStatPrefix - the route's `stat_prefix`.
 * @param stat - the statistic (`upstream_rq_total`, `upstream_rq_2xx`).
 */
export const routeStatName = memoized3(function makeRouteStatName(virtualHost: string, routeStatPrefix: string, stat: string): StatName {
  const vhost = sanitizedStatSegment(virtualHost);
  const route = sanitizedStatSegment(routeStatPrefix);
  const base = responseCodeTags(stat);
  return { name: `vhost.${vhost}.route.${route}.${stat}`, tagExtractedName: `vhost.${vhost}.route.${route}.${base.stat}`, tags: base.tags };
});

/** A name `<root>.<scope>.<stat>`, its tag-extracted form `<root>.<stat>`, the scope's tag first. */
/**
 * A name maker that makes each name once: the gateway asks for the same names on every request, and building them
 * (sanitizing, tagging) costs more than looking them up.
 */
function memoized(make: (scope: string, stat: string) => StatName): (scope: string, stat: string) => StatName {
  const made = new Map<string, Map<string, StatName>>();
  return (scope, stat) => {
    let byStat = made.get(scope);
    if (byStat === undefined) {
      byStat = new Map();
      made.set(scope, byStat);
    }
    let name = byStat.get(stat);
    if (name === undefined) {
      name = make(scope, stat);
      byStat.set(stat, name);
    }
    return name;
  };
}

/** {@link memoized} for a name of three parts. */
function memoized3(make: (a: string, b: string, stat: string) => StatName): (a: string, b: string, stat: string) => StatName {
  const byScope = memoized((scope, stat) => {
    const [a, b] = scope.split('\u0000');
    return make(a, b, stat);
  });
  // NUL appears in neither a virtual host's name nor a stat prefix: the key is unambiguous.
  return (a, b, stat) => byScope(`${a}\u0000${b}`, stat);
}

function scoped(root: string, scope: string, scopeTag: StatTag, stat: string): StatName {
  const base = responseCodeTags(stat);
  return {
    name: `${root}.${sanitizedStatSegment(scope)}.${stat}`,
    tagExtractedName: `${root}.${base.stat}`,
    tags: [scopeTag, ...base.tags],
  };
}

/** `upstream_rq_200` as `upstream_rq` with `response_code="200"`, `downstream_rq_2xx` with `response_code_class="2xx"`. */
function responseCodeTags(stat: string): { stat: string; tags: StatTag[] } {
  const code = /_rq_(\d{3})$/.exec(stat);
  if (code) {
    return { stat: stat.slice(0, -4), tags: [{ name: TAG.responseCode, value: code[1] }] };
  }
  const codeClass = /_rq_(\dxx)$/.exec(stat);
  if (codeClass) {
    return { stat: stat.slice(0, -4), tags: [{ name: TAG.responseCodeClass, value: codeClass[1] }] };
  }
  return { stat, tags: [] };
}

/** A prefix without the `;` istiod ends it with. */
function withoutDelimiter(prefix: string): string {
  return prefix.endsWith(';') ? prefix.slice(0, -1) : prefix;
}
