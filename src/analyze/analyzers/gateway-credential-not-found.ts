/**
 * IST0101 ReferencedResourceNotFound, credentialName variant: a Gateway TLS server names a Secret
 * that is absent from the namespace of the gateway pods (istiod reads it there, not in the
 * Gateway's namespace). A cert-manager Certificate there whose `spec.secretName` is that name
 * counts as present: cert-manager will create the Secret.
 */
import { AnalysisContext } from '../analysis-context';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { Finding, FindingReference } from '../finding';
import { certificateWriting, credentialNamesOf, gatewayPodNamespaces } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** True when the manifests hold Secret `name` in `namespace`, or a cert-manager Certificate that writes it. */
export function credentialPresent(context: AnalysisContext, namespace: string, name: string): boolean {
  return context.secrets.some((s) => s.metadata.namespace === namespace && s.metadata.name === name)
    || certificateWriting(context, namespace, name) !== undefined;
}

/** IST0101 for each `credentialName` without a Secret (or Certificate) in the gateway pods' namespace. */
export const gatewayCredentialNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A Gateway TLS server\'s credentialName names a Secret that is not in the namespace of the gateway pods, so TLS handshakes fail.',
  fix: 'Create the Secret (or a cert-manager Certificate with that secretName) in the gateway pods\' namespace.',
  referenceVariants: ['credentialName'],
  analyze(context, scope = EVERY_FINDING) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      // No pods: the selector variant reports it.
      for (const namespace of gatewayPodNamespaces(context, gateway)) {
        for (const { name } of credentialNamesOf(gateway)) {
          const referred: FindingReference = { variant: 'credentialName', written: name, kind: 'Secret', namespace, name };
          if (scope.admitsReference(referred) && !credentialPresent(context, namespace, name)) {
            findings.push(finding(this, gateway, `${referenceNotFound(referred)} (no Secret ${namespace}/${name} `
              + `and no cert-manager Certificate with secretName ${name} in ${namespace}, the namespace of the selected gateway pods); `
              + `TLS handshakes on this server fail: create the Secret in ${namespace}, not in the Gateway's namespace`, referred));
          }
        }
      }
    }
    return findings;
  },
};
