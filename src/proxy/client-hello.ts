/**
 * Reads the server name (SNI) and the ALPN protocols from the first bytes of a connection without terminating TLS, the
 * way Envoy's `tls_inspector` listener filter does before it picks a filter chain.
 *
 * Envoy does not parse the ClientHello itself: it feeds the peeked bytes to BoringSSL in server mode and stops the
 * handshake in the server-name callback (envoy `source/extensions/filters/listener/tls_inspector/tls_inspector.cc`,
 * `Config::Config` and `Filter::getParserState`). So what counts as TLS is what BoringSSL reads up to that callback:
 * its record layer (boringssl `ssl/tls_record.cc` `tls_open_record`, `ssl_process_alert`; `ssl/s3_both.cc`
 * `tls_open_handshake`, `read_v2_client_hello`, `tls_can_accept_handshake_data`), its ClientHello parser
 * (`ssl/extensions.cc` `ssl_parse_client_hello_with_trailing_data`) and the server's first steps
 * (`ssl/handshake_server.cc` `do_read_client_hello`, `extract_sni`, `decrypt_ech`, `negotiate_version`, the
 * compression check), with the versions Envoy allows it (TLS 1.0 to 1.3). This module follows those steps. When BoringSSL
 * fails before the callback, Envoy (without `close_connection_on_client_hello_parsing_errors`, which Istio does not set)
 * counts `tls_not_found` and goes on as plaintext: such bytes are `not-tls` here, whether they were never TLS or a
 * malformed ClientHello.
 */

/**
 * What the first bytes of a connection are, as Envoy's `tls_inspector` decides it.
 *
 * - `incomplete`: more bytes are needed to decide (Envoy waits for them).
 * - `not-tls`: the bytes are not a ClientHello BoringSSL accepts: plaintext, garbage, or a malformed ClientHello. Envoy
 *   sets no transport protocol (filter chains match it as `raw_buffer`), no server name and no ALPN.
 * - `tls`: a ClientHello. `serverName` is its `host_name` lower-cased (Envoy keeps the requested server name in lower
 *   case: `ConnectionSocketImpl::setRequestedServerName` in envoy `source/common/network/listen_socket_impl.h`), absent
 *   when the ClientHello has none. `alpn` is the offered protocols in order, empty when there is no ALPN extension or
 *   Envoy would not read it (`Filter::onALPN`).
 * - `rejected`: Envoy closes the connection: the ClientHello is not complete within {@link MAX_CLIENT_HELLO_BYTES}
 *   (`client-hello-too-large`, counted as `client_hello_too_large`), or the client sent a `close_notify` alert first.
 */
export type ClientHelloPeek =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'not-tls' }
  | { readonly kind: 'tls'; readonly serverName?: string; readonly alpn: readonly string[] }
  | { readonly kind: 'rejected'; readonly reason: 'client-hello-too-large' | 'close-notify' };

/**
 * The most bytes Envoy's `tls_inspector` peeks at: 16 KiB, BoringSSL's largest plaintext record
 * (`TLS_MAX_CLIENT_HELLO = SSL3_RT_MAX_PLAIN_LENGTH`, the default and the upper bound of `max_client_hello_size`; envoy
 * `test/extensions/filters/listener/tls_inspector/tls_inspector_test.cc` `MaxClientHelloSize`). Older Envoy releases
 * used 64 KiB. A ClientHello not complete within this many bytes closes the connection; bytes past it are never read.
 */
export const MAX_CLIENT_HELLO_BYTES = 16_384;

