/**
 * The statistics each recorded event moves, named as Envoy names them (envoy docs config_http_conn_man_stats,
 * config_http_filters_router_stats, config_cluster_manager_cluster_stats, config_http_filters_fault_injection_stats,
 * config_network_filters_tcp_proxy_stats; source/common/router/router.cc for the endpoint statistics).
 */
import { GatewayStats } from '../../src/proxy/stats';
import {
  declareClusterStats, declareHttpConnectionManagerStats, declareListenerStats, declareTcpProxyStats, HttpRequestRecord,
  recordHttpConnection, recordHttpRequest, recordListenerConnection, recordTcpConnection,
} from '../../src/proxy/stats-recorder';

const PREFIX = 'outbound_0.0.0.0_8080;';
const WEB = 'outbound|80||web.default.svc.cluster.local';
const HOST = '10.0.0.1:8080';
const VHOST = 'example.com:80';

/** The counters the store holds that something added to, without the zeros. */
function nonZero(stats: GatewayStats): Record<string, number> {
  return Object.fromEntries([...stats.counters()].filter(([, v]) => v > 0));
}

function request(overrides: Partial<HttpRequestRecord>): HttpRequestRecord {
  return { statPrefix: PREFIX, protocol: 'HTTP/1.1', outcome: 'upstream', status: 200, bytesReceived: 0, bytesSent: 0, ...overrides };
}

