/**
 * One request to a local upstream over HTTP/2 with prior knowledge (h2c), as Envoy talks to a Service port whose
 * protocol is HTTP2 or GRPC (istiod gives such a cluster HTTP/2 options): one session per upstream, a stream per
 * request, and the response (trailers included, which gRPC answers with) handed over as it arrives.
 */
import * as http2 from 'http2';
import { MutableHeaderMap } from './header-map';
import { UpstreamCall, UpstreamRequest, UpstreamResponseHandler } from './upstream-call';
import { LocalAddress } from './upstream-map';

/** Headers HTTP/2 forbids (RFC 9113 section 8.2.2), which an HTTP/1.1 client may have sent. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

/** Why a session failed (connection refused, say), which its streams report as their error. */
const sessionErrors = new WeakMap<http2.ClientHttp2Session, Error>();

/** HTTP/2 sessions to the upstreams, one per local address, opened on first use. */
export class Http2Sessions {
  private readonly sessions = new Map<string, http2.ClientHttp2Session>();

  /** The session to `address`, opened (or reopened after it closed) when needed. */
  public sessionTo(address: LocalAddress): http2.ClientHttp2Session {
    const key = `${address.host}:${address.port}`;
    let session = this.sessions.get(key);
    if (session === undefined || session.closed || session.destroyed) {
      const opened = http2.connect(`http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`);
      opened.on('error', (error: Error) => sessionErrors.set(opened, error));
      opened.once('close', () => {
        if (this.sessions.get(key) === opened) {
          this.sessions.delete(key);
        }
      });
      this.sessions.set(key, opened);
      session = opened;
    }
    return session;
  }

  /** Closes every session. */
  public close(): void {
    for (const session of this.sessions.values()) {
      session.destroy();
    }
    this.sessions.clear();
  }
}

/** Sends `request` on a stream of `session`, as {@link callUpstream} does on an HTTP/1.1 pool. */
export function callUpstreamH2(
  session: http2.ClientHttp2Session, authority: string, request: UpstreamRequest, handler: UpstreamResponseHandler,
): UpstreamCall {
  const headers: http2.OutgoingHttpHeaders = {
    ':method': request.method,
    ':path': request.path,
    ':authority': authority,
    ':scheme': 'http',
  };
  for (const [name, value] of Object.entries(request.headers)) {
    if (!CONNECTION_HEADERS.has(name) && !name.startsWith(':') && !(name === 'te' && value !== 'trailers')) {
      headers[name] = value;
    }
  }
  let done = false;
  let stream: http2.ClientHttp2Stream;
  try {
    stream = session.request(headers, { endStream: request.body === null });
  } catch (error) {
    process.nextTick(() => handler.onError(error as Error));
    return { abort: () => undefined };
  }
  const fail = (error: Error): void => {
    if (!done) {
      done = true;
      // A stream of a session that could not connect fails with the session's error (ECONNREFUSED, say).
      handler.onError(sessionErrors.get(session) ?? error);
    }
  };
  stream.once('response', (responseHeaders) => {
    if (done) {
      return;
    }
    const status = Number(responseHeaders[':status']);
    if (!handler.onResponse(status, plainHeaders(responseHeaders), () => stream.resume())) {
      done = true;
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }
  });
  stream.on('data', (chunk: Buffer) => {
    if (!done && !handler.onData(chunk)) {
      stream.pause();
    }
  });
  let trailers: MutableHeaderMap = {};
  stream.once('trailers', (received) => {
    trailers = plainHeaders(received);
  });
  stream.once('end', () => {
    if (!done) {
      done = true;
      handler.onEnd(trailers);
    }
  });
  stream.once('error', fail);
  stream.once('close', () => fail(Object.assign(new Error(`stream closed with code ${stream.rstCode}`), { code: 'ECONNRESET' })));
  if (request.body !== null) {
    request.body.pipe(stream);
  }
  return {
    abort: () => {
      if (!done) {
        done = true;
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }
    },
  };
}

/** HTTP/2 headers without pseudo-headers, as a plain map. */
function plainHeaders(headers: http2.IncomingHttpHeaders): MutableHeaderMap {
  const plain: MutableHeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !name.startsWith(':')) {
      plain[name] = Array.isArray(value) ? [...value] : String(value);
    }
  }
  return plain;
}
