/**
 * The statistics store: counters as Envoy's `/stats` lists them (envoy source/server/admin/stats_handler.cc), their
 * Prometheus form (source/server/admin/prometheus_stats.cc with an Istio proxy's tag names), the endpoint statistics
 * `/clusters` shows and the per-route summary.
 */
import { clusterStatName, httpStatName, listenerStatName, routeStatName, tcpStatName } from '../../src/proxy/stat-names';
import { GatewayStats } from '../../src/proxy/stats';

const WEB = 'outbound|80||web.default.svc.cluster.local';

describe('counters', () => {
  test('a counter starts at 0, grows by 1 or by the amount given, and reads 0 before it exists', () => {
    const stats = new GatewayStats();
    expect(stats.counter('a.b')).toBe(0);
    stats.increment('a.b');
    stats.increment('a.b', 41);
    expect(stats.counter('a.b')).toBe(42);
  });

  test('a counter does not go down or grow by a fraction', () => {
    const stats = new GatewayStats();
    expect(() => stats.increment('a', -1)).toThrow(RangeError);
    expect(() => stats.increment('a', 0.5)).toThrow(RangeError);
    expect(stats.counter('a')).toBe(0);
  });

  test('counters() lists every counter sorted by name', () => {
    const stats = new GatewayStats();
    stats.increment('listener.b', 2);
    stats.increment('cluster.a');
    stats.declare('http.c');
    expect([...stats.counters()]).toEqual([['cluster.a', 1], ['http.c', 0], ['listener.b', 2]]);
  });

  test('text() is Envoy\'s /stats text: "name: value" lines sorted by name', () => {
    const stats = new GatewayStats();
    stats.increment('http.x.downstream_rq_total', 3);
    stats.increment('cluster.x.upstream_rq_total');
    expect(stats.text()).toBe('cluster.x.upstream_rq_total: 1\nhttp.x.downstream_rq_total: 3\n');
  });

  test('filter keeps the counters the expression finds a match in; a global expression matches every name afresh', () => {
    const stats = new GatewayStats();
    ['http.a.no_route', 'http.b.no_route', 'http.a.rq_total'].forEach((n) => stats.increment(n));
    expect(stats.text({ filter: /no_route/g })).toBe('http.a.no_route: 1\nhttp.b.no_route: 1\n');
  });

  test('usedOnly leaves out the counters declared and never added to; a reset counter stays used', () => {
    const stats = new GatewayStats();
    stats.declare('cluster.x.upstream_rq_timeout');
    stats.increment('cluster.x.upstream_rq_total', 2);
    expect(stats.text()).toBe('cluster.x.upstream_rq_timeout: 0\ncluster.x.upstream_rq_total: 2\n');
    expect(stats.text({ usedOnly: true })).toBe('cluster.x.upstream_rq_total: 2\n');
    stats.resetCounters();
    expect(stats.text({ usedOnly: true })).toBe('cluster.x.upstream_rq_total: 0\n');
  });

  test('declaring a counter that exists keeps its value', () => {
    const stats = new GatewayStats();
    stats.increment('a', 5);
    stats.declare('a');
    expect(stats.counter('a')).toBe(5);
  });

  test('json() is Envoy\'s /stats?format=json document', () => {
    const stats = new GatewayStats();
    stats.increment('b', 2);
    stats.increment('a');
    expect(stats.json()).toEqual({ stats: [{ name: 'a', value: 1 }, { name: 'b', value: 2 }] });
  });
});

describe('stat names', () => {
  test('a cluster counts under its name and the ";" istiod puts after it; the tag leaves the ";" out', () => {
    expect(clusterStatName(WEB, 'upstream_rq_total')).toEqual({
      name: `cluster.${WEB};.upstream_rq_total`,
      tagExtractedName: 'cluster.upstream_rq_total',
      tags: [{ name: 'cluster_name', value: WEB }],
    });
  });

  test('a response code and a response code class come out as tags', () => {
    expect(clusterStatName(WEB, 'retry.upstream_rq_503')).toEqual({
      name: `cluster.${WEB};.retry.upstream_rq_503`,
      tagExtractedName: 'cluster.retry.upstream_rq',
      tags: [{ name: 'cluster_name', value: WEB }, { name: 'response_code', value: '503' }],
    });
    expect(httpStatName('outbound_0.0.0.0_8080;', 'downstream_rq_4xx')).toEqual({
      name: 'http.outbound_0.0.0.0_8080;.downstream_rq_4xx',
      tagExtractedName: 'http.downstream_rq',
      tags: [{ name: 'http_conn_manager_prefix', value: 'outbound_0.0.0.0_8080' }, { name: 'response_code_class', value: '4xx' }],
    });
  });

  test('":" in a listener address or a virtual host becomes "_", as Envoy sanitizes a scope name', () => {
    expect(listenerStatName('0.0.0.0:8080', 'no_filter_chain_match').name).toBe('listener.0.0.0.0_8080.no_filter_chain_match');
    expect(listenerStatName('0.0.0.0_8080', 'downstream_cx_total').tags).toEqual([{ name: 'listener_address', value: '0.0.0.0_8080' }]);
    expect(routeStatName('example.com:80', 'checkout', 'upstream_rq_200')).toEqual({
      name: 'vhost.example.com_80.route.checkout.upstream_rq_200',
      tagExtractedName: 'vhost.example.com_80.route.checkout.upstream_rq',
      tags: [{ name: 'response_code', value: '200' }],
    });
  });

  test('a TCP proxy counts under tcp.<stat_prefix>', () => {
    expect(tcpStatName('outbound|3306||db.default.svc.cluster.local', 'downstream_cx_total')).toEqual({
      name: 'tcp.outbound|3306||db.default.svc.cluster.local.downstream_cx_total',
      tagExtractedName: 'tcp.downstream_cx_total',
      tags: [{ name: 'tcp_prefix', value: 'outbound|3306||db.default.svc.cluster.local' }],
    });
  });
});

