import type { ErrorObject } from 'ajv';

/**
 * One schema violation found in a Kubernetes object.
 */
export interface SchemaProblem {
  /**
   * Field path of the offending value, e.g. `spec.servers[0].port.number`; empty for the object itself.
   */
  readonly path: string;

  /**
   * Short lowercase description, e.g. `must be integer` or `must have required property 'hosts'`.
   */
  readonly message: string;
}

/**
 * Converts ajv errors into schema problems with readable field paths and messages.
 *
 * @param errors - the `errors` of a failed ajv validation.
 * @param data - the validated value, used to tell array indexes from map keys in paths.
 */
export function problemsFromAjvErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  // oneOf/anyOf report their failing branches too; keep only the summary error.
  const umbrellas = errors.filter(e => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const isBranchDetail = (e: ErrorObject) => umbrellas.some(u => u !== e
    && e.schemaPath.startsWith(`${u.schemaPath}/`)
    && (e.instancePath === u.instancePath || e.instancePath.startsWith(`${u.instancePath}/`)));

  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (isBranchDetail(error)) continue;
    const problem = { path: fieldPath(error.instancePath, data), message: messageOf(error) };
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** Turns a JSON pointer such as `/spec/servers/0` into `spec.servers[0]`. */
function fieldPath(pointer: string, data: unknown): string {
  let path = '';
  let node = data;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path += `[${key}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(key)) {
      path += path ? `.${key}` : key;
    } else {
      path += `['${key}']`;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'required':
      return `must have required property '${params.missingProperty}'`;
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}`;
    case 'enum':
      return `must be equal to one of the allowed values: ${(params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'additionalProperties':
      return `unknown field '${params.additionalProperty}'`;
    case 'oneOf':
      return oneOfMessage(error) ?? error.message ?? 'must match exactly one schema in oneOf';
    default:
      return error.message ?? `must pass '${error.keyword}'`;
  }
}

/**
 * Kubernetes CRDs (Istio in particular) express "at most one of these fields" as
 * `oneOf: [{ not: { anyOf: [{ required: [a] }, ...] } }, { required: [a] }, ...]`.
 */
function oneOfMessage(error: ErrorObject): string | undefined {
  const branches: unknown[] = Array.isArray(error.schema) ? error.schema : [];
  const names = branches.flatMap(b => isRequiredOnly(b) ? b.required : []);
  const exclusive = branches.some(b => typeof b === 'object' && b !== null && 'not' in b);
  if (names.length === 0 || names.length + (exclusive ? 1 : 0) !== branches.length) return undefined;
  return `must set ${exclusive ? 'at most' : 'exactly'} one of: ${names.join(', ')}`;
}

function isRequiredOnly(branch: unknown): branch is { required: string[] } {
  if (typeof branch !== 'object' || branch === null) return false;
  const required = (branch as { required?: unknown }).required;
  return Object.keys(branch).length === 1 && Array.isArray(required) && required.length === 1;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
