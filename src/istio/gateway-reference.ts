/**
 * VirtualService `gateways` references: how istiod's webhook checks them (istio/istio
 * `pkg/config/validation/validation.go` `validateGatewayNames`) and how Istio resolves them (istio/istio
 * `pilot/pkg/model/config.go` `resolveGatewayName`).
 */
import { fqdnProblem } from './host';
import { isDnsLabel, isDnsLabelAnyCase } from './names';

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

/** A problem with one entry of a `gateways` list. */
export interface GatewayReferenceProblem {
  /** The index of the entry. */
  readonly index: number;
  /** `error` refuses the object; `warning` (the legacy dotted form) only warns. */
  readonly severity: 'error' | 'warning';
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * The problems istiod finds with a `gateways` list: `namespace/name` with two DNS labels, or a name without a slash
 * that must be a domain name (`mesh`, `public`; the legacy `name.namespace[.svc.cluster.local]` form is accepted with
 * a warning). As istiod does, entries after the first one without a slash are not checked.
 */
export function gatewayReferenceProblems(references: readonly string[]): GatewayReferenceProblem[] {
  const problems: GatewayReferenceProblem[] = [];
  const fix = 'write namespace/name, e.g. istio-system/public';
  for (let index = 0; index < references.length; index++) {
    const reference = references[index];
    const slash = reference.indexOf('/');
    if (slash < 0) {
      if (reference.includes('.')) {
        const [name, namespace] = reference.split('.');
        problems.push({ index, severity: 'warning', message: `gateway reference '${reference}' uses the legacy dotted form`, fix: `write it as '${namespace}/${name}'` });
      }
      const problem = fqdnProblem(reference);
      if (problem) problems.push({ index, severity: 'error', message: `gateway reference '${reference}' ${problem}`, fix });
      return problems;
    }
    const namespace = reference.slice(0, slash);
    const name = reference.slice(slash + 1);
    if (namespace === '' || name === '') {
      problems.push({ index, severity: 'error', message: `gateway reference '${reference}' has an empty ${namespace === '' ? 'namespace' : 'name'}`, fix });
      continue;
    }
    if (!isDnsLabelAnyCase(namespace)) {
      problems.push({ index, severity: 'error', message: `gateway reference '${reference}': namespace '${namespace}' is not a DNS-1123 label`, fix: namespace === '.' ? "write the namespace's name instead of '.'" : fix });
    }
    if (!isDnsLabelAnyCase(name)) {
      problems.push({ index, severity: 'error', message: `gateway reference '${reference}': name '${name}' is not a DNS-1123 label`, fix });
    }
  }
  return problems;
}
