/**
 * An HTTP/1.1 upgrade (WebSocket) through the gateway: Istio's gateways allow websocket upgrades on every route, so
 * the request is decided like any other, and a routed one is sent to its destination with its upgrade headers; from
 * then on the bytes pass through both ways.
 */
import * as http from 'http';
import * as net from 'net';
import { Duplex } from 'stream';
import { DownstreamConnection } from './downstream';
import { ExchangeRecord } from './exchange-records';
import { upstreamFailure } from './gateway-replies';
import { GatewayRuntime } from './gateway-runtime';
import { decideExchange } from './http-exchange';
import { attemptHeaders, upstreamTarget } from './http-forward';
import { endWithReply } from './local-response';
import { routePoliciesOf } from './route-policies';

/** Handles an upgrade request on an HTTP/1.1 connection. */
export function handleUpgrade(
  runtime: GatewayRuntime, connection: DownstreamConnection, req: http.IncomingMessage, socket: Duplex, head: Buffer,
): void {
  const decided = decideExchange(runtime, connection, req);
  const decision = decided?.decision;
  if (decision === undefined || decision.action !== 'route') {
    endWithReply(socket, decision === undefined ? 400 : decision.status ?? 404, '', decision?.redirect ? { location: decision.redirect.location } : {});
    return;
  }
  const record = new ExchangeRecord(req, connection);
  const target = upstreamTarget(runtime, req, decision, decided?.route?.action.kind === 'forward' ? decided.route.action : undefined, record);
  if ('status' in target) {
    endWithReply(socket, target.status, target.body);
    return;
  }
  const { forwarded, address } = target;
  const headers = attemptHeaders(connection, forwarded, routePoliciesOf(decided?.route), 1, undefined, 0, record);
  const upstream = net.connect({ host: address.host, port: address.port });
  runtime.trackSocket(upstream);
  upstream.once('connect', () => {
    upstream.write(requestHead(forwarded.method, forwarded.path, headers));
    if (head.length > 0) {
      upstream.write(head);
    }
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.once('error', () => {
    if (socket.writable) {
      const reply = upstreamFailure('connection failure', false);
      endWithReply(socket, reply.status, reply.body);
    }
  });
  upstream.once('close', () => socket.destroy());
  socket.once('close', () => upstream.destroy());
  socket.on('error', () => upstream.destroy());
}

/** The request line and headers of an HTTP/1.1 request. */
function requestHead(method: string, path: string, headers: http.OutgoingHttpHeaders): string {
  const lines = [`${method} ${path} HTTP/1.1`];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) {
      continue;
    }
    for (const one of Array.isArray(value) ? value : [value]) {
      lines.push(`${name}: ${String(one)}`);
    }
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
