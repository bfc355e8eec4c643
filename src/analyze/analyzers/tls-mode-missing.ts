/**
 * CIG1003 TlsModeMissing: an HTTPS or TLS server with certificate fields but no `tls.mode` is a
 * passthrough server (mode defaults to PASSTHROUGH, reference §b.1): its certificates are
 * ignored and TLS is not terminated.
 */
import { serversOf } from '../../engine/servers';
import { isTlsProtocol } from '../../istio/protocol';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { certificateFieldsOf } from '../istio-fields';

/** CIG1003 for HTTPS/TLS servers that carry certificates without a mode. */
export const tlsModeMissing: Analyzer = {
  code: 'CIG1003',
  name: 'TlsModeMissing',
  level: 'Error',
  description: 'An HTTPS or TLS server sets certificate fields but no tls.mode, so it becomes PASSTHROUGH and never terminates TLS.',
  fix: 'Set tls.mode (SIMPLE to terminate, MUTUAL to require client certificates).',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      for (const server of serversOf(gateway)) {
        if (!isTlsProtocol(server.protocol) || !server.tls || server.tls.mode !== undefined) continue;
        const fields = certificateFieldsOf(server.tls);
        if (fields.length === 0) continue;
        findings.push(finding(this, gateway, `server ${server.portName || server.port} (${server.protocol}) sets ${fields.join(', ')} `
          + 'but no tls.mode, so it is a PASSTHROUGH server: TLS is not terminated and the certificate is ignored; set mode: SIMPLE'));
      }
    }
    return findings;
  },
};
