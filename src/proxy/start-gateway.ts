/**
 * `startGateway`: the gateway of a set of manifests, serving real traffic on the loopback address from the engine's
 * compiled listeners and routes, to local stand-ins for the cluster's services.
 */
import { AdminServer, startAdminServer } from './admin-server';
import { AccessLogObserver, httpStatPrefix, StatisticsObserver } from './gateway-observers';
import { ExchangeObserver, GatewayRuntime } from './gateway-runtime';
import { ListenerServer } from './listener-server';
import { createRandom } from './random-source';
import { GatewayStats, RouteStatistics } from './stats';
import { declareClusterStats, declareHttpConnectionManagerStats, declareListenerStats } from './stats-recorder';
import { ServerCredentials, TlsMaterial } from './tls-credentials';
import { UpstreamMap } from './upstream-map';
import { CompiledListener, CompiledWorkload } from '../engine/compile';
import { pickWorkload } from '../engine/decide';
import { DecisionDestination } from '../engine/decision';
import { clusterName } from '../engine/destinations';
import { TrafficEngine } from '../engine/traffic-engine';
import { AppLike, ChartLike } from '../manifests';

/** Where the admin endpoint listens: Envoy binds its admin listener to 127.0.0.1, whatever the gateway's listeners bind. */
const ADMIN_ADDRESS = '127.0.0.1';

/** What a gateway serves: a cdk8s Chart or App, plain manifest objects, or an engine made from them. */
export type GatewaySource = TrafficEngine | ChartLike | AppLike | readonly unknown[];

/** How to run a local gateway. */
export interface StartGatewayOptions {
  /**
   * Where the services the routes name run locally: `HOST:PORT` of a destination (`counter.default.svc.cluster.local:80`,
   * `counter.default:80`, `counter:80`; `HOST` alone for every port; or an Envoy cluster name such as
   * `outbound|80|v1|counter.default.svc.cluster.local` for one subset) to a local `ADDRESS:PORT` (or a port on
   * 127.0.0.1). A request routed to a destination without an entry gets 503 `no healthy upstream`, as a Service
   * without endpoints does.
   * @default - none
   */
  readonly upstreams?: Readonly<Record<string, string>>;
  /**
   * `NS/NAME` of the gateway Service, Deployment or a Gateway selecting it, when the manifests hold several gateway
   * workloads.
   * @default - the only gateway workload
   */
  readonly gateway?: string;
  /**
   * The local address the listeners and the admin endpoint bind.
   * @default '127.0.0.1'
   */
  readonly address?: string;
  /**
   * Fixed local ports by gateway port (a Gateway server's `port.number`, the Service port), e.g. `{ 80: 8080 }`.
   * @default - an ephemeral port for each gateway port (or the gateway port plus `portOffset`)
   */
  readonly ports?: Readonly<Record<number, number>>;
  /**
   * Listen on each gateway port plus this offset (e.g. 8000: port 80 on 8080), for the gateway ports `ports` does not name.
   * @default - ephemeral ports
   */
  readonly portOffset?: number;
  /**
   * The admin endpoint's port (like Envoy's 15000), on 127.0.0.1 whatever `address` is.
   * @default 0 - an ephemeral port
   */
  readonly adminPort?: number;
  /**
   * Certificates of TLS servers by `credentialName` (or by the server's `serverCertificate` path), which win over a
   * Secret of that name in the manifests. A server with neither gets a certificate made for the SNI the client sends,
   * signed by the gateway's test CA ({@link RunningGateway.certificateAuthority}).
   * @default - Secrets in the manifests, else certificates made by the test CA
   */
  readonly certificates?: Readonly<Record<string, TlsMaterial>>;
  /**
   * Seed of the random source of weighted destinations, fault and mirror percentages, and retry back-off: the same
   * seed makes the same picks in the same order.
   * @default - unseeded (Math.random)
   */
  readonly seed?: number;
  /**
   * Receives one line per request or TCP connection in Envoy's default access log format (e.g. `process.stderr.write`).
   * @default - no access log
   */
  readonly accessLog?: (line: string) => void;
}

