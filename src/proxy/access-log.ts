/**
 * Access log lines in Envoy's default format (envoy docs config_access_log_default_format):
 *
 * `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
 * %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%"
 * "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n`
 *
 * A value that is not there prints `-` (envoy docs config_access_log_command_operators); a header that is there but
 * empty prints nothing (envoy source/common/formatter: the header formatter returns the empty value, and only a
 * missing value becomes `-`). `START_TIME` is UTC with milliseconds (`2016-04-15T20:17:00.310Z`), `RESPONSE_CODE` is
 * 0 when no response was sent, `RESPONSE_FLAGS` joins the flags with `,` in the order they were set, each once
 * (envoy source/common/stream_info/stream_info_impl.h `setResponseFlag`), and `DURATION` is whole milliseconds.
 * The same format on a TCP proxy has no request, protocol or headers: `[time] "- - -" 0 <flags> <bytes>...`.
 */

/**
 * Envoy's response flags, by short name, with what each means (envoy docs config_access_log_format_response_flags,
 * source/common/stream_info/utility.h).
 */
export const RESPONSE_FLAG_MEANINGS = {
  /** No healthy upstream hosts in the upstream cluster, with a 503. */
  UH: 'no healthy upstream host in the cluster (503)',
  /** Upstream connection failure, with a 503. */
  UF: 'upstream connection failure (503)',
  /** Upstream overflow (circuit breaking), with a 503. */
  UO: 'upstream overflow: a circuit breaker is open (503)',
  /** No route for the request, with a 404; or no filter chain for a downstream connection. */
  NR: 'no route configured for the request (404), or no filter chain for the connection',
  /** The upstream retry limit (HTTP) or maximum connect attempts (TCP) was reached. */
  URX: 'upstream retry limit or connect attempts exceeded',
  /** The upstream cluster was not found. */
  NC: 'upstream cluster not found',
  /** The request or connection exceeded its maximum connection duration. */
  DT: 'maximum connection duration reached',
  /** The downstream connection was terminated. */
  DC: 'downstream connection terminated',
  /** The local service failed its health check, with a 503. */
  LH: 'local service failed its health check (503)',
  /** The upstream request timed out, with a 504. */
  UT: 'upstream request timeout (504)',
  /** The connection was reset locally, with a 503. */
  LR: 'connection local reset (503)',
  /** The upstream reset the stream, with a 503. */
  UR: 'upstream remote reset (503)',
  /** The upstream connection was terminated, with a 503. */
  UC: 'upstream connection termination (503)',
  /** Fault injection delayed the request. */
  DI: 'delayed by fault injection',
  /** Fault injection aborted the request with its response code. */
  FI: 'aborted by fault injection',
  /** The request was rate limited locally, with a 429. */
  RL: 'rate limited locally (429)',
  /** The external authorization service denied the request. */
  UAEX: 'denied by the external authorization service',
  /** The rate limit service failed. */
  RLSE: 'rate limit service error',
  /** A strictly checked `x-envoy-*` request header had an invalid value, with a 400. */
  IH: 'invalid value of a strictly checked request header (400)',
  /** The stream idle timeout fired, with a 408. */
  SI: 'stream idle timeout (408)',
  /** The downstream request had an HTTP protocol error. */
  DPE: 'downstream HTTP protocol error',
  /** The upstream response had an HTTP protocol error. */
  UPE: 'upstream HTTP protocol error',
  /** The upstream request reached its maximum stream duration. */
  UMSDR: 'upstream maximum stream duration reached',
  /** The response came from the cache filter. */
  RFCF: 'response from the cache filter',
  /** A filter's configuration was not found (ECDS). */
  NFCF: 'no filter configuration found',
  /** The overload manager terminated the request. */
  OM: 'terminated by the overload manager',
  /** DNS resolution failed. */
  DF: 'DNS resolution failed',
  /** The request was dropped by the drop overload policy. */
  DO: 'dropped by drop overload',
} as const;

