/**
 * The HTTP load generator of the proxy benchmark: wrk (https://github.com/wg/wrk), run with `--latency` so that it
 * prints its latency distribution, and what its report says: requests per second, the median and the 99th percentile.
 */
import { execFile } from 'child_process';

/** What one wrk run measured. */
export interface WrkResult {
  /** Requests per second over the whole run (wrk's `Requests/sec`). */
  readonly requestsPerSecond: number;
  /** Median latency, in milliseconds. */
  readonly p50Ms: number;
  /** 99th percentile of latency, in milliseconds. */
  readonly p99Ms: number;
}

/** How wrk loads the server. */
export interface WrkLoad {
  /** Length of the run, in seconds. */
  readonly seconds: number;
  /**
   * Connections kept open (HTTP/1.1 keep-alive), each with one request in flight.
   *
   * @default 50
   */
  readonly connections?: number;
  /**
   * wrk's threads.
   *
   * @default 1
   */
  readonly threads?: number;
  /** The Host header of every request; wrk sends the URL's authority without it. */
  readonly host?: string;
}

const UNIT_MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1000, m: 60_000 };

/**
 * Reads wrk's report (`--latency`). Throws if the report is not one of a run that only saw successful responses:
 * wrk counts socket errors and responses other than 2xx or 3xx apart, and their figures would not be those of the
 * responses the benchmark means to measure.
 */
export function parseWrkReport(report: string): WrkResult {
  const errors = /^\s*Socket errors: (.*)$/m.exec(report);
  if (errors) {
    throw new Error(`wrk saw socket errors (${errors[1]})`);
  }
  const failed = /^\s*Non-2xx or 3xx responses: (\d+)/m.exec(report);
  if (failed) {
    throw new Error(`wrk saw ${failed[1]} responses that are not 2xx or 3xx`);
  }
  const rate = /^Requests\/sec:\s+([\d.]+)\s*$/m.exec(report);
  if (!rate) {
    throw new Error(`wrk's report has no Requests/sec line:\n${report}`);
  }
  return { requestsPerSecond: Number(rate[1]), p50Ms: percentile(report, 50), p99Ms: percentile(report, 99) };
}

/** The latency at `percent` of the report's "Latency Distribution", in milliseconds. */
function percentile(report: string, percent: number): number {
  const match = new RegExp(`^\\s*${percent}(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(report);
  if (!match) {
    throw new Error(`wrk's report has no ${percent}% latency (was it run with --latency?):\n${report}`);
  }
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** Runs wrk against `url` with `load`, and reads its report. */
export function runWrk(url: string, load: WrkLoad): Promise<WrkResult> {
  const args = [`-t${load.threads ?? 1}`, `-c${load.connections ?? 50}`, `-d${load.seconds}s`, '--latency'];
  if (load.host !== undefined) {
    args.push('-H', `Host: ${load.host}`);
  }
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (load.seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`wrk ${args.join(' ')} failed (${error.message})${stderr ? `:\n${stderr}` : ''}`));
        return;
      }
      try {
        resolve(parseWrkReport(stdout));
      } catch (e) {
        reject(new Error(`wrk ${args.join(' ')}: ${(e as Error).message}`));
      }
    });
  });
}
