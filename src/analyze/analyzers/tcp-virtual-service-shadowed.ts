/**
 * CIG1002 TcpVirtualServiceShadowed: a TCP (or TLS-terminating) server forwards every connection
 * with the first applicable `tcp` rule of the first bound VirtualService (reference §f.1); any
 * other VirtualService with an applicable `tcp` rule for that server is never used there.
 */
import { tcpRouteFor } from '../../engine/layer4-routes';
import { describeServer } from '../../engine/servers';
import { virtualServicesFor } from '../../engine/virtual-services';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** CIG1002 for VirtualServices whose `tcp` rules lose to an earlier VirtualService on the same server. */
export const tcpVirtualServiceShadowed: Analyzer = {
  code: 'CIG1002',
  name: 'TcpVirtualServiceShadowed',
  level: 'Warning',
  description: 'A VirtualService has a tcp rule for a gateway server whose connections all go by the rule of a VirtualService merged before it.',
  fix: 'Give each TCP service its own gateway port, or merge the rules into one VirtualService.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const compiled of context.config.workloads) {
      for (const listener of compiled.listeners.values()) {
        for (const chain of listener.chains) {
          if (chain.kind !== 'tcp' || chain.route.section !== 'tcp') continue;
          const server = chain.servers[0];
          const winner = chain.route.virtualService;
          for (const vs of virtualServicesFor(context.config.virtualServices, compiled.workload.namespace, server.gatewayKey)) {
            if (vs === winner || vs.tcp.length === 0 || tcpRouteFor(server, compiled.workload, [vs]) === undefined) continue;
            findings.push(finding(this, vs.object, `its tcp rules never apply to ${describeServer(server)} on port ${listener.port}: `
              + `every connection there goes by tcp rule ${chain.route.ruleIndex} of VirtualService ${winner.key}, merged before it; `
              + 'give it its own gateway port'));
          }
        }
      }
    }
    return findings;
  },
};
