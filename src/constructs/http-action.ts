import { Duration } from 'cdk8s';
import { Destination } from './destination';

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

/** A copy of the forwarded traffic sent to another destination (its responses are discarded). */
export interface Mirror {
  /** Where the copy goes (no weight, no header operations). */
  readonly destination: Destination;
  /**
   * Percentage of requests mirrored (0-100).
   * @default 100
   */
  readonly percentage?: number;
}

/** Settings that only apply to a rule that forwards (Istio refuses them next to a redirect or a direct response). */
export interface ForwardOptions {
  /**
   * Rewrite path or authority before forwarding.
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * Inject faults (delays, aborts) into the forwarded requests.
   * @default - none
   */
  readonly fault?: FaultInjection;
  /**
   * Mirror the traffic.
   * @default - none
   */
  readonly mirrors?: Mirror[];
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
}

/** @internal What an {@link HttpAction} holds, exactly as passed to its factory (the route checks it). */
export type HttpActionSpec =
  | { readonly kind: 'forward'; readonly destinations: unknown; readonly options: unknown }
  | { readonly kind: 'redirect'; readonly redirect: unknown }
  | { readonly kind: 'respond'; readonly status: unknown; readonly body: unknown };

/**
 * What an HTTP rule does with the requests it matches: forward them, redirect them, or answer them directly.
 * Istio's `route`, `redirect` and `directResponse`, of which a rule has exactly one.
 *
 * The values are checked by the route the rule is added to, which names its construct path in errors.
 */
export class HttpAction {
  /**
   * Forward to destinations, e.g. `HttpAction.forward([Destination.service(counter, 80)])`; with several
   * destinations, each needs a weight and the weights add up to 100.
   *
   * @param destinations - where requests go.
   * @param options - rewrite, fault injection, mirrors, timeout and retries.
   */
  public static forward(destinations: Destination[], options?: ForwardOptions): HttpAction {
    return new HttpAction({ kind: 'forward', destinations, options });
  }

  /**
   * Answer with a redirect, e.g. `HttpAction.redirect({ scheme: 'https' })`.
   *
   * @param options - what the Location changes, and the status code.
   */
  public static redirect(options: HttpRedirect): HttpAction {
    return new HttpAction({ kind: 'redirect', redirect: options });
  }

  /**
   * Answer directly from the gateway (Istio's `directResponse`), e.g. `HttpAction.respond(503, 'down for maintenance')`.
   *
   * @param status - HTTP status, 200-599.
   * @param body - the response body (at most 1 MiB); empty when left out.
   */
  public static respond(status: number, body?: string): HttpAction {
    return new HttpAction({ kind: 'respond', status, body });
  }

  /** The kind of action: `forward`, `redirect` or `respond`. */
  public readonly kind: 'forward' | 'redirect' | 'respond';

  /** @internal What the action does, as the route renders it. */
  public readonly _spec: HttpActionSpec;

  private constructor(spec: HttpActionSpec) {
    this._spec = spec;
    this.kind = spec.kind;
  }
}
