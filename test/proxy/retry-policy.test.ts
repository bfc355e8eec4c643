/**
 * A rule's `retries` as istiod writes them (istio/istio `pilot/pkg/networking/core/route/retry/retry.go`
 * `ConvertPolicy`, `parseRetryOn`, tag 1.30.3) and Envoy's router retries (envoyproxy/envoy
 * `source/common/router/retry_state_impl.cc` `wouldRetryFromHeaders`, `wouldRetryFromReset`;
 * `source/common/common/backoff_strategy.cc` `JitteredExponentialBackOffStrategy`).
 */
import { RandomSource } from '../../src/proxy/random-source';
import { backoffMs, DEFAULT_RETRY_ON, IstioHttpRetry, NO_RETRIES, retryPolicyOf, UpstreamOutcome } from '../../src/proxy/retry-policy';

const CONNECT_FAILURE: UpstreamOutcome = { kind: 'connect-failure' };
const RESET: UpstreamOutcome = { kind: 'reset', requestSent: true };
const RESET_BEFORE_REQUEST: UpstreamOutcome = { kind: 'reset', requestSent: false };
const REFUSED_STREAM: UpstreamOutcome = { kind: 'refused-stream' };
const PER_TRY_TIMEOUT: UpstreamOutcome = { kind: 'per-try-timeout' };
const status = (s: number, grpcStatus?: number): UpstreamOutcome => ({ kind: 'response', status: s, ...(grpcStatus === undefined ? {} : { grpcStatus }) });

describe('istiod default (a rule without retries)', () => {
  const policy = retryPolicyOf(undefined);

  test('2 retries on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes, no per-try timeout', () => {
    expect(policy.numRetries).toBe(2);
    expect(policy.retryOn.join(',')).toBe(DEFAULT_RETRY_ON);
    expect(policy.retriableStatusCodes).toEqual([]);
    expect(policy.perTryTimeoutMs).toBeUndefined();
    expect(policy.retryOtherHosts).toBe(true);
    expect(policy.hostSelectionMaxAttempts).toBe(5);
  });

  test.each<[string, boolean, UpstreamOutcome]>([
    ['a refused connection', true, CONNECT_FAILURE],
    ['a refused HTTP/2 stream', true, REFUSED_STREAM],
    ['gRPC UNAVAILABLE in the response headers', true, status(200, 14)],
    ['gRPC CANCELLED', true, status(200, 1)],
    ['gRPC DEADLINE_EXCEEDED', false, status(200, 4)],
    ['an upstream 503 (istiod 1.27+ lists no retriable status code)', false, status(503)],
    ['a reset after the request was sent', false, RESET],
    ['a per-try timeout', false, PER_TRY_TIMEOUT],
    ['a 200', false, status(200)],
  ])('%s: retried %s', (_, retried, outcome) => {
    expect(policy.shouldRetry(outcome)).toBe(retried);
  });
});

describe('attempts', () => {
  test.each<[string, IstioHttpRetry]>([
    ['attempts: 0', { attempts: 0 }],
    ['retries without attempts', { retryOn: '5xx' }],
  ])('%s disables retries', (_, retries) => {
    const policy = retryPolicyOf(retries);
    expect(policy).toBe(NO_RETRIES);
    expect(policy.numRetries).toBe(0);
    expect(policy.shouldRetry(CONNECT_FAILURE)).toBe(false);
  });

  test('attempts set without retryOn keep the default conditions', () => {
    const policy = retryPolicyOf({ attempts: 5 });
    expect(policy.numRetries).toBe(5);
    expect(policy.retryOn.join(',')).toBe(DEFAULT_RETRY_ON);
  });
});

