/**
 * The events the gateway records and the Envoy statistics each one moves, so that the gateway never spells a name.
 *
 * Sources, per statistic: the HTTP connection manager (envoy docs config_http_conn_man_stats), the router filter
 * (config_http_filters_router_stats; source/common/router/router.cc `decodeHeaders`: `rq_total` counts every request
 * the router sees, `no_route` a request no route matched, `rq_direct_response` a redirect or direct response,
 * `no_cluster` a route whose cluster is unknown), the fault filter (config_http_filters_fault_injection_stats),
 * clusters (config_cluster_manager_cluster_stats, with the retried responses under `retry.`), route statistics
 * (route_components.proto `Route.stat_prefix`, the statistics of config_http_filters_router_vcluster_stats), listeners
 * (config_listener_stats; source/common/listener_manager/active_stream_listener_base.cc: a connection no filter chain matches
 * counts in `no_filter_chain_match` only) and the TCP proxy (config_network_filters_tcp_proxy_stats). Per-endpoint
 * statistics follow source/common/router/router.cc: `rq_success` for a response below 500, `rq_error` for a 5xx,
 * a reset or a failed connection, `rq_timeout` for a timeout.
 *
 * A request mirrored to another cluster moves that cluster's statistics as any request does; Envoy has no statistic
 * of its own for mirroring.
 */
import { clusterStatName, httpStatName, listenerStatName, routeStatName, StatName, tcpStatName } from './stat-names';
import { GatewayStats } from './stats';

/** The HTTP version of a downstream connection or request. */
export type HttpProtocol = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';

/**
 * Who answered a request.
 *
 * - `upstream`: the router sent it to a cluster (the answer may still be a 503 or 504 of the gateway's own).
 * - `no-route`: no route matched; the router answered 404 (`NR`).
 * - `direct-response`: the route answered itself (a redirect or a direct response).
 * - `no-cluster`: the route's cluster does not exist; the router answered 503 (`NC`).
 * - `fault-abort`: the fault filter aborted the request before the router saw it (`FI`).
 * - `filter-response`: another filter before the router answered (a CORS preflight, an authorization denial).
 */
export type HttpRequestOutcome = 'upstream' | 'no-route' | 'direct-response' | 'no-cluster' | 'fault-abort' | 'filter-response';

/**
 * How one attempt to send a request to a cluster ended.
 *
 * - `response`: the endpoint answered with `status`.
 * - `connect-failure`: the connection to the endpoint failed (`UF`).
 * - `no-healthy-upstream`: the cluster had no endpoint to pick (`UH`).
 * - `reset`: the endpoint reset the stream or closed the connection before answering (`UR`, `UC`).
 * - `per-try-timeout`: the attempt outlasted the retry policy's per-try timeout.
 * - `timeout`: the route's timeout ended the request during this attempt (`UT`).
 */
export type UpstreamAttemptOutcome = 'response' | 'connect-failure' | 'no-healthy-upstream' | 'reset' | 'per-try-timeout' | 'timeout';

/** One attempt to send a request to an endpoint of a cluster. */
export interface UpstreamAttempt {
  /** The endpoint, `ip:port` (`[ip]:port` for IPv6, as `/clusters` names it); unset when none was picked. */
  readonly host?: string;
  /** How the attempt ended. */
  readonly outcome: UpstreamAttemptOutcome;
  /** The endpoint's status code, with outcome `response`. */
  readonly status?: number;
  /**
   * Whether the attempt opened a new connection to the endpoint (a failed connection counts as opened anyway).
   *
   * @default false
   */
  readonly newConnection?: boolean;
  /**
   * Bytes written to the endpoint's connection.
   *
   * @default 0
   */
  readonly bytesSent?: number;
  /**
   * Bytes read from the endpoint's connection.
   *
   * @default 0
   */
  readonly bytesReceived?: number;
}

/** A request the router sent to a cluster: its attempts, the first one and each retry. */
export interface UpstreamRequestRecord {
  /** The cluster's name. */
  readonly cluster: string;
  /** The attempts in order; every attempt but the last was retried. */
  readonly attempts: readonly UpstreamAttempt[];
  /**
   * Whether the last attempt asked for a retry that the retry policy's limit refused (`URX`).
   *
   * @default false
   */
  readonly retryLimitExceeded?: boolean;
}

