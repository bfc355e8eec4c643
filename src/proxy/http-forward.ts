/**
 * Envoy's router for a request the engine routed: pick a destination by weight, send the request to its local
 * stand-in with the headers Envoy sets, retry per the route's policy, give up at the route's timeout, mirror it, and
 * stream the response back without buffering it whole.
 */
import { X509Certificate } from 'crypto';
import * as http from 'http';
import { PassThrough } from 'stream';
import { pickDestination } from './destination-pick';
import { DownstreamConnection, DownstreamRequest, DownstreamResponse } from './downstream';
import { ExchangeRecord } from './exchange-records';
import { requestHeadersForUpstream, responseHeadersForDownstream } from './forwarded-headers';
import { GatewayReply, NO_HEALTHY_UPSTREAM, UPSTREAM_TIMEOUT, upstreamFailure } from './gateway-replies';
import { GatewayRuntime } from './gateway-runtime';
import { MutableHeaderMap } from './header-map';
import { HeaderFormatContext } from './header-operations';
import { sendLocalReply } from './local-response';
import { RequestBody } from './request-body';
import { requestTimeouts, RequestTimeouts } from './request-timeout';
import { UpstreamOutcome } from './retry-policy';
import { headerOperationsFor, RoutePolicies } from './route-policies';
import { callUpstream, UpstreamCall, UpstreamRequest, UpstreamResponseHandler } from './upstream-call';
import { callUpstreamH2 } from './upstream-call-h2';
import { LocalAddress } from './upstream-map';
import { Decision } from '../engine/decision';
import { clusterName } from '../engine/destinations';
import { ForwardAction } from '../engine/http-actions';

/** What a forwarded request is, whatever the attempt. */
export interface ForwardedRequest {
  readonly method: string;
  /** How the upstream is spoken to. */
  readonly protocol: 'http1' | 'http2';
  /** The path sent upstream (rewritten or not). */
  readonly path: string;
  /** The authority sent upstream. */
  readonly authority: string;
  /** The path before a rewrite, when one changed it. */
  readonly originalPath?: string;
  /** The client's headers, without HTTP/2 pseudo-headers. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The request ID every attempt carries. */
  readonly requestId: string;
  /** The destination picked (an index into the decision's destinations). */
  readonly destination: number;
}

/** Forwards a request the engine routed, with the route's compiled action and policies. */
export function forwardRequest(
  runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest, res: DownstreamResponse, record: ExchangeRecord,
  decision: Decision, action: ForwardAction | undefined, policies: RoutePolicies,
): void {
  record.answeredBy = 'upstream';
  const target = upstreamTarget(runtime, req, decision, action, record);
  if ('status' in target) {
    sendLocalReply(res, record, target);
    return;
  }
  const { forwarded, address } = target;
  const hasBody = requestHasBody(req);
  const mirrors = startMirrors(runtime, connection, forwarded, policies, record, hasBody);
  const body = hasBody ? new RequestBody(req, (chunk) => {
    record.bytesReceived += chunk.length;
    for (const mirror of mirrors) {
      mirror.write(chunk);
    }
  }) : undefined;
  if (hasBody) {
    req.once('end', () => mirrors.forEach((m) => m.end()));
  } else {
    req.resume();
  }
  const timeouts = requestTimeouts({ timeout: policies.timeout, perTryTimeoutMs: policies.retry.perTryTimeoutMs, requestHeaders: forwarded.headers });
  new Forwarding(runtime, connection, res, record, policies, address, forwarded, body, timeouts).start();
}

/**
 * True when the request may carry a body: an HTTP/1.1 request with `content-length` or `transfer-encoding`, or an
 * HTTP/2 stream its HEADERS frame did not end.
 */
