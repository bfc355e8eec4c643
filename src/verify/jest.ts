/**
 * Jest matchers over the traffic engine: `import 'cdk8s-istio-gateway/jest'`, then
 * `expect(chart).toRoute({ port: 80, host: 'counter.example.com' }, { destinations: [{ host: 'counter', port: 80 }] })`
 * or `expect(chart).toRouteTo({ port: 80, host: 'counter.example.com' }, 'counter', 80)`.
 * The target is a cdk8s Chart or App, a TrafficEngine, or an array of manifest objects.
 */
import { TrafficRequest } from '../engine/request';
import { TrafficEngine } from '../engine/traffic-engine';
import { AppLike, ChartLike } from '../manifests';
import { compareDecision, formatDifference } from './compare';
import { CaseExpectation } from './traffic-case';

/** What the matchers accept as `expect(target)`. */
export type RoutingTarget = TrafficEngine | ChartLike | AppLike | readonly unknown[];

interface MatcherResult {
  readonly pass: boolean;
  message(): string;
}

const engines = new WeakMap<object, TrafficEngine>();

function engineFor(target: RoutingTarget): TrafficEngine {
  if (target instanceof TrafficEngine) {
    return target;
  }
  let engine = engines.get(target);
  if (engine === undefined) {
    engine = Array.isArray(target) ? TrafficEngine.fromManifests(target) : TrafficEngine.fromChart(target as ChartLike | AppLike);
    engines.set(target, engine);
  }
  return engine;
}

function check(target: RoutingTarget, request: TrafficRequest, expectation: CaseExpectation, isNot: boolean): MatcherResult {
  const decision = engineFor(target).route(request);
  const differences = compareDecision(expectation, decision);
  const pass = differences.length === 0;
  const describe = () => [
    `request ${JSON.stringify(request)}`,
    isNot ? `expected the decision not to match ${JSON.stringify(expectation)}, but it does` : `decision differs from ${JSON.stringify(expectation)}:`,
    ...differences.map((d) => `  ${formatDifference(d)}`),
    'trace:',
    ...decision.trace.map((t) => `  ${t}`),
  ].join('\n');
  return { pass, message: describe };
}

/** The matchers, for `expect.extend(matchers)`. */
export const matchers = {
  /** The request's decision meets `expectation` (default: it is routed upstream). */
  toRoute(this: { isNot?: boolean }, target: RoutingTarget, request: TrafficRequest, expectation: CaseExpectation = { action: 'route' }): MatcherResult {
    return check(target, request, expectation, this.isNot === true);
  },
  /** The request is routed to `host` (short or fully qualified), and `port` when given, with all of its traffic. */
  toRouteTo(this: { isNot?: boolean }, target: RoutingTarget, request: TrafficRequest, host: string, port?: number): MatcherResult {
    return check(target, request, { action: 'route', destinations: [{ host, port, weight: 100 }] }, this.isNot === true);
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The request's decision meets `expectation` (default: routed upstream). */
      toRoute(request: TrafficRequest, expectation?: CaseExpectation): R;
      /** The request is routed to `host` (and `port`) with all of its traffic. */
      toRouteTo(request: TrafficRequest, host: string, port?: number): R;
    }
  }
}

const globalExpect = (globalThis as { expect?: { extend(m: object): void } }).expect;
if (globalExpect !== undefined) {
  globalExpect.extend(matchers);
}
