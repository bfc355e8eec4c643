import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { formatRouteTable, RequestError, TrafficEngine } from '../../src';

function engineOf(name: string): TrafficEngine {
  const app = new App({ outdir: '/tmp/unused' });
  EXAMPLES[name](app);
  return TrafficEngine.fromChart(app);
}

describe('routes()', () => {
  test('lists one row per route with the names a live gateway uses', () => {
    const rows = engineOf('article-gateway').routes();
    expect(rows.map((r) => [r.listenerPort, r.name, r.virtualHost, r.match, r.virtualService, r.action])).toEqual([
      [80, 'http.80', 'counter.lab.example.com:80', '/*', 'counter.default', 'outbound|80||counter.default.svc.cluster.local'],
      [443, 'https.443.https.default-gateway.istio-system', 'counter.lab.example.com:443', '/*', 'counter.default', 'outbound|80||counter.default.svc.cluster.local'],
      [3306, 'tcp', '*', '*', 'mysql.default', 'outbound|3306||mysql.default.svc.cluster.local'],
    ]);
  });

  test('shows weighted splits, header conditions and https redirects', () => {
    const canary = engineOf('canary').routes();
    expect(canary.map((r) => r.match)).toEqual(['/reviews* header x-canary exact always', '/reviews*']);
    expect(canary[1].action).toBe('outbound|9080|v1|reviews.shop.svc.cluster.local 90, outbound|9080|v2|reviews.shop.svc.cluster.local 10');
    const httpsOnly = engineOf('https-only').routes();
    expect(httpsOnly.find((r) => r.name === 'http.80')).toMatchObject({ virtualHost: 'secure.example.com:80', action: '301 https redirect' });
  });

  test('formats as aligned columns with a header', () => {
    const table = formatRouteTable(engineOf('article-gateway').routes()).split('\n');
    expect(table[0]).toMatch(/^WORKLOAD\s+PORT\s+NAME\s+VHOST NAME\s+DOMAINS\s+MATCH\s+VIRTUAL SERVICE\s+ACTION$/);
    expect(table).toHaveLength(4);
    expect(table[1].indexOf('http.80')).toBe(table[0].indexOf('NAME'));
  });

  test('an unknown gateway is a RequestError naming the workloads', () => {
    expect(() => engineOf('article-gateway').routes('x/y')).toThrow(RequestError);
    expect(() => engineOf('article-gateway').routes('x/y')).toThrow(/istio-system\/istio-ingressgateway/);
  });
});

describe('configDump()', () => {
  // Compiled in each test, so that each test stands on its own.
  let dump: any;
  let listeners: any;
  let routes: any;
  let clusters: any;
  beforeEach(() => {
    dump = engineOf('article-gateway').configDump();
    [listeners, routes, clusters] = dump.configs;
  });

  test('has Envoy admin config dump sections', () => {
    expect(dump.configs.map((c: any) => c['@type'])).toEqual([
      'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
      'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
      'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
    ]);
  });

  test('names listeners 0.0.0.0_<port> with their filter chains', () => {
    expect(listeners.dynamic_listeners.map((l: any) => l.name)).toEqual(['0.0.0.0_80', '0.0.0.0_443', '0.0.0.0_3306']);
    const https = listeners.dynamic_listeners[1].active_state.listener.filter_chains[0];
    expect(https.transport_socket.typed_config.common_tls_context.tls_certificates).toEqual([{
      certificate_chain: { filename: '/etc/istio/ingressgateway-certs/tls.crt' },
      private_key: { filename: '/etc/istio/ingressgateway-certs/tls.key' },
    }]);
    expect(https.filters[0].typed_config.rds.route_config_name).toBe('https.443.https.default-gateway.istio-system');
    const tcp = listeners.dynamic_listeners[2].active_state.listener.filter_chains[0].filters[0];
    expect(tcp).toMatchObject({ name: 'envoy.filters.network.tcp_proxy', typed_config: { cluster: 'outbound|3306||mysql.default.svc.cluster.local' } });
  });

  test('route configurations carry virtual hosts, routes and the VirtualService metadata', () => {
    const http = routes.dynamic_route_configs[0].route_config;
    expect(http).toMatchObject({ name: 'http.80', validate_clusters: false, ignore_port_in_host_matching: true });
    expect(http.virtual_hosts[0]).toMatchObject({
      name: 'counter.lab.example.com:80',
      domains: ['counter.lab.example.com'],
      routes: [{
        match: { prefix: '/', case_sensitive: true },
        route: { cluster: 'outbound|80||counter.default.svc.cluster.local', timeout: '0s' },
        metadata: { filter_metadata: { istio: { config: '/apis/networking.istio.io/v1/namespaces/default/virtual-service/counter' } } },
      }],
    });
  });

  test('clusters are the destinations of the routes', () => {
    expect(clusters.dynamic_active_clusters.map((c: any) => c.cluster.name)).toEqual([
      'outbound|3306||mysql.default.svc.cluster.local',
      'outbound|80||counter.default.svc.cluster.local',
    ]);
  });

  test('round-trips through JSON', () => {
    expect(JSON.parse(JSON.stringify(dump)).configs).toHaveLength(3);
  });
});
