/**
 * What a routed request gets, as Envoy would give it, through real sockets: redirects, direct responses, rewrites,
 * header operations, faults, retries, timeouts, mirrors, CORS and weighted destinations. Each VirtualService below
 * serves its own host, so each test reads as one rule.
 */
import * as http from 'http';
import * as net from 'net';
import { parse } from 'yaml';
import { echoBackend, Echoed, LocalServer, request } from './support';
import { startGateway, RunningGateway } from '../../src/proxy-entry';

const GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-system}
spec:
  selector: {istio: edge}
  servers:
  - {port: {number: 8080, name: http, protocol: HTTP}, hosts: ['*/*']}
  - {port: {number: 8081, name: http-redirect, protocol: HTTP}, hosts: ['*/secure.example.com'], tls: {httpsRedirect: true}}
`;

/** A VirtualService `name` for `name.example.com` on the gateway, with `http` rules (YAML flow text). */
function service(name: string, rules: string): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${name}.example.com]
  gateways: [istio-system/edge]
  http: ${rules}
`;
}

const ROUTES = [
  GATEWAY,
  service('moved', '[{match: [{uri: {prefix: /old}}], redirect: {uri: /new, authority: new.example.com, redirectCode: 308}}]'),
  service('answer', '[{directResponse: {status: 418, body: {string: "short and stout"}}, headers: {response: {set: {x-teapot: "yes"}}}}]'),
  service('rewrite', '[{match: [{uri: {prefix: /api/}}], rewrite: {uri: /v2/, authority: internal.example.com}, route: [{destination: {host: web}}]}]'),
  service('headers', `[{headers: {request: {set: {x-env: prod}, add: {x-added: one}, remove: [x-secret]}, response: {set: {x-served-by: gateway}, remove: [x-backend]}},
    route: [{destination: {host: web}, headers: {request: {set: {x-destination: web}}}}]}]`),
  service('abort', '[{fault: {abort: {httpStatus: 503, percentage: {value: 100}}}, route: [{destination: {host: web}}]}]'),
  service('delay', '[{fault: {delay: {fixedDelay: 200ms, percentage: {value: 100}}}, route: [{destination: {host: web}}]}]'),
  service('half', '[{fault: {abort: {httpStatus: 500, percentage: {value: 50}}}, route: [{destination: {host: web}}]}]'),
  service('flaky', '[{retries: {attempts: 3, retryOn: 5xx}, route: [{destination: {host: flaky}}]}]'),
  service('slow', '[{timeout: 100ms, retries: {attempts: 0}, route: [{destination: {host: slow}}]}]'),
  service('pertry', '[{retries: {attempts: 2, perTryTimeout: 50ms, retryOn: 5xx}, route: [{destination: {host: slow}}]}]'),
  service('mirror', '[{route: [{destination: {host: web}}], mirror: {host: shadow}, mirrorPercentage: {value: 100}}]'),
  service('cors', `[{corsPolicy: {allowOrigins: [{exact: "https://app.example.com"}], allowMethods: [GET, POST], allowHeaders: [x-token], maxAge: 1h,
    allowCredentials: true}, route: [{destination: {host: web}}]}]`),
  service('counted', '[{match: [{uri: {prefix: /}, statPrefix: counted_root}], route: [{destination: {host: web}}]}]'),
  service('split', '[{route: [{destination: {host: web}, weight: 50}, {destination: {host: other}, weight: 50}]}]'),
  service('down', '[{route: [{destination: {host: down}}]}]'),
  service('nowhere', '[{route: [{destination: {host: unmapped}}]}]'),
  service('dies', '[{retries: {attempts: 0}, route: [{destination: {host: dies}}]}]'),
].map((doc) => parse(doc) as unknown);

let web: LocalServer;
let other: LocalServer;
let shadow: LocalServer;
let flaky: LocalServer;
let slow: LocalServer;
let dies: LocalServer;
let flakyCalls = 0;
const shadowed: Echoed[] = [];
let gateway: RunningGateway;

