/**
 * Forwarding a request upstream as Envoy's router does: pick a destination by weight, send the request to its local
 * stand-in with the headers Envoy sets, retry per the route's policy, give up at the route's timeout, and stream the
 * response back without buffering it whole.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { pickDestination } from './destination-pick';
import { DownstreamConnection } from './downstream';
import { ExchangeRecord, GatewayRuntime } from './gateway-runtime';
import { DownstreamRequest, DownstreamResponse, sendLocalReply } from './http-exchange';
import { LocalReply, NO_HEALTHY_UPSTREAM, UPSTREAM_TIMEOUT, upstreamFailure } from './local-reply';
import { RequestBody } from './request-body';
import { AttemptOutcome, RoutePolicies } from './route-policies';
import { LocalAddress } from './upstream-map';
import { Decision } from '../engine/decision';
import { clusterName } from '../engine/destinations';
import { ForwardAction } from '../engine/http-actions';

/** Headers that describe one connection, not the request: never forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate',
  'proxy-authorization', 'http2-settings']);

/** Envoy's retry back-off: 25 ms base interval, doubled per retry, at most 10 times the base, fully jittered. */
const BACKOFF_BASE_MS = 25;

/** Forwards a request the engine routed, with the route's compiled action and policies. */
export function forwardRequest(
  runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest, res: DownstreamResponse, record: ExchangeRecord,
  decision: Decision, action: ForwardAction, policies: RoutePolicies,
): void {
  const index = pickDestination(decision.destinations, runtime.random);
  const destination = index === undefined ? undefined : decision.destinations[index];
  if (index === undefined || destination === undefined) {
    sendLocalReply(res, record, NO_HEALTHY_UPSTREAM);
    return;
  }
  record.cluster = clusterName(destination);
  const address = runtime.upstreams.addressOf(destination);
  if (address === undefined) {
    sendLocalReply(res, record, NO_HEALTHY_UPSTREAM);
    return;
  }
  const authority = action.clusterAuthorityRewrites?.[index] ?? decision.rewrite?.authority ?? record.authority ?? '';
  const path = decision.rewrite?.path ?? req.url ?? '/';
  if (decision.rewrite?.path) {
    record.rewrittenPath = path;
  }
  const headers = upstreamHeaders(req, connection, authority, policies, index);
  record.requestId = String(headers['x-request-id']);
  record.forwardedFor = String(headers['x-forwarded-for']);
  const body = new RequestBody(req, (chunk) => {
    record.bytesReceived += chunk.length;
  });
  new Forwarding(runtime, res, record, policies, address, { method: req.method ?? 'GET', path, headers }, body, index).start();
}