/** TLS record content types (RFC 8446 section 5.1). */
const CONTENT_TYPE_ALERT = 21;
const CONTENT_TYPE_HANDSHAKE = 22;
/** The record header: type, legacy version, length. */
const RECORD_HEADER_BYTES = 5;
/** The handshake message header: type, 24-bit length. */
const HANDSHAKE_HEADER_BYTES = 4;
/** BoringSSL rejects a record longer than this before reading its body (`SSL3_RT_MAX_ENCRYPTED_LENGTH`). */
const MAX_RECORD_BYTES = 16_384 + 2_048;
/** The largest plaintext record body (`SSL3_RT_MAX_PLAIN_LENGTH`). */
const MAX_PLAINTEXT_RECORD_BYTES = 16_384;
/** The largest handshake message a server without client certificates buffers (`ssl_max_handshake_message_len`). */
const MAX_HANDSHAKE_MESSAGE_BYTES = 16_384;
/** BoringSSL's limits on consecutive empty records and warning alerts (`kMaxEmptyRecords`, `kMaxWarningAlerts`). */
const MAX_EMPTY_RECORDS = 32;
const MAX_WARNING_ALERTS = 4;
const ALERT_LEVEL_WARNING = 1;
const ALERT_CLOSE_NOTIFY = 0;
const HANDSHAKE_TYPE_CLIENT_HELLO = 1;
/** The largest SSLv2-format ClientHello BoringSSL reads. */
const MAX_V2_CLIENT_HELLO_BYTES = 4_096;
/** The top bit of an SSLv2 record's two-byte length, set for a header without padding. */
const V2_LENGTH_FLAG = 0x8000;
const EXTENSION_SERVER_NAME = 0;
const EXTENSION_ALPN = 16;
const EXTENSION_SUPPORTED_VERSIONS = 43;
const EXTENSION_ENCRYPTED_CLIENT_HELLO = 0xfe0d;
const SERVER_NAME_TYPE_HOST_NAME = 0;
const MAX_HOST_NAME_BYTES = 255;
/** The versions Envoy's inspector lets BoringSSL negotiate, best first (`TLS_MIN/MAX_SUPPORTED_VERSION`). */
const SUPPORTED_VERSIONS = [0x0304, 0x0303, 0x0302, 0x0301];
const TLS_1_3 = 0x0304;
/** TLS_FALLBACK_SCSV (RFC 7507): a client retrying with a lower version than it supports. */
const FALLBACK_SCSV = 0x5600;

const INCOMPLETE: ClientHelloPeek = Object.freeze({ kind: 'incomplete' });
const NOT_TLS: ClientHelloPeek = Object.freeze({ kind: 'not-tls' });

/**
 * Decides what the first bytes of a connection are, as Envoy's `tls_inspector` does: call it again with all the bytes
 * received so far while it answers `incomplete`. Only the first {@link MAX_CLIENT_HELLO_BYTES} bytes are read.
 *
 * Not followed: BoringSSL also checks the contents of the other extensions it knows (supported groups, key shares,
 * signature algorithms, ...) before the server-name callback; a ClientHello malformed only there is `tls` here while
 * Envoy treats it as plaintext.
 */
export function peekClientHello(data: Buffer): ClientHelloPeek {
  const peeked = data.subarray(0, MAX_CLIENT_HELLO_BYTES);
  const peek = readFirstMessage(peeked);
  if (peek.kind === 'incomplete' && peeked.length >= MAX_CLIENT_HELLO_BYTES) {
    return { kind: 'rejected', reason: 'client-hello-too-large' };
  }
  return peek;
}

/** The fields of a ClientHello that decide whether the server-name callback runs, and what it reports. */
interface ClientHelloFields {
  readonly legacyVersion: number;
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: Buffer;
  /** Extension bodies by type; no type appears twice. */
  readonly extensions: ReadonlyMap<number, Buffer>;
}

/** A malformed field: the parse stops and the bytes are not a ClientHello. */
class Malformed extends Error {}

/** Reads big-endian integers and length-prefixed vectors; throws {@link Malformed} past the end. */
class ByteReader {
  private offset = 0;

  public constructor(private readonly bytes: Buffer) {}

  /** How many bytes are left. */
  public get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** The next `count` bytes. */
  public take(count: number): Buffer {
    if (count > this.remaining) {
      throw new Malformed();
    }
    const taken = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return taken;
  }

  /** An unsigned integer of `size` bytes. */
  public uint(size: 1 | 2 | 3): number {
    return this.take(size).readUIntBE(0, size);
  }

