/**
 * The rules istiod's validating webhook applies to the parts of a DestinationRule the engine reads (reference §i.3;
 * istio/istio `pkg/config/validation/validation.go`, `ValidateDestinationRule`, `validateSubset`). They run on objects
 * that passed the CRD schema.
 */
import { IstioDestinationRule } from './istio-types';
import { ProblemList } from './object-problem';
import { wildcardDomainProblem } from '../istio/host';
import { isDnsLabel } from '../istio/names';

/** The webhook's problems with a DestinationRule. */
export function destinationRuleProblems(rule: IstioDestinationRule): ProblemList {
  const problems = new ProblemList('webhook');
  const host = rule.spec?.host;
  if (host === undefined || host === '') {
    problems.error('spec.host', 'a DestinationRule must have a host', 'name the Service it applies to');
  } else {
    const problem = wildcardDomainProblem(host, false);
    if (problem) problems.error('spec.host', `host '${host}' ${problem}`, 'name the Service, e.g. reviews or reviews.prod.svc.cluster.local');
  }
  const seen = new Map<string, number>();
  (rule.spec?.subsets ?? []).forEach((subset, s) => {
    const at = `spec.subsets[${s}].name`;
    if (!isDnsLabel(subset.name)) {
      problems.error(at, `subset name '${subset.name}' is not a DNS-1123 label`, 'use lowercase letters, digits and -');
    }
    const first = seen.get(subset.name);
    if (first !== undefined) {
      problems.error(at, `subset name '${subset.name}' is already used by spec.subsets[${first}]`, 'give each subset its own name');
    } else {
      seen.set(subset.name, s);
    }
  });
  return problems;
}
