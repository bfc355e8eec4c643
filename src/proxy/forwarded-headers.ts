/**
 * What Envoy adds to and strips from a request it forwards, and a response it returns, at an Istio gateway. istiod
 * configures the gateway's HTTP connection manager with `use_remote_address: true`, `xff_num_trusted_hops: 0`,
 * `forward_client_cert_details: SANITIZE_SET`, a request ID generated for every request, `server_name: istio-envoy`
 * with `server_header_transformation: OVERWRITE`, and `include_request_attempt_count` on its virtual hosts (istio/istio
 * `pilot/pkg/networking/core/gateway.go` `buildGatewayConnectionManager`, `pilot/pkg/networking/util/proxy_headers.go`
 * `GetProxyHeadersFromProxyConfig`, `pilot/pkg/networking/core/listener_builder.go`).
 *
 * Which requests are internal: Envoy trusts no address unless `internal_address_config` lists it (the default since
 * Envoy 1.36 removed `explicit_internal_address_config`), and istiod lists only the `fromCidr` ranges of mesh networks,
 * so at a default gateway every request is external (an edge request): its `x-request-id` is replaced and the
 * `x-envoy-*` headers that steer Envoy are stripped.
 *
 * The order, as Envoy applies it: the connection manager's changes ({@link requestHeadersForUpstream}), the fault and
 * CORS filters, then the router (timeouts and attempt count, also in {@link requestHeadersForUpstream}; then the
 * rule's header operations, host and path rewrites). On the way back: the router adds `x-envoy-upstream-service-time`
 * and applies the response header operations, the CORS filter its headers, and last the connection manager
 * ({@link responseHeadersForDownstream}).
 */
import { X509Certificate, randomUUID } from 'crypto';
import { isIPv6 } from 'net';
import { clientCertificateElement } from './client-certificate';
import { isGrpcRequest } from './grpc-headers';
import { copyHeaders, headerValue, HeaderMap, MutableHeaderMap } from './header-map';
import { RequestTimeouts, timeoutHeaders } from './request-timeout';

/** The `server` header value of every response (istiod's server name for gateways). */
export const SERVER_NAME = 'istio-envoy';

/** The client's connection to the gateway. */
export interface DownstreamConnection {
  /** The peer's IP address as the socket reports it (an IPv4-mapped IPv6 address stands for the IPv4 address). */
  readonly remoteAddress: string;
  /** True when the connection is TLS (`x-forwarded-proto: https`). */
  readonly tls: boolean;
  /**
   * The certificate the client presented (mTLS), for `x-forwarded-client-cert`.
   * @default - none: the header is removed
   */
  readonly peerCertificate?: X509Certificate;
  /**
   * The certificate the gateway presented; its URI SANs become `By=` in `x-forwarded-client-cert`.
   * @default - none
   */
  readonly localCertificate?: X509Certificate;
}

/** A set of addresses Envoy treats as internal (Node's `net.BlockList` is one). */
export interface AddressSet {
  /** True when `address` is in the set. */
  check(address: string, type?: 'ipv4' | 'ipv6'): boolean;
}

/** What the headers of a forwarded request depend on. */
export interface UpstreamRequestInput {
  /** The request headers as received. */
  readonly headers: HeaderMap;
  /** The connection the request came on. */
  readonly connection: DownstreamConnection;
  /**
   * The gateway's own address (Envoy's node address), which Envoy appends to `x-forwarded-for` instead of a peer at
   * 127.0.0.1 or ::1.
   */
  readonly nodeAddress: string;
  /**
   * The addresses whose requests are internal (only when they carry no `x-forwarded-for`).
   * @default - none: every request is external
   */
  readonly internalAddresses?: AddressSet;
  /**
   * Makes the request ID (a UUID v4) of an external request, or of an internal one without ID. For a retry, return
   * the ID the first try got: every try of a request carries the same.
   * @default crypto.randomUUID
   */
  readonly requestId?: () => string;
  /**
   * The try this request is (`x-envoy-attempt-count`).
   * @default 1
   */
  readonly attempt?: number;
  /**
   * The router's timeouts for the request (see `requestTimeouts`), for `x-envoy-expected-rq-timeout-ms`.
   * @default - no timeout: the header is not set
   */
  readonly timeouts?: RequestTimeouts;
  /**
   * How long ago the request started, for the timeout left to a retry.
   * @default 0
   */
  readonly elapsedMs?: number;
  /**
   * The path before the route rewrote it; Envoy keeps it in `x-envoy-original-path`.
   * @default - the path was not rewritten
   */
  readonly originalPath?: string;
}

/** A request's headers for the upstream, and what Envoy concluded about the request. */
export interface UpstreamRequestHeaders {
  /** The headers to forward (before the rule's header operations). */
  readonly headers: MutableHeaderMap;
  /** True for an external request (all of them, unless `internalAddresses` says otherwise). */
  readonly edge: boolean;
  /** The trusted client address: the peer's (no proxy in front of the gateway is trusted). */
  readonly clientAddress: string;
}

