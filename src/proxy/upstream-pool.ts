/**
 * Connections to the local stand-ins of the cluster's services: one keep-alive pool per local address, as Envoy keeps
 * one connection pool per upstream host, and the timers and sockets of requests in flight, so that closing the
 * gateway frees them all.
 */
import { Pool } from 'undici';
import { Http2Sessions } from './upstream-call-h2';
import { LocalAddress } from './upstream-map';

/** Keep-alive pools by local address, and everything the gateway must free when it closes. */
export class UpstreamPool {
  /** HTTP/2 sessions, for upstreams whose Service port speaks HTTP/2 (HTTP2, GRPC). */
  public readonly http2 = new Http2Sessions();
  private readonly pools = new Map<string, Pool>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /**
   * @param onConnection - told when a pool opens (`true`) or closes (`false`) a connection to an upstream, with the
   *   cluster and the endpoint (`address:port`), for the cluster's connection counters.
   */
  constructor(private readonly onConnection: (cluster: string, endpoint: string, opened: boolean) => void = () => undefined) {}

  /** The keep-alive pool of a cluster's local endpoint: one per cluster and endpoint, as Envoy keeps them. */
  public poolFor(cluster: string, address: LocalAddress): Pool {
    const endpoint = `${address.host}:${address.port}`;
    const key = `${cluster} ${endpoint}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      // As many connections as requests in flight (Istio's default circuit breakers do not limit them), one request
      // at a time on each, kept open between requests; no timeouts of the pool's own: the route's apply.
      const created = new Pool(`http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`, {
        pipelining: 1, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 60_000,
      });
      created.on('connect', () => this.onConnection(cluster, endpoint, true));
      created.on('disconnect', () => this.onConnection(cluster, endpoint, false));
      this.pools.set(key, created);
      pool = created;
    }
    return pool;
  }

  /** A timer that closing the gateway clears; `cancel()` clears it earlier. */
  public setTimer(ms: number, fn: () => void): { cancel(): void } {
    if (this.closed) {
      return { cancel: () => undefined };
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return {
      cancel: () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      },
    };
  }

  /** Resolves after `ms`, or at once when the gateway is closing. */
  public sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || ms <= 0) {
        resolve();
        return;
      }
      this.setTimer(ms, resolve);
    });
  }

  /** True once {@link close} was called. */
  public get isClosed(): boolean {
    return this.closed;
  }

  /** Clears every timer and destroys every pooled connection. */
  public async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    this.http2.close();
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }
}
