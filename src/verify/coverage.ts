/**
 * Route coverage: which Gateway servers and which VirtualService rules the decisions reached.
 */
import { CoverageTargets } from '../engine/coverage-targets';
import { Decision } from '../engine/decision';

/** A Gateway server and whether a case reached it. */
export interface ServerCoverage {
  /** `NS/NAME` of the Gateway. */
  readonly gateway: string;
  /** The server's port number. */
  readonly port: number;
  /** The server's port name. */
  readonly name: string;
  /** True when a decision was accepted by this server. */
  readonly reached: boolean;
}

/** A VirtualService rule and whether a case reached it. */
export interface RuleCoverage {
  /** `NS/NAME` of the VirtualService. */
  readonly virtualService: string;
  /** `http`, `tcp` or `tls`. */
  readonly section: 'http' | 'tcp' | 'tls';
  /** Index in that list. */
  readonly index: number;
  /** The rule's name, or null. */
  readonly name: string | null;
  /** True when a decision was made by this rule. */
  readonly reached: boolean;
}

/** Coverage of a set of decisions. */
export interface Coverage {
  /** Every server of every Gateway that configures a gateway workload. */
  readonly servers: ServerCoverage[];
  /** Every rule of every VirtualService bound to one of those Gateways. */
  readonly rules: RuleCoverage[];
  /** Reached items over all items, in percent (100 when there are none). */
  readonly percent: number;
}

/** @internal Computes which of the servers and rules in `targets` (`engine.coverageTargets()`) `decisions` reached. */
export function computeCoverage(targets: CoverageTargets, decisions: readonly Decision[]): Coverage {
  const servers: ServerCoverage[] = targets.servers.map((s) => ({
    gateway: s.gateway,
    port: s.port,
    name: s.name,
    reached: decisions.some((d) => d.gateway === s.gateway && d.server?.port === s.port && d.server?.name === s.name),
  }));
  const sectionOf = (d: Decision): string | undefined =>
    targets.servers.find((s) => s.gateway === d.gateway && s.port === d.server?.port && s.name === d.server?.name)?.section;
  const reachedRules = new Set(decisions.filter((d) => d.virtualService && d.rule).map((d) => `${d.virtualService} ${sectionOf(d)} ${d.rule!.index}`));
  // A rule that delegates (reference §c.6) is reached when a rule of its delegate is.
  const reachedDelegates = new Set([...reachedRules].filter((r) => r.includes(' http ')).map((r) => r.split(' ')[0]));
  const rules: RuleCoverage[] = targets.rules.map((r) => ({
    virtualService: r.virtualService,
    section: r.section,
    index: r.index,
    name: r.name,
    reached: reachedRules.has(`${r.virtualService} ${r.section} ${r.index}`) || (r.delegate !== undefined && reachedDelegates.has(r.delegate)),
  }));
  const items = [...servers, ...rules];
  const percent = items.length === 0 ? 100 : Math.round((items.filter((i) => i.reached).length * 1000) / items.length) / 10;
  return { servers, rules, percent };
}
