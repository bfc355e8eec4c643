/**
 * IST0101 ReferencedResourceNotFound, gateway variant: a VirtualService (or one of its matches)
 * names a Gateway the manifests do not hold. As istioctl does, a Kubernetes Gateway API Gateway of
 * that name counts as existing, and a reference to a Gateway istiod generates for one is IST0165
 * ReferencedInternalGateway instead (istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/gateways.go` `analyzeVirtualService`).
 */
import { keyOf } from '../../engine/model';
import { isInternalGatewayReference, MESH_GATEWAY, resolveGatewayReference } from '../../istio/gateway-reference';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { Finding, FindingReference } from '../finding';
import { gatewayReferencesOf } from '../istio-fields';
import { kubernetesGatewaysOf } from '../kubernetes-gateways';
import { referenceNotFound } from '../reference-message';


/** IST0101 for `gateways` references (resolved as istiod resolves them, legacy forms included). */
export const referencedGatewayNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A VirtualService binds a Gateway (in `gateways` or a match\'s `gateways`) that does not exist, so it never applies there.',
  fix: 'Name an existing Gateway as namespace/name, or add the Gateway.',
  referenceVariants: ['gateway'],
  analyze(context, scope = EVERY_FINDING) {
    const kubernetesGateways = kubernetesGatewaysOf(context);
    const known = new Set([...context.gateways.map(keyOf), ...kubernetesGateways.keys()]);
    // Gateways by name, to point a reference at the namespace that holds a Gateway of its name.
    const byName = new Map<string, string[]>();
    for (const key of known) {
      const name = key.slice(key.indexOf('/') + 1);
      byName.set(name, [...byName.get(name) ?? [], key]);
    }
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      for (const reference of new Set(gatewayReferencesOf(vs).map((r) => r.reference))) {
        if (reference === MESH_GATEWAY || isInternalGatewayReference(reference)) {
          continue;
        }
        const key = resolveGatewayReference(reference, vs.metadata.namespace);
        if (key !== undefined && known.has(key)) {
          continue;
        }
        // `namespace/name` when the reference resolves; a malformed one names no namespace.
        const [namespace, name] = key === undefined ? [undefined, reference] : key.split('/');
        const referred: FindingReference = { variant: 'gateway', written: reference, kind: 'Gateway', namespace, name };
        if (scope.admitsReference(referred)) {
          const namesakes = byName.get(name) ?? [];
          findings.push(finding(this, vs, `${referenceNotFound(referred)}${key && key !== reference ? ` (${key})` : ''}; `
            + `the VirtualService does not apply to it: name an existing Gateway as namespace/name${namesakes.length > 0
              ? `, e.g. ${namesakes.join(' or ')}` : ''}`, referred));
        }
      }
    }
    return findings;
  },
};