/** A request an HTTP connection manager finished. */
export interface HttpRequestRecord {
  /** The connection manager's `stat_prefix` (`outbound_0.0.0.0_8080;`). */
  readonly statPrefix: string;
  /** The request's HTTP version. */
  readonly protocol: HttpProtocol;
  /** Who answered. */
  readonly outcome: HttpRequestOutcome;
  /** The status code sent downstream; 0 when no response was sent. */
  readonly status: number;
  /** Body bytes received from downstream. */
  readonly bytesReceived: number;
  /** Body bytes sent downstream. */
  readonly bytesSent: number;
  /** The virtual host the request matched; unset when none did. */
  readonly virtualHost?: string;
  /** The route the request matched; unset when none did. */
  readonly route?: string;
  /** The route's `stat_prefix` (a VirtualService match's `statPrefix`); Envoy keeps route statistics only with one. */
  readonly routeStatPrefix?: string;
  /**
   * Whether the fault filter delayed the request (`DI`).
   *
   * @default false
   */
  readonly faultDelayed?: boolean;
  /** What the router sent to the cluster, with outcome `upstream`. */
  readonly upstream?: UpstreamRequestRecord;
  /** The copies the route mirrored to other clusters. */
  readonly mirrors?: readonly UpstreamRequestRecord[];
}

/** A downstream connection an HTTP connection manager served, recorded when it closes. */
export interface HttpConnectionRecord {
  /** The connection manager's `stat_prefix`. */
  readonly statPrefix: string;
  /** The connection's HTTP version. */
  readonly protocol: HttpProtocol;
  /** Whether the connection was TLS. */
  readonly tls: boolean;
  /** Bytes read from the connection. */
  readonly bytesReceived: number;
  /** Bytes written to the connection. */
  readonly bytesSent: number;
}

/** A connection a listener accepted. */
export interface ListenerConnectionRecord {
  /** The listener's address (`0.0.0.0:8080`) or name (`0.0.0.0_8080`). */
  readonly listener: string;
  /** Whether a filter chain matched it; a connection no chain matches is closed at once. */
  readonly filterChainMatched: boolean;
}

/**
 * How a TCP proxy's connection to its cluster went.
 *
 * - `connected`: the proxy connected to `upstreamHost`.
 * - `connect-failure`: the connection to `upstreamHost` failed (`UF`).
 * - `no-healthy-upstream`: the cluster had no endpoint to pick (`UH`).
 */
export type TcpUpstreamOutcome = 'connected' | 'connect-failure' | 'no-healthy-upstream';

/** A connection a TCP proxy served, recorded when it closes. */
export interface TcpConnectionRecord {
  /** The TCP proxy's `stat_prefix` (istiod sets the cluster's name). */
  readonly statPrefix: string;
  /** The cluster the proxy chose; unset when no route matched (`downstream_cx_no_route`). */
  readonly cluster?: string;
  /** The endpoint, `ip:port` (`[ip]:port` for IPv6, as `/clusters` names it); unset when none was picked. */
  readonly upstreamHost?: string;
  /** How the connection to the cluster went, when a cluster was chosen. */
  readonly upstream?: TcpUpstreamOutcome;
  /** Bytes read from downstream (and written to the endpoint). */
  readonly bytesReceived: number;
  /** Bytes written to downstream (and read from the endpoint). */
  readonly bytesSent: number;
}

const CLUSTER_COUNTERS = [
  'upstream_cx_total', 'upstream_cx_connect_fail', 'upstream_cx_none_healthy', 'upstream_cx_rx_bytes_total', 'upstream_cx_tx_bytes_total',
  'upstream_rq_total', 'upstream_rq_timeout', 'upstream_rq_per_try_timeout', 'upstream_rq_retry', 'upstream_rq_retry_success',
  'upstream_rq_retry_limit_exceeded',
];

