/**
 * A real gateway's Envoy configuration, as its admin `/config_dump` (or `istioctl proxy-config all -o json`) prints
 * it, read into the shape decisions walk: listeners with their filter chains (SNI names, TLS termination, HTTP
 * connection managers and TCP proxies), route configurations with their virtual hosts, and routes with compiled
 * matches and actions. The same `decide` then answers for the running gateway as for manifests.
 */
import { ChainTransport } from './compile';
import {
  DecidableChain, DecidableConfig, DecidableListener, DecidableRoute, DecidableRouteConfiguration, DecidableVirtualHost, RouteOrigin,
} from './decidable';
import { CompiledDestinations } from './destinations';
import { destinationOf, EnvoyRoute, EnvoyWeightedCluster, compileEnvoyRouteAction, weightedDestinations } from './envoy-route-action';
import { compileEnvoyRouteMatch, EnvoyRouteMatch } from './envoy-route-match';
import { ReportedServer } from './reported-server';
import { RequestError } from './request-error';
import { VirtualHostIndex } from './virtual-host-index';

/** A config dump the engine cannot read, with the place and the reason. */
export class ConfigDumpError extends RequestError {}

const HCM = 'envoy.filters.network.http_connection_manager';
const TCP_PROXY = 'envoy.filters.network.tcp_proxy';
const SNI_CLUSTER = 'envoy.filters.network.sni_cluster';

interface Json { readonly [key: string]: unknown }

/**
 * Reads a config dump.
 * @param dump - the parsed JSON.
 * @param origin - where it came from (a file name), which errors and traces name.
 * @throws ConfigDumpError when it is not a config dump, or holds something a decision cannot follow, naming where.
 */
export function readConfigDump(dump: unknown, origin: string): DecidableConfig {
  const configs = isObject(dump) && Array.isArray(dump.configs) ? dump.configs.filter(isObject) : undefined;
  if (configs === undefined) {
    throw new ConfigDumpError(`${origin}: not an Envoy config dump (no "configs" list); save one with curl localhost:15000/config_dump or istioctl proxy-config all POD -o json`);
  }
  const section = (type: string) => configs.find((c) => typeof c['@type'] === 'string' && c['@type'].endsWith(`.${type}`));
  const listenersDump = section('ListenersConfigDump');
  if (listenersDump === undefined) {
    throw new ConfigDumpError(`${origin}: the config dump has no ListenersConfigDump`);
  }
  const routeConfigs = new Map<string, Json>();
  for (const entry of arrayOf(section('RoutesConfigDump')?.dynamic_route_configs)) {
    const rc = isObject(entry) ? entry.route_config : undefined;
    if (isObject(rc) && typeof rc.name === 'string') {
      routeConfigs.set(rc.name, rc);
    }
  }
  const reader = new DumpReader(origin, routeConfigs);
  const listeners = new Map<number, DecidableListener>();
  const bootstrap = section('BootstrapConfigDump');
  const reached = new Set(['0.0.0.0', '::', nodeIdPart(bootstrap, 1)]);
  for (const entry of arrayOf(listenersDump.dynamic_listeners)) {
    const listener = isObject(entry) && isObject(entry.active_state) ? entry.active_state.listener : undefined;
    // A listener bound to another address than the pod's (a Gateway server's `bind`) never sees the Service's traffic.
    if (isObject(listener) && reached.has(listenerAddress(listener))) {
      const read = reader.listener(listener);
      if (read !== undefined && !reader.rejectedListeners.has(read.port)) {
        listeners.set(read.port, read.listener);
      }
    }
  }
  const node = nodeOf(bootstrap);
  return {
    workloads: [{
      workload: { key: node ?? origin, services: [], gateways: [] },
      targets: [],
      listeners,
      diagnostics: [],
      dump: { origin, listenerPorts: reader.listenerPorts, rejectedListeners: reader.rejectedListeners },
    }],
    refused: [],
  };
}

