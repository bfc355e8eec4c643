/**
 * The `retries.retryOn` list of a VirtualService: comma-separated Envoy retry policies (`x-envoy-retry-on` and
 * `x-envoy-retry-grpc-on` names) or HTTP status codes (istio/istio `pkg/config/validation/agent/validation.go`,
 * `supportedRetryOnPolicies`, `ValidateHTTPRetry`).
 */
import { cachedVerdicts } from './verdict-cache';

/** The retry policy names Istio accepts (case matters). */
export const RETRY_ON_POLICIES: readonly string[] = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];

const POLICIES: ReadonlySet<string> = new Set(RETRY_ON_POLICIES);

/** The HTTP status codes that have a name in Go's `net/http` (`StatusText`): the codes a `retryOn` entry may be. */
const NAMED_STATUS_CODES: ReadonlySet<number> = new Set([
  100, 101, 102, 103,
  200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
  300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
  421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** The entries of a `retryOn` value that are neither a retry policy nor a named HTTP status code (none: undefined). */
export const invalidRetryOnEntries: (retryOn: string) => readonly string[] | undefined = cachedVerdicts(findInvalidEntries);

function findInvalidEntries(retryOn: string): readonly string[] | undefined {
  const invalid = retryOn.split(',').filter((entry) => !POLICIES.has(entry) && !isNamedStatusCode(entry));
  return invalid.length > 0 ? invalid : undefined;
}

/** True for an entry Go's `strconv.Atoi` reads as a status code that `net/http` names (`503`, `+503`, `0503`). */
function isNamedStatusCode(entry: string): boolean {
  return /^[+-]?\d+$/.test(entry) && NAMED_STATUS_CODES.has(Number(entry));
}
