/**
 * Certificates from TestCertificateAuthority work with Node's TLS as a client and a server check them: real handshakes
 * on 127.0.0.1, verified against the authority's certificate.
 */
import { X509Certificate } from 'crypto';
import * as net from 'net';
import * as tls from 'tls';
import { TestCertificateAuthority } from '../../src/proxy/test-certificates';

/** What each side saw of one handshake. */
interface Handshake {
  /** The server completed the handshake. */
  readonly serverAccepted: boolean;
  /** The client certificate the server received, when it completed. */
  readonly clientCertificate?: tls.PeerCertificate;
  /** The client found the server's certificate valid for the name it connected to. */
  readonly clientAuthorized: boolean;
  /** Why it did not. */
  readonly clientAuthorizationError?: string;
}

/** One handshake between a TLS server with `serverOptions` and a client with `clientOptions`; closes both. */
async function handshake(serverOptions: tls.TlsOptions, clientOptions: tls.ConnectionOptions): Promise<Handshake> {
  const server = tls.createServer(serverOptions);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const serverSide = new Promise<Pick<Handshake, 'serverAccepted' | 'clientCertificate'>>((resolve) => {
    server.once('secureConnection', (socket: tls.TLSSocket) => resolve({ serverAccepted: true, clientCertificate: socket.getPeerCertificate() }));
    server.once('tlsClientError', () => resolve({ serverAccepted: false }));
  });
  const client = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...clientOptions });
  client.on('error', () => undefined);
  const clientSide = new Promise<Pick<Handshake, 'clientAuthorized' | 'clientAuthorizationError'>>((resolve) => {
    client.once('secureConnect', () => resolve({
      clientAuthorized: client.authorized,
      clientAuthorizationError: client.authorizationError === undefined ? undefined : String(client.authorizationError),
    }));
    client.once('close', () => resolve({ clientAuthorized: false, clientAuthorizationError: 'closed before the handshake ended' }));
  });
  try {
    return { ...(await serverSide), ...(await clientSide) };
  } finally {
    client.destroy();
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
  }
}

let authority: TestCertificateAuthority;
let otherAuthority: TestCertificateAuthority;

beforeAll(async () => {
  authority = await TestCertificateAuthority.create();
  otherAuthority = await TestCertificateAuthority.create({ commonName: 'Another test CA' });
});

describe('the authority', () => {
  test('is a CA with the default or the given common name, valid from a bit before now for about a day', () => {
    const ca = new X509Certificate(authority.certificate);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=cdk8s-istio-gateway test CA');
    expect(ca.checkIssued(ca)).toBe(true);
    expect(new X509Certificate(otherAuthority.certificate).subject).toBe('CN=Another test CA');
    const now = Date.now();
    expect(new Date(ca.validFrom).getTime()).toBeLessThan(now - 30 * 60 * 1000);
    expect(new Date(ca.validTo).getTime()).toBeGreaterThan(now + 23 * 60 * 60 * 1000);
    expect(new Date(ca.validTo).getTime()).toBeLessThan(now + 26 * 60 * 60 * 1000);
  });
});