describe('retryOn', () => {
  test('numbers become retriable status codes, and retriable-status-codes is added', () => {
    const policy = retryPolicyOf({ attempts: 3, retryOn: '503,reset, 429' });
    expect(policy.retryOn).toEqual(['reset', 'retriable-status-codes']);
    expect(policy.retriableStatusCodes).toEqual([503, 429]);
    expect(policy.shouldRetry(status(503))).toBe(true);
    expect(policy.shouldRetry(status(429))).toBe(true);
    expect(policy.shouldRetry(status(500))).toBe(false);
  });

  test('retriable-status-codes is not added twice', () => {
    expect(retryPolicyOf({ attempts: 1, retryOn: 'retriable-status-codes,502' }).retryOn).toEqual(['retriable-status-codes']);
  });

  test.each<[string, boolean, UpstreamOutcome]>([
    ['5xx: 500', true, status(500)],
    ['5xx: 599', true, status(599)],
    ['5xx: 404', false, status(404)],
    ['5xx: a reset counts as a 5xx', true, RESET],
    ['5xx: a connect failure too', true, CONNECT_FAILURE],
    ['5xx: a per-try timeout too', true, PER_TRY_TIMEOUT],
    ['gateway-error: 502', true, status(502)],
    ['gateway-error: 504', true, status(504)],
    ['gateway-error: 500', false, status(500)],
    ['retriable-4xx: 409', true, status(409)],
    ['retriable-4xx: 404', false, status(404)],
    ['reset: a reset', true, RESET],
    ['reset: a per-try timeout', true, PER_TRY_TIMEOUT],
    ['reset: a 503', false, status(503)],
    ['connect-failure: a connect failure', true, CONNECT_FAILURE],
    ['connect-failure: a reset', false, RESET],
    ['refused-stream: a refused stream', true, REFUSED_STREAM],
    ['refused-stream: a reset', false, RESET],
    ['reset-before-request: a reset before anything was sent', true, RESET_BEFORE_REQUEST],
    ['reset-before-request: a reset after the request was sent', false, RESET],
    ['reset-before-request: a connect failure (nothing was sent)', true, CONNECT_FAILURE],
    ['reset-before-request: a per-try timeout', false, PER_TRY_TIMEOUT],
    ['resource-exhausted: gRPC 8', true, status(200, 8)],
    ['internal: gRPC 13', true, status(200, 13)],
    ['deadline-exceeded: gRPC 4', true, status(200, 4)],
    ['deadline-exceeded: gRPC 14', false, status(200, 14)],
    ['retriable-headers: nothing (istiod configures no retriable headers)', false, status(503)],
    ['http3-post-connect-failure: a reset (no HTTP/3 upstream)', false, RESET],
  ])('%s: retried %s', (name, retried, outcome) => {
    const condition = name.split(':')[0];
    expect(retryPolicyOf({ attempts: 2, retryOn: condition }).shouldRetry(outcome)).toBe(retried);
  });

  test('a rate-limited answer is retried only for envoy-ratelimited, whatever its status', () => {
    const limited: UpstreamOutcome = { kind: 'response', status: 503, rateLimited: true };
    expect(retryPolicyOf({ attempts: 2, retryOn: '5xx' }).shouldRetry(limited)).toBe(false);
    expect(retryPolicyOf({ attempts: 2, retryOn: 'envoy-ratelimited' }).shouldRetry(limited)).toBe(true);
    expect(retryPolicyOf({ attempts: 2, retryOn: 'envoy-ratelimited' }).shouldRetry(status(503))).toBe(false);
  });

  test('a 425 Too Early listed as retriable is retried at once, other codes after the back-off', () => {
    const policy = retryPolicyOf({ attempts: 2, retryOn: '425,503' });
    expect(policy.retryDecision(status(425))).toBe('immediately');
    expect(policy.retryDecision(status(503))).toBe('after-backoff');
    expect(policy.retryDecision(status(200))).toBe('no');
  });

  test('a name Envoy does not know retries nothing', () => {
    expect(retryPolicyOf({ attempts: 2, retryOn: 'sometimes' }).shouldRetry(status(503))).toBe(false);
  });
});

describe('durations', () => {
  test('perTryTimeout in milliseconds', () => {
    expect(retryPolicyOf({ attempts: 2, perTryTimeout: '1.5s' }).perTryTimeoutMs).toBe(1500);
  });

  test('backoff is the base interval, the maximum ten times it', () => {
    const policy = retryPolicyOf({ attempts: 2, backoff: '100ms' });
    expect([policy.backoffBaseMs, policy.backoffMaxMs]).toEqual([100, 1000]);
    expect(policy.backoffMs(5, () => 0.99999)).toBe(999);
  });

  test('Envoy defaults the base interval to 25 ms', () => {
    expect([retryPolicyOf(undefined).backoffBaseMs, retryPolicyOf(undefined).backoffMaxMs]).toEqual([25, 250]);
  });
});

describe('backoffMs (fully jittered, doubling below half the maximum)', () => {
  const top: RandomSource = () => 0.99999;

  test('the interval is 25, 50, 100, 200, then 250 ms', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffMs(retry, top))).toEqual([24, 49, 99, 199, 249, 249]);
  });

  test('a low draw waits nothing', () => {
    expect(backoffMs(3, () => 0)).toBe(0);
  });

  test('draws spread over the whole interval', () => {
    expect(backoffMs(2, () => 0.5)).toBe(25);
  });
});
