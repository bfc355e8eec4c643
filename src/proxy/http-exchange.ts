/**
 * One HTTP request through the gateway: the engine decides it on the same compiled routes `decide` reads, and the
 * gateway carries out the route's action as Envoy would (forward, redirect, direct response, fault), then logs and
 * counts it.
 */
import * as http from 'http';
import * as http2 from 'http2';
import { DownstreamConnection } from './downstream';
import { ExchangeRecord, GatewayRuntime } from './gateway-runtime';
import { forwardRequest } from './http-forward';
import { FAULT_ABORT_BODY, LocalReply, NO_ROUTE } from './local-reply';
import { routePoliciesOf } from './route-policies';
import { DecidableRoute, DecidableVirtualHost } from '../engine/decidable';
import { Decision } from '../engine/decision';
import { ForwardAction } from '../engine/http-actions';
import { TrafficRequest } from '../engine/request';
import { RequestError } from '../engine/request-error';

/** A request as Node's HTTP/1.1 and HTTP/2 (compatibility API) servers give it. */
export type DownstreamRequest = http.IncomingMessage | http2.Http2ServerRequest;
/** The response of a {@link DownstreamRequest}. */
export type DownstreamResponse = http.ServerResponse | http2.Http2ServerResponse;

/** Handles one request: decides it, answers or forwards it, then logs and counts the exchange. */
export function handleRequest(runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest, res: DownstreamResponse): void {
  const record = new ExchangeRecord(req, connection);
  res.once('close', () => runtime.finish(record, res));
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) {
    // Istio's gateways do not accept HTTP/1.0 (the connection manager's accept_http_10 stays off): Envoy answers 426.
    sendLocalReply(res, record, { status: 426, body: '', flags: [] });
    return;
  }
  const decided = decideExchange(runtime, connection, req);
  if (decided === undefined) {
    // No Host, or one Envoy cannot read (a bad port, characters a host may not hold): 400 before routing.
    sendLocalReply(res, record, { status: 400, body: '', flags: [] });
    return;
  }
  const { decision, route, virtualHost } = decided;
  record.route(route, virtualHost);
  switch (decision.action) {
    case 'route':
      forwardRequest(runtime, connection, req, res, record, decision, route?.action as ForwardAction, routePoliciesOf(route));
      return;
    case 'redirect':
      sendLocalReply(res, record, { status: decision.status ?? 301, body: '', flags: [] }, { location: decision.redirect?.location ?? '/' });
      return;
    case 'direct_response':
      directResponse(res, record, decision, route);
      return;
    case 'fault_abort':
      faultAbort(res, record, route);
      return;
    default:
      sendLocalReply(res, record, NO_ROUTE);
  }
}

/** What the engine decided for a request, with the route that decided (the compiled action to carry out). */
export interface DecidedExchange {
  /** The decision. */
  readonly decision: Decision;
  /** The route that matched, for a decision a route made. */
  readonly route?: DecidableRoute;
  /** Its virtual host. */
  readonly virtualHost?: DecidableVirtualHost;
}

/**
 * Decides a request on the engine's compiled routes, or undefined when its Host is missing or one Envoy cannot read
 * (which the engine refuses with a RequestError).
 */
export function decideExchange(runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest): DecidedExchange | undefined {
  const authority = authorityOf(req);
  if (authority === undefined) {
    return undefined;
  }
  let route: DecidableRoute | undefined;
  let virtualHost: DecidableVirtualHost | undefined;
  try {
    const decision = runtime.engine.route(trafficRequest(runtime, connection, req, authority), {
      trace: false,
      _onMatch: (r, v) => {
        route = r;
        virtualHost = v;
      },
    });
    return { decision, route, virtualHost };
  } catch (e) {
    if (e instanceof RequestError) {
      return undefined;
    }
    throw e;
  }
}

/** The request the engine decides: what the client sent, on the connection it came on. */
function trafficRequest(runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest, authority: string): TrafficRequest {
  return {
    port: connection.gatewayPort,
    gateway: runtime.gatewayKey,
    host: authority,
    path: req.url,
    method: req.method,
    scheme: connection.tls ? 'https' : 'http',
    headers: flatHeaders(req.headers),
    ...(connection.tls ? { sni: connection.sni } : {}),
  };
}

/** The Host (HTTP/1.1) or `:authority` (HTTP/2), or undefined when the request has none. */
function authorityOf(req: DownstreamRequest): string | undefined {
  const authority = req.headers[':authority'] ?? req.headers.host;
  return typeof authority === 'string' && authority !== '' ? authority : undefined;
}

/** Request headers as the engine's matchers read them: one string per name, repeated values joined with `,`. */
function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !name.startsWith(':')) {
      flat[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return flat;
}

function directResponse(res: DownstreamResponse, record: ExchangeRecord, decision: Decision, route: DecidableRoute | undefined): void {
  const action = route?.action;
  if (action?.kind !== 'direct_response') {
    // A direct response no route made: the path could not be normalized, which Envoy answers with 400.
    sendLocalReply(res, record, { status: decision.status ?? 400, body: '', flags: [] });
    return;
  }
  const body = action.bodyBytes !== undefined ? Buffer.from(action.bodyBytes, 'base64') : Buffer.from(action.body ?? '', 'utf8');
  const headers = routePoliciesOf(route).responseHeaders({}, undefined);
  writeResponse(res, record, action.status, body.length > 0 ? { 'content-type': 'text/plain', ...headers } : headers, body);
}

function faultAbort(res: DownstreamResponse, record: ExchangeRecord, route: DecidableRoute | undefined): void {
  const action = route?.action;
  if (action?.kind !== 'abort') {
    sendLocalReply(res, record, NO_ROUTE);
    return;
  }
  const grpc = action.grpcStatus === undefined ? {} : { 'grpc-status': action.grpcStatus, 'content-type': 'application/grpc' };
  sendLocalReply(res, record, { status: action.status, body: action.grpcStatus === undefined ? FAULT_ABORT_BODY : '', flags: ['FI'] }, grpc);
}

/** Answers with a reply of the gateway's own. */
export function sendLocalReply(res: DownstreamResponse, record: ExchangeRecord, reply: LocalReply, headers: http.OutgoingHttpHeaders = {}): void {
  record.flag(...reply.flags);
  const body = Buffer.from(reply.body, 'utf8');
  writeResponse(res, record, reply.status, body.length > 0 ? { 'content-type': 'text/plain', ...headers } : headers, body);
}

/** Writes a whole response the gateway makes (not an upstream's), with the headers Envoy puts on its own replies. */
function writeResponse(res: DownstreamResponse, record: ExchangeRecord, status: number, headers: http.OutgoingHttpHeaders, body: Buffer): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  record.status = status;
  record.bytesSent += body.length;
  res.writeHead(status, { ...headers, 'content-length': body.length, 'date': new Date().toUTCString(), 'server': 'istio-envoy' });
  res.end(body);
}