describe('prometheus()', () => {
  test('one # TYPE line per metric, the counters of a metric with their tags as labels, a blank line after each metric', () => {
    const stats = new GatewayStats();
    stats.increment(clusterStatName(WEB, 'upstream_rq_200'), 3);
    stats.increment(clusterStatName(WEB, 'upstream_rq_2xx'), 3);
    stats.increment(clusterStatName(WEB, 'upstream_rq_total'), 4);
    stats.increment(httpStatName('outbound_0.0.0.0_8080;', 'no_route'));
    expect(stats.prometheus()).toBe([
      '# TYPE envoy_cluster_upstream_rq counter',
      `envoy_cluster_upstream_rq{cluster_name="${WEB}",response_code="200"} 3`,
      `envoy_cluster_upstream_rq{cluster_name="${WEB}",response_code_class="2xx"} 3`,
      '',
      '# TYPE envoy_cluster_upstream_rq_total counter',
      `envoy_cluster_upstream_rq_total{cluster_name="${WEB}"} 4`,
      '',
      '# TYPE envoy_http_no_route counter',
      'envoy_http_no_route{http_conn_manager_prefix="outbound_0.0.0.0_8080"} 1',
      '',
      '',
    ].join('\n'));
  });

  test('a name without tags is the whole name behind envoy_, every character outside [a-zA-Z0-9_] made _', () => {
    const stats = new GatewayStats();
    stats.increment('vhost.example.com_80.route.check-out.upstream_rq_total');
    expect(stats.prometheus()).toBe('# TYPE envoy_vhost_example_com_80_route_check_out_upstream_rq_total counter\n'
      + 'envoy_vhost_example_com_80_route_check_out_upstream_rq_total{} 1\n\n');
  });

  test('a label value escapes backslash and double quote', () => {
    const stats = new GatewayStats();
    stats.increment(clusterStatName('a"b\\c', 'upstream_rq_total'));
    expect(stats.prometheus()).toContain('{cluster_name="a\\"b\\\\c"} 1');
  });

  test('the filter and usedOnly select counters by their full names', () => {
    const stats = new GatewayStats();
    stats.increment(clusterStatName(WEB, 'upstream_rq_total'));
    stats.declare(clusterStatName(WEB, 'upstream_rq_timeout'));
    stats.increment(httpStatName('p;', 'rq_total'));
    expect(stats.prometheus({ filter: /^cluster\./, usedOnly: true })).toBe(
      `# TYPE envoy_cluster_upstream_rq_total counter\nenvoy_cluster_upstream_rq_total{cluster_name="${WEB}"} 1\n\n`);
  });
});

describe('endpoint statistics', () => {
  test('counters and gauges of one endpoint; a gauge does not go below 0; a counter reset leaves them', () => {
    const stats = new GatewayStats();
    stats.incrementHost(WEB, '10.0.0.1:8080', 'rq_total', 2);
    stats.incrementHost(WEB, '10.0.0.1:8080', 'rq_success');
    stats.adjustHostGauge(WEB, '10.0.0.1:8080', 'rq_active', 1);
    stats.adjustHostGauge(WEB, '10.0.0.1:8080', 'cx_active', -1);
    stats.resetCounters();
    expect(stats.hostStatistics(WEB, '10.0.0.1:8080')).toEqual({
      cx_active: 0, cx_connect_fail: 0, cx_total: 0, rq_active: 1, rq_error: 0, rq_success: 1, rq_timeout: 0, rq_total: 2,
    });
    expect(stats.hostStatistics(WEB, '10.0.0.2:8080').rq_total).toBe(0);
  });
});

describe('per-route summary', () => {
  test('one summary per virtual host, route and cluster, sorted, with the responses by class and the bytes', () => {
    const stats = new GatewayStats();
    const route = { virtualHost: 'example.com:80', route: 'shop' };
    stats.countRouteRequest({ ...route, cluster: 'v2', status: 503, bytesReceived: 0, bytesSent: 19 });
    stats.countRouteRequest({ ...route, cluster: 'v1', status: 200, bytesReceived: 10, bytesSent: 100 });
    stats.countRouteRequest({ ...route, cluster: 'v1', status: 404, bytesReceived: 0, bytesSent: 9 });
    stats.countRouteRequest({ ...route, status: 301, bytesReceived: 0, bytesSent: 0 });
    stats.countRouteRequest({ ...route, cluster: 'v1', status: 0, bytesReceived: 5, bytesSent: 0 });
    expect(stats.routeStatistics()).toEqual([
      { ...route, requests: 1, responses2xx: 0, responses3xx: 1, responses4xx: 0, responses5xx: 0, bytesReceived: 0, bytesSent: 0 },
      { ...route, cluster: 'v1', requests: 3, responses2xx: 1, responses3xx: 0, responses4xx: 1, responses5xx: 0, bytesReceived: 15, bytesSent: 109 },
      { ...route, cluster: 'v2', requests: 1, responses2xx: 0, responses3xx: 0, responses4xx: 0, responses5xx: 1, bytesReceived: 0, bytesSent: 19 },
    ]);
    expect('cluster' in stats.routeStatistics()[0]).toBe(false);
  });

  test('a counter reset empties it', () => {
    const stats = new GatewayStats();
    stats.countRouteRequest({ virtualHost: 'h', route: 'r', status: 200, bytesReceived: 0, bytesSent: 0 });
    stats.resetCounters();
    expect(stats.routeStatistics()).toEqual([]);
  });
});
