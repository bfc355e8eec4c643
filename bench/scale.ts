/**
 * Scale: the command line on 20,000 VirtualServices of 10 rules each (200,000 routes, a 40 MB YAML file), and how the
 * analyzer's memory grows with its input.
 *
 * - `routes`, `route` (one request) and `analyze` run as users run them: each in its own process, on the compiled
 *   package, reading a YAML file, writing standard output to a file. Each is measured three times (wall time from
 *   the parent, peak RSS from the process itself at exit); the figures are medians.
 * - `analyze` on 5,000, 10,000 and 20,000 VirtualServices (the objects already in memory, read from JSON): how much
 *   the process's peak RSS rises during the analysis, and its ratio to the smallest input. Linear growth means ratios
 *   of about 2 and 4.
 *
 * The package is the one `compilePackage` compiled from the sources as they are.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { manifestsYaml, manyVirtualServices } from './configs';
import { BenchRow, median } from './support';

/** The analyzer's memory for one input size. */
export interface AnalyzerMemory {
  /** VirtualServices (10 rules each). */
  readonly virtualServices: number;
  /** How far the peak RSS rose above the RSS before `analyze`, in MB. */
  readonly peakGrowthMb: number;
  /** Wall time of `analyze`, in ms. */
  readonly ms: number;
}

/** The largest input: 20,000 VirtualServices x 10 rules. */
const SERVICES = 20_000;

/**
 * Runs `script` (in `dir`) with `args` in a new node process with `nodeOptions`, standard output to `stdoutFile`; a
 * preamble makes the process report its peak RSS on standard error when it exits.
 */
function runNode(dir: string, script: string, args: readonly string[], stdoutFile: string, nodeOptions: readonly string[] = []): {
  ms: number; status: number | null; peakRssMb: number; stderr: string;
} {
  const preamble = "process.on('exit', () => process.stderr.write(`\\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\\n`));"
    + `process.argv.splice(1, 0, ${JSON.stringify(script)}); require(${JSON.stringify(path.join(dir, script))});`;
  const out = fs.openSync(stdoutFile, 'w');
  try {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [...nodeOptions, '-e', preamble, ...args], { cwd: dir, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.error) {
      throw run.error;
    }
    const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(run.stderr);
    if (rss === null) {
      throw new Error(`scale: node ${args.join(' ')} reported no peak RSS (exit code ${run.status}): ${run.stderr.slice(0, 500)}`);
    }
    return { ms, status: run.status, peakRssMb: Number(rss[1]) / 1024, stderr: run.stderr };
  } finally {
    fs.closeSync(out);
  }
}

/**
 * The CLI rows: `routes`, `route` and `analyze` on 20,000 VirtualServices x 10 rules.
 *
 * @param dir - the compiled package (`compilePackage`); the input is written into it.
 * @param runs - how many times each process runs (medians are reported).
 */
