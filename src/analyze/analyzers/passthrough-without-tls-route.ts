/**
 * CIG1010 PassthroughWithoutTlsRoute: a PASSTHROUGH server gets one filter chain per `tls`
 * match of a bound VirtualService (reference §f.3); with none it gets no chain and its
 * connections are refused or closed.
 */
import { serversOf } from '../../engine/servers';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** CIG1010 for passthrough servers the compiled configuration gave no filter chain. */
export const passthroughWithoutTlsRoute: Analyzer = {
  code: 'CIG1010',
  name: 'PassthroughWithoutTlsRoute',
  level: 'Warning',
  description: 'A PASSTHROUGH server has no applicable tls rule in a bound VirtualService, so it gets no filter chain.',
  fix: 'Bind a VirtualService with a tls rule whose sniHosts are among the server hosts, or terminate TLS (mode SIMPLE) and route with http rules.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const compiled of context.config.workloads) {
      for (const gateway of compiled.workload.gateways) {
        for (const server of serversOf(gateway)) {
          if (server.kind !== 'passthrough') continue;
          if (compiled.diagnostics.some((d) => d.kind === 'server-without-layer4-rule' && d.section === 'tls'
            && d.server.gateway === gateway && d.server.index === server.index)) {
            findings.push(finding(this, gateway, `server ${server.portName || server.port} (${server.protocol} PASSTHROUGH) has no applicable `
              + 'tls rule in a bound VirtualService, so it gets no filter chain and its connections fail: add a tls rule with matching sniHosts'));
          }
        }
      }
    }
    return findings;
  },
};
