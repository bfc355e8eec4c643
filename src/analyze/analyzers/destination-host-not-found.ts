/**
 * IST0101 ReferencedResourceNotFound, `host`, `mirror host` and `host:port` variants: a
 * VirtualService route or mirror destination whose host is neither a Service nor a ServiceEntry
 * host the VirtualService's `exportTo` namespaces see, or whose port that Service/ServiceEntry
 * does not expose. Envoy accepts the route; requests get 503 (no cluster). The host is looked up
 * as istioctl does (see destination-host-lookup.ts), and a route without destination, which
 * istioctl reads as the empty host, is reported as host `""` not found.
 */
import { CLUSTER_DOMAIN } from '../../istio/host';
import { IstioVirtualService } from '../../model/istio-types';
import { AnalysisContext } from '../analysis-context';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { destinationLookupHost, destinationLookupScopes, lookupDestinationHost } from '../destination-host-lookup';
import { destinationlessVirtualServices } from '../destinationless-virtual-services';
import { Finding, FindingReference } from '../finding';
import { destinationsOf } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** IST0101 for destination hosts and ports that resolve to nothing. */
export const destinationHostNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A VirtualService destination (or mirror) host is neither a Service nor a ServiceEntry host exported to the VirtualService\'s namespaces, or its port is not on that Service.',
  fix: 'Name an existing Service (name, or name.namespace.svc.cluster.local) or ServiceEntry host exported where the VirtualService is, and one of its ports.',
  referenceVariants: ['host', 'mirror host', 'host:port'],
  analyze(context, scope = EVERY_FINDING) {
    const findings: Finding[] = [];
    for (const vs of [...context.virtualServices, ...destinationlessVirtualServices(context)]) {
      const namespace = vs.metadata.namespace;
      for (const { destination, mirror, where } of destinationsOf(vs, true)) {
        const host = destination.host;
        const service = lookupDestinationHost(context, host, vs);
        const fqdn = host === '' ? '' : destinationLookupHost(host, namespace);
        if (!service) {
          const referred: FindingReference = { variant: mirror ? 'mirror host' : 'host', written: host, kind: 'Service', name: fqdn };
          if (scope.admitsReference(referred)) {
            findings.push(finding(this, vs, `${referenceNotFound(referred)} (${where}; ${notFoundReason(context, vs, fqdn)}); `
              + `requests routed there get 503: ${host === '' ? 'give the route a destination host' : 'name an existing Service as name or '
              + 'name.namespace.svc.cluster.local, or add a ServiceEntry, exported where the VirtualService is'}`, referred));
          }
          continue;
        }
        const port = destination.port?.number;
        if (typeof port !== 'number' || service.ports.includes(port)) {
          continue;
        }
        const referred: FindingReference = { variant: 'host:port', written: `${host}:${port}`, kind: 'Service', name: fqdn, port };
        if (scope.admitsReference(referred)) {
          findings.push(finding(this, vs, `${referenceNotFound(referred)} (${where}; ${service.object.kind} `
            + `${service.object.metadata.namespace}/${service.object.metadata.name} exposes ${service.ports.join(', ') || 'no ports'}); `
            + 'requests routed there get 503: use one of those ports', referred));
        }
      }
    }
    return findings;
  },
};

/** What was looked for, where, and (for a host that exists but is not exported there) who holds it. */
function notFoundReason(context: AnalysisContext, vs: IstioVirtualService, fqdn: string): string {
  if (fqdn === '') {
    return 'the destination names no host';
  }
  const namespace = vs.metadata.namespace;
  const exportTo = vs.spec?.exportTo ?? [];
  const named = destinationLookupScopes(namespace, exportTo).filter((s) => s !== '*').map((s) => `namespace ${s}`);
  const where = exportTo.length === 0 ? `visible to namespace ${namespace}`
    : `exported to ${['every namespace', ...named].join(' or ')} (as the VirtualService's exportTo asks)`;
  const looked = fqdn.endsWith(`.${CLUSTER_DOMAIN}`) ? `a Service ${fqdn} or a ServiceEntry host ${fqdn}` : `a ServiceEntry host ${fqdn}`;
  const holder = context.services.find((s) => `${s.metadata.name}.${s.metadata.namespace}.${CLUSTER_DOMAIN}` === fqdn)
    ?? context.serviceEntries.find((e) => (e.spec?.hosts ?? []).some((h) => destinationLookupHost(h, e.metadata.namespace) === fqdn));
  return `looked for ${looked} ${where}, found ${holder
    ? `only ${holder.kind} ${holder.metadata.namespace}/${holder.metadata.name}, which is not exported there` : 'none in the manifests'}`;
}
