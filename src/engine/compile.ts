/**
 * What Istio's control plane sends to each gateway workload: listeners, filter chains and route
 * configurations, Envoy-shaped (reference §k, BUILD).
 */
import { autoPassthroughChains, SniDnatRoute } from './auto-passthrough';
import { CompileDiagnostic, diagnose, ObjectRefused, OverlappingFilterChains } from './compile-diagnostic';
import { ServiceRegistry } from './destinations';
import { Layer4Route, passthroughChains, tcpChainRoute } from './layer4-routes';
import { ListenerPlan, mergeServers } from './listener-plan';
import { buildRouteConfiguration, RouteConfiguration } from './route-table';
import { GatewayServer, sniNamesOf } from './servers';
import { ServiceTarget, serviceTargets } from './service-ports';
import { VirtualServiceView, virtualServicesOf } from './virtual-services';
import { findWorkloads, GatewayWorkload } from './workloads';
import { KubeObject } from '../manifests/kube-object';
import { RefusedObject } from '../model/admission';

/** How the connection arrives at a chain. */
export type ChainTransport = 'plaintext' | 'tls-terminate' | 'tls-passthrough';

/** An HTTP filter chain: an HTTP connection manager bound to a route configuration. */
export interface HttpFilterChain {
  /** Chain kind. */
  readonly kind: 'http';
  /** Transport. */
  readonly transport: ChainTransport;
  /** `server_names`, or undefined for no SNI condition. */
  readonly serverNames?: string[];
  /** Servers feeding the route configuration. */
  readonly servers: GatewayServer[];
  /** The route configuration. */
  readonly routeConfiguration: RouteConfiguration;
}

/** A TCP proxy filter chain. */
export interface TcpFilterChain {
  /** Chain kind. */
  readonly kind: 'tcp';
  /** Transport. */
  readonly transport: ChainTransport;
  /** `server_names`, or undefined for no SNI condition. */
  readonly serverNames?: string[];
  /** The server. */
  readonly servers: GatewayServer[];
  /** The rule connections are forwarded with. */
  readonly route: Layer4Route;
}

/**
 * A filter chain of an AUTO_PASSTHROUGH server: its SNI names a Service port (and subset), and a TCP proxy forwards
 * the TLS stream unterminated to the cluster of that name.
 */
export interface SniDnatFilterChain {
  /** Chain kind. */
  readonly kind: 'sni-dnat';
  /** Transport. */
  readonly transport: 'tls-passthrough';
  /** `server_names`: the one cluster name. */
  readonly serverNames: string[];
  /** The server. */
  readonly servers: GatewayServer[];
  /** Where connections go. */
  readonly route: SniDnatRoute;
}

/** A filter chain. */
export type FilterChain = HttpFilterChain | TcpFilterChain | SniDnatFilterChain;

/** An Envoy listener. */
export interface CompiledListener {
  /** `0.0.0.0_<port>`. */
  readonly name: string;
  /** The port Envoy binds. */
  readonly port: number;
  /** Filter chains in order. */
  readonly chains: FilterChain[];
  /** The chains without server names, which connections without a matching SNI fall to. */
  readonly openChains: FilterChain[];
  /** True when some chain carries TLS (terminated or passed through). */
  readonly carriesTls: boolean;
}

/** The compiled configuration of one gateway workload. */
export interface CompiledWorkload {
  /** The workload. */
  readonly workload: GatewayWorkload;
  /** Its Service ports. */
  readonly targets: ServiceTarget[];
  /** Listeners by port. */
  readonly listeners: Map<number, CompiledListener>;
  /** What the compilation dropped, refused or assumed, in the order found. */
  readonly diagnostics: CompileDiagnostic[];
}

/** The compiled configuration of every gateway workload in a set of manifests. */
export interface CompiledConfig {
  /** Workloads in manifest order. */
  readonly workloads: CompiledWorkload[];
  /** Every VirtualService. */
  readonly virtualServices: VirtualServiceView[];
  /** Services and DestinationRules by host. */
  readonly registry: ServiceRegistry;
  /** The objects the model stage refused, left out of the compilation, in input order. */
  readonly refused: ObjectRefused[];
}

/**
 * Compiles manifests into per-workload listeners and routes.
 * @param objects - the objects the cluster would hold.
 * @param refused - the objects the model stage left out, which the compiled configuration names.
 */
export function compile(objects: readonly KubeObject[], refused: readonly RefusedObject[] = []): CompiledConfig {
  const virtualServices = virtualServicesOf(objects);
  const registry = new ServiceRegistry(objects);
  const workloads = findWorkloads(objects).map((workload) => compileWorkload(workload, virtualServices, registry));
  return { workloads, virtualServices, registry, refused: refused.map(refusal) };
}

/** The diagnostic of an object the model stage refused. */
function refusal({ object, problems }: RefusedObject): ObjectRefused {
  const problem = problems.find((p) => p.severity === 'error') ?? problems[0];
  return diagnose({ kind: 'object-refused', objectKind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name, problem });
}

