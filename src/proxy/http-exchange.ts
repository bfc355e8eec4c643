/**
 * One HTTP request through the gateway: the engine decides it on the same compiled routes `decide` reads, and the
 * gateway carries out the route's action as Envoy would (forward, redirect, direct response, fault), then logs and
 * counts it.
 */
import * as http from 'http';
import { DownstreamConnection, DownstreamRequest, DownstreamResponse } from './downstream';
import { ExchangeRecord } from './exchange-records';
import { FaultAbort, faultAbortReply } from './fault-injection';
import { NO_ROUTE } from './gateway-replies';
import { GatewayRuntime } from './gateway-runtime';
import { isGrpcRequest } from './grpc-headers';
import { forwardRequest } from './http-forward';
import { sendLocalReply, sendShapedReply, writeResponse } from './local-response';
import { headerOperationsFor, RoutePolicies, routePoliciesOf } from './route-policies';
import { DecidableRoute, DecidableVirtualHost } from '../engine/decidable';
import { Decision } from '../engine/decision';
import { TrafficRequest } from '../engine/request';
import { RequestError } from '../engine/request-error';


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
    case 'fault_abort':
      filterAndForward(runtime, connection, req, res, record, decision, route);
      return;
    case 'redirect':
      record.answeredBy = 'direct-response';
      sendLocalReply(res, record, { status: decision.status ?? 301, body: '', flags: [] }, { location: decision.redirect?.location ?? '/' });
      return;
    case 'direct_response':
      directResponse(res, record, decision, route);
      return;
    default:
      record.answeredBy = 'no-route';
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
  // Node's HTTP/1.1 server gives every header but `set-cookie` as one string (repeats joined), and no pseudo-headers:
  // such headers are read as they are.
  if (headers['set-cookie'] === undefined && headers[':method'] === undefined) {
    return headers as Record<string, string>;
  }
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
    // A direct response no route made: the path could not be normalized, which the connection manager answers with 400.
    sendLocalReply(res, record, { status: decision.status ?? 400, body: '', flags: [] });
    return;
  }
  record.answeredBy = 'direct-response';
  const body = action.bodyBytes !== undefined ? Buffer.from(action.bodyBytes, 'base64') : Buffer.from(action.body ?? '', 'utf8');
  const operations = headerOperationsFor(routePoliciesOf(route), undefined);
  const headers = operations === undefined ? {} : operations.response.apply({});
  writeResponse(res, record, action.status, body.length > 0 ? { 'content-type': 'text/plain', ...headers } : headers, body);
}

/**
 * A routed request through the HTTP filters istiod puts before the router on a gateway: the fault filter (delay, then
 * abort), the CORS filter (which answers an allowed preflight), then the router.
 */
function filterAndForward(
  runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest, res: DownstreamResponse, record: ExchangeRecord,
  decision: Decision, route: DecidableRoute | undefined,
): void {
  const policies = routePoliciesOf(route);
  const fault = policies.fault?.decide(runtime.random);
  if (fault?.delayMs === undefined) {
    afterDelay(runtime, connection, req, res, record, decision, route, policies, fault?.abort);
    return;
  }
  record.faultDelayed = true;
  record.flag('DI');
  void runtime.pool.sleep(fault.delayMs).then(() => {
    if (!res.destroyed && !runtime.pool.isClosed) {
      afterDelay(runtime, connection, req, res, record, decision, route, policies, fault.abort);
    }
  });
}

/** The rest of the filters, once the fault filter's delay (if any) is over: its abort, CORS, then the router. */
function afterDelay(
  runtime: GatewayRuntime, connection: DownstreamConnection, req: DownstreamRequest, res: DownstreamResponse, record: ExchangeRecord,
  decision: Decision, route: DecidableRoute | undefined, policies: RoutePolicies, abort: FaultAbort | undefined,
): void {
  if (abort !== undefined) {
    record.faultAborted = true;
    record.answeredBy = 'fault-abort';
    const reply = faultAbortReply(abort, { grpcRequest: isGrpcRequest(req.headers), headRequest: req.method === 'HEAD' });
    sendShapedReply(res, record, reply.status, reply.headers, reply.body, ['FI']);
    return;
  }
  const preflight = policies.cors?.preflight(req.method ?? 'GET', req.headers);
  if (preflight !== undefined) {
    writeResponse(res, record, preflight.status, { ...preflight.headers }, Buffer.alloc(0));
    return;
  }
  const action = route?.action;
  forwardRequest(runtime, connection, req, res, record, decision, action?.kind === 'forward' ? action : undefined, policies);
}
