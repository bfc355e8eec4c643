/**
 * TCP and TLS passthrough routes: fixed per server at configuration time (reference §f).
 */
import { CompileDiagnostic, diagnose } from './compile-diagnostic';
import { DecisionRule } from './decision';
import { CompiledDestinations, compileDestinations, ServiceRegistry } from './destinations';
import { ReportedServer, reportServer } from './reported-server';
import { GatewayServer } from './servers';
import { VirtualServiceView, virtualServicesFor } from './virtual-services';
import { GatewayWorkload } from './workloads';
import { resolveGatewayReference } from '../istio/gateway-reference';
import { intersectHosts, serverHostsVisibleTo } from '../istio/host';
import { IstioL4Match, IstioL4Route } from '../model/istio-types';

/** The VirtualService rule a TCP proxy chain forwards with. */
export interface Layer4Rule {
  /** The VirtualService. */
  readonly virtualService: VirtualServiceView;
  /** `tcp` or `tls`. */
  readonly section: 'tcp' | 'tls';
  /** Index of the rule in that list. */
  readonly ruleIndex: number;
  /** The rule. */
  readonly rule: IstioL4Route;
}

/** The rule of a TCP proxy chain compiled: where every connection of the chain goes, and what decisions report. */
export interface Layer4Route extends Layer4Rule {
  /** The destinations of the rule, resolved once; decisions, the route table and the config dump all read them. */
  readonly upstream: CompiledDestinations;
  /** The rule as decisions report it. */
  readonly decisionRule: DecisionRule;
  /** The Gateway and server decisions report for the chain. */
  readonly reported: ReportedServer;
  /** The trace's line for a connection of the chain: `tcp rule 0 of VirtualService default/db forwards every connection of this chain`. */
  readonly traceLine: string;
}

/** A passthrough chain: SNI names (undefined = any) and the rule it forwards with. */
export interface PassthroughChain {
  /** `server_names` of the chain, or undefined for no SNI condition. */
  readonly serverNames?: string[];
  /** The rule. */
  readonly route: Layer4Route;
}

/** VirtualServices bound to the server's Gateway whose hosts overlap the server's hosts, in Istio's order. */
function overlapping(server: GatewayServer, workload: GatewayWorkload, all: readonly VirtualServiceView[]): VirtualServiceView[] {
  return virtualServicesFor(all, workload.namespace, server.gatewayKey).filter((vs) => {
    const serverHosts = serverHostsVisibleTo(server.hosts, vs.namespace, server.gateway.metadata.namespace);
    return vs.hosts.some((h) => serverHosts.some((s) => intersectHosts(s, h) !== undefined));
  });
}

function l4MatchApplies(match: IstioL4Match, vs: VirtualServiceView, server: GatewayServer): boolean {
  if (match.port !== undefined && match.port !== server.port) {
    return false;
  }
  const gateways = match.gateways ?? [];
  return gateways.length === 0 || gateways.map((g) => resolveGatewayReference(g, vs.namespace)).includes(server.gatewayKey);
}

/**
 * The TCP rule a TCP server (or TLS-terminating TLS server) forwards every connection with:
 * the first applicable rule of the first overlapping VirtualService (reference §f.1, §f.2).
 */
export function tcpRouteFor(server: GatewayServer, workload: GatewayWorkload, all: readonly VirtualServiceView[]): Layer4Rule | undefined {
  for (const vs of overlapping(server, workload, all)) {
    for (const [ruleIndex, rule] of vs.tcp.entries()) {
      const matches = rule.match ?? [];
      if (!rule.route?.length) {
        continue;
      }
      if (matches.length === 0 || matches.some((m) => l4MatchApplies(m, vs, server))) {
        return { virtualService: vs, section: 'tcp', ruleIndex, rule };
      }
    }
  }
  return undefined;
}

/** The chain route of a TCP server (or TLS-terminating TLS server): {@link tcpRouteFor}'s rule, compiled. */
export function tcpChainRoute(
  server: GatewayServer, workload: GatewayWorkload, all: readonly VirtualServiceView[], registry: ServiceRegistry,
): Layer4Route | undefined {
  const rule = tcpRouteFor(server, workload, all);
  return rule && compileLayer4Route(rule, server, registry);
}

/** Compiles the rule a chain of `server` forwards with. */
function compileLayer4Route(rule: Layer4Rule, server: GatewayServer, registry: ServiceRegistry): Layer4Route {
  return Object.freeze({
    ...rule,
    upstream: compileDestinations(rule.rule.route ?? [], rule.virtualService.namespace, server.port, registry),
    // TCP and TLS rules have no name (the CRD declares none).
    decisionRule: Object.freeze({ index: rule.ruleIndex, name: null }),
    reported: reportServer(server),
    traceLine: `${rule.section} rule ${rule.ruleIndex} of VirtualService ${rule.virtualService.key} forwards every connection of this chain`,
  });
}

/**
 * The chains of a passthrough server: one per applicable `tls` match, named by its sniHosts;
 * a match any of whose sniHosts is already claimed on the listener is skipped (reference §f.3).
 */
export function passthroughChains(
  server: GatewayServer, workload: GatewayWorkload, all: readonly VirtualServiceView[], claimed: Set<string>, diagnostics: CompileDiagnostic[],
  registry: ServiceRegistry,
): PassthroughChain[] {
  const chains: PassthroughChain[] = [];
  for (const vs of overlapping(server, workload, all)) {
    for (const [ruleIndex, rule] of vs.tls.entries()) {
      if (!rule.route?.length) {
        continue;
      }
      for (const match of rule.match ?? []) {
        if (!l4MatchApplies(match, vs, server)) {
          continue;
        }
        const sniHosts = (match.sniHosts ?? []).map((h) => h.toLowerCase());
        const taken = sniHosts.find((h) => claimed.has(h));
        if (taken !== undefined) {
          diagnostics.push(diagnose({ kind: 'sni-already-claimed', virtualService: vs, ruleIndex, sni: taken }));
          continue;
        }
        sniHosts.forEach((h) => claimed.add(h));
        const route = compileLayer4Route({ virtualService: vs, section: 'tls', ruleIndex, rule }, server, registry);
        chains.push({ serverNames: sniHosts.includes('*') ? undefined : sniHosts, route });
      }
    }
  }
  return chains;
}
