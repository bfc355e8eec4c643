/**
 * What the benchmark modules share: the row of the targets table, medians, and the package compiled as users install
 * it, for the benchmarks that run the CLI in processes of their own.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A row of the targets table in BENCHMARKS.md. */
export interface BenchRow {
  readonly name: string;
  readonly value: string;
  readonly target?: string;
  readonly ratio?: string;
}

/**
 * What a group of benchmarks measured: rows of the targets table, and sections of their own. A group that can run alone
 * (`BENCH_ONLY`) puts these in place of its figures in BENCHMARKS.md (bench/report.ts).
 */
export interface BenchFigures {
  /** Rows of the targets table. */
  readonly rows: BenchRow[];
  /** Markdown sections (heading, prose, table), in order. */
  readonly sections: string[];
}

/** The median of `values` (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const root = path.join(__dirname, '..');

/**
 * Compiles the package into a new temporary directory (tsc and the command line's bundle, as `npm run compile` does),
 * laid out as installed: lib/, crd-validators/, crds/, package.json, and node_modules linked to this repository's.
 * The figures are then those of the sources as they are, whatever lib/ holds. The caller removes the directory.
 */
export function compilePackage(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-package-'));
  // First: the bundler resolves the libraries it bundles from the compiled files' directory upwards.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', path.join(dir, 'lib')],
    { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle-cli.js'), path.join(dir, 'lib')], { cwd: root, stdio: 'inherit' });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  for (const data of ['crd-validators', 'crds']) {
    fs.cpSync(path.join(root, data), path.join(dir, data), { recursive: true });
  }
  return dir;
}