describe('server certificates', () => {
  let server: { cert: string; key: string };

  beforeAll(async () => {
    server = await authority.issueServer(['api.example.com', '*.lab.example.com', '127.0.0.1']);
  });

  test('name every name as a subject alternative name, the first as common name, for serverAuth only', () => {
    const cert = new X509Certificate(server.cert);
    expect(cert.subject).toBe('CN=api.example.com');
    expect(cert.subjectAltName).toBe('DNS:api.example.com, DNS:*.lab.example.com, IP Address:127.0.0.1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.ca).toBe(false);
    expect(cert.verify(new X509Certificate(authority.certificate).publicKey)).toBe(true);
  });

  test('a client trusting the authority verifies an exact name', async () => {
    const seen = await handshake({ ...server }, { ca: authority.certificate, servername: 'api.example.com' });
    expect(seen).toMatchObject({ serverAccepted: true, clientAuthorized: true });
  });

  test('a client verifies a name under the wildcard', async () => {
    const seen = await handshake({ ...server }, { ca: authority.certificate, servername: 'grafana.lab.example.com' });
    expect(seen).toMatchObject({ clientAuthorized: true });
  });

  test('a client verifies the IP address it connected to', async () => {
    expect(await handshake({ ...server }, { ca: authority.certificate })).toMatchObject({ clientAuthorized: true });
  });

  test('a name the certificate does not cover fails verification, also two labels under the wildcard', async () => {
    for (const servername of ['other.example.com', 'a.b.lab.example.com', 'lab.example.com']) {
      const seen = await handshake({ ...server }, { ca: authority.certificate, servername });
      expect([servername, seen.clientAuthorized, seen.clientAuthorizationError]).toEqual([servername, false, 'ERR_TLS_CERT_ALTNAME_INVALID']);
    }
  });

  test('a client trusting another authority does not verify it', async () => {
    const seen = await handshake({ ...server }, { ca: otherAuthority.certificate, servername: 'api.example.com' });
    expect(seen.clientAuthorized).toBe(false);
    expect(seen.clientAuthorizationError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('the same names, in any order or case, give the same certificate; other names a new one', async () => {
    const first = await authority.issueServer(['b.example.com', 'a.example.com']);
    expect(await authority.issueServer(['A.example.com', 'b.example.com'])).toBe(first);
    expect(await authority.issueServer(['b.example.com', 'a.example.com', 'a.example.com'])).toBe(first);
    expect((await authority.issueServer(['c.example.com'])).cert).not.toBe(first.cert);
    expect(new X509Certificate(first.cert).subject).toBe('CN=b.example.com');
  });

  test('no name is refused', async () => {
    await expect(authority.issueServer([])).rejects.toThrow('at least one name');
  });
});

describe('client certificates (mutual TLS)', () => {
  let server: { cert: string; key: string };
  const mutual = (): tls.TlsOptions => ({ ...server, requestCert: true, rejectUnauthorized: true, ca: [authority.certificate] });

  beforeAll(async () => {
    server = await authority.issueServer(['api.example.com']);
  });

  test('carry the common name and the URI and DNS names given, for clientAuth only', async () => {
    const client = await authority.issueClient('sleep', { uris: ['spiffe://cluster.local/ns/default/sa/sleep'], dnsNames: ['sleep.default'] });
    const cert = new X509Certificate(client.cert);
    expect(cert.subject).toBe('CN=sleep');
    expect(cert.subjectAltName).toBe('URI:spiffe://cluster.local/ns/default/sa/sleep, DNS:sleep.default');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(new X509Certificate((await authority.issueClient('bare')).cert).subjectAltName).toBeUndefined();
  });

  test('a server asking for client certificates from the authority accepts one it issued', async () => {
    const client = await authority.issueClient('sleep', { uris: ['spiffe://cluster.local/ns/default/sa/sleep'] });
    const seen = await handshake(mutual(), { ...client, ca: authority.certificate, servername: 'api.example.com' });
    expect(seen.serverAccepted).toBe(true);
    expect(seen.clientCertificate?.subject.CN).toBe('sleep');
    expect(seen.clientCertificate?.subjectaltname).toBe('URI:spiffe://cluster.local/ns/default/sa/sleep');
  });

  test('a client certificate from another authority is refused', async () => {
    const client = await otherAuthority.issueClient('intruder');
    const seen = await handshake(mutual(), { ...client, ca: authority.certificate, servername: 'api.example.com' });
    expect(seen.serverAccepted).toBe(false);
  });

  test('a server certificate of the same authority is refused as a client certificate (its usage is serverAuth)', async () => {
    const notForClients = await authority.issueServer(['sleep.example.com']);
    const seen = await handshake(mutual(), { ...notForClients, ca: authority.certificate, servername: 'api.example.com' });
    expect(seen.serverAccepted).toBe(false);
  });
});
