/**
 * Throughput and latency of HTTP servers side by side: each is first asked once whether it answers what the first
 * one answers, then loaded by wrk for a warm-up run, then in rounds that interleave the servers (A B C A B C ...), so a
 * busy moment of a shared machine hits every server alike; each figure is the median of the rounds.
 */
import * as http from 'http';
import { median } from './support';
import { runWrk, WrkLoad, WrkResult } from './wrk';

/** A server to load. */
export interface LoadedServer {
  /** How the tables name it. */
  readonly name: string;
  /** Its port on 127.0.0.1. */
  readonly port: number;
}

/** How the servers are loaded and for how long. */
export interface ThroughputPlan {
  /** wrk's load, the same for every server and round. */
  readonly load: WrkLoad;
  /** Rounds measured. */
  readonly rounds: number;
  /** Length of the warm-up run of each server, in seconds (not measured). */
  readonly warmUpSeconds: number;
}

/** What wrk measured of one server. */
export interface ServerThroughput {
  /** The server. */
  readonly server: LoadedServer;
  /** One result per round, in order. */
  readonly rounds: readonly WrkResult[];
  /** Medians of the rounds, each figure on its own. */
  readonly median: WrkResult;
}

/** One GET / with `host` as its Host header, on a connection of its own: the status and the body. */
function getOnce(port: number, host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', headers: host === undefined ? {} : { host }, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

/**
 * Measures `servers` as `plan` says. Throws before any load if a server does not answer 200 with the body the first
 * server answers (a proxy that answered 404 or 503 would be measured fast, and wrongly).
 */
export async function measureThroughput(servers: readonly LoadedServer[], plan: ThroughputPlan): Promise<ServerThroughput[]> {
  const expected = await getOnce(servers[0].port, plan.load.host);
  for (const server of servers) {
    const answer = await getOnce(server.port, plan.load.host);
    if (answer.status !== 200 || answer.body !== expected.body) {
      throw new Error(`${server.name} answers ${answer.status} '${answer.body.slice(0, 200)}' to GET / (Host ${plan.load.host ?? 'default'}), `
        + `where ${servers[0].name} answers ${expected.status} '${expected.body.slice(0, 200)}'`);
    }
  }
  const url = (server: LoadedServer) => `http://127.0.0.1:${server.port}/`;
  for (const server of servers) {
    await runWrk(url(server), { ...plan.load, seconds: plan.warmUpSeconds });
  }
  const results: WrkResult[][] = servers.map(() => []);
  for (let round = 0; round < plan.rounds; round++) {
    for (const [i, server] of servers.entries()) {
      results[i].push(await runWrk(url(server), plan.load));
    }
  }
  return servers.map((server, i) => ({
    server,
    rounds: results[i],
    median: {
      requestsPerSecond: median(results[i].map((r) => r.requestsPerSecond)),
      p50Ms: median(results[i].map((r) => r.p50Ms)),
      p99Ms: median(results[i].map((r) => r.p99Ms)),
    },
  }));
}