/** A closed local port: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = await echoBackend('closed');
  await server.close();
  return server.port;
}

beforeAll(async () => {
  web = await echoBackend('web');
  other = await echoBackend('other');
  shadow = await echoBackend('shadow', (req, res, body) => {
    shadowed.push({ backend: 'shadow', method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    res.end();
    return true;
  });
  flaky = await echoBackend('flaky', (_req, res) => {
    flakyCalls += 1;
    if (flakyCalls % 3 !== 0) {
      res.writeHead(503).end('busy');
      return true;
    }
    return false;
  });
  slow = await echoBackend('slow', (_req, res) => {
    setTimeout(() => res.end('late'), 400).unref();
    return true;
  });
  dies = await echoBackend('dies', (_req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 20).unref();
    return true;
  });
  gateway = await startGateway(ROUTES, {
    seed: 42,
    upstreams: {
      'web.default': web.address,
      'other.default': other.address,
      'shadow.default': shadow.address,
      'flaky.default': flaky.address,
      'slow.default': slow.address,
      'dies.default': dies.address,
      'down.default': `127.0.0.1:${await closedPort()}`,
    },
  });
});

afterAll(async () => {
  await gateway.close();
  await Promise.all([web, other, shadow, flaky, slow, dies].map((s) => s.close()));
});

const port = (): number => gateway.port(8080);

test('a redirect rule answers with its code and Location', async () => {
  const reply = await request(port(), { host: 'moved.example.com', path: '/old/page?q=1' });
  expect(reply.status).toBe(308);
  expect(reply.headers.location).toBe('http://new.example.com/new?q=1');
});

test('httpsRedirect answers plaintext requests with 301 to https', async () => {
  const reply = await request(gateway.port(8081), { host: 'secure.example.com', path: '/x' });
  expect(reply.status).toBe(301);
  expect(reply.headers.location).toBe('https://secure.example.com/x');
});

test('a direct response answers with its status and body, and the rule\'s response headers', async () => {
  const reply = await request(port(), { host: 'answer.example.com' });
  expect(reply).toMatchObject({ status: 418, body: 'short and stout' });
  expect(reply.headers['x-teapot']).toBe('yes');
  expect(reply.headers['content-type']).toBe('text/plain');
});

test('rewrites change the path and the authority the upstream sees, and keep the original path in x-envoy-original-path', async () => {
  const reply = await request(port(), { host: 'rewrite.example.com', path: '/api/users?id=7' });
  const echoed = JSON.parse(reply.body) as Echoed;
  expect(echoed.url).toBe('/v2/users?id=7');
  expect(echoed.headers.host).toBe('internal.example.com');
  expect(echoed.headers['x-envoy-original-path']).toBe('/api/users?id=7');
});

test('request and response header operations of the rule and of the destination apply', async () => {
  const reply = await request(port(), { host: 'headers.example.com', headers: { 'x-secret': 's3', 'x-added': 'zero' } });
  const echoed = JSON.parse(reply.body) as Echoed;
  expect(echoed.headers['x-env']).toBe('prod');
  expect(echoed.headers['x-added']).toBe('zero, one');
  expect(echoed.headers['x-secret']).toBeUndefined();
  expect(echoed.headers['x-destination']).toBe('web');
  expect(reply.headers['x-served-by']).toBe('gateway');
  expect(reply.headers['x-backend']).toBeUndefined();
});

test('a fault abort at 100% answers with its status and Envoy\'s body; a delay holds the request first', async () => {
  const aborted = await request(port(), { host: 'abort.example.com' });
  expect(aborted).toMatchObject({ status: 503, body: 'fault filter abort' });
  const started = Date.now();
  const delayed = await request(port(), { host: 'delay.example.com' });
  expect(delayed.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
});

test('an abort at 50% fires for about half of the requests', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    statuses.push((await request(port(), { host: 'half.example.com' })).status);
  }
  const aborted = statuses.filter((s) => s === 500).length;
  expect(aborted).toBeGreaterThan(15);
  expect(aborted).toBeLessThan(45);
  expect(statuses.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);
});

test('retries: a 503 is retried under retryOn 5xx, and the upstream sees the attempt count', async () => {
  flakyCalls = 0;
  const reply = await request(port(), { host: 'flaky.example.com' });
  expect(reply.status).toBe(200);
  expect(flakyCalls).toBe(3);
  expect((JSON.parse(reply.body) as Echoed).headers['x-envoy-attempt-count']).toBe('3');
});

test('the route timeout answers 504 upstream request timeout; the upstream is told how long it has', async () => {
  const reply = await request(port(), { host: 'slow.example.com' });
  expect(reply).toMatchObject({ status: 504, body: 'upstream request timeout' });
});

test('a per-try timeout ends each attempt; with its retries spent the client gets 504', async () => {
  const started = Date.now();
  const reply = await request(port(), { host: 'pertry.example.com' });
  expect(reply).toMatchObject({ status: 504, body: 'upstream request timeout' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  expect(Date.now() - started).toBeLessThan(400);
});

test('a mirror gets a copy of the request, the authority suffixed -shadow; its response is dropped', async () => {
  shadowed.length = 0;
  const reply = await request(port(), { host: 'mirror.example.com', method: 'POST', path: '/m', body: 'payload' });
  expect((JSON.parse(reply.body) as Echoed).backend).toBe('web');
  for (let i = 0; i < 50 && shadowed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(shadowed).toHaveLength(1);
  expect(shadowed[0]).toMatchObject({ method: 'POST', url: '/m', body: 'payload' });
  expect(shadowed[0].headers.host).toBe('mirror.example.com-shadow');
});

test('CORS: an allowed preflight is answered by the gateway; simple requests get the allow-origin header', async () => {
  const preflight = await request(port(), {
    host: 'cors.example.com', method: 'OPTIONS', headers: { 'origin': 'https://app.example.com', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(200);
  expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
  expect(preflight.headers['access-control-allow-methods']).toBe('GET,POST');
  expect(preflight.headers['access-control-max-age']).toBe('3600');
  const simple = await request(port(), { host: 'cors.example.com', headers: { origin: 'https://app.example.com' } });
  expect(simple.headers['access-control-allow-origin']).toBe('https://app.example.com');
  expect(simple.headers['access-control-allow-credentials']).toBe('true');
  const foreign = await request(port(), { host: 'cors.example.com', headers: { origin: 'https://evil.example.com' } });
  expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
});

test('weighted destinations split the traffic, and the same seed picks the same sequence', async () => {
  const picks = async (gw: RunningGateway): Promise<string[]> => {
    const names: string[] = [];
    for (let i = 0; i < 40; i++) {
      names.push((JSON.parse((await request(gw.port(8080), { host: 'split.example.com' })).body) as Echoed).backend);
    }
    return names;
  };
  const options = { seed: 7, upstreams: { 'web.default': web.address, 'other.default': other.address } };
  const first = await startGateway(ROUTES, options);
  const second = await startGateway(ROUTES, options);
  try {
    const a = await picks(first);
    expect(await picks(second)).toEqual(a);
    expect(a.filter((n) => n === 'web').length).toBeGreaterThan(8);
    expect(a.filter((n) => n === 'other').length).toBeGreaterThan(8);
  } finally {
    await first.close();
    await second.close();
  }
});

test('an upstream that refuses connections gets 503 after the default retries (connect-failure)', async () => {
  const reply = await request(port(), { host: 'down.example.com' });
  expect(reply.status).toBe(503);
  expect(reply.body).toMatch(/^upstream connect error or disconnect\/reset before headers\. retried and the latest reset reason: remote connection failure/);
});

test('a destination without a local address gets 503 no healthy upstream', async () => {
  expect(await request(port(), { host: 'nowhere.example.com' })).toMatchObject({ status: 503, body: 'no healthy upstream' });
});

test('an upstream that dies mid-response resets the client\'s response, and the gateway keeps serving', async () => {
  await expect(request(port(), { host: 'dies.example.com' })).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
  expect((await request(port(), { host: 'answer.example.com' })).status).toBe(418);
});

test('a request body streams to the upstream whole', async () => {
  const body = 'x'.repeat(300_000);
  const reply = await request(port(), { host: 'rewrite.example.com', path: '/api/upload', method: 'PUT', body });
  expect((JSON.parse(reply.body) as Echoed).body).toHaveLength(300_000);
});

test.each([
  ['a Host with a space', 400, 'GET / HTTP/1.1\r\nHost: bad host\r\n\r\n'],
  ['Content-Length and Transfer-Encoding both', 400, 'POST / HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['an invalid path', 400, 'GET /a/%00 HTTP/1.1\r\nHost: rewrite.example.com\r\n\r\n'],
  ['a request line that is not HTTP', 400, 'HELLO\r\n\r\n'],
  ['headers over 60 KiB', 431, `GET / HTTP/1.1\r\nHost: web.example.com\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`],
  ['HTTP/1.0, which Istio\'s gateways do not accept', 426, 'GET / HTTP/1.0\r\nHost: answer.example.com\r\n\r\n'],
])('malformed: %s gets %d, and the gateway keeps serving', async (_name, status, raw) => {
  const reply = await rawRequest(port(), raw);
  expect(reply).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  expect((await request(port(), { host: 'answer.example.com' })).status).toBe(418);
});

/** Writes `raw` on a new connection and reads until the server closes it or a response head arrives. */
function rawRequest(localPort: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(localPort, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (received.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(raw);
  });
}

