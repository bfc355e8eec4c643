/**
 * Istio's injection templates, as a pod picks them with the `inject.istio.io/templates` annotation (a comma-separated
 * list of template names; istio/istio `pkg/kube/inject/inject.go`).
 */

/** The pod annotation that names the injection templates of a pod. */
export const INJECTION_TEMPLATES_ANNOTATION = 'inject.istio.io/templates';

/**
 * True when an `inject.istio.io/templates` value lists the `sidecar` template, whose `istio-init` init container runs
 * as root with NET_ADMIN and NET_RAW (`manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`).
 *
 * @param templates - the annotation's value, if the pod has it.
 */
export function listsSidecarTemplate(templates: string | undefined): boolean {
  return templates !== undefined && templates.split(',').map((t) => t.trim()).includes('sidecar');
}
