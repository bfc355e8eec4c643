/**
 * HTTP methods a VirtualService may list in `corsPolicy.allowMethods`: the methods Go's `net/http` names, and `*`
 * (istio/istio `pkg/config/validation/validation.go`, `supportedCORSMethods`). Case matters.
 */

/** The `allowMethods` entries Istio accepts. */
export const CORS_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*'];

const METHODS: ReadonlySet<string> = new Set(CORS_METHODS);

/** True when `method` may be listed in `corsPolicy.allowMethods`. */
export function isCorsMethod(method: string): boolean {
  return METHODS.has(method);
}
