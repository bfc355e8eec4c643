/**
 * IST0131 VirtualServiceIneffectiveMatch: a match entry that an earlier match of the same
 * VirtualService already takes (reference §h): identical (ignoring `name`), or a longer
 * `uri.prefix` with the same other conditions.
 */
import { Analyzer, finding } from '../analyzer';
import { ruleReachability } from '../rule-reachability';

/** IST0131 for duplicate matches and prefix matches covered by an earlier prefix. */
export const virtualServiceIneffectiveMatch: Analyzer = {
  code: 'IST0131',
  name: 'VirtualServiceIneffectiveMatch',
  level: 'Info',
  description: 'A match of a VirtualService rule never takes a request: an earlier match of the same VirtualService takes all of them.',
  fix: 'Remove the match, or order the more specific match first.',
  analyze(context) {
    return context.virtualServices.flatMap((vs) => ruleReachability(vs).ineffective.map((i) => finding(this, vs,
      `${i.section} rule ${i.rule} match ${i.match} is ineffective: ${i.reason}`)));
  },
};