/** One listener of a running gateway. */
export interface GatewayListenerAddress {
  /** The gateway port: the Gateway server's `port.number` (the Service port, not the pod's target port). */
  readonly gatewayPort: number;
  /** The protocols of the servers on it, e.g. `HTTP`, `HTTPS`, `TCP` (several joined with `/`). */
  readonly protocol: string;
  /** The local address. */
  readonly address: string;
  /** The local port. */
  readonly port: number;
  /** `http://`, `https://` or `tcp://` URL of the local listener. */
  readonly url: string;
}

/** Why a gateway cannot start; the message names what and how to fix it. */
export class GatewayStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayStartError';
  }
}

/** A gateway serving on the loopback address. */
export interface RunningGateway {
  /** `NS/NAME` of the gateway workload it serves. */
  readonly workload: string;
  /** Its listeners, by gateway port. */
  readonly listeners: readonly GatewayListenerAddress[];
  /**
   * What the gateway cannot serve as the manifests mean: destinations of its routes that no `upstreams` entry names
   * (their requests get 503), and `upstreams` entries that name no destination (most likely misspelt).
   */
  readonly warnings: readonly string[];
  /**
   * The admin endpoint, like Envoy's on 15000: `/config_dump`, `/listeners`, `/clusters`, `/stats` (`?filter=`,
   * `?format=json`), `/stats/prometheus`, `/ready`, `/server_info`, `/help`; e.g. `http://127.0.0.1:40123`.
   */
  readonly adminUrl: string;
  /**
   * Requests per route so far: one entry per virtual host, route (`counter.default #0`: VirtualService and rule
   * index, as the route table names it) and cluster, with the responses by class and the bytes.
   */
  stats(): RouteStatistics[];
  /** A counter by its Envoy name, e.g. `cluster.outbound|80||counter.default.svc.cluster.local;.upstream_rq_200` (0 when never counted). */
  counter(name: string): number;
  /** The local port of a gateway port; throws for a gateway port it does not listen on. */
  port(gatewayPort: number): number;
  /** The URL of a path on a gateway port, e.g. `url(80, '/api')`. */
  url(gatewayPort: number, path?: string): string;
  /** The test CA's certificate (PEM): what a client trusts for the certificates the gateway made. */
  certificateAuthority(): Promise<string>;
  /** A client certificate signed by the test CA, which MUTUAL servers without a CA of their own accept. */
  issueClientCertificate(commonName: string): Promise<TlsMaterial>;
  /** Closes every listener, connection, pool and timer. */
  close(): Promise<void>;
}

/**
 * Starts a gateway for `source` on the loopback address: one listener per gateway port, routing by the engine's
 * compiled configuration to `upstreams`.
 * @throws GatewayStartError when the source holds no (or no single) gateway workload, a local port is taken, or an
 *   `upstreams` entry cannot be read.
 */
