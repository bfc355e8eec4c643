/**
 * What route coverage counts, read from the compiled configuration: the Gateway servers that configure a gateway
 * workload and the VirtualService rules bound to them. Which of them a set of decisions reached is the verifier's.
 */
import { CompiledConfig } from './compile';
import { serversOf } from './servers';
import { VirtualServiceView } from './virtual-services';
import { IstioHttpRoute } from '../model/istio-types';

/** A Gateway server that coverage counts. */
export interface CoverageServer {
  /** `NS/NAME` of the Gateway. */
  readonly gateway: string;
  /** The server's port number. */
  readonly port: number;
  /** The server's port name. */
  readonly name: string;
  /** The section of the VirtualServices that routes the server's traffic: `http`, `tcp` or `tls`. */
  readonly section: 'http' | 'tcp' | 'tls';
}

/** A VirtualService rule that coverage counts. */
export interface CoverageRule {
  /** `NS/NAME` of the VirtualService. */
  readonly virtualService: string;
  /** `http`, `tcp` or `tls`. */
  readonly section: 'http' | 'tcp' | 'tls';
  /** Index in that list. */
  readonly index: number;
  /** The rule's name, or null. */
  readonly name: string | null;
  /**
   * `NS/NAME` of the VirtualService an `http` rule delegates to (reference §c.6); the rule counts as reached when one
   * of the delegate's rules is.
   */
  readonly delegate?: string;
}

/** Everything route coverage counts in a set of manifests. */
export interface CoverageTargets {
  /** Every server of every Gateway that configures a gateway workload, in manifest order. */
  readonly servers: CoverageServer[];
  /**
   * Every rule of every VirtualService bound to one of those Gateways, then every rule of the VirtualServices they
   * delegate to (which bind no gateway themselves).
   */
  readonly rules: CoverageRule[];
}

/** @internal The servers and rules of `config` that coverage counts. */
export function coverageTargetsOf(config: CompiledConfig): CoverageTargets {
  const gateways = new Map(config.workloads.flatMap((w) => w.workload.gateways).map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
  const servers = [...gateways.values()].flatMap(serversOf).map((s): CoverageServer => ({
    gateway: s.gatewayKey,
    port: s.port,
    name: s.portName,
    section: s.kind === 'http' || s.kind === 'https-terminate' ? 'http' : s.kind === 'passthrough' ? 'tls' : 'tcp',
  }));
  const roots = config.virtualServices.filter((vs) => vs.gateways.some((g) => gateways.has(g)));
  // Delegates (reference §c.6) bind no gateway: they count through the roots that delegate to them.
  const delegateOf = (vs: VirtualServiceView, rule: IstioHttpRoute): string | undefined =>
    (rule.delegate ? `${rule.delegate.namespace || vs.namespace}/${rule.delegate.name}` : undefined);
  const delegateKeys = new Set(roots.flatMap((vs) => vs.http.map((rule) => delegateOf(vs, rule)).filter((k): k is string => k !== undefined)));
  const delegates = config.virtualServices.filter((vs) => delegateKeys.has(vs.key) && !roots.includes(vs));
  const rules = [...roots, ...delegates].flatMap((vs) => [
    ...vs.http.map((rule, index) => coverageRule(vs, 'http', index, rule.name, delegateOf(vs, rule))),
    // TCP and TLS rules have no name (the CRD declares none).
    ...vs.tcp.map((_, index) => coverageRule(vs, 'tcp', index)),
    ...vs.tls.map((_, index) => coverageRule(vs, 'tls', index)),
  ]);
  return { servers, rules };
}

function coverageRule(
  vs: VirtualServiceView, section: CoverageRule['section'], index: number, name?: string, delegate?: string,
): CoverageRule {
  return {
    virtualService: vs.key,
    section,
    index,
    name: name ?? null,
    ...(delegate === undefined ? {} : { delegate }),
  };
}
