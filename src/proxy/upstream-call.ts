/**
 * One HTTP/1.1 request to a local upstream, over a keep-alive connection of the upstream's pool, with the response
 * handed over as it arrives (status and headers, then body chunks, then trailers) so that it streams to the client
 * without being buffered. The pools are undici's: the HTTP client Node's own `fetch` is built on, whose dispatcher
 * skips the stream and message objects of Node's `http` client, which cost a gateway about a third of its
 * throughput (bench/proxy.ts).
 */
import { Readable } from 'stream';
import { Dispatcher } from 'undici';
import { MutableHeaderMap } from './header-map';

/** What the caller does with the upstream's answer. */
export interface UpstreamResponseHandler {
  /**
   * The status and headers arrived. Return false to drop the response (to retry): the request is aborted and nothing
   * else is called. `resume` restarts a body that {@link onData} paused.
   */
  onResponse(status: number, headers: MutableHeaderMap, resume: () => void): boolean;
  /** A chunk of the body; return false to pause the body until `resume` is called. */
  onData(chunk: Buffer): boolean;
  /** The response is complete, with its trailers (empty when it has none). */
  onEnd(trailers: MutableHeaderMap): void;
  /** The request failed: before the response (connection refused, reset) or during its body. */
  onError(error: Error): void;
}

/** The request sent upstream. */
export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: MutableHeaderMap;
  /** The body, or null for a request without one. */
  readonly body: Readable | null;
}

/** An upstream request in flight. */
export interface UpstreamCall {
  /** Stops it; the handler is not called again. */
  abort(): void;
}

/** Sends `request` on `dispatcher` (an upstream's pool); `handler` gets the answer. */
export function callUpstream(dispatcher: Dispatcher, request: UpstreamRequest, handler: UpstreamResponseHandler): UpstreamCall {
  let aborted = false;
  let abortRequest: ((reason?: Error) => void) | undefined;
  const abort = (): void => {
    if (!aborted) {
      aborted = true;
      abortRequest?.();
    }
  };
  dispatcher.dispatch({
    method: request.method as Dispatcher.HttpMethod,
    path: request.path,
    headers: request.headers,
    body: request.body,
    headersTimeout: 0,
    bodyTimeout: 0,
  }, {
    onConnect: (abortFn) => {
      abortRequest = abortFn;
      if (aborted) {
        abortFn();
      }
    },
    onHeaders: (status, rawHeaders, resume) => {
      if (aborted) {
        return false;
      }
      // 1xx answers (100 Continue) are Node's server's to send; the final status follows.
      if (status < 200) {
        return true;
      }
      if (!handler.onResponse(status, headerMap(rawHeaders as unknown as Buffer[]), resume)) {
        abort();
        return false;
      }
      return true;
    },
    onData: (chunk) => (aborted ? false : handler.onData(chunk)),
    onComplete: (trailers) => {
      if (!aborted) {
        handler.onEnd(trailers === null ? {} : headerMap(trailers as unknown as Buffer[]));
      }
    },
    onError: (error) => {
      if (!aborted) {
        aborted = true;
        handler.onError(error);
      }
    },
  });
  return { abort };
}

/** Raw header lines (name, value, name, value...) as a map of lower-case names; repeated names keep every value. */
function headerMap(raw: readonly Buffer[] | null): MutableHeaderMap {
  const headers: MutableHeaderMap = {};
  if (raw === null) {
    return headers;
  }
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString('latin1').toLowerCase();
    const value = raw[i + 1].toString('latin1');
    const existing = headers[name];
    if (existing === undefined) {
      headers[name] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      headers[name] = [existing, value];
    }
  }
  return headers;
}
