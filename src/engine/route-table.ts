/**
 * HTTP route configurations: virtual hosts from the servers of an RDS and the VirtualServices
 * bound to them, with Istio's route order (reference §c.4, §d.1).
 */
import { DelegationOrigin, expandHttpRules } from './delegation';
import { Json, selects } from './model';
import { compileRouteMatch, RouteMatcher } from './route-matcher';
import { GatewayServer } from './servers';
import { VirtualHostIndex } from './virtual-host-index';
import { VirtualServiceView, virtualServicesFor } from './virtual-services';
import { GatewayWorkload } from './workloads';
import { resolveGatewayReference } from '../istio/gateway-reference';
import { intersectHosts, serverHostsVisibleTo } from '../istio/host';

/** One Envoy route: a VirtualService rule's match entry. */
export interface CompiledRoute {
  /** The VirtualService that wrote the rule: the delegate for a delegated rule. */
  readonly virtualService: VirtualServiceView;
  /** Index of the rule in that VirtualService's `http` list. */
  readonly ruleIndex: number;
  /** The rule (for a delegated rule: merged with the root rule, reference §c.6). */
  readonly rule: Json;
  /** The root VirtualService rule this rule was delegated from, if any. */
  readonly delegatedFrom?: DelegationOrigin;
  /** Index of the match entry, or undefined for a rule without match. */
  readonly matchIndex?: number;
  /** The compiled match. */
  readonly matcher: RouteMatcher;
  /** The server this route was built for. */
  readonly server: GatewayServer;
}

/** An Envoy virtual host. */
export interface VirtualHost {
  /** `<host>:<serverPort>`. */
  readonly name: string;
  /** Domains it answers for. */
  readonly domains: string[];
  /** Routes in evaluation order. */
  readonly routes: CompiledRoute[];
  /** True when plaintext requests are redirected to https (`require_tls: ALL`). */
  requireTls: boolean;
  /** The servers that contributed this virtual host. */
  readonly servers: GatewayServer[];
}

/** An Envoy route configuration (RDS). */
export interface RouteConfiguration {
  /** `http.<listenerPort>` or `https.<port>.<portName>.<gateway>.<namespace>`. */
  readonly name: string;
  /** Virtual hosts in creation order. */
  readonly virtualHosts: VirtualHost[];
  /** Lookup by Host. */
  readonly index: VirtualHostIndex<VirtualHost>;
  /** Why routes were left out (invalid regexes and the like). */
  readonly notes: string[];
}

/** Builds the route configuration `name` for `servers` (in merge order) of a workload. */
export function buildRouteConfiguration(
  name: string,
  servers: readonly GatewayServer[],
  workload: GatewayWorkload,
  virtualServices: readonly VirtualServiceView[],
): RouteConfiguration {
  const vhosts = new Map<string, VirtualHost>();
  const notes: string[] = [];
  const vhostFor = (host: string, server: GatewayServer) => {
    let vhost = vhosts.get(host);
    if (vhost === undefined) {
      vhost = { name: `${host}:${server.port}`, domains: [host], routes: [], requireTls: false, servers: [] };
      vhosts.set(host, vhost);
    }
    if (!vhost.servers.includes(server)) {
      vhost.servers.push(server);
    }
    return vhost;
  };
  for (const server of servers) {
    for (const vs of virtualServicesFor(virtualServices, workload.namespace, server.gatewayKey)) {
      const serverHosts = serverHostsVisibleTo(server.hosts, vs.namespace, server.gateway.metadata.namespace);
      const hosts = new Set<string>();
      for (const vsHost of vs.hosts) {
        for (const serverHost of serverHosts) {
          const h = intersectHosts(serverHost, vsHost);
          if (h !== undefined) {
            hosts.add(h.toLowerCase());
          }
        }
      }
      if (hosts.size === 0) {
        continue;
      }
      const routes = httpRoutesOf(vs, virtualServices, server, workload, notes);
      if (routes.length === 0) {
        continue;
      }
      for (const host of hosts) {
        const vhost = vhostFor(host, server);
        for (const route of routes) {
          vhost.routes.push(route);
        }
        vhost.requireTls ||= server.httpsRedirect;
      }
    }
    if (server.httpsRedirect) {
      // Keyed by the host as written (lower-cased), `ns/` prefix included: such a vhost never matches.
      for (const host of server.hosts) {
        vhostFor(host.toLowerCase(), server).requireTls = true;
      }
    }
  }
  const virtualHosts = [...vhosts.values()].map((vh) => ({ ...vh, routes: catchAllsLast(vh.routes) }));
  if (virtualHosts.length === 0) {
    const port = servers[0]?.port ?? 0;
    virtualHosts.push({ name: `blackhole:${port}`, domains: ['*'], routes: [], requireTls: false, servers: [...servers] });
  }
  const index = new VirtualHostIndex<VirtualHost>();
  virtualHosts.forEach((vh) => vh.domains.forEach((d) => index.add(d, vh)));
  return { name, virtualHosts, index, notes };
}

/** The Envoy routes of one VirtualService (delegation expanded) for one server (reference §c.6, §d.1). */
function httpRoutesOf(
  root: VirtualServiceView,
  all: readonly VirtualServiceView[],
  server: GatewayServer,
  workload: GatewayWorkload,
  notes: string[],
): CompiledRoute[] {
  const routes: CompiledRoute[] = [];
  for (const { virtualService: vs, ruleIndex, rule, delegatedFrom } of expandHttpRules(root, all, notes)) {
    const origin = delegatedFrom ? { delegatedFrom } : {};
    const matches: Json[] | undefined = rule.match?.length ? rule.match : undefined;
    if (matches === undefined) {
      routes.push({ virtualService: vs, ruleIndex, rule, matcher: compileRouteMatch(undefined), server, ...origin });
      return routes;
    }
    for (const [matchIndex, match] of matches.entries()) {
      if (!appliesTo(match, vs, server, workload)) {
        continue;
      }
      let matcher: RouteMatcher;
      try {
        matcher = compileRouteMatch(match);
      } catch (e) {
        notes.push(`VirtualService ${vs.key} rule ${ruleIndex} match ${matchIndex} has an invalid regex (${(e as Error).message}); Envoy rejects the whole route configuration`);
        continue;
      }
      routes.push({ virtualService: vs, ruleIndex, rule, matchIndex, matcher, server, ...origin });
      if (matcher.catchAll) {
        return routes;
      }
    }
  }
  return routes;
}

/** Whether a match entry survives for this server (port, gateways, source labels and namespace). */
export function appliesTo(match: Json, vs: VirtualServiceView, server: GatewayServer, workload: GatewayWorkload): boolean {
  if (match.port !== undefined && match.port !== server.port) {
    return false;
  }
  const gateways: string[] = match.gateways ?? [];
  if (gateways.length > 0) {
    return gateways.map((g) => resolveGatewayReference(g, vs.namespace)).includes(server.gatewayKey);
  }
  if (match.sourceLabels && !selects(match.sourceLabels, workload.labels)) {
    return false;
  }
  return match.sourceNamespace === undefined || match.sourceNamespace === workload.namespace;
}

/** Moves catch-all routes to the end, keeping the order otherwise (Istio's SortVHostRoutes). */
function catchAllsLast(routes: CompiledRoute[]): CompiledRoute[] {
  return [...routes.filter((r) => !r.matcher.catchAll), ...routes.filter((r) => r.matcher.catchAll)];
}
