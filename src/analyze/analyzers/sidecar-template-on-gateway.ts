/**
 * CIG1016 SidecarTemplateOnGateway: a gateway workload's pod template (or Pod) asks the injection webhook for the
 * `sidecar` template (annotation `inject.istio.io/templates`, a comma-separated list of template names, lists
 * `sidecar`). That template adds the init container `istio-init`, which runs as root (runAsUser 0) with the
 * capabilities NET_ADMIN and NET_RAW to redirect the pod's traffic through iptables (istio/istio
 * `manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`); a gateway needs none of it, and the
 * `gateway` template adds only the proxy container, run as user 1337
 * (`manifests/charts/istio-control/istio-discovery/files/gateway-injection-template.yaml`). With Istio CNI the init
 * container is the unprivileged `istio-validation`, but the sidecar template still gives a gateway a sidecar's
 * interception it does not use. Pods that turn injection off (`sidecar.istio.io/inject: "false"`) are not judged.
 */
import { INJECTION_TEMPLATES_ANNOTATION, listsSidecarTemplate } from '../../istio/injection-templates';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { manifestGatewayPods, podAnnotations } from '../manifest-gateway-pods';

/** CIG1016 for gateway pods injected with the sidecar template. */
export const sidecarTemplateOnGateway: Analyzer = {
  code: 'CIG1016',
  name: 'SidecarTemplateOnGateway',
  level: 'Warning',
  description: 'A gateway workload\'s pods ask for the sidecar injection template (inject.istio.io/templates lists sidecar), which adds the '
    + 'root init container istio-init with NET_ADMIN and NET_RAW.',
  fix: 'Annotate the pod template inject.istio.io/templates: gateway, alone.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const { pod } of manifestGatewayPods(context)) {
      const annotations = podAnnotations(pod);
      const templates = annotations[INJECTION_TEMPLATES_ANNOTATION];
      if (!listsSidecarTemplate(templates)) continue;
      if (pod.labels['sidecar.istio.io/inject'] === 'false' || annotations['sidecar.istio.io/inject'] === 'false') continue;
      findings.push(finding(this, pod.owner, `the gateway's pods ask for injection template sidecar (${INJECTION_TEMPLATES_ANNOTATION}: `
        + `"${templates}"), which adds the init container istio-init, run as root with NET_ADMIN and NET_RAW to set up traffic redirection `
        + `that a gateway does not use: annotate the pod template ${INJECTION_TEMPLATES_ANNOTATION}: gateway, alone`));
    }
    return findings;
  },
};
