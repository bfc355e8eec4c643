/**
 * Decision benchmarks: decisions per second on the article's config and on a 10,000-route config, how decision time
 * grows with hosts per gateway (a hit, and a 404 for a Host no virtual host serves) and with routes per host (the
 * request takes the last route), and what the trace adds to a decision.
 *
 * Figures are CPU time of this process (user + system, `process.cpuUsage`), so that other processes on the machine do
 * not inflate them. Series that are compared with each other (1 host beside 10,000 hosts, trace on beside trace off)
 * are measured interleaved, round after round, so a busy moment hits every series alike; each figure is the median of
 * the rounds after a warm-up round. A full GC first compacts the freshly compiled configs, so every figure measures the
 * steady heap a long-lived engine has.
 */
import { manyVirtualServices } from './configs';
import { BenchFigures, BenchRow, median } from './support';
import { TrafficEngine, TrafficRequest } from '../src';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** One measured series: an engine, the requests it decides in turn, and whether the trace is on. */
interface Series {
  readonly engine: TrafficEngine;
  readonly requests: readonly TrafficRequest[];
  readonly trace: boolean;
}

/** CPU nanoseconds per decision of each series, measured interleaved: `rounds` rounds of about `roundMs` each. */
function nsPerDecision(series: readonly Series[], rounds = 15, roundMs = 25): number[] {
  gc();
  const counts = series.map((s) => {
    // Calibration (and warm-up): how many decisions take about 10 ms.
    let count = 0;
    const start = process.cpuUsage();
    for (;;) {
      decideAll(s, 256, count);
      count += 256;
      const used = process.cpuUsage(start);
      if (used.user + used.system >= 10_000) {
        return Math.max(256, Math.round((count * roundMs) / 10));
      }
    }
  });
  const samples: number[][] = series.map(() => []);
  for (let r = 0; r < rounds; r++) {
    series.forEach((s, i) => {
      const start = process.cpuUsage();
      decideAll(s, counts[i], 0);
      const used = process.cpuUsage(start);
      samples[i].push(((used.user + used.system) * 1000) / counts[i]);
    });
  }
  return samples.map(median);
}

function decideAll(series: Series, count: number, offset: number): void {
  const options = { trace: series.trace };
  const { engine, requests } = series;
  for (let i = 0; i < count; i++) {
    engine.route(requests[(offset + i) % requests.length], options);
  }
}

/** A number as the tables write it: thousands grouped, two decimals below 100. */
export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** The requests of the article benchmark: HTTP, HTTPS through a nodePort, TCP, and a 404. */
const ARTICLE_REQUESTS: readonly TrafficRequest[] = [
  { port: 80, host: 'counter.lab.example.com', path: '/' },
  { nodePort: 30443, host: 'counter.lab.example.com', path: '/api/count?x=1' },
  { port: 3306 },
  { port: 80, host: 'unknown.example.com', path: '/' },
];

/**
 * Runs every decision benchmark; `articleObjects` are the article example's manifests. Each group compiles its own
 * configs, which are garbage once it is done, so no group measures beside another's heap.
 */
export function decisionBenchmarks(articleObjects: readonly unknown[]): BenchFigures {
  const rows: BenchRow[] = [];
  const sections: string[] = [];
  rows.push(...articleRows(articleObjects));
  rows.push(bigConfigRow());
  const hosts = hostGroup();
  rows.push(...hosts.rows);
  sections.push(hosts.section);
  const routes = routeGroup();
  rows.push(...routes.rows);
  sections.push(routes.section);
  return { rows, sections };
}

/** The article's config: decisions per second with the trace off, and the trace on beside it. */
function articleRows(articleObjects: readonly unknown[]): BenchRow[] {
  const article = TrafficEngine.fromManifests(articleObjects);
  const [off, on] = nsPerDecision([
    { engine: article, requests: ARTICLE_REQUESTS, trace: false },
    { engine: article, requests: ARTICLE_REQUESTS, trace: true },
  ]);
  return [
    { name: 'decide, article config (trace off)', value: `${fmt(1e9 / off)} /s`, target: '>= 1,000,000 /s', ratio: `${(1e9 / off / 1e6).toFixed(2)}x the target` },
    { name: 'decide, article config: trace on beside trace off', value: `${fmt(on)} ns vs ${fmt(off)} ns`, target: '<= 2x', ratio: `${(on / off).toFixed(2)}x` },
  ];
}

/** The 10,000-route config (1,000 hosts of 10 rules), requests spread over hosts and rules, trace off. */
function bigConfigRow(): BenchRow {
  const big = TrafficEngine.fromManifests(manyVirtualServices(1000, 10));
  const requests: TrafficRequest[] = [];
  for (let i = 0; i < 1000; i++) {
    const svc = (i * 7919) % 1000;
    const rule = i % 10;
    requests.push({
      port: 80,
      host: `svc-${svc}.example.com`,
      path: rule === 9 ? '/' : `/api/v${rule}/items/${i}`,
      headers: rule % 3 === 0 ? { 'x-tenant': `t${rule}` } : {},
    });
  }
  const [off] = nsPerDecision([{ engine: big, requests, trace: false }]);
  return { name: 'decide, 10,000-route config (trace off)', value: `${fmt(1e9 / off)} /s`, target: '>= 200,000 /s', ratio: `${(1e9 / off / 2e5).toFixed(2)}x the target` };
}

