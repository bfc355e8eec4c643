/**
 * How istiod collapses the virtual hosts of a gateway route configuration (istio/istio
 * `pilot/pkg/networking/core/gateway.go`, `collapseDuplicateRoutes`, on by default through
 * `PILOT_ENABLE_ROUTE_COLLAPSE_OPTIMIZATION`): a VirtualService with several hosts gives each host a virtual host that
 * holds the very same routes, and virtual hosts whose route lists are the same routes (and that agree on
 * `require_tls`) become one, named after the most specific of their hosts, answering for all their domains. The
 * virtual hosts are then sorted by name.
 *
 * istiod builds the routes of a VirtualService once per Gateway and compares route lists by identity, so two virtual
 * hosts hold the same routes exactly when the same Gateway and VirtualService pairs filled them, in the same order.
 * A virtual host is compared only with the last one kept with the same routes: one that differs in `require_tls`
 * takes that place, so a later one that would have matched an earlier one stays apart.
 */

/** What collapsing reads and writes of a virtual host. */
export interface CollapsibleVirtualHost {
  readonly name: string;
  readonly domains: string[];
  readonly requireTls: boolean;
}

/**
 * True when host `a` sorts before `b` in istiod's order of host names: names before wildcards, then longer names
 * first, then alphabetically (istio/istio `pkg/config/host/names.go`, `MoreSpecific`).
 */
export function moreSpecificFirst(a: string, b: string): number {
  const wildA = a.startsWith('*');
  const wildB = b.startsWith('*');
  if (wildA !== wildB) {
    return wildA ? 1 : -1;
  }
  if (a.length !== b.length) {
    return b.length - a.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Collapses virtual hosts, given by host with the sources of their routes (`GATEWAY|VIRTUALSERVICE` keys, in the
 * order they were added), in istiod's host order: a virtual host joins the last kept one with the same routes when
 * both agree on `require_tls` (it keeps its name and takes the domains), else it is kept and becomes the one later
 * virtual hosts with those routes are compared with. Returns the kept virtual hosts sorted by name.
 */
export function collapseVirtualHosts<V extends CollapsibleVirtualHost>(
  byHost: ReadonlyMap<string, V>, sources: ReadonlyMap<V, readonly string[]>,
): V[] {
  const kept: V[] = [];
  const lastWithRoutes = new Map<string, V>();
  for (const host of [...byHost.keys()].sort(moreSpecificFirst)) {
    const vhost = byHost.get(host)!;
    const routes = (sources.get(vhost) ?? []).join('\n');
    const candidate = lastWithRoutes.get(routes);
    if (candidate !== undefined && candidate.requireTls === vhost.requireTls) {
      candidate.domains.push(...vhost.domains);
    } else {
      lastWithRoutes.set(routes, vhost);
      kept.push(vhost);
    }
  }
  return kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
