/**
 * Runs a scenario through one command in-process, checks the invariants, and reports: a readable failure for the
 * test, and a catalogue of distinct failures for a long run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { clip, CliRun, lineWith, violations, Violation } from './invariants';
import { minimize } from './minimize';
import { CommandName, commandLine, Concrete, concretize, materialize, Materialized, Scenario, scenario, STDIN_NAME } from './scenario';
import * as common from '../../src/cli/common';
import { run } from '../../src/cli/run';

/** The seed: `FUZZ_SEED`, or a fixed one so that every run of the suite tries the same scenarios. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20250611);

/** Runs per command: `FUZZ_RUNS`, or `fallback`. */
export function runCount(fallback: number): number {
  return Number(process.env.FUZZ_RUNS ?? fallback);
}

/** `FUZZ_PATH`: replay one counterexample (with `FUZZ_SEED`), as a failure report prints it. */
export const REPLAY_PATH = process.env.FUZZ_PATH;

/**
 * The errors the command line turned into its one-line messages, in order: `errorMessage` is wrapped to see them, so a
 * report can show where an unexpected error was thrown. Install with {@link captureErrors} (in `beforeAll`).
 */
const thrown: unknown[] = [];

/** Wraps the command line's `errorMessage` to record the errors it formats; returns a function that restores it. */
export function captureErrors(): () => void {
  const original = common.errorMessage;
  if (typeof original !== 'function') {
    return () => undefined;
  }
  const spy = jest.spyOn(common, 'errorMessage').mockImplementation((error: unknown) => {
    thrown.push(error);
    return original(error);
  });
  return () => spy.mockRestore();
}

/** One command run on one scenario. */
export interface Outcome {
  readonly scenario: Concrete;
  readonly run: CliRun;
  readonly materialized: Materialized;
  readonly violations: Violation[];
  /** The error the command line formatted, if any (the last one). */
  readonly error?: unknown;
  /** The directory holding the files. */
  readonly dir: string;
}

let counter = 0;

/** The help of each command, to pass only the flags it offers. */
const helps = new Map<CommandName, string>();

/** The `--help` text of `command`. */
async function helpOf(command: CommandName): Promise<string> {
  let help = helps.get(command);
  if (help === undefined) {
    let text = '';
    await run([command, '--help'], { stdout: (t) => { text += t; }, stderr: () => undefined });
    help = text;
    helps.set(command, help);
  }
  return help;
}

/**
 * Writes `s` under a new directory of `root`, runs `command` on it in-process and checks the invariants. The
 * directory is removed unless `keep`.
 */
