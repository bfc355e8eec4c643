/**
 * Parsing manifest text into documents of plain data: JSON with `JSON.parse`, YAML with js-yaml, and YAML that js-yaml
 * would read differently (yaml-differences.ts), or that js-yaml rejects, with the `yaml` library. The values are those
 * of `yaml` (YAML 1.2, core schema, `<<` merge keys) in every case, and so are the syntax errors.
 */
import { type LoadOptions as JsYamlLoadOptions } from 'js-yaml';
import { type YAMLError } from 'yaml';
import { coreSchema } from './core-schema';
import { ManifestError } from './manifest-error';
import { notTextError } from './manifest-text';
import { isStackOverflow, MAX_NESTING, nestingError, nestsTooDeep } from './nesting';
import { keyReadsDifferently, readsDifferently } from './yaml-differences';
import { jsYamlLibrary, yamlLibrary } from './yaml-library';

/** Documents parsed from text. */
export interface ParsedDocuments {
  /** The documents, in order; an empty document is `null`. Empty documents at the end are left out. */
  readonly documents: unknown[];
  /** True when the documents are trees no one else holds (no shared or cyclic parts, no `undefined`). */
  readonly fresh: boolean;
}

/**
 * The documents of YAML or JSON text, as plain data.
 *
 * @param text - the text, with or without a byte order mark.
 * @param source - the file path as given by the user (or another label), for messages.
 * @throws ManifestError on a syntax error, nesting deeper than {@link MAX_NESTING} levels, or text with NUL characters.
 */
export function parseDocuments(text: string, source: string): ParsedDocuments {
  return parse(text, source, true);
}

/**
 * {@link parseDocuments} without js-yaml: what every text is compared with (test/manifests/parser-agreement.test.ts).
 *
 * @internal
 */
export function parseDocumentsWithYaml(text: string, source: string): ParsedDocuments {
  return parse(text, source, false);
}

function parse(text: string, source: string, withJsYaml: boolean): ParsedDocuments {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\0')) {
    throw notTextError(source, 'it contains NUL characters', false);
  }
  const json = parseJson(body, source);
  if (json !== undefined) {
    return json;
  }
  const documents = withJsYaml && !readsDifferently(body) ? parseWithJsYaml(body, source) : undefined;
  return documents !== undefined ? { documents, fresh: true } : parseWithYaml(body, source);
}

