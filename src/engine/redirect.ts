/**
 * Redirects answered by the gateway: an Istio `HTTPRedirect` compiled into what istiod hands Envoy (its
 * `RedirectAction`), and the Location header Envoy builds from it for a request (reference §e.3, §b.8).
 */
import { ActionRequest } from './http-request';
import { IstioHttpRedirect } from '../model/istio-types';

/** The redirect codes Envoy can answer with; istiod emits a route without action for any other. */
export const SUPPORTED_REDIRECT_CODES: readonly number[] = Object.freeze([301, 302, 303, 307, 308]);

/** An `HTTPRedirect` as istiod compiles it for one Gateway server. */
export interface CompiledRedirect {
  /** The status: `redirectCode`, or 301 when it is 0 or unset. */
  readonly status: number;
  /**
   * False for a code Envoy has no redirect for (not 301, 302, 303, 307 or 308): istiod then emits the route without
   * an action, and Envoy rejects the whole route configuration.
   */
  readonly supported: boolean;
  /** `redirect.scheme`, or undefined to keep the request's. */
  readonly scheme?: string;
  /** `redirect.authority`, or undefined to keep the request's Host. */
  readonly authority?: string;
  /**
   * The port of the Location: `redirect.port`, or the server port for `derivePort: FROM_REQUEST_PORT`; undefined when
   * neither is set, or when it is the default port of the final scheme (istiod leaves out :80 for http and :443 for
   * https).
   */
  readonly port?: number;
  /** `redirect.uri` (with a leading '/'), replacing the whole path; undefined keeps the request's path. */
  readonly uri?: string;
  /** True when `uri` carries its own query string, which then replaces the request's. */
  readonly uriHasQuery: boolean;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443 };

/**
 * Compiles an `HTTPRedirect` for a route of a server on `serverPort` whose connections arrive with `serverScheme`
 * (`https` behind TLS termination, else `http`), as istiod's `ApplyRedirect` does.
 */
export function compileRedirect(redirect: IstioHttpRedirect, serverPort: number, serverScheme: string): CompiledRedirect {
  const status = redirect.redirectCode || 301;
  const scheme = redirect.scheme ? redirect.scheme : undefined;
  const requested = redirect.port ?? (redirect.derivePort === 'FROM_REQUEST_PORT' ? serverPort : undefined);
  const port = requested === DEFAULT_PORTS[scheme ?? serverScheme] ? undefined : requested;
  const uri = redirect.uri ? (redirect.uri.startsWith('/') ? redirect.uri : `/${redirect.uri}`) : undefined;
  return Object.freeze({
    status,
    supported: SUPPORTED_REDIRECT_CODES.includes(status),
    ...(scheme === undefined ? {} : { scheme }),
    ...(redirect.authority ? { authority: redirect.authority } : {}),
    ...(port === undefined ? {} : { port }),
    ...(uri === undefined ? {} : { uri }),
    uriHasQuery: uri?.includes('?') ?? false,
  });
}

/**
 * The Location Envoy answers a request with: the scheme, authority, port and path of the redirect where it sets them,
 * the request's otherwise. A request Host keeps its port unless the redirect sets one, or changes the scheme away
 * from one whose default port the Host names.
 */
export function redirectLocation(redirect: CompiledRedirect, request: ActionRequest): string {
  const scheme = redirect.scheme ?? request.scheme;
  let host: string;
  if (redirect.authority !== undefined) {
    host = redirect.authority;
  } else {
    const { name, port: requestPort } = splitAuthority(request.authority);
    const dropPort = redirect.port !== undefined || (scheme !== request.scheme && requestPort === DEFAULT_PORTS[request.scheme]);
    host = dropPort || requestPort === undefined ? name : `${name}:${requestPort}`;
  }
  const portPart = redirect.port === undefined ? '' : `:${redirect.port}`;
  let pathAndQuery: string;
  if (redirect.uri === undefined) {
    pathAndQuery = request.query ? `${request.path}?${request.query}` : request.path;
  } else {
    pathAndQuery = redirect.uriHasQuery || !request.query ? redirect.uri : `${redirect.uri}?${request.query}`;
  }
  return `${scheme}://${host}${portPart}${pathAndQuery}`;
}

/** The HTTPS redirect of `require_tls`: `https://<Host verbatim><path and query>`. */
export function httpsRedirectLocation(request: ActionRequest): string {
  return `https://${request.authority}${request.query ? `${request.path}?${request.query}` : request.path}`;
}

function splitAuthority(authority: string): { name: string; port?: number } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(authority);
  return match ? { name: match[1], port: match[2] === undefined ? undefined : Number(match[2]) } : { name: authority };
}
