/**
 * IST0138 GatewayDuplicateCertificate: two Gateways on overlapping gateway pods terminate TLS with
 * the same certificate (same `credentialName`, or same certificate and key files). Clients reuse
 * HTTP/2 connections across hosts of one certificate and then get 404s from the other server.
 */
import { keyOf, selects } from '../../engine/model';
import { IstioGateway, IstioServerTls } from '../../model/istio-types';
import { AnalysisContext } from '../analysis-context';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** True when one selector is contained in the other, or both select a common pod of the manifests. */
function selectorsOverlap(context: AnalysisContext, a: IstioGateway, b: IstioGateway): boolean {
  const sa = a.spec?.selector ?? {};
  const sb = b.spec?.selector ?? {};
  return selects(sa, sb) || selects(sb, sa) || context.pods().some((p) => selects(sa, p.labels) && selects(sb, p.labels));
}

/** The certificate a server's TLS settings name, as a comparable description, or undefined. */
function certificateOf(tls: IstioServerTls | undefined): string | undefined {
  if (!tls || tls.mode === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH') {
    return undefined;
  }
  if (tls.credentialName) {
    return `credentialName "${tls.credentialName}"`;
  }
  if (tls.serverCertificate && tls.privateKey) {
    return `certificate file ${tls.serverCertificate} with key ${tls.privateKey}`;
  }
  return undefined;
}

/** IST0138 on each of two Gateways on overlapping pods that terminate TLS with the same certificate. */
export const gatewayDuplicateCertificate: Analyzer = {
  code: 'IST0138',
  name: 'GatewayDuplicateCertificate',
  level: 'Warning',
  description: 'Two Gateways on overlapping gateway pods use the same TLS certificate, so reused HTTP/2 connections can get 404s.',
  fix: 'Put the servers sharing a certificate into one Gateway, or use distinct certificates.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      const mine = new Set((gateway.spec?.servers ?? []).map((s) => certificateOf(s.tls)).filter(Boolean));
      for (const other of context.gateways) {
        if (other === gateway || !selectorsOverlap(context, gateway, other)) {
          continue;
        }
        const shared = [...new Set((other.spec?.servers ?? []).map((s) => certificateOf(s.tls)).filter((c) => mine.has(c)))];
        if (shared.length > 0) {
          findings.push(finding(this, gateway, `Gateways ${[keyOf(gateway), keyOf(other)].sort().join(' and ')} on overlapping gateway pods `
            + `both use ${shared.join(', ')}; clients reusing an HTTP/2 connection across their hosts get 404s: `
            + 'serve the hosts sharing a certificate from one Gateway, or use distinct certificates'));
        }
      }
    }
    return findings;
  },
};
