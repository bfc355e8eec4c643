/**
 * IST0106 SchemaValidationError: an object that the API server (vendored CRD schema, Kubernetes field types) or
 * istiod's validating webhook (reference §i) would refuse. The model stage finds the problems as the objects enter
 * (src/model/admission.ts); this reports one finding per problem that refuses the object.
 */
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** IST0106 for every problem that makes the cluster refuse an object. */
export const schemaValidationError: Analyzer = {
  code: 'IST0106',
  name: 'SchemaValidationError',
  level: 'Error',
  description: 'An object violates its schema or a rule of istiod\'s validating webhook, so the API server refuses it; the engine leaves it out.',
  fix: 'Correct the field the message names.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const { object, problems } of context.admission.refused) {
      for (const problem of problems) {
        if (problem.severity === 'error') {
          findings.push(finding(this, object, `${problem.path}: ${problem.message}; the API server refuses the object`));
        }
      }
    }
    return findings;
  },
};
