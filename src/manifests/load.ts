import * as fs from 'fs';
import * as path from 'path';
import { cdk8sOutputFileOf, isCdk8sOutputFile } from './cdk8s-output';
import { KubeObject, ObjectOrigin, recordOrigin } from './kube-object';
import { LoadWarning, loadWarning } from './load-warning';
import { ManifestError, ManifestErrorContext } from './manifest-error';
import { manifestText } from './manifest-text';
import { MAX_NESTING, nestingError } from './nesting';
import { ParsedDocuments, parseDocuments } from './parse-documents';

/**
 * Options for loading manifests.
 */
export interface LoadOptions {
  /**
   * The namespace of objects without `metadata.namespace`, as `kubectl apply --namespace` would place them.
   * Every such object gets it, cluster-scoped kinds included.
   *
   * @defaultValue `'default'`
   */
  readonly namespace?: string;

  /**
   * Called once for each path that holds no objects, which loads nothing and is not an error: a file that is empty
   * or holds only comments, `---` separators or empty Lists, and a directory without manifest files. `loadFiles`
   * calls it for each path it is given and for each file it reads in a directory; `loadYaml` for its text. The other
   * load functions, which take objects rather than paths, never call it.
   *
   * @example
   * ```ts
   * loadFiles(['dist/'], { onWarning: (w) => console.error(`warning: ${w.message}`) });
   * ```
   *
   * @defaultValue undefined (such paths load nothing, silently)
   */
  readonly onWarning?: (warning: LoadWarning) => void;
}

/**
 * Anything with `toJson()` returning the synthesized objects, such as a cdk8s `Chart`.
 */
export interface ChartLike {
  /** The chart's objects as plain JSON, in synth order. */
  toJson(): unknown[];
}

/**
 * Anything with `charts`, such as a cdk8s `App`.
 */
export interface AppLike {
  /** The app's charts, in synth order. */
  readonly charts: readonly ChartLike[];
}

/** Extensions read from directories (case-sensitive, as kubectl does); files named explicitly are read whatever their name. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Loads plain objects, e.g. from a Pulumi program, `JSON.parse` or a cdk8s `chart.toJson()`.
 *
 * - `null` and `undefined` entries are skipped (empty YAML documents); an entry that is an array is read as a list
 *   of objects.
 * - `kind: List` (and any `*List` kind with an `items` array) is replaced by its items, recursively.
 * - Every object must have a non-empty `apiVersion`, `kind` and `metadata.name`; `metadata.namespace`, when
 *   present, must be a string, and label and annotation values must be strings.
 * - Objects without `metadata.namespace` get the default namespace. Kinds the engine does not model are kept.
 *
 * The result holds new objects (deep copies): the caller's objects are never changed.
 *
 * @param objects - the objects; positions are reported 1-based as `object N` (or `document N` when `source` is given).
 * @param options - the default namespace.
 * @param source - what the objects were read from, e.g. a file path, for messages and `originOf`.
 * @returns the loaded objects, in order.
 * @throws ManifestError when an object is malformed.
 */
export function loadObjects(objects: readonly unknown[], options: LoadOptions = {}, source?: string): KubeObject[] {
  if (!Array.isArray(objects)) {
    throw new TypeError(`loadObjects: expected an array of objects, found ${describeValue(objects)}`);
  }
  return loadValues(objects, options, source, false);
}

/**
 * `loadObjects` for values that are `fresh`: parsed here from text into trees no one else holds (no shared or cyclic
 * parts, no `undefined`), which are then checked and completed in place instead of copied.
 */
function loadValues(objects: readonly unknown[], options: LoadOptions = {}, source: string | undefined, fresh: boolean): KubeObject[] {
  const namespace = options.namespace || 'default';
  const loaded: KubeObject[] = [];
  objects.forEach((value, index) => {
    if (value === null || value === undefined) {
      return;
    }
    loadValue(value, { source, document: index + 1, items: [] }, namespace, loaded, fresh);
  });
  return loaded;
}

