/**
 * Each protocol a gateway server speaks, through real sockets: HTTPS with a Secret's certificate chosen by SNI, HTTP/2
 * by ALPN and by prior knowledge (h2c), MUTUAL TLS, TLS passthrough routed by the ClientHello's SNI, TCP, and
 * WebSocket upgrades.
 */
import * as http from 'http';
import * as http2 from 'http2';
import * as net from 'net';
import * as tls from 'tls';
import { echoBackend, Echoed, listen, LocalServer } from './support';
import { TestCertificateAuthority } from '../../src/proxy/test-certificates';
import { startGateway, RunningGateway } from '../../src/proxy-entry';

/** A Gateway in istio-system (no Service: the listeners are the server ports) and its routes. */
function manifests(webCert: { cert: string; key: string }): unknown[] {
  const gateway = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'istio-system' },
    spec: {
      selector: { istio: 'edge' },
      servers: [
        { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*/*'] },
        { port: { number: 8443, name: 'https-web', protocol: 'HTTPS' }, hosts: ['*/web.example.com'], tls: { mode: 'SIMPLE', credentialName: 'web-cert' } },
        { port: { number: 8443, name: 'https-mtls', protocol: 'HTTPS' }, hosts: ['*/mtls.example.com'], tls: { mode: 'MUTUAL', credentialName: 'mtls-cert' } },
        { port: { number: 8443, name: 'tls-db', protocol: 'TLS' }, hosts: ['*/db.example.com'], tls: { mode: 'PASSTHROUGH' } },
        { port: { number: 5432, name: 'tcp', protocol: 'TCP' }, hosts: ['*/*'] },
      ],
    },
  };
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-cert', namespace: 'istio-system' },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(webCert.cert).toString('base64'), 'tls.key': Buffer.from(webCert.key).toString('base64') },
  };
  const web = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      hosts: ['web.example.com', 'mtls.example.com'],
      gateways: ['istio-system/edge'],
      http: [{ route: [{ destination: { host: 'web', port: { number: 80 } } }] }],
    },
  };
  const db = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      hosts: ['db.example.com'],
      gateways: ['istio-system/edge'],
      tls: [{ match: [{ port: 8443, sniHosts: ['db.example.com'] }], route: [{ destination: { host: 'db', port: { number: 5432 } } }] }],
      tcp: [{ match: [{ port: 5432 }], route: [{ destination: { host: 'db', port: { number: 5432 } } }] }],
    },
  };
  return [gateway, secret, web, db];
}

let webAuthority: TestCertificateAuthority;
let backendAuthority: TestCertificateAuthority;
let web: LocalServer;
let db: LocalServer;
let gateway: RunningGateway;

beforeAll(async () => {
  webAuthority = await TestCertificateAuthority.create({ commonName: 'web CA' });
  backendAuthority = await TestCertificateAuthority.create({ commonName: 'db CA' });
  const dbCert = await backendAuthority.issueServer(['db.example.com']);
  web = await echoBackend('web');
  web.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-seen-host: ${req.headers.host}\r\n\r\n`);
    socket.on('data', (d: Buffer) => socket.write(`echo:${d.toString()}`));
  });
  // The database speaks TLS itself: passthrough leaves the handshake to it.
  db = await listen(tls.createServer({ cert: dbCert.cert, key: dbCert.key }, (s) => {
    s.on('data', (d: Buffer) => s.write(`db:${d.toString()}`));
    s.on('error', () => s.destroy());
  }));
  gateway = await startGateway(manifests(await webAuthority.issueServer(['web.example.com'])), {
    upstreams: { 'web.default:80': web.address, 'db.default:5432': db.address },
  });
});

afterAll(async () => {
  await gateway.close();
  await web.close();
  await db.close();
});

/** A TLS connection to the gateway's 8443 listener with `options`, resolved once the handshake is done. */
function connectTls(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: gateway.port(8443), ...options }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** One HTTP/1.1 request on an open socket. */
function requestOn(socket: net.Socket, host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ createConnection: () => socket, host, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => body += c.toString());
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** One HTTP/2 request on a session; resolves with the status and body. */
function h2Request(session: http2.ClientHttp2Session, path: string, authority: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, ':authority': authority });
    let status = 0;
    let body = '';
    stream.on('response', (headers) => status = Number(headers[':status']));
    stream.on('data', (c: Buffer) => body += c.toString());
    stream.on('end', () => resolve({ status, body }));
    stream.on('error', reject);
    stream.end();
  });
}

test('HTTPS presents the certificate of the Secret its credentialName names, chosen by SNI', async () => {
  const socket = await connectTls({ servername: 'web.example.com', ca: webAuthority.certificate });
  expect(socket.authorized).toBe(true);
  expect(socket.getPeerCertificate().subjectaltname).toBe('DNS:web.example.com');
  const reply = await requestOn(socket, 'web.example.com', '/a');
  socket.destroy();
  expect(reply.status).toBe(200);
  expect((JSON.parse(reply.body) as Echoed).headers['x-forwarded-proto']).toBe('https');
});

test('HTTP/2 over TLS is chosen by ALPN, and routes by :authority', async () => {
  const session = http2.connect(`https://127.0.0.1:${gateway.port(8443)}`, { servername: 'web.example.com', ca: webAuthority.certificate });
  try {
    const reply = await h2Request(session, '/h2', 'web.example.com');
    expect(reply.status).toBe(200);
    const echoed = JSON.parse(reply.body) as Echoed;
    expect(echoed.url).toBe('/h2');
    expect(echoed.headers.host).toBe('web.example.com');
    expect((session.socket as tls.TLSSocket).alpnProtocol).toBe('h2');
  } finally {
    session.close();
  }
});

