/**
 * What every command shares: the input and output streams, loading manifests from `-f` (files, directories and `-`
 * for standard input), option parsers and the one-line error messages the CLI prints instead of stack traces.
 */
import { CommanderError, Command, Option } from 'commander';
import { RequestError } from '../engine/request-error';
import { TrafficEngine } from '../engine/traffic-engine';
import { KubeObject } from '../manifests/kube-object';
import { loadFiles, loadYaml } from '../manifests/load';
import { LoadWarning } from '../manifests/load-warning';
import { ManifestError } from '../manifests/manifest-error';
import { manifestText } from '../manifests/manifest-text';
import { ModelWarning } from '../model/model-warning';
import { CaseFileError } from '../verify/traffic-case';

/** The name of the executable, the prefix of every error line. */
export const PROGRAM = 'cdk8s-istio-gateway';

/** Where a run writes (each call receives a chunk of text, newlines included), and where it reads `-f -` from. */
export interface CliIo {
  /** Writes to standard output. */
  readonly stdout: (s: string) => void;
  /** Writes to standard error. */
  readonly stderr: (s: string) => void;
  /**
   * Reads all of standard input, for `-f -`; called at most once per run, and only when `-f -` is given.
   *
   * @defaultValue reads `process.stdin`
   */
  readonly stdin?: () => Promise<string>;
  /**
   * Stops a command that runs until interrupted (`serve`) when aborted.
   *
   * @defaultValue SIGINT or SIGTERM
   */
  readonly stop?: AbortSignal;
}

/** The `-f` path that stands for standard input, as in `kubectl apply -f -`. */
export const STDIN_PATH = '-';

/** The name of standard input in messages and origins, where a file would be named. */
export const STDIN_SOURCE = '<stdin>';

/** What a command's action needs: the output sinks, and the exit code it sets when it does not fail with an error. */
export interface CommandContext {
  /** The output sinks. */
  readonly io: CliIo;
  /** The exit code of the run when the action returns normally (0 unless the action sets it). */
  exitCode: number;
}

/** A bad command line or input file that commander does not detect itself: exit code 2 with the message. */
export class UsageError extends Error {
  /** @param message - one line: what is wrong and how to fix it. */
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The options of every command that reads manifests. */
export interface ManifestOptions {
  /** `-f` paths: files and directories, comma-separated lists split. */
  readonly filename: string[];
  /** `--namespace`: the namespace of objects without one. */
  readonly namespace?: string;
  /** `--strict`: an object the cluster would refuse, or one given twice, is an error instead of a warning. */
  readonly strict?: boolean;
}

/** Adds `-f, --filename` (required, repeatable, comma-separated) and `-n, --namespace` to a command. */
export function addManifestOptions(command: Command): Command {
  return addNamespaceOption(command.addOption(filenameOption().makeOptionMandatory()));
}

/**
 * The `-f, --filename` option (repeatable, comma-separated), not yet required.
 *
 * @param alternative - what the help adds after the paths, e.g. `; or --config-dump`.
 */
export function filenameOption(alternative = ''): Option {
  return new Option('-f, --filename <path...>', "manifest files or directories (YAML or JSON, read recursively), or '-' for standard input;"
    + ` repeat the flag or separate paths with commas${alternative}`).argParser(collectPaths);
}

/** Adds `-n, --namespace` to a command. */
export function addNamespaceOption(command: Command): Command {
  return command.option('-n, --namespace <ns>', 'namespace of objects without metadata.namespace, as kubectl apply would place them',
    parseName('--namespace'), 'default');
}

/** Adds `--strict` to a command that decides with the engine. */
export function addStrictOption(command: Command): Command {
  return command.option('--strict',
    'fail (exit 2) when an object would be refused by the API server or Istio\'s webhook, or is given twice, instead of leaving it out (or keeping the last copy) with a warning');
}

/** Prints one `warning:` line per warning of the model stage (objects left out or replaced). */
export function printModelWarnings(warnings: readonly ModelWarning[], io: CliIo): void {
  for (const warning of warnings) {
    io.stderr(`${PROGRAM}: warning: ${warning.message}\n`);
  }
}

/** An option for `--gateway NS/NAME`. */
export function gatewayOption(description: string): Option {
  return new Option('--gateway <ns/name>', description).argParser(parseGateway);
}

/**
 * Loads the manifests named by `-f` into an engine. Objects read from standard input (`-f -`) keep `<stdin>` as their
 * origin, like a file's path.
 */
export async function loadEngine(options: ManifestOptions, io: CliIo): Promise<TrafficEngine> {
  const engine = TrafficEngine._fromLoaded(await loadManifests(options, io), { strict: options.strict });
  printModelWarnings(engine.warnings, io);
  return engine;
}

/**
 * Loads the manifests named by `-f`, in the order given: files and directories as `loadFiles` reads them, and `-` as
 * the text of standard input, named `<stdin>` in messages.
 *
 * @throws UsageError when `-f` names no path or names `-` twice; ManifestError as `loadFiles` and `loadYaml` throw it.
 */
export async function loadManifests(options: ManifestOptions, io: CliIo): Promise<KubeObject[]> {
  const paths = checkedPaths(options);
  if (paths.filter((p) => p === STDIN_PATH).length > 1) {
    throw new UsageError("option '-f, --filename' names '-' (standard input) more than once; it can be read only once");
  }
  const onWarning = (warning: LoadWarning) => io.stderr(`${PROGRAM}: warning: ${warning.message}\n`);
  const objects: KubeObject[] = [];
  for (const given of paths) {
    if (given === STDIN_PATH) {
      // One by one: `push(...loaded)` overflows the call stack from about 100,000 objects.
      for (const object of loadYaml(await readStdin(io), STDIN_SOURCE, { namespace: options.namespace, onWarning })) {
        objects.push(object);
      }
    } else {
      for (const object of loadFiles([given], { namespace: options.namespace, onWarning })) {
        objects.push(object);
      }
    }
  }
  return objects;
}

/** The `-f` paths for a summary line, `<stdin>` for `-`: `dist/, <stdin>`. */
export function describePaths(paths: readonly string[]): string {
  return paths.map((p) => (p === STDIN_PATH ? STDIN_SOURCE : p)).join(', ');
}

/**
 * Reads a stream to its end as the text of a manifest (UTF-8, or UTF-16 with a byte order mark), as a file is read.
 *
 * @throws ManifestError naming `<stdin>` when the bytes are not text (NUL bytes, invalid UTF-8).
 */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return manifestText(Buffer.concat(chunks), STDIN_SOURCE, false);
}

