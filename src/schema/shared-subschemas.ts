/**
 * Moving the object schemas nested in a CRD schema into `$defs`, one definition per distinct schema, referred to by
 * `$ref`. Compiled with ajv's `inlineRefs: false`, each definition becomes a function of its own instead of one
 * function holding the whole resource: identical subschemas (Istio repeats its string-match, port and destination
 * schemas many times) are compiled once, and V8 compiles a definition's function only when an object reaches it,
 * so a process that validates a few VirtualServices does not compile the code for every field they could have.
 */

/** A JSON schema node. */
type SchemaNode = Record<string, unknown>;

/**
 * Returns a copy of `schema` whose nested object schemas (those with `properties`) are `$ref`s into `$defs`.
 * Definitions are named by the first field path they were found at, e.g. `spec.http[].route[].destination`.
 *
 * @param schema - a CRD version's `openAPIV3Schema`, after it was rewritten into plain JSON Schema.
 */
export function withSharedSubschemas(schema: SchemaNode): SchemaNode {
  const defs: Record<string, SchemaNode> = {};
  const nameOf = new Map<string, string>();

  const visit = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((child) => visit(child, path));
    if (!isNode(node)) return node;
    const copy: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isNode(value)) {
        copy[key] = Object.fromEntries(Object.entries(value).map(([field, child]) => [field, visit(child, path ? `${path}.${field}` : field)]));
      } else if (key === 'items') {
        copy[key] = visit(value, `${path}[]`);
      } else if (key === 'additionalProperties') {
        copy[key] = visit(value, `${path}{}`);
      } else if (key === 'enum' || key === 'required' || key === 'default') {
        copy[key] = value;
      } else {
        copy[key] = visit(value, path);
      }
    }
    if (path === '' || !isNode(copy.properties)) return copy;
    const text = JSON.stringify(copy);
    let name = nameOf.get(text);
    if (name === undefined) {
      name = path;
      nameOf.set(text, name);
      defs[name] = copy;
    }
    return { $ref: `#/$defs/${encodeURIComponent(name)}` };
  };

  const root = visit(schema, '') as SchemaNode;
  return Object.keys(defs).length === 0 ? root : { ...root, $defs: defs };
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
