/**
 * IST0101 ReferencedResourceNotFound, `host+subset in destinationrule` and
 * `mirror+subset in destinationrule` variants: a destination names a subset that no
 * DestinationRule for its host defines, so the subset cluster does not exist (503 NC).
 */
import { resolveShortName } from '../../istio/host';
import { Analyzer, EVERY_FINDING, finding } from '../analyzer';
import { Finding, FindingReference } from '../finding';
import { destinationsOf } from '../lookup';
import { referenceNotFound } from '../reference-message';

/** IST0101 for subsets no DestinationRule defines for the destination host. */
export const destinationSubsetNotFound: Analyzer = {
  code: 'IST0101',
  name: 'ReferencedResourceNotFound',
  level: 'Error',
  description: 'A VirtualService destination (or mirror) names a subset that no DestinationRule for that host defines.',
  fix: 'Define the subset in a DestinationRule for the host, or drop the subset.',
  referenceVariants: ['host+subset in destinationrule', 'mirror+subset in destinationrule'],
  analyze(context, scope = EVERY_FINDING) {
    const defined = new Set<string>();
    for (const dr of context.destinationRules) {
      const host = resolveShortName(dr.spec?.host ?? '', dr.metadata.namespace);
      for (const subset of dr.spec?.subsets ?? []) {
        defined.add(`${host}+${subset.name}`);
      }
    }
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      for (const { destination, mirror, where } of destinationsOf(vs)) {
        const subset = destination.subset;
        if (!subset) {
          continue;
        }
        const host = resolveShortName(destination.host, vs.metadata.namespace);
        if (defined.has(`${host}+${subset}`)) {
          continue;
        }
        const referred: FindingReference = {
          variant: mirror ? 'mirror+subset in destinationrule' : 'host+subset in destinationrule',
          written: `${destination.host}+${subset}`,
          kind: 'DestinationRule',
          name: host,
          subset,
        };
        if (scope.admitsReference(referred)) {
          findings.push(finding(this, vs, `${referenceNotFound(referred)} `
            + `(${where}; no DestinationRule for host ${host} defines subset ${subset}); requests routed there `
            + `get 503: add subset ${subset} to a DestinationRule for ${host}, or drop the subset`, referred));
        }
      }
    }
    return findings;
  },
};
