/**
 * IST0174 UnknownDestinationRuleHost: a DestinationRule `host` (short names resolved in the
 * rule's namespace) that matches no Service and no ServiceEntry host, so its policy and subsets
 * apply to nothing.
 */
import { resolveShortName } from '../../istio/host';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { lookupHost } from '../lookup';

/** IST0174 for each DestinationRule whose host names no Service or ServiceEntry of the manifests. */
export const unknownDestinationRuleHost: Analyzer = {
  code: 'IST0174',
  name: 'UnknownDestinationRuleHost',
  level: 'Warning',
  description: 'A DestinationRule host matches no Service or ServiceEntry, so its traffic policy and subsets apply to nothing.',
  fix: 'Set host to an existing Service (name.namespace.svc.cluster.local) or ServiceEntry host.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const dr of context.destinationRules) {
      const host = dr.spec?.host;
      if (!host || host.includes('*') || lookupHost(context, host, dr.metadata.namespace)) {
        continue;
      }
      findings.push(finding(this, dr, `host "${host}" (${resolveShortName(host, dr.metadata.namespace)}) matches no Service or `
        + 'ServiceEntry host in the manifests; its traffic policy and subsets apply to nothing: name an existing Service or ServiceEntry host'));
    }
    return findings;
  },
};