export function commandLineRows(dir: string, runs: number): BenchRow[] {
  const manifests = path.join(dir, `vs-${SERVICES}.yaml`);
  fs.writeFileSync(manifests, manifestsYaml(manyVirtualServices(SERVICES, 10)));
  const mb = (fs.statSync(manifests).size / 1e6).toFixed(0);
  const output = path.join(dir, 'stdout.txt');
  const commands: Array<{ name: string; args: string[]; status: number; check: (stdout: string) => boolean }> = [
    {
      name: 'routes',
      args: ['routes', '-f', manifests],
      status: 0,
      // The header and one row per route.
      check: (stdout) => stdout.split('\n').length === SERVICES * 10 + 2,
    },
    {
      name: 'route',
      args: ['route', '-f', manifests, '--port', '80', '--host', `svc-${SERVICES - 1}.example.com`, '--path', '/api/v3/x'],
      status: 0,
      check: (stdout) => stdout.includes(`VirtualService: apps/svc-${SERVICES - 1}`),
    },
    {
      name: 'analyze',
      args: ['analyze', '-f', manifests],
      // No Service in the manifests: every destination host is an IST0101 error, so the run fails as it should.
      status: 1,
      check: (stdout) => stdout.includes(` (${SERVICES * 10} errors, `),
    },
  ];
  const rows: BenchRow[] = [];
  for (const command of commands) {
    const samples = Array.from({ length: runs }, () => {
      const run = runNode(dir, 'lib/cli/bin.js', command.args, output);
      if (run.status !== command.status || !command.check(fs.readFileSync(output, 'utf8'))) {
        throw new Error(`scale: \`${command.args.slice(0, 1).join(' ')}\` exited with ${run.status} or printed something unexpected: ${run.stderr.slice(0, 500)}`);
      }
      return run;
    });
    const seconds = median(samples.map((s) => s.ms)) / 1000;
    const rssMb = median(samples.map((s) => s.peakRssMb));
    rows.push({
      name: `CLI \`${command.name}\` on ${SERVICES.toLocaleString('en-US')} VirtualServices x 10 rules (${mb} MB of YAML): wall time, peak RSS`,
      value: `${seconds.toFixed(1)} s, ${Math.round(rssMb)} MB`,
      target: '< 15 s, < 1,000 MB',
      ratio: `${(seconds / 15).toFixed(2)} of the time, ${(rssMb / 1000).toFixed(2)} of the memory`,
    });
  }
  fs.rmSync(output, { force: true });
  return rows;
}

/** The analyzer's peak RSS growth on `sizes` VirtualServices, median of `runs` processes each. */
function analyzerMemory(dir: string, sizes: readonly number[], runs: number): AnalyzerMemory[] {
  const script = 'measure-analyze.js';
  fs.writeFileSync(path.join(dir, script), [
    "const fs = require('fs');",
    "const { analyze } = require('./lib/analyze/analyze');",
    'const objects = JSON.parse(fs.readFileSync(process.argv[2], \'utf8\'));',
    'global.gc(); global.gc();',
    'const before = process.memoryUsage().rss;',
    'const start = process.hrtime.bigint();',
    'const findings = analyze(objects);',
    'const ms = Number(process.hrtime.bigint() - start) / 1e6;',
    'const peak = process.resourceUsage().maxRSS * 1024;',
    'console.log(JSON.stringify({ findings: findings.length, ms, peakGrowthMb: (peak - before) / 1048576 }));',
  ].join('\n'));
  return sizes.map((size) => {
    const input = path.join(dir, `vs-${size}.json`);
    fs.writeFileSync(input, JSON.stringify(manyVirtualServices(size, 10)));
    const output = path.join(dir, 'measure.json');
    const samples = Array.from({ length: runs }, () => {
      const run = runNode(dir, script, [input], output, ['--expose-gc']);
      const measured = JSON.parse(fs.readFileSync(output, 'utf8')) as { findings: number; ms: number; peakGrowthMb: number };
      if (run.status !== 0 || measured.findings < size * 10) {
        throw new Error(`scale: analyze of ${size} VirtualServices failed: ${run.stderr.slice(0, 500)}`);
      }
      return measured;
    });
    fs.rmSync(input, { force: true });
    return { virtualServices: size, peakGrowthMb: median(samples.map((s) => s.peakGrowthMb)), ms: median(samples.map((s) => s.ms)) };
  });
}

/**
 * Measures the scale rows (the CLI on 20,000 VirtualServices) and the analyzer's memory at 5,000, 10,000 and 20,000
 * VirtualServices.
 *
 * @param dir - the compiled package (`compilePackage`); the inputs are written into it.
 * @param runs - how many times each process runs (medians are reported).
 */
export function scaleBenchmarks(dir: string, runs = 3): { rows: BenchRow[]; analyzer: AnalyzerMemory[] } {
  return { rows: commandLineRows(dir, runs), analyzer: analyzerMemory(dir, [5_000, 10_000, 20_000], runs) };
}
