/**
 * A rule's `retries` as Envoy's router applies them: istiod writes the route's retry policy (istio/istio
 * `pilot/pkg/networking/core/route/retry/retry.go` `ConvertPolicy`, `parseRetryOn`; tag 1.30.3), and after each failed
 * try the router asks whether the outcome is one the policy retries (envoyproxy/envoy
 * `source/common/router/retry_state_impl.cc` `wouldRetryFromHeaders`, `wouldRetryFromReset`, `shouldRetry`) and waits
 * a fully jittered exponential back-off (`source/common/common/backoff_strategy.cc`
 * `JitteredExponentialBackOffStrategy::nextBackOffMs`).
 *
 * What is left to the caller: no try is retried once the response has started downstream; a request whose body
 * overflowed the retry buffer is not retried; a request without any retry policy leaves `x-envoy-retry-on` and its
 * kin to internal requests only, which a gateway at the edge does not see (the connection manager strips them).
 */
import { RandomSource } from './random-source';
import { parseGoDuration } from '../istio/duration';
import { invalidRetryOnEntries } from '../istio/retry-on';
import { IstioHttpRoute } from '../model/istio-types';

/** The `retries` of an HTTP rule. */
export type IstioHttpRetry = NonNullable<IstioHttpRoute['retries']>;

/**
 * How one try ended, in the terms Envoy's router decides retries on:
 * - `connect-failure`: no connection to the upstream (refused, timed out, TLS failed); nothing was sent.
 * - `reset`: the connection or stream was reset or closed before response headers; `requestSent` says whether any
 *   byte of this request reached the upstream on any try so far (only then is it no longer "before request").
 * - `refused-stream`: the upstream refused the HTTP/2 stream (`REFUSED_STREAM`).
 * - `per-try-timeout`: the try outlived `perTryTimeout`, and the router reset it.
 * - `response`: response headers arrived, with `status`; `grpcStatus` is the `grpc-status` of those headers (a
 *   trailers-only answer; Envoy does not look at trailers), `rateLimited` says whether `x-envoy-ratelimited` is among
 *   them.
 */
export type UpstreamOutcome =
  | { readonly kind: 'connect-failure' }
  | { readonly kind: 'reset'; readonly requestSent: boolean }
  | { readonly kind: 'refused-stream' }
  | { readonly kind: 'per-try-timeout' }
  | { readonly kind: 'response'; readonly status: number; readonly grpcStatus?: number; readonly rateLimited?: boolean };

/** Whether the router retries: not at all, after the back-off, or at once (a 425 Too Early it was told to retry). */
export type RetryDecision = 'no' | 'after-backoff' | 'immediately';

/** What the router does about failed tries of a route. */
export interface RetryPolicy {
  /** Retries after the first try (0: none). */
  readonly numRetries: number;
  /** Envoy's `retry_on` conditions, as istiod writes them (`5xx`, `connect-failure`, `unavailable`, ...). */
  readonly retryOn: readonly string[];
  /** The statuses `retriable-status-codes` retries (the numbers of `retryOn`). */
  readonly retriableStatusCodes: readonly number[];
  /** The timeout of each try, in milliseconds (`retries.perTryTimeout`); undefined when tries have none. */
  readonly perTryTimeoutMs?: number;
  /** The back-off's base interval in milliseconds (`retries.backoff`, else Envoy's 25). */
  readonly backoffBaseMs: number;
  /** The longest back-off in milliseconds: ten times the base. */
  readonly backoffMaxMs: number;
  /** A retry goes to another endpoint than the ones tried when it can (Envoy's `previous_hosts` predicate). */
  readonly retryOtherHosts: boolean;
  /** How many endpoints the load balancer may draw to find one not tried yet. */
  readonly hostSelectionMaxAttempts: number;
  /** Whether the router retries after a try that ended so (retries left aside: compare the count with `numRetries`). */
  retryDecision(outcome: UpstreamOutcome): RetryDecision;
  /** True when {@link RetryPolicy.retryDecision} is not `no`. */
  shouldRetry(outcome: UpstreamOutcome): boolean;
  /** The milliseconds to wait before retry number `retry` (1 for the first retry), see {@link backoffMs}. */
  backoffMs(retry: number, random: RandomSource): number;
}