/** Hosts per gateway (one rule each): a hit on a different host each time, and a 404 for a Host none serves. */
function hostGroup(): { rows: BenchRow[]; section: string } {
  const hostCounts = [1, 10, 100, 1000, 10000];
  const engines = hostCounts.map((hosts) => TrafficEngine.fromManifests(manyVirtualServices(hosts, 1)));
  const miss: TrafficRequest[] = [{ port: 80, host: 'unknown.example.com', path: '/' }];
  const measured = nsPerDecision(engines.flatMap((engine, h) => [
    { engine, requests: Array.from({ length: 512 }, (_, i) => ({ port: 80, host: `svc-${(i * 7919) % hostCounts[h]}.example.com`, path: '/' })), trace: false },
    { engine, requests: miss, trace: false },
    { engine, requests: miss, trace: true },
  ]));
  const byHosts = hostCounts.map((hosts, h) => ({ hosts, hit: measured[3 * h], missOff: measured[3 * h + 1], missOn: measured[3 * h + 2] }));
  const fewest = byHosts[0];
  const most = byHosts[byHosts.length - 1];
  const rows = (['off', 'on'] as const).map((trace): BenchRow => {
    const key = trace === 'off' ? 'missOff' : 'missOn';
    return {
      name: `404 (no virtual host), 10,000 hosts beside 1 host, trace ${trace}`,
      value: `${fmt(most[key])} ns vs ${fmt(fewest[key])} ns`,
      target: '<= 1.5x',
      ratio: `${(most[key] / fewest[key]).toFixed(2)}x`,
    };
  });
  const section = [
    '## Decision time by hosts per gateway',
    '',
    'Virtual host lookup hashes exact domains and looks up only the suffix (prefix) lengths that wildcard domains have:',
    'its cost does not depend on the number of hosts, for a hit or a miss. A 404 trace names how many domains there are',
    'and the three nearest to the Host (all of them when there are at most 8), so it costs the same at any size too. What',
    'grows with hits is memory traffic (each request touches a different VirtualService).',
    '',
    '| hosts on the gateway | ns per decision (hit) | ns per 404 (trace off) | ns per 404 (trace on) | 404 ratio to 1 host (off / on) |',
    '| --- | --- | --- | --- | --- |',
    ...byHosts.map((b) => `| ${b.hosts.toLocaleString('en-US')} | ${fmt(b.hit)} | ${fmt(b.missOff)} | ${fmt(b.missOn)} `
      + `| ${(b.missOff / fewest.missOff).toFixed(2)} / ${(b.missOn / fewest.missOn).toFixed(2)} |`),
  ].join('\n');
  return { rows, section };
}

/** Routes per host: the request takes the last route (the catch-all), so it pays for every route before it. */
function routeGroup(): { rows: BenchRow[]; section: string } {
  const routeCounts = [10, 100, 1000];
  const engines = routeCounts.map((rules) => TrafficEngine.fromManifests(manyVirtualServices(1, rules)));
  const last: TrafficRequest[] = [{ port: 80, host: 'svc-0.example.com', path: '/' }];
  const measured = nsPerDecision(engines.flatMap((engine) => [
    { engine, requests: last, trace: false },
    { engine, requests: last, trace: true },
  ]));
  const byRoutes = routeCounts.map((routes, r) => ({ routes, off: measured[2 * r], on: measured[2 * r + 1] }));
  const slope = (byRoutes[byRoutes.length - 1].off - byRoutes[0].off) / (routeCounts[routeCounts.length - 1] - routeCounts[0]);
  const worst = byRoutes.reduce((a, b) => (b.on / b.off > a.on / a.off ? b : a));
  const rows: BenchRow[] = [
    {
      name: 'route matching, last of N routes on one host (N = 10 to 1,000), trace off: cost per route',
      value: `${fmt(slope)} ns`,
      target: '<= 30 ns',
      ratio: `${(slope / 30).toFixed(2)} of the budget`,
    },
    {
      name: 'route matching: trace on beside trace off, worst of N = 10, 100, 1,000 routes',
      value: `${fmt(worst.on)} ns vs ${fmt(worst.off)} ns (N = ${worst.routes.toLocaleString('en-US')})`,
      target: '<= 2x',
      ratio: `${(worst.on / worst.off).toFixed(2)}x`,
    },
  ];
  const section = [
    '## Decision time by routes per host',
    '',
    'Routes of a virtual host are tried in order, first match wins, as in Envoy: a request that matches the last',
    'route pays for every route before it. Each route tests its path first, with a matcher compiled for its kind; the',
    'trace adds a fixed number of lines, whatever the number of routes.',
    '',
    '| routes on the host | ns per decision (last route, trace off) | trace on | trace on / off | ratio to 10 routes (trace off) |',
    '| --- | --- | --- | --- | --- |',
    ...byRoutes.map((b) => `| ${b.routes.toLocaleString('en-US')} | ${fmt(b.off)} | ${fmt(b.on)} | ${(b.on / b.off).toFixed(2)} | ${(b.off / byRoutes[0].off).toFixed(2)} |`),
    '',
    `Cost per route from 10 to 1,000 routes: ${fmt(slope)} ns.`,
  ].join('\n');
  return { rows, section };
}
