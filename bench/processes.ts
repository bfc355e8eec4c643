/**
 * The processes a benchmark starts (servers, proxies), kept in one place so that every one of them is stopped at the
 * end, whether the benchmark succeeds or fails, and even when the benchmark's own process exits on an error.
 */
import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import * as net from 'net';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** How long a process has to exit after SIGTERM before it gets SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** What a benchmark script (TypeScript, run through ts-node) printed once it was ready, and its process. */
export interface StartedScript<T> {
  /** The script's process. */
  readonly child: ChildProcess;
  /** The JSON of the first line it printed on stdout. */
  readonly ready: T;
}

/** Processes started by a benchmark, stopped together by `stopAll`. */
export class BenchProcesses {
  private readonly running = new Set<ChildProcess>();
  /** Signals every process still running, when this process exits before `stopAll` (it cannot wait for them then). */
  private readonly killOnExit: () => void;

  public constructor() {
    this.killOnExit = () => {
      for (const child of this.running) {
        child.kill('SIGTERM');
      }
    };
    process.on('exit', this.killOnExit);
  }

  /** Starts `command` in the repository's directory (its output ignored unless `options` say otherwise), and remembers it until it exits. */
  public spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { cwd: root, stdio: 'ignore', ...options });
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    child.once('error', () => this.running.delete(child));
    return child;
  }

  /**
   * Starts a script of bench/ in a node process of its own, through ts-node as `npm run bench` runs bench/run.ts, and
   * resolves with the JSON it prints on its first line of stdout (its port, say). Rejects, with what it wrote on stderr,
   * if it exits first or prints nothing within `timeoutMs`.
   *
   * @param nodeArgs - options for node itself (`--cpu-prof`, say), before the script.
   */
  public startScript<T>(script: string, args: readonly string[], nodeArgs: readonly string[] = [], timeoutMs = 60_000): Promise<StartedScript<T>> {
    const child = this.spawn(process.execPath,
      [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', path.join(root, 'bench', script), ...args],
      { env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`bench/${script} ${why}${stderr ? `:\n${stderr}` : ''}`));
      };
      const timer = setTimeout(() => fail(`printed nothing within ${timeoutMs} ms`), timeoutMs);
      child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const newline = stdout.indexOf('\n');
        if (newline >= 0) {
          clearTimeout(timer);
          child.removeListener('exit', onExit);
          try {
            resolve({ child, ready: JSON.parse(stdout.slice(0, newline)) as T });
          } catch {
            reject(new Error(`bench/${script} printed '${stdout.slice(0, newline)}', not JSON`));
          }
        }
      });
      const onExit = (code: number | null) => fail(`exited (code ${code}) before it was ready`);
      child.once('exit', onExit);
      child.once('error', (error) => fail(`could not start (${error.message})`));
    });
  }

  /** Stops every process still running: SIGTERM, then SIGKILL after a grace period; resolves once all have exited. */
  public async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((child) => stop(child)));
    process.removeListener('exit', this.killOnExit);
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A TCP port of 127.0.0.1 that nothing listens on now (the system picks it), for servers that cannot take port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves once 127.0.0.1:`port` accepts a connection; rejects if `child` (the server that is to listen there)
 * exits first, or after `timeoutMs`.
 */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server for port ${port} exited (code ${child.exitCode ?? child.signalCode})`);
    }
    if (await accepts(port)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
