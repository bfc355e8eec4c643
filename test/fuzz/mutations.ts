/**
 * Mutations of generated manifests: the mistakes and oddities users' manifests carry. Each generated object carries
 * its own mutations (so they stay with it when fast-check shrinks the others away); a mutation picks a field by a
 * number reduced modulo the fields that exist, so it always applies, and replaces or removes it, or duplicates the
 * object.
 */
import * as fc from 'fast-check';
import { Json, JsonObject } from './manifest-arbitraries';

/** What a mutation does to the field (or object) it picks. */
export type MutationKind =
  /** A value of another type: a string for a number, a number for a string, a mapping for a list, a list for a mapping. */
  | 'wrong-type'
  /** `null`. */
  | 'null'
  /** An empty string. */
  | 'empty-string'
  /** An empty list or mapping. */
  | 'empty-container'
  /** A huge number. */
  | 'huge-number'
  /** A negative number. */
  | 'negative-number'
  /** A fractional number. */
  | 'fraction'
  /** A string that is not quite a number: `NaN`, `Infinity`, `0x50`, ` 80 `. */
  | 'nan-string'
  /** A number YAML has and JSON lacks: `.nan`, `.inf`. */
  | 'non-finite'
  /** A string with odd unicode: right-to-left override, zero-width characters, emoji, NUL. */
  | 'odd-unicode'
  /** The field removed (or the list item). */
  | 'remove'
  /** A required field removed. */
  | 'remove-required'
  /** A field the kind does not have. */
  | 'unknown-field'
  /** The object written again (same kind, namespace and name), sometimes with another spec. */
  | 'duplicate-object';

/** One mutation of an object; `field` and `variant` are reduced modulo what exists when it is applied. */
export interface Mutation {
  readonly kind: MutationKind;
  /**
   * Where the field is picked: among the fields the engine reads (under `spec`, or a Secret's `data`), among those
   * that hold a list or a mapping, or anywhere (`metadata`, `apiVersion`, `kind` and the whole document too).
   */
  readonly scope: 'spec' | 'spec-container' | 'anywhere';
  /** Which field of the object (in the order of {@link fieldPaths}). */
  readonly field: number;
  /** Which of the kind's replacement values. */
  readonly variant: number;
}

/** A path into a JSON value: keys and list indexes. */
export type FieldPath = ReadonlyArray<string | number>;

const KINDS: readonly MutationKind[] = ['wrong-type', 'null', 'empty-string', 'empty-container', 'huge-number', 'negative-number', 'fraction',
  'nan-string', 'non-finite', 'odd-unicode', 'remove', 'remove-required', 'unknown-field', 'duplicate-object'];

/** An arbitrary mutation. */
export function mutation(): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom(...KINDS),
    scope: fc.oneof(
      { arbitrary: fc.constant<Mutation['scope']>('spec'), weight: 3 },
      { arbitrary: fc.constant<Mutation['scope']>('spec-container'), weight: 2 },
      { arbitrary: fc.constant<Mutation['scope']>('anywhere'), weight: 1 },
    ),
    field: fc.nat({ max: 500 }),
    variant: fc.nat({ max: 20 }),
  });
}

/**
 * The mutations of one object: none six times in seven, else one or two. With the seven or so objects of a typical
 * configuration, about two configurations in three get at least one.
 */
export function objectMutations(): fc.Arbitrary<Mutation[]> {
  return fc.oneof(
    { arbitrary: fc.constant<Mutation[]>([]), weight: 6 },
    { arbitrary: fc.array(mutation(), { minLength: 1, maxLength: 2 }), weight: 1 },
  );
}

/** `arbitrary`'s objects, each with its mutations. */
export function withMutations(arbitrary: fc.Arbitrary<JsonObject>): fc.Arbitrary<MutatedObject> {
  return fc.record({ object: arbitrary, mutations: objectMutations() });
}

/** Odd characters put into strings. */
export const ODD_CHARACTERS = ['\u202E', '\u200B', '\u200D', '\uFEFF', '🚀', '\u0000', 'e\u0301', '\u2028', 'ｓｈｏｐ', '\u05D0\u05D1'];

