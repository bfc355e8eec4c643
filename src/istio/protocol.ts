/**
 * Gateway server protocols and TLS modes, and how Istio treats each of them.
 */

/** The protocol of a Gateway server (`port.protocol`). */
export enum Protocol {
  /** Plaintext HTTP/1.1 (and h2c with prior knowledge). */
  HTTP = 'HTTP',
  /** HTTP over TLS; terminated at the gateway unless the TLS mode is a passthrough mode. */
  HTTPS = 'HTTPS',
  /** Plaintext HTTP/2 (routed exactly like HTTP). */
  HTTP2 = 'HTTP2',
  /** gRPC (routed exactly like HTTP). */
  GRPC = 'GRPC',
  /** Opaque TCP: one destination set for the whole port. */
  TCP = 'TCP',
  /** TLS: terminated (then routed as TCP) or passed through by SNI. */
  TLS = 'TLS',
  /** MongoDB wire protocol (routed as TCP). */
  MONGO = 'MONGO',
}

/** How a Gateway server handles TLS (`tls.mode`). */
export enum TlsMode {
  /** Terminate TLS with a server certificate; no client certificate. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate signed by the client CA. */
  MUTUAL = 'MUTUAL',
  /** Forward the encrypted stream by SNI without terminating it (routed by VirtualService `tls` rules). */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Passthrough of Istio mTLS traffic; the destination is encoded in the SNI (east-west gateways). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Terminate Istio mutual TLS with the gateway's own workload certificate. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Terminate TLS and verify a client certificate only when one is sent. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
}

/** TLS protocol versions for `minProtocolVersion` / `maxProtocolVersion`. */
export enum TlsVersion {
  /** Envoy's default choice. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0 (insecure; needs explicit cipher suites). */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1 (insecure; needs explicit cipher suites). */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

const HTTP_FAMILY = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);
const TLS_CAPABLE = new Set(['HTTPS', 'TLS']);

/** True for protocols whose plaintext servers share the `http.<port>` route table. */
export function isHttpFamily(protocol: string): boolean {
  return HTTP_FAMILY.has(protocol.toUpperCase());
}

/** True for protocols that carry TLS (HTTPS and TLS). */
export function isTlsProtocol(protocol: string): boolean {
  return TLS_CAPABLE.has(protocol.toUpperCase());
}

/** True for TLS modes that forward the encrypted stream instead of terminating it. */
export function isPassthrough(mode: TlsMode | string | undefined): boolean {
  return mode === undefined || mode === TlsMode.PASSTHROUGH || mode === TlsMode.AUTO_PASSTHROUGH;
}

/**
 * Which VirtualService section routes traffic of a server: `http` for HTTP-family servers and
 * terminated HTTPS, `tcp` for TCP-like servers and terminated TLS, `tls` for passthrough.
 */
export function routeKindOf(protocol: string, mode: TlsMode | string | undefined): 'http' | 'tcp' | 'tls' {
  const upper = protocol.toUpperCase();
  if (isHttpFamily(upper)) {
    return 'http';
  }
  if (isTlsProtocol(upper)) {
    if (isPassthrough(mode)) {
      return 'tls';
    }
    return upper === 'HTTPS' ? 'http' : 'tcp';
  }
  return 'tcp';
}