/** A response flag's short name, as `%RESPONSE_FLAGS%` prints it. */
export type ResponseFlag = keyof typeof RESPONSE_FLAG_MEANINGS;

/** The HTTP version `%PROTOCOL%` prints. */
export type AccessLogProtocol = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2' | 'HTTP/3';

/** The parts of a connection's log line that an HTTP request and a TCP connection share. */
export interface AccessLogTiming {
  /** When the request (TCP: the downstream connection) started. */
  readonly startTime: Date;
  /** The response flags, in the order they were set; none prints `-`. */
  readonly flags: readonly ResponseFlag[];
  /** Body bytes received (TCP: bytes read from downstream). */
  readonly bytesReceived: number;
  /** Body bytes sent (TCP: bytes written to downstream). */
  readonly bytesSent: number;
  /** Milliseconds from the start to the last byte out (TCP: the connection's lifetime). */
  readonly durationMs: number;
  /** The upstream endpoint, `ip:port`; unset when none was picked. */
  readonly upstreamHost?: string;
}

/** One HTTP request, with what Envoy's default format prints of it. */
export interface AccessLogEntry extends AccessLogTiming {
  /** The request's method (`:method`). */
  readonly method?: string;
  /** The request's path as sent upstream (`:path`, after any rewrite). */
  readonly path?: string;
  /** The path before a rewrite (`x-envoy-original-path`); printed instead of `path` when set. */
  readonly originalPath?: string;
  /** The downstream HTTP version. */
  readonly protocol?: AccessLogProtocol;
  /** The status code sent downstream; 0 when none was sent. */
  readonly status: number;
  /** The upstream's `x-envoy-upstream-service-time`, in milliseconds. */
  readonly upstreamServiceTimeMs?: number;
  /** The request's `x-forwarded-for`. */
  readonly xForwardedFor?: string;
  /** The request's `user-agent`. */
  readonly userAgent?: string;
  /** The request's `x-request-id`. */
  readonly requestId?: string;
  /** The request's `:authority` (HTTP/1.1 `host`). */
  readonly authority?: string;
}

/**
 * One line of Envoy's default access log format for an HTTP request, with its line feed.
 *
 * @param entry - the request.
 */
export function formatAccessLogLine(entry: AccessLogEntry): string {
  const request = `"${value(entry.method)} ${value(entry.originalPath ?? entry.path)} ${value(entry.protocol)}"`;
  const serviceTime = entry.upstreamServiceTimeMs === undefined ? undefined : String(entry.upstreamServiceTimeMs);
  const headers = [entry.xForwardedFor, entry.userAgent, entry.requestId, entry.authority, entry.upstreamHost].map(quoted);
  return line(entry, request, entry.status, serviceTime, headers);
}

/**
 * One line of Envoy's default access log format for a TCP proxy's connection, with its line feed: the request
 * prints `"- - -"`, the response code 0, the headers `"-"`.
 *
 * @param entry - the connection.
 */
export function formatTcpAccessLogLine(entry: AccessLogTiming): string {
  return line(entry, '"- - -"', 0, undefined, [undefined, undefined, undefined, undefined, entry.upstreamHost].map(quoted));
}

function line(entry: AccessLogTiming, request: string, status: number, serviceTime: string | undefined, quotedValues: string[]): string {
  const flags = entry.flags.length === 0 ? '-' : [...new Set(entry.flags)].join(',');
  const duration = Math.max(0, Math.floor(entry.durationMs));
  return `[${entry.startTime.toISOString()}] ${request} ${status} ${flags} ${entry.bytesReceived} ${entry.bytesSent} ${duration} `
    + `${value(serviceTime)} ${quotedValues.join(' ')}\n`;
}

/** A value as a command operator prints it: `-` when it is not there. */
function value(text: string | undefined): string {
  return text ?? '-';
}

function quoted(text: string | undefined): string {
  return `"${value(text)}"`;
}
