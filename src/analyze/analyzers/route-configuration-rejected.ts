/**
 * CIG1006 RouteConfigurationRejected: a value in a VirtualService bound to a gateway HTTP port
 * that makes Envoy reject the whole route configuration of that port (the gateway then keeps
 * its previous routes, or has none): a redirect code other than 301/302/303/307/308, which
 * istiod's webhook accepts (reference §e.3). Invalid RE2 regexes and empty matchers never get
 * this far: the webhook refuses such a VirtualService (IST0106), so the compiled config has none.
 */
import { VirtualServiceView, virtualServicesFor } from '../../engine/virtual-services';
import { intersectHosts, serverHostsVisibleTo } from '../../istio/host';
import { isEnvoyRedirectCode } from '../../istio/redirect-codes';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { matchesOf } from '../istio-fields';

/** What in the VirtualService's `http` rules Envoy refuses (rules after a rule without match are never sent). */
function rejectedValues(vs: VirtualServiceView): string[] {
  const problems: string[] = [];
  for (const [r, rule] of vs.http.entries()) {
    const code = rule.redirect?.redirectCode;
    if (code !== undefined && code !== 0 && !isEnvoyRedirectCode(code)) {
      problems.push(`http rule ${r} redirect code ${code} is not one Envoy can send (301, 302, 303, 307, 308)`);
    }
    if (matchesOf(rule).length === 0) break;
  }
  return problems;
}

/** True when the VirtualService supplies hosts to the server's virtual hosts. */
function overlaps(vs: VirtualServiceView, serverHosts: readonly string[], gatewayNamespace: string): boolean {
  const visible = serverHostsVisibleTo(serverHosts, vs.namespace, gatewayNamespace);
  return vs.hosts.some((h) => visible.some((s) => intersectHosts(s, h) !== undefined));
}

/** CIG1006 for VirtualServices that make Envoy reject the route configuration of a gateway port. */
export const routeConfigurationRejected: Analyzer = {
  code: 'CIG1006',
  name: 'RouteConfigurationRejected',
  level: 'Error',
  description: 'A VirtualService bound to a gateway HTTP port holds a value Envoy refuses, so the whole route configuration of that port is rejected.',
  fix: 'Use a redirect code Envoy supports (301, 302, 303, 307, 308).',
  analyze(context) {
    const routeConfigurations = new Map<VirtualServiceView, Set<string>>();
    for (const compiled of context.config.workloads) {
      for (const listener of compiled.listeners.values()) {
        for (const chain of listener.chains) {
          if (chain.kind !== 'http') continue;
          for (const server of chain.servers) {
            for (const vs of virtualServicesFor(context.config.virtualServices, compiled.workload.namespace, server.gatewayKey)) {
              if (vs.http.length === 0 || !overlaps(vs, server.hosts, server.gateway.metadata.namespace)) continue;
              const names = routeConfigurations.get(vs) ?? new Set<string>();
              names.add(`${chain.routeConfiguration.name} of ${compiled.workload.key}`);
              routeConfigurations.set(vs, names);
            }
          }
        }
      }
    }
    const findings: Finding[] = [];
    for (const [vs, names] of routeConfigurations) {
      for (const problem of rejectedValues(vs)) {
        findings.push(finding(this, vs.object, `${problem}; Envoy rejects the whole route configuration `
          + `${[...names].join(', ')}, so every host on that port keeps stale routes or none`));
      }
    }
    return findings;
  },
};

