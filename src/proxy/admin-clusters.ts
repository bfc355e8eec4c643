/**
 * `/clusters` as Envoy's admin writes it (envoy source/server/admin/clusters_handler.cc): per cluster its circuit
 * breaker thresholds and `added_via_api`, per endpoint its statistics (sorted by name), health flags, weight,
 * locality, canary, priority and success rates, one `cluster::host:port::stat::value` line each; or, with
 * `?format=json`, Envoy's `Clusters` message as protobuf JSON (fields in field-number order, zero values left out,
 * 64-bit counts as strings).
 *
 * The default-priority thresholds are the ones istiod gives every cluster (istio
 * pilot/pkg/networking/core/cluster_builder.go `getDefaultCircuitBreakerThresholds`: 2^32-1 each); the high-priority
 * ones are Envoy's defaults (1024 connections, pending and requests, 3 retries).
 */
import { HOST_COUNTER_NAMES, HOST_GAUGE_NAMES, HostStatistics } from './stats';

/** An endpoint of a cluster, as the admin endpoint shows it. */
export interface AdminEndpoint {
  /** The endpoint's IP address. */
  readonly address: string;
  /** The endpoint's port. */
  readonly port: number;
  /**
   * Whether the endpoint is healthy (its EDS health status).
   *
   * @default true
   */
  readonly healthy?: boolean;
  /**
   * The endpoint's load balancing weight.
   *
   * @default 1
   */
  readonly weight?: number;
}

/** A cluster, as the admin endpoint shows it. */
export interface AdminCluster {
  /** The cluster's name (`outbound|80||web.default.svc.cluster.local`). */
  readonly name: string;
  /** The cluster's endpoints. */
  readonly endpoints: readonly AdminEndpoint[];
  /**
   * Whether the cluster came from the control plane (CDS) rather than the bootstrap.
   *
   * @default true
   */
  readonly addedViaApi?: boolean;
}

/** The statistics of one endpoint of a cluster. */
export type EndpointStatistics = (cluster: string, address: string) => HostStatistics;

const UNLIMITED = 4294967295;

const THRESHOLDS = [
  { priority: 'default', limits: { max_connections: UNLIMITED, max_pending_requests: UNLIMITED, max_requests: UNLIMITED, max_retries: UNLIMITED } },
  { priority: 'high', limits: { max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 } },
] as const;

/**
 * The text of `/clusters`.
 *
 * @param clusters - the clusters, in any order (they are listed by name).
 * @param statistics - the statistics of an endpoint.
 */
export function clustersText(clusters: readonly AdminCluster[], statistics: EndpointStatistics): string {
  const lines: string[] = [];
  for (const cluster of byName(clusters)) {
    for (const { priority, limits } of THRESHOLDS) {
      Object.entries(limits).forEach(([limit, value]) => lines.push(`${cluster.name}::${priority}_priority::${limit}::${value}`));
    }
    lines.push(`${cluster.name}::added_via_api::${cluster.addedViaApi ?? true}`);
    for (const endpoint of cluster.endpoints) {
      const host = `${cluster.name}::${hostAddress(endpoint)}`;
      const stats = statistics(cluster.name, hostAddress(endpoint));
      [...HOST_COUNTER_NAMES, ...HOST_GAUGE_NAMES].sort().forEach((name) => lines.push(`${host}::${name}::${stats[name]}`));
      lines.push(
        `${host}::hostname::`,
        `${host}::health_flags::${endpoint.healthy === false ? '/failed_eds_health' : 'healthy'}`,
        `${host}::weight::${endpoint.weight ?? 1}`,
        `${host}::region::`,
        `${host}::zone::`,
        `${host}::sub_zone::`,
        `${host}::canary::false`,
        `${host}::priority::0`,
        `${host}::success_rate::-1`,
        `${host}::local_origin_success_rate::-1`,
      );
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * The document of `/clusters?format=json`.
 *
 * @param clusters - the clusters, in any order (they are listed by name).
 * @param statistics - the statistics of an endpoint.
 */
export function clustersJson(clusters: readonly AdminCluster[], statistics: EndpointStatistics): Record<string, unknown> {
  return {
    cluster_statuses: byName(clusters).map((cluster) => ({
      name: cluster.name,
      added_via_api: (cluster.addedViaApi ?? true) || undefined,
      host_statuses: cluster.endpoints.length === 0 ? undefined : cluster.endpoints.map((endpoint) => {
        const stats = statistics(cluster.name, hostAddress(endpoint));
        return {
          address: { socket_address: { address: endpoint.address, port_value: endpoint.port } },
          stats: [
            ...HOST_COUNTER_NAMES.map((name) => ({ value: stats[name] === 0 ? undefined : String(stats[name]), name })),
            ...HOST_GAUGE_NAMES.map((name) => ({ type: 'GAUGE', value: stats[name] === 0 ? undefined : String(stats[name]), name })),
          ],
          health_status: { eds_health_status: endpoint.healthy === false ? 'UNHEALTHY' : 'HEALTHY' },
          weight: endpoint.weight ?? 1,
          locality: {},
        };
      }),
      circuit_breakers: {
        thresholds: THRESHOLDS.map(({ priority, limits }) => ({ priority: priority === 'high' ? 'HIGH' : undefined, ...limits })),
      },
    })),
  };
}

/**
 * `ip:port`, with an IPv6 address in brackets, as Envoy writes an address.
 *
 * @param endpoint - the address and port.
 */
export function hostAddress(endpoint: { readonly address: string; readonly port: number }): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

function byName(clusters: readonly AdminCluster[]): AdminCluster[] {
  return [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
