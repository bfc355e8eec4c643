/**
 * CIG1013 VirtualServiceHostNotServedByHttpServer: a VirtualService with `http` rules binds a
 * Gateway, and one of its hosts is admitted by a server of that Gateway (so IST0132 is silent) but
 * by none of its servers that serve HTTP (HTTP, HTTP2, GRPC, HTTPS terminated), e.g. only by a TCP
 * server for `*`. Its http rules then never apply to that host: istiod builds the HTTP virtual
 * hosts of a server from the VirtualService hosts that server admits, and the other server's port
 * is not HTTP-routed at all.
 *
 * istioctl's IST0132 compares hosts whatever the server protocol (istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/gateways.go` `vsHostInGateway`), so it reports
 * nothing here. The servers are classified, and the Gateways judged, as the engine compiles them:
 * only Gateways some gateway workload applies, and the message says which of the Gateway's HTTP
 * server ports answer a request for the host with 404, as the compiled route configurations do.
 */
import { CompiledConfig } from '../../engine/compile';
import { keyOf } from '../../engine/model';
import { serversOf } from '../../engine/servers';
import { intersectHosts, serverHostsVisibleTo } from '../../istio/host';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** True when a server with `hosts` of a Gateway in `gatewayNamespace` admits `host` of a VirtualService in `namespace` (case aside). */
function admits(hosts: readonly string[], gatewayNamespace: string, host: string, namespace: string): boolean {
  return serverHostsVisibleTo(hosts, namespace, gatewayNamespace).some((s) => intersectHosts(s.toLowerCase(), host.toLowerCase()) !== undefined);
}

/**
 * The listener (server) ports, over the workloads applying the Gateway `key`, whose HTTP route configurations carrying a
 * server of that Gateway answer a request for `host` with 404: no virtual host takes it, or the one that does has no
 * route (the blackhole virtual host of a port no VirtualService routes on).
 */
function portsWithoutVirtualHost(config: CompiledConfig, key: string, host: string): number[] {
  const ports = new Set<number>();
  for (const compiled of config.workloads) {
    for (const listener of compiled.listeners.values()) {
      for (const chain of listener.chains) {
        if (chain.kind === 'http' && chain.servers.some((s) => s.gatewayKey === key)) {
          const virtualHost = chain.routeConfiguration.index.lookup(host);
          if (virtualHost === undefined || virtualHost.routes.length === 0) {
            ports.add(listener.port);
          }
        }
      }
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** CIG1013 for each host of a VirtualService with http rules that only servers of a bound Gateway not serving HTTP admit. */
export const virtualServiceHostNotServedByHttpServer: Analyzer = {
  code: 'CIG1013',
  name: 'VirtualServiceHostNotServedByHttpServer',
  level: 'Warning',
  description: 'A VirtualService with http rules binds a Gateway on which only servers that do not serve HTTP (TCP, TLS, passthrough) admit one of its hosts, so its http rules never apply to that host.',
  fix: 'Add the host to an HTTP or HTTPS server of the Gateway (for the VirtualService\'s namespace), or bind the VirtualService to a Gateway that serves the host over HTTP.',
  analyze(context) {
    const config = context.config;
    const applied = new Set(config.workloads.flatMap((w) => w.workload.gateways.map(keyOf)));
    const gateways = new Map(context.gateways.map((g) => [keyOf(g), { gateway: g, servers: serversOf(g) }]));
    const findings: Finding[] = [];
    for (const vs of config.virtualServices) {
      if (vs.http.length === 0) continue;
      for (const key of new Set(vs.gateways)) {
        const bound = gateways.get(key);
        if (bound === undefined || !applied.has(key)) continue;
        const gatewayNamespace = bound.gateway.metadata.namespace;
        (vs.object.spec?.hosts ?? []).forEach((host, i) => {
          const admitting = bound.servers.filter((s) => admits(s.hosts, gatewayNamespace, host, vs.namespace));
          if (admitting.length === 0 || admitting.some((s) => s.kind === 'http' || s.kind === 'https-terminate')) return;
          const ports = host.includes('*') ? [] : portsWithoutVirtualHost(config, key, host);
          findings.push(finding(this, vs.object, `hosts[${i}] ${host} is admitted by no HTTP server of Gateway ${key}, only by `
            + `${admitting.map((s) => `servers[${s.index}] (port ${s.port}, ${s.protocol})`).join(', ')}, so the http rules never apply to it`
            + `${ports.length > 0 ? ` (a request for ${host} to server port ${ports.join(', ')} gets 404)` : ''}: `
            + `add ${host} to an HTTP or HTTPS server of ${key}, or bind the VirtualService to a Gateway that serves it over HTTP`));
        });
      }
    }
    return findings;
  },
};
