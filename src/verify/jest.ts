/**
 * Jest matchers over the traffic engine: `import 'cdk8s-istio-gateway/jest'`, then
 * `expect(chart).toRoute({ port: 80, host: 'counter.example.com' }, { destinations: [{ host: 'counter', port: 80 }] })`
 * or `expect(chart).toRouteTo({ port: 80, host: 'counter.example.com' }, 'counter', 80)`.
 *
 * The target is a cdk8s Chart or App, a TrafficEngine, or an array of manifest objects. A chart, app or array is read
 * each time `expect` runs, so the matchers answer for it as it is then (a construct added since the last `expect`
 * counts). Synthesizing the chart is most of what that costs; for many `expect`s on a large configuration that does not
 * change, build a `TrafficEngine` once and pass it.
 *
 * The request is checked as the CLI checks a request, and the expectation as it checks a case's `expect`: an unknown
 * field is a one-line error, not a silently different request or an expectation that cannot fail under `.not`.
 */
import { TrafficRequest } from '../engine/request';
import { checkRequest, describeValue } from '../engine/request-check';
import { TrafficEngine } from '../engine/traffic-engine';
import { AppLike, ChartLike } from '../manifests';
import { compareDecision, formatDifference } from './compare';
import { CaseExpectation, CaseFileError, checkExpectation } from './traffic-case';

/** What the matchers accept as `expect(target)`. */
export type RoutingTarget = TrafficEngine | ChartLike | AppLike | readonly unknown[];

interface MatcherResult {
  readonly pass: boolean;
  message(): string;
}

/** The engine for the target as it is now: an engine as given, anything else loaded and compiled anew. */
function engineFor(target: RoutingTarget): TrafficEngine {
  if (target instanceof TrafficEngine) {
    return target;
  }
  return Array.isArray(target) ? TrafficEngine.fromManifests(target) : TrafficEngine.fromChart(target as ChartLike | AppLike);
}

function check(matcher: string, target: RoutingTarget, request: unknown, expectation: unknown, isNot: boolean): MatcherResult {
  const checkedRequest = checkRequest(request, `${matcher}: request`);
  const checkedExpectation = checkExpectation(expectation, matcher);
  const decision = engineFor(target).route(checkedRequest);
  const differences = compareDecision(checkedExpectation, decision);
  const pass = differences.length === 0;
  const describe = () => [
    `request ${JSON.stringify(checkedRequest)}`,
    isNot ? `expected the decision not to match ${JSON.stringify(checkedExpectation)}, but it does` : `decision differs from ${JSON.stringify(checkedExpectation)}:`,
    ...differences.map((d) => `  ${formatDifference(d)}`),
    'trace:',
    ...decision.trace.map((t) => `  ${t}`),
  ].join('\n');
  return { pass, message: describe };
}

/** The expectation of `toRouteTo`: routed to `host` (and `port`) with all of its traffic. */
function routedTo(host: unknown, port: unknown): CaseExpectation {
  if (typeof host !== 'string' || host === '') {
    throw new CaseFileError(`toRouteTo: host is ${host === '' ? 'empty' : describeValue(host)}, not a host name; give the destination host, e.g. 'counter' or 'counter.shop.svc.cluster.local'`);
  }
  if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new CaseFileError(`toRouteTo: port is ${describeValue(port)}, not a port number (an integer from 1 to 65535); give the destination port, or leave it out for any`);
  }
  return { action: 'route', destinations: [{ host, port, weight: 100 }] };
}

/** The matchers, for `expect.extend(matchers)`. */
export const matchers = {
  /** The request's decision meets `expectation` (default: it is routed upstream). */
  toRoute(this: { isNot?: boolean }, target: RoutingTarget, request: TrafficRequest, expectation: CaseExpectation = { action: 'route' }): MatcherResult {
    return check('toRoute', target, request, expectation, this.isNot === true);
  },
  /** The request is routed to `host` (short or fully qualified), and `port` when given, with all of its traffic. */
  toRouteTo(this: { isNot?: boolean }, target: RoutingTarget, request: TrafficRequest, host: string, port?: number): MatcherResult {
    return check('toRouteTo', target, request, routedTo(host, port), this.isNot === true);
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
