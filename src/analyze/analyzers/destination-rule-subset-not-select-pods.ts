/**
 * IST0173 DestinationRuleSubsetNotSelectPods: a DestinationRule subset whose labels, together with
 * the selector of its Service (or the workloadSelector of its ServiceEntry), match no pod or pod
 * template of the manifests, so the subset cluster has no endpoints (503 UH). Only judged when the
 * manifests hold pods of the Service at all: backends deployed elsewhere cannot be checked.
 *
 * A subset matches a pod's labels as istiod sees them on the endpoint (see endpoint-labels.ts): a Pod's
 * `spec.nodeName` adds that node's name and, when the Node is in the manifests, its region, zone and
 * subzone (istio/istio `pkg/config/analysis/analyzers/destinationrule/subset.go`). A pod template
 * without a `nodeName` is scheduled later, on a node not known yet: a subset is not held to the
 * node's labels for it.
 */
import { selects } from '../../engine/model';
import { endpointLabels, HOSTNAME_LABEL, NODE_LABEL_KEYS } from '../../istio/endpoint-labels';
import { AnalysisContext, AnalyzedPod } from '../analysis-context';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { lookupHost, podsSelectedBy, selectorString } from '../lookup';

/** True when the node `pod` runs on is not known: a pod template that names no node. */
function nodeUnknown(pod: AnalyzedPod): boolean {
  return pod.owner.kind !== 'Pod' && !pod.spec.nodeName;
}

/** True when the subset `selector` selects `pod` as an endpoint, or may once the pod template is scheduled. */
function subsetSelects(context: AnalysisContext, selector: Readonly<Record<string, string>>, pod: AnalyzedPod): boolean {
  if (nodeUnknown(pod)) {
    // A node may set any of its labels to a non-empty value, replacing the pod's own; it never sets an empty one.
    return Object.entries(selector).every(([key, value]) => (NODE_LABEL_KEYS.includes(key) ? value !== '' || pod.labels[key] === '' : pod.labels[key] === value));
  }
  const nodeName = pod.spec.nodeName || undefined;
  const labels = endpointLabels(pod.labels, nodeName, nodeName === undefined ? undefined : context.nodes.get(nodeName)?.metadata.labels);
  return selects(selector, labels);
}

/** IST0173 for each subset of a known host that selects no pod. */
export const destinationRuleSubsetNotSelectPods: Analyzer = {
  code: 'IST0173',
  name: 'DestinationRuleSubsetNotSelectPods',
  level: 'Error',
  description: 'A DestinationRule subset\'s labels, with its Service selector, match no pod, so the subset has no endpoints.',
  fix: 'Make the subset labels match labels of the pods behind the Service, or of their Nodes\' topology.',
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
        if (!own.some((p) => subsetSelects(context, selector, p))) {
          const node = Object.keys(selector).some((key) => NODE_LABEL_KEYS.includes(key))
            ? ` (a Pod with spec.nodeName also carries ${HOSTNAME_LABEL}=<node> and the region, zone and subzone labels of that Node)` : '';
          findings.push(finding(this, dr, `subset ${subset.name} selects no pod: none of the ${own.length} pod(s) or pod template(s) of the `
            + `${service.object.kind} in namespace `
            + `${service.object.metadata.namespace} carries ${selectorString(selector) || '(no labels)'} (the ${service.object.kind} selector plus the `
            + `subset labels)${node}; requests to the subset get 503: make the subset labels match the pods behind the Service`));
        }
      }
    }
    return findings;
  },
};