export async function exercise(s: Concrete, command: CommandName, root: string, keep = false): Promise<Outcome> {
  const dir = path.join(root, `run-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    const materialized = materialize(s, dir);
    const help = await helpOf(command);
    const argv = commandLine(command, s, materialized, (flag) => help.includes(`${flag} `));
    let stdout = '';
    let stderr = '';
    thrown.length = 0;
    const code = await run(argv, {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      stdin: async () => materialized.stdin ?? '',
    });
    const cliRun: CliRun = { command, argv, code, stdout, stderr };
    const input = {
      text: [...materialized.manifestFiles, materialized.casesFile, materialized.requestsFile].map((f) => f.text).join('\n') + argv.join(' '),
      manifestFiles: [...materialized.manifestFiles.map((f) => f.path), ...(materialized.stdin === undefined ? [] : [STDIN_NAME])],
      otherFiles: [materialized.casesFile.path, materialized.requestsFile.path],
    };
    return { scenario: s, run: cliRun, materialized, violations: violations(cliRun, input), error: thrown[thrown.length - 1], dir };
  } finally {
    if (!keep) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** `src/engine/servers.ts:44:28` from an error's stack: the first frame in src/, else the first frame. */
export function sourceLocation(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.stack === undefined) {
    return undefined;
  }
  const frames = error.stack.split('\n').filter((l) => /^\s+at /.test(l));
  const frame = frames.find((l) => /[/\\]src[/\\]/.test(l)) ?? frames[0];
  const location = /\(?([^\s()]+:\d+:\d+)\)?$/.exec(frame ?? '')?.[1];
  return location === undefined ? undefined : location.replace(/^.*?[/\\](src[/\\])/, '$1');
}

/** The top frames of an error's stack, for reports. */
function stackOf(error: unknown, frames = 6): string | undefined {
  if (!(error instanceof Error) || error.stack === undefined) {
    return undefined;
  }
  const lines = error.stack.split('\n');
  const head = lines.filter((l) => !/^\s+at /.test(l)).slice(0, 1);
  // Not as `    at ...` lines: jest would take the rest of the report for a stack trace.
  const top = lines.filter((l) => /^\s+at /.test(l)).slice(0, frames)
    .map((l) => `  <- ${l.trim().replace(/^at /, '').replace(/(^|\()[^\s()]*?[/\\](src|test|node_modules)[/\\]/, '$1$2/')}`);
  return [...head, ...top].join('\n');
}

/** A shell word. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** The command line as a user would type it. */
export function shellLine(argv: readonly string[]): string {
  return ['cdk8s-istio-gateway', ...argv].map(quote).join(' ');
}

/** What a user would see, and everything needed to reproduce it. */
export function describeOutcome(outcome: Outcome, maxOutput = 3000): string {
  const { run: r, materialized: m } = outcome;
  const lines: string[] = [];
  const stdinFile = m.stdin === undefined ? undefined : m.manifestFiles[m.manifestFiles.length - 1].path;
  lines.push(`$ ${stdinFile === undefined ? '' : `cat ${quote(stdinFile)} | `}${shellLine(r.argv)}`, `exit code ${r.code}`);
  lines.push('', 'Broken invariants:', ...outcome.violations.map((v) => `  - [${v.rule}] ${v.detail}`));
  const where = sourceLocation(outcome.error);
  if (where !== undefined && outcome.violations.some((v) => v.rule === 'crash' || v.rule === 'js-error-name')) {
    lines.push('', `Thrown at ${where}:`, stackOf(outcome.error) ?? '');
  }
  if (outcome.scenario.mutations.length > 0) {
    lines.push('', 'Mutations of the generated objects (before minimizing):', ...outcome.scenario.mutations.map((t) => `  - ${t}`));
  }
  for (const f of m.manifestFiles) {
    lines.push('', `--- ${f.path}`, f.text.trimEnd());
  }
  if (r.command === 'verify') {
    lines.push('', `--- ${m.casesFile.path}`, m.casesFile.text.trimEnd());
  }
  if (r.command === 'route' && r.argv.includes('--requests')) {
    lines.push('', `--- ${m.requestsFile.path}`, m.requestsFile.text.trimEnd());
  }
  lines.push('', '--- stderr', r.stderr.trimEnd());
  lines.push('', `--- stdout (${r.stdout.length} characters)`, clip(r.stdout, maxOutput).trimEnd());
  for (const v of outcome.violations.filter((x) => x.rule === 'stray-text')) {
    const needle = /holds '([^']+)'/.exec(v.detail)?.[1];
    const line = needle === undefined ? undefined : lineWith(r.stdout, needle);
    if (line !== undefined && r.stdout.length > maxOutput) {
      lines.push(`  (the line with '${needle}': ${line})`);
    }
  }
  return lines.join('\n');
}

/**
 * A time budget for shrinking: once the first failure is older than `ms`, the property passes without running, so
 * fast-check stops shrinking and reports the smallest failure found so far.
 */
export class ShrinkBudget {
  private firstFailure?: number;

  public constructor(private readonly ms: number) {}

  /** True when shrinking has had its time. */
  public get exhausted(): boolean {
    return this.firstFailure !== undefined && Date.now() - this.firstFailure > this.ms;
  }

  /** Records a failure. */
  public failed(): void {
    this.firstFailure ??= Date.now();
  }
}

/** fast-check's parameters for a property: the seed, the run count, and a replay path when given. */
export function parameters<T>(numRuns: number): fc.Parameters<T> {
  return REPLAY_PATH === undefined ? { seed: SEED, numRuns } : { seed: SEED, numRuns, path: REPLAY_PATH };
}

/**
 * Shrinks further a counterexample (see `minimize`): the smallest scenario that still breaks the invariant `kind`
 * with `command`.
 */
export async function minimized(start: Concrete, command: CommandName, kind: string, root: string, budgetMs: number): Promise<Concrete> {
  return minimize(start, command, async (c) => {
    const values = inputValues(c);
    const outcome = await exercise(c, command, root);
    return outcome.violations.some((v) => failureKind(v, values, sourceLocation(outcome.error)) === kind);
  }, budgetMs);
}

/**
 * Checks that `command` keeps the invariants on `numRuns` scenarios; on failure, returns the report of the shrunk and
 * minimized counterexample (its files kept on disk under `root`), else undefined.
 */
export async function checkCommand(command: CommandName, root: string, numRuns: number, shrinkMs: number): Promise<string | undefined> {
  const budget = new ShrinkBudget(shrinkMs);
  const details = await fc.check(fc.asyncProperty(scenario(), async (s) => {
    if (budget.exhausted) {
      return true;
    }
    const outcome = await exercise(concretize(s), command, root);
    if (outcome.violations.length > 0) {
      budget.failed();
      return false;
    }
    return true;
  }), parameters<[Scenario]>(numRuns));
  if (!details.failed || details.counterexample === null) {
    return undefined;
  }
  const shrunk = concretize(details.counterexample[0]);
  const first = await exercise(shrunk, command, root);
  const kind = first.violations.length > 0 ? failureKind(first.violations[0], inputValues(shrunk), sourceLocation(first.error)) : undefined;
  const smallest = kind === undefined ? shrunk : await minimized(shrunk, command, kind, root, shrinkMs);
  const outcome = await exercise(smallest, command, path.join(root, 'failures'), true);
  return [
    `${command}: ${outcome.violations.length} broken invariant(s); found after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s), `
      + `minimized from ${shrunk.documents.length} to ${smallest.documents.length} document(s)`,
    `replay the shrunk counterexample: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx jest test/fuzz -t '${command}$'`,
    `files kept in ${outcome.dir}`,
    '',
    describeOutcome(outcome),
  ].join('\n');
}

// --- the catalogue ------------------------------------------------------------------------------------------------------

/** Paths of the files a run writes, in messages. */
const WRITTEN_FILE = /\/[^\s'"():,]*\/(?:\d-manifests\.(?:yaml|json)|traffic\.cases\.yaml|requests\.yaml|manifests)/g;

/** A crash's message without the prefix, numbers and file paths: `unexpected error: number -N is not iterable`. */
function crashMessage(v: Violation): string {
  return v.detail.replace(WRITTEN_FILE, 'FILE').replace(/^.*?unexpected error: /, 'unexpected error: ').replace(/\b\d+(\.\d+)?\b/g, 'N');
}

/**
 * A failure kind, to group failures: the invariant and what broke it, without what varies from input to input. A
 * crash is known by where it was thrown (`location`; V8 words the same error differently once the code is optimized),
 * else by its message; stray text keeps the words around it, with names, numbers and the values of `input` replaced
 * by `…`.
 */
export function failureKind(v: Violation, input: ReadonlySet<string>, location?: string): string {
  const text = v.detail.replace(WRITTEN_FILE, 'FILE');
  if (v.rule === 'crash' || v.rule === 'js-error-name') {
    return location === undefined ? `[${v.rule}] ${crashMessage(v)}` : `[${v.rule}] thrown at ${location}`;
  }
  if (v.rule !== 'stray-text') {
    return `[${v.rule}] ${generalize(text)}`;
  }
  // `stdout holds 'undefined' (not in the input): <line>`
  const [head, line = ''] = text.split(/ \(not in the input\): /);
  const needle = /holds '([^']+)'/.exec(head)?.[1] ?? '';
  const placeholder = (token: string): boolean => {
    const core = token.replace(/^[([{'"`]+|[)\]}'"`,:;.]+$/g, '');
    return core === '' || core === '…' || input.has(core) || /\d|\//.test(core) || core === 'FILE';
  };
  const tokens: string[] = [];
  // The needle as one token (`[object Object]` has a space): a control character that no input holds stands for it.
  const mark = '\u0001';
  for (const raw of line.split(needle).join(mark).replace(/"/g, '').split(/\s+/).filter((t) => t !== '')) {
    const token = raw.includes(mark) ? raw.split(mark).join(needle) : placeholder(raw) ? '…' : raw;
    if (!(token === '…' && tokens[tokens.length - 1] === '…')) {
      tokens.push(token);
    }
  }
  const at = tokens.findIndex((t) => t.includes(needle));
  let start = at;
  while (start > 0 && (start === at || tokens[start] === '…')) {
    start--;
  }
  return `[stray-text] ${head}: ${tokens.slice(Math.max(0, start), at + 4).join(' ')}`;
}

