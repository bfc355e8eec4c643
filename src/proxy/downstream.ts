/**
 * What the gateway knows of a client connection when a request arrives on it: which gateway port it came to, whether
 * TLS was terminated and with which SNI, and who the client is.
 */
import * as tls from 'tls';

/** A client connection accepted by one of the gateway's listeners. */
export interface DownstreamConnection {
  /** The gateway (Service) port the connection came to: a Gateway server's `port.number`. */
  readonly gatewayPort: number;
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
