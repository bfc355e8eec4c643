/**
 * The redirect codes Envoy can answer with (its `RedirectResponseCode`: 301, 302, 303, 307, 308). Istio's webhook
 * accepts any 3xx `redirectCode`, but istiod emits a route without action for the others, and Envoy then rejects the
 * whole route configuration (reference §e.3).
 */

/** The redirect codes Envoy supports, in ascending order. */
export const ENVOY_REDIRECT_CODES: readonly number[] = Object.freeze([301, 302, 303, 307, 308]);

/** True when Envoy can send `code` as a redirect. */
export function isEnvoyRedirectCode(code: number): boolean {
  return ENVOY_REDIRECT_CODES.includes(code);
}