function requestHasBody(req: DownstreamRequest): boolean {
  if ('stream' in req) {
    return !req.stream.endAfterHeaders;
  }
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Where a routed request goes: the destination picked by weight, its local address, and the request as sent there;
 * or the reply when no destination has a local address (503 no healthy upstream, as for a Service without endpoints).
 */
export function upstreamTarget(
  runtime: GatewayRuntime, req: DownstreamRequest, decision: Decision, action: ForwardAction | undefined, record: ExchangeRecord,
): { readonly forwarded: ForwardedRequest; readonly address: LocalAddress } | GatewayReply {
  const index = pickDestination(decision.destinations, runtime.random);
  const destination = index === undefined ? undefined : decision.destinations[index];
  if (index === undefined || destination === undefined) {
    return NO_HEALTHY_UPSTREAM;
  }
  record.cluster = clusterName(destination);
  const address = runtime.upstreams.addressOf(destination);
  if (address === undefined) {
    record.attempts.push({ outcome: 'no-healthy-upstream' });
    return NO_HEALTHY_UPSTREAM;
  }
  const path = decision.rewrite?.path ?? req.url ?? '/';
  if (path !== req.url) {
    record.rewrittenPath = path;
  }
  return {
    address,
    forwarded: {
      method: req.method ?? 'GET',
      protocol: runtime.upstreamProtocol(destination),
      path,
      authority: action?.clusterAuthorityRewrites?.[index] ?? decision.rewrite?.authority ?? record.authority ?? '',
      ...(path === req.url ? {} : { originalPath: req.url }),
      headers: withoutPseudoHeaders(req.headers),
      requestId: record.requestId,
      destination: index,
    },
  };
}

/** The request headers without HTTP/2 pseudo-headers (`:authority` becomes the `host` Envoy sends an HTTP/1.1 upstream). */
function withoutPseudoHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const plain: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !name.startsWith(':')) {
      plain[name] = value;
    }
  }
  return plain;
}

/**
 * The headers of one attempt: what Envoy sets at the edge (forwarded-for and -proto, request ID, attempt count,
 * expected timeout, client certificate), the authority, then the destination's and the rule's header operations.
 */
export function attemptHeaders(
  connection: DownstreamConnection, forwarded: ForwardedRequest, policies: RoutePolicies, attempt: number, timeouts: RequestTimeouts | undefined,
  elapsedMs: number, record: ExchangeRecord,
): MutableHeaderMap {
  const { headers } = requestHeadersForUpstream({
    headers: forwarded.headers,
    connection: {
      remoteAddress: connection.remoteAddress,
      tls: connection.tls,
      ...(connection.peerCertificate?.raw === undefined ? {} : { peerCertificate: new X509Certificate(connection.peerCertificate.raw) }),
    },
    nodeAddress: connection.localAddress.slice(0, connection.localAddress.lastIndexOf(':')),
    requestId: () => forwarded.requestId,
    attempt,
    timeouts,
    elapsedMs,
    originalPath: forwarded.originalPath,
  });
  headers.host = forwarded.authority;
  // Envoy answers `Expect: 100-continue` itself and does not forward it; Node's server has sent the 100 already, and
  // holds any other expectation to answer 417 before the request reaches the gateway.
  delete headers.expect;
  const operations = headerOperationsFor(policies, forwarded.destination);
  return operations === undefined || operations.request.empty ? headers : operations.request.apply(headers, formatContext(connection, record));
}

/** What `%...%` commands in header values read. */
function formatContext(connection: DownstreamConnection, record: ExchangeRecord): HeaderFormatContext {
  const colon = connection.localAddress.lastIndexOf(':');
  return {
    downstreamRemoteAddress: { address: connection.remoteAddress, port: connection.remotePort },
    downstreamLocalAddress: { address: connection.localAddress.slice(0, colon), port: Number(connection.localAddress.slice(colon + 1)) },
    protocol: record.protocol,
    startTime: record.startTime,
    requestedServerName: connection.sni,
  };
}

/**
 * Sends the request to each mirror its percentage picks, fire and forget: the authority gets `-shadow` appended (as
 * Envoy's shadow writer does), and the mirror's response is read and dropped.
 */
function startMirrors(
  runtime: GatewayRuntime, connection: DownstreamConnection, forwarded: ForwardedRequest, policies: RoutePolicies, record: ExchangeRecord,
  hasBody: boolean,
): PassThrough[] {
  const bodies: PassThrough[] = [];
  for (const mirror of policies.mirrors) {
    if (runtime.random() * 100 >= mirror.percentage) {
      continue;
    }
    const address = runtime.upstreams.addressOf(mirror);
    record.mirrored.push({ cluster: clusterName(mirror), sent: address !== undefined });
    if (address === undefined) {
      continue;
    }
    const headers = attemptHeaders(connection, forwarded, policies, 1, undefined, 0, record);
    headers.host = shadowAuthority(forwarded.authority);
    const body = hasBody ? new PassThrough() : null;
    if (body !== null) {
      bodies.push(body);
    }
    callUpstream(runtime.pool.poolFor(clusterName(mirror), address), { method: forwarded.method, path: forwarded.path, headers, body }, {
      onResponse: () => true,
      onData: () => true,
      onEnd: () => undefined,
      onError: () => undefined,
    });
  }
  return bodies;
}

