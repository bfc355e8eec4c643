/**
 * What the gateway knows of a client connection when a request arrives on it: which gateway port it came to, whether
 * TLS was terminated and with which SNI, and who the client is.
 */
import * as http from 'http';
import * as http2 from 'http2';
import * as tls from 'tls';

/** A client connection accepted by one of the gateway's listeners. */
export interface DownstreamConnection {
  /** The gateway (Service) port the connection came to: a Gateway server's `port.number`. */
  readonly gatewayPort: number;
  /** The port Envoy listens on for it (the Service's target port): listener `0.0.0.0_<port>`. */
  readonly listenerPort: number;
  /**
   * The address Envoy appends to `x-forwarded-for` for this client: the client's, or for a client on the loopback
   * address, the gateway's own.
   */
  readonly clientAddress: string;
  /** True when the gateway terminated TLS on it. */
  readonly tls: boolean;
  /** The SNI the client sent, or empty. */
  readonly sni: string;
  /** The client's address. */
  readonly remoteAddress: string;
  /** The client's port. */
  readonly remotePort: number;
  /** The local address the client connected to, `address:port`. */
  readonly localAddress: string;
  /** The client certificate, when TLS was terminated and the client presented one. */
  readonly peerCertificate?: tls.PeerCertificate;
}

/** A request as Node's HTTP/1.1 and HTTP/2 (compatibility API) servers give it. */
export type DownstreamRequest = http.IncomingMessage | http2.Http2ServerRequest;

/** The response of a {@link DownstreamRequest}. */
export type DownstreamResponse = http.ServerResponse | http2.Http2ServerResponse;
