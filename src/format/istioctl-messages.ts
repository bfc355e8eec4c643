/**
 * `analyze -o json|yaml`: findings in the shape `istioctl analyze -o json|yaml` prints its messages, and istioctl's
 * way of naming a resource (`Kind name.namespace`), which `--suppress` matches against.
 */
import { Finding } from '../analyze/finding';
import { describeObject, KubeObject, originDetails } from '../manifests/kube-object';

/**
 * One message as `istioctl analyze -o json` prints it: the fields in istioctl's (alphabetical) order, `reference` and
 * `documentationUrl` only when known.
 */
export interface IstioctlMessage {
  /** The code, e.g. `IST0101` or `CIG1001`. */
  readonly code: string;
  /** The istio.io page of an `IST` code; absent for this project's `CIG` codes, which istio.io does not describe. */
  readonly documentationUrl?: string;
  /** `Error`, `Warning` or `Info`. */
  readonly level: string;
  /** What is wrong, with the fix. */
  readonly message: string;
  /** The resource as istioctl names it: `VirtualService cart.apps` (`Kind name` for cluster-scoped kinds). */
  readonly origin: string;
  /** The file (or `<stdin>`) that holds the resource, when the manifests came from one; istioctl adds `:line`, this does not. */
  readonly reference?: string;
}

/** Where istio.io describes its analysis codes (the latest docs; istioctl links the docs of its own version). */
export const ISTIO_ANALYSIS_DOCS = 'https://istio.io/latest/docs/reference/config/analysis';

/** Kinds without a namespace, which istioctl names `Kind name`. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'IngressClass', 'GatewayClass', 'PriorityClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ClusterIssuer',
]);

/**
 * A finding's resource as istioctl names it: `VirtualService apps/cart` becomes `VirtualService cart.apps`, and a
 * cluster-scoped kind drops the namespace (`Namespace apps`). Anything not in the `Kind NS/NAME` form is returned as
 * it is.
 */
export function istioctlResourceName(resource: string): string {
  const match = /^(\S+) ([^/\s]+)\/([^/\s]+)$/.exec(resource);
  if (match === null) {
    return resource;
  }
  const [, kind, namespace, name] = match;
  return CLUSTER_SCOPED_KINDS.has(kind) ? `${kind} ${name}` : `${kind} ${name}.${namespace}`;
}

/**
 * The findings as istioctl's messages.
 *
 * @param findings - the findings to print.
 * @param objects - the loaded objects, to name the file of each finding's resource.
 */
export function istioctlMessages(findings: readonly Finding[], objects: readonly KubeObject[]): IstioctlMessage[] {
  const sources = new Map<string, string>();
  for (const object of objects) {
    const source = originDetails(object)?.source;
    const resource = describeObject(object);
    if (source !== undefined && !sources.has(resource)) {
      sources.set(resource, source);
    }
  }
  return findings.map((finding) => {
    const reference = sources.get(finding.resource);
    return {
      code: finding.code,
      ...(/^IST\d+$/.test(finding.code) ? { documentationUrl: `${ISTIO_ANALYSIS_DOCS}/${finding.code.toLowerCase()}/` } : {}),
      level: finding.level,
      message: finding.message,
      origin: istioctlResourceName(finding.resource),
      ...(reference === undefined ? {} : { reference }),
    };
  });
}
