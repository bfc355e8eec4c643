/**
 * Engine benchmarks: compile time, decisions (bench/decisions.ts: decisions per second, how decision time grows with
 * hosts per gateway and routes per host, what the trace adds), a jest matcher's cost, the heap of a compiled 10,000-route
 * config, `app.synth()` through the constructs beside plain ApiObjects (bench/synth.ts), and the cold start of the compiled CLI and `/engine`
 * (bench/cold-start.ts). Everything is measured side by side in one run; BENCHMARKS.md gets the figures and
 * their ratios. Run with `npm run bench` (node --expose-gc).
 *
 * The proxy benchmarks (bench/proxy.ts) run last: the gateway's throughput beside nginx, and its start time.
 *
 * `BENCH_ONLY=decisions npm run bench` runs the decision benchmarks alone (a minute, where the whole run takes many)
 * and replaces their rows and sections in BENCHMARKS.md, keeping the figures of the last whole run beside them; the
 * file then says which figures come from which run. `BENCH_ONLY=proxy npm run bench` does the same for the proxy
 * benchmarks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { coldStartRows } from './cold-start';
import { manyVirtualServices, sharedHostVirtualServices } from './configs';
import { decisionBenchmarks, fmt } from './decisions';
import { proxyBenchmarks } from './proxy';
import { DECISION_GROUP, PROXY_GROUP, SeparateRunGroup, withSeparateRunFigures } from './report';
import { scaleBenchmarks } from './scale';
import { BenchFigures, BenchRow, compilePackage, median } from './support';
import { synthRows } from './synth';
import { EXAMPLES } from '../examples';
import { analyze, TrafficEngine } from '../src';
import { matchers } from '../src/verify/jest';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);


/** Milliseconds of one call of `fn`, median of `runs`. */
function timeMs(fn: () => void, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function articleObjects(): unknown[] {
  const app = new App({ outdir: os.tmpdir() });
  EXAMPLES['article-gateway'](app);
  return app.charts.flatMap((c) => c.toJson());
}

const BENCHMARKS_FILE = path.join(__dirname, '..', 'BENCHMARKS.md');
const MACHINE = `Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores)`;
const TODAY = new Date().toISOString().slice(0, 10);

/** The groups of benchmarks that run alone (`BENCH_ONLY=<name>`). */
const SEPARATE_RUNS: Record<string, { readonly group: SeparateRunGroup; readonly measure: () => Promise<BenchFigures> }> = {
  decisions: { group: DECISION_GROUP, measure: async () => decisionBenchmarks(articleObjects()) },
  proxy: { group: PROXY_GROUP, measure: () => proxyBenchmarks(articleObjects()) },
};

/** Runs the group `name` alone, and puts its figures in place of the last run's in BENCHMARKS.md. */
async function separateRun(name: string): Promise<void> {
  const run = SEPARATE_RUNS[name];
  if (run === undefined) {
    const names = Object.keys(SEPARATE_RUNS).map((n) => `BENCH_ONLY=${n}`).join(', ');
    throw new Error(`BENCH_ONLY=${name}: the benchmarks that run alone are ${names}`);
  }
  const figures = await run.measure();
  const text = withSeparateRunFigures(fs.readFileSync(BENCHMARKS_FILE, 'utf8'), figures, run.group,
    `\`BENCH_ONLY=${name} npm run bench\` on ${TODAY}, ${MACHINE}`);
  fs.writeFileSync(BENCHMARKS_FILE, text);
  console.log(text);
}

/** Runs every benchmark, and writes BENCHMARKS.md anew. */
async function wholeRun(): Promise<void> {
  // Decisions first, while the process holds nothing else (bench/decisions.ts); their rows go after compile and analyze.
  const decisions = decisionBenchmarks(articleObjects());
  const results: BenchRow[] = [];

  // Compile 1,000 VirtualServices x 10 rules.
  const big = manyVirtualServices(1000, 10);
  const compileMs = timeMs(() => TrafficEngine.fromManifests(big), 5);
  results.push({ name: 'compile 1,000 VirtualServices x 10 rules (10,000 routes)', value: `${fmt(compileMs)} ms`, target: '< 1,000 ms', ratio: `${(compileMs / 1000).toFixed(2)} of the budget` });

  // Analyze 1,000 VirtualServices x 10 rules with every analyzer of the catalogue.
  const analyzeMs = timeMs(() => analyze(big), 3);
  results.push({ name: 'analyze 1,000 VirtualServices x 10 rules (every analyzer)', value: `${fmt(analyzeMs)} ms`, target: '< 2,000 ms', ratio: `${(analyzeMs / 2000).toFixed(2)} of the budget` });
  const shared = sharedHostVirtualServices();
  const sharedMs = timeMs(() => analyze(shared), 3);
  results.push({
    name: 'analyze the same, half of the VirtualServices on one host (5,000 routes in one virtual host)',
    value: `${fmt(sharedMs)} ms`,
    target: '< 2,000 ms',
    ratio: `${(sharedMs / 2000).toFixed(2)} of the budget`,
  });

  // Decisions: per second, by hosts per gateway and routes per host, with and without the trace.
  results.push(...decisions.rows);

  // A jest matcher's `expect` reads the app as it is then: it synthesizes and compiles the app each time.
  const matcherApp = new App({ outdir: os.tmpdir() });
  EXAMPLES['article-gateway'](matcherApp);
  const matcherRequest = { port: 80, host: 'counter.lab.example.com', path: '/' };
  const expectMs = timeMs(() => {
    if (!matchers.toRouteTo.call({}, matcherApp, matcherRequest, 'counter', 80).pass) {
      throw new Error('the article app no longer routes counter.lab.example.com to counter:80');
    }
  }, 200);
  results.push({ name: 'jest matcher `expect(app).toRouteTo(...)` on the article app (synth + compile + decide)', value: `${fmt(expectMs)} ms`, target: '< 10 ms', ratio: `${(expectMs / 10).toFixed(2)} of the budget` });

  // `app.synth()` of 1,000 HttpRoutes x 10 rules through the constructs, beside the same objects as plain ApiObjects (bench/synth.ts).
  results.push(...synthRows());

  // Heap of the compiled 10,000-route config.
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = TrafficEngine.fromManifests(manyVirtualServices(1000, 10));
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  results.push({ name: 'heap of the compiled 10,000-route config (manifests included)', value: `${fmt(heapMb)} MB`, target: '< 100 MB', ratio: `${(heapMb / 100).toFixed(2)} of the budget` });
  void kept.gatewayWorkloads;

  // The compiled package, built once, for the benchmarks that run it in processes of their own.
  const compiled = compilePackage();
  let scale: ReturnType<typeof scaleBenchmarks>;
  try {
    // Cold start: the CLI's `route` and `analyze`, and requiring the engine, each beside a baseline.
    results.push(...coldStartRows(compiled));
    // The command line on 20,000 VirtualServices x 10 rules, and the analyzer's memory by input size (bench/scale.ts).
    scale = scaleBenchmarks(compiled);
    results.push(...scale.rows);
  } finally {
    fs.rmSync(compiled, { recursive: true, force: true });
  }

  // The gateway beside nginx, and its start time (bench/proxy.ts).
  const proxy = await proxyBenchmarks(articleObjects());
  results.push(...proxy.rows);

  const lines = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` (bench/run.ts) on ${TODAY}, ${MACHINE}, one core used (the proxy throughput: every core,`,
    'see its section). Every figure below comes from the same run; ratios compare figures of that run (to the target, or to',
    'the smallest configuration).',
    'Decision figures are CPU time per decision (medians of interleaved rounds after a warm-up, measured after a full GC',
    'of the compiled configs; see bench/decisions.ts).',
    '',
    '## Targets',
    '',
    '| benchmark | measured | target | ratio |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.name} | ${r.value} | ${r.target ?? '-'} | ${r.ratio ?? '-'} |`),
    '',
    ...decisions.sections.flatMap((section) => [section, '']),
    '## Analyzer memory by input size',
    '',
    '`analyze` of VirtualServices with 10 rules each, already in memory (read from JSON), in a process of its own: how far',
    'its peak RSS rises during the analysis. Memory linear in the input gives ratios of about 2 and 4.',
    '',
    '| VirtualServices | peak RSS growth | per 1,000 VirtualServices | ratio to 5,000 | analyze time |',
    '| --- | --- | --- | --- | --- |',
    ...scale.analyzer.map((m) => `| ${m.virtualServices.toLocaleString('en-US')} | ${fmt(m.peakGrowthMb)} MB | ${fmt(m.peakGrowthMb / (m.virtualServices / 1000))} MB `
      + `| ${(m.peakGrowthMb / scale.analyzer[0].peakGrowthMb).toFixed(2)} | ${fmt(m.ms)} ms |`),
    '',
    ...proxy.sections.flatMap((section) => [section, '']),
  ];
  fs.writeFileSync(BENCHMARKS_FILE, lines.join('\n'));
  console.log(lines.join('\n'));
}

const only = process.env.BENCH_ONLY;
(only === undefined ? wholeRun() : separateRun(only)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