function compileWorkload(workload: GatewayWorkload, virtualServices: VirtualServiceView[], registry: ServiceRegistry): CompiledWorkload {
  const targets = serviceTargets(workload);
  const { listeners: plans, diagnostics } = mergeServers(workload, targets);
  if (workload.implied) {
    diagnostics.push(diagnose({
      kind: 'implied-workload', gateways: workload.gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`), namespace: workload.namespace,
    }));
  }
  const listeners = new Map<number, CompiledListener>();
  for (const plan of plans.values()) {
    const chains = chainsOf(plan, workload, virtualServices, diagnostics, registry);
    if (chains.length === 0) {
      diagnostics.push(diagnose({ kind: 'no-filter-chain', port: plan.port }));
      continue;
    }
    const clash = overlappingChains(plan.port, chains);
    if (clash !== undefined) {
      diagnostics.push(clash);
      continue;
    }
    listeners.set(plan.port, {
      name: `0.0.0.0_${plan.port}`,
      port: plan.port,
      chains,
      openChains: chains.filter((c) => c.serverNames === undefined),
      carriesTls: chains.some((c) => c.transport !== 'plaintext'),
    });
  }
  return { workload, targets, listeners, diagnostics };
}

function chainsOf(
  plan: ListenerPlan, workload: GatewayWorkload, virtualServices: VirtualServiceView[], diagnostics: CompileDiagnostic[], registry: ServiceRegistry,
): FilterChain[] {
  const chains: FilterChain[] = [];
  const claimed = new Set<string>();
  // istiod keeps a port's TLS servers in one group per protocol (groups in order of first
  // appearance) and builds chains group by group, which decides who claims a passthrough SNI first.
  const protocols = [...new Set(plan.tls.map((s) => s.protocol))];
  for (const server of protocols.flatMap((p) => plan.tls.filter((s) => s.protocol === p))) {
    if (server.kind === 'https-terminate') {
      const name = `https.${server.port}.${server.portName}.${server.gateway.metadata.name}.${server.gateway.metadata.namespace}`;
      const routeConfiguration = buildRouteConfiguration(name, [server], workload, virtualServices, registry);
      pushAll(diagnostics, routeConfiguration.diagnostics);
      chains.push({ kind: 'http', transport: 'tls-terminate', serverNames: sniNamesOf(server), servers: [server], routeConfiguration });
    } else if (server.kind === 'tls-terminate') {
      const route = tcpChainRoute(server, workload, virtualServices, registry);
      if (route) {
        chains.push({ kind: 'tcp', transport: 'tls-terminate', serverNames: sniNamesOf(server), servers: [server], route });
      } else {
        diagnostics.push(diagnose({ kind: 'server-without-layer4-rule', server, section: 'tcp' }));
      }
    } else if (server.kind === 'passthrough') {
      const found = passthroughChains(server, workload, virtualServices, claimed, diagnostics, registry);
      if (found.length === 0) {
        diagnostics.push(diagnose({ kind: 'server-without-layer4-rule', server, section: 'tls' }));
      }
      pushAll(chains, found.map((c) => ({ kind: 'tcp' as const, transport: 'tls-passthrough' as const, serverNames: c.serverNames, servers: [server], route: c.route })));
    } else {
      const found = autoPassthroughChains(server, workload.namespace, registry);
      if (found.length === 0) {
        diagnostics.push(diagnose({ kind: 'auto-passthrough-without-services', server, port: plan.port }));
      }
      pushAll(chains, found.map((c) => ({ kind: 'sni-dnat' as const, transport: 'tls-passthrough' as const, serverNames: c.serverNames, servers: [server], route: c.route })));
    }
  }
  const first = plan.plaintext[0];
  if (first?.kind === 'http') {
    const routeConfiguration = buildRouteConfiguration(`http.${plan.port}`, plan.plaintext, workload, virtualServices, registry);
    pushAll(diagnostics, routeConfiguration.diagnostics);
    chains.push({ kind: 'http', transport: 'plaintext', servers: [...plan.plaintext], routeConfiguration });
  } else if (first) {
    const route = tcpChainRoute(first, workload, virtualServices, registry);
    if (route) {
      chains.push({ kind: 'tcp', transport: 'plaintext', servers: [first], route });
    } else {
      diagnostics.push(diagnose({ kind: 'server-without-layer4-rule', server: first, section: 'tcp' }));
    }
  }
  return chains;
}

/** Appends `items` one by one: `push(...items)` overflows the call stack from about 100,000 items (diagnostics can be that many). */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) {
    target.push(item);
  }
}

/**
 * Why Envoy would refuse a listener on `port` with these chains, or undefined when it accepts them: two
 * chains may not both lack `server_names`, nor name the same server (istiod's gateway chains set
 * no other match criteria, so those are the only ways to overlap).
 */
export function overlappingChains(port: number, chains: readonly FilterChain[]): OverlappingFilterChains | undefined {
  const seen = new Map<string, FilterChain>();
  for (const chain of chains) {
    for (const name of chain.serverNames ?? ['']) {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        return diagnose({
          kind: 'overlapping-filter-chains', port, first: earlier.servers[0], second: chain.servers[0], serverName: name === '' ? undefined : name,
        });
      }
      seen.set(name, chain);
    }
  }
  return undefined;
}
