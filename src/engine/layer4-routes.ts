/**
 * TCP and TLS passthrough routes: fixed per server at configuration time (reference §f).
 */
import { Json } from './model';
import { GatewayServer } from './servers';
import { VirtualServiceView, virtualServicesFor } from './virtual-services';
import { GatewayWorkload } from './workloads';
import { resolveGatewayReference } from '../istio/gateway-reference';
import { intersectHosts, serverHostsVisibleTo } from '../istio/host';

/** The VirtualService rule a TCP proxy chain forwards with. */
export interface Layer4Route {
  /** The VirtualService. */
  readonly virtualService: VirtualServiceView;
  /** `tcp` or `tls`. */
  readonly section: 'tcp' | 'tls';
  /** Index of the rule in that list. */
  readonly ruleIndex: number;
  /** The rule. */
  readonly rule: Json;
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

function l4MatchApplies(match: Json, vs: VirtualServiceView, server: GatewayServer): boolean {
  if (match.port !== undefined && match.port !== server.port) {
    return false;
  }
  const gateways: string[] = match.gateways ?? [];
  return gateways.length === 0 || gateways.map((g) => resolveGatewayReference(g, vs.namespace)).includes(server.gatewayKey);
}

/**
 * The TCP rule a TCP server (or TLS-terminating TLS server) forwards every connection with:
 * the first applicable rule of the first overlapping VirtualService (reference §f.1, §f.2).
 */
export function tcpRouteFor(server: GatewayServer, workload: GatewayWorkload, all: readonly VirtualServiceView[]): Layer4Route | undefined {
  for (const vs of overlapping(server, workload, all)) {
    for (const [ruleIndex, rule] of vs.tcp.entries()) {
      const matches: Json[] = rule.match ?? [];
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

/**
 * The chains of a passthrough server: one per applicable `tls` match, named by its sniHosts;
 * a match any of whose sniHosts is already claimed on the listener is skipped (reference §f.3).
 */
export function passthroughChains(
  server: GatewayServer, workload: GatewayWorkload, all: readonly VirtualServiceView[], claimed: Set<string>, notes: string[],
): PassthroughChain[] {
  const chains: PassthroughChain[] = [];
  for (const vs of overlapping(server, workload, all)) {
    for (const [ruleIndex, rule] of vs.tls.entries()) {
      if (!rule.route?.length) {
        continue;
      }
      for (const match of (rule.match ?? []) as Json[]) {
        if (!l4MatchApplies(match, vs, server)) {
          continue;
        }
        const sniHosts: string[] = (match.sniHosts ?? []).map((h: string) => h.toLowerCase());
        const taken = sniHosts.find((h) => claimed.has(h));
        if (taken !== undefined) {
          notes.push(`VirtualService ${vs.key} tls rule ${ruleIndex}: SNI ${taken} is already claimed on this port, so this match is skipped`);
          continue;
        }
        sniHosts.forEach((h) => claimed.add(h));
        chains.push({ serverNames: sniHosts.includes('*') ? undefined : sniHosts, route: { virtualService: vs, section: 'tls', ruleIndex, rule } });
      }
    }
  }
  return chains;
}