/** `host-shadow`, keeping a port: Envoy appends `-shadow` to the host of a mirrored request. */
function shadowAuthority(authority: string): string {
  const match = /^(.*?)(:\d+)?$/.exec(authority);
  return `${match?.[1] ?? authority}-shadow${match?.[2] ?? ''}`;
}

/**
 * The bytes of an HTTP/1.1 message head: the start line, one `name: value` line per value, and the blank line. What a
 * connection carries besides the body, for the cluster's byte counters (`upstream_cx_tx_bytes_total`, `rx`).
 */
function messageHeadBytes(startLine: string, headers: MutableHeaderMap): number {
  let bytes = startLine.length + 4;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    for (const one of Array.isArray(value) ? value : [value]) {
      // Header values are Latin-1 on the wire (Node and undici write them so): one byte per character.
      bytes += name.length + 4 + one.length;
    }
  }
  return bytes;
}

/** The errors of a connection that could not be made (Envoy's connect failure, `UF`); any other error is a reset. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN']);

/** The attempts of one forwarded request. */
class Forwarding {
  private attempt = 0;
  private done = false;
  /** Bytes of the response being received: its head as HTTP/1.1 writes it, and its body so far. */
  private responseBytes = 0;
  private current?: UpstreamCall;
  private deadline?: { cancel(): void };
  private readonly started = Date.now();

  constructor(
    private readonly runtime: GatewayRuntime,
    private readonly connection: DownstreamConnection,
    private readonly res: DownstreamResponse,
    private readonly record: ExchangeRecord,
    private readonly policies: RoutePolicies,
    private readonly address: LocalAddress,
    private readonly forwarded: ForwardedRequest,
    private readonly body: RequestBody | undefined,
    private readonly timeouts: RequestTimeouts,
  ) {
    res.once('close', () => {
      if (!this.done) {
        // The client went away: stop the attempt in flight.
        this.done = true;
        this.deadline?.cancel();
        this.current?.abort();
      }
    });
  }

  /** Makes the first attempt, and starts the route's timeout. */
  public start(): void {
    if (this.timeouts.globalMs > 0) {
      this.deadline = this.runtime.pool.setTimer(this.timeouts.globalMs, () => {
        this.record.attempts.push({ host: this.upstreamHost, outcome: 'timeout' });
        this.fail(UPSTREAM_TIMEOUT);
      });
    }
    this.send();
  }

  private get upstreamHost(): string {
    return `${this.address.host}:${this.address.port}`;
  }