/** The headers of the request sent upstream: the client's, less hop-by-hop and `x-envoy-*` ones, with what Envoy adds at the edge. */
export function upstreamHeaders(
  req: DownstreamRequest, connection: DownstreamConnection, authority: string, policies: RoutePolicies, destination: number | undefined,
): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !name.startsWith(':') && !HOP_BY_HOP.has(name) && !name.startsWith('x-envoy-')) {
      headers[name] = value;
    }
  }
  headers.host = authority;
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${connection.remoteAddress}` : connection.remoteAddress;
  headers['x-forwarded-proto'] = connection.tls ? 'https' : 'http';
  headers['x-request-id'] = req.headers['x-request-id'] ?? randomUUID();
  return policies.requestHeaders(headers, destination);
}

/** The upstream request of one attempt. */
interface UpstreamRequestHead {
  readonly method: string;
  readonly path: string;
  readonly headers: http.OutgoingHttpHeaders;
}

/** The attempts of one forwarded request. */
class Forwarding {
  private attempt = 0;
  private done = false;
  private current?: http.ClientRequest;
  private readonly deadline?: { cancel(): void };
  private readonly started = Date.now();

  constructor(
    private readonly runtime: GatewayRuntime,
    private readonly res: DownstreamResponse,
    private readonly record: ExchangeRecord,
    private readonly policies: RoutePolicies,
    private readonly address: LocalAddress,
    private readonly head: UpstreamRequestHead,
    private readonly body: RequestBody,
    private readonly destination: number,
  ) {
    const timeoutMs = policies.timeoutMs;
    if (timeoutMs !== undefined) {
      this.deadline = runtime.pool.setTimer(timeoutMs, () => this.fail(UPSTREAM_TIMEOUT));
    }
    res.once('close', () => {
      if (!this.done) {
        // The client went away: stop the attempt in flight.
        this.done = true;
        this.deadline?.cancel();
        this.current?.destroy();
      }
    });
  }

  /** Makes the first attempt. */
  public start(): void {
    this.send();
  }

  private send(): void {
    this.attempt += 1;
    const { retry, timeoutMs } = this.policies;
    const headers: http.OutgoingHttpHeaders = { ...this.head.headers, 'x-envoy-attempt-count': String(this.attempt) };
    const expected = retry.perTryTimeoutMs ?? timeoutMs;
    if (expected !== undefined) {
      headers['x-envoy-expected-rq-timeout-ms'] = String(expected);
    }
    const request = http.request({
      host: this.address.host,
      port: this.address.port,
      method: this.head.method,
      path: this.head.path,
      headers,
      agent: this.runtime.pool.agentFor(this.address),
    });
    this.current = request;
    const perTry = retry.perTryTimeoutMs === undefined ? undefined
      : this.runtime.pool.setTimer(retry.perTryTimeoutMs, () => this.attemptFailed(request, { kind: 'response', status: 504 }, UPSTREAM_TIMEOUT));
    let connected = false;
    request.once('socket', (socket) => {
      if (!socket.connecting) {
        connected = true;
      } else {
        socket.once('connect', () => {
          connected = true;
        });
      }
    });
    request.once('error', () => {
      perTry?.cancel();
      const outcome: AttemptOutcome = connected ? { kind: 'reset' } : { kind: 'connect-failure' };
      this.attemptFailed(request, outcome, upstreamFailure(connected ? 'connection termination' : 'connection failure', this.attempt > 1));
    });
    request.once('response', (upstream) => {
      perTry?.cancel();
      const status = upstream.statusCode ?? 502;
      if (this.canRetry({ kind: 'response', status })) {
        upstream.resume();
        this.retry(request);
        return;
      }
      this.respond(upstream);
    });
    this.body.sendTo(request);
  }

  private canRetry(outcome: AttemptOutcome): boolean {
    return !this.done && this.attempt <= this.policies.retry.numRetries && this.body.replayable && this.policies.retry.shouldRetry(outcome);
  }

  private attemptFailed(request: http.ClientRequest, outcome: AttemptOutcome, reply: LocalReply): void {
    if (this.done || request !== this.current) {
      return;
    }
    if (this.canRetry(outcome)) {
      this.retry(request);
      return;
    }
    this.fail(reply);
  }

  private retry(failed: http.ClientRequest): void {
    this.body.detach();
    failed.destroy();
    const ceiling = BACKOFF_BASE_MS * Math.min(2 ** (this.attempt - 1), 10);
    void this.runtime.pool.sleep(Math.floor(this.runtime.random() * ceiling)).then(() => {
      if (!this.done) {
        this.send();
      }
    });
  }

  /** Gives up: the client gets the gateway's reply, or a reset when the response already started. */
  private fail(reply: LocalReply): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.deadline?.cancel();
    this.current?.destroy();
    this.record.flag(...reply.flags);
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    sendLocalReply(this.res, this.record, reply);
  }

  /** Streams the upstream's response to the client. */
  private respond(upstream: http.IncomingMessage): void {
    const { res, record } = this;
    record.upstreamHost = `${this.address.host}:${this.address.port}`;
    record.upstreamServiceTime = Date.now() - this.started;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) {
        headers[name] = value;
      }
    }
    headers['x-envoy-upstream-service-time'] = String(record.upstreamServiceTime);
    headers.server = 'istio-envoy';
    this.policies.responseHeaders(headers, this.destination);
    const status = upstream.statusCode ?? 502;
    record.status = status;
    res.writeHead(status, headers);
    upstream.on('data', (chunk: Buffer) => {
      record.bytesSent += chunk.length;
      if (!(res as NodeJS.WritableStream).write(chunk)) {
        upstream.pause();
        res.once('drain', () => upstream.resume());
      }
    });
    upstream.once('end', () => {
      this.done = true;
      this.deadline?.cancel();
      res.end();
    });
    upstream.once('error', () => this.upstreamReset());
    upstream.once('aborted', () => this.upstreamReset());
  }

  /** The upstream reset after its response started: the client's stream is reset too (flag UR). */
  private upstreamReset(): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.deadline?.cancel();
    this.record.flag('UR');
    this.res.destroy();
  }
}
