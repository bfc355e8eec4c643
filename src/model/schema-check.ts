/**
 * The API server's check of a custom resource against its CRD schema (the vendored Istio and cert-manager CRDs, compiled
 * at build time), as object problems with a fix.
 */
import { ObjectProblem } from './object-problem';
import { KubeObject } from '../manifests/kube-object';

/** The bundled validator, loaded with the generated schema code on first use: requiring `/engine` loads neither. */
let validator: ReturnType<typeof import('../schema/crd-schema-validator').CrdSchemaValidator.bundled> | undefined;

/** The problems of a custom resource of a vendored CRD, or undefined when no vendored CRD defines its kind. */
export function crdSchemaProblems(obj: KubeObject): ObjectProblem[] | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validator ??= (require('../schema/crd-schema-validator') as typeof import('../schema/crd-schema-validator')).CrdSchemaValidator.bundled();
  if (!validator.knows(obj.apiVersion, obj.kind)) {
    const slash = obj.apiVersion.lastIndexOf('/');
    const served = slash < 0 ? [] : validator.versionsOf(obj.apiVersion.slice(0, slash), obj.kind);
    // A kind of a vendored CRD in a version the CRD does not serve: the API server has no such resource.
    return served.length === 0 ? undefined : [{
      path: 'apiVersion',
      message: `${obj.apiVersion} is not a version the ${obj.kind} CRD serves (${served.join(', ')})`,
      fix: `use ${served[0]}`,
      severity: 'error',
      source: 'schema',
    }];
  }
  return validator.validate(obj).map((p) => ({
    path: p.path || '(object)', message: p.message, fix: fixFor(p.message), severity: 'error', source: 'schema',
  }));
}

/** Advice for a schema message such as `must be integer` or `must have required property 'hosts'`. */
function fixFor(message: string): string {
  const type = /^must be (array|object|integer|number|string|boolean)\b/.exec(message)?.[1];
  switch (type) {
    case 'array': return 'write it as a YAML list (one `- item` per entry)';
    case 'object': return 'write it as a YAML mapping of fields';
    case 'integer':
    case 'number': return 'write a number, without quotes';
    case 'string': return 'quote the value';
    case 'boolean': return 'write true or false, without quotes';
  }
  const required = /^must have required property '(.*)'$/.exec(message)?.[1];
  if (required !== undefined) return `add ${required}`;
  const unknown = /^unknown field '(.*)'$/.exec(message)?.[1];
  if (unknown !== undefined) return `remove ${unknown} or correct its spelling (kubectl apply refuses unknown fields)`;
  if (message.startsWith('must be equal to one of')) return 'use one of the allowed values (case matters)';
  if (message.startsWith('must set at most one of')) return 'keep only one of them';
  if (message.startsWith('must set exactly one of')) return 'set exactly one of them';
  return 'correct the value';
}
