/**
 * What a matched route asks of the gateway beyond where to send the request, compiled once per route from the rule the
 * route was compiled from: retries, timeout, fault, CORS, header operations and mirrors.
 */
import { compileCors, CompiledCors } from './cors';
import { CompiledFault, compileFault } from './fault-injection';
import { compileHeaderOperations, HeaderOperations, RuleHeaderOperations } from './header-operations';
import { NO_RETRIES, RetryPolicy, retryPolicyOf } from './retry-policy';
import { DecidableRoute } from '../engine/decidable';
import { DecisionMirror } from '../engine/decision';
import { CompiledRoute } from '../engine/route-table';

/** The policies of one route. */
export interface RoutePolicies {
  /** The rule's `timeout` as written, or undefined for none (istiod's default: disabled). */
  readonly timeout?: string;
  /** The router's retry policy (istiod's default when the rule sets no `retries`). */
  readonly retry: RetryPolicy;
  /** The fault filter's delay and abort, if the rule has a fault istiod keeps. */
  readonly fault?: CompiledFault;
  /** The CORS filter's policy, if the rule has one. */
  readonly cors?: CompiledCors;
  /** Header operations of the rule and of each destination. */
  readonly headers?: RuleHeaderOperations;
  /** Mirrors, with their percentages. */
  readonly mirrors: readonly DecisionMirror[];
}

const cache = new WeakMap<DecidableRoute, RoutePolicies>();

/** The policies of a route (compiled once and kept), or those of no route. */
export function routePoliciesOf(route: DecidableRoute | undefined): RoutePolicies {
  if (route === undefined) {
    return NO_POLICIES;
  }
  let policies = cache.get(route);
  if (policies === undefined) {
    policies = route instanceof CompiledRoute ? compilePolicies(route) : NO_POLICIES;
    cache.set(route, policies);
  }
  return policies;
}

/** The header operations that apply when destination `index` is picked, or the rule's own when none is. */
export function headerOperationsFor(policies: RoutePolicies, index: number | undefined): HeaderOperations | undefined {
  if (policies.headers === undefined) {
    return undefined;
  }
  return index === undefined ? policies.headers.route : policies.headers.forDestination(index);
}

function compilePolicies(route: CompiledRoute): RoutePolicies {
  const { rule, action } = route;
  const fault = compileFault(rule.fault);
  return {
    ...(rule.timeout === undefined ? {} : { timeout: rule.timeout }),
    retry: retryPolicyOf(rule.retries),
    ...(fault === undefined ? {} : { fault }),
    ...(rule.corsPolicy === undefined ? {} : { cors: compileCors(rule.corsPolicy) }),
    ...(rule.headers === undefined && !(rule.route ?? []).some((d) => d.headers !== undefined) ? {} : { headers: compileHeaderOperations(rule) }),
    mirrors: action.kind === 'forward' ? action.policies.mirrors ?? [] : [],
  };
}

const NO_POLICIES: RoutePolicies = Object.freeze({ retry: NO_RETRIES, mirrors: [] });
