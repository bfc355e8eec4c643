/**
 * Pulumi logical names of synthesized objects, from their construct paths: `<component>/<path>`, with a last
 * `Resource` or `Default` segment left out as the AWS CDK leaves it out of logical ids (cdk8s-plus and this library
 * name the object a construct wraps `Resource`). A name depends on the object's own path only, so renaming or
 * adding another construct never renames (and so never replaces) a resource.
 */

/** Construct ids that name "the object this construct wraps", left out at the end of a path. */
const HIDDEN_IDS = new Set(['Resource', 'Default']);

/**
 * The logical name of each path, in order.
 *
 * @param component - the component's own logical name, which every name starts with (names are unique per stack).
 * @param paths - construct paths, e.g. `apps/counter-service/Resource`.
 * @throws Error when two paths give one name.
 */
export function logicalNames(component: string, paths: readonly string[]): string[] {
  const names = paths.map((path) => {
    const segments = path.split('/').filter((s) => s !== '');
    if (segments.length > 1 && HIDDEN_IDS.has(segments[segments.length - 1])) {
      segments.pop();
    }
    return [component, ...segments].join('/');
  });
  const seen = new Map<string, string>();
  names.forEach((name, i) => {
    const other = seen.get(name);
    if (other !== undefined) {
      throw new Error(`the objects at ${other} and ${paths[i]} would both be named '${name}'; give one of their constructs another id`);
    }
    seen.set(name, paths[i]);
  });
  return names;
}
