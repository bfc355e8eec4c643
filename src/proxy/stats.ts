/**
 * What the gateway counted: Envoy's counters under Envoy's names (what `/stats` shows), the per-endpoint statistics of
 * each cluster (what `/clusters` shows), and a per-route summary for the programmatic API.
 */
import { prometheusCounters } from './prometheus-format';
import { StatName, untaggedStatName } from './stat-names';

/** Which counters a listing shows, as Envoy's `/stats` query parameters select them. */
export interface StatsQuery {
  /** Only the counters whose name this expression finds a match in (`/stats?filter=`); every counter when unset. */
  readonly filter?: RegExp;
  /**
   * Only the counters something has added to since the gateway started, zero or not (`/stats?usedonly`).
   *
   * @default false
   */
  readonly usedOnly?: boolean;
}

/** The counters Envoy keeps for each endpoint of a cluster (envoy source/server/admin/clusters_handler.cc). */
export const HOST_COUNTER_NAMES = ['cx_connect_fail', 'cx_total', 'rq_error', 'rq_success', 'rq_timeout', 'rq_total'] as const;

/** The gauges Envoy keeps for each endpoint of a cluster. */
export const HOST_GAUGE_NAMES = ['cx_active', 'rq_active'] as const;

/** A counter of one endpoint: connections opened and failed, requests sent, answered without and with a 5xx, timed out. */
export type HostCounterName = typeof HOST_COUNTER_NAMES[number];

/** A gauge of one endpoint: connections and requests open now. */
export type HostGaugeName = typeof HOST_GAUGE_NAMES[number];

/** The statistics of one endpoint of a cluster, every counter and gauge (0 when nothing was counted). */
export type HostStatistics = Readonly<Record<HostCounterName | HostGaugeName, number>>;

/** One request a route answered, for the per-route summary. */
export interface RouteRequest {
  /** The virtual host's name (`example.com:80`). */
  readonly virtualHost: string;
  /** The route's name. */
  readonly route: string;
  /** The cluster the request went to; unset for a redirect or a direct response. */
  readonly cluster?: string;
  /** The status code sent downstream; 0 when no response was sent. */
  readonly status: number;
  /** Body bytes received from downstream. */
  readonly bytesReceived: number;
  /** Body bytes sent downstream. */
  readonly bytesSent: number;
}

/** The traffic of one route to one cluster (a route splitting traffic has one summary per cluster it sent to). */
export interface RouteStatistics {
  /** The virtual host's name (`example.com:80`). */
  readonly virtualHost: string;
  /** The route's name. */
  readonly route: string;
  /** The cluster; unset for the requests the route answered itself (redirects, direct responses). */
  readonly cluster?: string;
  /** Requests. */
  readonly requests: number;
  /** Requests answered with a 2xx. */
  readonly responses2xx: number;
  /** Requests answered with a 3xx. */
  readonly responses3xx: number;
  /** Requests answered with a 4xx. */
  readonly responses4xx: number;
  /** Requests answered with a 5xx. */
  readonly responses5xx: number;
  /** Body bytes received from downstream. */
  readonly bytesReceived: number;
  /** Body bytes sent downstream. */
  readonly bytesSent: number;
}

interface Counter {
  readonly stat: StatName;
  value: number;
  used: boolean;
}

type MutableRouteStatistics = { -readonly [K in keyof RouteStatistics]: RouteStatistics[K] };

/**
 * The statistics store of one gateway. The gateway adds to it through the record functions of `stats-recorder`,
 * which spell every name; the admin endpoint and the programmatic API read it.
 */
export class GatewayStats {
  private readonly counterMap = new Map<string, Counter>();
  private readonly hostMap = new Map<string, Record<HostCounterName | HostGaugeName, number>>();
  private readonly routeMap = new Map<string, MutableRouteStatistics>();

  /**
   * Adds `by` to a counter, creating it at 0 first, and marks it used (as Envoy marks a counter it adds to, even 0).
   *
   * @param name - the counter's name, or its name with tags (from `stat-names`).
   * @param by - how much to add, a whole number of at least 0 (1 when left out).
   */
  public increment(name: string | StatName, by: number = 1): void {
    if (!Number.isSafeInteger(by) || by < 0) {
      throw new RangeError(`a counter only grows by a whole number of at least 0, not ${by}`);
    }
    const counter = this.entry(name);
    counter.value += by;
    counter.used = true;
  }

  /**
   * Creates a counter at 0 without marking it used, as Envoy creates a cluster's or listener's counters when it adds
   * the cluster or listener: `/stats` lists it, `/stats?usedonly` does not. A counter that exists is left as it is.
   *
   * @param name - the counter's name, or its name with tags.
   */
  public declare(name: string | StatName): void {
    this.entry(name);
  }

  /**
   * A counter's value.
   *
   * @param name - the counter's full name.
   * @returns the value; 0 when the counter was never created.
   */
  public counter(name: string): number {
    return this.counterMap.get(name)?.value ?? 0;
  }

  /** Every counter, sorted by name. */
  public counters(): ReadonlyMap<string, number> {
    return new Map(this.sorted().map((c) => [c.stat.name, c.value]));
  }

  /**
   * Envoy's `/stats` text: `name: value` on a line per counter, sorted by name.
   *
   * @param query - which counters to list.
   */
  public text(query: StatsQuery = {}): string {
    return this.selected(query).map((c) => `${c.stat.name}: ${c.value}\n`).join('');
  }