/** Replaces quoted text, names and numbers with placeholders. */
function generalize(text: string): string {
  return text
    .replace(/'[^']*'/g, "'…'")
    .replace(/\b[a-z0-9][\w.-]*\/[\w.=*-]+/g, 'NS/NAME')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .replace(/\s+/g, ' ');
}

/** The string values of a scenario's documents and cases (names, hosts, modes), which messages may quote. */
export function inputValues(c: Concrete): Set<string> {
  const values = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      values.add(value);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(c.documents);
  visit(c.verify.cases);
  return values;
}

/** One distinct failure of a catalogue. */
export interface CatalogueEntry {
  readonly kind: string;
  /** Runs (scenario and command) that showed it, by command. */
  readonly runs: Map<CommandName, number>;
  /** Scenarios that showed it with some command. */
  scenarios: number;
  /** The first run that showed it: its index (fast-check's path) and command. */
  readonly first: { readonly index: number; readonly command: CommandName };
  /** The messages of a crash (V8 words some errors in several ways), with counts. */
  readonly messages: Map<string, number>;
  /** The minimized counterexample's report. */
  report?: string;
  /** The minimized counterexample on one line. */
  repro?: string;
  /** Where its error was thrown, from the shrunk counterexample. */
  location?: string;
}

/** Runs `numRuns` scenarios through every command, collecting the distinct failures; then shrinks one example of each. */
export async function buildCatalogue(commands: readonly CommandName[], root: string, numRuns: number, shrinkMs: number,
  progress: (line: string) => void): Promise<Catalogue> {
  const started = Date.now();
  const entries = new Map<string, CatalogueEntry>();
  let index = 0;
  let failing = 0;
  await fc.check(fc.asyncProperty(scenario(), async (generated) => {
    const current = index++;
    const kinds = new Set<string>();
    const s = concretize(generated);
    const values = inputValues(s);
    for (const command of commands) {
      const outcome = await exercise(s, command, root);
      for (const v of outcome.violations) {
        const where = sourceLocation(outcome.error);
        const kind = failureKind(v, values, where);
        let entry = entries.get(kind);
        if (entry === undefined) {
          entry = { kind, runs: new Map(), scenarios: 0, first: { index: current, command }, messages: new Map() };
          entries.set(kind, entry);
        }
        entry.runs.set(command, (entry.runs.get(command) ?? 0) + 1);
        if (v.rule === 'crash' || v.rule === 'js-error-name') {
          const message = crashMessage(v);
          entry.messages.set(message, (entry.messages.get(message) ?? 0) + 1);
        }
        if (!kinds.has(kind)) {
          kinds.add(kind);
          entry.scenarios++;
        }
      }
    }
    if (kinds.size > 0) {
      failing++;
    }
    if (current % 50 === 49) {
      progress(`${current + 1} scenarios, ${entries.size} failure kinds, ${Math.round((Date.now() - started) / 1000)} s`);
    }
    return true;
  }), { seed: SEED, numRuns });
  const sorted = [...entries.values()].sort((a, b) => total(b) - total(a));
  for (const entry of sorted) {
    const { command, index: at } = entry.first;
    const budget = new ShrinkBudget(shrinkMs);
    const details = await fc.check(fc.asyncProperty(scenario(), async (s) => {
      if (budget.exhausted) {
        return true;
      }
      const c = concretize(s);
      const values = inputValues(c);
      const outcome = await exercise(c, command, root);
      if (outcome.violations.some((v) => failureKind(v, values, sourceLocation(outcome.error)) === entry.kind)) {
        budget.failed();
        return false;
      }
      return true;
    }), { seed: SEED, numRuns: 1, path: String(at) });
    if (details.failed && details.counterexample !== null) {
      const shrunk = concretize(details.counterexample[0]);
      const smallest = await minimized(shrunk, command, entry.kind, root, shrinkMs);
      const outcome = await exercise(smallest, command, path.join(root, 'catalogue'), true);
      entry.location = sourceLocation(outcome.error);
      entry.repro = reproLine(outcome);
      entry.report = [
        `shrunk ${details.numShrinks} time(s), minimized from ${shrunk.documents.length} to ${smallest.documents.length} document(s); `
          + `replay the shrunk counterexample: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx jest test/fuzz -t '${command}$'`,
        `files kept in ${outcome.dir}`,
        '',
        describeOutcome(outcome, 1500),
      ].join('\n');
    } else {
      entry.report = `(not reproduced on replay of run ${at})`;
    }
    progress(`shrunk: ${entry.kind.slice(0, 100)}`);
  }
  return { entries: sorted, scenarios: numRuns, failing, ms: Date.now() - started };
}

