/**
 * The gRPC facts Envoy reads from HTTP headers: whether a request is gRPC, the `grpc-timeout` header it parses and
 * writes, and the gRPC status it reports for an HTTP status (envoyproxy/envoy `source/common/grpc/common.cc`
 * `Common::isGrpcRequestHeaders`, `getGrpcTimeout`, `toGrpcTimeout`; `source/common/grpc/status.cc`
 * `Utility::httpToGrpcStatus`).
 */
import { headerValue, HeaderMap } from './header-map';
import { GRPC_STATUS_NAMES } from '../istio/grpc-status';

/** The content type of gRPC (`application/grpc`, or with a `+proto`-like suffix or parameters). */
const GRPC_CONTENT_TYPE = 'application/grpc';

/** The largest number a `grpc-timeout` value may have (eight digits). */
const MAX_GRPC_TIMEOUT_VALUE = 99_999_999;

/** Milliseconds per `grpc-timeout` unit of a millisecond or more. */
const GRPC_TIMEOUT_MILLIS: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1000, m: 1 };

/** `grpc-timeout` units per millisecond, for the units below a millisecond (rounded up to whole milliseconds). */
const GRPC_TIMEOUT_PER_MILLI: Readonly<Record<string, number>> = { u: 1000, n: 1_000_000 };

/** gRPC status codes by HTTP status, for the statuses that have their own (any other is UNKNOWN, 2). */
const GRPC_STATUS_BY_HTTP_STATUS: ReadonlyMap<number, number> = new Map([
  [400, 13], [401, 16], [403, 7], [404, 12], [429, 14], [502, 14], [503, 14], [504, 14],
]);

/** The gRPC status UNKNOWN. */
const GRPC_UNKNOWN = 2;

/** True when the request is gRPC: its `content-type` is `application/grpc`, alone or followed by `+` or `;`. */
export function isGrpcRequest(headers: HeaderMap): boolean {
  const contentType = headerValue(headers, 'content-type');
  if (contentType === undefined || !contentType.startsWith(GRPC_CONTENT_TYPE)) {
    return false;
  }
  const next = contentType.charAt(GRPC_CONTENT_TYPE.length);
  return next === '' || next === '+' || next === ';';
}

/**
 * The milliseconds a `grpc-timeout` value stands for (`5S` is 5000, `1500u` is 2), or undefined when it is not one: a
 * number up to 99999999 followed by one of `H`, `M`, `S`, `m`, `u`, `n`.
 */
export function parseGrpcTimeout(value: string): number | undefined {
  const match = /^(\d+)([HMSmun])$/.exec(value);
  if (match === null || Number(match[1]) > MAX_GRPC_TIMEOUT_VALUE) {
    return undefined;
  }
  const amount = Number(match[1]);
  const unit = match[2];
  return unit in GRPC_TIMEOUT_MILLIS ? amount * GRPC_TIMEOUT_MILLIS[unit] : Math.ceil(amount / GRPC_TIMEOUT_PER_MILLI[unit]);
}

/**
 * A `grpc-timeout` value for `ms` milliseconds, as Envoy writes it: milliseconds while they fit in eight digits, else
 * whole seconds, minutes or hours (rounded down), at most 99999999 hours.
 */
export function formatGrpcTimeout(ms: number): string {
  let time = Math.trunc(ms);
  const units = ['m', 'S', 'M', 'H'];
  let unit = 0;
  if (time > MAX_GRPC_TIMEOUT_VALUE) {
    time = Math.trunc(time / 1000);
    unit = 1;
  }
  while (time > MAX_GRPC_TIMEOUT_VALUE) {
    if (unit === units.length - 1) {
      time = MAX_GRPC_TIMEOUT_VALUE;
    } else {
      time = Math.trunc(time / 60);
      unit++;
    }
  }
  return `${time}${units[unit]}`;
}

/** The gRPC status Envoy reports for an HTTP status (gRPC's http-grpc-status-mapping: 503 is UNAVAILABLE, 14). */
export function grpcStatusOfHttpStatus(status: number): number {
  return GRPC_STATUS_BY_HTTP_STATUS.get(status) ?? GRPC_UNKNOWN;
}

/** The code of a gRPC status name (`UNAVAILABLE` is 14), or undefined for a name gRPC does not define. */
export function grpcStatusCode(name: string): number | undefined {
  const code = GRPC_STATUS_NAMES.indexOf(name);
  return code < 0 ? undefined : code;
}
