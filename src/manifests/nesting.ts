/**
 * How deep a manifest may nest. The parsers and the loader recurse once per level or more; past several hundred levels
 * (the `yaml` library) to a few thousand (JSON and js-yaml), a recursive reader runs out of stack (a RangeError,
 * `Maximum call stack size exceeded`). Kubernetes objects nest a few
 * dozen levels (the Istio CRDs' schemas, among the deepest, about 30), so anything past the limit is refused with one
 * line instead.
 */
import { ManifestError, ManifestErrorContext } from './manifest-error';

/**
 * The deepest level a value of a manifest may sit at: a document is level 1, and each value inside a mapping or a
 * sequence one level deeper than it (`{a: [1]}`: the mapping 1, the list 2, the number 3).
 */
export const MAX_NESTING = 500;

/**
 * The error for a document nested deeper than {@link MAX_NESTING}.
 *
 * @param context - the source and, when known, the document or the object.
 */
export function nestingError(context: ManifestErrorContext): ManifestError {
  return new ManifestError(context, `nesting deeper than ${MAX_NESTING} levels`,
    'Kubernetes objects nest a few dozen levels at most: look for an unclosed [ or {, or a file that is not a manifest');
}

/** True for the RangeError a recursive reader throws when nesting exhausts the stack. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * True when some value of `value` sits deeper than {@link MAX_NESTING} (`value` itself at level 1).
 *
 * @param value - a parsed document.
 * @param shared - true when parts of `value` may be shared or cyclic (aliases): shared parts are then followed as
 * often as they are reached, and a cycle is not followed again (the loader reports it as a cycle). Otherwise `value`
 * must be a tree, and is walked without recursion.
 */
export function nestsTooDeep(value: unknown, shared = false): boolean {
  return shared ? sharedNestsTooDeep(value, 1, new Set()) : treeNestsTooDeep(value);
}

function treeNestsTooDeep(value: unknown): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, level] = pending.pop()!;
    if (node === null || typeof node !== 'object') {
      continue;
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    if (children.length > 0 && level >= MAX_NESTING) {
      return true;
    }
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        pending.push([child, level + 1]);
      }
    }
  }
  return false;
}

function sharedNestsTooDeep(node: unknown, level: number, path: Set<object>): boolean {
  if (node === null || typeof node !== 'object' || path.has(node)) {
    return false;
  }
  const children = Array.isArray(node) ? node : Object.values(node);
  if (children.length > 0 && level >= MAX_NESTING) {
    return true;
  }
  path.add(node);
  const deep = children.some((child) => sharedNestsTooDeep(child, level + 1, path));
  path.delete(node);
  return deep;
}
