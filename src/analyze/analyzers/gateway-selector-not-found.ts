/**
 * IST0101 ReferencedResourceNotFound, selector variant: a Gateway whose selector matches no pod
 * (nor Deployment/DaemonSet/StatefulSet pod template) in the manifests, so no gateway workload
 * ever serves it.
 */
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { Finding, FindingReference } from '../finding';
import { gatewayPodNamespaces, selectorString } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** IST0101 for Gateways with a non-empty selector that selects no pod of the manifests. */
export const gatewaySelectorNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A Gateway selector matches no pod or pod template, so no gateway workload applies the Gateway.',
  fix: 'Make the selector match the gateway pods\' labels, or add the gateway Deployment to the manifests.',
  referenceVariants: ['selector'],
  analyze(context, scope = EVERY_FINDING) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      const selector = selectorString(gateway.spec?.selector);
      // An empty selector applies to every gateway workload in the mesh.
      if (selector === '' || gatewayPodNamespaces(context, gateway).length > 0) {
        continue;
      }
      const referred: FindingReference = { variant: 'selector', written: selector, kind: 'Pod', name: selector };
      if (scope.admitsReference(referred)) {
        findings.push(finding(this, gateway, `${referenceNotFound(referred)} (no pod or pod template in the manifests `
          + 'carries these labels); no gateway workload serves this Gateway: match the gateway pods\' labels, or include the gateway Deployment', referred));
      }
    }
    return findings;
  },
};
