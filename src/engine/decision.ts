/**
 * What a gateway does with a request, as the routing contract describes it.
 */

/** The outcome of a request. */
export type DecisionAction = 'route' | 'redirect' | 'direct_response' | 'fault_abort' | 'no_route' | 'no_listener' | 'reject';

/**
 * Why a request got its decision: the step of Envoy's walk (Service port, listener, filter chain, virtual host,
 * route) that decided, named after the outcomes of Istio's own gateway simulation (istio/istio
 * `pilot/pkg/simulation/traffic.go`). Several reasons share an action (`no_route` is `no_virtual_host` or
 * `no_route`; `reject` is `no_filter_chain`, `tls_handshake_failed` or `protocol_error`):
 *
 * - `matched`: a VirtualService rule decided: an HTTP route matched, or a TCP/TLS filter chain forwards the
 *   connection (action `route`, `redirect`, `direct_response` or `fault_abort`); or the chain of an AUTO_PASSTHROUGH
 *   server forwards it to the Service port its SNI names (action `route`, no VirtualService nor rule).
 * - `no_service_port`: the gateway Service has no such port or nodePort, so the connection is refused before it
 *   reaches Envoy (action `no_listener`).
 * - `no_listener`: Envoy has no listener on the port the Service forwards to: no server resolved to it, its servers
 *   produced no filter chain, or Envoy refused the listener (action `no_listener`; the simulation's ErrNoListener).
 * - `multiple_filter_chains`: the Gateways on the port would give the listener two filter chains with the same match
 *   (both without SNI, or both for one SNI name); Envoy refuses such a listener, so the connection is refused (action
 *   `no_listener`; ErrMultipleFilterChain).
 * - `no_filter_chain`: the listener has no filter chain for the connection, e.g. a TLS ClientHello whose SNI no
 *   server names (action `reject`; ErrNoFilterChain).
 * - `tls_handshake_failed`: a plaintext connection reached a filter chain that terminates TLS (action `reject`;
 *   ErrTLSError).
 * - `protocol_error`: a TLS connection reached a plaintext HTTP filter chain, whose HTTP codec cannot read it
 *   (action `reject`; ErrProtocolError).
 * - `invalid_path`: the path cannot be normalized (e.g. an escaped NUL), so Envoy answers 400 before routing
 *   (action `direct_response`).
 * - `no_virtual_host`: no virtual host of the route configuration serves the Host: 404 (action `no_route`;
 *   ErrNoVirtualHost).
 * - `tls_required`: the virtual host requires TLS (`httpsRedirect`) and the request is plaintext: 301 to https
 *   (action `redirect`; ErrTLSRedirect).
 * - `no_route`: the virtual host has no route that matches the request: 404 (action `no_route`; ErrNoRoute).
 */
export type DecisionReason = 'matched' | 'no_service_port' | 'no_listener' | 'multiple_filter_chains' | 'no_filter_chain' | 'tls_handshake_failed' | 'protocol_error'
  | 'invalid_path' | 'no_virtual_host' | 'tls_required' | 'no_route';

/** The Gateway server that accepted the connection. */
export interface DecisionServer {
  /** `port.number` of the server. */
  readonly port: number;
  /** `port.protocol` of the server. */
  readonly protocol: string;
  /** `port.name` of the server. */
  readonly name: string;
}

/** The VirtualService rule that decided. */
export interface DecisionRule {
  /** Position in the VirtualService's `http`, `tcp` or `tls` list. */
  readonly index: number;
  /** The rule's name, or null. */
  readonly name: string | null;
}

/** Where the traffic goes. */
export interface DecisionDestination {
  /** Fully qualified host. */
  readonly host: string;
  /** Destination port, or null when Istio would pick it from the Service. */
  readonly port: number | null;
  /** DestinationRule subset, or null. */
  readonly subset: string | null;
  /** Share of the traffic in percent; the weights of a decision sum to 100. */
  readonly weight: number;
}

/** A redirect answered by the gateway. */
export interface DecisionRedirect {
  /** The absolute URL of the Location header. */
  readonly location: string;
}

/** What a rewrite changes, as the upstream sees it. */
export interface DecisionRewrite {
  /** The rewritten path with its query string, or null when the path is unchanged. */
  readonly path: string | null;
  /** The rewritten authority, or null when it is unchanged. */
  readonly authority: string | null;
}

/** A mirror destination. */
export interface DecisionMirror {
  /** Fully qualified host. */
  readonly host: string;
  /** Destination port, or null. */
  readonly port: number | null;
  /** DestinationRule subset, or null. */
  readonly subset: string | null;
  /** Percentage of requests mirrored. */
  readonly percentage: number;
}

/** A decision about one request. */
export interface Decision {
  /** What happens. */
  readonly action: DecisionAction;
  /**
   * Why: which step of Envoy's walk decided. Every decision the engine makes has one.
   * @default - absent only on decisions written before the field existed
   */
  readonly reason?: DecisionReason;
  /** HTTP status for redirect, direct_response, fault_abort and no_route; otherwise null. */
  readonly status: number | null;
  /** `NS/NAME` of the Gateway whose server accepted the connection, or null. */
  readonly gateway: string | null;
  /** That server, or null. */
  readonly server: DecisionServer | null;
  /** `NS/NAME` of the VirtualService whose rule decided, or null. */
  readonly virtualService: string | null;
  /** The rule that decided, or null. */
  readonly rule: DecisionRule | null;
  /** Destinations (empty unless the action is route). */
  readonly destinations: DecisionDestination[];
  /** The redirect, for redirect. */
  readonly redirect: DecisionRedirect | null;
  /** Path and authority as the upstream sees them, when a rewrite applies. */
  readonly rewrite: DecisionRewrite | null;
  /** Mirrors of the route, when it has any. */
  readonly mirrors?: DecisionMirror[];
  /** The rule's `fault`, when it has one (an abort below 100 % or a delay is probabilistic). */
  readonly fault?: unknown;
  /** The rule's `timeout`, when set. */
  readonly timeout?: string;
  /** The rule's `retries`, when set. */
  readonly retries?: unknown;
  /** The rule's `corsPolicy`, when set. */
  readonly corsPolicy?: unknown;
  /** The rule's `headers` operations, when set. */
  readonly headers?: unknown;
  /** Human-readable steps that explain the decision. */
  readonly trace: string[];
}
