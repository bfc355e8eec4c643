/**
 * CIG1009 ServerCertificateMissing: an HTTPS or TLS server that terminates TLS (SIMPLE, MUTUAL,
 * OPTIONAL_MUTUAL) without any certificate source (reference §b.6, §b.7): no handshake succeeds.
 */
import { serversOf } from '../../engine/servers';
import { isTlsProtocol } from '../../istio/protocol';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { hasServerCertificate } from '../istio-fields';

const TERMINATING_WITH_OWN_CERTIFICATE = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);

/** CIG1009 for terminating servers without credentialName(s), a certificate file pair or tlsCertificates. */
export const serverCertificateMissing: Analyzer = {
  code: 'CIG1009',
  name: 'ServerCertificateMissing',
  level: 'Error',
  description: 'A TLS-terminating HTTPS or TLS server names no certificate (credentialName, serverCertificate and privateKey, or tlsCertificates).',
  fix: 'Set tls.credentialName to the Secret holding the certificate, in the gateway pods\' namespace.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      for (const server of serversOf(gateway)) {
        if (!isTlsProtocol(server.protocol) || !TERMINATING_WITH_OWN_CERTIFICATE.has(server.tlsMode ?? '') || hasServerCertificate(server.tls)) continue;
        findings.push(finding(this, gateway, `server ${server.portName || server.port} (${server.protocol} ${server.tlsMode}) terminates TLS `
          + 'but names no certificate, so every handshake fails: set tls.credentialName'));
      }
    }
    return findings;
  },
};
