/**
 * peekClientHello reads what Envoy's tls_inspector reads (envoy source/extensions/filters/listener/tls_inspector/
 * tls_inspector.cc, which hands the bytes to BoringSSL): real ClientHellos from Node's TLS client, captured by a plain
 * TCP server, and hand-built ones for the cases BoringSSL refuses.
 */
import * as net from 'net';
import * as tls from 'tls';
import { ClientHelloPeek, MAX_CLIENT_HELLO_BYTES, peekClientHello } from '../../src/proxy/client-hello';

/** The bytes a TLS client sends first: its whole first record (Node sends the ClientHello in one). */
async function captureClientHello(options: tls.ConnectionOptions): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const captured = new Promise<Buffer>((resolve, reject) => {
    server.once('connection', (socket) => {
      let bytes = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        if (bytes.length >= 5 && bytes.length >= 5 + bytes.readUInt16BE(3)) {
          socket.destroy();
          resolve(bytes);
        }
      });
    });
  });
  const client = tls.connect({ host: '127.0.0.1', port, ...options });
  client.on('error', () => undefined);
  try {
    return await captured;
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A TLS record. */
function record(type: number, body: Buffer, version = 0x0301): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(type, 0);
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(body.length, 3);
  return Buffer.concat([header, body]);
}

/** A handshake message split into handshake records of at most `size` bytes each. */
function handshakeRecords(message: Buffer, size = 16_384): Buffer {
  const records: Buffer[] = [];
  for (let i = 0; i < message.length; i += size) {
    records.push(record(22, message.subarray(i, i + size)));
  }
  return Buffer.concat(records);
}

/** A vector with its length first, in `size` bytes. */
function vector(size: 1 | 2 | 3, body: Buffer): Buffer {
  const length = Buffer.alloc(size);
  length.writeUIntBE(body.length, 0, size);
  return Buffer.concat([length, body]);
}

function u16(...values: number[]): Buffer {
  const bytes = Buffer.alloc(2 * values.length);
  values.forEach((value, index) => bytes.writeUInt16BE(value, 2 * index));
  return bytes;
}

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vector(2, body)]);
}

function serverNameExtension(name: Buffer | string, nameType = 0): Buffer {
  return extension(0, vector(2, Buffer.concat([Buffer.from([nameType]), vector(2, Buffer.from(name))])));
}

function alpnExtension(...names: string[]): Buffer {
  return extension(16, vector(2, Buffer.concat(names.map((n) => vector(1, Buffer.from(n))))));
}

function supportedVersionsExtension(...versions: number[]): Buffer {
  return extension(43, vector(1, u16(...versions)));
}

interface HelloParts {
  readonly legacyVersion?: number;
  readonly sessionId?: Buffer;
  readonly cipherSuites?: Buffer;
  readonly compression?: Buffer;
  /** The extension block's contents; undefined leaves the block out. */
  readonly extensions?: Buffer;
}

/** A ClientHello handshake message (type and length included). */
function clientHello(parts: HelloParts = {}): Buffer {
  const body = Buffer.concat([
    u16(parts.legacyVersion ?? 0x0303),
    Buffer.alloc(32, 7),
    vector(1, parts.sessionId ?? Buffer.alloc(0)),
    vector(2, parts.cipherSuites ?? u16(0x1301, 0xc02f)),
    vector(1, parts.compression ?? Buffer.from([0])),
    parts.extensions === undefined ? Buffer.alloc(0) : vector(2, parts.extensions),
  ]);
  return Buffer.concat([Buffer.from([1]), vector(3, body)]);
}

/** A ClientHello in one record. */
function helloRecord(parts: HelloParts = {}): Buffer {
  return handshakeRecords(clientHello(parts));
}

const isTls = (serverName: string | undefined, alpn: string[]): ClientHelloPeek =>
  serverName === undefined ? { kind: 'tls', alpn } : { kind: 'tls', serverName, alpn };