/** What the headers of a response sent downstream depend on. */
export interface DownstreamResponseInput {
  /** The response headers (from the upstream, or a local reply), after the response header operations and CORS. */
  readonly headers: HeaderMap;
  /** The request headers as received (an upgrade answered by an upgrade keeps its hop-by-hop headers). */
  readonly requestHeaders: HeaderMap;
  /**
   * Milliseconds from the end of the request to the upstream's response headers (`x-envoy-upstream-service-time`).
   * @default - a local reply: the header is not set
   */
  readonly upstreamServiceTimeMs?: number;
  /**
   * The time for a `date` header when the response has none.
   * @default - now
   */
  readonly now?: Date;
}

/** Request headers that steer Envoy, which it strips from any request that is not internal (`cleanInternalHeaders`). */
const INTERNAL_ONLY_HEADERS: readonly string[] = [
  'x-envoy-retriable-status-codes', 'x-envoy-retriable-header-names', 'x-envoy-retry-on', 'x-envoy-retry-grpc-on',
  'x-envoy-max-retries', 'x-envoy-upstream-alt-stat-name', 'x-envoy-upstream-rq-timeout-ms',
  'x-envoy-upstream-rq-per-try-timeout-ms', 'x-envoy-upstream-rq-timeout-alt-response', 'x-envoy-expected-rq-timeout-ms',
  'x-envoy-force-trace', 'x-envoy-ip-tags', 'x-envoy-original-url', 'x-envoy-hedge-on-per-try-timeout',
];

/** Headers about the caller, which only an internal caller may send (stripped from edge requests). */
const EDGE_STRIPPED_HEADERS: readonly string[] = [
  'x-envoy-decorator-operation', 'x-envoy-downstream-service-cluster', 'x-envoy-downstream-service-node',
];

/** Headers the router reads and removes before forwarding (`finalTimeout`, `RetryStateImpl::create`, `decodeHeaders`). */
const ROUTER_CONSUMED_HEADERS: readonly string[] = [
  'x-envoy-retry-on', 'x-envoy-retry-grpc-on', 'x-envoy-max-retries', 'x-envoy-retriable-status-codes',
  'x-envoy-retriable-header-names', 'x-envoy-upstream-rq-timeout-ms', 'x-envoy-upstream-rq-per-try-timeout-ms',
  'x-envoy-hedge-on-per-try-timeout', 'x-envoy-upstream-stream-duration-ms', 'x-envoy-upstream-rq-timeout-alt-response',
  'x-envoy-upstream-alt-stat-name',
];

/**
 * The headers of a request forwarded upstream (envoyproxy/envoy `source/common/http/conn_manager_utility.cc`
 * `mutateRequestHeaders`, `cleanInternalHeaders`, `mutateXfccRequestHeader`; `source/common/router/router.cc`
 * `Filter::decodeHeaders`, `FilterUtility::setTimeoutHeaders`):
 * - hop-by-hop headers go (`connection`, `upgrade` unless the request is an upgrade, `keep-alive`,
 *   `proxy-connection`, `transfer-encoding`, `x-envoy-internal`); `te` stays only as `trailers`, when it lists it;
 *   a `referer` that is not one absolute URL goes;
 * - `x-forwarded-for` gets the peer's address appended (the node's address for a peer at 127.0.0.1 or ::1),
 *   `x-forwarded-proto` is set to the connection's scheme;
 * - an external request: `x-envoy-external-address` is the peer's address, the request ID is replaced, and the
 *   headers that steer Envoy are removed; an internal one gets `x-envoy-internal: true` and keeps its request ID;
 * - `x-forwarded-client-cert` describes the client certificate of an mTLS connection, and is removed otherwise;
 * - the router sets `x-envoy-attempt-count`, `x-envoy-expected-rq-timeout-ms` (and `grpc-timeout` for gRPC) when a
 *   timeout applies, and `x-envoy-original-path` after a path rewrite.
 */
