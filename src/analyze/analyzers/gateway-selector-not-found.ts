/**
 * IST0101 ReferencedResourceNotFound, selector variant: a Gateway whose selector matches no pod
 * (nor Deployment/DaemonSet/StatefulSet pod template) in the manifests, nor the pods of the default
 * ingress gateway the analysis assumes (`istio: ingressgateway` in istio-system, as `istioctl
 * analyze` assumes for files), so no gateway workload ever serves it.
 */
import { selects } from '../../engine/model';
import { IstioGateway } from '../../model/istio-types';
import { AnalysisContext } from '../analysis-context';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { DEFAULT_INGRESS_LABELS, DEFAULT_INGRESS_NAMESPACE, DEFAULT_INGRESS_SERVICE } from '../default-ingress';
import { Finding, FindingReference } from '../finding';
import { gatewayPodNamespaces, selectorString } from '../lookup';
import { referenceNotFound } from '../reference-message';

/**
 * Why the default ingress gateway, whose pods the Gateway's selector would match, was not assumed: the analysis was
 * asked not to, or the manifests define it (its Service, as its pods would be selected). Empty for other selectors.
 */
function defaultIngressNotAssumed(context: AnalysisContext, gateway: IstioGateway): string {
  if (!selects(gateway.spec?.selector, DEFAULT_INGRESS_LABELS)) {
    return '';
  }
  return context.assumesDefaultIngress
    ? `; the manifests define Service ${DEFAULT_INGRESS_NAMESPACE}/${DEFAULT_INGRESS_SERVICE}, so the default ingress gateway is not assumed`
    : '; the default ingress gateway is not assumed in this analysis';
}

/** IST0101 for Gateways with a non-empty selector that selects no pod of the manifests nor of the assumed default ingress. */
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
          + `carries these labels${defaultIngressNotAssumed(context, gateway)}); `
          + 'no gateway workload serves this Gateway: match the gateway pods\' labels, or include the gateway Deployment', referred));
      }
    }
    return findings;
  },
};
