/**
 * Connections to the local stand-ins of the cluster's services: one keep-alive pool per local address, as Envoy keeps
 * one connection pool per upstream host, and the timers and sockets of requests in flight, so that closing the
 * gateway frees them all.
 */
import * as http from 'http';
import { LocalAddress } from './upstream-map';

/** Keep-alive pools by local address, and everything the gateway must free when it closes. */
export class UpstreamPool {
  private readonly agents = new Map<string, http.Agent>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  /** The keep-alive pool of a local address. */
  public agentFor(address: LocalAddress): http.Agent {
    const key = `${address.host}:${address.port}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      // LIFO keeps the most recently used connections warm, as Envoy's pool reuses ready connections first.
      agent = new http.Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 1000 });
      this.agents.set(key, agent);
    }
    return agent;
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

  /** Destroys every pooled connection and clears every timer. */
  public close(): void {
    this.closed = true;
    for (const agent of this.agents.values()) {
      agent.destroy();
    }
    this.agents.clear();
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}