/** A JSON object or array, or undefined when the text is not JSON (YAML flow collections, several documents, errors). */
function parseJson(body: string, source: string): ParsedDocuments | undefined {
  if (!/^\s*[[{]/.test(body)) {
    return undefined;
  }
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    if (!(error instanceof SyntaxError)) {
      throw error;
    }
    // Not JSON: a YAML flow collection, several documents, or a syntax error that YAML reports with a position.
    return undefined;
  }
  if (nestsTooDeep(document)) {
    throw nestingError({ source, document: 1 });
  }
  return { documents: [document], fresh: true };
}

/**
 * The documents as js-yaml reads them, or undefined when `yaml` is to read the text: js-yaml rejects it (`yaml` then
 * gives its message, or reads it: it accepts unknown tags, for one), or a key would read differently.
 */
function parseWithJsYaml(body: string, source: string): unknown[] | undefined {
  const jsYaml = jsYamlLibrary();
  let documents: unknown[];
  try {
    documents = jsYaml.loadAll(body, null, jsYamlOptions());
  } catch (error) {
    if (isStackOverflow(error) || (error instanceof jsYaml.YAMLException && error.reason.startsWith('nesting exceeded maxDepth'))) {
      throw nestingError({ source, document: jsYamlDocumentAt(body) });
    }
    if (error instanceof jsYaml.YAMLException) {
      return undefined;
    }
    throw error;
  }
  const mergeKeys = body.includes('<<');
  const settled: unknown[] = [];
  for (const document of withoutTrailingEmpty(documents)) {
    const checked = settleDocument(document, mergeKeys);
    if (checked === NESTS_TOO_DEEP) {
      throw nestingError({ source, document: settled.length + 1 });
    }
    if (checked === KEYS_DIFFER) {
      return undefined;
    }
    settled.push(checked);
  }
  return settled;
}

/** What {@link settleDocument} returns for a document nested too deep. */
const NESTS_TOO_DEEP = Symbol('nests too deep');
/** What {@link settleDocument} returns for a document with a key `yaml` reads differently. */
const KEYS_DIFFER = Symbol('keys differ');

/**
 * A document as js-yaml read it, checked and made compact in one walk: {@link NESTS_TOO_DEEP} when a value sits
 * deeper than {@link MAX_NESTING}, {@link KEYS_DIFFER} when a key reads differently in `yaml` (yaml-differences.ts),
 * or the document with every sequence copied to an array of its exact length (js-yaml grows sequences by `push`,
 * which leaves most short arrays with room for 17 items: about a fifth of the memory of a manifest's data).
 */
function settleDocument(document: unknown, mergeKeys: boolean): unknown {
  const root = Array.isArray(document) ? document.slice() : document;
  // The collections still to walk, and their levels (the document is level 1).
  const pending: object[] = [];
  const levels: number[] = [];
  if (root !== null && typeof root === 'object') {
    pending.push(root);
    levels.push(1);
  }
  const visit = (child: unknown, level: number): unknown => {
    if (child === null || typeof child !== 'object') {
      return child;
    }
    const settled = Array.isArray(child) ? child.slice() : child;
    pending.push(settled);
    levels.push(level);
    return settled;
  };
  while (pending.length > 0) {
    const node = pending.pop()!;
    const level = levels.pop()!;
    if (Array.isArray(node)) {
      if (node.length > 0 && level >= MAX_NESTING) {
        return NESTS_TOO_DEEP;
      }
      for (let i = 0; i < node.length; i++) {
        node[i] = visit(node[i], level + 1);
      }
      continue;
    }
    const mapping = node as Record<string, unknown>;
    const keys = Object.keys(mapping);
    if (keys.length > 0 && level >= MAX_NESTING) {
      return NESTS_TOO_DEEP;
    }
    for (const key of keys) {
      if (keyReadsDifferently(key, mergeKeys)) {
        return KEYS_DIFFER;
      }
      const value = visit(mapping[key], level + 1);
      if (value === mapping[key]) {
        continue;
      }
      if (key === '__proto__') {
        // An own property, as the data says, not the prototype.
        Object.defineProperty(mapping, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        mapping[key] = value;
      }
    }
  }
  return root;
}

/**
 * js-yaml's options: the core schema, and a limit of nesting that keeps js-yaml's recursion off the end of the stack.
 * js-yaml counts a level more than we do for some nodes (the entries of sequences and flow collections), so its limit
 * is one level more, and the documents it reads are checked against {@link MAX_NESTING} after reading.
 */
function jsYamlOptions(listener?: (event: string, state: object) => void): JsYamlLoadOptions {
  // `maxDepth` is js-yaml 4.3's, newer than its type declarations.
  const options: JsYamlLoadOptions & { maxDepth: number } = { schema: coreSchema(), maxDepth: MAX_NESTING + 1 };
  return listener === undefined ? options : { ...options, listener };
}

/** The 1-based document where js-yaml stops on `body` (which it rejects), or undefined if that cannot be told. */
function jsYamlDocumentAt(body: string): number | undefined {
  // js-yaml passes its parser state, the same object throughout, to a listener; the state lists the documents read.
  let state: { documents?: unknown } | undefined;
  try {
    jsYamlLibrary().loadAll(body, null, jsYamlOptions((_event, current) => {
      state ??= current;
    }));
  } catch {
    // The error that brought us here.
  }
  const read = state?.documents;
  return Array.isArray(read) ? read.length + 1 : undefined;
}

/**
 * The documents as `yaml` reads them, document by document, so only one document's syntax tree is held at a time (a
 * stream of 20,000 documents would otherwise keep every tree until the last is read). Nothing is returned when some
 * document has a syntax error: the error with the first position is reported, and a document's alias errors only when
 * no document has a syntax error, as `parseAllDocuments` followed by `toJS` on each document reports them.
 */
function parseWithYaml(body: string, source: string): ParsedDocuments {
  const { Composer, LineCounter, Parser } = yamlLibrary();
  const lineCounter = new LineCounter();
  const composer = new Composer({ merge: true });
  const values: unknown[] = [];
  const errors: Array<{ error: YAMLError; document: number }> = [];
  let valueError: ManifestError | undefined;
  let documents = 0;
  for (const document of composer.compose(new Parser(lineCounter.addNewLine).parse(body))) {
    documents++;
    for (const error of document.errors) {
      errors.push({ error, document: documents });
    }
    if (errors.length > 0 || valueError !== undefined) {
      continue;
    }
    try {
      const value = document.toJS();
      valueError = nestsTooDeep(value, true) ? nestingError({ source, document: documents }) : undefined;
      values.push(value);
    } catch (error) {
      // An alias to an anchor defined later, too many alias expansions, or nesting past the stack.
      valueError = isStackOverflow(error)
        ? nestingError({ source, document: documents })
        : new ManifestError({ source, document: documents }, `YAML error: ${(error as Error).message}`);
    }
  }
  if (documents === 0) {
    // A stream without documents keeps its errors (e.g. a lone `...`) in the composer.
    for (const error of composer.streamInfo().errors) {
      errors.push({ error, document: 1 });
    }
  }
  if (errors.length > 0) {
    const first = errors.reduce((a, b) => (b.error.pos[0] < a.error.pos[0] ? b : a));
    if (/call stack/i.test(first.error.message)) {
      // `yaml` reports running out of stack (nesting past a few hundred levels) as an error of the document.
      throw nestingError({ source, document: first.document });
    }
    const { line, col } = lineCounter.linePos(first.error.pos[0]);
    throw ManifestError.syntax(source, line, col, first.error.message.split('\n')[0]);
  }
  if (valueError !== undefined) {
    throw valueError;
  }
  // Aliases make `yaml`'s values share parts: they are copied when loaded.
  return { documents: withoutTrailingEmpty(values), fresh: false };
}

/**
 * `documents` without the empty documents at its end: js-yaml reads a text of comments as one empty document,
 * `yaml` as none; both read `a: 1\n---\n` as `{a: 1}` and an empty document.
 */
function withoutTrailingEmpty(documents: unknown[]): unknown[] {
  let end = documents.length;
  while (end > 0 && documents[end - 1] === null) {
    end--;
  }
  return end === documents.length ? documents : documents.slice(0, end);
}