test('closing the gateway frees every socket and timer: nothing of it stays active', async () => {
  const count = (): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
    return counts;
  };
  await new Promise((r) => setTimeout(r, 450));
  const before = count();
  const gw = await startGateway(ROUTES, { upstreams: { 'web.default': web.address, 'slow.default': slow.address } });
  const keepAlive = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve) => http.get({ host: '127.0.0.1', port: gw.port(8080), headers: { host: 'rewrite.example.com' }, path: '/api/x', agent: keepAlive },
    (res) => res.resume().on('end', () => resolve())));
  const pending = request(gw.port(8080), { host: 'slow.example.com' }).catch(() => 'closed');
  await new Promise((r) => setTimeout(r, 30));
  await gw.close();
  await pending;
  keepAlive.destroy();
  // The backends' ends of the gateway's pooled connections close when they see the gateway's end go.
  await new Promise((r) => setTimeout(r, 50));
  // The slow backend's own answer timer is the test's, not the gateway's: only sockets, servers and other timers count.
  const after = count();
  const handles = (c: Record<string, number>): object => ({ servers: c.TCPServerWrap ?? 0, sockets: c.TCPSocketWrap ?? 0 });
  expect(handles(after)).toEqual(handles(before));
  expect((after.Timeout ?? 0) - 1).toBeLessThanOrEqual(before.Timeout ?? 0);
});

test('Expect: 100-continue is answered by the gateway and not forwarded; the body follows to the upstream', async () => {
  const reply = await new Promise<Echoed>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: port(),
      method: 'POST',
      path: '/api/continue',
      agent: false,
      headers: { 'host': 'rewrite.example.com', 'expect': '100-continue', 'content-length': '4' },
    }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => body += c.toString());
      res.on('end', () => resolve(JSON.parse(body) as Echoed));
    });
    req.on('continue', () => req.end('data'));
    req.on('error', reject);
  });
  expect(reply.body).toBe('data');
  expect(reply.headers.expect).toBeUndefined();
});

test('a match with statPrefix gets Envoy\'s route statistics under vhost.<vhost>.route.<statPrefix>', async () => {
  await request(port(), { host: 'counted.example.com', path: '/x' });
  expect(gateway.counter('vhost.counted.example.com_8080.route.counted_root.upstream_rq_200')).toBe(1);
  expect(gateway.counter('vhost.counted.example.com_8080.route.counted_root.upstream_rq_total')).toBe(1);
});
