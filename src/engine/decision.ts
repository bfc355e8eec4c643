/**
 * What a gateway does with a request, as the routing contract describes it.
 */

/** The outcome of a request. */
export type DecisionAction = 'route' | 'redirect' | 'direct_response' | 'fault_abort' | 'no_route' | 'no_listener' | 'reject';

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

/** A decision about one request. */
export interface Decision {
  /** What happens. */
  readonly action: DecisionAction;
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
  readonly redirect: { readonly location: string } | null;
  /** Path and authority as the upstream sees them, when a rewrite applies. */
  readonly rewrite: { readonly path: string | null; readonly authority: string | null } | null;
  /** Other route settings that apply (mirrors, faults, timeout, retries, CORS, header operations). */
  readonly extras?: Record<string, unknown>;
  /** Human-readable steps that explain the decision. */
  readonly trace: string[];
}
