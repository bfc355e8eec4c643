/**
 * CIG1004 ShortVirtualServiceHostOnGateway: a gateway-bound VirtualService with a short host
 * (no dot). Istio resolves it to `name.namespace.svc.cluster.local` (reference §c.3), a name
 * clients of an ingress gateway rarely send as Host.
 */
import { isIpAddress } from '../../istio/names';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** CIG1004 for short hosts of VirtualServices bound to a gateway. */
export const shortHostOnGateway: Analyzer = {
  code: 'CIG1004',
  name: 'ShortVirtualServiceHostOnGateway',
  level: 'Warning',
  description: 'A VirtualService bound to a gateway has a short host (no dot), which Istio resolves to a cluster-local name.',
  fix: 'Write the external host name (with a dot) the clients send.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const vs of context.config.virtualServices) {
      if (vs.gateways.length === 0) continue;
      (vs.object.spec?.hosts ?? []).forEach((host, i) => {
        if (host === '*' || host.includes('.') || isIpAddress(host)) return;
        findings.push(finding(this, vs.object, `host '${host}' has no dot, so Istio reads it as ${vs.hosts[i]}; `
          + 'only requests with that Host reach it through the gateway: write the external host name'));
      });
    }
    return findings;
  },
};
