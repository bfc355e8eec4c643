/**
 * Route coverage: which Gateway servers and which VirtualService rules the decisions reached.
 */
import { CompiledConfig } from '../engine/compile';
import { Decision } from '../engine/decision';
import { Json } from '../engine/model';
import { serversOf } from '../engine/servers';
import { VirtualServiceView } from '../engine/virtual-services';

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

/** @internal Computes which servers and rules `decisions` reached. */
export function computeCoverage(config: CompiledConfig, decisions: readonly Decision[]): Coverage {
  const gateways = new Map(config.workloads.flatMap((w) => w.workload.gateways).map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
  const serverList = [...gateways.values()].flatMap(serversOf);
  const servers: ServerCoverage[] = serverList.map((s) => ({
    gateway: s.gatewayKey,
    port: s.port,
    name: s.portName,
    reached: decisions.some((d) => d.gateway === s.gatewayKey && d.server?.port === s.port && d.server?.name === s.portName),
  }));
  const sectionOf = (d: Decision): string | undefined => {
    const server = serverList.find((s) => s.gatewayKey === d.gateway && s.port === d.server?.port && s.portName === d.server?.name);
    if (server === undefined) return undefined;
    if (server.kind === 'http' || server.kind === 'https-terminate') return 'http';
    return server.kind === 'passthrough' ? 'tls' : 'tcp';
  };
  const reachedRules = new Set(decisions.filter((d) => d.virtualService && d.rule).map((d) => `${d.virtualService} ${sectionOf(d)} ${d.rule!.index}`));
  const roots = config.virtualServices.filter((vs) => vs.gateways.some((g) => gateways.has(g)));
  // Delegates (reference §c.6) bind no gateway: they count through the roots that delegate to them.
  const delegateOf = (vs: VirtualServiceView, rule: Json): string | undefined =>
    (rule?.delegate ? `${rule.delegate.namespace || vs.namespace}/${rule.delegate.name}` : undefined);
  const delegateKeys = new Set(roots.flatMap((vs) => vs.http.map((rule) => delegateOf(vs, rule)).filter((k): k is string => k !== undefined)));
  const delegates = config.virtualServices.filter((vs) => delegateKeys.has(vs.key) && !roots.includes(vs));
  const reachedDelegates = new Set([...reachedRules].filter((r) => r.includes(' http ')).map((r) => r.split(' ')[0]));
  const rules: RuleCoverage[] = [...roots, ...delegates]
    .flatMap((vs) => (['http', 'tcp', 'tls'] as const).flatMap((section) => vs[section].map((rule, index) => {
      const delegate = section === 'http' ? delegateOf(vs, rule) : undefined;
      return {
        virtualService: vs.key,
        section,
        index,
        name: rule?.name ?? null,
        reached: reachedRules.has(`${vs.key} ${section} ${index}`) || (delegate !== undefined && reachedDelegates.has(delegate)),
      };
    })));
  const items = [...servers, ...rules];
  const percent = items.length === 0 ? 100 : Math.round((items.filter((i) => i.reached).length * 1000) / items.length) / 10;
  return { servers, rules, percent };
}
