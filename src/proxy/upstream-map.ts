/**
 * Where the services a gateway routes to run locally: the `upstreams` of a gateway, read once, and the local address of
 * each destination a decision names.
 */
import { DecisionDestination } from '../engine/decision';

/** A local address: host and port. */
export interface LocalAddress {
  /** Host name or IP address. */
  readonly host: string;
  /** TCP port. */
  readonly port: number;
}

/** Why an `upstreams` entry cannot be read; the message names the entry and says how to write it. */
export class UpstreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

const CLUSTER_NAME = /^outbound\|(\d*)\|([^|]*)\|(.+)$/;

/**
 * A key of `upstreams`: an Envoy cluster name (`outbound|80|v1|counter.default.svc.cluster.local`), or a host with an
 * optional port (`counter.default.svc.cluster.local:80`, `counter.default:80`, `counter:80`, `counter`).
 */
interface UpstreamKey {
  /** The key as written. */
  readonly text: string;
  /** The host as written, lower case. */
  readonly host: string;
  /** The port, or undefined for every port. */
  readonly port?: number;
  /** The subset, for a cluster name; undefined for every subset. */
  readonly subset?: string;
}

/**
 * The local addresses of the services a gateway's routes name. A destination is looked up by its cluster name first,
 * then by host and port, then by host alone; a host is its fully qualified name (`name.namespace.svc.cluster.local`),
 * `name.namespace`, `name.namespace.svc`, or the Service name alone.
 */
export class UpstreamMap {
  /** Reads `upstreams`; throws an {@link UpstreamError} naming the first entry it cannot read. */
  public static parse(upstreams: Readonly<Record<string, string>> = {}): UpstreamMap {
    const entries = Object.entries(upstreams).map(([key, address]) => ({ key: parseKey(key), address: parseAddress(key, address) }));
    return new UpstreamMap(entries);
  }

  private readonly resolved = new Map<string, LocalAddress | null>();

  private constructor(private readonly entries: readonly { readonly key: UpstreamKey; readonly address: LocalAddress }[]) {}

  /** The local address of a destination, or undefined when no entry names it. */
  public addressOf(destination: Pick<DecisionDestination, 'host' | 'port' | 'subset'>): LocalAddress | undefined {
    const cacheKey = `${destination.host}|${destination.port ?? ''}|${destination.subset ?? ''}`;
    let found = this.resolved.get(cacheKey);
    if (found === undefined) {
      found = this.lookup(destination) ?? null;
      this.resolved.set(cacheKey, found);
    }
    return found ?? undefined;
  }

  /** The entries no destination of `destinations` uses: most likely a misspelt host. */
  public unusedKeys(destinations: readonly Pick<DecisionDestination, 'host' | 'port' | 'subset'>[]): string[] {
    return this.entries.filter((e) => !destinations.some((d) => matchRank(e.key, d) > 0)).map((e) => e.key.text);
  }

  private lookup(destination: Pick<DecisionDestination, 'host' | 'port' | 'subset'>): LocalAddress | undefined {
    let best: LocalAddress | undefined;
    let bestRank = 0;
    for (const entry of this.entries) {
      const rank = matchRank(entry.key, destination);
      if (rank > bestRank) {
        best = entry.address;
        bestRank = rank;
      }
    }
    return best;
  }
}

/**
 * How well a key names a destination: 0 not at all; higher for more precise keys (a subset, then a port, then the
 * fully qualified host beat a key without them).
 */
function matchRank(key: UpstreamKey, destination: Pick<DecisionDestination, 'host' | 'port' | 'subset'>): number {
  if (!hostNames(key.host, destination.host)) {
    return 0;
  }
  if (key.port !== undefined && key.port !== destination.port) {
    return 0;
  }
  if (key.subset !== undefined && key.subset !== (destination.subset ?? '')) {
    return 0;
  }
  return 1 + (key.subset !== undefined ? 4 : 0) + (key.port !== undefined ? 2 : 0) + (key.host === destination.host ? 1 : 0);
}

/** True when `written` names the fully qualified `host`: the same, or a short form of a Service's name. */
function hostNames(written: string, host: string): boolean {
  if (written === host) {
    return true;
  }
  const suffix = '.svc.cluster.local';
  if (!host.endsWith(suffix)) {
    return false;
  }
  const [name, namespace] = host.slice(0, -suffix.length).split('.');
  return written === name || written === `${name}.${namespace}` || written === `${name}.${namespace}.svc`;
}

function parseKey(text: string): UpstreamKey {
  const cluster = CLUSTER_NAME.exec(text);
  if (cluster) {
    return { text, host: cluster[3].toLowerCase(), port: cluster[1] === '' ? undefined : Number(cluster[1]), subset: cluster[2] };
  }
  const colon = text.lastIndexOf(':');
  const host = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  const port = colon < 0 ? undefined : portNumber(text.slice(colon + 1));
  if (host === '' || !/^[a-z0-9*]([a-z0-9.-]*[a-z0-9])?$/.test(host) || (colon >= 0 && port === undefined)) {
    throw new UpstreamError(`upstream '${text}': write the destination as HOST:PORT (e.g. counter.default:80 or `
      + 'counter.default.svc.cluster.local:80), HOST alone for every port, or an Envoy cluster name (outbound|80|v1|counter.default.svc.cluster.local)');
  }
  return { text, host, port };
}

function parseAddress(key: string, address: string): LocalAddress {
  const bare = portNumber(address);
  if (bare !== undefined) {
    return { host: '127.0.0.1', port: bare };
  }
  const bracketed = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(address);
  const colon = address.lastIndexOf(':');
  const host = bracketed ? bracketed[1] : address.slice(0, Math.max(colon, 0));
  const port = portNumber(bracketed ? bracketed[2] : address.slice(colon + 1));
  if (colon <= 0 || port === undefined || host === '' || (!bracketed && host.includes(':'))) {
    throw new UpstreamError(`upstream '${key}': the local address '${address}' is not ADDRESS:PORT (e.g. 127.0.0.1:8080, localhost:8080, [::1]:8080) or a port`);
  }
  return { host, port };
}

function portNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) {
    return undefined;
  }
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
