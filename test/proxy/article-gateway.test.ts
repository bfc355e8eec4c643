/**
 * The article's gateway, run locally: HTTP on 80 and HTTPS on 443 reach the counter Service's stand-in, and the MySQL
 * port 3306 forwards TCP to the database's stand-in, through real sockets on 127.0.0.1.
 */
import * as https from 'https';
import * as net from 'net';
import * as tls from 'tls';
import { echoBackend, Echoed, exampleManifests, greetingTcpBackend, LocalServer, request } from './support';
import { TrafficEngine } from '../../src/engine-entry';
import { startGateway, RunningGateway } from '../../src/proxy-entry';

let counter: LocalServer;
let mysql: LocalServer;
let gateway: RunningGateway;

beforeAll(async () => {
  counter = await echoBackend('counter');
  mysql = await greetingTcpBackend('mysql-greeting\n');
  gateway = await startGateway(exampleManifests('article-gateway'), {
    upstreams: { 'counter.default:80': counter.address, 'mysql:3306': mysql.address },
  });
});

afterAll(async () => {
  await gateway.close();
  await counter.close();
  await mysql.close();
});

test('listens on each gateway port (the Service ports, not the target ports) with its protocol', () => {
  expect(gateway.listeners.map((l) => [l.gatewayPort, l.protocol, l.address])).toEqual([
    [80, 'HTTP', '127.0.0.1'], [443, 'HTTPS', '127.0.0.1'], [3306, 'TCP', '127.0.0.1'],
  ]);
  expect(gateway.url(80, '/x')).toBe(`http://127.0.0.1:${gateway.port(80)}/x`);
  expect(gateway.listeners[1].url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(gateway.listeners[2].url).toMatch(/^tcp:\/\//);
  expect(() => gateway.port(8080)).toThrow('the gateway does not listen on gateway port 8080; it listens on 80, 443, 3306');
});

test('plain HTTP for the counter host reaches the counter Service with the headers Envoy adds', async () => {
  const reply = await request(gateway.port(80), { host: 'counter.lab.example.com', path: '/count?x=1' });
  expect(reply.status).toBe(200);
  expect(reply.headers.server).toBe('istio-envoy');
  expect(reply.headers['x-envoy-upstream-service-time']).toMatch(/^\d+$/);
  const echoed = JSON.parse(reply.body) as Echoed;
  expect(echoed.backend).toBe('counter');
  expect(echoed.url).toBe('/count?x=1');
  expect(echoed.headers.host).toBe('counter.lab.example.com');
  expect(echoed.headers['x-forwarded-proto']).toBe('http');
  expect(echoed.headers['x-forwarded-for']).toBe('127.0.0.1');
  expect(echoed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('a host no virtual host serves gets 404 with no body, as Envoy answers', async () => {
  const reply = await request(gateway.port(80), { host: 'other.example.com' });
  expect(reply.status).toBe(404);
  expect(reply.body).toBe('');
});

test('the decision and the served request agree: the engine routes what the gateway forwards', async () => {
  const engine = TrafficEngine.fromManifests(exampleManifests('article-gateway'));
  const decision = engine.route({ port: 80, host: 'counter.lab.example.com', path: '/' });
  const reply = await request(gateway.port(80), { host: 'counter.lab.example.com' });
  expect(decision.destinations.map((d) => d.host)).toEqual(['counter.default.svc.cluster.local']);
  expect((JSON.parse(reply.body) as Echoed).backend).toBe('counter');
});

test('HTTPS on 443 terminates TLS with a certificate made for the SNI, and routes by Host', async () => {
  const ca = await gateway.certificateAuthority();
  const reply = await new Promise<{ status: number; body: string; cert: tls.PeerCertificate }>((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1',
      port: gateway.port(443),
      path: '/secure',
      servername: 'counter.lab.example.com',
      ca,
      agent: false,
      headers: { host: 'counter.lab.example.com' },
    }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => body += c.toString());
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cert: (res.socket as tls.TLSSocket).getPeerCertificate() }));
    });
    req.on('error', reject);
    req.end();
  });
  expect(reply.status).toBe(200);
  expect(reply.cert.subjectaltname).toContain('DNS:counter.lab.example.com');
  const echoed = JSON.parse(reply.body) as Echoed;
  expect(echoed.url).toBe('/secure');
  expect(echoed.headers['x-forwarded-proto']).toBe('https');
});

test('the MySQL port forwards TCP both ways, the server speaking first', async () => {
  const socket = net.connect(gateway.port(3306), '127.0.0.1');
  const received: string[] = [];
  socket.on('data', (d: Buffer) => received.push(d.toString()));
  await new Promise((resolve) => socket.once('data', resolve));
  socket.write('select 1');
  await new Promise((resolve) => socket.once('data', resolve));
  socket.destroy();
  expect(received.join('')).toBe('mysql-greeting\nSELECT 1');
});

