/**
 * IST0173 DestinationRuleSubsetNotSelectPods: a DestinationRule subset whose labels, together with
 * the selector of its Service (or the workloadSelector of its ServiceEntry), match no pod or pod
 * template of the manifests, so the subset cluster has no endpoints (503 UH). Only judged when the
 * manifests hold pods of the Service at all: backends deployed elsewhere cannot be checked.
 */
import { selects } from '../../engine/model';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { lookupHost, podsSelectedBy, selectorString } from '../lookup';

/** IST0173 for each subset of a known host that selects no pod. */
export const destinationRuleSubsetNotSelectPods: Analyzer = {
  code: 'IST0173',
  name: 'DestinationRuleSubsetNotSelectPods',
  level: 'Error',
  description: 'A DestinationRule subset\'s labels, with its Service selector, match no pod, so the subset has no endpoints.',
  fix: 'Make the subset labels match labels of the pods behind the Service.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const dr of context.destinationRules) {
      const service = lookupHost(context, dr.spec?.host ?? '', dr.metadata.namespace);
      // Unknown hosts are IST0174; without a selector (ServiceEntry endpoints, manual Endpoints) the endpoints are not pods here.
      if (!service || Object.keys(service.selector ?? {}).length === 0) {
        continue;
      }
      const own = podsSelectedBy(context, service.object.metadata.namespace, service.selector ?? {});
      if (own.length === 0) {
        continue;
      }
      for (const subset of dr.spec?.subsets ?? []) {
        const selector = { ...service.selector ?? {}, ...subset.labels ?? {} };
        if (!own.some((p) => selects(selector, p.labels))) {
          findings.push(finding(this, dr, `subset ${subset.name} selects no pod: none of the ${own.length} pod(s) or pod template(s) of the `
            + `${service.object.kind} in namespace `
            + `${service.object.metadata.namespace} carries ${selectorString(selector) || '(no labels)'} (the ${service.object.kind} selector plus the `
            + 'subset labels); requests to the subset get 503: make the subset labels match the pods behind the Service'));
        }
      }
    }
    return findings;
  },
};
