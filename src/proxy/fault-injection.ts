/**
 * A rule's `fault` as Envoy's fault filter applies it: istiod translates it (istio/istio
 * `pilot/pkg/networking/core/route/route.go` `TranslateFault`), and the filter draws, per request, whether to delay it
 * and then whether to abort it (envoyproxy/envoy `source/extensions/filters/http/fault/fault_filter.cc`
 * `FaultFilter::decodeHeaders`, `postDelayInjection`, `abortWithStatus`).
 *
 * The fault filter runs before the CORS filter and the router (istiod's HTTP filter order), so an aborted request gets
 * no CORS headers, is never retried, and its delay is not part of the route timeout.
 */
import { grpcStatusCode } from './grpc-headers';
import { LocalReply, localReply } from './local-reply';
import { RandomSource } from './random-source';
import { parseGoDuration } from '../istio/duration';
import { IstioHttpRoute, IstioPercent } from '../model/istio-types';

/** The `fault` of an HTTP rule. */
export type IstioFaultInjection = NonNullable<IstioHttpRoute['fault']>;

/** The text of Envoy's answer to an aborted request (its body, or `grpc-message` for gRPC). */
export const FAULT_ABORT_BODY = 'fault filter abort';

/** A share of requests, as Envoy holds it: `numerator` out of `denominator`. */
export interface FractionalPercent {
  /** How many of `denominator` requests. */
  readonly numerator: number;
  /** 100 or 1,000,000. */
  readonly denominator: number;
}

/** What an abort answers. */
export interface FaultAbort {
  /** The HTTP status: `httpStatus`, or 200 for a `grpcStatus` abort. */
  readonly status: number;
  /** The gRPC status code of a `grpcStatus` abort (`UNAVAILABLE` is 14). */
  readonly grpcStatus?: number;
}

/** What the fault filter does to one request. */
export interface FaultDecision {
  /** Milliseconds to hold the request before going on, when the delay fires. */
  readonly delayMs?: number;
  /** The answer to send instead of forwarding, when the abort fires (after the delay, if both fire). */
  readonly abort?: FaultAbort;
}

/** A rule's fault compiled once: its delay and abort, and the draw per request. */
export interface CompiledFault {
  /** The delay and the share of requests it applies to, unless istiod drops it. */
  readonly delay?: { readonly delayMs: number; readonly share: FractionalPercent };
  /** The abort and the share of requests it applies to, unless istiod drops it. */
  readonly abort?: FaultAbort & { readonly share: FractionalPercent };
  /**
   * Draws what happens to one request: first whether the delay fires, then whether the abort fires (one number from
   * `random` for each of them the rule has).
   */
  decide(random: RandomSource): FaultDecision;
}

/** The decision of a request no fault touches. */
const NOTHING: FaultDecision = Object.freeze({});

/**
 * Compiles a rule's fault, or undefined when istiod leaves the rule without one.
 *
 * - delay: `fixedDelay` for `percentage` percent of the requests, or the deprecated integer `percent` when
 *   `percentage` is absent; with neither, it never fires. A delay without `fixedDelay` (`exponentialDelay`) is dropped.
 * - abort: `httpStatus`, else `grpcStatus` (answered as HTTP 200 with `grpc-status`), for `percentage` percent of the
 *   requests; without `percentage` it never fires (the engine's `PartialAbort` `never`). An abort with neither status
 *   is dropped.
 *
 * Percentages are kept as istiod writes them: millionths, truncated (`percentage: 0.00015` is 1 in a million).
 */
export function compileFault(fault: IstioFaultInjection | undefined): CompiledFault | undefined {
  if (fault === undefined) {
    return undefined;
  }
  const delay = compileDelay(fault.delay);
  const abort = compileAbort(fault.abort);
  if (delay === undefined && abort === undefined) {
    return undefined;
  }
  // The four outcomes, made once: a request's decision is one of them.
  const answer = abort === undefined ? undefined : answerOf(abort);
  const delayed = delay === undefined ? NOTHING : Object.freeze({ delayMs: delay.delayMs });
  const aborted = answer === undefined ? NOTHING : Object.freeze({ abort: answer });
  const both = Object.freeze({ ...delayed, ...aborted });
  return Object.freeze({
    ...(delay === undefined ? {} : { delay }),
    ...(abort === undefined ? {} : { abort }),
    decide: (random: RandomSource): FaultDecision => {
      const delays = delay !== undefined && fires(delay.share, random);
      const aborts = abort !== undefined && fires(abort.share, random);
      return delays ? (aborts ? both : delayed) : (aborts ? aborted : NOTHING);
    },
  });
}

/**
 * Envoy's answer to an aborted request (`sendLocalReply` with {@link FAULT_ABORT_BODY}): for a gRPC request HTTP 200
 * with `grpc-status` (the abort's, or the one its HTTP status maps to) and `grpc-message`; for any other request the
 * status with a `text/plain` body, even for a `grpcStatus` abort (which is then a plain 200).
 */
export function faultAbortReply(abort: FaultAbort, request: { readonly grpcRequest: boolean; readonly headRequest?: boolean }): LocalReply {
  return localReply(abort.status, FAULT_ABORT_BODY, {
    grpcRequest: request.grpcRequest,
    headRequest: request.headRequest,
    ...(abort.grpcStatus === undefined ? {} : { grpcStatus: abort.grpcStatus }),
  });
}

function compileDelay(delay: IstioFaultInjection['delay']): CompiledFault['delay'] {
  if (delay?.fixedDelay === undefined) {
    return undefined;
  }
  const nanos = parseGoDuration(delay.fixedDelay);
  if (nanos === undefined) {
    return undefined;
  }
  const share = delay.percentage !== undefined
    ? millionths(delay.percentage)
    : { numerator: Math.max(0, Math.trunc(delay.percent ?? 0)), denominator: 100 };
  return Object.freeze({ delayMs: Math.trunc(nanos / 1e6), share: Object.freeze(share) });
}

function compileAbort(abort: IstioFaultInjection['abort']): CompiledFault['abort'] {
  if (abort === undefined) {
    return undefined;
  }
  const share = Object.freeze(abort.percentage !== undefined ? millionths(abort.percentage) : { numerator: 0, denominator: 1_000_000 });
  if (abort.httpStatus !== undefined) {
    return Object.freeze({ status: abort.httpStatus, share });
  }
  const grpcStatus = abort.grpcStatus === undefined ? undefined : grpcStatusCode(abort.grpcStatus);
  return grpcStatus === undefined ? undefined : Object.freeze({ status: 200, grpcStatus, share });
}

/** What an abort answers, without its share. */
function answerOf(abort: FaultAbort): FaultAbort {
  return Object.freeze(abort.grpcStatus === undefined ? { status: abort.status } : { status: abort.status, grpcStatus: abort.grpcStatus });
}

/** A `percentage` as istiod translates it: `value` × 10,000 millionths, truncated. */
function millionths(percentage: IstioPercent): FractionalPercent {
  return { numerator: Math.max(0, Math.trunc((percentage.value ?? 0) * 10_000)), denominator: 1_000_000 };
}

/** One draw: true for `numerator` in `denominator` of the draws (Envoy: a random integer modulo the denominator, below the numerator). */
function fires(share: FractionalPercent, random: RandomSource): boolean {
  return Math.floor(random() * share.denominator) < share.numerator;
}