describe('recordHttpRequest', () => {
  test('a 200 from the cluster: the connection manager, router, cluster and endpoint counters, and the route summary', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({
      virtualHost: VHOST,
      route: 'web',
      bytesReceived: 12,
      bytesSent: 340,
      upstream: {
        cluster: WEB,
        attempts: [{ host: HOST, outcome: 'response', status: 200, newConnection: true, bytesSent: 120, bytesReceived: 450 }],
      },
    }));
    expect(nonZero(stats)).toEqual({
      [`cluster.${WEB};.upstream_cx_rx_bytes_total`]: 450,
      [`cluster.${WEB};.upstream_cx_total`]: 1,
      [`cluster.${WEB};.upstream_cx_tx_bytes_total`]: 120,
      [`cluster.${WEB};.upstream_rq_200`]: 1,
      [`cluster.${WEB};.upstream_rq_2xx`]: 1,
      [`cluster.${WEB};.upstream_rq_completed`]: 1,
      [`cluster.${WEB};.upstream_rq_total`]: 1,
      [`http.${PREFIX}.downstream_rq_2xx`]: 1,
      [`http.${PREFIX}.downstream_rq_completed`]: 1,
      [`http.${PREFIX}.downstream_rq_http1_total`]: 1,
      [`http.${PREFIX}.downstream_rq_total`]: 1,
      [`http.${PREFIX}.rq_total`]: 1,
    });
    expect(stats.hostStatistics(WEB, HOST)).toMatchObject({ cx_total: 1, rq_total: 1, rq_success: 1, rq_error: 0 });
    expect(stats.routeStatistics()).toEqual([
      {
        virtualHost: VHOST,
        route: 'web',
        cluster: WEB,
        requests: 1,
        responses2xx: 1,
        responses3xx: 0,
        responses4xx: 0,
        responses5xx: 0,
        bytesReceived: 12,
        bytesSent: 340,
      },
    ]);
  });

  test('no route: no_route and a 4xx, nothing for any cluster, no route summary', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ outcome: 'no-route', status: 404, protocol: 'HTTP/2', virtualHost: VHOST }));
    expect(nonZero(stats)).toEqual({
      [`http.${PREFIX}.downstream_rq_4xx`]: 1,
      [`http.${PREFIX}.downstream_rq_completed`]: 1,
      [`http.${PREFIX}.downstream_rq_http2_total`]: 1,
      [`http.${PREFIX}.downstream_rq_total`]: 1,
      [`http.${PREFIX}.no_route`]: 1,
      [`http.${PREFIX}.rq_total`]: 1,
    });
    expect(stats.routeStatistics()).toEqual([]);
  });

  test('a redirect counts as a direct response, in the route summary without a cluster', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ outcome: 'direct-response', status: 301, virtualHost: VHOST, route: 'moved' }));
    expect(stats.counter(`http.${PREFIX}.rq_direct_response`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.rq_redirect`)).toBe(0);
    expect(stats.routeStatistics()).toEqual([expect.objectContaining({ route: 'moved', requests: 1, responses3xx: 1 })]);
    expect(stats.routeStatistics()[0].cluster).toBeUndefined();
  });

  test('an unknown cluster counts in no_cluster', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ outcome: 'no-cluster', status: 503 }));
    expect(stats.counter(`http.${PREFIX}.no_cluster`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.downstream_rq_5xx`)).toBe(1);
  });

  test('a fault abort counts in fault.aborts_injected and never reaches the router; a delay in fault.delays_injected', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ outcome: 'fault-abort', status: 418, virtualHost: VHOST, route: 'web' }));
    recordHttpRequest(stats, request({
      faultDelayed: true, virtualHost: VHOST, route: 'web', upstream: { cluster: WEB, attempts: [{ host: HOST, outcome: 'response', status: 200 }] },
    }));
    expect(stats.counter(`http.${PREFIX}.fault.aborts_injected`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.fault.delays_injected`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.rq_total`)).toBe(1);
    expect(stats.routeStatistics()).toEqual([
      expect.objectContaining({ requests: 1, responses4xx: 1 }),
      expect.objectContaining({ cluster: WEB, requests: 1, responses2xx: 1 }),
    ]);
  });

  test('a response another filter sent before the router counts only in the connection manager', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ outcome: 'filter-response', status: 403 }));
    expect(nonZero(stats)).toEqual({
      [`http.${PREFIX}.downstream_rq_4xx`]: 1,
      [`http.${PREFIX}.downstream_rq_completed`]: 1,
      [`http.${PREFIX}.downstream_rq_http1_total`]: 1,
      [`http.${PREFIX}.downstream_rq_total`]: 1,
    });
  });

  test('a request with no response sent (status 0) counts in downstream_rq_total only', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ status: 0, upstream: { cluster: WEB, attempts: [{ host: HOST, outcome: 'reset' }] } }));
    expect(stats.counter(`http.${PREFIX}.downstream_rq_total`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.downstream_rq_completed`)).toBe(0);
  });

  test('503 then 200: the retried 503 counts under retry., the final 200 as the response (envoy docs retry statistics)', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({
      upstream: {
        cluster: WEB,
        attempts: [{ host: HOST, outcome: 'response', status: 503 }, { host: '10.0.0.2:8080', outcome: 'response', status: 200 }],
      },
    }));
    const cluster = (stat: string): number => stats.counter(`cluster.${WEB};.${stat}`);
    expect([cluster('retry.upstream_rq_503'), cluster('upstream_rq_503'), cluster('upstream_rq_200')]).toEqual([1, 0, 1]);
    expect([cluster('upstream_rq_total'), cluster('upstream_rq_retry'), cluster('upstream_rq_retry_success'), cluster('upstream_rq_completed')])
      .toEqual([2, 1, 1, 1]);
    expect(stats.hostStatistics(WEB, HOST)).toMatchObject({ rq_total: 1, rq_error: 1, rq_success: 0 });
    expect(stats.hostStatistics(WEB, '10.0.0.2:8080')).toMatchObject({ rq_total: 1, rq_success: 1 });
  });

  test('failed connections until the retry limit: 503 charged, no request attached, connect failures on the endpoint', () => {
    const stats = new GatewayStats();
    const failure = { host: HOST, outcome: 'connect-failure' } as const;
    recordHttpRequest(stats, request({ status: 503, upstream: { cluster: WEB, attempts: [failure, failure, failure], retryLimitExceeded: true } }));
    const cluster = (stat: string): number => stats.counter(`cluster.${WEB};.${stat}`);
    expect({
      connectFail: cluster('upstream_cx_connect_fail'),
      connections: cluster('upstream_cx_total'),
      requests: cluster('upstream_rq_total'),
      retries: cluster('upstream_rq_retry'),
      limit: cluster('upstream_rq_retry_limit_exceeded'),
      success: cluster('upstream_rq_retry_success'),
      code: cluster('upstream_rq_503'),
    }).toEqual({ connectFail: 3, connections: 3, requests: 0, retries: 2, limit: 1, success: 0, code: 1 });
    expect(stats.hostStatistics(WEB, HOST)).toMatchObject({ cx_total: 3, cx_connect_fail: 3, rq_total: 0, rq_error: 3 });
  });

  test('no healthy endpoint: upstream_cx_none_healthy and a 503 with no endpoint', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ status: 503, upstream: { cluster: WEB, attempts: [{ outcome: 'no-healthy-upstream' }] } }));
    expect(stats.counter(`cluster.${WEB};.upstream_cx_none_healthy`)).toBe(1);
    expect(stats.counter(`cluster.${WEB};.upstream_rq_503`)).toBe(1);
    expect(stats.counter(`cluster.${WEB};.upstream_cx_total`)).toBe(0);
  });

  test('the route timeout: upstream_rq_timeout and a 504, rq_timeout on the endpoint', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({ status: 504, upstream: { cluster: WEB, attempts: [{ host: HOST, outcome: 'timeout' }] } }));
    expect(stats.counter(`cluster.${WEB};.upstream_rq_timeout`)).toBe(1);
    expect(stats.counter(`cluster.${WEB};.upstream_rq_504`)).toBe(1);
    expect(stats.hostStatistics(WEB, HOST)).toMatchObject({ rq_total: 1, rq_timeout: 1, rq_error: 1 });
  });

  test('a per-try timeout retried, then a 200', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({
      upstream: { cluster: WEB, attempts: [{ host: HOST, outcome: 'per-try-timeout' }, { host: HOST, outcome: 'response', status: 200 }] },
    }));
    expect(stats.counter(`cluster.${WEB};.upstream_rq_per_try_timeout`)).toBe(1);
    expect(stats.counter(`cluster.${WEB};.upstream_rq_504`)).toBe(0);
    expect(stats.counter(`cluster.${WEB};.upstream_rq_retry_success`)).toBe(1);
  });

  test('a route with a stat_prefix has its own statistics under vhost.<vhost>.route.<stat_prefix>', () => {
    const stats = new GatewayStats();
    recordHttpRequest(stats, request({
      virtualHost: VHOST,
      route: 'checkout-route',
      routeStatPrefix: 'checkout',
      upstream: { cluster: WEB, attempts: [{ host: HOST, outcome: 'response', status: 503 }, { host: HOST, outcome: 'response', status: 201 }] },
    }));
    expect(Object.entries(nonZero(stats)).filter(([name]) => name.startsWith('vhost.'))).toEqual([
      ['vhost.example.com_80.route.checkout.upstream_rq_201', 1],
      ['vhost.example.com_80.route.checkout.upstream_rq_2xx', 1],
      ['vhost.example.com_80.route.checkout.upstream_rq_retry', 1],
      ['vhost.example.com_80.route.checkout.upstream_rq_retry_success', 1],
      ['vhost.example.com_80.route.checkout.upstream_rq_total', 1],
    ]);
  });

  test('a mirrored copy moves the mirror cluster\'s statistics, not the connection manager\'s', () => {
    const stats = new GatewayStats();
    const MIRROR = 'outbound|80||shadow.default.svc.cluster.local';
    recordHttpRequest(stats, request({
      upstream: { cluster: WEB, attempts: [{ host: HOST, outcome: 'response', status: 200 }] },
      mirrors: [{ cluster: MIRROR, attempts: [{ host: '10.0.0.9:80', outcome: 'response', status: 500 }] }],
    }));
    expect(stats.counter(`cluster.${MIRROR};.upstream_rq_total`)).toBe(1);
    expect(stats.counter(`cluster.${MIRROR};.upstream_rq_500`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.downstream_rq_total`)).toBe(1);
    expect(stats.counter(`http.${PREFIX}.downstream_rq_5xx`)).toBe(0);
  });
});

