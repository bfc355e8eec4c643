/**
 * IST0146 ImageAutoWithoutInjectionWarning: a Deployment runs an `istio-proxy` container with
 * `image: auto`, which only the injection webhook replaces, but nothing asks for injection.
 */
import { KubeObject } from '../../manifests/kube-object';
import { KubeWorkload } from '../../model/core-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** True when the namespace's labels enable injection (`istio-injection=enabled` or a revision label). */
function injectionEnabledNamespace(namespace: KubeObject | undefined): boolean {
  const labels = namespace?.metadata.labels ?? {};
  return labels['istio-injection'] === 'enabled' || (labels['istio.io/rev'] !== undefined && labels['istio-injection'] !== 'disabled');
}

/** IST0146 for Deployments whose `image: auto` proxy would never be injected. */
export const imageAutoWithoutInjection: Analyzer = {
  code: 'IST0146',
  name: 'ImageAutoWithoutInjectionWarning',
  level: 'Warning',
  description: 'A Deployment has an istio-proxy container with image auto, but neither its pods nor its namespace enable injection.',
  fix: 'Label the pod template sidecar.istio.io/inject: "true", or label the namespace istio-injection=enabled.',
  analyze(context) {
    const namespaces = new Map(context.objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((n) => [n.metadata.name, n]));
    const findings: Finding[] = [];
    for (const deployment of context.workloads.filter((w): w is KubeWorkload => w.kind === 'Deployment')) {
      const template = deployment.spec?.template ?? {};
      const containers = template.spec?.containers ?? [];
      if (!containers.some((c) => c.name === 'istio-proxy' && c.image === 'auto')) continue;
      const labels = template.metadata?.labels ?? {};
      const inject = labels['sidecar.istio.io/inject'];
      if (inject === 'true' || (inject === undefined && labels['istio.io/rev'] !== undefined)) continue;
      if (inject !== 'false' && injectionEnabledNamespace(namespaces.get(deployment.metadata.namespace))) continue;
      findings.push(finding(this, deployment, `container istio-proxy has image auto, but ${inject === 'false'
        ? 'the pod template disables injection (sidecar.istio.io/inject: "false")'
        : `neither the pod template (label sidecar.istio.io/inject: "true") nor namespace ${deployment.metadata.namespace} enables injection`}; `
        + 'the pods would try to pull an image named auto'));
    }
    return findings;
  },
};