/**
 * Which two filter chains Envoy would find overlapping, or undefined: two chains whose matches agree on every criterion
 * but `server_names` and share a server name (a chain without `server_names` takes every name, and two such chains
 * overlap too).
 */
function overlappingMatches(chains: readonly Json[]): string | undefined {
  const seen = new Map<string, number>();
  for (const [i, chain] of chains.entries()) {
    const { server_names: names, ...rest } = isObject(chain.filter_chain_match) ? chain.filter_chain_match : {};
    const criteria = JSON.stringify(rest);
    const serverNames = lowerCaseStrings(names);
    for (const serverName of serverNames.length > 0 ? serverNames : ['']) {
      const earlier = seen.get(`${criteria} ${serverName}`);
      if (earlier !== undefined) {
        return `filter chains ${earlier} and ${i} both match ${serverName === '' ? 'any SNI (no server_names)' : `SNI ${serverName}`}`
          + (criteria === '{}' ? '' : ` with ${criteria}`);
      }
      seen.set(`${criteria} ${serverName}`, i);
    }
  }
  return undefined;
}

/** `NS/NAME` of the pod from the bootstrap's node id (`router~IP~NAME.NS~NS.svc.cluster.local`), if there is one. */
function nodeOf(bootstrap: Json | undefined): string | undefined {
  const pod = nodeIdPart(bootstrap, 2)?.split('.');
  return pod !== undefined && pod.length === 2 ? `${pod[1]}/${pod[0]}` : undefined;
}

/** A `~`-separated part of the bootstrap's node id (`router~IP~NAME.NS~NS.svc.cluster.local`), if there is one. */
function nodeIdPart(bootstrap: Json | undefined, index: number): string | undefined {
  const node = isObject(bootstrap?.bootstrap) ? bootstrap.bootstrap.node : undefined;
  return isObject(node) && typeof node.id === 'string' ? node.id.split('~')[index] : undefined;
}

/** The address a listener binds (`0.0.0.0` when the dump gives none). */
function listenerAddress(listener: Json): string {
  const address = isObject(listener.address) && isObject(listener.address.socket_address) ? listener.address.socket_address.address : undefined;
  return typeof address === 'string' ? address : '0.0.0.0';
}

class DumpReader {
  /** Listener port by the server port its route configurations name. */
  public readonly listenerPorts = new Map<number, number>();
  /** Listeners Envoy would reject, by port, with why. */
  public readonly rejectedListeners = new Map<number, string>();
  private readonly built = new Map<string, DecidableRouteConfiguration>();

  constructor(private readonly origin: string, private readonly routeConfigs: ReadonlyMap<string, Json>) {}

  public listener(listener: Json): { port: number; listener: DecidableListener } | undefined {
    const address = isObject(listener.address) && isObject(listener.address.socket_address) ? listener.address.socket_address : undefined;
    const port = Number(address?.port_value);
    if (!Number.isInteger(port)) {
      return undefined;
    }
    const name = typeof listener.name === 'string' ? listener.name : `0.0.0.0_${port}`;
    const chainsJson = arrayOf(listener.filter_chains).filter(isObject);
    const overlap = overlappingMatches(chainsJson);
    if (overlap !== undefined) {
      this.rejectedListeners.set(port, `listener ${name}: ${overlap}; Envoy rejects such a listener (multiple filter chains with `
        + 'overlapping matching rules), so there is no listener there');
    }
    const chains = chainsJson.flatMap((chain, i) => this.chain(chain, `listener ${name} filter chain ${i}`, port));
    return {
      port,
      listener: { name, chains, openChains: chains.filter((c) => c.serverNames === undefined), carriesTls: chains.some((c) => c.transport !== 'plaintext') },
    };
  }