describe('connections', () => {
  test('a listener counts the connections it accepted; one no filter chain matched counts only in no_filter_chain_match', () => {
    const stats = new GatewayStats();
    recordListenerConnection(stats, { listener: '0.0.0.0:8443', filterChainMatched: true });
    recordListenerConnection(stats, { listener: '0.0.0.0:8443', filterChainMatched: false });
    recordListenerConnection(stats, { listener: '0.0.0.0:8443', filterChainMatched: false });
    expect(nonZero(stats)).toEqual({ 'listener.0.0.0.0_8443.downstream_cx_total': 1, 'listener.0.0.0.0_8443.no_filter_chain_match': 2 });
  });

  test('an HTTP connection counts by version and TLS, with its bytes', () => {
    const stats = new GatewayStats();
    recordHttpConnection(stats, { statPrefix: PREFIX, protocol: 'HTTP/2', tls: true, bytesReceived: 300, bytesSent: 1200 });
    expect(nonZero(stats)).toEqual({
      [`http.${PREFIX}.downstream_cx_http2_total`]: 1,
      [`http.${PREFIX}.downstream_cx_rx_bytes_total`]: 300,
      [`http.${PREFIX}.downstream_cx_ssl_total`]: 1,
      [`http.${PREFIX}.downstream_cx_total`]: 1,
      [`http.${PREFIX}.downstream_cx_tx_bytes_total`]: 1200,
    });
  });

  test('a TCP connection: tcp.<stat_prefix> counters and the cluster\'s connection and bytes', () => {
    const stats = new GatewayStats();
    const DB = 'outbound|3306||db.default.svc.cluster.local';
    const endpoint = { cluster: DB, upstreamHost: '10.0.0.5:3306' };
    recordTcpConnection(stats, { statPrefix: DB, ...endpoint, upstream: 'connected', bytesReceived: 80, bytesSent: 2048 });
    expect(nonZero(stats)).toEqual({
      [`cluster.${DB};.upstream_cx_rx_bytes_total`]: 2048,
      [`cluster.${DB};.upstream_cx_total`]: 1,
      [`cluster.${DB};.upstream_cx_tx_bytes_total`]: 80,
      [`tcp.${DB}.downstream_cx_rx_bytes_total`]: 80,
      [`tcp.${DB}.downstream_cx_total`]: 1,
      [`tcp.${DB}.downstream_cx_tx_bytes_total`]: 2048,
    });
    expect(stats.hostStatistics(DB, '10.0.0.5:3306').cx_total).toBe(1);
  });

  test('a TCP connection with no route, one whose connection failed, one with no healthy endpoint', () => {
    const stats = new GatewayStats();
    const DB = 'outbound|3306||db.default.svc.cluster.local';
    recordTcpConnection(stats, { statPrefix: 'tcp-in', bytesReceived: 0, bytesSent: 0 });
    const endpoint = { cluster: DB, upstreamHost: '10.0.0.5:3306' };
    recordTcpConnection(stats, { statPrefix: 'tcp-in', ...endpoint, upstream: 'connect-failure', bytesReceived: 0, bytesSent: 0 });
    recordTcpConnection(stats, { statPrefix: 'tcp-in', cluster: DB, upstream: 'no-healthy-upstream', bytesReceived: 0, bytesSent: 0 });
    expect(nonZero(stats)).toEqual({
      [`cluster.${DB};.upstream_cx_connect_fail`]: 1,
      [`cluster.${DB};.upstream_cx_none_healthy`]: 1,
      [`cluster.${DB};.upstream_cx_total`]: 1,
      'tcp.tcp-in.downstream_cx_no_route': 1,
      'tcp.tcp-in.downstream_cx_total': 3,
    });
    expect(stats.hostStatistics(DB, '10.0.0.5:3306')).toMatchObject({ cx_total: 1, cx_connect_fail: 1 });
  });
});

describe('declared counters', () => {
  test('a cluster, a connection manager, a listener and a TCP proxy list their counters at 0, none of them used', () => {
    const stats = new GatewayStats();
    declareClusterStats(stats, WEB);
    declareHttpConnectionManagerStats(stats, PREFIX);
    declareListenerStats(stats, '0.0.0.0:8080');
    declareTcpProxyStats(stats, 'db');
    expect(stats.text({ usedOnly: true })).toBe('');
    expect(stats.text()).toContain(`cluster.${WEB};.upstream_rq_timeout: 0\n`);
    expect(stats.text()).toContain(`http.${PREFIX}.no_route: 0\n`);
    expect(stats.text()).toContain('listener.0.0.0.0_8080.no_filter_chain_match: 0\n');
    expect(stats.text()).toContain('tcp.db.downstream_cx_no_route: 0\n');
  });
});
