/**
 * The timeouts Envoy's router gives a forwarded request, and the timeout it tells the upstream about (envoyproxy/envoy
 * `source/common/router/router.cc` `FilterUtility::finalTimeout`, `setTimeoutHeaders`). istiod sets the route timeout
 * to the rule's `timeout`, 0 (none) without one, and `max_grpc_timeout` to the same value (istio/istio
 * `pilot/pkg/networking/core/route/route.go` `setTimeout`), so a gRPC request's own `grpc-timeout` counts too.
 */
import { formatGrpcTimeout, isGrpcRequest, parseGrpcTimeout } from './grpc-headers';
import { headerValue, HeaderMap } from './header-map';
import { parseGoDuration } from '../istio/duration';

/** The timeouts of one forwarded request, in milliseconds; 0 means none. */
export interface RequestTimeouts {
  /** The whole request's timeout, every try and back-off included. */
  readonly globalMs: number;
  /** Each try's timeout (0 also when it is not shorter than the global timeout, which then governs). */
  readonly perTryMs: number;
}

/** What the router's timeouts depend on. */
export interface RequestTimeoutInput {
  /**
   * The rule's `timeout`, a duration as written (`5s`, `250ms`).
   * @default - no timeout
   */
  readonly timeout?: string;
  /**
   * The retry policy's per-try timeout in milliseconds.
   * @default 0 - none
   */
  readonly perTryTimeoutMs?: number;
  /** The request headers (for a gRPC request, its `content-type` and `grpc-timeout`). */
  readonly requestHeaders: HeaderMap;
}

/**
 * The timeouts of a request: the rule's timeout; for a gRPC request its `grpc-timeout` instead (no timeout when it has
 * none), capped by the rule's timeout when there is one. A per-try timeout that is not shorter than the global one is
 * dropped.
 */
export function requestTimeouts(input: RequestTimeoutInput): RequestTimeouts {
  const nanos = input.timeout === undefined ? undefined : parseGoDuration(input.timeout);
  const routeMs = nanos === undefined ? 0 : Math.trunc(nanos / 1e6);
  let globalMs = routeMs;
  if (isGrpcRequest(input.requestHeaders)) {
    const header = headerValue(input.requestHeaders, 'grpc-timeout');
    const grpcMs = header === undefined ? 0 : parseGrpcTimeout(header) ?? 0;
    globalMs = routeMs !== 0 && (grpcMs === 0 || grpcMs > routeMs) ? routeMs : grpcMs;
  }
  const perTry = input.perTryTimeoutMs ?? 0;
  return { globalMs, perTryMs: globalMs !== 0 && perTry >= globalMs ? 0 : perTry };
}

/**
 * The timeout the upstream is told about for a try that starts `elapsedMs` after the request did: the per-try timeout,
 * else the global one, never beyond what is left of the global timeout (at least 1); undefined when there is none.
 * Envoy writes it in `x-envoy-expected-rq-timeout-ms`, and for a gRPC request in `grpc-timeout` too.
 */
export function expectedTimeoutMs(timeouts: RequestTimeouts, elapsedMs = 0): number | undefined {
  const expected = timeouts.perTryMs !== 0 ? timeouts.perTryMs : timeouts.globalMs;
  if (expected === 0) {
    return undefined;
  }
  if (timeouts.globalMs === 0) {
    return expected;
  }
  return elapsedMs >= timeouts.globalMs ? 1 : Math.min(expected, timeouts.globalMs - elapsedMs);
}

/** The headers the router sets for a try's timeout: `x-envoy-expected-rq-timeout-ms`, and `grpc-timeout` for gRPC. */
export function timeoutHeaders(timeouts: RequestTimeouts, grpcRequest: boolean, elapsedMs = 0): Readonly<Record<string, string>> {
  const expected = expectedTimeoutMs(timeouts, elapsedMs);
  if (expected === undefined) {
    return {};
  }
  const headers: Record<string, string> = { 'x-envoy-expected-rq-timeout-ms': String(expected) };
  if (grpcRequest) {
    headers['grpc-timeout'] = formatGrpcTimeout(expected);
  }
  return headers;
}
