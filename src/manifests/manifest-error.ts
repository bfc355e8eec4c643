import { describeObject, formatOrigin, KubeObject, ObjectOrigin, originDetails } from './kube-object';

/**
 * Where a manifest problem is: a source (file path, or nothing for objects passed in memory), a document, and the
 * object when it is known.
 */
export interface ManifestErrorContext {
  /** The file path as given by the user, or a label such as `chart ingress`; undefined for objects passed in memory. */
  readonly source?: string;

  /** 1-based position of the YAML document in the source, or of the object in the array passed in. */
  readonly document?: number;

  /** 1-based positions inside `List` items (nested lists add positions), outermost first. */
  readonly items?: readonly number[];

  /** The object, as `Kind NS/NAME` (or as much of it as is known). */
  readonly object?: string;
}

/**
 * A manifest that cannot be loaded. The message is one line: where (file or `object N`, document, object), what is
 * wrong, and how to fix it, e.g.
 * `examples/bad.yaml (document 2, VirtualService default/counter): metadata.namespace is a number, not a string; quote it`.
 */
export class ManifestError extends Error {
  /**
   * A YAML syntax error: `bad.yaml: YAML syntax error at line 4, column 3: Map keys must be unique`.
   *
   * @param source - the file path as given by the user (or another label for the text).
   * @param line - 1-based line of the error.
   * @param column - 1-based column of the error.
   * @param reason - the parser's short description, one line.
   */
  public static syntax(source: string, line: number, column: number, reason: string): ManifestError {
    return new ManifestError({ source }, `YAML syntax error at line ${line}, column ${column}: ${reason}`);
  }

  /**
   * A problem with an object that was already loaded, located by its recorded origin (see `originOf`).
   *
   * @param obj - a loaded object.
   * @param problem - what is wrong, e.g. `spec.gateways[0] is empty`.
   * @param fix - how to fix it, e.g. `name a Gateway as NS/NAME`.
   */
  public static about(obj: KubeObject, problem: string, fix?: string): ManifestError {
    const origin: ObjectOrigin | undefined = originDetails(obj);
    return new ManifestError({ ...origin, object: describeObject(obj) }, problem, fix);
  }

  /** The file path or label, when the problem is in one. */
  public readonly source?: string;

  /** 1-based document (or object) index, when known. */
  public readonly document?: number;

  /** The object as `Kind NS/NAME`, when known. */
  public readonly object?: string;

  /** What is wrong, without location or fix. */
  public readonly problem: string;

  /** How to fix it, when there is advice. */
  public readonly fix?: string;

  /**
   * @param context - where the problem is.
   * @param problem - what is wrong, e.g. `metadata.name is missing`.
   * @param fix - how to fix it, e.g. `give every object a metadata.name`; appended after `; `.
   */
  public constructor(context: ManifestErrorContext, problem: string, fix?: string) {
    super(`${locate(context)}: ${problem}${fix ? `; ${fix}` : ''}`);
    this.name = 'ManifestError';
    this.source = context.source;
    this.document = context.document;
    this.object = context.object;
    this.problem = problem;
    this.fix = fix;
  }
}

/** Renders a context as the message prefix: `a.yaml (document 2, Service default/web)`, `object 3`, `a.yaml`. */
function locate(context: ManifestErrorContext): string {
  if (context.document !== undefined) {
    return formatOrigin({ source: context.source, document: context.document, items: context.items ?? [] }, context.object);
  }
  const head = context.source ?? context.object ?? 'manifests';
  return context.source !== undefined && context.object ? `${head} (${context.object})` : head;
}
