/**
 * IST0112 VirtualServiceDestinationPortSelectorRequired: a destination without `port` whose
 * Service/ServiceEntry has several ports. At a gateway the port then defaults to the server port,
 * which is often not a port of the Service (503). The host is looked up as istioctl does, from the
 * VirtualService's `exportTo` namespaces (see destination-host-lookup.ts).
 */
import { Analyzer, finding } from '../analyzer';
import { lookupDestinationHost } from '../destination-host-lookup';
import { Finding } from '../finding';
import { destinationsOf } from '../lookup';

/** IST0112 for each port-less destination of a multi-port Service or ServiceEntry. */
export const virtualServiceDestinationPortSelectorRequired: Analyzer = {
  code: 'IST0112',
  name: 'VirtualServiceDestinationPortSelectorRequired',
  level: 'Error',
  description: 'A VirtualService destination omits the port while its Service or ServiceEntry exposes several ports.',
  fix: 'Set destination.port.number to the Service port to use.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      for (const { destination, where } of destinationsOf(vs)) {
        const service = destination.port?.number === undefined ? lookupDestinationHost(context, destination.host, vs) : undefined;
        if (service && service.ports.length > 1) {
          findings.push(finding(this, vs, `destination "${destination.host}" (${where}) has no port, but ${service.object.kind} `
            + `${service.object.metadata.namespace}/${service.object.metadata.name} exposes ports ${service.ports.join(', ')}; at a gateway the `
            + 'port then defaults to the server port: set destination.port.number to one of them'));
        }
      }
    }
    return findings;
  },
};