export function requestHeadersForUpstream(input: UpstreamRequestInput): UpstreamRequestHeaders {
  const headers = copyHeaders(input.headers);
  if (!isUpgrade(input.headers)) {
    delete headers.connection;
    delete headers.upgrade;
    sanitizeTe(headers);
  }
  for (const name of ['x-envoy-internal', 'keep-alive', 'proxy-connection', 'transfer-encoding']) {
    delete headers[name];
  }
  sanitizeReferer(headers);

  const remote = unmapped(input.connection.remoteAddress);
  const forwardedFor = headerValue(input.headers, 'x-forwarded-for');
  const appended = forwardedForAddress(input.connection.remoteAddress, input.nodeAddress);
  headers['x-forwarded-for'] = forwardedFor === undefined || forwardedFor === '' ? appended : `${forwardedFor},${appended}`;
  headers['x-forwarded-proto'] = input.connection.tls ? 'https' : 'http';

  const internal = forwardedFor === undefined && input.internalAddresses?.check(remote, isIPv6(remote) ? 'ipv6' : 'ipv4') === true;
  if (internal) {
    headers['x-envoy-internal'] = 'true';
  } else {
    for (const name of [...EDGE_STRIPPED_HEADERS, ...INTERNAL_ONLY_HEADERS]) {
      delete headers[name];
    }
    headers['x-envoy-external-address'] = remote;
  }
  if (!internal || headerValue(headers, 'x-request-id') === undefined) {
    headers['x-request-id'] = (input.requestId ?? randomUUID)();
  }
  const { peerCertificate, localCertificate } = input.connection;
  if (input.connection.tls && peerCertificate !== undefined) {
    headers['x-forwarded-client-cert'] = clientCertificateElement(peerCertificate, localCertificate);
  } else {
    delete headers['x-forwarded-client-cert'];
  }

  for (const name of ROUTER_CONSUMED_HEADERS) {
    delete headers[name];
  }
  if (input.timeouts !== undefined) {
    Object.assign(headers, timeoutHeaders(input.timeouts, isGrpcRequest(input.headers), input.elapsedMs ?? 0));
  }
  headers['x-envoy-attempt-count'] = String(input.attempt ?? 1);
  if (input.originalPath !== undefined) {
    headers['x-envoy-original-path'] = input.originalPath;
  }
  return { headers, edge: !internal, clientAddress: remote };
}

/**
 * The headers of a response sent to the client (envoyproxy/envoy `source/common/http/conn_manager_impl.cc`
 * `ActiveStream::encodeHeaders`, `conn_manager_utility.cc` `mutateResponseHeaders`; `router.cc` for the service
 * time): `date` when the response has none, `server: istio-envoy` in place of the upstream's, hop-by-hop headers
 * removed (`connection` and `upgrade` are kept when an upgrade request is answered by an upgrade), and
 * `x-envoy-upstream-service-time` on an upstream's response.
 */
export function responseHeadersForDownstream(input: DownstreamResponseInput): MutableHeaderMap {
  const headers = copyHeaders(input.headers);
  if (!(isUpgrade(input.requestHeaders) && isUpgrade(input.headers))) {
    delete headers.connection;
    delete headers.upgrade;
  }
  for (const name of ['transfer-encoding', 'keep-alive', 'proxy-connection']) {
    delete headers[name];
  }
  if (input.upstreamServiceTimeMs !== undefined) {
    headers['x-envoy-upstream-service-time'] = String(Math.max(0, Math.trunc(input.upstreamServiceTimeMs)));
  }
  if (headers.date === undefined) {
    headers.date = (input.now ?? new Date()).toUTCString();
  }
  headers.server = SERVER_NAME;
  return headers;
}

/** True for an upgrade (Envoy's `Utility::isUpgrade`): an `upgrade` header, and `upgrade` among the `connection` tokens. */
function isUpgrade(headers: HeaderMap): boolean {
  const connection = headerValue(headers, 'connection');
  return headerValue(headers, 'upgrade') !== undefined && connection !== undefined && hasToken(connection, 'upgrade');
}

/** True when a comma-separated header lists `token` (case-insensitive, parameters after `;` ignored). */
function hasToken(value: string, token: string): boolean {
  return value.split(',').some((part) => part.split(';')[0].trim().toLowerCase() === token);
}

/** Envoy keeps `te` only as `trailers`, when the request lists it (envoyproxy/envoy PR 32255, `sanitizeTEHeader`). */
function sanitizeTe(headers: MutableHeaderMap): void {
  const te = headerValue(headers, 'te');
  if (te === undefined) {
    return;
  }
  if (hasToken(te, 'trailers')) {
    headers.te = 'trailers';
  } else {
    delete headers.te;
  }
}

/** Envoy drops a `referer` that occurs more than once or is not an absolute URL. */
function sanitizeReferer(headers: MutableHeaderMap): void {
  const referer = headers.referer;
  if (referer === undefined) {
    return;
  }
  if (typeof referer !== 'string' || !isAbsoluteUrl(referer)) {
    delete headers.referer;
  }
}

function isAbsoluteUrl(text: string): boolean {
  try {
    return new URL(text).host !== '';
  } catch {
    return false;
  }
}

/**
 * The address Envoy appends to `x-forwarded-for` for a client at `remoteAddress`: the client's (an IPv4-mapped IPv6
 * address as IPv4), or the gateway's own `nodeAddress` for a client on the loopback address.
 */
export function forwardedForAddress(remoteAddress: string, nodeAddress: string): string {
  const remote = unmapped(remoteAddress);
  return remote === '127.0.0.1' || remote === '::1' ? nodeAddress : remote;
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as the IPv4 address Envoy sees. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match === null ? address : match[1];
}
