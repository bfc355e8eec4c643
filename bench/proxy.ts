/**
 * Proxy benchmarks: HTTP/1.1 keep-alive throughput and latency of the gateway beside nginx `proxy_pass`, in one run, on
 * the same machine, the same backend and the same load generator (wrk), with the backend measured directly for
 * context; and the gateway's start time (bench/gateway-start.ts). Every server runs in a process of its own: the
 * backend (bench/proxy-backend.ts), nginx (bench/nginx.ts) and the gateway on the article example
 * (bench/proxy-gateway.ts). All are stopped at the end, whether the run succeeds or fails.
 *
 * wrk and nginx come from the system (`apt-get install -y nginx wrk` on Debian or Ubuntu); without them the
 * throughput rows say so instead of a figure, and the run goes on.
 *
 * `BENCH_GATEWAY_CPU_PROF=DIR` runs the gateway's process with `node --cpu-prof`, which writes its CPU profile
 * (a .cpuprofile file, for Chrome's DevTools) into DIR when the gateway stops.
 *
 * Run alone with `BENCH_ONLY=proxy npm run bench`: it replaces only the proxy rows and section of BENCHMARKS.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { fmt } from './decisions';
import { gatewayStartRows } from './gateway-start';
import { startNginx } from './nginx';
import { BenchProcesses } from './processes';
import { BenchFigures, BenchRow } from './support';
import { LoadedServer, measureThroughput, ServerThroughput, ThroughputPlan } from './throughput';

/** How long and how many times the servers are loaded. */
export interface ProxyBenchOptions {
  /**
   * Length of each measured wrk run, in seconds.
   *
   * @default 5
   */
  readonly seconds?: number;
  /**
   * Measured rounds (each loads every server once, in turn).
   *
   * @default 5
   */
  readonly rounds?: number;
  /**
   * Measured starts of the gateway, for each source (engine, manifests).
   *
   * @default 100
   */
  readonly starts?: number;
}

/** The Host of every request: the article's HTTP route (port 80 to counter:80). */
const ARTICLE_HOST = 'counter.lab.example.com';
const CONNECTIONS = 50;
const THREADS = 1;

const ROW_NAMES = {
  throughput: 'gateway HTTP/1.1 keep-alive req/s beside nginx proxy_pass',
  latency: 'gateway p99 latency beside nginx',
  backend: 'backend directly (no proxy), HTTP/1.1 keep-alive, for context: req/s, p99 latency',
};
const TARGETS: Partial<Record<keyof typeof ROW_NAMES, string>> = { throughput: '>= 0.5x nginx', latency: '<= 2x nginx' };

/** The command line of a tool, or undefined when the system does not have it. */
function versionOf(command: string, flag: string): string | undefined {
  const run = spawnSync(command, [flag], { encoding: 'utf8' });
  if (run.error) {
    return undefined;
  }
  return `${run.stdout}${run.stderr}`.split('\n')[0].trim();
}

/** Runs the proxy benchmarks; `articleObjects` are the article example's manifests. */
export async function proxyBenchmarks(articleObjects: readonly unknown[], options: ProxyBenchOptions = {}): Promise<BenchFigures> {
  const startRows = await gatewayStartRows(articleObjects, options.starts);
  const wrk = versionOf('wrk', '-v');
  const nginx = versionOf('nginx', '-v');
  const missing = [wrk === undefined ? 'wrk' : undefined, nginx === undefined ? 'nginx' : undefined].filter((t) => t !== undefined);
  if (missing.length > 0) {
    const why = `not measured: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed `
      + '(on Debian or Ubuntu: `apt-get install -y nginx wrk`)';
    console.warn(`Proxy throughput ${why}`);
    return {
      rows: [...(Object.keys(ROW_NAMES) as Array<keyof typeof ROW_NAMES>).map((row) => ({ name: ROW_NAMES[row], value: why, target: TARGETS[row] })),
        ...startRows],
      sections: [['## Proxy throughput', '', `${why[0].toUpperCase()}${why.slice(1)}.`].join('\n')],
    };
  }
  const plan: ThroughputPlan = {
    load: { seconds: options.seconds ?? 5, connections: CONNECTIONS, threads: THREADS, host: ARTICLE_HOST },
    rounds: options.rounds ?? 5,
    warmUpSeconds: 2,
  };
  const measured = await throughputSideBySide(plan);
  return { rows: [...throughputRows(measured), ...startRows], sections: [throughputSection(measured, plan, { wrk: wrk!, nginx: nginx! })] };
}