/** Runs of an entry, all commands together. */
export function total(entry: CatalogueEntry): number {
  return [...entry.runs.values()].reduce((a, b) => a + b, 0);
}

/** What `buildCatalogue` found. */
export interface Catalogue {
  readonly entries: CatalogueEntry[];
  readonly scenarios: number;
  readonly failing: number;
  readonly ms: number;
}

/** The catalogue as Markdown: a table of the distinct failures, then each with its minimized example. */
export function catalogueMarkdown(result: Catalogue, commands: readonly CommandName[]): string {
  const lines: string[] = [];
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  lines.push('# Fuzz failure catalogue', '');
  lines.push(`Seed ${SEED}; ${result.scenarios} scenarios, each run through ${commands.join(', ')} (${result.scenarios * commands.length} runs); `
    + `${result.failing} scenarios broke an invariant; ${result.entries.length} distinct failures; ${Math.round(result.ms / 1000)} s.`, '');
  lines.push('| # | failure | thrown at | runs | scenarios | by command | minimal repro |', '| --- | --- | --- | --- | --- | --- | --- |');
  result.entries.forEach((e, i) => {
    const byCommand = [...e.runs.entries()].map(([c, n]) => `${c} ${n}`).join(', ');
    const thrownAt = /^\[[\w-]+\] thrown at (\S+)$/.exec(e.kind)?.[1] ?? e.location ?? '';
    lines.push(`| ${i + 1} | ${cell(describeKind(e))} | ${thrownAt} | ${total(e)} | ${e.scenarios} | ${byCommand} | ${cell(clip(e.repro ?? '', 220))} |`);
  });
  result.entries.forEach((e, i) => {
    lines.push('', `## ${i + 1}. ${describeKind(e)}`, '');
    lines.push(`- kind: \`${e.kind}\``);
    lines.push(`- runs: ${total(e)} (${[...e.runs.entries()].map(([c, n]) => `${c} ${n}`).join(', ')}), scenarios: ${e.scenarios}`);
    if (e.location !== undefined) {
      lines.push(`- thrown at (minimized example): ${e.location}`);
    }
    if (e.repro !== undefined) {
      lines.push(`- minimal repro: \`${e.repro}\``);
    }
    lines.push('', '```', e.report ?? '', '```');
  });
  return `${lines.join('\n')}\n`;
}

