/**
 * IST0130 VirtualServiceUnreachableRule: a rule of a VirtualService that no request can reach
 * (reference §h), judged within the VirtualService's own `http`, `tcp` and `tls` lists.
 */
import { Analyzer, finding } from '../analyzer';
import { ruleReachability } from '../rule-reachability';

/** IST0130 for rules after a match-less rule and rules whose every match repeats an earlier one. */
export const virtualServiceUnreachableRule: Analyzer = {
  code: 'IST0130',
  name: 'VirtualServiceUnreachableRule',
  level: 'Warning',
  description: 'A VirtualService rule can never match: an earlier rule without match takes everything, or all its matches repeat earlier ones.',
  fix: 'Move the rule before the match-less rule, give it a distinct match, or remove it.',
  analyze(context) {
    return context.virtualServices.flatMap((vs) => ruleReachability(vs).unreachable.map((u) => finding(this, vs,
      `${u.section} rule ${u.rule} is never used: ${u.reason}`)));
  },
};
