/**
 * One listener of the local gateway: a socket on the loopback address for one gateway port, which picks a filter chain
 * for each connection as Envoy does (by the SNI of a TLS ClientHello, else the chain without server names) and hands
 * the connection to it: an HTTP connection manager (HTTP/1.1, or HTTP/2 by prior knowledge or ALPN), with TLS
 * terminated or not, or a TCP proxy.
 */
import * as http from 'http';
import * as http2 from 'http2';
import * as net from 'net';
import { Duplex } from 'stream';
import * as tls from 'tls';
import { peekClientHello } from './client-hello';
import { DownstreamConnection, DownstreamRequest, DownstreamResponse } from './downstream';
import { forwardedForAddress } from './forwarded-headers';
import { GatewayRuntime } from './gateway-runtime';
import { handleRequest } from './http-exchange';
import { endWithReply } from './local-response';
import { recordListenerConnection } from './stats-recorder';
import { forwardConnection } from './tcp-forward';
import { ServerCredentials } from './tls-credentials';
import { handleUpgrade } from './websocket';
import { CompiledListener, FilterChain } from '../engine/compile';
import { pickChain, transportMismatch } from '../engine/decide';

/** The first bytes of an HTTP/2 connection with prior knowledge (RFC 9113 section 3.4). */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** How long a listener that carries TLS waits for a client's first bytes before taking the connection as plaintext. */
const FIRST_BYTES_TIMEOUT_MS = 15_000;

/** Envoy's default limit on request headers: 60 KiB (`max_request_headers_kb`). */
const MAX_HEADER_BYTES = 60 * 1024;

/** What a listener serves. */
export interface ListenerTarget {
  /** The gateway (Service) port. */
  readonly gatewayPort: number;
  /** The compiled listener its connections reach. */
  readonly listener: CompiledListener;
}