/**
 * Loads YAML or JSON text: multi-document YAML (`---`; empty documents are skipped), `kind: List`, a JSON object,
 * or a JSON array of objects. See `loadObjects` for what is checked.
 *
 * YAML is read as YAML 1.2 (the core schema) with `<<` merge keys enabled. A text that holds no objects loads nothing
 * and is reported to `options.onWarning`.
 *
 * @param text - the file's content.
 * @param source - the file path as given by the user (or another label), for messages and `originOf`.
 * @param options - the default namespace, and where to report a text without objects.
 * @returns the loaded objects, in document order.
 * @throws ManifestError on a YAML syntax error (`bad.yaml: YAML syntax error at line 4, column 3: ...`), nesting
 * deeper than 500 levels, text with NUL characters, a malformed object, or a file cdk8s writes beside the manifests
 * (`dist/construct-metadata.json: is cdk8s's construct metadata ..., not a manifest; ...`).
 */
export function loadYaml(text: string, source: string, options?: LoadOptions): KubeObject[] {
  return loadDocuments(parseDocuments(text, source), source, options);
}

/**
 * Loads the parsed documents of one source; a file cdk8s writes beside the manifests is an error saying what it is,
 * and a source without objects is reported to `options.onWarning`.
 */
function loadDocuments(parsed: ParsedDocuments, source: string, options?: LoadOptions): KubeObject[] {
  const cdk8sFile = cdk8sOutputFileOf(parsed.documents);
  if (cdk8sFile !== undefined) {
    throw new ManifestError({ source }, cdk8sFile.problem, cdk8sFile.fix);
  }
  const loaded = loadValues(parsed.documents, options, source, parsed.fresh);
  if (loaded.length === 0) {
    options?.onWarning?.(loadWarning(source, parsed.documents.every((document) => document === null)
      ? 'holds no objects (it is empty, or only comments and document separators)'
      : 'holds no objects (only Lists or arrays without items)'));
  }
  return loaded;
}

/**
 * Loads YAML and JSON files, and directories: a directory is read recursively, taking only `*.yaml`, `*.yml` and
 * `*.json` files, in lexical order of names within each directory (as `kubectl apply -f DIR -R` walks it). A file
 * named explicitly is read whatever its extension.
 *
 * A directory read skips the files cdk8s writes beside the manifests, recognised by name and content:
 * `construct-metadata.json` (`cdk8s synth` with validations configured), the `Chart.yaml` of `--format helm`, and a
 * `--validation-reports-output-file` (any name; its content alone is recognised). Every other file is loaded, and
 * such a file named explicitly is a one-line error saying what it is.
 *
 * Files are read as kubectl reads them: UTF-8, or UTF-16 with a byte order mark. A file that is not text (NUL bytes,
 * invalid UTF-8) is an error, in a directory too (kubectl fails on it as well). A file without objects (empty, only
 * comments) and a directory without manifest files load nothing and are reported to `options.onWarning`.
 *
 * @param paths - files and directories, as given by the user; messages and `originOf` use them as given.
 * @param options - the default namespace, and where to report paths without objects.
 * @returns the loaded objects, file by file, in document order.
 * @throws ManifestError when a path does not exist or cannot be read, is not text, or on a YAML or object error.
 */
