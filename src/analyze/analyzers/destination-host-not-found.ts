/**
 * IST0101 ReferencedResourceNotFound, `host`, `mirror host` and `host:port` variants: a
 * VirtualService route or mirror destination whose host is neither a Service nor a ServiceEntry
 * host of the manifests, or whose port that Service/ServiceEntry does not expose. Envoy accepts
 * the route; requests get 503 (no cluster).
 */
import { CLUSTER_DOMAIN, resolveShortName } from '../../istio/host';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { destinationsOf, lookupHost } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** IST0101 for destination hosts and ports that resolve to nothing. */
export const destinationHostNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A VirtualService destination (or mirror) host is neither a Service nor a ServiceEntry host, or its port is not on that Service.',
  fix: 'Name an existing Service (name, or name.namespace.svc.cluster.local) or ServiceEntry host, and one of its ports.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      const namespace = vs.metadata.namespace;
      for (const { destination, mirror, where } of destinationsOf(vs)) {
        const host: string = destination.host;
        const service = lookupHost(context, host, namespace);
        if (!service) {
          const fqdn = resolveShortName(host, namespace);
          const looked = fqdn.endsWith(`.${CLUSTER_DOMAIN}`) ? `a Service ${fqdn} or a ServiceEntry host ${fqdn}` : `a ServiceEntry host ${fqdn}`;
          findings.push(finding(this, context.resource(vs), `${referenceNotFound(mirror ? 'mirror host' : 'host', host)} (${where}; looked for `
            + `${looked} visible to namespace ${namespace}, found none in the manifests); requests routed there get 503: `
            + 'name an existing Service as name or name.namespace.svc.cluster.local, or add a ServiceEntry'));
          continue;
        }
        const port = destination.port?.number;
        if (typeof port === 'number' && !service.ports.includes(port)) {
          findings.push(finding(this, context.resource(vs), `${referenceNotFound('host:port', `${host}:${port}`)} (${where}; ${service.object.kind} `
            + `${service.object.metadata.namespace}/${service.object.metadata.name} exposes ${service.ports.join(', ') || 'no ports'}); `
            + 'requests routed there get 503: use one of those ports'));
        }
      }
    }
    return findings;
  },
};
