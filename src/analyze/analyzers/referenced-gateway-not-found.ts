/**
 * IST0101 ReferencedResourceNotFound, gateway variant: a VirtualService (or one of its matches)
 * names a Gateway the manifests do not hold.
 */
import { keyOf } from '../../engine/model';
import { MESH_GATEWAY, resolveGatewayReference } from '../../istio/gateway-reference';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { Finding, FindingReference } from '../finding';
import { gatewayReferencesOf } from '../istio-fields';
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
    const known = new Set(context.gateways.map(keyOf));
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      for (const reference of new Set(gatewayReferencesOf(vs).map((r) => r.reference))) {
        if (reference === MESH_GATEWAY) {
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
          findings.push(finding(this, vs, `${referenceNotFound(referred)}${key && key !== reference ? ` (${key})` : ''}; `
            + 'the VirtualService does not apply to it: name an existing Gateway as namespace/name', referred));
        }
      }
    }
    return findings;
  },
};
