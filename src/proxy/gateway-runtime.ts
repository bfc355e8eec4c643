/**
 * What every connection and request of a running gateway shares: the engine that decides, where the upstreams are,
 * their connection pools, the random source of weighted picks and faults, and where finished exchanges are reported.
 */
import * as net from 'net';
import { DownstreamConnection } from './downstream';
import { DownstreamRequest, DownstreamResponse } from './http-exchange';
import { ResponseFlag } from './gateway-replies';
import { isGrpcRequest } from './grpc-headers';
import { TcpConnectionRecord } from './tcp-forward';
import { UpstreamMap } from './upstream-map';
import { UpstreamPool } from './upstream-pool';
import { DecidableRoute, DecidableVirtualHost } from '../engine/decidable';
import { TrafficEngine } from '../engine/traffic-engine';

/** How one attempt to reach the upstream ended. */
export interface ExchangeAttempt {
  /** `address:port` of the upstream tried. */
  readonly host?: string;
  /** What ended it. */
  readonly outcome: 'response' | 'connect-failure' | 'no-healthy-upstream' | 'reset' | 'per-try-timeout' | 'timeout';
  /** The status of its response. */
  readonly status?: number;
}

/** Everything known of one HTTP exchange once it is over, for the access log and the statistics. */
export class ExchangeRecord {
  /** When the request arrived. */
  public readonly startTime = new Date();
  /** `process.hrtime` at arrival, for the duration. */
  public readonly started = process.hrtime.bigint();
  /** The method. */
  public readonly method: string;
  /** The path as the client sent it. */
  public readonly path: string;
  /** `HTTP/1.1` or `HTTP/2`. */
  public readonly protocol: string;
  /** The Host / `:authority`, if any. */
  public readonly authority?: string;
  /** The client's User-Agent, if any. */
  public readonly userAgent?: string;
  /** True for a gRPC request (its local replies are gRPC answers). */
  public readonly grpc: boolean;
  /** The status sent, 0 before one is. */
  public status = 0;
  /** Response flags, in the order they were raised. */
  public readonly flags: ResponseFlag[] = [];
  /** Body bytes received from the client. */
  public bytesReceived = 0;
  /** Body bytes sent to the client. */
  public bytesSent = 0;
  /** `address:port` of the upstream that answered, if any. */
  public upstreamHost?: string;
  /** The cluster the request was sent to, if any. */
  public cluster?: string;
  /** Milliseconds the upstream took to answer (`x-envoy-upstream-service-time`), if it did. */
  public upstreamServiceTime?: number;
  /** The `x-request-id` sent upstream, if any. */
  public requestId?: string;
  /** The `x-forwarded-for` sent upstream, if any. */
  public forwardedFor?: string;
  /** The path sent upstream when a rewrite changed it. */
  public rewrittenPath?: string;
  /** Each attempt to reach the upstream, in order. */
  public readonly attempts: ExchangeAttempt[] = [];
  /** The mirrors the request was sent to (or picked but without a local address). */
  public readonly mirrored: { readonly cluster: string; readonly sent: boolean }[] = [];
  /** True when the fault filter delayed the request. */
  public faultDelayed = false;
  /** True when the fault filter answered the request. */
  public faultAborted = false;
  /** The route that decided, if one did. */
  public matchedRoute?: DecidableRoute;
  /** Its virtual host. */
  public virtualHost?: DecidableVirtualHost;

  constructor(req: DownstreamRequest, public readonly connection: DownstreamConnection) {
    this.method = req.method ?? '-';
    this.path = req.url ?? '-';
    this.protocol = `HTTP/${req.httpVersion === '2.0' ? '2' : req.httpVersion}`;
    const authority = req.headers[':authority'] ?? req.headers.host;
    this.authority = typeof authority === 'string' ? authority : undefined;
    this.userAgent = req.headers['user-agent'];
    this.grpc = isGrpcRequest(req.headers);
  }

  /** Notes the route that decided. */
  public route(route: DecidableRoute | undefined, virtualHost: DecidableVirtualHost | undefined): void {
    this.matchedRoute = route;
    this.virtualHost = virtualHost;
  }

  /** Adds response flags not raised yet. */
  public flag(...flags: readonly ResponseFlag[]): void {
    for (const flag of flags) {
      if (!this.flags.includes(flag)) {
        this.flags.push(flag);
      }
    }
  }

  /** Milliseconds since the request arrived. */
  public get durationMs(): number {
    return Number((process.hrtime.bigint() - this.started) / 1_000_000n);
  }
}

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
  public readonly pool = new UpstreamPool();

  constructor(
    /** The engine whose compiled routes decide every request. */
    public readonly engine: TrafficEngine,
    /** `NS/NAME` of the gateway Service (or workload) requests are decided for. */
    public readonly gatewayKey: string,
    /** Where the services run locally. */
    public readonly upstreams: UpstreamMap,
    /** The random source of weighted picks, fault percentages and mirror percentages: [0, 1). */
    public readonly random: () => number,
    private readonly observers: readonly ExchangeObserver[],
  ) {}

  private readonly upstreamSockets = new Set<net.Socket>();

  /** Keeps an upstream socket the gateway opened outside the pools, so that closing the gateway destroys it. */
  public trackSocket(socket: net.Socket): void {
    if (this.pool.isClosed) {
      socket.destroy();
      return;
    }
    this.upstreamSockets.add(socket);
    socket.once('close', () => this.upstreamSockets.delete(socket));
  }

  /** Reports a closed TCP proxy connection. */
  public tcpConnection(record: TcpConnectionRecord): void {
    for (const observer of this.observers) {
      observer.tcpConnection(record);
    }
  }

  /** Frees the pools, timers and upstream sockets. */
  public close(): void {
    this.pool.close();
    for (const socket of this.upstreamSockets) {
      socket.destroy();
    }
    this.upstreamSockets.clear();
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
