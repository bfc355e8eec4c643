/**
 * HTTP route configurations: virtual hosts from the servers of an RDS and the VirtualServices
 * bound to them, with Istio's route order (reference §c.4, §d.1).
 */
import { CompileDiagnostic, diagnose, isDelegationDiagnostic } from './compile-diagnostic';
import { DecisionRule } from './decision';
import { DelegationOrigin, expandHttpRules } from './delegation';
import { ServiceRegistry } from './destinations';
import { HttpRouteAction, httpActionsOf } from './http-actions';
import { selects } from './model';
import { ReportedServer, reportServer } from './reported-server';
import { compileRouteMatch, RouteMatcher } from './route-matcher';
import { GatewayServer, sanitizedHosts } from './servers';
import { collapseVirtualHosts } from './virtual-host-collapse';
import { VirtualHostIndex } from './virtual-host-index';
import { VirtualServiceView, virtualServicesFor } from './virtual-services';
import { GatewayWorkload } from './workloads';
import { resolveGatewayReference } from '../istio/gateway-reference';
import { intersectHosts, serverHostsVisibleTo } from '../istio/host';
import { IstioHttpMatch, IstioHttpRoute } from '../model/istio-types';

/** One Envoy route: a VirtualService rule's match entry. All routes have the same fields, in the same order. */
export class CompiledRoute {
  /** The VirtualService that wrote the rule: the delegate for a delegated rule. */
  public readonly virtualService: VirtualServiceView;
  /** Index of the rule in that VirtualService's `http` list. */
  public readonly ruleIndex: number;
  /** The rule (for a delegated rule: merged with the root rule, reference §c.6). */
  public readonly rule: IstioHttpRoute;
  /** The root VirtualService rule this rule was delegated from, if any. */
  public readonly delegatedFrom?: DelegationOrigin;
  /** Index of the match entry, or undefined for a rule without match. */
  public readonly matchIndex?: number;
  /** The compiled match. */
  public readonly matcher: RouteMatcher;
  /** The server this route was built for. */
  public readonly server: GatewayServer;
  /** What the route does, compiled once; decisions, the route table and the config dump all read it. */
  public readonly action: HttpRouteAction;
  /** The rule as decisions report it (a delegated rule under the name its delegate gave it). */
  public readonly decisionRule: DecisionRule;
  /** The Gateway and server decisions report for this route. */
  public readonly reported: ReportedServer;
  private matchedText?: string;

  /**
   * @param rule - what the routes of one rule share (every field but the match and the action).
   * @param matchIndex - index of the match entry, or undefined for a rule without match.
   * @param matcher - the compiled match.
   * @param action - what the route does.
   */
  constructor(rule: RuleOfRoutes, matchIndex: number | undefined, matcher: RouteMatcher, action: HttpRouteAction) {
    this.virtualService = rule.virtualService;
    this.ruleIndex = rule.ruleIndex;
    this.rule = rule.rule;
    this.delegatedFrom = rule.delegatedFrom;
    this.matchIndex = matchIndex;
    this.matcher = matcher;
    this.server = rule.server;
    this.action = action;
    this.decisionRule = rule.decisionRule;
    this.reported = rule.reported;
    this.matchedText = undefined;
  }

  /** How a trace names the route among others: `VirtualService default/shop rule 0`. */
  public get traceName(): string {
    return `VirtualService ${this.virtualService.key} rule ${this.ruleIndex}`;
  }

  /**
   * The trace's line for a request this route takes, e.g. `VirtualService default/counter rule 0 (api) matched prefix
   * /api`; made the first time a trace asks.
   */
  public get traceLine(): string {
    if (this.matchedText === undefined) {
      const { name } = this.decisionRule;
      const from = this.delegatedFrom;
      const via = from ? ` via delegation from VirtualService ${from.virtualService.key} rule ${from.ruleIndex}` : '';
      this.matchedText = `VirtualService ${this.virtualService.key} rule ${this.ruleIndex}${name ? ` (${name})` : ''}${via} matched ${this.matcher.description}`;
    }
    return this.matchedText;
  }
}

/** What the routes built from one rule (one per match entry) share. */
export type RuleOfRoutes = Pick<CompiledRoute, 'virtualService' | 'ruleIndex' | 'rule' | 'delegatedFrom' | 'server' | 'decisionRule' | 'reported'>;

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

/** A virtual host of a built route configuration, with what decisions report about it. */
export interface CompiledVirtualHost extends VirtualHost {
  /** The Gateway and server of its first server, reported by decisions that reach it but no route. */
  readonly reported?: ReportedServer;
  /** What a trace says about how its routes came together: the merge order of its VirtualServices, delegation problems. */
  readonly traceNotes: readonly string[];
  /** How a trace ends the line of a Host that selects it: `' -> virtual host shop.example.com:80`. */
  readonly traceSelected: string;
}

