/**
 * IST0101 ReferencedResourceNotFound, gateway variant: a VirtualService (or one of its matches)
 * names a Gateway the manifests do not hold.
 */
import { keyOf, specOf } from '../../engine/model';
import { MESH_GATEWAY, resolveGatewayReference } from '../../istio/gateway-reference';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { referenceNotFound } from '../reference-message';

/** IST0101 for `gateways` references (resolved as istiod resolves them, legacy forms included). */
export const referencedGatewayNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A VirtualService binds a Gateway (in `gateways` or a match\'s `gateways`) that does not exist, so it never applies there.',
  fix: 'Name an existing Gateway as namespace/name, or add the Gateway.',
  analyze(context) {
    const known = new Set(context.gateways.map(keyOf));
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      const spec = specOf(vs);
      const references: string[] = [
        ...(spec.gateways ?? []),
        ...['http', 'tcp', 'tls'].flatMap((section) => (spec[section] ?? []).flatMap((rule: any) => (rule.match ?? []).flatMap((m: any) => m.gateways ?? []))),
      ];
      for (const reference of new Set(references)) {
        if (reference === MESH_GATEWAY) {
          continue;
        }
        const key = resolveGatewayReference(reference, vs.metadata.namespace);
        if (key === undefined || !known.has(key)) {
          findings.push(finding(this, context.resource(vs), `${referenceNotFound('gateway', reference)}${key && key !== reference ? ` (${key})` : ''}; `
            + 'the VirtualService does not apply to it: name an existing Gateway as namespace/name'));
        }
      }
    }
    return findings;
  },
};
