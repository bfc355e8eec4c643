/**
 * HTTP headers as Node's `http` and `http2` modules hold them: an object of lower-case names to a value, a list of
 * values for a header that occurs several times, or a number (`content-length` in `OutgoingHttpHeaders`). The
 * gateway's policies read such objects and return new ones; none of them changes what it is given.
 */

/** Headers as received or about to be sent (Node's `IncomingHttpHeaders` and `OutgoingHttpHeaders` both fit). */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | number | undefined>>;

/** Headers a policy builds: every value a string, or a list of strings for a header sent several times. */
export type MutableHeaderMap = Record<string, string | string[]>;

/**
 * The value of a header, several occurrences joined with `,` (how Envoy reads a header it matches or parses), or
 * undefined when it is absent.
 */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' ? String(value) : value.join(',');
}

/** A copy of `headers` to change: values as strings, absent entries left out. */
export function copyHeaders(headers: HeaderMap): MutableHeaderMap {
  const copy: MutableHeaderMap = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) {
      copy[name] = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : [...value];
    }
  }
  return copy;
}

/** Adds one more occurrence of a header (Envoy's `addReferenceKey`): a second value turns the entry into a list. */
export function appendHeader(headers: MutableHeaderMap, name: string, value: string): void {
  const existing = headers[name];
  if (existing === undefined) {
    headers[name] = value;
  } else if (typeof existing === 'string') {
    headers[name] = [existing, value];
  } else {
    existing.push(value);
  }
}