export function loadFiles(paths: readonly string[], options?: LoadOptions): KubeObject[] {
  const loaded: KubeObject[] = [];
  for (const given of paths) {
    const inDirectory = attempt(given, () => fs.statSync(given)).isDirectory();
    const files = inDirectory ? walk(given) : [given];
    let skipped = 0;
    for (const file of files) {
      const text = readManifestText(file, inDirectory);
      const parsed = parseDocuments(text, file);
      if (inDirectory && isCdk8sOutputFile(path.basename(file), parsed.documents)) {
        skipped++;
        continue;
      }
      for (const object of loadDocuments(parsed, file, options)) {
        loaded.push(object);
      }
    }
    if (inDirectory && skipped === files.length) {
      options?.onWarning?.(loadWarning(given, files.length === 0
        ? `holds no manifest files (a directory is read for ${MANIFEST_EXTENSIONS.map((e) => `*${e}`).join(', ')} files)`
        : 'holds no manifests (only files cdk8s writes beside them, which a directory read skips)'));
    }
  }
  return loaded;
}

/**
 * Loads the objects of a cdk8s `Chart` (anything with `toJson()`) or of every chart of a cdk8s `App` (anything with
 * `charts`), without writing files. Origins name the chart by its construct path: `chart ingress (document 2)` is
 * the second object of that chart, the second document of its synthesized YAML.
 *
 * @param chartOrApp - a chart or an app; checked by shape, so this module does not depend on cdk8s.
 * @param options - the default namespace, for charts created without one.
 * @returns the loaded objects, chart by chart.
 * @throws ManifestError when a synthesized object is malformed.
 */
export function loadChart(chartOrApp: ChartLike | AppLike, options?: LoadOptions): KubeObject[] {
  const candidate = chartOrApp as Partial<ChartLike & AppLike> | null | undefined;
  if (candidate && typeof candidate.toJson === 'function') {
    return loadObjects(candidate.toJson(), options, chartLabel(candidate));
  }
  if (candidate && Array.isArray(candidate.charts)) {
    return candidate.charts.flatMap((chart, index) => loadObjects(chart.toJson(), options, chartLabel(chart, index + 1)));
  }
  throw new TypeError(`loadChart: expected a cdk8s Chart (with toJson()) or App (with charts), found ${describeValue(chartOrApp)}`);
}

/** `chart PATH` from the construct path when the chart has one, else `chart N` (or `chart`). */
function chartLabel(chart: object, position?: number): string {
  const nodePath = (chart as { node?: { path?: unknown } }).node?.path;
  if (typeof nodePath === 'string' && nodePath !== '') {
    return `chart ${nodePath}`;
  }
  return position === undefined ? 'chart' : `chart ${position}`;
}

/** Adds the objects in `value` (an object, a List, or at document level an array) to `loaded`. */
function loadValue(value: unknown, origin: ObjectOrigin, namespace: string, loaded: KubeObject[], fresh: boolean): void {
  if (Array.isArray(value) && origin.items.length === 0) {
    value.forEach((item, index) => loadValue(item, { ...origin, items: [index + 1] }, namespace, loaded, fresh));
    return;
  }
  if (!isPlainObject(value)) {
    throw notAnObject(value, origin);
  }
  if (isList(value)) {
    const items = value.items;
    if (items === undefined || items === null) {
      return;
    }
    if (!Array.isArray(items)) {
      throw new ManifestError({ ...origin, object: stringOrUndefined(value.kind) },
        `items is ${describeValue(items)}, not a list`, 'give a List an items array of objects');
    }
    items.forEach((item, index) => loadValue(item, { ...origin, items: [...origin.items, index + 1] }, namespace, loaded, fresh));
    return;
  }
  const object = toKubeObject(value, origin, namespace, fresh);
  recordOrigin(object, origin);
  loaded.push(object);
}

/** `kind: List`, or a `*List` kind with an `items` array (`ServiceList`, `VirtualServiceList`, ...). */
function isList(value: Record<string, unknown>): boolean {
  const kind = value.kind;
  return kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items));
}

/** The error for a document or item that is not a plain object. */
function notAnObject(value: unknown, origin: ObjectOrigin): ManifestError {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return new ManifestError(origin, `expected a Kubernetes object as plain JSON, found ${describeValue(value)}`,
      'pass plain objects, e.g. from chart.toJson() or JSON.parse');
  }
  const what = origin.items.length > 0 ? 'each item' : 'each document';
  return new ManifestError(origin, `expected a Kubernetes object, found ${describeValue(value)}`,
    `write ${what} as a mapping with apiVersion, kind and metadata`);
}