  private chain(chain: Json, where: string, listenerPort: number): DecidableChain[] {
    const match = isObject(chain.filter_chain_match) ? chain.filter_chain_match : {};
    const names = lowerCaseStrings(match.server_names);
    const serverNames = names.length > 0 ? names : undefined;
    const transport: ChainTransport = chain.transport_socket !== undefined ? 'tls-terminate'
      : serverNames !== undefined || match.transport_protocol === 'tls' ? 'tls-passthrough' : 'plaintext';
    const filters = arrayOf(chain.filters).filter(isObject);
    const hcm = filters.find((f) => f.name === HCM);
    if (hcm !== undefined) {
      const config = isObject(hcm.typed_config) ? hcm.typed_config : {};
      const rdsName = isObject(config.rds) && typeof config.rds.route_config_name === 'string' ? config.rds.route_config_name : undefined;
      const inline = isObject(config.route_config) ? config.route_config : undefined;
      const rc = inline ?? (rdsName === undefined ? undefined : this.routeConfigs.get(rdsName));
      if (rc === undefined) {
        throw new ConfigDumpError(`${this.origin}: ${where}: route configuration ${rdsName ?? '(none named)'} is not in the dump's RoutesConfigDump`);
      }
      return [{ kind: 'http', transport, serverNames, routeConfiguration: this.routeConfiguration(rc, listenerPort, transport) }];
    }
    const proxy = filters.find((f) => f.name === TCP_PROXY);
    if (proxy === undefined) {
      return [];
    }
    const config = isObject(proxy.typed_config) ? proxy.typed_config : {};
    const protocol = transport === 'plaintext' ? 'TCP' : 'TLS';
    const reported = dumpServer(null, listenerPort, protocol, '', `${protocol} filter chain of listener port ${listenerPort}`);
    if (filters.some((f) => f.name === SNI_CLUSTER)) {
      // AUTO_PASSTHROUGH: the SNI names the cluster.
      return (serverNames ?? []).map((cluster) => ({
        kind: 'sni-dnat' as const,
        transport: 'tls-passthrough' as const,
        serverNames: [cluster],
        servers: [],
        route: { cluster, destinations: [Object.freeze({ ...destinationOf(cluster), weight: 100 })], reported, traceLine: `SNI ${cluster} names the cluster (sni_cluster)` },
      }));
    }
    const upstream = tcpDestinations(config, `${this.origin}: ${where}`);
    const origin = originOf(chain.metadata);
    return [{
      kind: 'tcp',
      transport,
      serverNames,
      route: {
        section: transport === 'tls-passthrough' ? 'tls' : 'tcp',
        upstream,
        reported,
        virtualService: origin,
        decisionRule: null,
        traceLine: `the TCP proxy of the chain forwards every connection${origin === null ? '' : ` (VirtualService ${origin.key})`}`,
      },
    }];
  }

  private routeConfiguration(rc: Json, listenerPort: number, transport: ChainTransport): DecidableRouteConfiguration {
    const name = String(rc.name ?? '');
    const key = `${name}@${listenerPort}`;
    const built = this.built.get(key);
    if (built !== undefined) {
      return built;
    }
    // https.<port>.<portName>.<gateway>.<namespace>: one HTTPS server; http.<listenerPort>: plaintext servers, whose ports the virtual hosts name.
    const https = /^https\.(\d+)\.([^.]*)\.([^.]+)\.([^.]+)$/.exec(name);
    const protocol = transport === 'tls-terminate' ? 'HTTPS' : 'HTTP';
    const vhosts = arrayOf(rc.virtual_hosts).filter(isObject);
    const serverPort = https !== null ? Number(https[1]) : vhostPort(vhosts) ?? listenerPort;
    if (serverPort !== listenerPort && !this.listenerPorts.has(serverPort)) {
      this.listenerPorts.set(serverPort, listenerPort);
    }
    const reported = https !== null
      ? dumpServer(`${https[4]}/${https[3]}`, serverPort, protocol, https[2], `route configuration ${name}`)
      : dumpServer(null, serverPort, protocol, '', `route configuration ${name}`);
    const virtualHosts = vhosts.map((vh) => this.virtualHost(vh, name, reported));
    const index = new VirtualHostIndex<DecidableVirtualHost>();
    virtualHosts.forEach((vh) => vh.domains.forEach((d) => index.add(d, vh)));
    const result = {
      name, virtualHosts, index, reported, traceHost: `route configuration ${name}: host '`, traceMissingHost: `route configuration ${name}: no virtual host for '`,
    };
    this.built.set(key, result);
    return result;
  }