/** A crash's messages (the most frequent first), else its kind. */
function describeKind(e: CatalogueEntry): string {
  if (e.messages.size === 0) {
    return e.kind;
  }
  const rule = /^\[[\w-]+\]/.exec(e.kind)?.[0] ?? '';
  return `${rule} ${[...e.messages.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m).join(' / ')}`;
}

/** One line that reproduces an outcome: the command and its flags, the documents as compact JSON, the cases or requests. */
export function reproLine(outcome: Outcome): string {
  const { argv } = outcome.run;
  const args: string[] = [];
  let named = false;
  for (let i = 0; i < argv.length; i++) {
    if (['-f', '--cases', '--requests'].includes(argv[i])) {
      // Every manifest file becomes one FILE holding all documents.
      if (argv[i] === '-f' && !named) {
        args.push('-f', 'FILE');
        named = true;
      }
      i++;
    } else {
      args.push(argv[i]);
    }
  }
  const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  const docs = outcome.scenario.documents.map(json).join(' --- ');
  const extra = argv.includes('--cases') ? `; cases: ${json(outcome.scenario.verify.cases)}`
    : argv.includes('--requests') ? `; requests: ${outcome.materialized.requestsFile.text.trim().replace(/\s+/g, ' ')}` : '';
  return `${args.join(' ')}; FILE: ${docs}${extra}`;
}
