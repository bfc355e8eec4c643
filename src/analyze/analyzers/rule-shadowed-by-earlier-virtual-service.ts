/**
 * CIG1005 RuleShadowedByEarlierVirtualService: the routes of every VirtualService on a virtual
 * host are concatenated in merge order, catch-alls last (reference §c.4, §d.1); a route that an
 * earlier route of another VirtualService provably takes every request of never matches.
 *
 * Provable here: an earlier catch-all, or an earlier route with only a path condition whose
 * prefix (or exact path) covers the later route's prefix or exact path. Each virtual host is
 * scanned once, with the unconditional earlier paths kept in maps, so the cost is linear in the
 * routes (times the path length), never quadratic.
 */
import { CompiledRoute, VirtualHost } from '../../engine/route-table';
import { IstioHttpMatch } from '../../model/istio-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** Match fields that add a condition besides the path (port, gateways and sources are settled at config time). */
const CONDITION_FIELDS: ReadonlyArray<keyof IstioHttpMatch> = ['headers', 'queryParams', 'withoutHeaders', 'method', 'authority', 'scheme'];

function hasOnlyPathCondition(route: CompiledRoute): boolean {
  if (route.matchIndex === undefined) {
    return true;
  }
  const match = route.rule.match?.[route.matchIndex] ?? {};
  return CONDITION_FIELDS.every((f) => match[f] === undefined);
}

/** The first route of each unconditional path seen so far on a virtual host. */
class Covers {
  private catchAll?: CompiledRoute;
  private readonly exact = new Map<string, CompiledRoute>();
  private readonly exactIgnoreCase = new Map<string, CompiledRoute>();
  private readonly prefix = new Map<string, CompiledRoute>();
  private readonly prefixIgnoreCase = new Map<string, CompiledRoute>();

  /** The earlier route that takes every request `route` would match, if one is known. */
  public coverOf(route: CompiledRoute): CompiledRoute | undefined {
    if (this.catchAll !== undefined) {
      return this.catchAll;
    }
    const { kind, value, ignoreCase } = route.matcher.path;
    const lower = value.toLowerCase();
    if (kind === 'regex') {
      return this.prefix.get('') ?? this.prefixIgnoreCase.get('');
    }
    if (kind === 'exact') {
      const found = ignoreCase ? this.exactIgnoreCase.get(lower) : this.exact.get(value) ?? this.exactIgnoreCase.get(lower);
      if (found !== undefined) {
        return found;
      }
    }
    for (let i = 0; i <= value.length; i++) {
      const found = (ignoreCase ? undefined : this.prefix.get(value.slice(0, i))) ?? this.prefixIgnoreCase.get(lower.slice(0, i));
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }

  /** Records `route` when it has no condition besides its path. */
  public add(route: CompiledRoute): void {
    if (!hasOnlyPathCondition(route)) {
      return;
    }
    if (route.matcher.catchAll) {
      this.catchAll ??= route;
      return;
    }
    const { kind, value, ignoreCase } = route.matcher.path;
    if (kind === 'regex') {
      return;
    }
    const map = kind === 'exact' ? (ignoreCase ? this.exactIgnoreCase : this.exact) : (ignoreCase ? this.prefixIgnoreCase : this.prefix);
    const key = ignoreCase ? value.toLowerCase() : value;
    if (!map.has(key)) {
      map.set(key, route);
    }
  }
}

function describeRoute(route: CompiledRoute): string {
  return `http rule ${route.ruleIndex}${route.matchIndex !== undefined ? ` match ${route.matchIndex}` : ''} (${route.matcher.description})`;
}

/** The shadowed routes of a virtual host, each with the route of another VirtualService that takes its requests. */
export function shadowedRoutes(vhost: VirtualHost): Array<{ route: CompiledRoute; by: CompiledRoute }> {
  const covers = new Covers();
  const shadowed: Array<{ route: CompiledRoute; by: CompiledRoute }> = [];
  for (const route of vhost.routes) {
    const by = covers.coverOf(route);
    if (by !== undefined && by.virtualService !== route.virtualService) {
      shadowed.push({ route, by });
    }
    covers.add(route);
  }
  return shadowed;
}

/** CIG1005 for routes that an earlier VirtualService on the same virtual host provably takes. */
export const ruleShadowedByEarlierVirtualService: Analyzer = {
  code: 'CIG1005',
  name: 'RuleShadowedByEarlierVirtualService',
  level: 'Warning',
  description: 'A VirtualService rule on a gateway host never matches: a rule of another VirtualService merged before it on the same virtual host takes all its requests.',
  fix: 'Narrow the earlier rule, or keep the rules of one host in one VirtualService in the order they should apply.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const compiled of context.config.workloads) {
      for (const listener of compiled.listeners.values()) {
        for (const chain of listener.chains) {
          if (chain.kind !== 'http') continue;
          for (const vhost of chain.routeConfiguration.virtualHosts) {
            for (const { route, by } of shadowedRoutes(vhost)) {
              findings.push(finding(this, route.virtualService.object, `${describeRoute(route)} never matches on virtual host `
                + `${vhost.name} (${chain.routeConfiguration.name}): ${describeRoute(by)} of VirtualService ${by.virtualService.key}, `
                + 'merged before it, takes all its requests'));
            }
          }
        }
      }
    }
    return findings;
  },
};
