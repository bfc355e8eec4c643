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

/** Splits a path into path and query; drops any fragment. */
export function splitPath(raw: string): { path: string; query: string } {
  const hash = raw.indexOf('#');
  const noFragment = hash < 0 ? raw : raw.slice(0, hash);
  const q = noFragment.indexOf('?');
  return q < 0 ? { path: noFragment, query: '' } : { path: noFragment.slice(0, q), query: noFragment.slice(q + 1) };
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
 * route looks at them.
 */
export function httpRequestView(input: RequestParts): HttpRequestView {
  return new LazyRequestView(input);
}

/** The raw parts a request view is built from. */
interface RequestParts {
  readonly path: string;
  readonly query: string;
  readonly authority: string;
  readonly method: string;
  readonly scheme: string;
  readonly headers: Record<string, string>;
}

class LazyRequestView implements HttpRequestView {
  public readonly path: string;
  public readonly query: string;
  private headerMap?: Map<string, string>;
  private params?: Map<string, string>;

  constructor(private readonly input: RequestParts) {
    this.path = input.path;
    this.query = input.query;
  }

  public get headers(): ReadonlyMap<string, string> {
    if (this.headerMap === undefined) {
      const headers = new Map<string, string>();
      for (const [name, value] of Object.entries(this.input.headers)) {
        const lower = name.toLowerCase();
        if (lower !== 'host' && !lower.startsWith(':')) {
          headers.set(lower, headers.has(lower) ? `${headers.get(lower)},${value}` : value);
        }
      }
      headers.set(':authority', this.input.authority);
      headers.set(':method', this.input.method);
      headers.set(':scheme', this.input.scheme);
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
