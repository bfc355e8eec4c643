/**
 * Checking a request given as plain data (a cases file, a requests file, a JSON body) against
 * the contract's request shape, so a typo is a one-line error rather than a silently different request.
 */
import { TrafficRequest } from './request';
import { RequestError } from './request-error';

const STRING_FIELDS = ['host', 'path', 'method', 'scheme', 'sni', 'gateway'] as const;
const PORT_FIELDS = ['port', 'nodePort'] as const;
const REQUEST_FIELDS = [...PORT_FIELDS, ...STRING_FIELDS, 'headers'];

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks a request given as plain data and returns it typed.
 *
 * @param value - the request.
 * @param where - where it comes from, e.g. `requests.yaml: request 2`, for messages.
 * @throws RequestError naming `where` and the field when the request is not in the contract's shape.
 */
export function checkRequest(value: unknown, where: string): TrafficRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RequestError(`${where} is ${describeValue(value)}, not a mapping; write {port: 80, host: ..., path: ...}`);
  }
  const request = value as Record<string, unknown>;
  const unknownField = Object.keys(request).find((k) => !REQUEST_FIELDS.includes(k));
  if (unknownField !== undefined) {
    throw new RequestError(`${where}: ${unknownField} is not a request field (${REQUEST_FIELDS.join(', ')})`);
  }
  for (const field of PORT_FIELDS) {
    const port = request[field];
    if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new RequestError(`${where}: ${field} is ${describeValue(port)}, not a port number (an integer from 1 to 65535)`);
    }
  }
  if (request.port === undefined && request.nodePort === undefined) {
    throw new RequestError(`${where}: give port (a port of the gateway Service) or nodePort`);
  }
  if (request.port !== undefined && request.nodePort !== undefined) {
    throw new RequestError(`${where}: ${BOTH_PORTS}`);
  }
  for (const field of STRING_FIELDS) {
    const text = request[field];
    if (text !== undefined && typeof text !== 'string') {
      throw new RequestError(`${where}: ${field} is ${describeValue(text)}, not a string; quote it`);
    }
  }
  for (const [field, check] of [['host', hostProblem], ['scheme', schemeProblem], ['path', pathProblem], ['method', methodProblem]] as const) {
    const problem = request[field] === undefined ? undefined : check(request[field] as string);
    if (problem !== undefined) {
      throw new RequestError(`${where}: ${field} '${request[field]}' ${problem}`);
    }
  }
  const headers = request.headers;
  if (headers !== undefined) {
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
      throw new RequestError(`${where}: headers is ${describeValue(headers)}, not a mapping; write headers: {x-user: alice}`);
    }
    for (const [name, header] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) {
        throw new RequestError(`${where}: headers: '${name}' is not a header name`);
      }
      if (typeof header !== 'string') {
        throw new RequestError(`${where}: headers.${name} is ${describeValue(header)}, not a string; quote it`);
      }
    }
  }
  return request as TrafficRequest;
}

/** Why a request naming both `port` and `nodePort` is refused. */
export const BOTH_PORTS = 'give port or nodePort, not both (a connection arrives on one of them)';

/**
 * The characters of a registered name (RFC 3986 `reg-name`) besides percent-encodings: letters, digits, `-._~` and
 * `!$&'()*+,;=`, by character code.
 */
const REG_NAME_CHARS: readonly boolean[] = (() => {
  const allowed: boolean[] = new Array(128).fill(false);
  for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=") {
    allowed[c.charCodeAt(0)] = true;
  }
  return allowed;
})();

const NOT_A_HOST = 'cannot be a Host header (a name or IP address with an optional :port, without spaces, \'/\', \'@\', \'?\' or \'#\')';

/**
 * Why `host` cannot be the Host header (`:authority`) of a request, or undefined. A Host header (RFC 9110 section
 * 7.2) is a registered name (RFC 3986 `reg-name`: letters, digits, `-._~`, percent-encodings and `!$&'()*+,;=`), an
 * IPv4 address or a bracketed IPv6 literal, with an optional `:port` of one to five digits.
 */
export function hostProblem(host: string): string | undefined {
  const length = hostNameLength(host);
  return length === NOT_A_HOST_NAME ? NOT_A_HOST : length === PORT_TOO_HIGH ? `has port ${host.slice(host.lastIndexOf(':') + 1)}, above 65535` : undefined;
}

/** {@link hostNameLength} of a value that is not a Host header. */
export const NOT_A_HOST_NAME = -1;

/** {@link hostNameLength} of a Host header whose port is above 65535. */
export const PORT_TOO_HIGH = -2;

/**
 * How long the name of a Host header is (where its `:port` starts, or its length without one), checking its syntax
 * (see {@link hostProblem}) in one pass over its characters: {@link NOT_A_HOST_NAME} or {@link PORT_TOO_HIGH} when it
 * is no Host header. 0 for the empty Host of a request without one.
 */
export function hostNameLength(host: string): number {
  const end = host.length;
  if (end === 0) {
    return 0;
  }
  let i: number;
  if (host.charCodeAt(0) === 91 /* [ */) {
    i = 1;
    while (i < end && isIpv6LiteralChar(host.charCodeAt(i))) i++;
    if (i === 1 || i === end || host.charCodeAt(i) !== 93 /* ] */) {
      return NOT_A_HOST_NAME;
    }
    i++;
  } else {
    i = 0;
    while (i < end) {
      const c = host.charCodeAt(i);
      if (c < 128 && REG_NAME_CHARS[c]) {
        i++;
      } else if (c === 37 /* % */ && isHexDigit(host.charCodeAt(i + 1)) && isHexDigit(host.charCodeAt(i + 2))) {
        i += 3;
      } else {
        break;
      }
    }
    if (i === 0) {
      return NOT_A_HOST_NAME;
    }
  }
  if (i === end) {
    return end;
  }
  const digits = end - i - 1;
  if (host.charCodeAt(i) !== 58 /* : */ || digits < 1 || digits > 5) {
    return NOT_A_HOST_NAME;
  }
  let port = 0;
  for (let j = i + 1; j < end; j++) {
    const c = host.charCodeAt(j);
    if (!isDigit(c)) {
      return NOT_A_HOST_NAME;
    }
    port = port * 10 + (c - 48);
  }
  return port > 65535 ? PORT_TOO_HIGH : i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `[0-9A-Fa-f:.]`: what an IPv6 literal (with an embedded IPv4 address) is written with. */
function isIpv6LiteralChar(c: number): boolean {
  return isHexDigit(c) || c === 58 /* : */ || c === 46 /* . */;
}

/** Why a scheme is not `http` or `https`, or undefined. */
export function schemeProblem(scheme: string): string | undefined {
  return ['http', 'https'].includes(scheme.toLowerCase()) ? undefined : 'is neither http nor https';
}

/** Why a request path is invalid, or undefined. */
export function pathProblem(path: string): string | undefined {
  return path.startsWith('/') ? undefined : "does not start with '/'";
}

/** Why a method is not an HTTP method token, or undefined. */
export function methodProblem(method: string): string | undefined {
  return HEADER_NAME.test(method) ? undefined : 'is not an HTTP method';
}

/** A value's type for messages: `'80'`, `number 80`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return typeof value === 'number' || typeof value === 'boolean' ? `${typeof value} ${value}` : typeof value;
}
