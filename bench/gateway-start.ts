/**
 * Start time of the gateway: how long `startGateway` takes for the article example, from the call until it resolves
 * (every listener bound), given a compiled TrafficEngine and given the plain manifests (which it compiles first), and
 * how long `close` then takes. Many starts in this process, alternating the two sources, each gateway closed before
 * the next starts; the figures are wall-clock medians of the starts after a warm-up.
 */
import { fmt } from './decisions';
import { BenchRow, median } from './support';
import { TrafficEngine } from '../src';
import { GatewaySource, startGateway } from '../src/proxy-entry';

/** Start and close of one gateway, in milliseconds. */
interface StartAndClose {
  readonly startMs: number;
  readonly closeMs: number;
}

const BUDGET_MS = 50;

async function startAndClose(source: GatewaySource): Promise<StartAndClose> {
  const start = process.hrtime.bigint();
  const gateway = await startGateway(source, { upstreams: { 'counter:80': '127.0.0.1:9' } });
  const started = process.hrtime.bigint();
  await gateway.close();
  const closed = process.hrtime.bigint();
  return { startMs: Number(started - start) / 1e6, closeMs: Number(closed - started) / 1e6 };
}

/**
 * Measures the start rows.
 *
 * @param articleObjects - the article example's manifests.
 * @param starts - measured starts of each source.
 */
export async function gatewayStartRows(articleObjects: readonly unknown[], starts = 100): Promise<BenchRow[]> {
  const engine = TrafficEngine.fromManifests(articleObjects);
  const sources = { engine, manifests: articleObjects };
  const samples = { engine: [] as StartAndClose[], manifests: [] as StartAndClose[] };
  const warmUp = 10;
  for (let i = 0; i < warmUp + starts; i++) {
    for (const kind of ['engine', 'manifests'] as const) {
      const sample = await startAndClose(sources[kind]);
      if (i >= warmUp) {
        samples[kind].push(sample);
      }
    }
  }
  const row = (kind: keyof typeof samples, given: string): BenchRow => {
    const startMs = median(samples[kind].map((s) => s.startMs));
    const closeMs = median(samples[kind].map((s) => s.closeMs));
    return {
      name: `start a gateway for the article config (${given}): \`startGateway\` until it resolves; then \`close\``,
      value: `${fmt(startMs)} ms (close: ${fmt(closeMs)} ms)`,
      target: `< ${BUDGET_MS} ms`,
      ratio: `${(startMs / BUDGET_MS).toFixed(3)} of the budget`,
    };
  };
  return [row('engine', 'a compiled TrafficEngine given'), row('manifests', 'the plain manifests given, compiled by the start')];
}