export async function startGateway(source: GatewaySource, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const engine = engineOf(source);
  if (engine.configDumpOrigin !== undefined) {
    throw new GatewayStartError(`the engine was read from the config dump ${engine.configDumpOrigin}: a local gateway serves manifests (a chart, `
      + 'objects or an engine made from them), whose certificates and services it can read');
  }
  const compiled = workloadOf(engine, options.gateway);
  let upstreams: UpstreamMap;
  try {
    upstreams = UpstreamMap.parse(options.upstreams);
  } catch (e) {
    throw new GatewayStartError((e as Error).message);
  }
  const address = options.address ?? '127.0.0.1';
  const stats = new GatewayStats();
  const observers: ExchangeObserver[] = [new StatisticsObserver(stats), ...(options.accessLog ? [new AccessLogObserver(options.accessLog)] : [])];
  const runtime = new GatewayRuntime(stats, engine, compiled.workload.key, upstreams, createRandom(options.seed), observers);
  const destinations = destinationsOf(compiled);
  declareStats(stats, compiled, destinations);
  const credentials = new ServerCredentials(engine.objects, compiled.workload.namespace, options.certificates ?? {});
  const servers: ListenerServer[] = [];
  const listeners: GatewayListenerAddress[] = [];
  try {
    for (const { gatewayPort, listener } of listenedPorts(compiled)) {
      const server = new ListenerServer(runtime, credentials, { gatewayPort, listener });
      servers.push(server);
      const wanted = options.ports?.[gatewayPort] ?? (options.portOffset === undefined ? 0 : gatewayPort + options.portOffset);
      const port = await server.listen(address, wanted).catch((e: NodeJS.ErrnoException) => {
        throw new GatewayStartError(`gateway port ${gatewayPort}: cannot listen on ${address}:${wanted} (${e.code ?? e.message}); `
          + 'choose another local port (ports, portOffset; --port, --port-offset on the command line)');
      });
      const protocol = protocolsOf(listener);
      listeners.push({ gatewayPort, protocol, address, port, url: `${schemeOf(listener)}://${hostPart(address)}:${port}` });
    }
  } catch (e) {
    await Promise.all([runtime.close(), ...servers.map((s) => s.close())]);
    throw e;
  }
  let closed: Promise<void> | undefined;
  let admin: AdminServer;
  try {
    admin = await startAdminServer({
      stats,
      configDump: () => engine.configDump(compiled.workload.key),
      listeners: () => listeners.map((l) => ({ name: listenerOfPort(compiled, l.gatewayPort), address: l.address, port: l.port })),
      clusters: () => destinations.map((d) => {
        const local = upstreams.addressOf(d);
        return { name: clusterName(d), endpoints: local === undefined ? [] : [{ address: local.host, port: local.port }] };
      }),
      ready: () => closed === undefined,
      state: () => 'DRAINING',
    }, { host: ADMIN_ADDRESS, port: options.adminPort ?? 0 });
  } catch (e) {
    await Promise.all([runtime.close(), ...servers.map((s) => s.close())]);
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new GatewayStartError(`admin endpoint: cannot listen on ${ADMIN_ADDRESS}:${options.adminPort ?? 0} (${code}); choose another admin port (adminPort; --admin-port)`);
  }
  return {
    workload: compiled.workload.key,
    listeners,
    warnings: upstreamWarnings(upstreams, destinations),
    adminUrl: admin.url,
    stats: () => stats.routeStatistics(),
    counter: (name) => stats.counter(name),
    port: (gatewayPort) => listenerOf(listeners, gatewayPort).port,
    url: (gatewayPort, path = '/') => `${listenerOf(listeners, gatewayPort).url}${path.startsWith('/') ? path : `/${path}`}`,
    certificateAuthority: async () => (await credentials.testAuthority()).certificate,
    issueClientCertificate: async (commonName) => (await credentials.testAuthority()).issueClient(commonName),
    close: () => {
      if (closed === undefined) {
        closed = Promise.all([runtime.close(), ...servers.map((s) => s.close()), admin.close()]).then(() => undefined);
      }
      return closed;
    },
  };
}

function engineOf(source: GatewaySource): TrafficEngine {
  if (source instanceof TrafficEngine) {
    return source;
  }
  if (Array.isArray(source)) {
    return TrafficEngine.fromManifests(source);
  }
  return TrafficEngine.fromChart(source as ChartLike | AppLike);
}

function workloadOf(engine: TrafficEngine, gateway: string | undefined): CompiledWorkload {
  try {
    return pickWorkload(engine._config, gateway);
  } catch (e) {
    throw new GatewayStartError((e as Error).message);
  }
}

/**
 * The gateway ports to listen on, each with the listener its connections reach: every Service port whose target port
 * Envoy listens on (the Service's port order), or, without a Service, every listener port.
 */
