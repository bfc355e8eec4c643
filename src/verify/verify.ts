/**
 * Running traffic cases against an engine: pass/fail per case, with differences and coverage.
 */
import { compareDecision, Difference } from './compare';
import { computeCoverage, Coverage } from './coverage';
import { checkCases, TrafficCase } from './traffic-case';
import { Decision } from '../engine/decision';
import { TrafficEngine } from '../engine/traffic-engine';

/** The result of one case. */
export interface CaseResult {
  /** The case. */
  readonly case: TrafficCase;
  /** True when the decision meets the expectation. */
  readonly passed: boolean;
  /** The decision, or undefined when the request could not be evaluated. */
  readonly decision?: Decision;
  /** Fields where the decision differs. */
  readonly differences: Difference[];
  /** Why the request could not be evaluated. */
  readonly error?: string;
}

/** The result of a verification run. */
export interface VerifyReport {
  /** One result per case, in order. */
  readonly results: CaseResult[];
  /**
   * Which servers and rules the cases reached; null for an engine read from a config dump, which holds no Gateways
   * or VirtualServices to count.
   */
  readonly coverage: Coverage | null;
  /** True when every case passed. */
  readonly passed: boolean;
}

/** Decides every case's request and compares it with the case's expectation; then the coverage, for manifests. */
export function verify(engine: TrafficEngine, cases: readonly TrafficCase[]): VerifyReport {
  const results = checkCases(cases).map((c): CaseResult => {
    try {
      const decision = engine.route(c.request);
      const differences = compareDecision(c.expect, decision);
      return { case: c, passed: differences.length === 0, decision, differences };
    } catch (e) {
      return { case: c, passed: false, differences: [], error: (e as Error).message };
    }
  });
  const coverage = engine.configDumpOrigin !== undefined ? null
    : computeCoverage(engine.coverageTargets(), results.flatMap((r) => (r.decision ? [r.decision] : [])));
  return { results, coverage, passed: results.every((r) => r.passed) };
}
