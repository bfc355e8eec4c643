/**
 * Responses the gateway writes itself (local replies, redirects, direct responses, fault aborts, CORS preflights), with
 * the headers Envoy's connection manager puts on them.
 */
import * as http from 'http';
import { Duplex } from 'stream';
import { ResponseFlag } from './access-log';
import { DownstreamResponse } from './downstream';
import { ExchangeRecord } from './exchange-records';
import { SERVER_NAME } from './forwarded-headers';
import { GatewayReply } from './gateway-replies';
import { localReply } from './local-reply';

/** Answers with a reply of the gateway's own, shaped as Envoy shapes a local reply (a gRPC request gets a gRPC answer). */
export function sendLocalReply(res: DownstreamResponse, record: ExchangeRecord, reply: GatewayReply, headers: http.OutgoingHttpHeaders = {}): void {
  const shaped = localReply(reply.status, reply.body, { grpcRequest: record.grpc, headRequest: record.method === 'HEAD' });
  sendShapedReply(res, record, shaped.status, { ...shaped.headers, ...headers }, shaped.body, reply.flags);
}

export function sendShapedReply(
  res: DownstreamResponse, record: ExchangeRecord, status: number, headers: http.OutgoingHttpHeaders, body: string, flags: readonly ResponseFlag[],
): void {
  record.flag(...flags);
  writeResponse(res, record, status, headers, Buffer.from(body, 'utf8'));
}

/** Writes a whole response the gateway makes (not an upstream's), with the headers Envoy puts on its own replies. */
export function writeResponse(
  res: DownstreamResponse, record: ExchangeRecord, status: number, headers: http.OutgoingHttpHeaders, body: Buffer,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  record.status = status;
  const sent = record.method === 'HEAD' ? Buffer.alloc(0) : body;
  record.bytesSent += sent.length;
  res.writeHead(status, { ...headers, 'content-length': body.length, 'date': new Date().toUTCString(), 'server': SERVER_NAME });
  res.end(sent);
}

/**
 * Writes a reply of the gateway's own on a raw connection (one no HTTP server object answers for: a refused upgrade,
 * a request Node's parser rejected) and closes it.
 */
export function endWithReply(socket: Duplex, status: number, body: string, headers: Readonly<Record<string, string>> = {}): void {
  const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}`];
  for (const [name, value] of Object.entries(headers)) {
    lines.push(`${name}: ${value}`);
  }
  if (body !== '') {
    lines.push('content-type: text/plain');
  }
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close', `server: ${SERVER_NAME}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
