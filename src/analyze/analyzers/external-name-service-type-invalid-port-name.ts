/**
 * IST0150 ExternalNameServiceTypeInvalidPortName: a port of an ExternalName Service that Istio gives
 * no protocol, or that is named `tcp`. Such a Service has no IP of its own, so sidecars can tell its
 * opaque TCP traffic from other traffic on the port only by TLS SNI, and may not forward it. Which
 * ports and Services count: service-port-names.ts.
 */
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { misnamedPorts, portNaming } from '../service-port-names';

/** IST0150 for ports of an ExternalName Service named for no protocol, or `tcp`. */
export const externalNameServiceTypeInvalidPortName: Analyzer = {
  code: 'IST0150',
  name: 'ExternalNameServiceTypeInvalidPortName',
  level: 'Warning',
  description: 'A port of an ExternalName Service is named tcp or for no protocol Istio knows, so sidecars may not forward its TCP traffic.',
  fix: 'Name the port for the protocol it carries: https or tls[-suffix] for TLS (routed by SNI), http[-suffix] for plain HTTP.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const { service, port } of misnamedPorts(context)) {
      if (service.spec?.type !== 'ExternalName') {
        continue;
      }
      findings.push(finding(this, service, `port ${port.port} of this ExternalName Service has ${portNaming(port)}; with no Service IP, `
        + 'sidecars can tell its TCP traffic apart only by TLS SNI and may not forward it: '
        + 'name the port https or tls[-suffix] when it carries TLS, or http[-suffix] for plain HTTP'));
    }
    return findings;
  },
};