  /** A vector whose length comes first, in `size` bytes. */
  public vector(size: 1 | 2 | 3): Buffer {
    return this.take(this.uint(size));
  }
}

/** Reads the first handshake message: an SSLv2-format ClientHello, or TLS records carrying a handshake message. */
function readFirstMessage(bytes: Buffer): ClientHelloPeek {
  // BoringSSL reads a record header's worth before deciding anything, even that the bytes are an HTTP request.
  if (bytes.length < RECORD_HEADER_BYTES) {
    return INCOMPLETE;
  }
  if (isV2ClientHello(bytes)) {
    return readV2ClientHello(bytes);
  }
  const fragments: Buffer[] = [];
  let buffered = 0;
  let offset = 0;
  let emptyRecords = 0;
  let warningAlerts = 0;
  let needed = HANDSHAKE_HEADER_BYTES;
  for (;;) {
    if (needed === HANDSHAKE_HEADER_BYTES && buffered >= HANDSHAKE_HEADER_BYTES) {
      needed += Buffer.concat(fragments, HANDSHAKE_HEADER_BYTES).readUIntBE(1, 3);
    }
    if (buffered >= needed) {
      // "ClientHello should be the end of the flight": nothing may follow it in its last record.
      return buffered > needed ? NOT_TLS : readClientHelloMessage(Buffer.concat(fragments, buffered));
    }
    if (needed > HANDSHAKE_HEADER_BYTES + MAX_HANDSHAKE_MESSAGE_BYTES) {
      return NOT_TLS;
    }
    if (bytes.length - offset < RECORD_HEADER_BYTES) {
      return INCOMPLETE;
    }
    const type = bytes[offset];
    const length = bytes.readUInt16BE(offset + 3);
    // Before a version is negotiated only the major version is checked.
    if (bytes[offset + 1] !== 3 || length > MAX_RECORD_BYTES) {
      return NOT_TLS;
    }
    if (bytes.length - offset - RECORD_HEADER_BYTES < length) {
      return INCOMPLETE;
    }
    const body = bytes.subarray(offset + RECORD_HEADER_BYTES, offset + RECORD_HEADER_BYTES + length);
    offset += RECORD_HEADER_BYTES + length;
    if (length > MAX_PLAINTEXT_RECORD_BYTES) {
      return NOT_TLS;
    }
    if (length === 0 && ++emptyRecords > MAX_EMPTY_RECORDS) {
      return NOT_TLS;
    }
    if (type === CONTENT_TYPE_ALERT) {
      // One alert per record. A warning is skipped (a few times); close_notify ends the connection; a fatal alert fails.
      if (length !== 2 || body[0] !== ALERT_LEVEL_WARNING) {
        return NOT_TLS;
      }
      if (body[1] === ALERT_CLOSE_NOTIFY) {
        return { kind: 'rejected', reason: 'close-notify' };
      }
      if (++warningAlerts > MAX_WARNING_ALERTS) {
        return NOT_TLS;
      }
      continue;
    }
    if (type !== CONTENT_TYPE_HANDSHAKE) {
      return NOT_TLS;
    }
    if (length > 0) {
      emptyRecords = 0;
      warningAlerts = 0;
    }
    fragments.push(body);
    buffered += length;
  }
}

/** A complete handshake message: a ClientHello whose fields pass the checks, or not TLS. */
function readClientHelloMessage(message: Buffer): ClientHelloPeek {
  if (message[0] !== HANDSHAKE_TYPE_CLIENT_HELLO) {
    return NOT_TLS;
  }
  return unlessMalformed(() => inspect(parseClientHelloBody(message.subarray(HANDSHAKE_HEADER_BYTES))));
}

/** What `read` finds, or not TLS when it meets a malformed field. */
function unlessMalformed(read: () => ClientHelloPeek): ClientHelloPeek {
  try {
    return read();
  } catch (error) {
    if (error instanceof Malformed) {
      return NOT_TLS;
    }
    throw error;
  }
}