  /**
   * Envoy's `/stats?format=json`: `{ "stats": [ { "name": ..., "value": ... } ] }`, sorted by name.
   *
   * @param query - which counters to list.
   */
  public json(query: StatsQuery = {}): { stats: { name: string; value: number }[] } {
    return { stats: this.selected(query).map((c) => ({ name: c.stat.name, value: c.value })) };
  }

  /**
   * Envoy's `/stats/prometheus`: a `# TYPE` line per metric, a line per counter with its tags as labels.
   *
   * @param query - which counters to list (the filter applies to the full names, as in Envoy).
   */
  public prometheus(query: StatsQuery = {}): string {
    return prometheusCounters(this.selected(query).map((c) => ({ stat: c.stat, value: c.value })));
  }

  /**
   * Sets every counter to 0 and empties the per-route summary, as Envoy's `POST /reset_counters` does. Counters stay
   * used, and the endpoint statistics are kept: Envoy keeps them outside its stats store, and the reset leaves them.
   */
  public resetCounters(): void {
    this.counterMap.forEach((c) => { c.value = 0; });
    this.routeMap.clear();
  }

  /**
   * Adds to a counter of one endpoint of a cluster.
   *
   * @param cluster - the cluster's name.
   * @param address - the endpoint, `ip:port`.
   * @param name - the counter.
   * @param by - how much to add (1 when left out).
   */
  public incrementHost(cluster: string, address: string, name: HostCounterName, by: number = 1): void {
    this.host(cluster, address)[name] += by;
  }

  /**
   * Moves a gauge of one endpoint of a cluster up or down (never below 0).
   *
   * @param cluster - the cluster's name.
   * @param address - the endpoint, `ip:port`.
   * @param name - the gauge.
   * @param delta - how much to add (negative to take away).
   */
  public adjustHostGauge(cluster: string, address: string, name: HostGaugeName, delta: number): void {
    const host = this.host(cluster, address);
    host[name] = Math.max(0, host[name] + delta);
  }

  /**
   * The statistics of one endpoint of a cluster.
   *
   * @param cluster - the cluster's name.
   * @param address - the endpoint, `ip:port`.
   */
  public hostStatistics(cluster: string, address: string): HostStatistics {
    return { ...(this.hostMap.get(hostKey(cluster, address)) ?? emptyHost()) };
  }

  /**
   * Counts one request in the per-route summary.
   *
   * @param request - the request.
   */
  public countRouteRequest(request: RouteRequest): void {
    const key = `${request.virtualHost}\u0000${request.route}\u0000${request.cluster ?? ''}`;
    let entry = this.routeMap.get(key);
    if (!entry) {
      entry = { virtualHost: request.virtualHost, route: request.route, cluster: request.cluster, ...EMPTY_ROUTE_COUNTS };
      if (request.cluster === undefined) {
        delete entry.cluster;
      }
      this.routeMap.set(key, entry);
    }
    entry.requests += 1;
    entry.bytesReceived += request.bytesReceived;
    entry.bytesSent += request.bytesSent;
    const statusClass = Math.floor(request.status / 100);
    if (statusClass === 2) {
      entry.responses2xx += 1;
    } else if (statusClass === 3) {
      entry.responses3xx += 1;
    } else if (statusClass === 4) {
      entry.responses4xx += 1;
    } else if (statusClass === 5) {
      entry.responses5xx += 1;
    }
  }

  /** The per-route summary, sorted by virtual host, route and cluster (the route's own answers first). */
  public routeStatistics(): RouteStatistics[] {
    return [...this.routeMap.values()].map((r) => ({ ...r })).sort((a, b) => compare(a.virtualHost, b.virtualHost)
      || compare(a.route, b.route) || compare(a.cluster ?? '', b.cluster ?? ''));
  }

  private entry(name: string | StatName): Counter {
    const stat = typeof name === 'string' ? untaggedStatName(name) : name;
    let counter = this.counterMap.get(stat.name);
    if (!counter) {
      counter = { stat, value: 0, used: false };
      this.counterMap.set(stat.name, counter);
    }
    return counter;
  }

  private sorted(): Counter[] {
    return [...this.counterMap.values()].sort((a, b) => compare(a.stat.name, b.stat.name));
  }

  private selected(query: StatsQuery): Counter[] {
    const { usedOnly = false } = query;
    // A global or sticky expression would carry `lastIndex` from one name to the next.
    const filter = query.filter && new RegExp(query.filter.source, query.filter.flags.replace(/[gy]/g, ''));
    return this.sorted().filter((c) => (!usedOnly || c.used) && (!filter || filter.test(c.stat.name)));
  }

  private host(cluster: string, address: string): Record<HostCounterName | HostGaugeName, number> {
    const key = hostKey(cluster, address);
    let host = this.hostMap.get(key);
    if (!host) {
      host = emptyHost();
      this.hostMap.set(key, host);
    }
    return host;
  }
}

const EMPTY_ROUTE_COUNTS = {
  requests: 0,
  responses2xx: 0,
  responses3xx: 0,
  responses4xx: 0,
  responses5xx: 0,
  bytesReceived: 0,
  bytesSent: 0,
} as const;

function hostKey(cluster: string, address: string): string {
  // NUL appears in neither a cluster name nor an address: the key is unambiguous.
  return `${cluster}\u0000${address}`;
}

function emptyHost(): Record<HostCounterName | HostGaugeName, number> {
  const host = {} as Record<HostCounterName | HostGaugeName, number>;
  [...HOST_COUNTER_NAMES, ...HOST_GAUGE_NAMES].forEach((name) => { host[name] = 0; });
  return host;
}

/** Code-unit order (byte order for ASCII names), as Envoy's `std::map<std::string, ...>` sorts names; not the locale's. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