test('HTTP/2 with prior knowledge (h2c) on a plaintext port, as Envoy\'s AUTO codec accepts it', async () => {
  const session = http2.connect(`http://127.0.0.1:${gateway.port(8080)}`);
  try {
    const reply = await h2Request(session, '/h2c', 'web.example.com');
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as Echoed).url).toBe('/h2c');
  } finally {
    session.close();
  }
});

test('MUTUAL TLS refuses a client without a certificate and accepts one signed by the CA it trusts', async () => {
  const ca = await gateway.certificateAuthority();
  const refused = connectTls({ servername: 'mtls.example.com', ca }).then((s) => requestOn(s, 'mtls.example.com'));
  await expect(refused).rejects.toThrow();
  const client = await gateway.issueClientCertificate('client-a');
  const socket = await connectTls({ servername: 'mtls.example.com', ca, cert: client.cert, key: client.key });
  const reply = await requestOn(socket, 'mtls.example.com');
  socket.destroy();
  expect(reply.status).toBe(200);
});

test('TLS passthrough forwards the unterminated stream by SNI: the client handshakes with the database itself', async () => {
  const socket = await connectTls({ servername: 'db.example.com', ca: backendAuthority.certificate });
  expect(socket.getPeerCertificate().subject.CN).toBe('db.example.com');
  socket.write('ping');
  const answer = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
  socket.destroy();
  expect(answer).toBe('db:ping');
});

test('a ClientHello whose SNI no server names gets the connection closed (no filter chain)', async () => {
  await expect(connectTls({ servername: 'unknown.example.com', rejectUnauthorized: false })).rejects.toThrow();
});

test('TCP on its own port forwards bytes to the destination (here the TLS database, so the client speaks TLS)', async () => {
  const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port: gateway.port(5432), servername: 'db.example.com', ca: backendAuthority.certificate }, () => resolve(s));
    s.once('error', reject);
  });
  expect(socket.authorized).toBe(true);
  socket.destroy();
});

test('a WebSocket upgrade passes through: 101 from the upstream, then bytes both ways', async () => {
  const socket = net.connect(gateway.port(8080), '127.0.0.1');
  socket.write('GET /ws HTTP/1.1\r\nhost: web.example.com\r\nconnection: Upgrade\r\nupgrade: websocket\r\n\r\n');
  let received = '';
  const onData = (d: Buffer): void => {
    received += d.toString();
  };
  socket.on('data', onData);
  await new Promise<void>((resolve) => {
    const check = (): void => (received.includes('\r\n\r\n') ? resolve() : void socket.once('data', check));
    socket.once('data', check);
  });
  expect(received).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
  expect(received).toContain('x-seen-host: web.example.com');
  received = '';
  socket.write('hello');
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.destroy();
  expect(received).toBe('echo:hello');
});