/** The body of a ClientHello (RFC 8446 section 4.1.2, RFC 5246 section 7.4.1.2), as BoringSSL splits it. */
function parseClientHelloBody(body: Buffer): ClientHelloFields {
  const reader = new ByteReader(body);
  const legacyVersion = reader.uint(2);
  reader.take(32);
  if (reader.vector(1).length > 32) {
    throw new Malformed();
  }
  const suites = reader.vector(2);
  if (suites.length < 2 || suites.length % 2 !== 0) {
    throw new Malformed();
  }
  const compressionMethods = reader.vector(1);
  if (compressionMethods.length < 1) {
    throw new Malformed();
  }
  const extensions = new Map<number, Buffer>();
  // A ClientHello may end before the extensions; if they are there, their block is the rest of the message.
  if (reader.remaining > 0) {
    const block = new ByteReader(reader.vector(2));
    while (block.remaining > 0) {
      const type = block.uint(2);
      const extension = block.vector(2);
      if (extensions.has(type)) {
        throw new Malformed();
      }
      extensions.set(type, extension);
    }
    if (reader.remaining > 0) {
      throw new Malformed();
    }
  }
  const cipherSuites: number[] = [];
  for (let i = 0; i < suites.length; i += 2) {
    cipherSuites.push(suites.readUInt16BE(i));
  }
  return { legacyVersion, cipherSuites, compressionMethods, extensions };
}

/** The server's steps up to the server-name callback, then what Envoy reads: the server name and the ALPN list. */
function inspect(fields: ClientHelloFields): ClientHelloPeek {
  checkEncryptedClientHello(fields.extensions.get(EXTENSION_ENCRYPTED_CLIENT_HELLO));
  const serverName = hostName(fields.extensions.get(EXTENSION_SERVER_NAME));
  const version = negotiateVersion(fields);
  // RFC 7507: a fallback to a version below the best both support fails the handshake.
  if (fields.cipherSuites.includes(FALLBACK_SCSV) && version < SUPPORTED_VERSIONS[0]) {
    throw new Malformed();
  }
  // Only null compression is supported, and TLS 1.3 allows no other to be offered.
  if (!fields.compressionMethods.includes(0) || (version >= TLS_1_3 && fields.compressionMethods.length !== 1)) {
    throw new Malformed();
  }
  const alpn = alpnProtocols(fields.extensions.get(EXTENSION_ALPN));
  return serverName === undefined ? { kind: 'tls', alpn } : { kind: 'tls', serverName, alpn };
}

/**
 * Envoy configures no ECH keys, so BoringSSL only checks the outer extension's framing (boringssl `decrypt_ech`) and goes
 * on with the outer ClientHello and its server name.
 */
function checkEncryptedClientHello(extension: Buffer | undefined): void {
  if (extension === undefined) {
    return;
  }
  const reader = new ByteReader(extension);
  if (reader.uint(1) !== 0) {
    return;
  }
  reader.take(2 + 2 + 1);
  reader.vector(2);
  reader.vector(2);
  if (reader.remaining !== 0) {
    throw new Malformed();
  }
}

/**
 * The server_name extension as BoringSSL reads it (RFC 6066 section 3; boringssl `extract_sni`): exactly one
 * `host_name` entry, 1 to 255 bytes without a zero byte, else the handshake fails. Lower-cased in ASCII as Envoy keeps
 * it; the bytes are read one character each.
 */
