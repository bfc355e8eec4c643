import { Duration } from 'cdk8s';
import { GatewayReference } from './route-base';
import { RouteDestination } from './route-destination';
import { PathMatch, StringMatch } from './string-match';

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

/** Which port a redirect's Location carries when `port` is not given. */
export enum RedirectPort {
  /** The default port of the redirect's scheme (no port in the Location). */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port the request arrived on (the gateway server port). */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** A redirect answered by the gateway. */
export interface HttpRedirect {
  /**
   * Replaces the whole path.
   * @default - the request's path
   */
  readonly uri?: string;
  /**
   * Replaces the host.
   * @default - the request's host
   */
  readonly authority?: string;
  /**
   * The scheme, `http` or `https`.
   * @default - the request's scheme
   */
  readonly scheme?: string;
  /**
   * An explicit port.
   * @default - see derivePort
   */
  readonly port?: number;
  /**
   * How to choose the port when `port` is not given.
   * @default RedirectPort.FROM_PROTOCOL_DEFAULT
   */
  readonly derivePort?: RedirectPort;
  /**
   * Status code: 301, 302, 303, 307 or 308.
   * @default 301
   */
  readonly redirectCode?: number;
}

/** A response answered by the gateway itself. */
export interface DirectResponse {
  /** HTTP status, 200-599. */
  readonly status: number;
  /**
   * Response body.
   * @default - empty
   */
  readonly body?: string;
}

/** A regex rewrite of the path. */
export interface UriRegexRewrite {
  /** RE2 expression matched against the path (without the query string). */
  readonly match: string;
  /** Replacement for every match; `\1` ... `\9` refer to groups. */
  readonly rewrite: string;
}

/** Rewrites applied before forwarding. */
export interface HttpRewrite {
  /**
   * Replaces the part of the path that the match's prefix matched (the whole path for exact and regex matches).
   * @default - path unchanged
   */
  readonly uri?: string;
  /**
   * Replaces every match of an RE2 expression in the path (`\1` refers to groups).
   * @default - none
   */
  readonly uriRegex?: UriRegexRewrite;
  /**
   * Replaces the Host / `:authority` header.
   * @default - unchanged
   */
  readonly authority?: string;
}

/** Faults injected by the gateway. */
export interface FaultInjection {
  /**
   * Delay requests.
   * @default - no delay
   */
  readonly delay?: {
    /** How long. */
    readonly fixedDelay: Duration;
    /** Percentage of requests (0-100); Istio applies none when it is omitted, so it is required here. */
    readonly percentage: number;
  };
  /**
   * Abort requests with an HTTP status or a gRPC status.
   * @default - no abort
   */
  readonly abort?: {
    /** HTTP status to answer with (200-599). */
    readonly httpStatus?: number;
    /** gRPC status name, e.g. `UNAVAILABLE`. */
    readonly grpcStatus?: string;
    /** Percentage of requests (0-100); Istio aborts none when it is omitted, so it is required here. */
    readonly percentage: number;
  };
}

/** A copy of the traffic sent to another destination (responses are discarded). */
export interface HttpMirror extends Omit<RouteDestination, 'weight'> {
  /**
   * Percentage of requests mirrored.
   * @default 100
   */
  readonly percentage?: number;
}

/** Retry policy. */
export interface HttpRetries {
  /** Number of retries; 0 disables retries. */
  readonly attempts: number;
  /**
   * Timeout per attempt.
   * @default - the route timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry (Envoy retry policies or HTTP status codes).
   * @default - Istio's default (connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes)
   */
  readonly retryOn?: string[];
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

/** Header operations on one direction. */
export interface HeaderOperation {
  /**
   * Headers to set (overwrite).
   * @default - none
   */
  readonly set?: Record<string, string>;
  /**
   * Headers to append.
   * @default - none
   */
  readonly add?: Record<string, string>;
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** Header operations on requests and responses. */
export interface HeaderOperations {
  /**
   * On the request sent upstream.
   * @default - none
   */
  readonly request?: HeaderOperation;
  /**
   * On the response sent to the client.
   * @default - none
   */
  readonly response?: HeaderOperation;
}

/** A destination of an HTTP route, with its own header operations. */
export interface HttpRouteDestination extends RouteDestination {
  /**
   * Header operations applied when this destination is picked.
   * @default - none
   */
  readonly headers?: HeaderOperations;
}

/** One HTTP rule: conditions and exactly one action (destinations, redirect or directResponse). */
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
   * Forward to these destinations.
   * @default - none
   */
  readonly destinations?: HttpRouteDestination[];
  /**
   * Answer with a redirect.
   * @default - none
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answer directly.
   * @default - none
   */
  readonly directResponse?: DirectResponse;
  /**
   * Rewrite path or authority before forwarding.
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Inject faults.
   * @default - none
   */
  readonly fault?: FaultInjection;
  /**
   * Mirror the traffic.
   * @default - none
   */
  readonly mirrors?: HttpMirror[];
  /**
   * Request timeout.
   * @default - no timeout (Istio disables Envoy's 15 s default at gateways)
   */
  readonly timeout?: Duration;
  /**
   * Retry policy.
   * @default - the mesh default (2 retries)
   */
  readonly retries?: HttpRetries;
  /**
   * CORS policy.
   * @default - none
   */
  readonly cors?: HttpCors;
  /**
   * Header operations.
   * @default - none
   */
  readonly headers?: HeaderOperations;
}