  private virtualHost(vh: Json, rcName: string, reported: ReportedServer): DecidableVirtualHost {
    const name = String(vh.name ?? '');
    const routes = arrayOf(vh.routes).filter(isObject).map((route, i) => this.route(route, i, `route configuration ${rcName}, virtual host ${name}, route ${i}`, name, reported));
    return {
      name,
      domains: lowerCaseStrings(vh.domains),
      routes,
      requireTls: vh.require_tls === 'ALL' || vh.require_tls === 'EXTERNAL_ONLY',
      traceNotes: [],
      traceSelected: `' -> virtual host ${name}`,
    };
  }

  private route(route: Json, i: number, where: string, vhostName: string, reported: ReportedServer): DecidableRoute {
    try {
      const matcher = compileEnvoyRouteMatch((isObject(route.match) ? route.match : {}) as EnvoyRouteMatch);
      const action = compileEnvoyRouteAction(route as EnvoyRoute, matcher.path);
      const virtualService = originOf(route.metadata);
      const named = typeof route.name === 'string' && route.name !== '' ? ` (${route.name})` : '';
      const from = virtualService === null ? '' : ` of VirtualService ${virtualService.key}`;
      return {
        matcher,
        action,
        reported,
        virtualService,
        decisionRule: null,
        traceLine: `route ${i}${named}${from} of virtual host ${vhostName} matched ${matcher.description}`,
        traceName: `route ${i}${named} of virtual host ${vhostName}`,
      };
    } catch (e) {
      throw new ConfigDumpError(`${this.origin}: ${where}: ${(e as Error).message}`);
    }
  }
}

/** The server port the virtual hosts of a plaintext route configuration name (`shop.example.com:80`). */
function vhostPort(vhosts: readonly Json[]): number | undefined {
  for (const vh of vhosts) {
    const port = /:(\d+)$/.exec(String(vh.name ?? ''));
    if (port !== null) {
      return Number(port[1]);
    }
  }
  return undefined;
}

function dumpServer(gateway: string | null, port: number, protocol: string, name: string, traceName: string): ReportedServer {
  return Object.freeze({ gateway, server: Object.freeze({ port, protocol, name }), traceName });
}

/** The VirtualService istiod records in `metadata.filter_metadata.istio.config`, or null. */
function originOf(metadata: unknown): RouteOrigin | null {
  const istio = isObject(metadata) && isObject(metadata.filter_metadata) ? metadata.filter_metadata.istio : undefined;
  const config = isObject(istio) && typeof istio.config === 'string' ? istio.config : '';
  const path = /\/namespaces\/([^/]+)\/virtual-service\/([^/]+)$/.exec(config);
  return path === null ? null : Object.freeze({ key: `${path[1]}/${path[2]}` });
}

function tcpDestinations(config: Json, where: string): CompiledDestinations {
  if (typeof config.cluster === 'string') {
    return weightedDestinations([{ name: config.cluster, weight: 1 }]);
  }
  const clusters = (isObject(config.weighted_clusters) ? arrayOf(config.weighted_clusters.clusters) : []).filter(isObject) as EnvoyWeightedCluster[];
  const kept = clusters.filter((c) => typeof c.weight === 'number' && c.weight > 0);
  if (kept.length === 0) {
    throw new ConfigDumpError(`${where}: the TCP proxy names no cluster (neither cluster nor weighted_clusters with a positive weight)`);
  }
  return weightedDestinations(kept);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of a list (server names, domains), lower-cased as Envoy compares them. */
function lowerCaseStrings(value: unknown): string[] {
  return arrayOf(value).filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase());
}
