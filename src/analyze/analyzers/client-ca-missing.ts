/**
 * CIG1011 ClientCaMissing: a MUTUAL or OPTIONAL_MUTUAL server with nothing to verify client
 * certificates against (reference §b.6, §b.7): no caCertificates, no caCertCredentialName, and no
 * credentialName(s) whose Secret could hold a `ca.crt`/`cacert`.
 */
import { serversOf } from '../../engine/servers';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { certificateFieldsOf } from '../istio-fields';

const CA_SOURCES = new Set(['caCertificates', 'caCertCredentialName', 'credentialName', 'credentialNames']);

/** CIG1011 for mutual-TLS servers without a client CA source. */
export const clientCaMissing: Analyzer = {
  code: 'CIG1011',
  name: 'ClientCaMissing',
  level: 'Error',
  description: 'A MUTUAL or OPTIONAL_MUTUAL server has no client CA: no caCertificates, caCertCredentialName or credentialName.',
  fix: 'Use a credentialName whose Secret holds ca.crt, or set caCertCredentialName.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      for (const server of serversOf(gateway)) {
        if ((server.tlsMode !== 'MUTUAL' && server.tlsMode !== 'OPTIONAL_MUTUAL') || server.kind === 'http') continue;
        if (certificateFieldsOf(server.tls).some((f) => CA_SOURCES.has(f))) continue;
        findings.push(finding(this, gateway, `server ${server.portName || server.port} (${server.protocol} ${server.tlsMode}) has no client CA `
          + '(caCertificates, caCertCredentialName or credentialName), so client certificates cannot be verified: add a CA source'));
      }
    }
    return findings;
  },
};