/** An Envoy route configuration (RDS). */
export interface RouteConfiguration {
  /** `http.<listenerPort>` or `https.<port>.<portName>.<gateway>.<namespace>`. */
  readonly name: string;
  /** Virtual hosts sorted by name, collapsed as istiod collapses them (virtual-host-collapse.ts). */
  readonly virtualHosts: CompiledVirtualHost[];
  /** Lookup by Host. */
  readonly index: VirtualHostIndex<CompiledVirtualHost>;
  /** Why routes were left out or Envoy rejects the configuration (invalid regexes, delegation problems and the like). */
  readonly diagnostics: CompileDiagnostic[];
  /** The Gateway and server of its first server: the one a filter chain bound to it reports. */
  readonly reported: ReportedServer;
  /** How a trace starts the line of the Host a request selects a virtual host with: `route configuration http.80: host '`. */
  readonly traceHost: string;
  /** How a trace starts the line of a Host no virtual host serves: `route configuration http.80: no virtual host for '`. */
  readonly traceMissingHost: string;
}

/**
 * Builds the route configuration `name` for `servers` (in merge order) of a workload, each route with its compiled
 * action (destinations resolved against `registry`).
 */
export function buildRouteConfiguration(
  name: string,
  servers: readonly GatewayServer[],
  workload: GatewayWorkload,
  virtualServices: readonly VirtualServiceView[],
  registry: ServiceRegistry,
): RouteConfiguration {
  const vhosts = new Map<string, VirtualHost>();
  // The Gateway and VirtualService pairs whose routes filled each virtual host, in order, for collapseVirtualHosts.
  const sources = new Map<VirtualHost, string[]>();
  const diagnostics: CompileDiagnostic[] = [];
  const reports = new Map<GatewayServer, ReportedServer>();
  const reportOf = (server: GatewayServer) => {
    let report = reports.get(server);
    if (report === undefined) {
      report = reportServer(server);
      reports.set(server, report);
    }
    return report;
  };
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
      const target = { server, reported: reportOf(server), workload, registry, routeConfiguration: name };
      const built = httpRoutesOf(vs, virtualServices, target, diagnostics);
      if (built.length === 0) {
        continue;
      }
      // istiod indexes a VirtualService under each of its gateway references, and two spellings of one Gateway
      // (`public`, `istio-system/public`, `public.istio-system.svc.cluster.local`) resolve alike: the VirtualService is
      // listed, and its routes added, once per reference (istio/istio pilot/pkg/model/push_context.go, initVirtualServices).
      const references = vs.gateways.filter((g) => g === server.gatewayKey).length;
      const routes = Array.from({ length: references }, () => built).flat();
      for (const host of hosts) {
        const vhost = vhostFor(host, server);
        for (const route of routes) {
          vhost.routes.push(route);
        }
        sources.set(vhost, [...sources.get(vhost) ?? [], ...Array.from({ length: references }, () => `${server.gatewayKey}|${vs.key}`)]);
        vhost.requireTls ||= server.httpsRedirect;
      }
    }
    if (server.httpsRedirect) {
      // Keyed by the host as istiod rewrites it (sanitizedHosts), lower-cased: a `NS/host` vhost never matches.
      for (const host of sanitizedHosts(server)) {
        vhostFor(host.toLowerCase(), server).requireTls = true;
      }
    }
  }
  const delegationNotes = new DelegationNotes(diagnostics);
  const virtualHosts: CompiledVirtualHost[] = collapseVirtualHosts(vhosts, sources).map((vh) => {
    const routes = catchAllsLast(vh.routes);
    return {
      ...vh,
      routes,
      reported: reportOf(vh.servers[0]),
      traceNotes: [...mergeOrderNotes(routes), ...delegationNotes.about(routes)],
      traceSelected: `' -> virtual host ${vh.name}`,
    };
  });
  if (virtualHosts.length === 0) {
    const port = servers[0]?.port ?? 0;
    virtualHosts.push({
      name: `blackhole:${port}`,
      domains: ['*'],
      routes: [],
      requireTls: false,
      servers: [...servers],
      reported: servers[0] && reportOf(servers[0]),
      traceNotes: [],
      traceSelected: `' -> virtual host blackhole:${port}`,
    });
  }
  const index = new VirtualHostIndex<CompiledVirtualHost>();
  virtualHosts.forEach((vh) => vh.domains.forEach((d) => index.add(d, vh)));
  return {
    name,
    virtualHosts,
    index,
    diagnostics,
    reported: reportOf(servers[0]),
    traceHost: `route configuration ${name}: host '`,
    traceMissingHost: `route configuration ${name}: no virtual host for '`,
  };
}

/** What the routes of one VirtualService are built for. */
interface RouteTarget {
  /** The server. */
  readonly server: GatewayServer;
  /** How decisions report it. */
  readonly reported: ReportedServer;
  /** The gateway workload. */
  readonly workload: GatewayWorkload;
  /** Services and DestinationRules, for the destinations of actions. */
  readonly registry: ServiceRegistry;
  /** The name of the route configuration, which diagnostics name. */
  readonly routeConfiguration: string;
}

