/**
 * The istio-oracle (tools/istio-oracle): built from its Go module when Go is installed, and run as one long-lived
 * process that takes a case on its standard input and answers on file descriptor 3, a line each, so that every
 * configuration fast-check generates or shrinks to costs one case, not one process.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { createInterface } from 'readline';

/** The oracle's Go module. */
export const ORACLE_DIR = path.resolve(__dirname, '../../tools/istio-oracle');

/** Where the oracle binary is built. */
const BINARY = path.join(ORACLE_DIR, 'bin', 'istio-oracle');

/** One case: manifests, and what to run on them. */
export interface OracleCase {
  readonly id: string;
  readonly manifests: string;
  /** The gateway proxy: its namespace, pod labels and containers (default istio-system, istio=ingressgateway). */
  readonly gateway?: { readonly namespace: string; readonly labels: Record<string, string>; readonly containers?: unknown[] };
  readonly analyze?: boolean;
  readonly analysisMode?: 'cluster' | 'files';
  readonly allNamespaces?: boolean;
}

/** An istioctl analyze message. */
export interface OracleFinding {
  readonly code: string;
  readonly level: string;
  readonly resource: string;
  readonly message: string;
}

/** The oracle's answer to a case. */
export interface OracleResult {
  readonly id: string;
  readonly configDump: unknown;
  readonly analysis: OracleFinding[] | null;
  readonly error: string | null;
}

/** The Go toolchain's version, or undefined when `go` is not on the PATH. */
export function goVersion(): string | undefined {
  try {
    return execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Builds the oracle (minutes the first time, seconds once Go's caches hold it) and runs its own tests; returns the binary's path. */
export function buildOracle(log: (line: string) => void): string {
  log(`building ${path.relative(process.cwd(), BINARY)} (go test -c; the first build downloads istio.io/istio and takes minutes)`);
  const started = Date.now();
  execFileSync('go', ['test', '-c', '-o', BINARY, '.'], { cwd: ORACLE_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!existsSync(BINARY)) {
    throw new Error(`go test -c did not write ${BINARY}`);
  }
  // The oracle's own tests (golden dumps, manifests, controllers), before it judges anything.
  execFileSync(BINARY, ['-test.skip', '^TestOracle$'], { cwd: ORACLE_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  return BINARY;
}

/** A running oracle. */
export class Oracle {
  /** Starts the binary at `binary`. */
  public static start(binary: string): Oracle {
    const child = spawn(binary, ['-test.run', '^TestOracle$'], {
      cwd: ORACLE_DIR,
      env: { ...process.env, ISTIO_ORACLE_INPUT: '/dev/stdin', ISTIO_ORACLE_OUTPUT: '/dev/fd/3' },
      stdio: ['pipe', 'ignore', 'inherit', 'pipe'],
    });
    return new Oracle(child);
  }

  private readonly waiting: Array<{ resolve: (r: OracleResult) => void; reject: (e: Error) => void }> = [];
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcess) {
    const results = child.stdio[3];
    if (results === null || results === undefined || !('on' in results)) {
      throw new Error('the oracle has no result pipe');
    }
    createInterface({ input: results as NodeJS.ReadableStream }).on('line', (line) => {
      this.waiting.shift()?.resolve(JSON.parse(line) as OracleResult);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`the oracle exited (${signal ?? `code ${code}`})`);
      for (const w of this.waiting.splice(0)) {
        w.reject(this.exited);
      }
    });
  }

  /** Runs one case. */
  public run(c: OracleCase): Promise<OracleResult> {
    if (this.exited) {
      return Promise.reject(this.exited);
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin?.write(`${JSON.stringify(c)}\n`);
    });
  }

  /** Ends the process: closes its input and waits for it to exit. */
  public async stop(): Promise<void> {
    if (this.exited) {
      return;
    }
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin?.end();
    });
  }
}
