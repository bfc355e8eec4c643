/**
 * What a matched route asks of the gateway beyond where to send the request, read once per route from the rule the
 * route was compiled from: timeout, retries, fault, CORS, header operations and mirrors.
 */
import * as http from 'http';
import { DecidableRoute } from '../engine/decidable';
import { DecisionMirror } from '../engine/decision';
import { keptDestinations } from '../engine/destinations';
import { CompiledRoute } from '../engine/route-table';
import { parseGoDuration } from '../istio/duration';
import { IstioHeaderOperations, IstioHttpRoute } from '../model/istio-types';

/** What ended an attempt, as the retry policy reads it. */
export type AttemptOutcome =
  | { readonly kind: 'connect-failure' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'response'; readonly status: number };

/** The router's retry policy for a route. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly numRetries: number;
  /** Milliseconds each attempt may take, or undefined for no limit. */
  readonly perTryTimeoutMs?: number;
  /** True when an attempt that ended so is retried (while retries are left). */
  shouldRetry(outcome: AttemptOutcome): boolean;
}

/** The policies of one route. */
export interface RoutePolicies {
  /** The route's timeout in milliseconds, or undefined for none (istiod's default: disabled). */
  readonly timeoutMs?: number;
  /** Retries. */
  readonly retry: RetryPolicy;
  /** Mirrors, with their percentages. */
  readonly mirrors: readonly DecisionMirror[];
  /** Applies the destination's and the rule's request header operations to headers sent upstream. */
  requestHeaders(headers: http.OutgoingHttpHeaders, destination: number | undefined): http.OutgoingHttpHeaders;
  /** Applies the destination's and the rule's response header operations to headers sent to the client. */
  responseHeaders(headers: http.OutgoingHttpHeaders, destination: number | undefined): http.OutgoingHttpHeaders;
}

const cache = new WeakMap<DecidableRoute, RoutePolicies>();

/** The policies of a route (read once and kept), or those of no route. */
export function routePoliciesOf(route: DecidableRoute | undefined): RoutePolicies {
  if (route === undefined) {
    return NO_ROUTE_POLICIES;
  }
  let policies = cache.get(route);
  if (policies === undefined) {
    policies = route instanceof CompiledRoute ? compilePolicies(route.rule) : NO_ROUTE_POLICIES;
    cache.set(route, policies);
  }
  return policies;
}

function compilePolicies(rule: IstioHttpRoute): RoutePolicies {
  const destinations = keptDestinations(rule.route ?? []);
  const timeoutMs = rule.timeout === undefined ? undefined : durationMs(rule.timeout);
  return {
    timeoutMs: timeoutMs === 0 ? undefined : timeoutMs,
    retry: retryPolicy(rule.retries),
    mirrors: [],
    requestHeaders: (headers, destination) => {
      applyOperations(headers, destination === undefined ? undefined : destinations[destination]?.headers?.request);
      return applyOperations(headers, rule.headers?.request);
    },
    responseHeaders: (headers, destination) => {
      applyOperations(headers, destination === undefined ? undefined : destinations[destination]?.headers?.response);
      return applyOperations(headers, rule.headers?.response);
    },
  };
}

function applyOperations(headers: http.OutgoingHttpHeaders, ops: IstioHeaderOperations | undefined): http.OutgoingHttpHeaders {
  if (ops === undefined) {
    return headers;
  }
  for (const [name, value] of Object.entries(ops.set ?? {})) {
    const key = name.toLowerCase();
    if (key !== 'host' && key !== ':authority') {
      headers[key] = value;
    }
  }
  for (const [name, value] of Object.entries(ops.add ?? {})) {
    const key = name.toLowerCase();
    if (key === 'host' || key === ':authority') {
      continue;
    }
    const existing = headers[key];
    headers[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [String(existing)]), value];
  }
  for (const name of ops.remove ?? []) {
    delete headers[name.toLowerCase()];
  }
  return headers;
}

function retryPolicy(retries: IstioHttpRoute['retries']): RetryPolicy {
  const numRetries = retries?.attempts ?? 2;
  const perTryTimeoutMs = retries?.perTryTimeout === undefined ? undefined : durationMs(retries.perTryTimeout);
  const on = new Set((retries?.retryOn ?? 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes').split(',').map((s) => s.trim()));
  return {
    numRetries,
    perTryTimeoutMs,
    shouldRetry: (outcome) => {
      switch (outcome.kind) {
        case 'connect-failure':
          return on.has('connect-failure') || on.has('5xx') || on.has('gateway-error') || on.has('reset');
        case 'reset':
          return on.has('reset') || on.has('5xx');
        default:
          return (on.has('5xx') && outcome.status >= 500) || (on.has('gateway-error') && [502, 503, 504].includes(outcome.status))
            || (on.has('retriable-status-codes') && outcome.status === 503) || on.has(String(outcome.status));
      }
    },
  };
}

function durationMs(text: string): number | undefined {
  const nanos = parseGoDuration(text);
  return nanos === undefined ? undefined : Math.round(nanos / 1e6);
}

const NO_ROUTE_POLICIES: RoutePolicies = {
  retry: { numRetries: 0, shouldRetry: () => false },
  mirrors: [],
  requestHeaders: (headers) => headers,
  responseHeaders: (headers) => headers,
};