const HTTP_CONNECTION_MANAGER_COUNTERS = [
  'downstream_cx_total', 'downstream_cx_ssl_total', 'downstream_cx_http1_total', 'downstream_cx_http2_total', 'downstream_cx_rx_bytes_total',
  'downstream_cx_tx_bytes_total', 'downstream_rq_total', 'downstream_rq_http1_total', 'downstream_rq_http2_total', 'downstream_rq_completed',
  'downstream_rq_1xx', 'downstream_rq_2xx', 'downstream_rq_3xx', 'downstream_rq_4xx', 'downstream_rq_5xx',
  'no_route', 'no_cluster', 'rq_redirect', 'rq_direct_response', 'rq_total', 'fault.aborts_injected', 'fault.delays_injected',
];

/** The router's counter for the requests it answered itself (a redirect counts as a direct response). */
const ROUTER_OUTCOME_STATS: Readonly<Partial<Record<HttpRequestOutcome, string>>> = {
  'no-route': 'no_route', 'direct-response': 'rq_direct_response', 'no-cluster': 'no_cluster',
};

const LISTENER_COUNTERS = ['downstream_cx_total', 'no_filter_chain_match'];

const TCP_PROXY_COUNTERS = ['downstream_cx_total', 'downstream_cx_no_route', 'downstream_cx_rx_bytes_total', 'downstream_cx_tx_bytes_total'];

/**
 * Creates a cluster's counters at 0, as Envoy does when it adds the cluster.
 *
 * @param stats - the store.
 * @param cluster - the cluster's name.
 */
export function declareClusterStats(stats: GatewayStats, cluster: string): void {
  CLUSTER_COUNTERS.forEach((stat) => stats.declare(clusterStatName(cluster, stat)));
}

/**
 * Creates the counters of an HTTP connection manager and of its router and fault filters at 0.
 *
 * @param stats - the store.
 * @param statPrefix - the connection manager's `stat_prefix`.
 */
export function declareHttpConnectionManagerStats(stats: GatewayStats, statPrefix: string): void {
  HTTP_CONNECTION_MANAGER_COUNTERS.forEach((stat) => stats.declare(httpStatName(statPrefix, stat)));
}

/**
 * Creates a listener's counters at 0.
 *
 * @param stats - the store.
 * @param listener - the listener's address or name.
 */
export function declareListenerStats(stats: GatewayStats, listener: string): void {
  LISTENER_COUNTERS.forEach((stat) => stats.declare(listenerStatName(listener, stat)));
}

/**
 * Creates a TCP proxy's counters at 0.
 *
 * @param stats - the store.
 * @param statPrefix - the TCP proxy's `stat_prefix`.
 */
export function declareTcpProxyStats(stats: GatewayStats, statPrefix: string): void {
  TCP_PROXY_COUNTERS.forEach((stat) => stats.declare(tcpStatName(statPrefix, stat)));
}

/**
 * Records a connection a listener accepted: `listener.<address>.downstream_cx_total`, or `no_filter_chain_match`
 * alone when no filter chain matched it.
 *
 * @param stats - the store.
 * @param record - the connection.
 */
export function recordListenerConnection(stats: GatewayStats, record: ListenerConnectionRecord): void {
  stats.increment(listenerStatName(record.listener, record.filterChainMatched ? 'downstream_cx_total' : 'no_filter_chain_match'));
}

/**
 * Records a closed downstream connection of an HTTP connection manager: `http.<prefix>.downstream_cx_total`, its
 * version's and TLS counters, and its bytes.
 *
 * @param stats - the store.
 * @param record - the connection.
 */
export function recordHttpConnection(stats: GatewayStats, record: HttpConnectionRecord): void {
  const http = (stat: string, by?: number): void => addTo(stats, httpStatName(record.statPrefix, stat), by);
  http('downstream_cx_total');
  http(record.protocol === 'HTTP/2' ? 'downstream_cx_http2_total' : 'downstream_cx_http1_total');
  if (record.tls) {
    http('downstream_cx_ssl_total');
  }
  http('downstream_cx_rx_bytes_total', record.bytesReceived);
  http('downstream_cx_tx_bytes_total', record.bytesSent);
}

/**
 * Records a finished HTTP request: the connection manager's, router's and fault filter's counters, the clusters' (the
 * one it went to and those it was mirrored to), the route's when it has a `stat_prefix`, the endpoints', and the
 * per-route summary.
 *
 * @param stats - the store.
 * @param record - the request.
 */