describe('ClientHellos of Node TLS clients', () => {
  let withSni: Buffer;
  let withoutSni: Buffer;
  let mixedCase: Buffer;
  let tls12: Buffer;

  beforeAll(async () => {
    withSni = await captureClientHello({ servername: 'api.example.com', ALPNProtocols: ['h2', 'http/1.1'] });
    withoutSni = await captureClientHello({});
    mixedCase = await captureClientHello({ servername: 'API.Example.COM' });
    tls12 = await captureClientHello({ servername: 'legacy.example.com', maxVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] });
  });

  test('server name and ALPN protocols, in the order offered', () => {
    expect(peekClientHello(withSni)).toEqual(isTls('api.example.com', ['h2', 'http/1.1']));
  });

  test('a client that connects to an IP address sends no server name; no ALPN is an empty list', () => {
    expect(peekClientHello(withoutSni)).toEqual(isTls(undefined, []));
  });

  test('the server name is lower-cased as Envoy keeps it (envoy listen_socket_impl.h setRequestedServerName)', () => {
    expect(mixedCase.includes('API.Example.COM')).toBe(true);
    expect(peekClientHello(mixedCase)).toEqual(isTls('api.example.com', []));
  });

  test('a TLS 1.2 client', () => {
    expect(peekClientHello(tls12)).toEqual(isTls('legacy.example.com', ['http/1.1']));
  });

  test('byte by byte: incomplete until the last byte of the ClientHello arrives', () => {
    for (let length = 0; length < withSni.length; length++) {
      expect([length, peekClientHello(withSni.subarray(0, length)).kind]).toEqual([length, 'incomplete']);
    }
    expect(peekClientHello(withSni).kind).toBe('tls');
  });

  test('the ClientHello split across many records reads the same, and is incomplete before its last record', () => {
    const message = withSni.subarray(5);
    const split = handshakeRecords(message, 7);
    expect(peekClientHello(split)).toEqual(isTls('api.example.com', ['h2', 'http/1.1']));
    expect(peekClientHello(split.subarray(0, split.length - 1)).kind).toBe('incomplete');
    // Records of different sizes, the handshake header itself split.
    const uneven = Buffer.concat([record(22, message.subarray(0, 2)), handshakeRecords(message.subarray(2), 500)]);
    expect(peekClientHello(uneven)).toEqual(isTls('api.example.com', ['h2', 'http/1.1']));
  });

  test('bytes after the ClientHello record are not read', () => {
    const followed = Buffer.concat([withSni, record(23, Buffer.alloc(40, 1)), Buffer.from('GET / HTTP/1.1\r\n')]);
    expect(peekClientHello(followed)).toEqual(isTls('api.example.com', ['h2', 'http/1.1']));
  });

  test('the same ClientHello with a trailing byte inside its record is refused (excess handshake data)', () => {
    expect(peekClientHello(handshakeRecords(Buffer.concat([withSni.subarray(5), Buffer.from([0])])))).toEqual({ kind: 'not-tls' });
  });
});

