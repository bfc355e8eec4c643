/**
 * Envoy's TCP proxy: a connection of a TCP, TLS (terminated or passed through) or AUTO_PASSTHROUGH filter chain is
 * forwarded as bytes to one destination of the chain's rule, picked by weight when the connection opens.
 */
import * as net from 'net';
import { Duplex } from 'stream';
import { pickDestination } from './destination-pick';
import { DownstreamConnection } from './downstream';
import { GatewayRuntime } from './gateway-runtime';

import { SniDnatFilterChain, TcpFilterChain } from '../engine/compile';
import { DecisionDestination } from '../engine/decision';
import { clusterName } from '../engine/destinations';

/** Forwards `downstream` (whose first bytes, already read, are `first`) to a destination of the chain. */
export function forwardConnection(
  runtime: GatewayRuntime, connection: DownstreamConnection, chain: TcpFilterChain | SniDnatFilterChain, downstream: Duplex, first: Buffer,
): void {
  const destinations: readonly DecisionDestination[] = chain.kind === 'tcp' ? chain.route.upstream.destinations : chain.route.destinations;
  const index = pickDestination(destinations, runtime.random);
  const destination = index === undefined ? undefined : destinations[index];
  const started = process.hrtime.bigint();
  const startTime = new Date();
  const cluster = destination === undefined ? '' : clusterName(destination);
  let bytesReceived = first.length;
  let bytesSent = 0;
  let reported = false;
  const report = (failure?: 'UF' | 'UH', upstreamHost?: string): void => {
    if (!reported) {
      reported = true;
      runtime.tcpConnection({
        startTime,
        connection,
        cluster,
        upstreamHost,
        failure,
        bytesReceived,
        bytesSent,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    }
  };
  const address = destination === undefined ? undefined : runtime.upstreams.addressOf(destination);
  if (address === undefined) {
    downstream.destroy();
    report('UH');
    return;
  }
  const upstreamHost = `${address.host}:${address.port}`;
  const upstream = net.connect({ host: address.host, port: address.port });
  runtime.trackSocket(upstream);
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    upstream.setNoDelay(true);
    if (first.length > 0) {
      upstream.write(first);
    }
    downstream.on('data', (chunk: Buffer) => {
      bytesReceived += chunk.length;
    });
    upstream.on('data', (chunk: Buffer) => {
      bytesSent += chunk.length;
    });
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.resume();
  });
  upstream.once('error', () => {
    downstream.destroy();
  });
  downstream.once('error', () => upstream.destroy());
  upstream.once('close', () => {
    downstream.destroy();
    report(connected ? undefined : 'UF', connected ? upstreamHost : undefined);
  });
  downstream.once('close', () => {
    upstream.destroy();
  });
}
