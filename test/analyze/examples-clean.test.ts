import { Testing } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { analyze, Finding } from '../../src';

/** The codes of the schema, rule-reachability, Service, CIG and gateway security analyzers. */
const CODES = ['IST0106', 'IST0133', 'IST0130', 'IST0131', 'IST0118', 'IST0146',
  'CIG1001', 'CIG1002', 'CIG1003', 'CIG1004', 'CIG1005', 'CIG1006', 'CIG1007', 'CIG1008', 'CIG1009', 'CIG1010', 'CIG1011',
  'CIG1014', 'CIG1015', 'CIG1016', 'CIG1017', 'CIG1018'];

/** The findings of an example's synthesized objects. */
function findingsOf(name: string): Finding[] {
  const app = Testing.app();
  EXAMPLES[name](app);
  return analyze(app.charts.flatMap((c) => c.toJson()));
}

describe('the examples', () => {
  test.each(Object.keys(EXAMPLES))('%s produces none of the schema, reachability, Service and CIG findings', (name) => {
    expect(findingsOf(name).filter((f) => CODES.includes(f.code))).toEqual([]);
  });

  test('the article\'s gateway stays in istio-system with certificate files and no Secret access, so CIG1014 is silent', () => {
    expect(findingsOf('article-gateway').filter((f) => f.code === 'CIG1014')).toEqual([]);
  });
});
