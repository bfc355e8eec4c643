/**
 * Gateway servers and what each protocol/TLS combination becomes (reference §b.1, §b.9).
 */
import { keyOf } from './model';
import { parseServerHost } from '../istio/host';
import { isHttpFamily, isTlsProtocol } from '../istio/protocol';
import { IstioGateway, IstioServerTls } from '../model/istio-types';

/** How a server handles its connections. */
export type ServerKind = 'http' | 'https-terminate' | 'tls-terminate' | 'passthrough' | 'auto-passthrough' | 'tcp';

/** One entry of a Gateway's `servers`, classified. */
export interface GatewayServer {
  /** The Gateway that owns it. */
  readonly gateway: IstioGateway;
  /** `namespace/name` of that Gateway. */
  readonly gatewayKey: string;
  /** Position in `spec.servers`. */
  readonly index: number;
  /** `port.number`. */
  readonly port: number;
  /** `port.name`. */
  readonly portName: string;
  /** `port.protocol`, upper case. */
  readonly protocol: string;
  /** Hosts as written, except that a list holding the every-namespace wildcard (star slash star) is `*` alone, as istiod merges it. */
  readonly hosts: readonly string[];
  /** The `bind` address, if any. */
  readonly bind?: string;
  /** The `tls` block, if any. */
  readonly tls?: IstioServerTls;
  /** The TLS mode, upper case (PASSTHROUGH when a TLS block omits it). */
  readonly tlsMode?: string;
  /** What the server becomes. */
  readonly kind: ServerKind;
  /** True for servers with TLS that are not HTTP-family (they are chosen by SNI). */
  readonly isTlsServer: boolean;
  /** True when an HTTP server redirects to https. */
  readonly httpsRedirect: boolean;
}

/** The servers of a Gateway, classified. */
export function serversOf(gateway: IstioGateway): GatewayServer[] {
  const servers = gateway.spec?.servers ?? [];
  return servers.map((server, index) => {
    const protocol = (server.port?.protocol ?? '').toUpperCase();
    const tls = server.tls;
    const tlsMode = tls ? (tls.mode ?? 'PASSTHROUGH').toUpperCase() : undefined;
    return {
      gateway,
      gatewayKey: keyOf(gateway),
      index,
      // The webhook refuses a server without a port: admitted servers have one.
      port: server.port?.number ?? 0,
      portName: server.port?.name ?? '',
      protocol,
      // istiod replaces the hosts of a server that lists `*/*` by `*` alone when it merges the Gateways
      // (pilot/pkg/model/gateway.go, sanitizeServerHostNamespace).
      hosts: server.hosts?.includes('*/*') ? ['*'] : server.hosts ?? [],
      bind: server.bind,
      tls,
      tlsMode,
      kind: classify(protocol, tlsMode),
      isTlsServer: tls !== undefined && !isHttpFamily(protocol),
      httpsRedirect: isHttpFamily(protocol) && tls?.httpsRedirect === true,
    };
  });
}

function classify(protocol: string, tlsMode: string | undefined): ServerKind {
  if (isHttpFamily(protocol)) {
    return 'http';
  }
  if (!isTlsProtocol(protocol)) {
    return 'tcp';
  }
  if (tlsMode === 'AUTO_PASSTHROUGH') {
    return 'auto-passthrough';
  }
  if (tlsMode === undefined || tlsMode === 'PASSTHROUGH') {
    return 'passthrough';
  }
  return protocol === 'HTTPS' ? 'https-terminate' : 'tls-terminate';
}

/**
 * The server's hosts after namespace sanitation, as istiod compares them for duplicate SNI hosts and keys the virtual
 * hosts of httpsRedirect: `./x` -> `<gatewayNamespace>/x`, `* /x` -> `x` (a list with `* /*` is `*` alone already, see
 * `hosts`).
 */
export function sanitizedHosts(server: GatewayServer): string[] {
  const namespace = server.gateway.metadata.namespace;
  return server.hosts.map((host) => {
    const { namespace: ns, dnsName } = parseServerHost(host);
    if (!host.includes('/') || ns === '*') {
      return dnsName;
    }
    return ns === '.' ? `${namespace}/${dnsName}` : host;
  });
}

/** SNI names of a TLS-terminating server's chain: DNS names without namespace, sorted; undefined when `*` is among them. */
export function sniNamesOf(server: GatewayServer): string[] | undefined {
  const names = [...new Set(server.hosts.map((h) => parseServerHost(h).dnsName.toLowerCase()))].sort();
  return names.includes('*') ? undefined : names;
}

/** `port name (protocol)` for traces. */
export function describeServer(server: GatewayServer): string {
  return `server ${server.portName || server.port} (${server.protocol}${server.tlsMode && server.kind !== 'http' ? ` ${server.tlsMode}` : ''}) of Gateway ${server.gatewayKey}`;
}
