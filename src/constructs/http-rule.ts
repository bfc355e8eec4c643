import { Duration } from 'cdk8s';
import { HeaderOperations } from './header-operations';
import { FaultInjection, HttpAction, HttpRedirect, HttpRetries, HttpRewrite } from './http-action';
import { GatewayReference } from './route-base';
import { RouteDestination } from './route-destination';
import { PathMatch, StringMatch } from './string-match';

export { HeaderOperation, HeaderOperations } from './header-operations';
export { FaultInjection, HttpRedirect, HttpRetries, HttpRewrite, RedirectPort, UriRegexRewrite } from './http-action';

/** Conditions on a request; all of them must hold. */
export interface HttpMatch {
  /**
   * Name of the match (appears in Envoy route names).
   * @default - none
   */
  readonly name?: string;
  /**
   * The request path (without the query string).
   * @default - any path
   */
  readonly path?: PathMatch;
  /**
   * Match exact and prefix paths case-insensitively.
   * @default false
   */
  readonly ignoreUriCase?: boolean;
  /**
   * The HTTP method, e.g. `StringMatch.exact('GET')`.
   * @default - any method
   */
  readonly method?: StringMatch;
  /**
   * The Host / `:authority` header, including any `:port` the client sent.
   * @default - any authority
   */
  readonly authority?: StringMatch;
  /**
   * The URL scheme (`http` or `https`).
   * @default - any scheme
   */
  readonly scheme?: StringMatch;
  /**
   * Request headers that must match (lowercase names).
   * @default - none
   */
  readonly headers?: Record<string, StringMatch>;
  /**
   * Request headers that must not match (a missing header counts as not matching).
   * @default - none
   */
  readonly withoutHeaders?: Record<string, StringMatch>;
  /**
   * Query parameters that must match.
   * @default - none
   */
  readonly queryParams?: Record<string, StringMatch>;
  /**
   * Apply this match only on some of the route's gateways.
   * @default - all of the route's gateways
   */
  readonly gateways?: GatewayReference[];
}

/**
 * A response answered by the gateway itself.
 * @deprecated use `HttpAction.respond(status, body)`
 */
export interface DirectResponse {
  /** HTTP status, 200-599. */
  readonly status: number;
  /**
   * Response body.
   * @default - empty
   */
  readonly body?: string;
}

/**
 * A copy of the traffic sent to another destination (responses are discarded).
 * @deprecated use a {@link Mirror} in `HttpAction.forward(destinations, { mirrors })`
 */
export interface HttpMirror extends Omit<RouteDestination, 'weight'> {
  /**
   * Percentage of requests mirrored.
   * @default 100
   */
  readonly percentage?: number;
}

/** Cross-origin resource sharing, answered by the gateway. */
export interface HttpCors {
  /** Allowed origins. */
  readonly allowOrigins: StringMatch[];
  /**
   * Allowed methods.
   * @default - none
   */
  readonly allowMethods?: string[];
  /**
   * Allowed request headers.
   * @default - none
   */
  readonly allowHeaders?: string[];
  /**
   * Headers exposed to the browser.
   * @default - none
   */
  readonly exposeHeaders?: string[];
  /**
   * How long a preflight may be cached (whole seconds).
   * @default - not set
   */
  readonly maxAge?: Duration;
  /**
   * Allow credentials.
   * @default - not set
   */
  readonly allowCredentials?: boolean;
}

/**
 * A destination of an HTTP route, with its own header operations.
 * @deprecated use `Destination.service(svc, port, { headers })` or `Destination.host(name, port, { headers })`
 */
export interface HttpRouteDestination extends RouteDestination {
  /**
   * Header operations applied when this destination is picked.
   * @default - none
   */
  readonly headers?: HeaderOperations;
}

/**
 * One HTTP rule: conditions and an action, e.g.
 * `{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.service(counter, 80)]) }`.
 */
export interface HttpRule {
  /**
   * Name of the rule.
   * @default - none
   */
  readonly name?: string;
  /**
   * Conditions; the rule applies when any of them holds.
   * @default - every request
   */
  readonly match?: HttpMatch[];
  /**
   * What the rule does: `HttpAction.forward()`, `HttpAction.redirect()` or `HttpAction.respond()`.
   * @default - none; required unless a deprecated destinations, redirect or directResponse is given
   */
  readonly action?: HttpAction;
  /**
   * Forward to these destinations.
   * @default - none
   * @deprecated use `action: HttpAction.forward([Destination.service(svc, port)])`
   */
  readonly destinations?: HttpRouteDestination[];
  /**
   * Answer with a redirect.
   * @default - none
   * @deprecated use `action: HttpAction.redirect({ ... })`
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answer directly.
   * @default - none
   * @deprecated use `action: HttpAction.respond(status, body)`
   */
  readonly directResponse?: DirectResponse;
  /**
   * Rewrite path or authority before forwarding.
   * @default - none
   * @deprecated use `action: HttpAction.forward(destinations, { rewrite })`
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Inject faults.
   * @default - none
   * @deprecated use `action: HttpAction.forward(destinations, { fault })`
   */
  readonly fault?: FaultInjection;
  /**
   * Mirror the traffic.
   * @default - none
   * @deprecated use `action: HttpAction.forward(destinations, { mirrors: [{ destination: Destination.host('shadow', 80) }] })`
   */
  readonly mirrors?: HttpMirror[];
  /**
   * Request timeout.
   * @default - no timeout (Istio disables Envoy's 15 s default at gateways)
   * @deprecated use `action: HttpAction.forward(destinations, { timeout })`
   */
  readonly timeout?: Duration;
  /**
   * Retry policy.
   * @default - the mesh default (2 retries)
   * @deprecated use `action: HttpAction.forward(destinations, { retries })`
   */
  readonly retries?: HttpRetries;
  /**
   * CORS policy (applies whatever the action).
   * @default - none
   */
  readonly cors?: HttpCors;
  /**
   * Header operations (apply whatever the action).
   * @default - none
   */
  readonly headers?: HeaderOperations;
}
