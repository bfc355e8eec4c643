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

/** The Location header of an Istio `HTTPRedirect` (Envoy's redirect action). */
export function redirectLocation(redirect: Json, ctx: ActionContext): string {
  const scheme = String(redirect.scheme ?? ctx.scheme);
  const port: number | undefined = redirect.port ?? (redirect.derivePort === 'FROM_REQUEST_PORT' ? ctx.serverPort : undefined);
  let host: string;
  if (redirect.authority !== undefined) {
    host = String(redirect.authority);
  } else {
    const { name, port: requestPort } = splitAuthority(ctx.authority);
    const dropPort = port !== undefined || (scheme !== ctx.scheme && requestPort === DEFAULT_PORTS[ctx.scheme]);
    host = dropPort || requestPort === undefined ? name : `${name}:${requestPort}`;
  }
  const portPart = port === undefined || port === DEFAULT_PORTS[scheme] ? '' : `:${port}`;
  let pathAndQuery = ctx.query ? `${ctx.path}?${ctx.query}` : ctx.path;
  if (redirect.uri !== undefined) {
    const uri = String(redirect.uri);
    pathAndQuery = uri.includes('?') || !ctx.query ? uri : `${uri}?${ctx.query}`;
  }
  return `${scheme}://${host}${portPart}${pathAndQuery}`;
}

/** The HTTPS redirect of `require_tls`: `https://<Host verbatim><path and query>`. */
export function httpsRedirectLocation(ctx: ActionContext): string {
  return `https://${ctx.authority}${ctx.query ? `${ctx.path}?${ctx.query}` : ctx.path}`;
}

/** The path the upstream sees after `rewrite.uri` or `rewrite.uriRegexRewrite`, or undefined when neither applies. */
export function rewritePath(rewrite: Json, matched: PathMatcher, ctx: ActionContext): string | undefined {
  const withQuery = (p: string) => (ctx.query ? `${p}?${ctx.query}` : p);
  if (rewrite?.uri !== undefined) {
    const replacement = String(rewrite.uri);
    if (matched.kind === 'prefix') {
      return withQuery(replacement + ctx.path.slice(matched.value.length));
    }
    return withQuery(replacement);
  }
  const regex = rewrite?.uriRegexRewrite;
  if (regex?.match !== undefined) {
    const substitution = String(regex.rewrite ?? '').replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
    return withQuery(RE2JS.compile(String(regex.match)).matcher(ctx.path).replaceAll(substitution));
  }
  return undefined;
}

/** The authority the upstream sees when a rule rewrites it, or undefined. */
export function rewriteAuthority(rule: Json): string | undefined {
  if (rule.rewrite?.authority !== undefined) {
    return String(rule.rewrite.authority);
  }
  for (const ops of [rule.headers?.request?.set, rule.headers?.request?.add]) {
    const key = Object.keys(ops ?? {}).find((k) => ['host', ':authority'].includes(k.toLowerCase()));
    if (key !== undefined) {
      return String(ops[key]);
    }
  }
  return undefined;
}

function splitAuthority(authority: string): { name: string; port?: number } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(authority);
  return match ? { name: match[1], port: match[2] === undefined ? undefined : Number(match[2]) } : { name: authority };
}