/** istiod's retry conditions for a rule without `retries` (1.30: no 503 among the retried statuses). */
export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** istiod's number of retries for a rule without `retries`. */
export const DEFAULT_NUM_RETRIES = 2;

/** Envoy's back-off base interval when the policy sets none (its `upstream.base_retry_backoff_ms` default). */
export const DEFAULT_BACKOFF_BASE_MS = 25;

/** How many endpoints istiod lets the load balancer draw to find one not tried yet. */
const HOST_SELECTION_MAX_ATTEMPTS = 5;

/** The gRPC status each gRPC retry condition retries. */
const GRPC_CONDITIONS: ReadonlyMap<string, number> = new Map([
  ['cancelled', 1], ['deadline-exceeded', 4], ['resource-exhausted', 8], ['internal', 13], ['unavailable', 14],
]);

/** HTTP 425 Too Early, which `retriable-status-codes` retries at once. */
const TOO_EARLY = 425;

/**
 * The retry policy of a rule, as istiod translates `retries`:
 * - no `retries`: istiod's default, 2 retries on {@link DEFAULT_RETRY_ON}, no per-try timeout;
 * - `attempts` 0 or absent: no retries at all;
 * - otherwise `attempts` retries on `retryOn` (default {@link DEFAULT_RETRY_ON}); numbers in `retryOn` become
 *   retriable status codes, and `retriable-status-codes` is added when some are given.
 */
export function retryPolicyOf(retries: IstioHttpRetry | undefined): RetryPolicy {
  if (retries === undefined) {
    return DEFAULT_POLICY;
  }
  const attempts = retries.attempts ?? 0;
  if (!(attempts > 0)) {
    return NO_RETRIES;
  }
  const { conditions, codes } = retries.retryOn ? parseRetryOn(retries.retryOn) : { conditions: DEFAULT_CONDITIONS, codes: [] };
  const withCodes = codes.length > 0 && !conditions.join(',').includes('retriable-status-codes') ? [...conditions, 'retriable-status-codes'] : conditions;
  const backoffBaseMs = millisOf(retries.backoff) ?? DEFAULT_BACKOFF_BASE_MS;
  return new EnvoyRetryPolicy(Math.trunc(attempts), withCodes, codes, millisOf(retries.perTryTimeout), Math.max(1, backoffBaseMs));
}

/**
 * Envoy's back-off before retry number `retry` (1 for the first): a whole number of milliseconds drawn uniformly below
 * an interval that starts at `baseMs` and doubles with each retry, up to `maxMs` (25, 50, 100, 200, then 250 with the
 * defaults).
 */
export function backoffMs(retry: number, random: RandomSource, baseMs = DEFAULT_BACKOFF_BASE_MS, maxMs = baseMs * 10): number {
  let interval = baseMs;
  for (let i = 1; i < retry; i++) {
    // Envoy doubles while the interval is below half the maximum, and then uses the maximum.
    interval = interval < maxMs / 2 ? interval * 2 : maxMs;
  }
  return Math.floor(random() * interval);
}

/** The conditions of a `retryOn` value and the status codes in it (istiod's `parseRetryOn`: numbers Go names are codes). */
function parseRetryOn(retryOn: string): { conditions: readonly string[]; codes: readonly number[] } {
  const conditions: string[] = [];
  const codes: number[] = [];
  for (const part of retryOn.split(',')) {
    const entry = part.trim();
    if (entry === '') {
      continue;
    }
    if (/^[+-]?\d+$/.test(entry) && invalidRetryOnEntries(entry) === undefined) {
      codes.push(Number(entry));
    } else {
      conditions.push(entry);
    }
  }
  return { conditions, codes };
}

/** A duration field in whole milliseconds, or undefined when absent or not a duration. */
function millisOf(duration: string | undefined): number | undefined {
  const nanos = duration === undefined ? undefined : parseGoDuration(duration);
  return nanos === undefined ? undefined : Math.trunc(nanos / 1e6);
}