/** Checks one object and returns a deep copy (or, when `fresh`, the object itself) with `metadata.namespace` filled in. */
function toKubeObject(value: Record<string, unknown>, origin: ObjectOrigin, defaultNamespace: string, fresh: boolean): KubeObject {
  const kind = stringOrUndefined(value.kind);
  const metadata = isPlainObject(value.metadata) ? value.metadata : undefined;
  const name = stringOrUndefined(metadata?.name);
  const givenNamespace = metadata?.namespace;
  const namespace = givenNamespace === undefined || givenNamespace === null || givenNamespace === ''
    ? defaultNamespace
    : stringOrUndefined(givenNamespace);
  const context: ManifestErrorContext = { ...origin, object: objectLabel(kind, namespace, name) };
  const fail = (problem: string, fix: string) => new ManifestError(context, problem, fix);

  const apiVersionProblem = stringProblem(value.apiVersion, 'apiVersion');
  if (apiVersionProblem) {
    throw fail(apiVersionProblem, 'give every object an apiVersion, e.g. v1 or networking.istio.io/v1');
  }
  const kindProblem = stringProblem(value.kind, 'kind');
  if (kindProblem) {
    throw fail(kindProblem, 'give every object a kind, e.g. Service or VirtualService');
  }
  if (value.metadata === undefined || value.metadata === null) {
    throw fail('metadata.name is missing', 'give every object a metadata.name');
  }
  if (!metadata) {
    throw fail(`metadata is ${describeValue(value.metadata)}, not a mapping`, 'give every object a metadata mapping with a name');
  }
  const nameProblem = stringProblem(metadata.name, 'metadata.name');
  if (nameProblem) {
    if (nameProblem.endsWith('missing') && metadata.generateName !== undefined) {
      throw fail('metadata.name is missing (metadata.generateName is not enough: the name must be known before the object is created)',
        'give the object a fixed metadata.name');
    }
    throw fail(nameProblem, nameProblem.endsWith('not a string') ? 'quote it' : 'give every object a metadata.name');
  }
  if (namespace === undefined) {
    throw fail(`metadata.namespace is ${describeValue(givenNamespace)}, not a string`, 'quote it, or leave it out to use the default namespace');
  }
  for (const field of ['labels', 'annotations']) {
    const problem = stringMapProblem(metadata[field], `metadata.${field}`);
    if (problem) {
      throw fail(problem, `write ${field} as key: value pairs with string values (quote numbers and booleans)`);
    }
  }
  const timestamp = metadata.creationTimestamp;
  if (timestamp !== undefined && timestamp !== null && typeof timestamp !== 'string') {
    throw fail(`metadata.creationTimestamp is ${describeValue(timestamp)}, not a string`, 'quote it, or leave it out');
  }

  const copy = fresh ? value : copyJson(value, context, []) as Record<string, unknown>;
  const copiedMetadata = copy.metadata as Record<string, unknown>;
  for (const field of ['labels', 'annotations', 'creationTimestamp']) {
    // `labels:` with nothing after it, or `creationTimestamp: null` from `kubectl create --dry-run -o yaml`: absent.
    if (copiedMetadata[field] === null) {
      delete copiedMetadata[field];
    }
  }
  copiedMetadata.namespace = namespace;
  return copy as unknown as KubeObject;
}

/** `Kind NS/NAME`, or as much of it as is known. */
function objectLabel(kind: string | undefined, namespace: string | undefined, name: string | undefined): string | undefined {
  const id = name === undefined ? undefined : namespace === undefined ? name : `${namespace}/${name}`;
  return [kind, id].filter((part) => part !== undefined).join(' ') || undefined;
}