  private send(): void {
    this.attempt += 1;
    const elapsed = Date.now() - this.started;
    const headers = attemptHeaders(this.connection, this.forwarded, this.policies, this.attempt, this.timeouts, elapsed, this.record);
    let body: PassThrough | null = null;
    if (this.body !== undefined) {
      body = new PassThrough();
      this.body.sendTo(body);
    }
    let perTry: { cancel(): void } | undefined;
    const request: UpstreamRequest = { method: this.forwarded.method, path: this.forwarded.path, headers, body };
    const handler: UpstreamResponseHandler = {
      onResponse: (status, responseHeaders, resume) => {
        perTry?.cancel();
        if (this.done || call !== this.current) {
          return false;
        }
        const grpc = responseHeaders['grpc-status'];
        const outcome: UpstreamOutcome = { kind: 'response', status, ...(typeof grpc === 'string' ? { grpcStatus: Number(grpc) } : {}) };
        this.responseBytes = messageHeadBytes(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`, responseHeaders);
        this.record.attempts.push({
          host: this.upstreamHost,
          outcome: 'response',
          status,
          bytesSent: messageHeadBytes(`${request.method} ${request.path} HTTP/1.1`, headers) + (this.body?.received ?? 0),
          bytesReceived: this.responseBytes,
        });
        if (this.retries(outcome)) {
          return false;
        }
        this.respond(status, responseHeaders, resume);
        return true;
      },
      onData: (chunk) => {
        this.record.bytesSent += chunk.length;
        this.responseBytes += chunk.length;
        return (this.res as NodeJS.WritableStream).write(chunk);
      },
      onEnd: (trailers) => this.finish(trailers),
      onError: (error: NodeJS.ErrnoException) => {
        perTry?.cancel();
        if (this.res.headersSent) {
          // The upstream went away after its response started: the client's stream is reset too (flag UR).
          this.upstreamReset();
          return;
        }
        const connectFailed = CONNECT_FAILURES.has(error.code ?? '');
        const outcome: UpstreamOutcome = connectFailed ? { kind: 'connect-failure' } : { kind: 'reset', requestSent: body === null || body.writableFinished };
        this.attemptFailed(call, outcome, upstreamFailure(connectFailed ? 'connection failure' : 'connection termination', this.attempt > 1));
      },
    };
    const call = this.forwarded.protocol === 'http2'
      ? callUpstreamH2(this.runtime.pool.http2.sessionTo(this.address), this.forwarded.authority, request, handler)
      : callUpstream(this.runtime.pool.poolFor(this.record.cluster ?? '', this.address), request, handler);
    this.current = call;
    if (this.timeouts.perTryMs > 0) {
      perTry = this.runtime.pool.setTimer(this.timeouts.perTryMs, () => this.attemptFailed(call, { kind: 'per-try-timeout' }, UPSTREAM_TIMEOUT));
    }
  }

  /** Retries when the policy says so and retries are left; true when a retry was started. */
  private retries(outcome: UpstreamOutcome): boolean {
    const { retry } = this.policies;
    const replayable = this.body === undefined || this.body.replayable;
    if (this.done || this.attempt > retry.numRetries || !replayable) {
      if (this.attempt > retry.numRetries && retry.numRetries > 0 && retry.shouldRetry(outcome)) {
        this.record.flag('URX');
      }
      return false;
    }
    const decision = retry.retryDecision(outcome);
    if (decision === 'no') {
      return false;
    }
    this.body?.detach();
    this.current?.abort();
    this.current = undefined;
    const wait = decision === 'immediately' ? 0 : retry.backoffMs(this.attempt, this.runtime.random);
    void this.runtime.pool.sleep(wait).then(() => {
      if (!this.done) {
        this.send();
      }
    });
    return true;
  }

  private attemptFailed(call: UpstreamCall, outcome: UpstreamOutcome, reply: GatewayReply): void {
    if (this.done || call !== this.current) {
      return;
    }
    this.record.attempts.push({
      host: this.upstreamHost,
      outcome: outcome.kind === 'per-try-timeout' ? 'per-try-timeout' : outcome.kind === 'connect-failure' ? 'connect-failure' : 'reset',
    });
    if (outcome.kind === 'per-try-timeout') {
      call.abort();
    }
    if (!this.retries(outcome)) {
      this.fail(reply);
    }
  }

  /** Gives up: the client gets the gateway's reply, or a reset when the response already started. */
  private fail(reply: GatewayReply): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.deadline?.cancel();
    this.current?.abort();
    if (this.res.headersSent) {
      this.record.flag(...reply.flags);
      this.res.destroy();
      return;
    }
    sendLocalReply(this.res, this.record, reply, this.policies.cors?.simpleResponseHeaders(this.forwarded.headers) ?? {});
  }

  /** Sends the upstream's status and headers to the client; the body follows as it arrives. */
  private respond(status: number, upstreamHeaders: MutableHeaderMap, resume: () => void): void {
    const { res, record } = this;
    record.upstreamHost = this.upstreamHost;
    record.upstreamServiceTime = Date.now() - this.started;
    let headers = responseHeadersForDownstream({
      headers: upstreamHeaders, requestHeaders: this.forwarded.headers, upstreamServiceTimeMs: record.upstreamServiceTime,
    });
    const operations = headerOperationsFor(this.policies, this.forwarded.destination);
    if (operations !== undefined && !operations.response.empty) {
      headers = operations.response.apply(headers, { ...formatContext(this.connection, record), requestHeaders: this.forwarded.headers });
    }
    const cors = this.policies.cors?.simpleResponseHeaders(this.forwarded.headers);
    if (cors !== undefined) {
      Object.assign(headers, cors);
    }
    record.status = status;
    res.on('drain', resume);
    res.writeHead(status, headers);
  }

  /** The upstream's response is complete: so is the client's, with the upstream's trailers. */
  private finish(trailers: MutableHeaderMap): void {
    if (this.done) {
      return;
    }
    this.done = true;
    const last = this.record.attempts.length - 1;
    if (last >= 0) {
      this.record.attempts[last] = { ...this.record.attempts[last], bytesReceived: this.responseBytes };
    }
    this.deadline?.cancel();
    if (Object.keys(trailers).length > 0) {
      this.res.addTrailers(trailers);
    }
    this.res.end();
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
