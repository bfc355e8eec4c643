/**
 * IST0132 VirtualServiceHostNotFoundInGateway: none of a VirtualService's hosts overlaps a server
 * host of a Gateway it binds in `gateways` (server `namespace/` filters applied), so it adds no
 * route there. As istioctl does (istio/istio `pkg/config/analysis/analyzers/virtualservice/gateways.go`
 * `analyzeVirtualService`, `vsHostInGateway`, `vsHostInKubernetesGateway`), every server counts
 * whatever its protocol, a Kubernetes Gateway API Gateway offers its listeners' hostnames (any host
 * when one has none), a Gateway that does not exist offers no host (IST0132 next to IST0101), and
 * references to `mesh` or to a Gateway istiod generates for a Kubernetes Gateway are not checked.
 */
import { keyOf } from '../../engine/model';
import { isInternalGatewayReference, MESH_GATEWAY, resolveGatewayReference } from '../../istio/gateway-reference';
import { intersectHosts, serverHostsVisibleTo } from '../../istio/host';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { kubernetesGatewaysOf } from '../kubernetes-gateways';

const FIX = 'the VirtualService adds no route there: add the host to a Gateway server or correct the VirtualService hosts';

/** True when one of `hosts` overlaps one of `offered` (case aside). */
function overlaps(hosts: readonly string[], offered: readonly string[]): boolean {
  return hosts.some((h) => offered.some((o) => intersectHosts(h.toLowerCase(), o.toLowerCase()) !== undefined));
}

/** IST0132 for each referenced Gateway none of whose server hosts overlaps the VirtualService's hosts. */
export const virtualServiceHostNotFoundInGateway: Analyzer = {
  code: 'IST0132',
  name: 'VirtualServiceHostNotFoundInGateway',
  level: 'Warning',
  description: 'None of a VirtualService\'s hosts matches a server host of a Gateway it references (or the Gateway does not exist), so it routes nothing there.',
  fix: 'Add the host to a Gateway server (for the VirtualService\'s namespace), or correct the VirtualService hosts or gateways.',
  analyze(context) {
    const gateways = new Map(context.gateways.map((g) => [keyOf(g), g]));
    const kubernetesGateways = kubernetesGatewaysOf(context);
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      const namespace = vs.metadata.namespace;
      const hosts = vs.spec?.hosts ?? [];
      const listed = hosts.join(', ') || '(none)';
      for (const reference of new Set(vs.spec?.gateways ?? [])) {
        if (reference === MESH_GATEWAY || isInternalGatewayReference(reference)) {
          continue;
        }
        const key = resolveGatewayReference(reference, namespace);
        const gateway = key === undefined ? undefined : gateways.get(key);
        const kubernetesGateway = key === undefined ? undefined : kubernetesGateways.get(key);
        if (gateway) {
          const serverHosts = [...new Set((gateway.spec?.servers ?? []).flatMap((s) => s.hosts ?? []))];
          const visible = serverHostsVisibleTo(serverHosts, namespace, gateway.metadata.namespace);
          if (!overlaps(hosts, visible)) {
            findings.push(finding(this, vs, `none of the hosts ${listed} matches a server host of Gateway ${key} `
              + `(for namespace ${namespace} it accepts ${visible.join(', ') || 'no host'}; all hosts: ${serverHosts.join(', ') || 'none'}); ${FIX}`));
          }
        } else if (kubernetesGateway) {
          const hostnames = kubernetesGateway.hostnames;
          if (hostnames !== undefined && !overlaps(hosts, hostnames)) {
            findings.push(finding(this, vs, `none of the hosts ${listed} matches a listener hostname of Kubernetes Gateway ${key} `
              + `(${hostnames.join(', ') || 'no listener'}); ${FIX}`));
          }
        } else {
          findings.push(finding(this, vs, `none of the hosts ${listed} can match a server host of Gateway ${key ?? reference}, `
            + 'which the manifests do not hold; the VirtualService adds no route there: add the Gateway or correct the reference'));
        }
      }
    }
    return findings;
  },
};
