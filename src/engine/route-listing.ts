/**
 * The route table of a gateway's listeners, compiled from manifests or read from a config dump, one row per route,
 * like `istioctl proxy-config routes`: the rows as data (the text table is src/format/route-table.ts).
 */
import { DecidableConfig, DecidableWorkload, RouteOrigin } from './decidable';
import { ClusterTarget } from './destinations';
import { HttpRouteAction } from './http-actions';

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
  /**
   * `NAME.NAMESPACE` of the VirtualService, or null (blackhole, redirect-only virtual hosts; a config dump's route
   * without istiod's metadata).
   */
  readonly virtualService: string | null;
  /** Index of the rule in its list, or null (always for a config dump, which does not record it). */
  readonly rule: number | null;
  /** Where it goes: cluster names, a redirect, a direct response, or `404`. */
  readonly action: string;
  /** For a delegated rule: `NAME.NAMESPACE #INDEX` of the root rule that delegates to it. */
  readonly delegatedFrom?: string;
}

/**
 * @internal Every route of every workload (or of some): of compiled manifests, or of a config dump, whose routes
 * name their VirtualService only where istiod recorded it and no rule.
 */
export function listRoutes(config: DecidableConfig, workloads: readonly DecidableWorkload[] = config.workloads): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const decidable of workloads) {
    for (const [listenerPort, listener] of [...decidable.listeners].sort(([a], [b]) => a - b)) {
      for (const chain of listener.chains) {
        const base = { workload: decidable.workload.key, listenerPort };
        if (chain.kind === 'tcp') {
          rows.push({
            ...base,
            name: chain.route.section,
            virtualHost: chain.serverNames?.join(',') ?? '*',
            domains: chain.serverNames ? [...chain.serverNames] : ['*'],
            match: '*',
            virtualService: chain.route.virtualService && vsName(chain.route.virtualService),
            rule: chain.route.decisionRule?.index ?? null,
            action: describeClusters(chain.route.upstream.clusters),
          });
          continue;
        }
        if (chain.kind === 'sni-dnat') {
          const names = chain.serverNames ?? [];
          rows.push({
            ...base,
            name: 'auto-passthrough',
            virtualHost: names.join(','),
            domains: [...names],
            match: '*',
            virtualService: null,
            rule: null,
            action: chain.route.cluster,
          });
          continue;
        }
        for (const vhost of chain.routeConfiguration.virtualHosts) {
          const vhostBase = { ...base, name: chain.routeConfiguration.name, virtualHost: vhost.name, domains: [...vhost.domains] };
          if (vhost.requireTls) {
            rows.push({ ...vhostBase, match: '*', virtualService: null, rule: null, action: '301 https redirect' });
          }
          if (vhost.routes.length === 0 && !vhost.requireTls) {
            rows.push({ ...vhostBase, match: '*', virtualService: null, rule: null, action: '404' });
          }
          for (const route of vhost.routes) {
            const from = route.delegatedFrom;
            rows.push({
              ...vhostBase,
              match: describeMatch(route.matcher.path.kind, route.matcher.path.value, route.matcher.description),
              virtualService: route.virtualService && vsName(route.virtualService),
              rule: route.decisionRule?.index ?? null,
              action: describeAction(route.action),
              ...(from ? { delegatedFrom: `${vsName(from.virtualService)} #${from.ruleIndex}` } : {}),
            });
          }
        }
      }
    }
  }
  return rows;
}

/** `NAME.NAMESPACE` of a VirtualService, as istioctl names it. */
function vsName(vs: RouteOrigin): string {
  const slash = vs.key.indexOf('/');
  return `${vs.key.slice(slash + 1)}.${vs.key.slice(0, slash)}`;
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