const HUGE_NUMBERS = [1e21, 2 ** 53 + 2, 1e308, 99999999999, 4294967296];
const NEGATIVE_NUMBERS = [-1, -80, -65535, -0.5];
const NAN_STRINGS = ['NaN', 'Infinity', '-Infinity', '0x50', '1e3', ' 80 ', '80abc', '08', 'null', 'undefined'];
const UNKNOWN_FIELDS: ReadonlyArray<readonly [string, Json]> = [['prot', 'HTTP'], ['hots', ['a.example.com']], ['Port', 80], ['__proto__x', {}],
  ['constructor', 'x'], ['toString', 1]];

/** Required fields of each kind, as paths (list items at index 0). */
const REQUIRED: Record<string, readonly FieldPath[]> = {
  '*': [['apiVersion'], ['kind'], ['metadata'], ['metadata', 'name']],
  'Gateway': [['spec', 'servers'], ['spec', 'servers', 0, 'port'], ['spec', 'servers', 0, 'port', 'number'], ['spec', 'servers', 0, 'port', 'protocol'],
    ['spec', 'servers', 0, 'hosts'], ['spec', 'servers', 0, 'tls', 'mode']],
  'VirtualService': [['spec', 'hosts'], ['spec', 'http', 0, 'route', 0, 'destination'], ['spec', 'http', 0, 'route', 0, 'destination', 'host'],
    ['spec', 'tcp', 0, 'route'], ['spec', 'tls', 0, 'match'], ['spec', 'tls', 0, 'match', 0, 'sniHosts'], ['spec', 'http', 0, 'delegate', 'name'],
    ['spec', 'http', 0, 'match', 0, 'uri', 'prefix']],
  'DestinationRule': [['spec', 'host'], ['spec', 'subsets', 0, 'name']],
  'Service': [['spec', 'ports', 0, 'port'], ['spec', 'selector'], ['spec', 'ports']],
  'Deployment': [['spec', 'template'], ['spec', 'template', 'spec', 'containers'], ['spec', 'template', 'metadata', 'labels']],
  'Secret': [['data'], ['data', 'tls.crt']],
};

/** Every path in `value`, the root (`[]`) first, depth first. */
export function fieldPaths(value: Json, prefix: FieldPath = []): FieldPath[] {
  const paths: FieldPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => paths.push(...fieldPaths(item, [...prefix, i])));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      paths.push(...fieldPaths(item, [...prefix, key]));
    }
  }
  return paths;
}

/** True for a mapping. */
export function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy. */
export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** The value at `path`, or undefined. */
export function valueAt(root: Json, path: FieldPath): Json | undefined {
  let current: Json | undefined = root;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') {
      current = current[key];
    } else if (isObject(current) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(current, key)) {
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Replaces (or, with `undefined`, removes) the value at a non-empty `path` inside `root`. */
function setAt(root: Json, path: FieldPath, value: Json | undefined): void {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') {
    if (value === undefined) {
      parent.splice(key, 1);
    } else {
      parent[key] = value;
    }
  } else if (isObject(parent) && typeof key === 'string') {
    if (value === undefined) {
      delete parent[key];
    } else {
      parent[key] = value;
    }
  }
}

function pick<T>(values: readonly T[], variant: number): T {
  return values[variant % values.length];
}

/** A value of another type than `value`. */
function wrongType(value: Json | undefined, variant: number): Json {
  if (typeof value === 'number') {
    return pick<Json>([String(value), true, [value]], variant);
  }
  if (typeof value === 'string') {
    return pick<Json>([/^\d+$/.test(value) ? Number(value) : 42, false, { value }], variant);
  }
  if (Array.isArray(value)) {
    return pick<Json>([Object.fromEntries(value.map((item, i) => [`item${i}`, item])), 'a-string', 7], variant);
  }
  if (isObject(value)) {
    return pick<Json>([[value], Object.values(value), 'a-string', 1], variant);
  }
  if (typeof value === 'boolean') {
    return pick<Json>(['true', 1, ['yes']], variant);
  }
  return pick<Json>([{}, [], 'x', 0], variant);
}

/** `value` with an odd character put in (a string), or an odd string (anything else). */
function oddUnicode(value: Json | undefined, variant: number): Json {
  const odd = pick(ODD_CHARACTERS, variant);
  if (typeof value !== 'string') {
    return `odd${odd}`;
  }
  switch (Math.floor(variant / ODD_CHARACTERS.length) % 3) {
    case 0: return `${odd}${value}`;
    case 1: return `${value}${odd}`;
    default: return `${value.slice(0, Math.ceil(value.length / 2))}${odd}${value.slice(Math.ceil(value.length / 2))}`;
  }
}

