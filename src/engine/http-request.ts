/**
 * The parts of an HTTP request that routing looks at, computed once per request.
 */

/** A request as the route matchers see it. */
export interface HttpRequestView {
  /** The normalized path without query string and fragment. */
  readonly path: string;
  /** The query string without '?', or ''. */
  readonly query: string;
  /** Request headers by lower-case name, pseudo-headers included (`:authority`, `:method`, `:scheme`, `:path`). */
  readonly headers: ReadonlyMap<string, string>;
  /** The first value of each query parameter (not URL-decoded). */
  readonly queryParams: ReadonlyMap<string, string>;
}

/** The path of a request target: what comes before the query string and fragment. */
export function pathOf(target: string): string {
  const end = pathEnd(target);
  return end < 0 ? target : target.slice(0, end);
}

/** The query string of a request target, without '?' and fragment, or ''. */
export function queryOf(target: string): string {
  const end = pathEnd(target);
  if (end < 0 || target.charCodeAt(end) === HASH) {
    return '';
  }
  const hash = target.indexOf('#', end);
  return hash < 0 ? target.slice(end + 1) : target.slice(end + 1, hash);
}

const QUESTION_MARK = 63;
const HASH = 35;

/** Where the path of a request target ends (its first '?' or '#'), or -1 when it is all path. */
function pathEnd(target: string): number {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c === QUESTION_MARK || c === HASH) {
      return i;
    }
  }
  return -1;
}

/** What the action of a matched route reads from the request (a redirect's Location, a rewrite). */
export interface ActionRequest {
  /** `http` or `https`: the scheme of the connection. */
  readonly scheme: string;
  /** The Host header as sent (may carry a port). */
  readonly authority: string;
  /** The normalized path, without query. */
  readonly path: string;
  /** The query string without '?', or ''. */
  readonly query: string;
}

/** Query parameters, first value wins, `?key` gives ''. */
export function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') {
      continue;
    }
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!params.has(key)) {
      params.set(key, eq < 0 ? '' : part.slice(eq + 1));
    }
  }
  return params;
}

/**
 * Builds the matcher view of a request: headers lower-cased (repeated names are impossible in
 * a plain record), pseudo-headers added, `host` kept only as `:authority` (Envoy never lets a
 * `host` header matcher see the Host). Headers and query parameters are only collected when a
 * route looks at them, so a request matched on its path alone costs one small object.
 *
 * @param path - the normalized path without query string.
 * @param query - the query string without '?', or ''.
 * @param authority - the Host header as sent.
 * @param method - the HTTP method.
 * @param scheme - `http` or `https`.
 * @param headers - the request headers as given.
 */
export function httpRequestView(
  path: string, query: string, authority: string, method: string, scheme: string, headers: Readonly<Record<string, string>>,
): HttpRequestView {
  return new LazyRequestView(path, query, authority, method, scheme, headers);
}

class LazyRequestView implements HttpRequestView {
  private headerMap?: Map<string, string>;
  private params?: Map<string, string>;

  constructor(
    public readonly path: string,
    public readonly query: string,
    private readonly authority: string,
    private readonly method: string,
    private readonly scheme: string,
    private readonly rawHeaders: Readonly<Record<string, string>>,
  ) {}

  public get headers(): ReadonlyMap<string, string> {
    if (this.headerMap === undefined) {
      const headers = new Map<string, string>();
      for (const [name, value] of Object.entries(this.rawHeaders)) {
        const lower = name.toLowerCase();
        if (lower !== 'host' && !lower.startsWith(':')) {
          headers.set(lower, headers.has(lower) ? `${headers.get(lower)},${value}` : value);
        }
      }
      headers.set(':authority', this.authority);
      headers.set(':method', this.method);
      headers.set(':scheme', this.scheme);
      headers.set(':path', this.query ? `${this.path}?${this.query}` : this.path);
      this.headerMap = headers;
    }
    return this.headerMap;
  }

  public get queryParams(): ReadonlyMap<string, string> {
    this.params ??= parseQuery(this.query);
    return this.params;
  }
}
