/**
 * IST0132 VirtualServiceHostNotFoundInGateway: none of a VirtualService's hosts overlaps a server
 * host of a Gateway it binds (server `namespace/` filters applied), so it adds no route there.
 */
import { keyOf } from '../../engine/model';
import { MESH_GATEWAY, resolveGatewayReference } from '../../istio/gateway-reference';
import { intersectHosts, serverHostsVisibleTo } from '../../istio/host';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** IST0132 for each referenced Gateway none of whose server hosts overlaps the VirtualService's hosts. */
export const virtualServiceHostNotFoundInGateway: Analyzer = {
  code: 'IST0132',
  name: 'VirtualServiceHostNotFoundInGateway',
  level: 'Warning',
  description: 'None of a VirtualService\'s hosts matches a server host of a Gateway it references, so it routes nothing there.',
  fix: 'Add the host to a Gateway server (for the VirtualService\'s namespace), or correct the VirtualService hosts.',
  analyze(context) {
    const gateways = new Map(context.gateways.map((g) => [keyOf(g), g]));
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      const namespace = vs.metadata.namespace;
      const hosts = vs.spec?.hosts ?? [];
      for (const reference of new Set(vs.spec?.gateways ?? [])) {
        const key = reference === MESH_GATEWAY ? undefined : resolveGatewayReference(reference, namespace);
        const gateway = key === undefined ? undefined : gateways.get(key);
        if (!gateway) {
          continue;
        }
        const serverHosts = [...new Set((gateway.spec?.servers ?? []).flatMap((s) => s.hosts ?? []))];
        const visible = serverHostsVisibleTo(serverHosts, namespace, gateway.metadata.namespace);
        if (!hosts.some((h) => visible.some((v) => intersectHosts(h.toLowerCase(), v.toLowerCase()) !== undefined))) {
          findings.push(finding(this, vs, `none of the hosts ${hosts.join(', ') || '(none)'} matches a server host of Gateway ${key} `
            + `(for namespace ${namespace} it accepts ${visible.join(', ') || 'no host'}; all hosts: ${serverHosts.join(', ') || 'none'}); `
            + 'the VirtualService adds no route there: add the host to a Gateway server or correct the VirtualService hosts'));
        }
      }
    }
    return findings;
  },
};