/** A route's retry policy with its conditions looked up once. */
class EnvoyRetryPolicy implements RetryPolicy {
  public readonly retryOtherHosts = true;
  public readonly hostSelectionMaxAttempts = HOST_SELECTION_MAX_ATTEMPTS;
  public readonly backoffMaxMs: number;
  private readonly on: ReadonlySet<string>;
  private readonly grpcStatuses: ReadonlySet<number>;

  constructor(
    public readonly numRetries: number,
    public readonly retryOn: readonly string[],
    public readonly retriableStatusCodes: readonly number[],
    public readonly perTryTimeoutMs: number | undefined,
    public readonly backoffBaseMs: number,
  ) {
    this.backoffMaxMs = backoffBaseMs * 10;
    this.on = new Set(retryOn);
    this.grpcStatuses = new Set(retryOn.flatMap((c) => (GRPC_CONDITIONS.has(c) ? [GRPC_CONDITIONS.get(c)!] : [])));
  }

  public retryDecision(outcome: UpstreamOutcome): RetryDecision {
    if (this.numRetries === 0) {
      return 'no';
    }
    return outcome.kind === 'response' ? this.afterResponse(outcome) : this.afterReset(outcome);
  }

  public shouldRetry(outcome: UpstreamOutcome): boolean {
    return this.retryDecision(outcome) !== 'no';
  }

  public backoffMs(retry: number, random: RandomSource): number {
    return backoffMs(retry, random, this.backoffBaseMs, this.backoffMaxMs);
  }

  /** `wouldRetryFromHeaders`: a rate-limited answer only for `envoy-ratelimited`, else the statuses the conditions name. */
  private afterResponse(outcome: Extract<UpstreamOutcome, { kind: 'response' }>): RetryDecision {
    const { status, grpcStatus } = outcome;
    if (outcome.rateLimited === true) {
      return this.on.has('envoy-ratelimited') ? 'after-backoff' : 'no';
    }
    if ((this.on.has('5xx') && status >= 500 && status <= 599)
      || (this.on.has('gateway-error') && status >= 502 && status <= 504)
      || (this.on.has('retriable-4xx') && status === 409)) {
      return 'after-backoff';
    }
    if (this.on.has('retriable-status-codes') && this.retriableStatusCodes.includes(status)) {
      // The gateway accepts no early data, so a 425 is never an answer to early data: retried at once.
      return status === TOO_EARLY ? 'immediately' : 'after-backoff';
    }
    return grpcStatus !== undefined && this.grpcStatuses.has(grpcStatus) ? 'after-backoff' : 'no';
  }

  /** `wouldRetryFromReset`: a connect failure for `connect-failure`, then any reset for `reset`, `5xx` or `gateway-error`. */
  private afterReset(outcome: Exclude<UpstreamOutcome, { kind: 'response' }>): RetryDecision {
    if (outcome.kind === 'connect-failure' && this.on.has('connect-failure')) {
      return 'after-backoff';
    }
    const requestSent = outcome.kind === 'reset' ? outcome.requestSent : outcome.kind !== 'connect-failure';
    if ((this.on.has('reset-before-request') && !requestSent)
      || this.on.has('reset') || this.on.has('5xx') || this.on.has('gateway-error')
      || (outcome.kind === 'refused-stream' && this.on.has('refused-stream'))) {
      return 'after-backoff';
    }
    return 'no';
  }
}

const DEFAULT_CONDITIONS: readonly string[] = Object.freeze(DEFAULT_RETRY_ON.split(','));

/** The policy of a rule without `retries`. */
const DEFAULT_POLICY: RetryPolicy = Object.freeze(
  new EnvoyRetryPolicy(DEFAULT_NUM_RETRIES, DEFAULT_CONDITIONS, Object.freeze([]), undefined, DEFAULT_BACKOFF_BASE_MS));

/** The policy of a rule whose `retries` disable them (`attempts: 0`). */
export const NO_RETRIES: RetryPolicy = Object.freeze(
  new EnvoyRetryPolicy(0, Object.freeze([]), Object.freeze([]), undefined, DEFAULT_BACKOFF_BASE_MS));