/** Why `value` is not a non-empty string, or undefined when it is one. */
function stringProblem(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) {
    return `${field} is missing`;
  }
  if (typeof value !== 'string') {
    return `${field} is ${describeValue(value)}, not a string`;
  }
  return value === '' ? `${field} is empty` : undefined;
}

/** Why `value` is not absent or a mapping of strings, or undefined when it is one. */
function stringMapProblem(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isPlainObject(value)) {
    return `${field} is ${describeValue(value)}, not a mapping`;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      return `${field}${fieldKey(key)} is ${describeValue(entry)}, not a string`;
    }
  }
  return undefined;
}

/** `.key`, or `['key']` for keys such as `app.kubernetes.io/name`. */
function fieldKey(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `['${key}']`;
}

/**
 * A deep copy of JSON-like data: plain objects and arrays are copied, `undefined` properties dropped, other values kept.
 * `ancestors` holds the objects on the path from the root (a few), to detect cycles.
 */
function copyJson(value: unknown, context: ManifestErrorContext, ancestors: unknown[]): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    return value;
  }
  if (ancestors.includes(value)) {
    throw new ManifestError(context, 'the object contains a reference cycle', 'pass plain JSON data');
  }
  if (ancestors.length >= MAX_NESTING) {
    throw nestingError(context);
  }
  ancestors.push(value);
  let copy: unknown;
  if (isArray) {
    copy = (value as unknown[]).map((item) => copyJson(item, context, ancestors));
  } else {
    const object = value as Record<string, unknown>;
    const copied: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      const entry = object[key];
      if (entry === undefined) {
        continue;
      }
      if (key === '__proto__') {
        // An own property, as the data says, not the prototype.
        Object.defineProperty(copied, key, { value: copyJson(entry, context, ancestors), writable: true, enumerable: true, configurable: true });
      } else {
        copied[key] = copyJson(entry, context, ancestors);
      }
    }
    copy = copied;
  }
  ancestors.pop();
  return copy;
}

/** True for `{...}` objects (from any realm) and `Object.create(null)`; false for arrays and class instances. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `a string`, `a number`, `null`, `a list`, `a mapping`, `a Date instance`, ... */
function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    if (isPlainObject(value)) {
      return 'a mapping';
    }
    const constructorName = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof constructorName === 'string' && constructorName !== '' ? `a ${constructorName} instance` : 'an object';
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

/**
 * The text of a file, read as kubectl reads a manifest: UTF-8, or UTF-16 with a byte order mark.
 *
 * @param file - the path as given by the user, which errors name.
 * @param inDirectory - true when the file was found in a directory rather than named (for the advice).
 * @throws ManifestError naming the file when it cannot be read or is not text.
 */
export function readManifestText(file: string, inDirectory: boolean): string {
  return manifestText(attempt(file, () => fs.readFileSync(file)), file, inDirectory);
}

/** Manifest files under a directory, depth-first, entries in lexical order; symlinked directories are not followed. */
function walk(dir: string): string[] {
  const entries = attempt(dir, () => fs.readdirSync(dir, { withFileTypes: true }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const file = joinPath(dir, entry.name);
    if (entry.isDirectory()) {
      for (const nested of walk(file)) {
        files.push(nested);
      }
    } else if (MANIFEST_EXTENSIONS.includes(path.extname(entry.name))
      && (entry.isFile() || (entry.isSymbolicLink() && attempt(file, () => fs.statSync(file)).isFile()))) {
      files.push(file);
    }
  }
  return files;
}

/** `dir/name`, keeping `dir` exactly as given (no normalization), so messages show the user's path. */
function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

/** Runs a file system call, turning its error into a one-line ManifestError naming the path. */
function attempt<T>(file: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw new ManifestError({ source: file }, fileProblem(error as NodeJS.ErrnoException));
  }
}

function fileProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `cannot be read (${error.message.split('\n')[0]})`;
  }
}
