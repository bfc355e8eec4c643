/**
 * The loaded form of a Kubernetes object, and where each loaded object came from.
 */

/**
 * The `metadata` of a loaded object.
 */
export interface KubeMetadata {
  /** The object's name; always a non-empty string after loading. */
  readonly name: string;

  /**
   * The object's namespace; always filled in after loading (objects without one get the default namespace,
   * as `kubectl apply` would place them).
   */
  readonly namespace: string;

  /** Labels; every value is a string. */
  readonly labels?: Record<string, string>;

  /** Annotations; every value is a string. */
  readonly annotations?: Record<string, string>;

  /** When the API server created the object (present in manifests exported from a cluster). */
  readonly creationTimestamp?: string;

  /** Any other metadata field, kept as loaded. */
  readonly [field: string]: unknown;
}

/**
 * A Kubernetes object as plain JSON, after loading: `apiVersion`, `kind` and `metadata.name` are
 * non-empty strings and `metadata.namespace` is filled in. All other fields are kept as written.
 */
export interface KubeObject {
  /** API group and version, e.g. `v1` or `networking.istio.io/v1`. */
  readonly apiVersion: string;

  /** The kind, e.g. `Service` or `VirtualService`. */
  readonly kind: string;

  /** Name, namespace, labels and annotations. */
  readonly metadata: KubeMetadata;

  /** Any other top-level field (`spec`, `data`, ...), kept as written. */
  readonly [field: string]: unknown;
}

/**
 * Where a loaded object came from.
 *
 * @internal
 */
export interface ObjectOrigin {
  /** The file path as given by the user, or a label such as `chart ingress`; undefined for objects passed in memory. */
  readonly source?: string;

  /** 1-based position of the YAML document in the source, or of the object in the array passed in. */
  readonly document: number;

  /** 1-based positions inside `List` items (and nested lists), outermost first; empty when not in a list. */
  readonly items: readonly number[];
}

const origins = new WeakMap<object, ObjectOrigin>();

/**
 * Records where `obj` came from.
 *
 * @internal
 */
export function recordOrigin(obj: KubeObject, origin: ObjectOrigin): void {
  origins.set(obj, origin);
}

/**
 * The recorded origin of `obj`, if it was returned by one of the load functions.
 *
 * @internal
 */
export function originDetails(obj: KubeObject): ObjectOrigin | undefined {
  return origins.get(obj);
}

/**
 * Renders an origin, optionally with the object it names:
 * `a.yaml (document 3)`, `a.yaml (document 2, item 1, Service default/web)`, `object 2`, `object 2 (item 1)`.
 *
 * @internal
 */
export function formatOrigin(origin: ObjectOrigin, object?: string): string {
  const details: string[] = [];
  let head: string;
  if (origin.source !== undefined) {
    head = origin.source;
    details.push(`document ${origin.document}`);
  } else {
    head = `object ${origin.document}`;
  }
  if (origin.items.length > 0) {
    details.push(`item ${origin.items.join('.')}`);
  }
  if (object) {
    details.push(object);
  }
  return details.length > 0 ? `${head} (${details.join(', ')})` : head;
}

/**
 * Where a loaded object came from, for messages: `dist/a.k8s.yaml (document 3)` for the third YAML document of a
 * file, `object 2` for the second object passed to `loadObjects`, with `item N` added for objects inside a `List`
 * (`a.yaml (document 1, item 4)`).
 *
 * @param obj - an object returned by `loadObjects`, `loadYaml`, `loadFiles` or `loadChart`.
 * @returns the origin, or undefined for objects that were not loaded by those functions (copies included).
 */
export function originOf(obj: KubeObject): string | undefined {
  const origin = origins.get(obj);
  return origin && formatOrigin(origin);
}

/**
 * Names an object the way messages do: `Kind NS/NAME` (`VirtualService default/counter`).
 */
export function describeObject(obj: KubeObject): string {
  return `${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}`;
}
