/**
 * The namespaces `istioctl analyze` never reads: Kubernetes' own (`kube-system`, `kube-public`, `kube-node-lease`) and
 * kind's `local-path-storage` (istio/istio `pkg/kube/inject/initializer.go` `IgnoredNamespaces`). Objects in them are
 * left out of every analyzer's input, from files (`pkg/config/analysis/local/istiod_analyze.go`
 * `addReaderKubeSourceInternal`, its `SetNamespacesFilter`) as from a cluster (`AddRunningKubeSourceWithRevision`, its
 * field selectors); a Namespace object counts by its own name.
 */
import { KubeObject } from '../manifests/kube-object';

/** The namespaces `istioctl analyze` leaves out. */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/**
 * Kinds without a namespace that the analyzers read besides Namespace: istioctl clears the namespace of such objects,
 * so the one the loader fills in does not leave them out.
 */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(['v1/Node']);

/** True when `istioctl analyze` reads the object: it is not in (and, for a Namespace, is not) an ignored namespace. */
export function isAnalyzedNamespace(object: KubeObject): boolean {
  if (CLUSTER_SCOPED_KINDS.has(`${object.apiVersion}/${object.kind}`)) {
    return true;
  }
  const namespace = object.kind === 'Namespace' && object.apiVersion === 'v1' ? object.metadata.name : object.metadata.namespace;
  return !IGNORED_NAMESPACES.has(namespace);
}