/** GET `path` on the admin endpoint: status and body. */
async function admin(path: string): Promise<{ status: number; body: string }> {
  const port = Number(new URL(gateway.adminUrl).port);
  const reply = await request(port, { path });
  return { status: reply.status, body: reply.body };
}

test('the admin endpoint answers like Envoy\'s: ready, the config dump the engine makes, listeners, stats and clusters', async () => {
  expect(gateway.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await admin('/ready')).toEqual({ status: 200, body: 'LIVE\n' });
  const engine = TrafficEngine.fromManifests(exampleManifests('article-gateway'));
  expect(JSON.parse((await admin('/config_dump')).body)).toEqual(JSON.parse(JSON.stringify(engine.configDump())));
  expect((await admin('/listeners')).body.split('\n').filter((l) => l !== '')).toEqual([
    `0.0.0.0_80::127.0.0.1:${gateway.port(80)}`, `0.0.0.0_443::127.0.0.1:${gateway.port(443)}`, `0.0.0.0_3306::127.0.0.1:${gateway.port(3306)}`,
  ]);
  await request(gateway.port(80), { host: 'nobody.example.com' });
  expect((await admin('/stats?filter=no_route')).body).toMatch(/^http\.outbound_0\.0\.0\.0_80;\.no_route: [1-9]\d*$/m);
  expect((await admin('/clusters')).body).toContain(`outbound|80||counter.default.svc.cluster.local::${counter.address}::rq_total::`);
});

test('per-route statistics count requests, response classes and bytes', async () => {
  const before = gateway.stats().find((s) => s.route === 'counter.default #0' && s.virtualHost === 'counter.lab.example.com:80')?.requests ?? 0;
  await request(gateway.port(80), { host: 'counter.lab.example.com', path: '/stats-check' });
  const entry = gateway.stats().find((s) => s.route === 'counter.default #0' && s.virtualHost === 'counter.lab.example.com:80');
  expect(entry).toMatchObject({ cluster: 'outbound|80||counter.default.svc.cluster.local', requests: before + 1 });
  expect(entry?.responses2xx).toBe(before + 1);
  expect(entry?.bytesSent).toBeGreaterThan(0);
  expect(gateway.counter('cluster.outbound|80||counter.default.svc.cluster.local;.upstream_rq_200')).toBeGreaterThanOrEqual(1);
  // The cluster's byte counters count the messages as written: head and body, both ways.
  const received = gateway.counter('cluster.outbound|80||counter.default.svc.cluster.local;.upstream_cx_rx_bytes_total');
  const sent = gateway.counter('cluster.outbound|80||counter.default.svc.cluster.local;.upstream_cx_tx_bytes_total');
  expect(received).toBeGreaterThan(entry?.bytesSent ?? 0);
  expect(sent).toBeGreaterThan('GET /stats-check HTTP/1.1\r\n'.length);
  // Connections are counted as the pool opens them: keep-alive reuses them.
  const opened = gateway.counter('cluster.outbound|80||counter.default.svc.cluster.local;.upstream_cx_total');
  expect(opened).toBeGreaterThanOrEqual(1);
  expect(opened).toBeLessThanOrEqual(gateway.counter('cluster.outbound|80||counter.default.svc.cluster.local;.upstream_rq_total'));
});

test('each request and TCP connection gets an access log line in Envoy\'s default format', async () => {
  const lines: string[] = [];
  const logged = await startGateway(exampleManifests('article-gateway'), {
    upstreams: { 'counter.default:80': counter.address }, accessLog: (line) => lines.push(line),
  });
  try {
    await request(logged.port(80), { host: 'nobody.example.com', path: '/x', headers: { 'user-agent': 'probe' } });
    await request(logged.port(80), { host: 'counter.lab.example.com', path: '/y' });
    const socket = net.connect(logged.port(3306), '127.0.0.1');
    await new Promise((resolve) => socket.once('close', resolve));
    for (let i = 0; i < 20 && lines.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
  } finally {
    await logged.close();
  }
  expect(lines[0]).toMatch(/^\[[\d-]+T[\d:.]+Z\] "GET \/x HTTP\/1\.1" 404 NR 0 0 \d+ - "127\.0\.0\.1" "probe" "[0-9a-f-]{36}" "nobody\.example\.com" "-"\n$/);
  expect(lines[1]).toMatch(new RegExp(`^\\[[^\\]]+\\] "GET /y HTTP/1\\.1" 200 - 0 \\d+ \\d+ \\d+ "127\\.0\\.0\\.1" "-" "[0-9a-f-]{36}" "counter\\.lab\\.example\\.com" "${counter.address}"\\n$`));
  // The MySQL destination has no upstream here: Envoy closes the connection, flag UH.
  expect(lines[2]).toMatch(/^\[[^\]]+\] "- - -" 0 UH 0 0 \d+ - "-" "-" "-" "-" "-"\n$/);
});
