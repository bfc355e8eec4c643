/**
 * VirtualService `gateways` references and how Istio resolves them (istio/istio
 * `pilot/pkg/model/config.go` `resolveGatewayName`).
 */
import { isDnsLabel } from './names';

/** The reserved reference meaning "all sidecars". */
export const MESH_GATEWAY = 'mesh';

/**
 * The `namespace/name` a gateway reference written in a VirtualService of `namespace` means:
 * `name`, `./name`, `ns/name` and the legacy `name.ns.svc.cluster.local` or `name.ns` forms.
 * Undefined for `mesh` and for malformed references.
 */
export function resolveGatewayReference(reference: string, namespace: string): string | undefined {
  if (reference === MESH_GATEWAY) {
    return undefined;
  }
  if (reference.includes('/')) {
    const [ns, name, ...rest] = reference.split('/');
    return rest.length === 0 && (ns === '.' || isDnsLabel(ns)) && isDnsLabel(name) ? `${ns === '.' ? namespace : ns}/${name}` : undefined;
  }
  if (reference.includes('.')) {
    const [name, ns] = reference.split('.');
    return isDnsLabel(name) && isDnsLabel(ns) ? `${ns}/${name}` : undefined;
  }
  return isDnsLabel(reference) ? `${namespace}/${reference}` : undefined;
}
