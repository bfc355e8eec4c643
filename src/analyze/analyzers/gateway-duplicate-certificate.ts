/**
 * IST0138 GatewayDuplicateCertificate: two Gateways on the same gateway pods terminate TLS with
 * the same certificate (same `credentialName`, or same certificate and key files). Clients reuse
 * HTTP/2 connections across hosts of one certificate and then get 404s from the other server.
 *
 * As istioctl does (istio/istio `pkg/config/analysis/analyzers/gateway/certificate.go`
 * `analyzeDuplicateCertificate`), a Gateway is reported for each other Gateway, in any namespace,
 * whose selector holds every label of its own (an empty selector is within every selector): the
 * Gateway with the broader selector is reported, both when the selectors are equal, and neither
 * when neither selector is within the other.
 */
import { keyOf } from '../../engine/model';
import { IstioGateway, IstioServerTls } from '../../model/istio-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { selectorString } from '../lookup';

/** True when every label of `inner` is in `outer` with the same value (`selectorSubset`). */
function within(inner: Readonly<Record<string, string>>, outer: Readonly<Record<string, string>>): boolean {
  return Object.entries(inner).every(([key, value]) => Object.prototype.hasOwnProperty.call(outer, key) && outer[key] === value);
}

/**
 * The certificate a server's TLS settings name, as a comparable description, or undefined (`haveSameCertificate`:
 * the TLS mode is not read; a `credentialName` compares only with another, files only when both the certificate and
 * the key are set).
 */
function certificateOf(tls: IstioServerTls | undefined): string | undefined {
  if (tls?.credentialName) {
    return `credentialName "${tls.credentialName}"`;
  }
  if (tls?.serverCertificate && tls.privateKey) {
    return `certificate file ${tls.serverCertificate} with key ${tls.privateKey}`;
  }
  return undefined;
}

/** The certificates of a Gateway's servers. */
function certificatesOf(gateway: IstioGateway): Set<string> {
  return new Set((gateway.spec?.servers ?? []).map((s) => certificateOf(s.tls)).filter((c): c is string => c !== undefined));
}

/** IST0138 on a Gateway sharing a certificate with another whose selector is within its own. */
export const gatewayDuplicateCertificate: Analyzer = {
  code: 'IST0138',
  name: 'GatewayDuplicateCertificate',
  level: 'Warning',
  description: 'A Gateway uses the TLS certificate of another whose selector holds all of its labels, so reused HTTP/2 connections can get 404s.',
  fix: 'Put the servers sharing a certificate into one Gateway, or use distinct certificates.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      const selector = gateway.spec?.selector ?? {};
      const mine = certificatesOf(gateway);
      for (const other of context.gateways) {
        const otherSelector = other.spec?.selector ?? {};
        if (other === gateway || !within(selector, otherSelector)) {
          continue;
        }
        const shared = [...certificatesOf(other)].filter((c) => mine.has(c));
        if (shared.length > 0) {
          findings.push(finding(this, gateway, `uses ${shared.join(', ')} as Gateway ${keyOf(other)} does, and its selector `
            + `${selectorString(selector) || '(empty)'} picks every pod that Gateway's ${selectorString(otherSelector) || '(empty)'} picks; `
            + 'clients reusing an HTTP/2 connection across their hosts get 404s: '
            + 'serve the hosts sharing a certificate from one Gateway, or use distinct certificates'));
        }
      }
    }
    return findings;
  },
};
