/**
 * Helpers the engine reads loaded objects with: keys, kinds, label selection and Istio's processing order.
 */
import { KubeObject } from '../manifests/kube-object';

/** `namespace/name` of an object. */
export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

/** True when `obj` is of `kind` in `group` (any version). */
export function isKind(obj: KubeObject, group: string, kind: string): boolean {
  const slash = obj.apiVersion.lastIndexOf('/');
  const objGroup = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return obj.kind === kind && objGroup === group;
}

/** The Istio networking group. */
export const ISTIO_NETWORKING = 'networking.istio.io';

/** True when every selector label is present in `labels` with the same value. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/**
 * Istio's processing order for conflicting configuration: creationTimestamp, then name, then
 * namespace (objects without a timestamp sort as equal and fall back to the name).
 */
export function byCreationOrder(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : 0;
  const tb = b.metadata.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : 0;
  if (ta !== tb) {
    return ta - tb;
  }
  return compare(a.metadata.name, b.metadata.name) || compare(a.metadata.namespace, b.metadata.namespace);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
