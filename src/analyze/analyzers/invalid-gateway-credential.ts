/**
 * IST0161 InvalidGatewayCredential: the `credentialName` Secret exists (in the gateway pods'
 * namespace) but holds no usable key pair (`cert`/`key` or `tls.crt`/`tls.key`, non-empty), or
 * its certificate cannot be parsed, has expired or is not yet valid.
 */
import { X509Certificate } from 'crypto';
import { KubeSecret } from '../../model/core-types';
import { CREDENTIAL_KEY_PAIRS, secretValue } from '../../model/secret-data';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { credentialNamesOf, gatewayPodNamespaces } from '../lookup';

/** Why the Secret cannot serve as a gateway credential at `now`, or undefined when it can. */
export function credentialProblem(secret: KubeSecret, now: Date = new Date()): string | undefined {
  const pair = CREDENTIAL_KEY_PAIRS.find(([c, k]) => secretValue(secret, c) && secretValue(secret, k));
  if (!pair) {
    return 'holds no non-empty cert/key nor tls.crt/tls.key pair';
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(secretValue(secret, pair[0])!);
  } catch {
    return `has a ${pair[0]} that is not a PEM certificate`;
  }
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (now.getTime() > to.getTime()) {
    return `has a certificate that expired on ${to.toISOString()}`;
  }
  if (now.getTime() < from.getTime()) {
    return `has a certificate that is not valid before ${from.toISOString()}`;
  }
  return undefined;
}

/** IST0161 for each Gateway credential Secret of the manifests that istiod cannot serve or clients will refuse. */
export const invalidGatewayCredential: Analyzer = {
  code: 'IST0161',
  name: 'InvalidGatewayCredential',
  level: 'Error',
  description: 'A Gateway credentialName Secret has no usable certificate/key pair, or its certificate is expired or not yet valid.',
  fix: 'Store a current PEM certificate and key under tls.crt/tls.key (or cert/key) in the Secret.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      for (const namespace of gatewayPodNamespaces(context, gateway)) {
        for (const { name } of credentialNamesOf(gateway)) {
          const secret = context.secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === name);
          const problem = secret && credentialProblem(secret);
          if (problem) {
            findings.push(finding(this, gateway, `credentialName "${name}": Secret ${namespace}/${name} ${problem}; `
              + 'TLS handshakes on this server fail: store a current PEM certificate and key under tls.crt/tls.key (or cert/key)'));
          }
        }
      }
    }
    return findings;
  },
};
