/**
 * `field: null` in a manifest: the API server drops such fields before it validates and stores an object (a custom
 * resource's null fields are pruned unless the schema marks them nullable; a built-in object's decode to absent), so the
 * model drops them too. A `null` entry of a list is kept: it is an empty entry, which the schema checks refuse.
 */

/** Deletes every field whose value is `null` from `value` and the mappings nested in it, in place. */
export function dropNullFields(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      dropNullFields(item);
    }
  } else if (typeof value === 'object' && value !== null) {
    const mapping = value as Record<string, unknown>;
    for (const key of Object.keys(mapping)) {
      const field = mapping[key];
      if (field === null) {
        delete mapping[key];
      } else if (typeof field === 'object') {
        dropNullFields(field);
      }
    }
  }
}
