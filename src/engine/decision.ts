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
