/**
 * IST0101 ReferencedResourceNotFound, `host`, `mirror host` and `host:port` variants: a
 * VirtualService route or mirror destination whose host is neither a Service nor a ServiceEntry
 * host of the manifests, or whose port that Service/ServiceEntry does not expose. Envoy accepts
 * the route; requests get 503 (no cluster).
 */
import { CLUSTER_DOMAIN, resolveShortName } from '../../istio/host';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { Finding, FindingReference } from '../finding';
import { destinationsOf, lookupHost } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** IST0101 for destination hosts and ports that resolve to nothing. */
export const destinationHostNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A VirtualService destination (or mirror) host is neither a Service nor a ServiceEntry host, or its port is not on that Service.',
  fix: 'Name an existing Service (name, or name.namespace.svc.cluster.local) or ServiceEntry host, and one of its ports.',
  referenceVariants: ['host', 'mirror host', 'host:port'],
  analyze(context, scope = EVERY_FINDING) {
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      const namespace = vs.metadata.namespace;
      for (const { destination, mirror, where } of destinationsOf(vs)) {
        const host = destination.host;
        const service = lookupHost(context, host, namespace);
        const fqdn = resolveShortName(host, namespace);
        if (!service) {
          const referred: FindingReference = { variant: mirror ? 'mirror host' : 'host', written: host, kind: 'Service', name: fqdn };
          if (scope.admitsReference(referred)) {
            const looked = fqdn.endsWith(`.${CLUSTER_DOMAIN}`) ? `a Service ${fqdn} or a ServiceEntry host ${fqdn}` : `a ServiceEntry host ${fqdn}`;
            findings.push(finding(this, vs, `${referenceNotFound(referred)} (${where}; looked for `
              + `${looked} visible to namespace ${namespace}, found none in the manifests); requests routed there get 503: `
              + 'name an existing Service as name or name.namespace.svc.cluster.local, or add a ServiceEntry', referred));
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