function hostName(extension: Buffer | undefined): string | undefined {
  if (extension === undefined) {
    return undefined;
  }
  const outer = new ByteReader(extension);
  const list = new ByteReader(outer.vector(2));
  const nameType = list.uint(1);
  const name = list.vector(2);
  if (list.remaining !== 0 || outer.remaining !== 0) {
    throw new Malformed();
  }
  if (nameType !== SERVER_NAME_TYPE_HOST_NAME || name.length === 0 || name.length > MAX_HOST_NAME_BYTES || name.includes(0)) {
    throw new Malformed();
  }
  return name.toString('latin1').replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/**
 * The version BoringSSL would pick (boringssl `negotiate_version`, `ssl_negotiate_version`): the best of TLS 1.3 to 1.0
 * the client lists in supported_versions (RFC 8446 section 4.2.1), or, without that extension, the legacy version and
 * every version below it. None in common fails the handshake.
 */
function negotiateVersion(fields: ClientHelloFields): number {
  const extension = fields.extensions.get(EXTENSION_SUPPORTED_VERSIONS);
  let offered: Buffer;
  if (extension !== undefined) {
    const reader = new ByteReader(extension);
    offered = reader.vector(1);
    if (reader.remaining !== 0 || offered.length === 0) {
      throw new Malformed();
    }
  } else {
    const legacy = SUPPORTED_VERSIONS.filter((version) => version !== TLS_1_3 && version <= fields.legacyVersion);
    offered = Buffer.alloc(2 * legacy.length);
    legacy.forEach((version, index) => offered.writeUInt16BE(version, 2 * index));
  }
  for (const version of SUPPORTED_VERSIONS) {
    // Each of the server's versions scans the client's list up to a match; an odd byte left over is a decode error.
    const reader = new ByteReader(offered);
    while (reader.remaining > 0) {
      if (reader.uint(2) === version) {
        return version;
      }
    }
  }
  throw new Malformed();
}

/**
 * The ALPN protocols as Envoy's `Filter::onALPN` reads them (RFC 7301 section 3.1): a non-empty list of non-empty names
 * filling the extension exactly; anything else is no ALPN at all (the TLS library reports the error later, if ever).
 */
function alpnProtocols(extension: Buffer | undefined): readonly string[] {
  if (extension === undefined) {
    return [];
  }
  try {
    const outer = new ByteReader(extension);
    const list = new ByteReader(outer.vector(2));
    if (outer.remaining !== 0 || list.remaining < 2) {
      return [];
    }
    const protocols: string[] = [];
    while (list.remaining > 0) {
      const name = list.vector(1);
      if (name.length === 0) {
        return [];
      }
      protocols.push(name.toString('latin1'));
    }
    return protocols;
  } catch (error) {
    if (error instanceof Malformed) {
      return [];
    }
    throw error;
  }
}

/** An SSLv2-format ClientHello: a two-byte length with the top bit set, message type 1, major version 3. */
function isV2ClientHello(bytes: Buffer): boolean {
  return bytes.readUInt16BE(0) >= V2_LENGTH_FLAG && bytes[2] === HANDSHAKE_TYPE_CLIENT_HELLO && bytes[3] === 3;
}

/**
 * An SSLv2-format ClientHello (RFC 5246 appendix E.2), which BoringSSL still accepts and turns into a ClientHello
 * without a session id or extensions, keeping only the cipher specs that fit TLS's two bytes (`read_v2_client_hello`).
 */
function readV2ClientHello(bytes: Buffer): ClientHelloPeek {
  const length = bytes.readUInt16BE(0) - V2_LENGTH_FLAG;
  if (length > MAX_V2_CLIENT_HELLO_BYTES || length < RECORD_HEADER_BYTES - 2) {
    return NOT_TLS;
  }
  if (bytes.length < 2 + length) {
    return INCOMPLETE;
  }
  return unlessMalformed(() => {
    const reader = new ByteReader(bytes.subarray(2, 2 + length));
    reader.take(1);
    const legacyVersion = reader.uint(2);
    const specsLength = reader.uint(2);
    const sessionIdLength = reader.uint(2);
    const challengeLength = reader.uint(2);
    const specs = reader.take(specsLength);
    reader.take(sessionIdLength);
    reader.take(challengeLength);
    if (reader.remaining !== 0 || specs.length % 3 !== 0) {
      return NOT_TLS;
    }
    const cipherSuites: number[] = [];
    for (let i = 0; i < specs.length; i += 3) {
      if (specs[i] === 0) {
        cipherSuites.push(specs.readUInt16BE(i + 1));
      }
    }
    if (cipherSuites.length === 0) {
      return NOT_TLS;
    }
    return inspect({ legacyVersion, cipherSuites, compressionMethods: Buffer.from([0]), extensions: new Map() });
  });
}
