/**
 * IST0131 VirtualServiceIneffectiveMatch: a match entry that an earlier match of the same VirtualService rule list
 * already takes (reference §h). istiod's validation reports a match equal to an earlier one but for its `name`, and a
 * longer `uri.prefix` whose other conditions it reads as alike; this reports the first and every provable cover
 * (`matchCovers`), and leaves out what istiod reports of matches that still take requests.
 */
import { Analyzer, finding } from '../analyzer';
import { ruleReachability } from '../rule-reachability';

/** IST0131 for matches that repeat an earlier match or that an earlier match covers. */
export const virtualServiceIneffectiveMatch: Analyzer = {
  code: 'IST0131',
  name: 'VirtualServiceIneffectiveMatch',
  level: 'Info',
  description: 'A match of a VirtualService rule never takes a request, since an earlier match of the same http, tcp or tls list provably takes '
    + 'all of them by path, method, headers, query parameters, port, gateways and SNI hosts (istioctl compares repeated matches and uri prefixes only).',
  fix: 'Remove the match, or order the more specific match first.',
  analyze(context) {
    return context.virtualServices.flatMap((vs) => ruleReachability(vs).ineffective.map((i) => finding(this, vs,
      `${i.section} rule ${i.rule} match ${i.match} is ineffective: ${i.reason}`)));
  },
};