/** The replacement of a field's value, or undefined to remove it. */
function replacement(kind: MutationKind, value: Json | undefined, variant: number): Json | undefined {
  switch (kind) {
    case 'wrong-type': return wrongType(value, variant);
    case 'null': return null;
    case 'empty-string': return '';
    case 'empty-container': return Array.isArray(value) || variant % 2 === 0 ? [] : {};
    case 'huge-number': return pick(HUGE_NUMBERS, variant);
    case 'negative-number': return pick(NEGATIVE_NUMBERS, variant);
    case 'fraction': return typeof value === 'number' ? value + 0.5 : 80.5;
    case 'nan-string': return pick(NAN_STRINGS, variant);
    case 'non-finite': return pick([NaN, Infinity, -Infinity], variant);
    case 'odd-unicode': return oddUnicode(value, variant);
    default: return undefined;
  }
}

/** A generated object and the mutations it gets. */
export interface MutatedObject {
  readonly object: JsonObject;
  readonly mutations: Mutation[];
}

/** Mutated documents, and what was done to them. */
export interface Mutated {
  /** The documents: the objects after their mutations, then the duplicates. */
  readonly documents: Json[];
  /** One line per applied mutation: `wrong-type: object 2 spec.servers[0].port.number = "80"`. */
  readonly applied: string[];
}

/**
 * Applies each object's mutations in order to a copy of it; duplicated objects are added after the last object. A
 * mutation of the root path replaces the whole document.
 */
export function applyMutations(objects: readonly MutatedObject[]): Mutated {
  const documents: Json[] = [];
  const duplicates: Json[] = [];
  const applied: string[] = [];
  objects.forEach(({ object, mutations }, index) => {
    let target: Json = clone(object);
    const where = `object ${index + 1}`;
    for (const m of mutations) {
      if (m.kind === 'duplicate-object') {
        const copy = clone(target);
        const respecified = m.variant % 2 === 1 && isObject(copy);
        if (respecified) {
          copy.spec = { duplicated: true };
        }
        duplicates.push(copy);
        applied.push(`duplicate-object: ${where} written again after the objects${respecified ? ' with spec {duplicated: true}' : ''}`);
        continue;
      }
      let path: FieldPath;
      let value: Json | undefined;
      if (m.kind === 'remove-required') {
        const kind = isObject(target) && typeof target.kind === 'string' ? target.kind : '';
        const candidates = [...REQUIRED['*'], ...(REQUIRED[kind] ?? [])].filter((p) => valueAt(target, p) !== undefined);
        if (candidates.length === 0) {
          continue;
        }
        path = pick(candidates, m.field);
        value = undefined;
      } else if (m.kind === 'unknown-field') {
        const holders = scoped(target, m).filter((p) => isObject(valueAt(target, p) ?? null));
        if (holders.length === 0) {
          continue;
        }
        const [key, extra] = pick(UNKNOWN_FIELDS, m.variant);
        path = [...pick(holders, m.field), key];
        value = extra;
      } else {
        path = pick(scoped(target, m), m.field);
        value = replacement(m.kind, valueAt(target, path), m.variant);
      }
      applied.push(`${m.kind}: ${where} ${formatPath(path)} ${value === undefined ? 'removed' : `= ${describeJson(value)}`}`);
      if (path.length === 0) {
        // The whole document: a removed document becomes an empty one.
        target = value === undefined ? null : value;
      } else {
        setAt(target, path, value);
      }
    }
    documents.push(target);
  });
  return { documents: [...documents, ...duplicates], applied };
}

/** The paths a mutation may pick in `target`: those of its scope, or every path when the scope has none. */
function scoped(target: Json, m: Mutation): FieldPath[] {
  const paths = fieldPaths(target);
  if (m.scope === 'anywhere') {
    return paths;
  }
  const inSpec = paths.filter((p) => p.length > 0 && (p[0] === 'spec' || p[0] === 'data'));
  const containers = inSpec.filter((p) => {
    const value = valueAt(target, p);
    return value !== null && typeof value === 'object';
  });
  const chosen = m.scope === 'spec' ? inSpec : containers;
  return chosen.length > 0 ? chosen : paths;
}

/** A short rendering of a value for reports (JSON, with NaN and infinities named). */
export function describeJson(value: Json): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `spec.servers[0].port`, or `(root)`. */
export function formatPath(path: FieldPath): string {
  if (path.length === 0) {
    return '(root)';
  }
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
