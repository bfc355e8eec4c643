/**
 * The rules istiod's validating webhook applies to the parts of a DestinationRule the engine reads (reference §i.3;
 * istio/istio `pkg/config/validation/validation.go`, `ValidateDestinationRule`, `validateSubset`, `validateExportTo`,
 * `validateWorkloadSelector`; `pkg/config/labels/instance.go`). They run on objects that passed the CRD schema.
 */
import { IstioDestinationRule } from './istio-types';
import { ProblemList } from './object-problem';
import { fieldPath } from './shape';
import { refusedAnnotations } from '../istio/annotations';
import { exportToProblems } from '../istio/export-to';
import { wildcardDomainProblem } from '../istio/host';
import { labelProblems, selectorLabelProblems } from '../istio/labels';
import { isDnsLabelAnyCase } from '../istio/names';

/** The webhook's problems with a DestinationRule. */
export function destinationRuleProblems(rule: IstioDestinationRule): ProblemList {
  const problems = new ProblemList('webhook');
  for (const { key, message, fix } of refusedAnnotations(rule.kind, rule.metadata.annotations)) {
    problems.error(fieldPath('metadata.annotations', key), message, fix);
  }
  const spec = rule.spec ?? {};
  const host = spec.host;
  if (host === undefined || host === '') {
    problems.error('spec.host', 'a DestinationRule must have a host', 'name the Service it applies to');
  } else {
    const problem = wildcardDomainProblem(host, false);
    if (problem) problems.error('spec.host', `host '${host}' ${problem}`, 'name the Service, e.g. reviews or reviews.prod.svc.cluster.local');
  }
  const seen = new Map<string, number>();
  (spec.subsets ?? []).forEach((subset, s) => {
    const at = `spec.subsets[${s}]`;
    if (!isDnsLabelAnyCase(subset.name)) {
      problems.error(`${at}.name`, subset.name === '' ? 'a subset must have a name' : `subset name '${subset.name}' is not a DNS-1123 label`,
        'use lowercase letters, digits and -');
    }
    const first = seen.get(subset.name);
    if (first !== undefined) {
      problems.error(`${at}.name`, `subset name '${subset.name}' is already used by spec.subsets[${first}]`, 'give each subset its own name');
    } else {
      seen.set(subset.name, s);
    }
    for (const { key, problem } of labelProblems(subset.labels ?? {})) {
      problems.error(fieldPath(`${at}.labels`, key), problem, 'use label keys and values as the pods carry them');
    }
  });
  const selector = spec.workloadSelector;
  for (const problem of exportToProblems(rule.metadata.namespace, spec.exportTo ?? [], selector !== undefined)) {
    problems.error(problem.index === undefined ? 'spec.exportTo' : `spec.exportTo[${problem.index}]`, problem.message, problem.fix);
  }
  if (selector !== undefined) {
    const matchLabels = selector.matchLabels ?? {};
    for (const { key, problem } of selectorLabelProblems(matchLabels)) {
      problems.error(fieldPath('spec.workloadSelector.matchLabels', key), problem, 'select the pods by their exact labels');
    }
    if (Object.keys(matchLabels).length === 0) {
      problems.warning('spec.workloadSelector', 'workloadSelector has no matchLabels', 'add matchLabels naming the workloads, or remove workloadSelector');
    }
  }
  return problems;
}
