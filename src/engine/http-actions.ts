/**
 * What Envoy does with a matched route: redirect Location, rewritten path and authority
 * (reference §e.3, §e.4).
 */
import { RE2JS } from 're2js';
import { Json } from './model';
import { PathMatcher } from './route-matcher';

/** The request facts a redirect or rewrite is computed from. */
export interface ActionContext {
  /** `http` or `https`. */
  readonly scheme: string;
  /** The Host header as sent (may carry a port). */
  readonly authority: string;
  /** The normalized path, without query. */
  readonly path: string;
  /** The query string without '?', or ''. */
  readonly query: string;
  /** The Gateway server port. */
  readonly serverPort: number;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/**
 * The Location header of an Istio `HTTPRedirect` (Envoy's redirect action). istiod leaves out a
 * redirect port equal to the default of the final scheme (80 for http, 443 for https) before Envoy
 * sees it, so such a port neither shows in the Location nor strips the port of the request Host.
 */
export function redirectLocation(redirect: Json, ctx: ActionContext): string {
  const scheme = String(redirect.scheme || ctx.scheme);
  const requested: number | undefined = redirect.port ?? (redirect.derivePort === 'FROM_REQUEST_PORT' ? ctx.serverPort : undefined);
  const port = requested === DEFAULT_PORTS[scheme] ? undefined : requested;
  let host: string;
  if (redirect.authority) {
    host = String(redirect.authority);
  } else {
    const { name, port: requestPort } = splitAuthority(ctx.authority);
    const dropPort = port !== undefined || (scheme !== ctx.scheme && requestPort === DEFAULT_PORTS[ctx.scheme]);
    host = dropPort || requestPort === undefined ? name : `${name}:${requestPort}`;
  }
  const portPart = port === undefined ? '' : `:${port}`;
  let pathAndQuery = ctx.query ? `${ctx.path}?${ctx.query}` : ctx.path;
  if (redirect.uri) {
    const uri = String(redirect.uri).startsWith('/') ? String(redirect.uri) : `/${redirect.uri}`;
    pathAndQuery = uri.includes('?') || !ctx.query ? uri : `${uri}?${ctx.query}`;
  }
  return `${scheme}://${host}${portPart}${pathAndQuery}`;
}

/** The redirect codes Envoy can answer with; istiod emits a route without action for any other. */
export const SUPPORTED_REDIRECT_CODES = [301, 302, 303, 307, 308];

/** The HTTPS redirect of `require_tls`: `https://<Host verbatim><path and query>`. */
export function httpsRedirectLocation(ctx: ActionContext): string {
  return `https://${ctx.authority}${ctx.query ? `${ctx.path}?${ctx.query}` : ctx.path}`;
}

/**
 * The path the upstream sees after `rewrite.uriRegexRewrite` or `rewrite.uri`, or undefined when
 * neither applies. `uri` replaces the part of the path the route matched (Envoy's
 * `prefix_rewrite`): the matched prefix, or the whole path for exact and regex matches. The query
 * string is kept either way.
 */
export function rewritePath(rewrite: Json, matched: PathMatcher, ctx: ActionContext): string | undefined {
  const withQuery = (p: string) => (ctx.query ? `${p}?${ctx.query}` : p);
  const regex = rewrite?.uriRegexRewrite;
  if (regex?.match) {
    return withQuery(regexReplaceAll(String(regex.match), ctx.path, String(regex.rewrite ?? '')));
  }
  if (rewrite?.uri) {
    const replacement = String(rewrite.uri);
    if (matched.kind === 'prefix') {
      return withQuery(replacement + ctx.path.slice(matched.value.length));
    }
    return withQuery(replacement);
  }
  return undefined;
}

/**
 * Replaces every non-overlapping match of an RE2 `pattern` in `input` by `rewrite`, where `\0` ...
 * `\9` insert capture groups and `\\` a backslash (RE2's GlobalReplace, used by Envoy's
 * `regex_rewrite`).
 */
export function regexReplaceAll(pattern: string, input: string, rewrite: string): string {
  return RE2JS.compile(pattern).matcher(input).replaceAll((...args: unknown[]) =>
    rewrite.replace(/\\(\d|\\)/g, (_, ref: string) => (ref === '\\' ? '\\' : String(args[Number(ref)] ?? ''))));
}

/**
 * The authority the upstream sees when a rule rewrites it, or undefined: `rewrite.authority`,
 * else a `host` / `:authority` header the rule sets or adds (set wins), else, for a rule with
 * a single destination, one that destination's headers set or add.
 */
export function rewriteAuthority(rule: Json): string | undefined {
  if (rule.rewrite?.authority) {
    return String(rule.rewrite.authority);
  }
  const routes: Json[] = rule.route ?? [];
  return authorityHeader(rule.headers) ?? (routes.length === 1 ? authorityHeader(routes[0].headers) : undefined);
}

function authorityHeader(headers: Json): string | undefined {
  for (const ops of [headers?.request?.set, headers?.request?.add]) {
    const key = Object.keys(ops ?? {}).find((k) => ['host', ':authority'].includes(k.toLowerCase()));
    if (key !== undefined && ops[key]) {
      return String(ops[key]);
    }
  }
  return undefined;
}

function splitAuthority(authority: string): { name: string; port?: number } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(authority);
  return match ? { name: match[1], port: match[2] === undefined ? undefined : Number(match[2]) } : { name: authority };
}
