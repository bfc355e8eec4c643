/**
 * The route table of compiled gateways, one row per route, like `istioctl proxy-config routes`: the rows as data (the
 * text table is src/format/route-table.ts).
 */
import { CompiledConfig, CompiledWorkload } from './compile';
import { ClusterTarget } from './destinations';
import { HttpRouteAction } from './http-actions';
import { VirtualServiceView } from './virtual-services';

/** One row of the route table. */
export interface RouteRow {
  /** The gateway workload (`NS/NAME` of its Deployment). */
  readonly workload: string;
  /** The port Envoy listens on. */
  readonly listenerPort: number;
  /**
   * Route configuration name (`http.80`, `https.443.https.gw.ns`), or `tcp`/`tls` for TCP proxy chains, or
   * `auto-passthrough` for the chains of an AUTO_PASSTHROUGH server.
   */
  readonly name: string;
  /** Virtual host name, or the chain's SNI names for TCP proxy chains. */
  readonly virtualHost: string;
  /** Domains of the virtual host. */
  readonly domains: string[];
  /** The match: `/api*` for a prefix, the exact path, the regex, plus other conditions; `*` for TCP. */
  readonly match: string;
  /** `NAME.NAMESPACE` of the VirtualService, or null (blackhole, redirect-only virtual hosts). */
  readonly virtualService: string | null;
  /** Index of the rule in its list, or null. */
  readonly rule: number | null;
  /** Where it goes: cluster names, a redirect, a direct response, or `404`. */
  readonly action: string;
  /** For a delegated rule: `NAME.NAMESPACE #INDEX` of the root rule that delegates to it. */
  readonly delegatedFrom?: string;
}

/** @internal Every route of every compiled workload (or of some). */
export function listRoutes(config: CompiledConfig, workloads: readonly CompiledWorkload[] = config.workloads): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const compiled of workloads) {
    for (const listener of [...compiled.listeners.values()].sort((a, b) => a.port - b.port)) {
      for (const chain of listener.chains) {
        const base = { workload: compiled.workload.key, listenerPort: listener.port };
        if (chain.kind === 'tcp') {
          const vs = chain.route.virtualService;
          rows.push({
            ...base,
            name: chain.route.section,
            virtualHost: chain.serverNames?.join(',') ?? '*',
            domains: chain.serverNames ?? ['*'],
            match: '*',
            virtualService: `${vs.object.metadata.name}.${vs.namespace}`,
            rule: chain.route.ruleIndex,
            action: describeClusters(chain.route.upstream.clusters),
          });
          continue;
        }
        if (chain.kind === 'sni-dnat') {
          rows.push({
            ...base,
            name: 'auto-passthrough',
            virtualHost: chain.serverNames.join(','),
            domains: chain.serverNames,
            match: '*',
            virtualService: null,
            rule: null,
            action: chain.route.cluster,
          });
          continue;
        }
        for (const vhost of chain.routeConfiguration.virtualHosts) {
          const vhostBase = { ...base, name: chain.routeConfiguration.name, virtualHost: vhost.name, domains: vhost.domains };
          if (vhost.requireTls) {
            rows.push({ ...vhostBase, match: '*', virtualService: null, rule: null, action: '301 https redirect' });
          }
          if (vhost.routes.length === 0 && !vhost.requireTls) {
            rows.push({ ...vhostBase, match: '*', virtualService: null, rule: null, action: '404' });
          }
          for (const route of vhost.routes) {
            const vs = route.virtualService;
            rows.push({
              ...vhostBase,
              match: describeMatch(route.matcher.path.kind, route.matcher.path.value, route.matcher.description),
              virtualService: vsName(vs),
              rule: route.ruleIndex,
              action: describeAction(route.action),
              ...(route.delegatedFrom ? { delegatedFrom: `${vsName(route.delegatedFrom.virtualService)} #${route.delegatedFrom.ruleIndex}` } : {}),
            });
          }
        }
      }
    }
  }
  return rows;
}

function vsName(vs: VirtualServiceView): string {
  return `${vs.object.metadata.name}.${vs.namespace}`;
}

function describeMatch(kind: string, value: string, description: string): string {
  const path = kind === 'prefix' ? `${value}*` : value;
  const rest = description.split(', ').slice(1);
  return [path, ...rest].join(' ');
}

/** The ACTION cell of a route: its redirect, its direct response, or the clusters Envoy's route names. */
function describeAction(action: HttpRouteAction): string {
  switch (action.kind) {
    case 'redirect':
      return `redirect ${action.redirect.status}`;
    case 'direct_response':
      return `direct response ${action.status}`;
    default:
      return describeClusters(action.upstream.clusters);
  }
}

/** One cluster by name; weighted clusters by name and weight as written. */
function describeClusters(clusters: readonly ClusterTarget[]): string {
  return clusters.map((t) => (clusters.length > 1 ? `${t.name} ${t.weight}` : t.name)).join(', ');
}