/** The Envoy routes of one VirtualService (delegation expanded) for one server (reference §c.6, §d.1). */
function httpRoutesOf(
  root: VirtualServiceView, all: readonly VirtualServiceView[], target: RouteTarget, diagnostics: CompileDiagnostic[],
): CompiledRoute[] {
  const { server, reported, workload, registry } = target;
  const routes: CompiledRoute[] = [];
  for (const { virtualService: vs, ruleIndex, rule, delegatedFrom } of expandHttpRules(root, all, diagnostics)) {
    // A delegated rule is reported as the delegate wrote it (the merged rule carries istiod's `root-delegate` name).
    const written = delegatedFrom ? vs.http[ruleIndex] : rule;
    const shared: RuleOfRoutes = {
      virtualService: vs,
      ruleIndex,
      rule,
      server,
      reported,
      delegatedFrom,
      decisionRule: Object.freeze({ index: ruleIndex, name: written.name ?? null }),
    };
    const actionFor = httpActionsOf(rule, vs.namespace, server, registry);
    const matches = rule.match?.length ? rule.match : undefined;
    if (matches === undefined) {
      const matcher = compileRouteMatch(undefined);
      routes.push(new CompiledRoute(shared, undefined, matcher, actionFor(matcher.path)));
      noteRejectedRedirect(routes[routes.length - 1], target, diagnostics);
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
        diagnostics.push(diagnose({
          kind: 'invalid-regex', virtualService: vs, ruleIndex, matchIndex, routeConfiguration: target.routeConfiguration, error: (e as Error).message,
        }));
        continue;
      }
      routes.push(new CompiledRoute(shared, matchIndex, matcher, actionFor(matcher.path)));
      noteRejectedRedirect(routes[routes.length - 1], target, diagnostics);
      if (matcher.catchAll) {
        return routes;
      }
    }
  }
  return routes;
}

/** Records a redirect code Envoy cannot send, once per rule and route configuration. */
function noteRejectedRedirect(route: CompiledRoute, target: RouteTarget, diagnostics: CompileDiagnostic[]): void {
  const { action, virtualService, ruleIndex } = route;
  if (action.kind !== 'redirect' || action.redirect.supported) {
    return;
  }
  const seen = diagnostics.some((d) => d.kind === 'unsupported-redirect-code' && d.virtualService === virtualService && d.ruleIndex === ruleIndex
    && d.routeConfiguration === target.routeConfiguration);
  if (!seen) {
    diagnostics.push(diagnose({
      kind: 'unsupported-redirect-code', virtualService, ruleIndex, routeConfiguration: target.routeConfiguration, code: action.redirect.status,
    }));
  }
}

/** Whether a match entry survives for this server (port, gateways, source labels and namespace). */
export function appliesTo(match: IstioHttpMatch, vs: VirtualServiceView, server: GatewayServer, workload: GatewayWorkload): boolean {
  if (match.port !== undefined && match.port !== server.port) {
    return false;
  }
  const gateways = match.gateways ?? [];
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

/**
 * Says in which order VirtualServices sharing a virtual host were merged, and on what that order rests: Istio orders
 * them by creationTimestamp, which manifests rarely carry. Nothing for a virtual host of one VirtualService.
 */
function mergeOrderNotes(routes: readonly CompiledRoute[]): string[] {
  const merged = [...new Set(routes.map((r) => r.delegatedFrom?.virtualService ?? r.virtualService))];
  if (merged.length < 2) {
    return [];
  }
  const timed = merged.every((vs) => vs.object.metadata.creationTimestamp !== undefined);
  return [`virtual host merges VirtualServices ${merged.map((vs) => vs.key).join(', ')} in that order`
    + ` (${timed ? 'by creationTimestamp' : 'no creationTimestamp in the manifests: ordered by name, then namespace, as for equal timestamps'};`
    + ' catch-all routes last)'];
}

/**
 * The delegation diagnostics of a route configuration (reference §c.6), found by the key of the root VirtualService
 * whose delegating rule they are about.
 */
class DelegationNotes {
  private readonly byRoot = new Map<string, number[]>();

  constructor(private readonly diagnostics: readonly CompileDiagnostic[]) {
    diagnostics.forEach((d, i) => {
      if (!isDelegationDiagnostic(d)) {
        return;
      }
      const indexes = this.byRoot.get(d.root.key) ?? [];
      indexes.push(i);
      this.byRoot.set(d.root.key, indexes);
    });
  }

  /** The messages of the diagnostics about the root VirtualServices of `routes`, in the order they were found. */
  public about(routes: readonly CompiledRoute[]): string[] {
    if (this.byRoot.size === 0) {
      return [];
    }
    const indexes = new Set<number>();
    for (const key of new Set(routes.map((r) => (r.delegatedFrom?.virtualService ?? r.virtualService).key))) {
      this.byRoot.get(key)?.forEach((i) => indexes.add(i));
    }
    return [...indexes].sort((a, b) => a - b).map((i) => this.diagnostics[i].message);
  }
}