/** A listening socket for one gateway port. */
export class ListenerServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<Duplex>();
  private readonly contexts = new WeakMap<object, DownstreamConnection>();
  private readonly http1: http.Server;
  private readonly http2: http2.Http2Server;
  private pending?: DownstreamConnection;

  constructor(private readonly runtime: GatewayRuntime, private readonly credentials: ServerCredentials, private readonly target: ListenerTarget) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.http1 = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 0, keepAliveTimeout: 60_000 },
      (req, res) => this.request(req, res, this.contexts.get(req.socket)));
    this.http1.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const context = this.contexts.get(req.socket);
      if (context === undefined) {
        socket.destroy();
      } else {
        handleUpgrade(this.runtime, context, req, socket, head);
      }
    });
    this.http1.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => rejectMalformed(error, socket));
    this.http2 = http2.createServer({ maxSessionMemory: 64 },
      (req, res) => this.request(req, res, this.contexts.get(req.stream.session as object)));
    this.http2.on('session', (session: http2.ServerHttp2Session) => {
      if (this.pending !== undefined) {
        this.contexts.set(session, this.pending);
      }
    });
  }

  /** Starts listening; resolves with the local port. */
  public listen(address: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Stops listening and destroys every connection. */
  public close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(socket: net.Socket): void {
    this.track(socket);
    socket.setNoDelay(true);
    const { listener } = this.target;
    const onlyChain = listener.chains.length === 1 ? listener.chains[0] : undefined;
    if (onlyChain?.kind === 'tcp' && onlyChain.transport === 'plaintext') {
      // A plain TCP proxy reads nothing first: the upstream may speak first (MySQL does).
      recordListenerConnection(this.runtime.stats, { listener: this.target.listener.name, filterChainMatched: true });
      forwardConnection(this.runtime, this.connectionOf(socket, false, ''), onlyChain, socket, Buffer.alloc(0));
      return;
    }
    let received: Buffer = Buffer.alloc(0);
    const timer = listener.carriesTls ? setTimeout(() => decide(), FIRST_BYTES_TIMEOUT_MS) : undefined;
    const onData = (chunk: Buffer): void => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      if (!listener.carriesTls || peekClientHello(received).kind !== 'incomplete') {
        decide();
      }
    };
    const decide = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', decide);
      socket.pause();
      this.dispatch(socket, received);
    };
    socket.on('data', onData);
    socket.once('end', decide);
    socket.once('close', () => clearTimeout(timer));
  }

  /** Hands a connection to the filter chain its first bytes select. */
  private dispatch(socket: net.Socket, first: Buffer): void {
    if (socket.destroyed) {
      return;
    }
    const hello = this.target.listener.carriesTls && first.length > 0 ? peekClientHello(first) : { kind: 'not-tls' as const };
    const isTls = hello.kind === 'tls';
    const sni = hello.kind === 'tls' ? (hello.serverName ?? '') : '';
    const chain = hello.kind === 'rejected' ? undefined : pickChain(this.target.listener, isTls, sni) as FilterChain | undefined;
    const matched = chain !== undefined && transportMismatch(chain, isTls) === undefined;
    recordListenerConnection(this.runtime.stats, { listener: this.target.listener.name, filterChainMatched: matched });
    if (!matched) {
      // Envoy closes a connection no filter chain takes (listener stat no_filter_chain_match).
      socket.destroy();
      return;
    }
    if (chain.transport !== 'tls-terminate') {
      if (chain.kind === 'http') {
        this.serveHttp(socket, this.connectionOf(socket, false, ''), first);
      } else {
        forwardConnection(this.runtime, this.connectionOf(socket, false, sni), chain, socket, first);
      }
      return;
    }
    void this.terminateTls(socket, first, chain, sni);
  }

  private async terminateTls(socket: net.Socket, first: Buffer, chain: FilterChain, sni: string): Promise<void> {
    let options;
    try {
      options = await this.credentials.optionsFor(chain.servers[0], sni);
    } catch {
      socket.destroy();
      return;
    }
    if (socket.destroyed) {
      return;
    }
    // The first bytes were read to find the SNI: the TLS layer reads them again from a stream that replays them.
    const replay = replayingStream(socket, first);
    const secure = new tls.TLSSocket(replay, {
      isServer: true,
      secureContext: options.secureContext,
      requestCert: options.requestCert,
      rejectUnauthorized: options.requireClientCertificate,
      ALPNProtocols: chain.kind === 'http' ? ['h2', 'http/1.1'] : undefined,
    });
    this.track(secure);
    secure.once('secure', () => {
      // What Node's TLS server does when a handshake completes (onServerSocketSecure), for a socket made directly: the
      // handshake is over, and a client certificate that does not verify is refused (MUTUAL refused a missing one
      // during the handshake; OPTIONAL_MUTUAL, as Envoy, still refuses one that does not verify).
      (secure as { secureConnecting?: boolean }).secureConnecting = false;
      const peer = options.requestCert ? secure.getPeerCertificate() : undefined;
      const presented = peer !== undefined && Object.keys(peer).length > 0;
      if (options.requestCert && (presented || options.requireClientCertificate) && verifyError(secure) !== null) {
        secure.destroy();
        return;
      }
      const connection = this.connectionOf(socket, true, secure.servername || sni, presented ? peer : undefined);
      if (chain.kind === 'http') {
        if (secure.alpnProtocol === 'h2') {
          this.serveHttp2(secure, connection);
        } else {
          this.serveHttp1(secure, connection);
        }
      } else {
        forwardConnection(this.runtime, connection, chain, secure, Buffer.alloc(0));
      }
    });
  }

  /** A plaintext HTTP connection: HTTP/2 when it starts with the prior-knowledge preface (codec AUTO), else HTTP/1.1. */
  private serveHttp(socket: net.Socket, connection: DownstreamConnection, first: Buffer): void {
    if (first.length > 0 && first.subarray(0, H2_PREFACE.length).equals(H2_PREFACE.subarray(0, first.length))) {
      // An HTTP/2 session reads the socket's handle directly, past bytes put back on the stream: it reads a stream
      // that replays them.
      this.serveHttp2(replayingStream(socket, first), connection);
    } else {
      socket.unshift(first);
      this.serveHttp1(socket, connection);
    }
  }

  private serveHttp1(socket: Duplex, connection: DownstreamConnection): void {
    this.contexts.set(socket, connection);
    this.http1.emit('connection', socket);
    socket.resume();
  }

  private serveHttp2(socket: Duplex, connection: DownstreamConnection): void {
    this.pending = connection;
    try {
      this.http2.emit('connection', socket);
    } finally {
      this.pending = undefined;
    }
    socket.resume();
  }

  private request(req: DownstreamRequest, res: DownstreamResponse, connection: DownstreamConnection | undefined): void {
    if (connection === undefined) {
      res.destroy();
      return;
    }
    handleRequest(this.runtime, connection, req, res);
  }

  private connectionOf(socket: net.Socket, isTls: boolean, sni: string, peerCertificate?: tls.PeerCertificate): DownstreamConnection {
    const localAddress = socket.localAddress ?? '';
    return {
      gatewayPort: this.target.gatewayPort,
      listenerPort: this.target.listener.port,
      clientAddress: forwardedForAddress(socket.remoteAddress ?? '', localAddress),
      tls: isTls,
      sni,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      localAddress: `${localAddress}:${socket.localPort ?? 0}`,
      ...(peerCertificate === undefined ? {} : { peerCertificate }),
    };
  }
}

/**
 * A malformed request (Node's HTTP parser refused it): 400, or 431 for headers over the limit, as Envoy's codec
 * answers; then the connection is closed and the listener keeps serving.
 */
function rejectMalformed(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (socket.writable && !(socket as net.Socket).destroyed) {
    endWithReply(socket, error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400, '');
  }
  socket.destroy();
}

/**
 * Why the client's certificate does not verify against the server's CA, or null when it does: what Node's TLS server
 * reads from the socket's handle when a handshake completes (its `authorized` and `authorizationError`).
 */
function verifyError(socket: tls.TLSSocket): Error | null {
  const handle = (socket as unknown as { _handle?: { verifyError?: () => Error | null } })._handle;
  return handle?.verifyError?.() ?? null;
}

/** A duplex over `socket` that first yields `first` (bytes already read from it), then what the socket receives. */
function replayingStream(socket: net.Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => {
      socket.resume();
    },
    write: (chunk: Buffer, _encoding, callback) => {
      socket.write(chunk, callback);
    },
    final: (callback) => {
      socket.end(callback);
    },
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  if (first.length > 0) {
    duplex.push(first);
  }
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) {
      socket.pause();
    }
  });
  socket.once('end', () => duplex.push(null));
  socket.once('close', () => duplex.destroy());
  return duplex;
}
