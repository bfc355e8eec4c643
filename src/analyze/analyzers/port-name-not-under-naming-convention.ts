/**
 * IST0118 PortNameIsNotUnderNamingConvention: a Service port whose name (or appProtocol) does
 * not tell Istio its protocol (reference §g.5), so Istio falls back to protocol sniffing.
 */
import { KubeServicePort } from '../../model/core-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** Protocols Istio parses from a port name prefix or an appProtocol (case-insensitive). */
const KNOWN_PROTOCOLS = new Set(['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp', 'http_proxy']);

/** Kubernetes' standard appProtocol values Istio maps. */
const KUBERNETES_APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);

/** Ports that default to TCP whatever their name. */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

/** True when Istio derives a known protocol for the Service port. */
export function hasKnownProtocol(port: KubeServicePort): boolean {
  if ((port.protocol ?? 'TCP').toUpperCase() === 'UDP') {
    return true;
  }
  if (port.appProtocol !== undefined && port.appProtocol !== '') {
    return KUBERNETES_APP_PROTOCOLS.has(port.appProtocol) || KNOWN_PROTOCOLS.has(port.appProtocol.toLowerCase());
  }
  const name = (port.name ?? '').toLowerCase();
  if (name.startsWith('grpc-web') || KNOWN_PROTOCOLS.has(name.split('-')[0])) {
    return true;
  }
  return WELL_KNOWN_TCP_PORTS.has(port.port);
}

/** IST0118 for Service ports with no recognisable protocol; Services labelled `istio` or `release=istio` are exempt. */
export const portNameIsNotUnderNamingConvention: Analyzer = {
  code: 'IST0118',
  name: 'PortNameIsNotUnderNamingConvention',
  level: 'Info',
  description: 'A Service port name (or appProtocol) does not follow Istio\'s <protocol>[-suffix] convention, so the protocol is sniffed.',
  fix: 'Name the port <protocol>[-suffix] (http, http2, https, grpc, tcp, tls, ...) or set appProtocol.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const service of context.services) {
      const labels = service.metadata.labels ?? {};
      if (labels.istio !== undefined || labels.release === 'istio') continue;
      for (const port of service.spec?.ports ?? []) {
        if (hasKnownProtocol(port)) continue;
        const what = port.appProtocol ? `appProtocol '${port.appProtocol}'` : port.name ? `name '${port.name}'` : 'no name';
        findings.push(finding(this, service, `port ${port.port} has ${what}, which names no protocol Istio knows, `
          + 'so Istio sniffs the protocol: name it <protocol>[-suffix] (e.g. http-web) or set appProtocol'));
      }
    }
    return findings;
  },
};