export function recordHttpRequest(stats: GatewayStats, record: HttpRequestRecord): void {
  const http = (stat: string): void => stats.increment(httpStatName(record.statPrefix, stat));
  http('downstream_rq_total');
  http(record.protocol === 'HTTP/2' ? 'downstream_rq_http2_total' : 'downstream_rq_http1_total');
  if (record.status > 0) {
    http('downstream_rq_completed');
    http(`downstream_rq_${Math.floor(record.status / 100)}xx`);
  }
  if (record.faultDelayed) {
    http('fault.delays_injected');
  }
  if (record.outcome === 'fault-abort') {
    http('fault.aborts_injected');
  } else if (record.outcome !== 'filter-response') {
    http('rq_total');
    const routerStat = ROUTER_OUTCOME_STATS[record.outcome];
    if (routerStat !== undefined) {
      http(routerStat);
    }
  }
  const routeStat = record.routeStatPrefix !== undefined && record.virtualHost !== undefined
    ? routeStats(stats, record.virtualHost, record.routeStatPrefix) : undefined;
  if (record.outcome === 'upstream' && record.upstream) {
    recordUpstreamRequest(stats, record.upstream, routeStat);
  }
  (record.mirrors ?? []).forEach((mirror) => recordUpstreamRequest(stats, mirror));
  if (record.virtualHost !== undefined && record.route !== undefined && record.outcome !== 'no-route') {
    stats.countRouteRequest({
      virtualHost: record.virtualHost,
      route: record.route,
      cluster: record.outcome === 'upstream' ? record.upstream?.cluster : undefined,
      status: record.status,
      bytesReceived: record.bytesReceived,
      bytesSent: record.bytesSent,
    });
  }
}

/**
 * Records a closed connection of a TCP proxy: `tcp.<prefix>.` counters, and the cluster's and endpoint's.
 *
 * @param stats - the store.
 * @param record - the connection.
 */
export function recordTcpConnection(stats: GatewayStats, record: TcpConnectionRecord): void {
  const tcp = (stat: string, by?: number): void => addTo(stats, tcpStatName(record.statPrefix, stat), by);
  tcp('downstream_cx_total');
  tcp('downstream_cx_rx_bytes_total', record.bytesReceived);
  tcp('downstream_cx_tx_bytes_total', record.bytesSent);
  const clusterName = record.cluster;
  if (clusterName === undefined) {
    tcp('downstream_cx_no_route');
    return;
  }
  const connection = record.upstream === 'no-healthy-upstream' ? 'no-host' : record.upstream === 'connect-failure' ? 'failed' : 'opened';
  recordUpstreamConnection(stats, clusterName, record.upstreamHost, connection, record.bytesReceived, record.bytesSent);
}

/**
 * How a request or connection reached an endpoint: over a connection it `opened`, one it `reused`, or not at all
 * because the connection `failed` or the cluster had no endpoint to pick (`no-host`).
 */
type UpstreamConnection = 'opened' | 'reused' | 'failed' | 'no-host';

/** The cluster's and endpoint's connection counters, and the bytes written to and read from the endpoint. */
function recordUpstreamConnection(
  stats: GatewayStats, clusterName: string, host: string | undefined, connection: UpstreamConnection, bytesSent: number, bytesReceived: number,
): void {
  const cluster = (stat: string, by?: number): void => addTo(stats, clusterStatName(clusterName, stat), by);
  const endpoint = (stat: 'cx_total' | 'cx_connect_fail'): void => {
    if (host !== undefined) {
      stats.incrementHost(clusterName, host, stat);
    }
  };
  if (connection === 'no-host') {
    cluster('upstream_cx_none_healthy');
    return;
  }
  if (connection !== 'reused') {
    cluster('upstream_cx_total');
    endpoint('cx_total');
  }
  if (connection === 'failed') {
    cluster('upstream_cx_connect_fail');
    endpoint('cx_connect_fail');
    return;
  }
  cluster('upstream_cx_tx_bytes_total', bytesSent);
  cluster('upstream_cx_rx_bytes_total', bytesReceived);
}

/** Adds to a route's statistics (`vhost.<vhost>.route.<stat_prefix>.<stat>`). */
type RouteStatCounter = (stat: string) => void;

