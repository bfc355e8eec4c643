/**
 * An answer of the admin endpoint, in the two content types Envoy's admin answers with (envoy
 * source/server/admin/utils.cc `populateFallbackResponseHeaders`: plain text unless the handler set JSON).
 */

/** An admin answer: status code, body, and whether the body is JSON. */
export interface AdminReply {
  /** The HTTP status code. */
  readonly status: number;
  /** The body. */
  readonly body: string;
  /** Whether the body is JSON (`application/json`); plain text (`text/plain; charset=UTF-8`) otherwise. */
  readonly json: boolean;
}

/**
 * A plain-text answer.
 *
 * @param body - the text.
 * @param status - the status code (200 when left out).
 */
export function textReply(body: string, status: number = 200): AdminReply {
  return { status, body, json: false };
}

/**
 * A JSON answer, indented as Envoy's protobuf JSON printer indents (one space a level).
 *
 * @param value - the document.
 * @param pretty - whether to indent it (true when left out); Envoy's `/stats?format=json` is compact.
 */
export function jsonReply(value: unknown, pretty: boolean = true): AdminReply {
  return { status: 200, body: pretty ? JSON.stringify(value, null, 1) : JSON.stringify(value), json: true };
}