/** The `-f` paths, or a UsageError when there is none. */
function checkedPaths(options: ManifestOptions): string[] {
  if (options.filename.length === 0) {
    throw new UsageError("option '-f, --filename' got no path; name manifest files or directories, or '-' for standard input");
  }
  return options.filename;
}

/** The text of standard input, from `io.stdin` or `process.stdin`; a read error is a ManifestError naming `<stdin>`. */
export async function readStdin(io: CliIo): Promise<string> {
  try {
    return await (io.stdin ?? (() => readStream(process.stdin)))();
  } catch (error) {
    if (error instanceof ManifestError) {
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ManifestError({ source: STDIN_SOURCE }, `cannot be read (${message.split('\n')[0]})`);
  }
}

/**
 * Throws a UsageError when no `--gateway` is given and the manifests hold several gateway workloads none of which a
 * request goes to by default (`TrafficEngine.defaultGatewayWorkload`), with a message that names the flag (the engine's
 * own message names the request field).
 */
export function requireGatewayChoice(engine: TrafficEngine, gateway: string | undefined): void {
  const workloads = engine.gatewayWorkloads;
  if (gateway === undefined && workloads.length > 1 && engine.defaultGatewayWorkload === undefined) {
    throw new UsageError(`the manifests hold ${workloads.length} gateway workloads (${workloads.join(', ')}); say which with --gateway NS/NAME`);
  }
}

/** Collects `-f` values: repeated flags and comma-separated lists, in order. */
export function collectPaths(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((p) => p.trim()).filter((p) => p !== '')];
}

/** A parser for an integer option in `[min, max]`, e.g. a port number. */
export function parseInteger(flag: string, what: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const trimmed = value.trim();
    const n = Number(trimmed);
    if (!/^\d+$/.test(trimmed) || n < min || n > max) {
      throw new UsageError(`${flag} '${value}' is not ${what} (an integer from ${min} to ${max})`);
    }
    return n;
  };
}

/** Parses `--min-coverage`: a percentage from 0 to 100, `%` optional. */
export function parsePercent(value: string): number {
  const trimmed = value.trim().replace(/%$/, '');
  const n = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || n > 100) {
    throw new UsageError(`--min-coverage '${value}' is not a percentage (a number from 0 to 100)`);
  }
  return n;
}

/** Parses `--gateway`: `NS/NAME`. */
export function parseGateway(value: string): string {
  if (!/^[^/\s]+\/[^/\s]+$/.test(value)) {
    throw new UsageError(`--gateway '${value}' is not NS/NAME; name the gateway Service, Deployment or a Gateway, e.g. istio-system/istio-ingressgateway`);
  }
  return value;
}

/** A parser for an option whose value must be a non-empty word without spaces or slashes. */
export function parseName(flag: string): (value: string) => string {
  return (value) => {
    if (!/^[^/\s]+$/.test(value)) {
      throw new UsageError(`${flag} '${value}' is not a name`);
    }
    return value;
  };
}

/**
 * The one-line message for an error, without the program prefix: the message of a known error (its first line), or
 * `unexpected error: ...` for anything else, so no stack trace ever reaches the user.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof CommanderError) {
    // `error: unknown option '--hots'\n(Did you mean --host?)` -> one line without commander's prefix.
    return oneLine(error.message.replace(/^error: /, ''));
  }
  if (error instanceof UsageError || error instanceof ManifestError || error instanceof CaseFileError || error instanceof RequestError) {
    return oneLine(error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${oneLine(message)}`;
}

/** Joins the lines of a message with spaces. */
function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');
}
