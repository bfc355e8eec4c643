/**
 * A rule's `corsPolicy` as Envoy's CORS filter applies it. istiod writes the route's CORS policy (istio/istio
 * `pilot/pkg/networking/core/route/route.go` `TranslateCORSPolicy`): `allowOrigins` as string matchers, the lists
 * joined with `,`, `maxAge` in whole seconds, the filter enabled for every request, and preflights whose origin is not
 * allowed forwarded upstream (`unmatchedPreflights` FORWARD, the default; the typed model has no `unmatchedPreflights`,
 * so IGNORE is not modelled). The filter (envoyproxy/envoy `source/extensions/filters/http/cors/cors_filter.cc`
 * `CorsFilter::decodeHeaders`, `encodeHeaders`, `isOriginAllowed`):
 * - ignores a request without `origin` (or with an empty one);
 * - answers a preflight (`OPTIONS` with `origin` and `access-control-request-method`) whose origin is allowed itself,
 *   with 200 and the `access-control-allow-*` headers, and lets any other request go on;
 * - adds `access-control-allow-origin` (the request's origin), `-allow-credentials` and `-expose-headers` to the
 *   response of a request whose origin is allowed.
 * It adds no `vary` header. It runs only for routes that forward (a direct response or redirect route has no route
 * entry, and the filter lets such requests alone), after the fault filter.
 */
import { headerValue, HeaderMap } from './header-map';
import { compileStringMatch, StringMatcher, stringTestOf } from '../engine/string-matcher';
import { parseGoDuration } from '../istio/duration';
import { IstioCorsPolicy } from '../model/istio-types';

/** The gateway's own answer to a preflight. */
export interface CorsPreflightResponse {
  /** Always 200, with no body. */
  readonly status: 200;
  /** The `access-control-*` headers. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A CORS policy compiled once per rule. */
export interface CompiledCors {
  /** True when Envoy allows `origin`: an `allowOrigins` entry matches it, or matches the text `*`. */
  isOriginAllowed(origin: string): boolean;
  /**
   * Envoy's answer to a preflight whose origin is allowed; undefined when the request goes on (it is no preflight, or
   * its origin is not allowed and it is forwarded).
   */
  preflight(method: string, requestHeaders: HeaderMap): CorsPreflightResponse | undefined;
  /**
   * The headers to set on the response to a request whose origin is allowed (overwriting any the upstream sent);
   * undefined when there are none.
   */
  simpleResponseHeaders(requestHeaders: HeaderMap): Readonly<Record<string, string>> | undefined;
}

/** Compiles a rule's CORS policy (cache the result per rule). */
export function compileCors(policy: IstioCorsPolicy): CompiledCors {
  return new EnvoyCorsPolicy(policy);
}

/** A CORS policy as Envoy holds it: matchers and ready header values. */
class EnvoyCorsPolicy implements CompiledCors {
  private readonly origins: readonly StringMatcher[];
  private readonly allowMethods: string;
  private readonly allowHeaders: string;
  private readonly exposeHeaders: string;
  private readonly maxAge: string;
  private readonly allowCredentials: boolean;

  constructor(policy: IstioCorsPolicy) {
    // istiod drops an entry that sets none of exact, prefix and regex.
    this.origins = (policy.allowOrigins ?? []).filter((m) => stringTestOf(m).kind !== 'present').map((m) => compileStringMatch(m));
    this.allowMethods = (policy.allowMethods ?? []).join(',');
    this.allowHeaders = (policy.allowHeaders ?? []).join(',');
    this.exposeHeaders = (policy.exposeHeaders ?? []).join(',');
    const maxAgeNanos = policy.maxAge === undefined ? undefined : parseGoDuration(policy.maxAge);
    this.maxAge = maxAgeNanos === undefined ? '' : String(Math.trunc(maxAgeNanos / 1e9));
    this.allowCredentials = policy.allowCredentials === true;
  }

  public isOriginAllowed(origin: string): boolean {
    return this.origins.some((m) => m.matches('*') || m.matches(origin));
  }

  public preflight(method: string, requestHeaders: HeaderMap): CorsPreflightResponse | undefined {
    const origin = headerValue(requestHeaders, 'origin');
    if (!origin || method !== 'OPTIONS') {
      return undefined;
    }
    const requestMethod = headerValue(requestHeaders, 'access-control-request-method');
    if (!requestMethod || !this.isOriginAllowed(origin)) {
      return undefined;
    }
    const headers = this.allowedOriginHeaders(origin);
    if (this.allowMethods !== '') {
      headers['access-control-allow-methods'] = this.allowMethods === '*' ? requestMethod : this.allowMethods;
    }
    if (this.allowHeaders !== '') {
      headers['access-control-allow-headers'] = this.allowHeaders === '*'
        ? headerValue(requestHeaders, 'access-control-request-headers') ?? ''
        : this.allowHeaders;
    }
    if (this.maxAge !== '') {
      headers['access-control-max-age'] = this.maxAge;
    }
    return { status: 200, headers };
  }

  public simpleResponseHeaders(requestHeaders: HeaderMap): Readonly<Record<string, string>> | undefined {
    const origin = headerValue(requestHeaders, 'origin');
    if (!origin || !this.isOriginAllowed(origin)) {
      return undefined;
    }
    const headers = this.allowedOriginHeaders(origin);
    if (this.exposeHeaders !== '') {
      headers['access-control-expose-headers'] = this.exposeHeaders;
    }
    return headers;
  }

  /** The headers of every answer to an allowed origin: the origin itself, and whether credentials are allowed. */
  private allowedOriginHeaders(origin: string): Record<string, string> {
    const headers: Record<string, string> = { 'access-control-allow-origin': origin };
    if (this.allowCredentials) {
      headers['access-control-allow-credentials'] = 'true';
    }
    return headers;
  }
}
