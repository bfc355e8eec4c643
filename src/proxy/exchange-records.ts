/**
 * What the gateway knows of a finished HTTP exchange or TCP connection: what the access log prints and the statistics
 * count.
 */
import { randomUUID } from 'crypto';
import { ResponseFlag } from './access-log';
import { DownstreamConnection, DownstreamRequest } from './downstream';
import { isGrpcRequest } from './grpc-headers';
import { HttpRequestOutcome, UpstreamAttempt } from './stats-recorder';
import { DecidableRoute, DecidableVirtualHost } from '../engine/decidable';

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
  /**
   * The request's ID: the gateway gives every request from a client a new one (an external request's `x-request-id` is
   * replaced), which the upstream and the access log see.
   */
  public readonly requestId = randomUUID();
  /** The `x-forwarded-for` the connection manager makes: the client's, with the client's address appended. */
  public readonly forwardedFor: string;
  /** Who answered: the upstream, or the gateway itself (and which part of it). */
  public answeredBy: HttpRequestOutcome = 'filter-response';
  /** The path sent upstream when a rewrite changed it. */
  public rewrittenPath?: string;
  /** Each attempt to reach the upstream, in order. */
  public readonly attempts: UpstreamAttempt[] = [];
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
    const incoming = req.headers['x-forwarded-for'];
    this.forwardedFor = incoming ? `${String(incoming)},${connection.clientAddress}` : connection.clientAddress;
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

/** What a finished TCP connection reports to the statistics and the access log. */
export interface TcpConnectionRecord {
  /** When the connection was accepted. */
  readonly startTime: Date;
  /** The client connection. */
  readonly connection: DownstreamConnection;
  /** The cluster it was forwarded to. */
  readonly cluster: string;
  /** `address:port` of the upstream, when one was found. */
  readonly upstreamHost?: string;
  /** True when no upstream could be reached (Envoy's `UF`), or none is configured (`UH`). */
  readonly failure?: 'UF' | 'UH';
  /** Bytes from the client. */
  readonly bytesReceived: number;
  /** Bytes to the client. */
  readonly bytesSent: number;
  /** Milliseconds the connection lasted. */
  readonly durationMs: number;
}
