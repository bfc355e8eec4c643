/**
 * Comparing a decision with what a case expects.
 */
import { CaseExpectation, ExpectedDestination } from './traffic-case';
import { Decision, DecisionDestination } from '../engine/decision';

/** One field where the decision differs from the expectation. */
export interface Difference {
  /** The field, e.g. `destinations` or `rule.index`. */
  readonly field: string;
  /** What the case expects. */
  readonly expected: unknown;
  /** What the decision says. */
  readonly actual: unknown;
}

/** The differences between a decision and an expectation (empty when it meets it). */
export function compareDecision(expect: CaseExpectation, decision: Decision): Difference[] {
  const differences: Difference[] = [];
  for (const [field, expected] of Object.entries(expect)) {
    const actual = (decision as unknown as Record<string, unknown>)[field];
    if (field === 'destinations') {
      if (!destinationsMatch(expected as ExpectedDestination[], decision.destinations)) {
        differences.push({ field, expected, actual });
      }
    } else if (expected !== null && typeof expected === 'object') {
      if (actual === null || typeof actual !== 'object') {
        differences.push({ field, expected, actual });
        continue;
      }
      for (const [sub, value] of Object.entries(expected)) {
        const got = (actual as Record<string, unknown>)[sub];
        if (!equal(value, got)) {
          differences.push({ field: `${field}.${sub}`, expected: value, actual: got });
        }
      }
    } else if (!equal(expected, actual)) {
      differences.push({ field, expected, actual });
    }
  }
  return differences;
}

/** True when `host` as written in a case names the fully qualified `fqdn`. */
export function hostMatches(host: string, fqdn: string): boolean {
  return host.includes('.') ? host === fqdn : fqdn.split('.')[0] === host && fqdn.endsWith('.svc.cluster.local');
}

function destinationsMatch(expected: ExpectedDestination[], actual: DecisionDestination[]): boolean {
  if (expected.length !== actual.length) {
    return false;
  }
  const remaining = [...actual];
  for (const e of expected) {
    const i = remaining.findIndex((a) => hostMatches(e.host, a.host)
      && (e.port === undefined || e.port === a.port)
      && (e.subset === undefined || e.subset === a.subset)
      && (e.weight === undefined || Math.abs(e.weight - a.weight) < 1e-6));
    if (i < 0) {
      return false;
    }
    remaining.splice(i, 1);
  }
  return true;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A difference as a readable line: `rule.index: expected 1, got 0`. */
export function formatDifference(d: Difference): string {
  return `${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`;
}
