/**
 * IST0118 PortNameIsNotUnderNamingConvention: a Service port whose name (or appProtocol) does
 * not tell Istio its protocol (reference §g.5), so Istio falls back to protocol sniffing. Which
 * ports and Services count: service-port-names.ts; ExternalName Services get IST0150 instead.
 */
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { misnamedPorts, portNaming } from '../service-port-names';

/** IST0118 for ports of a Service (not ExternalName) with no recognisable protocol. */
export const portNameIsNotUnderNamingConvention: Analyzer = {
  code: 'IST0118',
  name: 'PortNameIsNotUnderNamingConvention',
  level: 'Info',
  description: 'A Service port name (or appProtocol) does not follow Istio\'s <protocol>[-suffix] convention, so the protocol is sniffed.',
  fix: 'Name the port <protocol>[-suffix] (http, http2, https, grpc, tcp, tls, ...) or set appProtocol.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const { service, port } of misnamedPorts(context)) {
      if (service.spec?.type === 'ExternalName') {
        continue;
      }
      findings.push(finding(this, service, `port ${port.port} has ${portNaming(port)}, which names no protocol Istio knows, `
        + 'so Istio sniffs the protocol: name it <protocol>[-suffix] (e.g. http-web) or set appProtocol'));
    }
    return findings;
  },
};
