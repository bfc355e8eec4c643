/**
 * HTTP header names in Istio objects: which names a VirtualService may match on (tokens, HTTP/2 pseudo-headers, JWT
 * claim keys), list in a CORS policy, and add, set or remove (istio/istio `pkg/config/validation/validation.go`,
 * `ValidateHTTPHeaderNameOrJwtClaimRoute`, `ValidateCORSHTTPHeaderName`, `ValidateHTTPHeaderOperationName`,
 * `ValidateHTTPHeaderWithAuthorityOperationName`).
 */
import { isJwtClaimRoute } from './jwt-claim-route';

/** An HTTP field name: one or more token characters (RFC 9110 `tchar`), in either case. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The HTTP/2 pseudo-headers a match may name. */
export const PSEUDO_HEADERS: ReadonlySet<string> = new Set([':method', ':scheme', ':authority', ':path', ':status']);

/** True when `name` is an HTTP token, i.e. a valid header name. */
export function isHeaderToken(name: string): boolean {
  return TOKEN.test(name);
}

/** True for the names that carry the authority: `host` and `:authority`, in any case. */
export function isAuthorityHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'host' || lower === ':authority';
}

/**
 * Why a header name cannot be matched on (`match[].headers`, `match[].withoutHeaders`), or undefined: it must be a
 * token, a pseudo-header, or a JWT claim key (`@request.auth.claims.sub`).
 */
export function matchHeaderNameProblem(name: string): string | undefined {
  if (name === '') {
    return 'is empty';
  }
  if (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name) || TOKEN.test(name)) {
    return undefined;
  }
  return 'is not a valid header name (letters, digits and !#$%&\'*+-.^_`|~ only)';
}

/** Why a header name cannot be listed in `corsPolicy.allowHeaders` or `exposeHeaders`, or undefined (`*` is allowed). */
export function corsHeaderNameProblem(name: string): string | undefined {
  if (name === '') {
    return 'is empty';
  }
  return name === '*' || TOKEN.test(name) ? undefined : 'is not a valid header name (letters, digits and !#$%&\'*+-.^_`|~ only)';
}

/**
 * Why a header name cannot be changed by a header operation, or undefined. Envoy owns the `:` pseudo-headers and the
 * Host header; only a request `set` or `add` may change the authority (as `host` or `:authority`), which is what
 * `mayChangeAuthority` says.
 */
export function headerOperationNameProblem(name: string, mayChangeAuthority: boolean): string | undefined {
  if (name === '') {
    return 'is empty';
  }
  if (mayChangeAuthority && isAuthorityHeader(name)) {
    return undefined;
  }
  if (name.toLowerCase() === 'host') {
    return 'is the Host header, which only a request set or add may change';
  }
  if (name.startsWith(':')) {
    return mayChangeAuthority ? 'is a pseudo-header (starts with :), which cannot be changed (except :authority)' : 'is a pseudo-header (starts with :), which cannot be changed';
  }
  return undefined;
}
