/**
 * Label and annotation keys and label values as the Kubernetes API server checks `metadata.labels` and
 * `metadata.annotations` (k8s.io/apimachinery `pkg/util/validation` `IsQualifiedName` and `IsValidLabelValue`).
 * Stricter than Istio's own label maps (see labels.ts): the key prefix is a lowercase DNS subdomain, and values have
 * at most 63 characters.
 */
import { isDnsSubdomain } from './names';

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** True when `key` is a label key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
export function isKubernetesLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  return (slash < 0 || isDnsSubdomain(key.slice(0, slash))) && name.length > 0 && isKubernetesLabelValue(name);
}

/** True when `value` is a label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export function isKubernetesLabelValue(value: string): boolean {
  return value.length <= 63 && NAME.test(value);
}

/** True when `key` is an annotation key: a qualified name as for labels, read case-insensitively. */
export function isAnnotationKey(key: string): boolean {
  return isKubernetesLabelKey(key.toLowerCase());
}