describe('plaintext and garbage', () => {
  test('an HTTP/1.1 request is not TLS', () => {
    expect(peekClientHello(Buffer.from('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n'))).toEqual({ kind: 'not-tls' });
  });

  test('the HTTP/2 connection preface is not TLS', () => {
    expect(peekClientHello(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'))).toEqual({ kind: 'not-tls' });
  });

  test('fewer than a record header of bytes decides nothing, even for plaintext', () => {
    expect(peekClientHello(Buffer.from('GET '))).toEqual({ kind: 'incomplete' });
    expect(peekClientHello(Buffer.from('GET /'))).toEqual({ kind: 'not-tls' });
  });

  test('zero bytes (envoy tls_inspector_test NotSsl) and random garbage are not TLS', () => {
    expect(peekClientHello(Buffer.alloc(100))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(Buffer.from('5a3f9c0d11e2b7a4c6d8e0f1', 'hex'))).toEqual({ kind: 'not-tls' });
  });

  test('a record of another type is read whole, then found not to be a handshake', () => {
    const applicationData = record(23, Buffer.alloc(20, 1));
    expect(peekClientHello(applicationData.subarray(0, 10)).kind).toBe('incomplete');
    expect(peekClientHello(applicationData)).toEqual({ kind: 'not-tls' });
  });

  test('a handshake message that is not a ClientHello is read whole, then refused', () => {
    const serverHello = Buffer.concat([Buffer.from([2]), vector(3, Buffer.alloc(40))]);
    const bytes = handshakeRecords(serverHello);
    expect(peekClientHello(bytes.subarray(0, bytes.length - 1)).kind).toBe('incomplete');
    expect(peekClientHello(bytes)).toEqual({ kind: 'not-tls' });
  });
});

describe('lengths', () => {
  test('a record header longer than a record may be is refused at once', () => {
    expect(peekClientHello(Buffer.from([22, 3, 1, 0x48, 0x01]))).toEqual({ kind: 'not-tls' });
  });

  test('a handshake length over 16 KiB is refused as soon as its first record is read', () => {
    const header = Buffer.from([1, 0x00, 0x40, 0x01]);
    expect(peekClientHello(record(22, Buffer.concat([header, Buffer.alloc(100)])))).toEqual({ kind: 'not-tls' });
  });

  test('a handshake length past its record waits for the next record, and a record of another type then fails', () => {
    const message = clientHello({ extensions: serverNameExtension('a.example.com') });
    const first = record(22, message.subarray(0, 30));
    expect(peekClientHello(first).kind).toBe('incomplete');
    expect(peekClientHello(Buffer.concat([first, record(23, Buffer.alloc(5))]))).toEqual({ kind: 'not-tls' });
  });

  test('a vector longer than what is left of the message is not a ClientHello', () => {
    const hello = clientHello({ sessionId: Buffer.alloc(8) });
    const broken = Buffer.from(hello);
    broken[4 + 2 + 32] = 200;
    expect(peekClientHello(handshakeRecords(hello)).kind).toBe('tls');
    expect(peekClientHello(handshakeRecords(broken))).toEqual({ kind: 'not-tls' });
  });

  test('a session id over 32 bytes, an odd or empty cipher suite list, or no compression method is not a ClientHello', () => {
    expect(peekClientHello(helloRecord({ sessionId: Buffer.alloc(33) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ cipherSuites: Buffer.from([0x13, 0x01, 0xc0]) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ cipherSuites: Buffer.alloc(0) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ compression: Buffer.alloc(0) }))).toEqual({ kind: 'not-tls' });
  });

  test('an extension longer than the extension block, or bytes after the block, is not a ClientHello', () => {
    const sni = serverNameExtension('a.example.com');
    const overrun = Buffer.from(sni);
    overrun.writeUInt16BE(sni.length, 2);
    expect(peekClientHello(helloRecord({ extensions: sni }))).toEqual(isTls('a.example.com', []));
    expect(peekClientHello(helloRecord({ extensions: overrun }))).toEqual({ kind: 'not-tls' });
    const trailing = Buffer.concat([clientHello({ extensions: sni }), Buffer.from([0])]);
    trailing.writeUIntBE(trailing.length - 4, 1, 3);
    expect(peekClientHello(handshakeRecords(trailing))).toEqual({ kind: 'not-tls' });
  });

  test('a ClientHello with no extension block at all is TLS without a server name', () => {
    expect(peekClientHello(helloRecord())).toEqual(isTls(undefined, []));
  });
});

describe('the size cap', () => {
  /** A ClientHello padded (RFC 7685 padding extension) to `size` bytes of handshake message, in records of 16 KiB. */
  const padded = (size: number): Buffer => {
    const base = clientHello({ extensions: Buffer.concat([serverNameExtension('big.example.com'), extension(21, Buffer.alloc(0))]) });
    return handshakeRecords(clientHello({
      extensions: Buffer.concat([serverNameExtension('big.example.com'), extension(21, Buffer.alloc(size - base.length))]),
    }));
  };

  test(`a ClientHello not complete within ${MAX_CLIENT_HELLO_BYTES} bytes closes the connection`, () => {
    const bytes = padded(16_000 + 500);
    expect(bytes.length).toBeGreaterThan(MAX_CLIENT_HELLO_BYTES);
    expect(peekClientHello(bytes.subarray(0, MAX_CLIENT_HELLO_BYTES - 1)).kind).toBe('incomplete');
    expect(peekClientHello(bytes.subarray(0, MAX_CLIENT_HELLO_BYTES))).toEqual({ kind: 'rejected', reason: 'client-hello-too-large' });
    expect(peekClientHello(bytes)).toEqual({ kind: 'rejected', reason: 'client-hello-too-large' });
  });

  test('a large ClientHello that fits in the cap is read', () => {
    const bytes = padded(MAX_CLIENT_HELLO_BYTES - 10);
    expect(bytes.length).toBeLessThanOrEqual(MAX_CLIENT_HELLO_BYTES);
    expect(peekClientHello(bytes)).toEqual(isTls('big.example.com', []));
  });
});

describe('server names', () => {
  test('a name with a zero byte, an empty name, a name over 255 bytes or a name type other than host_name fails', () => {
    expect(peekClientHello(helloRecord({ extensions: serverNameExtension(Buffer.from('a\0b.example.com')) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ extensions: serverNameExtension('') }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ extensions: serverNameExtension('a'.repeat(256)) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ extensions: serverNameExtension('a'.repeat(255)) }))).toEqual(isTls('a'.repeat(255), []));
    expect(peekClientHello(helloRecord({ extensions: serverNameExtension('a.example.com', 1) }))).toEqual({ kind: 'not-tls' });
  });

  test('two names in the list fail', () => {
    const entry = Buffer.concat([Buffer.from([0]), vector(2, Buffer.from('a.example.com'))]);
    const twoNames = extension(0, vector(2, Buffer.concat([entry, entry])));
    expect(peekClientHello(helloRecord({ extensions: twoNames }))).toEqual({ kind: 'not-tls' });
  });

  test('a server_name extension twice (any duplicate extension) fails', () => {
    const sni = serverNameExtension('a.example.com');
    expect(peekClientHello(helloRecord({ extensions: Buffer.concat([sni, sni]) }))).toEqual({ kind: 'not-tls' });
  });
});

describe('ALPN', () => {
  test('protocols keep their case', () => {
    expect(peekClientHello(helloRecord({ extensions: alpnExtension('H2', 'istio-http/1.1') }))).toEqual(isTls(undefined, ['H2', 'istio-http/1.1']));
  });

  test('a list with an empty name, an empty list, or a list not filling the extension gives no ALPN but is still TLS', () => {
    expect(peekClientHello(helloRecord({ extensions: alpnExtension('h2', '') }))).toEqual(isTls(undefined, []));
    expect(peekClientHello(helloRecord({ extensions: extension(16, vector(2, Buffer.alloc(0))) }))).toEqual(isTls(undefined, []));
    const padded = extension(16, Buffer.concat([vector(2, vector(1, Buffer.from('h2'))), Buffer.from([0])]));
    expect(peekClientHello(helloRecord({ extensions: padded }))).toEqual(isTls(undefined, []));
  });
});

describe('versions', () => {
  test('an SSL 3.0 ClientHello has no version in common with Envoy (TLS 1.0 to 1.3)', () => {
    expect(peekClientHello(helloRecord({ legacyVersion: 0x0300 }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ legacyVersion: 0x0301 })).kind).toBe('tls');
  });

  test('supported_versions decides over the legacy version', () => {
    expect(peekClientHello(helloRecord({ legacyVersion: 0x0303, extensions: supportedVersionsExtension(0x0300) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ legacyVersion: 0x0300, extensions: supportedVersionsExtension(0x0304) })).kind).toBe('tls');
    // GREASE values are skipped.
    expect(peekClientHello(helloRecord({ extensions: supportedVersionsExtension(0x0a0a, 0x0304, 0x0303) })).kind).toBe('tls');
    expect(peekClientHello(helloRecord({ extensions: extension(43, vector(1, Buffer.alloc(0))) }))).toEqual({ kind: 'not-tls' });
  });

  test('TLS_FALLBACK_SCSV from a client below TLS 1.3 fails (RFC 7507)', () => {
    expect(peekClientHello(helloRecord({ cipherSuites: u16(0xc02f, 0x5600) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ cipherSuites: u16(0xc02f, 0x5600), extensions: supportedVersionsExtension(0x0304) })).kind).toBe('tls');
  });

  test('compression: null must be offered, and alone with TLS 1.3', () => {
    expect(peekClientHello(helloRecord({ compression: Buffer.from([1]) }))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(helloRecord({ compression: Buffer.from([1, 0]) })).kind).toBe('tls');
    expect(peekClientHello(helloRecord({ compression: Buffer.from([1, 0]), extensions: supportedVersionsExtension(0x0304) }))).toEqual({ kind: 'not-tls' });
  });
});

