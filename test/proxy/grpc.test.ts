/**
 * gRPC through the gateway: a Service port named `grpc` is spoken to over HTTP/2 (istiod gives such a cluster HTTP/2
 * options), so a gRPC client's stream reaches the upstream as HTTP/2, and the upstream's trailers (grpc-status) reach
 * the client.
 */
import * as http2 from 'http2';
import { listen, LocalServer, request } from './support';
import { startGateway, RunningGateway } from '../../src/proxy-entry';

const MANIFESTS = [
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'istio-system' },
    spec: { selector: { istio: 'edge' }, servers: [{ port: { number: 8080, name: 'grpc', protocol: 'GRPC' }, hosts: ['*/*'] }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'greeter', namespace: 'default' },
    spec: { selector: { app: 'greeter' }, ports: [{ name: 'grpc', port: 50051 }] },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'greeter', namespace: 'default' },
    spec: { hosts: ['greeter.example.com'], gateways: ['istio-system/edge'], http: [{ route: [{ destination: { host: 'greeter', port: { number: 50051 } } }] }] },
  },
];

let greeter: LocalServer;
let gateway: RunningGateway;
const seen: { version: string; path: string; body: string }[] = [];

beforeAll(async () => {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    let body = '';
    stream.on('data', (c: Buffer) => body += c.toString());
    stream.on('end', () => {
      seen.push({ version: '2.0', path: String(headers[':path']), body });
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': 'OK' }));
      stream.end(`hello ${body}`);
    });
  });
  greeter = await listen(server as unknown as import('net').Server);
  gateway = await startGateway(MANIFESTS, { upstreams: { 'greeter:50051': greeter.address } });
});

afterAll(async () => {
  await gateway.close();
  await greeter.close();
});

test('a gRPC call over h2c reaches the upstream over HTTP/2, and its trailers come back', async () => {
  const session = http2.connect(`http://127.0.0.1:${gateway.port(8080)}`);
  try {
    const result = await new Promise<{ status: number; body: string; trailers: http2.IncomingHttpHeaders }>((resolve, reject) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': '/helloworld.Greeter/SayHello',
        ':authority': 'greeter.example.com',
        'content-type': 'application/grpc',
        'te': 'trailers',
      });
      let status = 0;
      let body = '';
      stream.on('response', (h) => status = Number(h[':status']));
      stream.on('data', (c: Buffer) => body += c.toString());
      stream.on('trailers', (trailers) => stream.once('end', () => resolve({ status, body, trailers })));
      stream.on('error', reject);
      stream.end('world');
    });
    expect(result.status).toBe(200);
    expect(result.body).toBe('hello world');
    expect(result.trailers['grpc-status']).toBe('0');
    expect(seen.at(-1)).toEqual({ version: '2.0', path: '/helloworld.Greeter/SayHello', body: 'world' });
  } finally {
    session.close();
  }
});

test('an HTTP/1.1 request to an HTTP/2 Service port is sent upstream over HTTP/2 too', async () => {
  const reply = await request(gateway.port(8080), { host: 'greeter.example.com', method: 'POST', path: '/plain', body: 'h1' });
  expect(reply.status).toBe(200);
  expect(reply.body).toBe('hello h1');
  expect(seen.at(-1)?.path).toBe('/plain');
});
