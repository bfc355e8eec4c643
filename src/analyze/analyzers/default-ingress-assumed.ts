/**
 * CIG1012 DefaultIngressAssumed: a Gateway that selects the pods of the default ingress gateway the
 * analysis assumes installed, as `istioctl analyze` does for files. It is not reported as selecting
 * nothing (IST0101), and its ports, Secrets and conflicts were checked against that assumed
 * gateway: this note says so, on the Gateway, next to the findings it explains.
 */
import { selects } from '../../engine/model';
import { Analyzer, finding } from '../analyzer';
import { DEFAULT_INGRESS_DESCRIPTION, DEFAULT_INGRESS_LABELS, DEFAULT_INGRESS_NAMESPACE } from '../default-ingress';
import { Finding } from '../finding';
import { selectorString } from '../lookup';

/**
 * CIG1012 on each Gateway that selects the pods of the assumed default ingress gateway: a Gateway for it (which then
 * selects no pod of the manifests), or one without selector.
 */
export const defaultIngressAssumed: Analyzer = {
  code: 'CIG1012',
  name: 'DefaultIngressAssumed',
  level: 'Info',
  description: 'A Gateway applies to the default ingress gateway assumed installed (istio: ingressgateway pods and Service '
    + 'istio-ingressgateway in istio-system, as istioctl analyze assumes for files), whose pods the manifests lack, so it was checked against it.',
  fix: 'Nothing, when the cluster runs that gateway; otherwise add the gateway workload to the manifests, or analyze with --no-default-ingress '
    + '(assumeDefaultIngress: false).',
  analyze(context) {
    const findings: Finding[] = [];
    if (context.defaultIngress === undefined) {
      return findings;
    }
    const labels = selectorString(DEFAULT_INGRESS_LABELS);
    for (const gateway of context.gateways) {
      const selector = gateway.spec?.selector ?? {};
      const pods = context.gatewayPods().filter((p) => selects(selector, p.labels));
      if (!pods.some((p) => p.assumed)) {
        continue;
      }
      // A selector the assumed pods satisfy is {istio: ingressgateway} or empty; only an empty one also selects pods of the manifests.
      const written = selectorString(selector);
      const unmatched = written !== '' ? `selector ${written} matches no pod of the manifests`
        : pods.every((p) => p.assumed) ? 'the Gateway has no selector and the manifests hold no pod'
          : 'the Gateway has no selector, so it applies to every gateway workload';
      findings.push(finding(this, gateway, `${unmatched}: the Gateway was checked against the default ingress gateway assumed installed, `
        + `as istioctl analyze assumes for files (pods labelled ${labels} in ${DEFAULT_INGRESS_NAMESPACE}, Service ${DEFAULT_INGRESS_DESCRIPTION}); `
        + 'if the cluster runs no such gateway, add the gateway workload to the manifests or analyze with --no-default-ingress'));
    }
    return findings;
  },
};
