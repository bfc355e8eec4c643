/**
 * What every connection and request of a running gateway shares: the engine that decides, where the upstreams are,
 * their connection pools, the random source of weighted picks and faults, and where finished exchanges are reported.
 */
import * as net from 'net';
import { DownstreamResponse } from './downstream';
import { ExchangeRecord, TcpConnectionRecord } from './exchange-records';
import { GatewayStats } from './stats';
import { recordPooledConnection } from './stats-recorder';
import { UpstreamMap } from './upstream-map';
import { UpstreamPool } from './upstream-pool';
import { DecisionDestination } from '../engine/decision';
import { clusterName } from '../engine/destinations';
import { TrafficEngine } from '../engine/traffic-engine';
import { servicePortProtocol } from '../istio/service-port-protocol';

/** The Service port protocols istiod speaks HTTP/2 to (its `Protocol.IsHTTP2`). */
const HTTP2_PROTOCOLS = new Set(['HTTP2', 'GRPC', 'GRPC-WEB']);

/** Where finished exchanges and connections are reported: the statistics and the access log. */
export interface ExchangeObserver {
  /** An HTTP exchange is over (the response was sent, or the client went away). */
  exchange(record: ExchangeRecord, completed: boolean): void;
  /** A TCP proxy connection is closed. */
  tcpConnection(record: TcpConnectionRecord): void;
}

/** The state a running gateway's connections share. */
export class GatewayRuntime {
  /** Keep-alive pools and timers. */
  public readonly pool: UpstreamPool;
  private readonly upstreamSockets = new Set<net.Socket>();
  private readonly protocols = new Map<string, 'http1' | 'http2'>();

  constructor(
    /** The statistics, under Envoy's names. */
    public readonly stats: GatewayStats,
    /** The engine whose compiled routes decide every request. */
    public readonly engine: TrafficEngine,
    /** `NS/NAME` of the gateway Service (or workload) requests are decided for. */
    public readonly gatewayKey: string,
    /** Where the services run locally. */
    public readonly upstreams: UpstreamMap,
    /** The random source of weighted picks, fault percentages and mirror percentages: [0, 1). */
    public readonly random: () => number,
    private readonly observers: readonly ExchangeObserver[],
  ) {
    this.pool = new UpstreamPool((cluster, endpoint, opened) => recordPooledConnection(stats, cluster, endpoint, opened));
  }

  /** Keeps an upstream socket the gateway opened outside the pools, so that closing the gateway destroys it. */
  public trackSocket(socket: net.Socket): void {
    if (this.pool.isClosed) {
      socket.destroy();
      return;
    }
    this.upstreamSockets.add(socket);
    socket.once('close', () => this.upstreamSockets.delete(socket));
  }

  /**
   * How the gateway talks to a destination: HTTP/2 when its Service port's protocol is HTTP2, GRPC or GRPC-Web (istiod
   * gives such a cluster HTTP/2 options), else HTTP/1.1.
   */
  public upstreamProtocol(destination: Omit<DecisionDestination, 'weight'>): 'http1' | 'http2' {
    const key = clusterName(destination);
    let protocol = this.protocols.get(key);
    if (protocol === undefined) {
      const port = this.engine._config.registry.service(destination.host)?.spec?.ports?.find((p) => p.port === destination.port);
      const named = port === undefined ? undefined : servicePortProtocol(port);
      protocol = named !== undefined && HTTP2_PROTOCOLS.has(named.toUpperCase()) ? 'http2' : 'http1';
      this.protocols.set(key, protocol);
    }
    return protocol;
  }

  /** Reports a closed TCP proxy connection. */
  public tcpConnection(record: TcpConnectionRecord): void {
    for (const observer of this.observers) {
      observer.tcpConnection(record);
    }
  }

  /** Frees the pools, timers and upstream sockets. */
  public close(): Promise<void> {
    for (const socket of this.upstreamSockets) {
      socket.destroy();
    }
    this.upstreamSockets.clear();
    return this.pool.close();
  }

  /** Reports a finished exchange, once. */
  public finish(record: ExchangeRecord, res: DownstreamResponse): void {
    const completed = res.writableFinished;
    if (!completed) {
      record.flag('DC');
    }
    for (const observer of this.observers) {
      observer.exchange(record, completed);
    }
  }
}