describe('alerts before the ClientHello', () => {
  const warning = record(21, Buffer.from([1, 112]));

  test('warning alerts are skipped, up to four', () => {
    expect(peekClientHello(Buffer.concat([warning, helloRecord()]))).toEqual(isTls(undefined, []));
    expect(peekClientHello(Buffer.concat([warning, warning, warning, warning, helloRecord()])).kind).toBe('tls');
    expect(peekClientHello(Buffer.concat([warning, warning, warning, warning, warning, helloRecord()]))).toEqual({ kind: 'not-tls' });
  });

  test('close_notify closes the connection; a fatal alert is not TLS', () => {
    expect(peekClientHello(Buffer.concat([record(21, Buffer.from([1, 0])), helloRecord()]))).toEqual({ kind: 'rejected', reason: 'close-notify' });
    expect(peekClientHello(record(21, Buffer.from([2, 40])))).toEqual({ kind: 'not-tls' });
  });

  test('empty handshake records are skipped, up to 32 in a row', () => {
    const empties = (count: number): Buffer => Buffer.concat(Array.from({ length: count }, () => record(22, Buffer.alloc(0))));
    expect(peekClientHello(Buffer.concat([empties(32), helloRecord()])).kind).toBe('tls');
    expect(peekClientHello(Buffer.concat([empties(33), helloRecord()]))).toEqual({ kind: 'not-tls' });
  });
});