function routeStats(stats: GatewayStats, virtualHost: string, routeStatPrefix: string): RouteStatCounter {
  return (stat) => stats.increment(routeStatName(virtualHost, routeStatPrefix, stat));
}

/** The status code the router charges for an attempt that ended without a response. */
const LOCAL_STATUS: Readonly<Record<Exclude<UpstreamAttemptOutcome, 'response'>, number>> = {
  'connect-failure': 503, 'no-healthy-upstream': 503, 'reset': 503, 'per-try-timeout': 504, 'timeout': 504,
};

function recordUpstreamRequest(stats: GatewayStats, request: UpstreamRequestRecord, route?: RouteStatCounter): void {
  const cluster = (stat: string): void => stats.increment(clusterStatName(request.cluster, stat));
  const count = (stat: string): void => {
    cluster(stat);
    route?.(stat);
  };
  route?.('upstream_rq_total');
  request.attempts.forEach((attempt, index) => {
    const retried = index < request.attempts.length - 1;
    recordAttempt(stats, request.cluster, attempt);
    const status = attempt.outcome === 'response' ? attempt.status ?? 0 : LOCAL_STATUS[attempt.outcome];
    if (retried) {
      count('upstream_rq_retry');
      if (attempt.outcome === 'response') {
        cluster(`retry.upstream_rq_${status}`);
        cluster(`retry.upstream_rq_${Math.floor(status / 100)}xx`);
      }
      return;
    }
    cluster('upstream_rq_completed');
    count(`upstream_rq_${status}`);
    count(`upstream_rq_${Math.floor(status / 100)}xx`);
    if (attempt.outcome === 'timeout') {
      count('upstream_rq_timeout');
    }
  });
  const last = request.attempts[request.attempts.length - 1];
  if (request.retryLimitExceeded) {
    count('upstream_rq_retry_limit_exceeded');
  } else if (request.attempts.length > 1 && last.outcome !== 'timeout') {
    count('upstream_rq_retry_success');
  }
}

/** The cluster's and endpoint's connection and request counters for one attempt. */
function recordAttempt(stats: GatewayStats, clusterName: string, attempt: UpstreamAttempt): void {
  const cluster = (stat: string): void => stats.increment(clusterStatName(clusterName, stat));
  const host = (stat: Parameters<GatewayStats['incrementHost']>[2]): void => {
    if (attempt.host !== undefined) {
      stats.incrementHost(clusterName, attempt.host, stat);
    }
  };
  const connection: UpstreamConnection = attempt.outcome === 'no-healthy-upstream' ? 'no-host'
    : attempt.outcome === 'connect-failure' ? 'failed' : attempt.newConnection ? 'opened' : 'reused';
  recordUpstreamConnection(stats, clusterName, attempt.host, connection, attempt.bytesSent ?? 0, attempt.bytesReceived ?? 0);
  if (connection === 'no-host') {
    return;
  }
  if (connection === 'failed') {
    host('rq_error');
    return;
  }
  cluster('upstream_rq_total');
  host('rq_total');
  if (attempt.outcome === 'per-try-timeout') {
    cluster('upstream_rq_per_try_timeout');
  }
  if (attempt.outcome === 'per-try-timeout' || attempt.outcome === 'timeout') {
    host('rq_timeout');
  }
  host(attempt.outcome === 'response' && (attempt.status ?? 0) < 500 ? 'rq_success' : 'rq_error');
}

/**
 * Adds to a counter; adds nothing for 0, as Envoy adds bytes only as they flow (adding 0 would mark the counter used).
 */
function addTo(stats: GatewayStats, stat: StatName, by: number = 1): void {
  if (by > 0) {
    stats.increment(stat, by);
  }
}

/**
 * A connection an upstream pool opened or closed: the cluster's `upstream_cx_total` and the endpoint's `cx_total` count
 * each one opened, the endpoint's `cx_active` gauge follows both.
 */
export function recordPooledConnection(stats: GatewayStats, cluster: string, endpoint: string, opened: boolean): void {
  if (opened) {
    stats.increment(clusterStatName(cluster, 'upstream_cx_total'));
    stats.incrementHost(cluster, endpoint, 'cx_total');
  }
  stats.adjustHostGauge(cluster, endpoint, 'cx_active', opened ? 1 : -1);
}
