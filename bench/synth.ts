/**
 * `cdk8s synth` through the constructs, beside the same objects synthesized as plain cdk8s `ApiObject`s: the CPU that
 * `app.synth()` (validation, the whole-app analysis, rendering, YAML files in a temporary outdir) spends on 1,000
 * HttpRoutes x 10 rules behind one IngressGateway. The plain app holds exactly the objects the constructs render, in
 * the same charts, so the difference is what the constructs add at synth: their per-construct checks and the
 * synth-time analysis.
 *
 * Each round builds both apps anew (building is not measured) and synthesizes one after the other, alternating which
 * goes first, so a busy moment of the machine hits both alike; the figures are medians of the rounds after a warm-up.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { BenchRow, median } from './support';
import { HttpRoute, HttpRule, IngressGateway, PathMatch, Protocol, StringMatch } from '../src';

/** Routes and rules per route of the benchmark app. */
export interface SynthSize {
  /** HttpRoutes, one host each. */
  readonly routes: number;
  /** Rules per route: prefix matches (every third one also on a header), then a catch-all. */
  readonly rules: number;
}

const GATEWAY_NAMESPACE = 'istio-system';
const ROUTE_NAMESPACE = 'apps';

/** An app of one IngressGateway (chart `ingress`) and `size.routes` HttpRoutes (chart `apps`), built with the constructs. */
export function constructsApp(size: SynthSize, outdir: string): App {
  const app = new App({ outdir });
  const infra = new Chart(app, 'ingress', { namespace: GATEWAY_NAMESPACE });
  const gateway = new IngressGateway(infra, 'gateway');
  gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['*'] });
  const apps = new Chart(app, 'apps', { namespace: ROUTE_NAMESPACE });
  for (let i = 0; i < size.routes; i++) {
    const rules: HttpRule[] = [];
    for (let j = 0; j < size.rules - 1; j++) {
      rules.push({
        name: `r${j}`,
        match: [{ path: PathMatch.prefix(`/api/v${j}/`), ...(j % 3 === 0 ? { headers: { 'x-tenant': StringMatch.exact(`t${j}`) } } : {}) }],
        destinations: [{ host: `svc-${i}-v${j}`, port: 8080 }],
      });
    }
    rules.push({ name: 'default', destinations: [{ host: `svc-${i}`, port: 80 }] });
    new HttpRoute(apps, `svc-${i}`, { gateways: [gateway], hosts: [`svc-${i}.example.com`], rules });
  }
  return app;
}

/** The objects each chart of `app` renders, by chart id (the app is synthesized once, validations included). */
function chartObjects(app: App): Map<string, unknown[]> {
  return new Map(app.charts.map((chart) => [chart.node.id, chart.toJson()]));
}

/** An app holding `objects` as plain `ApiObject`s, in charts of the same ids and namespaces. */
export function plainApp(objects: ReadonlyMap<string, readonly unknown[]>, outdir: string): App {
  const app = new App({ outdir });
  for (const [id, list] of objects) {
    const chart = new Chart(app, id);
    list.forEach((object, i) => new ApiObject(chart, `o${i}`, object as ConstructorParameters<typeof ApiObject>[2]));
  }
  return app;
}

/** CPU milliseconds (user + system) of one call of `fn`. */
function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** The medians of the synth benchmark. */
export interface SynthFigures {
  /** CPU ms of `app.synth()` through the constructs, analysis included. */
  readonly constructsMs: number;
  /** CPU ms of `app.synth()` of the same objects as plain ApiObjects. */
  readonly plainMs: number;
}

/**
 * Measures `app.synth()` of both apps over `rounds` interleaved rounds (after one warm-up round) and returns the
 * medians.
 */
export function measureSynth(size: SynthSize, rounds: number): SynthFigures {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const objects = chartObjects(constructsApp(size, path.join(outdir, 'reference')));
    const constructs: number[] = [];
    const plain: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const withConstructs = constructsApp(size, path.join(outdir, 'constructs'));
      const withPlain = plainApp(objects, path.join(outdir, 'plain'));
      const runs: Array<() => void> = [
        () => constructs.push(cpuMs(() => withConstructs.synth())),
        () => plain.push(cpuMs(() => withPlain.synth())),
      ];
      (round % 2 === 0 ? runs : runs.reverse()).forEach((run) => run());
    }
    // The first round warms up the code paths.
    return { constructsMs: median(constructs.slice(1)), plainMs: median(plain.slice(1)) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The synth row of the targets table: 1,000 HttpRoutes x 10 rules, constructs beside plain ApiObjects. */
export function synthRows(): BenchRow[] {
  const { constructsMs, plainMs } = measureSynth({ routes: 1000, rules: 10 }, 7);
  const ratio = constructsMs / plainMs;
  return [{
    name: '`app.synth()` of 1,000 HttpRoutes x 10 rules through the constructs (analysis included), beside the same objects as plain ApiObjects',
    value: `${Math.round(constructsMs).toLocaleString('en-US')} ms CPU (plain: ${Math.round(plainMs).toLocaleString('en-US')} ms)`,
    target: '<= 1.5x plain',
    ratio: `${ratio.toFixed(2)}x plain`,
  }];
}
