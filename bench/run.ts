/**
 * Engine benchmarks: compile time, decisions per second with the trace off, a jest matcher's cost, how decision time
 * grows with hosts per gateway and routes per host, the heap of a compiled 10,000-route
 * config, `app.synth()` through the constructs beside plain ApiObjects (bench/synth.ts), and the cold start of the compiled CLI and `/engine`
 * (bench/cold-start.ts). Everything is measured side by side in one run; BENCHMARKS.md gets the figures and
 * their ratios. Run with `npm run bench` (node --expose-gc).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { coldStartRows } from './cold-start';
import { manyVirtualServices, sharedHostVirtualServices } from './configs';
import { scaleBenchmarks } from './scale';
import { BenchRow, compilePackage, median } from './support';
import { synthRows } from './synth';
import { EXAMPLES } from '../examples';
import { analyze, TrafficEngine, TrafficRequest } from '../src';
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

/**
 * Decisions per second over `requests`, trace off, median of 5 rounds of `count` decisions after a
 * warm-up round. A full GC first compacts the freshly compiled config, so every figure measures
 * the steady heap a long-lived engine has (without it, run-to-run spread is several-fold).
 */
function decisionsPerSecond(engine: TrafficEngine, requests: TrafficRequest[], count: number): number {
  gc();
  const rounds: number[] = [];
  for (let r = 0; r < 6; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      engine.route(requests[i % requests.length], { trace: false });
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r > 0) rounds.push(count / seconds);
  }
  return median(rounds);
}

function articleObjects(): unknown[] {
  const app = new App({ outdir: os.tmpdir() });
  EXAMPLES['article-gateway'](app);
  return app.charts.flatMap((c) => c.toJson());
}

const results: BenchRow[] = [];
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

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

// Decisions per second on the article's config.
const article = TrafficEngine.fromManifests(articleObjects());
const articleRequests: TrafficRequest[] = [
  { port: 80, host: 'counter.lab.example.com', path: '/' },
  { nodePort: 30443, host: 'counter.lab.example.com', path: '/api/count?x=1' },
  { port: 3306 },
  { port: 80, host: 'unknown.example.com', path: '/' },
];
const articleRate = decisionsPerSecond(article, articleRequests, 1_000_000);
results.push({ name: 'decide, article config (trace off)', value: `${fmt(articleRate)} /s`, target: '>= 1,000,000 /s', ratio: `${(articleRate / 1e6).toFixed(2)}x the target` });

// Decisions per second on the 10,000-route config.
const bigEngine = TrafficEngine.fromManifests(big);
const bigRequests: TrafficRequest[] = [];
for (let i = 0; i < 1000; i++) {
  const svc = (i * 7919) % 1000;
  const rule = i % 10;
  bigRequests.push({
    port: 80,
    host: `svc-${svc}.example.com`,
    path: rule === 9 ? '/' : `/api/v${rule}/items/${i}`,
    headers: rule % 3 === 0 ? { 'x-tenant': `t${rule}` } : {},
  });
}
const bigRate = decisionsPerSecond(bigEngine, bigRequests, 400_000);
results.push({ name: 'decide, 10,000-route config (trace off)', value: `${fmt(bigRate)} /s`, target: '>= 200,000 /s', ratio: `${(bigRate / 2e5).toFixed(2)}x the target` });

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

// Growth with hosts per gateway (one rule each) and routes per host (request hits the last route).
const hostScaling: Array<[number, number]> = [];
for (const hosts of [10, 100, 1000, 10000]) {
  const engine = TrafficEngine.fromManifests(manyVirtualServices(hosts, 1));
  const requests = Array.from({ length: 512 }, (_, i) => ({ port: 80, host: `svc-${(i * 7919) % hosts}.example.com`, path: '/' }));
  hostScaling.push([hosts, 1e9 / decisionsPerSecond(engine, requests, 200_000)]);
}
const routeScaling: Array<[number, number]> = [];
for (const rules of [10, 100, 1000]) {
  const engine = TrafficEngine.fromManifests(manyVirtualServices(1, rules));
  routeScaling.push([rules, 1e9 / decisionsPerSecond(engine, [{ port: 80, host: 'svc-0.example.com', path: '/' }], 20_000)]);
}

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

const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},`,
  `${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), one core used. Every figure below comes from`,
  'the same run; ratios compare figures of that run (to the target, or to the smallest configuration).',
  'Decision rates are medians of five rounds after a warm-up, measured after a full GC of the compiled config.',
  '',
  '## Targets',
  '',
  '| benchmark | measured | target | ratio |',
  '| --- | --- | --- | --- |',
  ...results.map((r) => `| ${r.name} | ${r.value} | ${r.target} | ${r.ratio} |`),
  '',
  '## Decision time by hosts per gateway',
  '',
  'Virtual host lookup hashes exact domains and walks the suffixes of the Host: its cost does not depend on the',
  'number of hosts. What grows is memory traffic (each request touches a different VirtualService), so 1,000 times',
  'the hosts costs a small constant factor, where a scan over the hosts would cost a factor of about 1,000.',
  '',
  '| hosts on the gateway | ns per decision | ratio to 10 hosts |',
  '| --- | --- | --- |',
  ...hostScaling.map(([n, ns]) => `| ${n.toLocaleString('en-US')} | ${fmt(ns)} | ${(ns / hostScaling[0][1]).toFixed(2)} |`),
  '',
  '## Decision time by routes per host',
  '',
  'Routes of a virtual host are tried in order, first match wins, as in Envoy: a request that matches the last',
  'route pays for every route before it.',
  '',
  '| routes on the host | ns per decision (last route) | ratio to 10 routes |',
  '| --- | --- | --- |',
  ...routeScaling.map(([n, ns]) => `| ${n.toLocaleString('en-US')} | ${fmt(ns)} | ${(ns / routeScaling[0][1]).toFixed(2)} |`),
  '',
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
];
fs.writeFileSync(path.join(__dirname, '..', 'BENCHMARKS.md'), lines.join('\n'));
console.log(lines.join('\n'));