function listenedPorts(compiled: CompiledWorkload): { gatewayPort: number; listener: CompiledListener }[] {
  if (compiled.workload.services.length === 0) {
    return [...compiled.listeners.values()].map((listener) => ({ gatewayPort: listener.port, listener }));
  }
  const ports = new Map<number, CompiledListener>();
  for (const target of compiled.targets) {
    const listener = compiled.listeners.get(target.targetPort);
    if (listener !== undefined && !ports.has(target.port)) {
      ports.set(target.port, listener);
    }
  }
  return [...ports].map(([gatewayPort, listener]) => ({ gatewayPort, listener }));
}

/** The destinations no upstream names, and the upstreams that name no destination. */
function upstreamWarnings(upstreams: UpstreamMap, destinations: readonly Omit<DecisionDestination, 'weight'>[]): string[] {
  const unmapped = destinations.filter((d) => upstreams.addressOf(d) === undefined)
    .map((d) => `no upstream for ${clusterName(d)}: requests and connections routed there get 503 or are closed; add an upstream for ${d.host}:${d.port ?? ''}`);
  const unused = upstreams.unusedKeys(destinations).map((key) => `upstream '${key}' names no destination of the gateway's routes`);
  return [...unmapped, ...unused];
}

/** Every destination (and mirror) of the workload's routes and TCP chains, once each, in listener order. */
function destinationsOf(compiled: CompiledWorkload): Omit<DecisionDestination, 'weight'>[] {
  const found = new Map<string, Omit<DecisionDestination, 'weight'>>();
  const add = (d: Omit<DecisionDestination, 'weight'>): void => {
    found.set(clusterName(d), { host: d.host, port: d.port, subset: d.subset });
  };
  for (const listener of compiled.listeners.values()) {
    for (const chain of listener.chains) {
      if (chain.kind === 'tcp') {
        chain.route.upstream.destinations.forEach(add);
      } else if (chain.kind === 'sni-dnat') {
        chain.route.destinations.forEach(add);
      } else {
        for (const route of chain.routeConfiguration.virtualHosts.flatMap((v) => v.routes)) {
          const action = route.action;
          if (action.kind === 'forward' || action.kind === 'abort') {
            action.upstream.destinations.forEach(add);
            (action.policies.mirrors ?? []).forEach(add);
          }
        }
      }
    }
  }
  return [...found.values()];
}

/** Declares at 0 the counters Envoy creates with its clusters and listeners, as `/stats` shows them before any traffic. */
function declareStats(stats: GatewayStats, compiled: CompiledWorkload, destinations: readonly Omit<DecisionDestination, 'weight'>[]): void {
  for (const d of destinations) {
    declareClusterStats(stats, clusterName(d));
  }
  for (const listener of compiled.listeners.values()) {
    declareListenerStats(stats, listener.name);
    if (listener.chains.some((c) => c.kind === 'http')) {
      declareHttpConnectionManagerStats(stats, httpStatPrefix(listener.port));
    }
  }
}

/** The name of the listener a gateway port reaches. */
function listenerOfPort(compiled: CompiledWorkload, gatewayPort: number): string {
  return listenedPorts(compiled).find((p) => p.gatewayPort === gatewayPort)?.listener.name ?? `0.0.0.0_${gatewayPort}`;
}

function protocolsOf(listener: CompiledListener): string {
  return [...new Set(listener.chains.flatMap((c) => c.servers.map((s) => s.protocol)))].join('/');
}

function schemeOf(listener: CompiledListener): string {
  if (listener.chains.every((c) => c.kind === 'http')) {
    return listener.chains.some((c) => c.transport === 'tls-terminate') && !listener.chains.some((c) => c.transport === 'plaintext') ? 'https' : 'http';
  }
  return 'tcp';
}

function hostPart(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

function listenerOf(listeners: readonly GatewayListenerAddress[], gatewayPort: number): GatewayListenerAddress {
  const found = listeners.find((l) => l.gatewayPort === gatewayPort);
  if (found === undefined) {
    throw new GatewayStartError(`the gateway does not listen on gateway port ${gatewayPort}; it listens on ${listeners.map((l) => l.gatewayPort).join(', ') || 'no port'}`);
  }
  return found;
}
