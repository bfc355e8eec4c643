/**
 * Bodies stream through the gateway both ways: the client sees the first bytes of a response while the upstream is
 * still holding the rest, and the upstream sees the first bytes of a request while the client is still holding the
 * rest. A gateway that buffered either whole would deadlock these tests.
 */
import * as http from 'http';
import { parse } from 'yaml';
import { listen, LocalServer } from './support';
import { startGateway, RunningGateway } from '../../src/proxy-entry';

const MANIFESTS = [`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-system}
spec:
  selector: {istio: edge}
  servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ['*/*']}]
`, `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: stream, namespace: default}
spec:
  hosts: [stream.example.com]
  gateways: [istio-system/edge]
  http: [{route: [{destination: {host: stream}}]}]
`].map((doc) => parse(doc) as unknown);

let upstream: LocalServer;
let gateway: RunningGateway;
/** Called by the upstream when it got the first chunk of a request; set by the test. */
let onFirstRequestChunk: () => void = () => undefined;
/** Resolves the upstream's hold on the rest of its response; set by the test. */
let releaseResponse: () => void = () => undefined;

beforeAll(async () => {
  upstream = await listen(http.createServer((req, res) => {
    if (req.url === '/download') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('first-part;');
      new Promise<void>((resolve) => releaseResponse = resolve).then(() => res.end('second-part'), () => undefined);
      return;
    }
    let received = '';
    req.on('data', (chunk: Buffer) => {
      if (received === '') onFirstRequestChunk();
      received += chunk.toString();
    });
    req.on('end', () => res.end(`got ${received}`));
  }));
  gateway = await startGateway(MANIFESTS, { upstreams: { stream: upstream.address } });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

test('a response streams: the client reads its first part while the upstream holds the second', async () => {
  const parts: string[] = [];
  await new Promise<void>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: gateway.port(8080), path: '/download', agent: false, headers: { host: 'stream.example.com' } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        parts.push(chunk.toString());
        if (parts.length === 1) {
          expect(parts[0]).toBe('first-part;');
          releaseResponse();
        }
      });
      res.on('end', () => resolve());
    }).on('error', reject);
  });
  expect(parts.join('')).toBe('first-part;second-part');
});

test('a request streams: the upstream reads its first part while the client holds the second', async () => {
  const reply = await new Promise<string>((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: gateway.port(8080),
      method: 'POST',
      path: '/upload',
      agent: false,
      headers: { 'host': 'stream.example.com', 'transfer-encoding': 'chunked' },
    }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => body += chunk.toString());
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    onFirstRequestChunk = () => req.end('second');
    req.write('first;');
  });
  expect(reply).toBe('got first;second');
});
