/**
 * The default ingress gateway the analysis assumes is installed beside the manifests, as `istioctl analyze` does for
 * files: a gateway pod labelled `istio: ingressgateway` and the Service `istio-ingressgateway`, both in `istio-system`
 * (istio/istio `pkg/config/analysis/local/defaults.go`, added by `IstiodAnalyzer.AddDefaultResources` in
 * `istiod_analyze.go` when istioctl reads files without a cluster, and by the analyzer tests' `setupAnalyzerForCase`).
 *
 * istioctl adds its defaults beside whatever the files hold. Here they are assumed only when the manifests do not
 * define that gateway themselves (see {@link assumedDefaultIngress}): a gateway the manifests define is the truth about
 * the cluster, and a phantom Service beside it would expose its ports to the same pods and hide a missing port.
 */
import { isPod, isWorkload } from './workload-kinds';
import { selects } from '../engine/model';
import { KubeObject } from '../manifests/kube-object';
import { KubePod, KubeService, KubeServicePort } from '../model/core-types';

/** The namespace of the default ingress gateway: istioctl's `--istioNamespace` default. */
export const DEFAULT_INGRESS_NAMESPACE = 'istio-system';

/** The name of the default ingress gateway's Service: the mesh config's `ingressService` default. */
export const DEFAULT_INGRESS_SERVICE = 'istio-ingressgateway';

/** The labels of the default ingress gateway's pods, which its Service selects. */
export const DEFAULT_INGRESS_LABELS: Readonly<Record<string, string>> = Object.freeze({ istio: 'ingressgateway' });

/** The ports of istioctl's default ingress Service: each TCP, its targetPort the same number. */
const DEFAULT_INGRESS_PORTS: readonly KubeServicePort[] = [
  { name: 'http2', port: 80, targetPort: 80, nodePort: 31380, protocol: 'TCP' },
  { name: 'https', port: 443, targetPort: 443, nodePort: 31390, protocol: 'TCP' },
  { name: 'tcp', port: 31400, targetPort: 31400, nodePort: 31400, protocol: 'TCP' },
  { name: 'tls', port: 15443, targetPort: 15443, nodePort: 31447, protocol: 'TCP' },
];

/** The default ingress gateway, as the analysis assumes it: objects no manifest holds. */
export interface DefaultIngress {
  /** Its pod: labelled {@link DEFAULT_INGRESS_LABELS}, in {@link DEFAULT_INGRESS_NAMESPACE}, with an `istio-proxy` container. */
  readonly pod: KubePod;
  /** Its Service: {@link DEFAULT_INGRESS_NAMESPACE}/{@link DEFAULT_INGRESS_SERVICE}, selecting the pod. */
  readonly service: KubeService;
}

/** `ns/name` of the default ingress Service and its ports, as messages name them: `istio-system/istio-ingressgateway (ports 80, 443, ...)`. */
export const DEFAULT_INGRESS_DESCRIPTION = `${DEFAULT_INGRESS_NAMESPACE}/${DEFAULT_INGRESS_SERVICE} `
  + `(ports ${DEFAULT_INGRESS_PORTS.map((p) => p.port).join(', ')})`;


/** The pod labels of a Pod, or of the pod template of a Deployment, DaemonSet or StatefulSet; undefined for other kinds. */
function podLabelsOf(object: KubeObject): Readonly<Record<string, string>> | undefined {
  if (isPod(object)) {
    return object.metadata.labels ?? {};
  }
  if (isWorkload(object)) {
    return object.spec?.template?.metadata?.labels ?? {};
  }
  return undefined;
}

/**
 * True when the manifests define the default ingress gateway themselves: a Pod, Deployment, DaemonSet or StatefulSet
 * whose pods carry {@link DEFAULT_INGRESS_LABELS} (in any namespace), or a Service
 * {@link DEFAULT_INGRESS_NAMESPACE}/{@link DEFAULT_INGRESS_SERVICE}.
 *
 * @param objects - the manifests' objects, each of the shape its kind declares.
 */
export function definesDefaultIngress(objects: readonly KubeObject[]): boolean {
  return objects.some((o) => {
    if (o.kind === 'Service' && o.apiVersion === 'v1') {
      return o.metadata.namespace === DEFAULT_INGRESS_NAMESPACE && o.metadata.name === DEFAULT_INGRESS_SERVICE;
    }
    const labels = podLabelsOf(o);
    return labels !== undefined && selects(DEFAULT_INGRESS_LABELS, labels);
  });
}

/**
 * The default ingress gateway to assume beside `objects`, or undefined when the manifests define it themselves
 * ({@link definesDefaultIngress}): then nothing is assumed, neither its pod nor its Service. A gateway workload of
 * other labels in the manifests does not count: a repository often defines one gateway next to Gateways for the
 * default ingress that Istio's Helm chart installed.
 *
 * @param objects - the manifests' objects, each of the shape its kind declares.
 */
export function assumedDefaultIngress(objects: readonly KubeObject[]): DefaultIngress | undefined {
  if (definesDefaultIngress(objects)) {
    return undefined;
  }
  const labels = { ...DEFAULT_INGRESS_LABELS };
  const pod: KubePod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${DEFAULT_INGRESS_SERVICE}-assumed`, namespace: DEFAULT_INGRESS_NAMESPACE, labels },
    spec: { containers: [{ name: 'istio-proxy' }] },
  };
  const service: KubeService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: DEFAULT_INGRESS_SERVICE, namespace: DEFAULT_INGRESS_NAMESPACE },
    spec: { selector: { ...DEFAULT_INGRESS_LABELS }, ports: DEFAULT_INGRESS_PORTS },
  };
  return { pod, service };
}
