/**
 * What every run of the command line must look like, whatever the manifests hold: a documented exit code, errors as
 * one line that says where the problem is, and no text that leaks from the implementation.
 */
import * as path from 'path';
import type { CommandName } from './scenario';

/** The prefix of every line the command line writes to stderr. */
export const PREFIX = 'cdk8s-istio-gateway: ';

/** The prefix of a warning line. */
export const WARNING = `${PREFIX}warning: `;

/** The exit codes each command documents: 1 only for `verify` (failed cases) and `analyze` (findings). */
export const EXIT_CODES: Record<CommandName, readonly number[]> = {
  route: [0, 2],
  routes: [0, 2],
  dump: [0, 2],
  analyze: [0, 1, 2],
  verify: [0, 1, 2],
};

/** What one in-process run returned. */
export interface CliRun {
  readonly command: CommandName;
  readonly argv: readonly string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the run is checked against: the text of its input and the files it was given. */
export interface RunInput {
  /** Every input file's text and the arguments, for text that may legitimately be echoed. */
  readonly text: string;
  /** The manifest files (each named, even when their directory was passed). */
  readonly manifestFiles: readonly string[];
  /** The other files: the cases file and the requests file. */
  readonly otherFiles: readonly string[];
}

/** A broken invariant. */
export interface Violation {
  /** The invariant, e.g. `crash`, `stray-text`. */
  readonly rule: string;
  /** What was seen, e.g. the stderr line. */
  readonly detail: string;
}

/** Names of JavaScript's error classes: a message that carries one leaks an implementation error. */
const JS_ERRORS = /\b(TypeError|RangeError|ReferenceError|SyntaxError|EvalError|URIError|InternalError|AggregateError)\b/;

/** A V8 stack frame: `    at name (file:line:column)`, `    at file:line:column`, `    at Array.map (<anonymous>)`. */
const STACK_FRAME = /^\s+at (?:\S.* \()?(?:[^\s()]+:\d+:\d+|<anonymous>|native)\)?$/m;

/**
 * Messages of exit 2 that are about the request or the choice of gateway workload, not about a file: they need not
 * name one.
 */
const NOT_ABOUT_A_FILE = [
  /^the manifests hold no gateway workload/,
  /^the manifests hold \d+ gateway workloads \(/,
  /^no gateway workload is named /,
  /^the request /,
  /^the request's /,
];

/** Texts that are never meaningful output unless the input has them. */
const STRAY_TEXTS: ReadonlyArray<readonly [string, (input: string) => boolean]> = [
  ['undefined', (input) => input.includes('undefined')],
  ['[object Object]', (input) => input.includes('[object Object]')],
  ['NaN', (input) => input.includes('NaN') || /\.nan\b/i.test(input)],
];

/** A field path inside an object's message: `spec.servers[0].port.number`, `metadata.name`. */
const FIELD_IN_MESSAGE = /(?:^|[\s'`(])(?:spec|metadata|data|items)(?:\.|\[|: )/;

/** The location of an object: `FILE (document N[, item M][, Kind ns/name])`. */
const DOCUMENT_LOCATION = /\(document \d+(?:, item [\d.]+)?(?:, [^)]+)?\): /;

/** Every invariant `run` breaks. */
export function violations(run: CliRun, input: RunInput): Violation[] {
  const found: Violation[] = [];
  const add = (rule: string, detail: string): void => {
    found.push({ rule, detail });
  };
  if (!EXIT_CODES[run.command].includes(run.code)) {
    add('exit-code', `exit code ${run.code}, expected one of ${EXIT_CODES[run.command].join(', ')}`);
  }
  for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    const frame = STACK_FRAME.exec(text);
    if (frame) {
      add('stack-trace', `${name} holds a stack frame: ${frame[0].trim()}`);
    }
  }
  const stderrLines = run.stderr.split('\n').filter((l) => l !== '');
  for (const line of stderrLines) {
    if (line.includes('unexpected error')) {
      add('crash', line);
    } else if (JS_ERRORS.test(line)) {
      add('js-error-name', line);
    }
  }
  const unprefixed = stderrLines.find((l) => !l.startsWith(PREFIX));
  if (unprefixed !== undefined) {
    add('stderr-shape', `exit ${run.code} with a stderr line without the '${PREFIX.trim()}' prefix: ${clip(unprefixed, 300)}`);
  }
  for (const line of stderrLines.filter((l) => l.startsWith(WARNING))) {
    checkWarningLine(line.slice(WARNING.length), input, add);
  }
  if (run.code === 2) {
    checkErrorLine(run, input, add);
  }
  // A crash's message is reported as the crash; stray text in it is not reported again.
  const stderr = stderrLines.filter((l) => !l.includes('unexpected error') && !JS_ERRORS.test(l)).join('\n');
  for (const [text, inInput] of STRAY_TEXTS) {
    if (inInput(input.text)) {
      continue;
    }
    for (const [name, output] of [['stdout', run.stdout], ['stderr', stderr]] as const) {
      const line = lineWith(output, text);
      if (line !== undefined) {
        add('stray-text', `${name} holds '${text}' (not in the input): ${line}`);
      }
    }
  }
  return found;
}

/**
 * Checks the error of an exit 2: exactly one error line, the last one; warning lines (`<prefix>warning: ...`) may come
 * before it.
 */
function checkErrorLine(run: CliRun, input: RunInput, add: (rule: string, detail: string) => void): void {
  const lines = run.stderr.split('\n');
  const errors = lines.filter((l) => l !== '' && !l.startsWith(WARNING));
  if (!run.stderr.endsWith('\n') || errors.length !== 1 || lines[lines.length - 2] !== errors[0] || !errors[0].startsWith(PREFIX)) {
    add('error-shape', `exit 2 needs exactly one error line '${PREFIX}<message>' on stderr, last (after any warning lines); `
      + `got ${JSON.stringify(clip(run.stderr, 400))}`);
    return;
  }
  const message = errors[0].slice(PREFIX.length);
  if (message.includes('unexpected error')) {
    return;
  }
  const names = (f: string): boolean => message.includes(f) || message.includes(path.basename(f));
  const namesManifest = input.manifestFiles.some(names);
  if (!namesManifest && !input.otherFiles.some(names)) {
    if (!NOT_ABOUT_A_FILE.some((p) => p.test(message))) {
      add('error-without-file', `the error names none of the input files: ${message}`);
    }
    return;
  }
  if (namesManifest && FIELD_IN_MESSAGE.test(message.slice(message.indexOf(': ') + 2)) && !DOCUMENT_LOCATION.test(message)) {
    add('error-without-document', `the error is about a field of an object but does not name its document: ${message}`);
  }
}

/** Checks a warning line (without its prefix): about an object, it names the file and the document. */
function checkWarningLine(message: string, input: RunInput, add: (rule: string, detail: string) => void): void {
  if (message.startsWith('--')) {
    // About a flag, e.g. a --suppress code no analyzer reports.
    return;
  }
  const names = (f: string): boolean => message.includes(f) || message.includes(path.basename(f));
  if (!input.manifestFiles.some(names)) {
    add('warning-without-file', `the warning names none of the manifest files: ${message}`);
  } else if (FIELD_IN_MESSAGE.test(message) && !DOCUMENT_LOCATION.test(message)) {
    add('warning-without-document', `the warning is about a field of an object but does not name its document: ${message}`);
  }
}

/** The first line of `text` holding `needle`, clipped around it; undefined when there is none. */
export function lineWith(text: string, needle: string): string | undefined {
  const at = text.indexOf(needle);
  if (at < 0) {
    return undefined;
  }
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end < 0 ? undefined : end);
  const offset = at - start;
  return offset > 100 ? `...${line.slice(offset - 80, offset + 80)}...` : clip(line, 200);
}

/** `text`, cut to `max` characters with `...`. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
