/**
 * A response the gateway answers itself (Envoy's local reply: a fault abort, a route or cluster not found, an upstream
 * that failed), shaped as Envoy shapes it (envoyproxy/envoy `source/common/http/utility.cc` `prepareLocalReply`): a
 * gRPC request gets a trailers-only gRPC answer, any other a plain-text body.
 */
import { grpcStatusOfHttpStatus } from './grpc-headers';
import { MutableHeaderMap } from './header-map';

/** A response to send as is (the connection manager's own headers, `server` and `date`, come on top). */
export interface LocalReply {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers. */
  readonly headers: MutableHeaderMap;
  /** The body to send (empty for a gRPC or HEAD request). */
  readonly body: string;
}

/** What the reply depends on besides its status and text. */
export interface LocalReplyOptions {
  /**
   * The request is gRPC (see `isGrpcRequest`): the answer is HTTP 200 with `content-type: application/grpc`,
   * `grpc-status` and the text in `grpc-message`, and no body.
   * @default false
   */
  readonly grpcRequest?: boolean;
  /**
   * The gRPC status to report to a gRPC request.
   * @default - the one gRPC maps the HTTP status to (503 is UNAVAILABLE)
   */
  readonly grpcStatus?: number;
  /**
   * The request is a HEAD request: the headers describe the body, which is not sent.
   * @default false
   */
  readonly headRequest?: boolean;
}

/** The content type of a plain-text local reply. */
export const LOCAL_REPLY_CONTENT_TYPE = 'text/plain';

/**
 * The local reply of `status` with the text `body` (empty for none).
 *
 * @example localReply(503, 'no healthy upstream') is 503 with `content-type: text/plain` and `content-length: 19`.
 */
export function localReply(status: number, body: string, options: LocalReplyOptions = {}): LocalReply {
  if (options.grpcRequest === true) {
    const headers: MutableHeaderMap = {
      'content-type': 'application/grpc',
      'grpc-status': String(options.grpcStatus ?? grpcStatusOfHttpStatus(status)),
    };
    if (body !== '' && options.headRequest !== true) {
      headers['grpc-message'] = percentEncodeGrpcMessage(body);
    }
    return { status: 200, headers, body: '' };
  }
  const headers: MutableHeaderMap = {};
  if (body !== '') {
    headers['content-length'] = String(Buffer.byteLength(body));
    headers['content-type'] = LOCAL_REPLY_CONTENT_TYPE;
  }
  return { status, headers, body: options.headRequest === true ? '' : body };
}

/** A `grpc-message` value: the UTF-8 bytes outside printable ASCII, and `%`, written as `%XX` (gRPC's wire format). */
function percentEncodeGrpcMessage(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    encoded += byte < 0x20 || byte > 0x7e || byte === 0x25 ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return encoded;
}
