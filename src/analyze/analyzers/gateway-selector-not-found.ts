/**
 * IST0101 ReferencedResourceNotFound, selector variant: a Gateway whose selector matches no pod
 * (nor Deployment/DaemonSet/StatefulSet pod template) in the manifests, so no gateway workload
 * ever serves it.
 */
import { specOf } from '../../engine/model';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { gatewayPodNamespaces, selectorString } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** IST0101 for Gateways with a non-empty selector that selects no pod of the manifests. */
export const gatewaySelectorNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A Gateway selector matches no pod or pod template, so no gateway workload applies the Gateway.',
  fix: 'Make the selector match the gateway pods\' labels, or add the gateway Deployment to the manifests.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      const selector = selectorString(specOf(gateway).selector);
      // An empty selector applies to every gateway workload in the mesh.
      if (selector === '' || gatewayPodNamespaces(context, gateway).length > 0) {
        continue;
      }
      findings.push(finding(this, context.resource(gateway), `${referenceNotFound('selector', selector)} (no pod or pod template in the manifests `
        + 'carries these labels); no gateway workload serves this Gateway: match the gateway pods\' labels, or include the gateway Deployment'));
    }
    return findings;
  },
};
