/**
 * The admin endpoint over real HTTP on 127.0.0.1, answering as Envoy's admin does (envoy source/server/admin/admin.cc,
 * clusters_handler.cc, listeners_handler.cc, server_info_handler.cc, stats_handler.cc, config_dump_handler.cc).
 */
import * as http from 'http';
import * as net from 'net';
import { AdminServer, AdminSource, ServerState, startAdminServer } from '../../src/proxy/admin-server';
import { GatewayStats } from '../../src/proxy/stats';
import { declareClusterStats, recordHttpRequest } from '../../src/proxy/stats-recorder';

const WEB = 'outbound|80||web.default.svc.cluster.local';
const ADMIN = 'type.googleapis.com/envoy.admin.v3.';

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function request(server: AdminServer, path: string, method: string = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const CONFIG_DUMP = {
  configs: [
    { '@type': `${ADMIN}BootstrapConfigDump`, 'bootstrap': { node: { id: 'router~10.0.0.9~gw.istio-system~istio-system.svc.cluster.local' } } },
    {
      '@type': `${ADMIN}ListenersConfigDump`,
      'dynamic_listeners': [
        { name: '0.0.0.0_8080', active_state: { listener: { name: '0.0.0.0_8080' } } },
        { name: '0.0.0.0_8443', active_state: { listener: { name: '0.0.0.0_8443' } } },
      ],
    },
    { '@type': `${ADMIN}RoutesConfigDump`, 'dynamic_route_configs': [{ route_config: { name: 'http.8080' } }] },
    {
      '@type': `${ADMIN}ClustersConfigDump`,
      'dynamic_active_clusters': [{ cluster: { name: WEB } }, { cluster: { name: 'BlackHoleCluster' } }],
    },
  ],
};

/** A gateway with one HTTP listener, one cluster of one endpoint, and two requests recorded. */
function source(state: { ready: boolean; state?: ServerState } = { ready: true }): AdminSource {
  const stats = new GatewayStats();
  declareClusterStats(stats, WEB);
  const attempt = { host: '10.0.0.1:8080', outcome: 'response', status: 200, newConnection: true } as const;
  const base = { statPrefix: 'outbound_0.0.0.0_8080;', protocol: 'HTTP/1.1', outcome: 'upstream', bytesReceived: 0, bytesSent: 2 } as const;
  recordHttpRequest(stats, { ...base, status: 200, upstream: { cluster: WEB, attempts: [attempt] } });
  recordHttpRequest(stats, { ...base, status: 503, upstream: { cluster: WEB, attempts: [{ ...attempt, status: 503, newConnection: false }] } });
  return {
    stats,
    configDump: () => CONFIG_DUMP,
    listeners: () => [{ name: '0.0.0.0_8080', address: '127.0.0.1', port: 41000 }, { name: 'v6', address: '::1', port: 41001 }],
    clusters: () => [{ name: WEB, endpoints: [{ address: '10.0.0.1', port: 8080 }] }, { name: 'BlackHoleCluster', endpoints: [] }],
    ready: () => state.ready,
    state: state.state === undefined ? undefined : () => state.state as ServerState,
  };
}

describe('the admin endpoint', () => {
  let server: AdminServer;
  let gateway: AdminSource;

  beforeEach(async () => {
    gateway = source();
    server = await startAdminServer(gateway);
  });

  afterEach(async () => {
    await server.close();
  });

  test('it listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  test('/ready answers LIVE with a 200, plain text, no-cache and nosniff', async () => {
    const reply = await request(server, '/ready');
    expect(reply).toMatchObject({ status: 200, body: 'LIVE\n' });
    expect(reply.headers).toMatchObject({
      'content-type': 'text/plain; charset=UTF-8', 'cache-control': 'no-cache, max-age=0', 'x-content-type-options': 'nosniff',
    });
  });

  test('/server_info is JSON with the state and a version naming this library', async () => {
    const reply = await request(server, '/server_info');
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body)).toEqual(expect.objectContaining({
      state: 'LIVE', version: expect.stringMatching(/^cdk8s-istio-gateway\//), uptime_current_epoch: expect.stringMatching(/^\d+s$/),
    }));
  });

  test('/listeners: name::address:port per line (IPv6 in brackets), or listener_statuses with ?format=json', async () => {
    expect((await request(server, '/listeners')).body).toBe('0.0.0.0_8080::127.0.0.1:41000\nv6::[::1]:41001\n');
    expect(JSON.parse((await request(server, '/listeners?format=json')).body)).toEqual({
      listener_statuses: [
        { name: '0.0.0.0_8080', local_address: { socket_address: { address: '127.0.0.1', port_value: 41000 } } },
        { name: 'v6', local_address: { socket_address: { address: '::1', port_value: 41001 } } },
      ],
    });
  });

  test('/clusters: thresholds, added_via_api, then each endpoint\'s statistics from what was recorded', async () => {
    const host = `${WEB}::10.0.0.1:8080`;
    expect((await request(server, '/clusters')).body).toBe([
      'BlackHoleCluster::default_priority::max_connections::4294967295',
      'BlackHoleCluster::default_priority::max_pending_requests::4294967295',
      'BlackHoleCluster::default_priority::max_requests::4294967295',
      'BlackHoleCluster::default_priority::max_retries::4294967295',
      'BlackHoleCluster::high_priority::max_connections::1024',
      'BlackHoleCluster::high_priority::max_pending_requests::1024',
      'BlackHoleCluster::high_priority::max_requests::1024',
      'BlackHoleCluster::high_priority::max_retries::3',
      'BlackHoleCluster::added_via_api::true',
      `${WEB}::default_priority::max_connections::4294967295`,
      `${WEB}::default_priority::max_pending_requests::4294967295`,
      `${WEB}::default_priority::max_requests::4294967295`,
      `${WEB}::default_priority::max_retries::4294967295`,
      `${WEB}::high_priority::max_connections::1024`,
      `${WEB}::high_priority::max_pending_requests::1024`,
      `${WEB}::high_priority::max_requests::1024`,
      `${WEB}::high_priority::max_retries::3`,
      `${WEB}::added_via_api::true`,
      `${host}::cx_active::0`,
      `${host}::cx_connect_fail::0`,
      `${host}::cx_total::1`,
      `${host}::rq_active::0`,
      `${host}::rq_error::1`,
      `${host}::rq_success::1`,
      `${host}::rq_timeout::0`,
      `${host}::rq_total::2`,
      `${host}::hostname::`,
      `${host}::health_flags::healthy`,
      `${host}::weight::1`,
      `${host}::region::`,
      `${host}::zone::`,
      `${host}::sub_zone::`,
      `${host}::canary::false`,
      `${host}::priority::0`,
      `${host}::success_rate::-1`,
      `${host}::local_origin_success_rate::-1`,
      '',
    ].join('\n'));
  });

  test('/clusters?format=json: protobuf JSON, zero counts left out, counts as strings, gauges typed', async () => {
    const reply = JSON.parse((await request(server, '/clusters?format=json')).body) as { cluster_statuses: Record<string, unknown>[] };
    expect(reply.cluster_statuses.map((c) => c.name)).toEqual(['BlackHoleCluster', WEB]);
    expect(reply.cluster_statuses[1]).toEqual({
      name: WEB,
      added_via_api: true,
      host_statuses: [{
        address: { socket_address: { address: '10.0.0.1', port_value: 8080 } },
        stats: [
          { name: 'cx_connect_fail' }, { value: '1', name: 'cx_total' }, { value: '1', name: 'rq_error' }, { value: '1', name: 'rq_success' },
          { name: 'rq_timeout' }, { value: '2', name: 'rq_total' }, { type: 'GAUGE', name: 'cx_active' }, { type: 'GAUGE', name: 'rq_active' },
        ],
        health_status: { eds_health_status: 'HEALTHY' },
        weight: 1,
        locality: {},
      }],
      circuit_breakers: {
        thresholds: [
          { max_connections: 4294967295, max_pending_requests: 4294967295, max_requests: 4294967295, max_retries: 4294967295 },
          { priority: 'HIGH', max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 },
        ],
      },
    });
  });

  test('/stats lists the counters; ?filter= and ?usedonly select them; ?format=json is compact JSON', async () => {
    const all = (await request(server, '/stats')).body;
    expect(all).toContain(`cluster.${WEB};.upstream_rq_timeout: 0\n`);
    expect(all).toContain(`cluster.${WEB};.upstream_rq_total: 2\n`);
    expect((await request(server, '/stats?filter=upstream_rq_%5B0-9%5D%2B$')).body)
      .toBe(`cluster.${WEB};.upstream_rq_200: 1\ncluster.${WEB};.upstream_rq_503: 1\n`);
    expect((await request(server, '/stats?filter=upstream_rq_[0-9]+$')).body)
      .toBe(`cluster.${WEB};.upstream_rq_200: 1\ncluster.${WEB};.upstream_rq_503: 1\n`);
    expect((await request(server, '/stats?usedonly')).body).not.toContain('upstream_rq_timeout');
    const json = await request(server, `/stats?format=json&filter=${encodeURIComponent('_rq_200$')}`);
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.body).toBe(`{"stats":[{"name":"cluster.${WEB};.upstream_rq_200","value":1}]}`);
  });

  test('/stats refuses an expression it cannot read and a format it does not know', async () => {
    expect(await request(server, '/stats?filter=(')).toMatchObject({ status: 400, body: 'Invalid re2 regex' });
    expect(await request(server, '/stats?format=yaml')).toMatchObject({ status: 400, body: expect.stringContaining('usage: /stats?format=') });
  });

  test('/stats/prometheus and /stats?format=prometheus are the Prometheus text', async () => {
    const text = (await request(server, '/stats/prometheus?filter=upstream_rq_2')).body;
    expect(text).toBe(`# TYPE envoy_cluster_upstream_rq counter\nenvoy_cluster_upstream_rq{cluster_name="${WEB}",response_code="200"} 1\n`
      + `envoy_cluster_upstream_rq{cluster_name="${WEB}",response_code_class="2xx"} 1\n\n`);
    expect((await request(server, '/stats?format=prometheus&filter=upstream_rq_2')).body).toBe(text);
  });

  test('/config_dump is the whole dump, indented one space a level as Envoy\'s protobuf JSON', async () => {
    const reply = await request(server, '/config_dump');
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body)).toEqual(CONFIG_DUMP);
    expect(reply.body.startsWith('{\n "configs": [\n  {\n   "@type"')).toBe(true);
  });

  test('/config_dump?resource= lists the elements of a repeated field, each with its own @type', async () => {
    expect(JSON.parse((await request(server, '/config_dump?resource=dynamic_listeners')).body)).toEqual({
      configs: [
        { '@type': `${ADMIN}ListenersConfigDump.DynamicListener`, 'name': '0.0.0.0_8080', 'active_state': { listener: { name: '0.0.0.0_8080' } } },
        { '@type': `${ADMIN}ListenersConfigDump.DynamicListener`, 'name': '0.0.0.0_8443', 'active_state': { listener: { name: '0.0.0.0_8443' } } },
      ],
    });
    expect(JSON.parse((await request(server, '/config_dump?resource=static_listeners')).body)).toEqual({ configs: [] });
  });

  test('/config_dump?resource= of a field that is not repeated is a 400; of no field a 404', async () => {
    expect(await request(server, '/config_dump?resource=bootstrap'))
      .toMatchObject({ status: 400, body: 'bootstrap is not a repeated field. Use ?mask=bootstrap to get only this field' });
    expect(await request(server, '/config_dump?resource=nothing')).toMatchObject({ status: 404, body: 'nothing not found in config dump' });
  });

  test('/config_dump?name_regex= keeps the resources whose names match in full', async () => {
    const outbound = encodeURIComponent('outbound\\|.*');
    const clusters = JSON.parse((await request(server, `/config_dump?resource=dynamic_active_clusters&name_regex=${outbound}`)).body);
    expect(clusters).toEqual({ configs: [{ '@type': `${ADMIN}ClustersConfigDump.DynamicCluster`, 'cluster': { name: WEB } }] });
    const dump = JSON.parse((await request(server, '/config_dump?name_regex=0.0.0.0_8443')).body) as typeof CONFIG_DUMP;
    expect(dump.configs[1].dynamic_listeners?.map((l) => l.name)).toEqual(['0.0.0.0_8443']);
    expect(dump.configs[3].dynamic_active_clusters).toEqual([]);
    expect(dump.configs[0]).toEqual(CONFIG_DUMP.configs[0]);
    expect((await request(server, '/config_dump?name_regex=(')).status).toBe(400);
  });

  test('/help and / list every endpoint by path with what it does, (POST) on those that change state', async () => {
    const help = (await request(server, '/help')).body;
    expect(help.split('\n').filter((l) => l.startsWith('  /'))).toEqual([
      '  /: Admin home page',
      '  /clusters: upstream cluster status',
      '  /config_dump: dump current Envoy configs (experimental)',
      '  /help: print out list of admin commands',
      '  /listeners: print listener info',
      '  /ready: print server state, return 200 if LIVE, otherwise return 503',
      '  /reset_counters (POST): reset all counters to zero',
      '  /server_info: print server version/status information',
      '  /stats: print server stats',
      '  /stats/prometheus: print server stats in prometheus format',
    ]);
    expect(help).toMatch(/^admin commands are:\n/);
    expect(help).toContain('      format: File format to use; One of (text, json)\n');
    expect((await request(server, '/')).body).toBe(help);
  });

  test('an unknown path is a 404: "invalid path. " and the help text', async () => {
    const reply = await request(server, '/nope?x=1');
    expect(reply.status).toBe(404);
    expect(reply.body).toBe(`invalid path. ${(await request(server, '/help')).body}`);
  });

  test('/reset_counters answers only POST; POST sets every counter to 0', async () => {
    expect(await request(server, '/reset_counters')).toMatchObject({ status: 405, body: 'Method GET not allowed, POST required.' });
    expect(gateway.stats.counter(`cluster.${WEB};.upstream_rq_total`)).toBe(2);
    expect(await request(server, '/reset_counters', 'POST')).toMatchObject({ status: 200, body: 'OK\n' });
    expect(gateway.stats.counter(`cluster.${WEB};.upstream_rq_total`)).toBe(0);
    expect((await request(server, '/stats?usedonly&filter=upstream_rq_total')).body).toBe(`cluster.${WEB};.upstream_rq_total: 0\n`);
  });
});

describe('the server state', () => {
  test.each([
    [{ ready: false }, 'PRE_INITIALIZING'],
    [{ ready: false, state: 'DRAINING' as const }, 'DRAINING'],
  ])('%o: /ready answers %s with a 503, /server_info names it', async (state, name) => {
    const server = await startAdminServer(source(state));
    try {
      expect(await request(server, '/ready')).toMatchObject({ status: 503, body: `${name}\n` });
      expect(JSON.parse((await request(server, '/server_info')).body).state).toBe(name);
    } finally {
      await server.close();
    }
  });
});

describe('closing', () => {
  test('close() ends a connection in the middle of a request and stops listening', async () => {
    const server = await startAdminServer(source());
    const socket = net.connect(server.port, '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Headers not finished: the connection is busy, so closing the server must close it rather than wait for it.
      socket.write('GET /ready HTTP/1.1\r\nHost: admin\r\n');
      await new Promise((resolve) => setImmediate(resolve));
      await server.close();
      await socketClosed;
      await expect(request(server, '/ready')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      socket.destroy();
    }
  });

  test('a port that is taken is an error', async () => {
    const first = await startAdminServer(source());
    try {
      await expect(startAdminServer(source(), { port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
