import { Testing } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { analyze } from '../../src';

/** The codes of the schema, rule-reachability, Service and CIG analyzers. */
const CODES = ['IST0106', 'IST0133', 'IST0130', 'IST0131', 'IST0118', 'IST0146',
  'CIG1001', 'CIG1002', 'CIG1003', 'CIG1004', 'CIG1005', 'CIG1006', 'CIG1007', 'CIG1008', 'CIG1009', 'CIG1010', 'CIG1011'];

describe('the examples', () => {
  test.each(Object.keys(EXAMPLES))('%s produces none of the schema, reachability, Service and CIG findings', (name) => {
    const app = Testing.app();
    EXAMPLES[name](app);
    const findings = analyze(app.charts.flatMap((c) => c.toJson()));
    expect(findings.filter((f) => CODES.includes(f.code))).toEqual([]);
  });
});