/** Starts the backend and the proxies, measures them, and stops them all. */
async function throughputSideBySide(plan: ThroughputPlan): Promise<ServerThroughput[]> {
  const processes = new BenchProcesses();
  const dirs: string[] = [];
  try {
    const backend = await processes.startScript<{ port: number }>('proxy-backend.ts', []);
    const nginx = await startNginx(processes, backend.ready.port);
    dirs.push(nginx.dir);
    const profile = process.env.BENCH_GATEWAY_CPU_PROF;
    const gateway = await processes.startScript<{ port: number }>('proxy-gateway.ts', [`127.0.0.1:${backend.ready.port}`],
      profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
    const servers: LoadedServer[] = [
      { name: 'backend directly', port: backend.ready.port },
      { name: 'nginx `proxy_pass`', port: nginx.port },
      { name: 'gateway', port: gateway.ready.port },
    ];
    return await measureThroughput(servers, plan);
  } finally {
    await processes.stopAll();
    for (const dir of dirs) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function throughputRows(measured: readonly ServerThroughput[]): BenchRow[] {
  const [backend, nginx, gateway] = measured.map((m) => m.median);
  const share = (r: ServerThroughput['median']) => (r.requestsPerSecond / backend.requestsPerSecond).toFixed(2);
  return [
    {
      name: ROW_NAMES.throughput,
      value: `${fmt(gateway.requestsPerSecond)} /s vs ${fmt(nginx.requestsPerSecond)} /s`,
      target: TARGETS.throughput,
      ratio: `${(gateway.requestsPerSecond / nginx.requestsPerSecond).toFixed(2)}x nginx`,
    },
    {
      name: ROW_NAMES.latency,
      value: `${fmt(gateway.p99Ms)} ms vs ${fmt(nginx.p99Ms)} ms`,
      target: TARGETS.latency,
      ratio: `${(gateway.p99Ms / nginx.p99Ms).toFixed(2)}x nginx`,
    },
    {
      name: ROW_NAMES.backend,
      value: `${fmt(backend.requestsPerSecond)} /s, ${fmt(backend.p99Ms)} ms`,
      ratio: `req/s through nginx ${share(nginx)}x, through the gateway ${share(gateway)}x`,
    },
  ];
}

function throughputSection(measured: readonly ServerThroughput[], plan: ThroughputPlan, versions: { wrk: string; nginx: string }): string {
  const row = (label: string, name: string, r: ServerThroughput['median']) =>
    `| ${label} | ${name} | ${fmt(r.requestsPerSecond)} | ${fmt(r.p50Ms)} ms | ${fmt(r.p99Ms)} ms |`;
  const { load } = plan;
  return [
    '## Proxy throughput',
    '',
    `HTTP/1.1 keep-alive: wrk (\`-t${load.threads} -c${load.connections} -d${load.seconds}s --latency\`, Host ${load.host}; ${versions.wrk.split(' Copyright')[0]})`,
    'loads each server on 127.0.0.1 in turn: the backend directly (a Node HTTP server in a process of its own that answers',
    `every request with the same short body; bench/proxy-backend.ts), ${versions.nginx.replace('nginx version: ', '')} \`proxy_pass\` to that backend (one worker,`,
    'an upstream pool of keep-alive connections, `keepalive 64`, access log off; bench/nginx.ts), and the gateway:',
    '`startGateway` on the article example (port 80, counter.lab.example.com to counter:80, whose upstream is that backend)',
    'in a node process of its own (bench/proxy-gateway.ts). wrk, the proxies and the backend share the machine\'s cores,',
    `so the figures are for comparing with each other, not absolute. Each server first has a ${plan.warmUpSeconds} s warm-up run;`,
    `then ${plan.rounds} rounds interleave them, and the medians are of the rounds.`,
    '',
    '| round | server | req/s | p50 | p99 |',
    '| --- | --- | --- | --- | --- |',
    ...Array.from({ length: plan.rounds }, (_, round) => measured.map((m) => row(String(round + 1), m.server.name, m.rounds[round]))).flat(),
    ...measured.map((m) => row('median', m.server.name, m.median)),
  ].join('\n');
}