describe('SSLv2-format ClientHello (RFC 5246 appendix E.2)', () => {
  /** version, cipher specs of three bytes, no session id, a 16-byte challenge. */
  const v2Hello = (version: number, specs: number[]): Buffer => {
    const cipherSpecs = Buffer.alloc(3 * specs.length);
    specs.forEach((spec, index) => cipherSpecs.writeUIntBE(spec, 3 * index, 3));
    const body = Buffer.concat([Buffer.from([1]), u16(version, cipherSpecs.length, 0, 16), cipherSpecs, Buffer.alloc(16, 9)]);
    return Buffer.concat([u16(0x8000 + body.length), body]);
  };

  test('is TLS without a server name or ALPN when it offers TLS 1.0 or later and a TLS cipher suite', () => {
    const hello = v2Hello(0x0301, [0x00002f, 0x010080]);
    expect(peekClientHello(hello.subarray(0, hello.length - 1)).kind).toBe('incomplete');
    expect(peekClientHello(hello)).toEqual(isTls(undefined, []));
  });

  test('is not TLS when it offers only SSL 3.0, or only SSLv2 cipher specs', () => {
    expect(peekClientHello(v2Hello(0x0300, [0x00002f]))).toEqual({ kind: 'not-tls' });
    expect(peekClientHello(v2Hello(0x0301, [0x010080]))).toEqual({ kind: 'not-tls' });
  });
});
