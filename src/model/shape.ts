/**
 * Declarative checks of plain JSON against the types the Kubernetes API declares for a field, for the built-in kinds
 * whose fields the engine reads (the Istio kinds are checked against their CRD schemas instead).
 */
import { ProblemList } from './object-problem';
import { isIanaServiceName, isValidPort } from '../istio/names';

/**
 * The type of a field: a scalar kind, an enumeration, a list, a mapping of strings, a mapping of values of one shape, or
 * an object with known fields (some of them required). `base64` is a string holding standard base64 with padding (the
 * JSON form of bytes, e.g. a Secret's `data` values).
 */
export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'port'
  | 'intOrString'
  | 'portOrName'
  | 'base64'
  | 'stringMap'
  | { readonly oneOf: readonly string[] }
  | { readonly listOf: Shape }
  | MapShape
  | ObjectShape;

/** A mapping whose every value has one shape, optionally with keys of a given syntax. */
export interface MapShape {
  /** The shape of every value. */
  readonly mapOf: Shape;
  /**
   * The syntax of the keys: `configKey` is a key of a Secret's or ConfigMap's data (letters, digits, `-`, `_` and `.`,
   * at most 253 characters).
   *
   * @defaultValue - any key
   */
  readonly keys?: 'configKey';
}

/** An object with known fields. */
export interface ObjectShape {
  /** The shape of each field the engine or the analyzers read. */
  readonly fields: { readonly [name: string]: Shape };
  /**
   * Fields the API server requires, each with how to fix its absence.
   *
   * @defaultValue - none
   */
  readonly required?: { readonly [name: string]: string };
}

/** Standard base64 with padding, as Go decodes bytes from JSON (line breaks are skipped). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A key of a Secret's or ConfigMap's data. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

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
    } else if ('mapOf' in shape) {
      checkMapping(value, shape, path, problems, 'a mapping', 'write it as a YAML mapping of `key: value` pairs');
    } else {
      if (!isMapping(value)) {
        wrong('a mapping', 'write it as a YAML mapping of fields');
        return;
      }
      for (const [name, fieldShape] of Object.entries(shape.fields)) {
        checkShape(value[name], fieldShape, fieldPath(path, name), problems);
      }
      for (const [name, fix] of Object.entries(shape.required ?? {})) {
        if (value[name] === undefined || value[name] === null) {
          problems.error(fieldPath(path, name), 'is required', fix);
        }
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
      if (!(typeof value === 'number' && Number.isSafeInteger(value) && isValidPort(value))) wrong('a port number (1-65535)', 'write a number from 1 to 65535, without quotes');
      break;
    case 'intOrString':
      if (typeof value !== 'string' && !Number.isSafeInteger(value)) wrong('an integer or a string', 'write a whole number or a name');
      break;
    case 'portOrName':
      if (typeof value === 'string' ? !isIanaServiceName(value) : !(typeof value === 'number' && Number.isSafeInteger(value) && isValidPort(value))) {
        wrong('a port number (1-65535) or a port name (IANA service name: lowercase letters, digits and -, at most 15)',
          'write the container port as a number, or the name of a container port');
      }
      break;
    case 'base64':
      if (typeof value !== 'string' || !BASE64.test(value.replace(/[\r\n]/g, ''))) {
        wrong('base64 (standard, with padding)', 'encode the value with `base64 -w0`, or move it to stringData as plain text');
      }
      break;
    case 'stringMap':
      checkMapping(value, { mapOf: 'string' }, path, problems, 'a mapping of strings', 'write it as a YAML mapping of `key: "value"` pairs');
      break;
  }
}

/** Checks a mapping's keys and values against `shape`; `expected` and `fix` are for a value that is no mapping. */
function checkMapping(value: unknown, shape: MapShape, path: string, problems: ProblemList, expected: string, fix: string): void {
  if (!isMapping(value)) {
    problems.error(path, `must be ${expected}, found ${describeValue(value)}`, fix);
    return;
  }
  for (const [key, entry] of Object.entries(value)) {
    const at = fieldPath(path, key);
    if (shape.keys === 'configKey' && (key.length > 253 || !CONFIG_KEY.test(key))) {
      problems.error(at, 'is not a valid key: use letters, digits, -, _ and . (at most 253 characters)', 'rename the key');
    }
    checkShape(entry, shape.mapOf, at, problems);
  }
}
