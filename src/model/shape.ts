/**
 * Declarative checks of plain JSON against the types the Kubernetes API declares for a field, for the built-in kinds
 * whose fields the engine reads (the Istio kinds are checked against their CRD schemas instead).
 */
import { ProblemList } from './object-problem';
import { isIanaServiceName, isValidPort } from '../istio/names';

/** The type of a field: a scalar kind, an enumeration, a list, a mapping of strings, or an object with known fields. */
export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'port'
  | 'intOrString'
  | 'portOrName'
  | 'stringMap'
  | { readonly oneOf: readonly string[] }
  | { readonly listOf: Shape }
  | { readonly fields: { readonly [name: string]: Shape } };

/** True for a JSON object (a YAML mapping): not null, not an array. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the JSON type of a value for messages: `a string ("80")`, `a number (80)`, `a list`, `a mapping`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)})`;
    case 'number': return `a number (${value})`;
    case 'boolean': return `a boolean (${value})`;
    case 'object': return 'a mapping';
    default: return typeof value;
  }
}

/** The path of a field below `parent`: `spec.selector.app`, or `metadata.labels['app.kubernetes.io/name']` for odd keys. */
export function fieldPath(parent: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) {
    return `${parent}['${key}']`;
  }
  return parent === '' ? key : `${parent}.${key}`;
}

/**
 * Checks `value` (found at `path`) against `shape`, adding one error per mismatch. Fields a shape does not name are
 * not checked: the engine does not read them. A `null` field counts as absent, as the API server treats it.
 */
export function checkShape(value: unknown, shape: Shape, path: string, problems: ProblemList): void {
  if (value === null || value === undefined) {
    return;
  }
  const wrong = (expected: string, fix: string) => problems.error(path, `must be ${expected}, found ${describeValue(value)}`, fix);
  if (typeof shape === 'object') {
    if ('oneOf' in shape) {
      if (typeof value !== 'string' || !shape.oneOf.includes(value)) {
        wrong(`one of ${shape.oneOf.join(', ')}`, `write one of ${shape.oneOf.join(', ')} (case matters)`);
      }
    } else if ('listOf' in shape) {
      if (!Array.isArray(value)) {
        wrong('a list', 'write it as a YAML list (one `- item` per entry)');
        return;
      }
      value.forEach((item, i) => {
        if (item === null || item === undefined) {
          problems.error(`${path}[${i}]`, 'is an empty entry (null)', 'remove the empty `-` line or fill the entry in');
        } else {
          checkShape(item, shape.listOf, `${path}[${i}]`, problems);
        }
      });
    } else {
      if (!isMapping(value)) {
        wrong('a mapping', 'write it as a YAML mapping of fields');
        return;
      }
      for (const [name, fieldShape] of Object.entries(shape.fields)) {
        checkShape(value[name], fieldShape, fieldPath(path, name), problems);
      }
    }
    return;
  }
  switch (shape) {
    case 'string':
      if (typeof value !== 'string') wrong('a string', 'quote the value');
      break;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean', 'write true or false, without quotes');
      break;
    case 'integer':
      if (!Number.isSafeInteger(value)) wrong('an integer', 'write a whole number, without quotes');
      break;
    case 'port':
      if (!Number.isSafeInteger(value) || !isValidPort(value as number)) wrong('a port number (1-65535)', 'write a number from 1 to 65535, without quotes');
      break;
    case 'intOrString':
      if (typeof value !== 'string' && !Number.isSafeInteger(value)) wrong('an integer or a string', 'write a whole number or a name');
      break;
    case 'portOrName':
      if (typeof value === 'string' ? !isIanaServiceName(value) : !(Number.isSafeInteger(value) && isValidPort(value as number))) {
        wrong('a port number (1-65535) or a port name (IANA service name: lowercase letters, digits and -, at most 15)',
          'write the container port as a number, or the name of a container port');
      }
      break;
    case 'stringMap':
      if (!isMapping(value)) {
        wrong('a mapping of strings', 'write it as a YAML mapping of `key: "value"` pairs');
        return;
      }
      for (const [key, entry] of Object.entries(value)) {
        if (typeof entry !== 'string') {
          problems.error(fieldPath(path, key), `must be a string, found ${describeValue(entry)}`, 'quote the value');
        }
      }
      break;
  }
}
