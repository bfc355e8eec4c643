/**
 * Cold start: the CPU (user + system, of the whole process, every thread) that a fresh node process spends, measured
 * on the compiled package as users run it, each figure beside a baseline process measured in the same rounds:
 *
 * - the CLI's `route` of one request on the article example, beside `node -e 0`, as the package's executable runs it
 *   (lib/cli/bin.js: the command line bundled into one file), without Node's compile cache;
 * - the CLI's `analyze` of the same manifests, beside `node -e 0`;
 * - `require('cdk8s-istio-gateway/engine')`, beside `require('js-yaml')`: the one library the engine cannot do without
 *   is its YAML parser, js-yaml (the `yaml` library is loaded only for the rare texts js-yaml would read differently,
 *   and for `-o yaml`).
 *
 * The package is the one `compilePackage` compiled from the sources as they are. Each process's CPU comes from
 * bash's `times` builtin (the children's rusage); the processes run interleaved, round after round, so a busy moment of the machine hits every
 * kind alike, and the figures are medians.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { App } from 'cdk8s';
import { BenchRow, median } from './support';
import { EXAMPLES } from '../examples';

/** `0m0.123s` -> 0.123 */
function seconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) {
    throw new Error(`cannot read bash's times output '${text}'`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** CPU milliseconds (user + system) of one run of `command` (a shell command line) in `cwd`. */
function cpuMs(command: string, cwd: string): number {
  const run = spawnSync('bash', ['-c', `${command} >/dev/null 2>&1; status=$?; times; exit $status`], { cwd, encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(`cold start: '${command}' failed (${run.error?.message ?? `exit code ${run.status}`})`);
  }
  // `times` prints the shell's user and system time, then its children's.
  const children = run.stdout.trim().split('\n').pop()!.trim().split(/\s+/);
  return (seconds(children[0]) + seconds(children[1])) * 1000;
}

/**
 * Measures the cold-start rows.
 *
 * @param dir - the compiled package (`compilePackage`); the article example is synthesized into its dist/.
 * @param rounds - how many times each process runs.
 */
export function coldStartRows(dir: string, rounds = 40): BenchRow[] {
  const app = new App({ outdir: path.join(dir, 'dist') });
  EXAMPLES['article-gateway'](app);
  app.synth();
  const node = `'${process.execPath.replace(/'/g, "'\\''")}'`;
  const commands = {
    node: `${node} -e 0`,
    // Cold: without Node's compile cache, which lib/cli/bin.js turns on where Node has one (22.1 and later).
    route: `NODE_DISABLE_COMPILE_CACHE=1 ${node} lib/cli/bin.js route -f dist/ --port 80 --host counter.lab.example.com --path /`,
    analyze: `NODE_DISABLE_COMPILE_CACHE=1 ${node} lib/cli/bin.js analyze -f dist/`,
    parser: `${node} -e "require('js-yaml')"`,
    engine: `${node} -e "require('cdk8s-istio-gateway/engine')"`,
  };
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as number[]])) as Record<keyof typeof commands, number[]>;
  for (const command of Object.values(commands)) {
    cpuMs(command, dir); // warm the file system cache
  }
  for (let round = 0; round < rounds; round++) {
    for (const [kind, command] of Object.entries(commands) as Array<[keyof typeof commands, string]>) {
      samples[kind].push(cpuMs(command, dir));
    }
  }
  const ms = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof commands, number>;
  const fmt = (n: number) => `${Math.round(n)} ms`;
  return [
    {
      name: 'cold start: CLI `route` of one request on the article example (lib/cli/bin.js), CPU per process',
      value: `${fmt(ms.route)} (\`node -e 0\`: ${fmt(ms.node)})`,
      target: '<= 2x `node -e 0`',
      ratio: `${(ms.route / ms.node).toFixed(2)}x \`node -e 0\``,
    },
    {
      name: 'cold start: CLI `analyze` of the article example, CPU per process',
      value: `${fmt(ms.analyze)} (\`node -e 0\`: ${fmt(ms.node)})`,
      target: '-',
      ratio: `${(ms.analyze / ms.node).toFixed(2)}x \`node -e 0\``,
    },
    {
      name: 'cold start: `require(\'cdk8s-istio-gateway/engine\')`, CPU per process',
      value: `${fmt(ms.engine)} (\`require('js-yaml')\`, the YAML parser the engine reads manifests with: ${fmt(ms.parser)})`,
      target: '<= 1.5x `require(\'js-yaml\')`',
      ratio: `${(ms.engine / ms.parser).toFixed(2)}x \`require('js-yaml')\``,
    },
  ];
}
