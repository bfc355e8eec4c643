/**
 * What compiling a workload's configuration dropped, refused or assumed, as typed values: which object, which port,
 * which server, which rule. Traces and findings select them by their fields and print their `message`, written here
 * by one formatter.
 */
import { describeServer, GatewayServer } from './servers';
import { VirtualServiceView } from './virtual-services';
import { ObjectProblem } from '../model/object-problem';

/** A server with a `bind` address: istiod builds a separate listener for it, which Service traffic never reaches. */
export interface ServerBoundToAddress {
  /** Discriminator. */
  readonly kind: 'server-bound-to-address';
  /** The server. */
  readonly server: GatewayServer;
  /** Its `bind` address. */
  readonly bind: string;
  /** The trace's line. */
  readonly message: string;
}

/**
 * A server on a Service port that istiod does not translate: an earlier port of the same Service has the same
 * targetPort and protocol, and istiod keeps only that one, so the server listens on its own port number as-is.
 */
export interface UntranslatedServicePort {
  /** Discriminator. */
  readonly kind: 'untranslated-service-port';
  /** The server. */
  readonly server: GatewayServer;
  /** `namespace/name` of the Service. */
  readonly service: string;
  /** The Service port the server names (its `port.number`), and the port Envoy listens on for it. */
  readonly servicePort: number;
  /** The earlier Service port istiod keeps for the pair. */
  readonly keptPort: number;
  /** The targetPort both Service ports forward to. */
  readonly targetPort: number;
  /**
   * The protocol istiod gives both Service ports.
   * @default - none: both are sniffed
   */
  readonly protocol?: string;
  /** True when some Service port forwards to the server's own port number (so the listener can be reached). */
  readonly reachable: boolean;
  /** The trace's line. */
  readonly message: string;
}

/** A server whose listener port is below 1024 on a proxy that cannot bind such ports. */
export interface PrivilegedPortSkipped {
  /** Discriminator. */
  readonly kind: 'privileged-port-skipped';
  /** The server. */
  readonly server: GatewayServer;
  /** The listener port it resolves to. */
  readonly port: number;
  /** The trace's line. */
  readonly message: string;
}

/** A TLS server dropped because one of its hosts is already served with TLS on the listener port. */
export interface DuplicateTlsHost {
  /** Discriminator. */
  readonly kind: 'duplicate-tls-host';
  /** The dropped server. */
  readonly server: GatewayServer;
  /** The listener port. */
  readonly port: number;
  /** The host already served (after namespace sanitation). */
  readonly host: string;
  /** The trace's line. */
  readonly message: string;
}

/**
 * Why a server cannot join a listener whose plaintext server was merged first: a TLS server after a plaintext one
 * (`tls-after-plaintext`), or protocols that do not share a port (`protocol-mismatch`).
 */
export type PortConflictCause = 'tls-after-plaintext' | 'protocol-mismatch';

/** A server dropped because it conflicts with the server merged first on its listener port. */
export interface ServerDroppedByPortConflict {
  /** Discriminator. */
  readonly kind: 'port-conflict';
  /** The dropped server. */
  readonly server: GatewayServer;
  /** The listener port. */
  readonly port: number;
  /** The server that keeps the port. */
  readonly winner: GatewayServer;
  /** Why they conflict. */
  readonly cause: PortConflictCause;
  /** What decided the merge order: every Gateway's creationTimestamp, or their names (the manifests carry none). */
  readonly mergeOrder: 'creationTimestamp' | 'name';
  /** The trace's line. */
  readonly message: string;
}

/** A workload assumed from its Gateways' selector: no Deployment in the manifests carries its pods. */
export interface ImpliedWorkload {
  /** Discriminator. */
  readonly kind: 'implied-workload';
  /** `namespace/name` of the Gateways selecting it. */
  readonly gateways: readonly string[];
  /** The namespace the pods are assumed in. */
  readonly namespace: string;
  /** The trace's line. */
  readonly message: string;
}

/** A port whose servers produced no filter chain: Envoy has no listener there. */
export interface NoFilterChain {
  /** Discriminator. */
  readonly kind: 'no-filter-chain';
  /** The listener port. */
  readonly port: number;
  /** The trace's line. */
  readonly message: string;
}

/** A listener Envoy refuses because two of its filter chains match the same connections. */
export interface OverlappingFilterChains {
  /** Discriminator. */
  readonly kind: 'overlapping-filter-chains';
  /** The listener port. */
  readonly port: number;
  /** The first server of the earlier chain. */
  readonly first: GatewayServer;
  /** The first server of the later chain. */
  readonly second: GatewayServer;
  /** The SNI name both chains match, or undefined when neither has `server_names`. */
  readonly serverName?: string;
  /** The trace's line. */
  readonly message: string;
}

/** A TCP or TLS server without an applicable rule of its section in a bound VirtualService: it gets no filter chain. */
export interface ServerWithoutLayer4Rule {
  /** Discriminator. */
  readonly kind: 'server-without-layer4-rule';
  /** The server. */
  readonly server: GatewayServer;
  /** The VirtualService section it needs a rule of. */
  readonly section: 'tcp' | 'tls';
  /** The trace's line. */
  readonly message: string;
}

/**
 * An AUTO_PASSTHROUGH server that gets no filter chain: no Service in the manifests that the gateway sees lies within
 * its hosts (in a cluster, every such mesh Service would give it chains).
 */
export interface AutoPassthroughWithoutServices {
  /** Discriminator. */
  readonly kind: 'auto-passthrough-without-services';
  /** The server. */
  readonly server: GatewayServer;
  /** The listener port. */
  readonly port: number;
  /** The trace's line. */
  readonly message: string;
}

/** A `tls` match skipped because one of its sniHosts is already claimed on the listener. */
export interface SniAlreadyClaimed {
  /** Discriminator. */
  readonly kind: 'sni-already-claimed';
  /** The VirtualService of the match. */
  readonly virtualService: VirtualServiceView;
  /** Index of the rule in its `tls` list. */
  readonly ruleIndex: number;
  /** The SNI name already claimed. */
  readonly sni: string;
  /** The trace's line. */
  readonly message: string;
}

/**
 * Why a delegate cannot serve its root: it is not in the manifests (`missing`), has hosts (`has-hosts`), sets
 * gateways, tcp or tls (`not-a-delegate`), delegates itself (`nested`), or is not exported to the root's namespace
 * (`not-exported`).
 */
export type DelegateProblem = 'missing' | 'has-hosts' | 'not-a-delegate' | 'nested' | 'not-exported';

/** A delegating rule istiod drops because its delegate is unusable. */
export interface DelegateUnusable {
  /** Discriminator. */
  readonly kind: 'delegate-unusable';
  /** The root VirtualService. */
  readonly root: VirtualServiceView;
  /** Index of the delegating rule in the root's `http` list. */
  readonly ruleIndex: number;
  /** `namespace/name` of the delegate. */
  readonly delegate: string;
  /** Why it is unusable. */
  readonly problem: DelegateProblem;
  /** The trace's line. */
  readonly message: string;
}

/** A delegated rule istiod drops because no match of its root rule covers its match. */
export interface DelegatedRuleUncovered {
  /** Discriminator. */
  readonly kind: 'delegated-rule-uncovered';
  /** The delegate. */
  readonly delegate: VirtualServiceView;
  /** Index of the dropped rule in the delegate's `http` list. */
  readonly ruleIndex: number;
  /** The root VirtualService. */
  readonly root: VirtualServiceView;
  /** Index of the delegating rule in the root's `http` list. */
  readonly rootRuleIndex: number;
  /** The trace's line. */
  readonly message: string;
}

/** A match with a regex RE2 refuses: Envoy rejects the whole route configuration. */
export interface InvalidRouteRegex {
  /** Discriminator. */
  readonly kind: 'invalid-regex';
  /** The VirtualService that wrote the rule (the delegate for a delegated rule). */
  readonly virtualService: VirtualServiceView;
  /** Index of the rule in its `http` list. */
  readonly ruleIndex: number;
  /** Index of the match entry. */
  readonly matchIndex: number;
  /** The route configuration Envoy rejects. */
  readonly routeConfiguration: string;
  /** What RE2 says. */
  readonly error: string;
  /** The trace's line. */
  readonly message: string;
}

/** A redirect code Envoy cannot send: istiod emits a route without action, and Envoy rejects the route configuration. */
export interface UnsupportedRedirectCode {
  /** Discriminator. */
  readonly kind: 'unsupported-redirect-code';
  /** The VirtualService that wrote the rule (the delegate for a delegated rule). */
  readonly virtualService: VirtualServiceView;
  /** Index of the rule in its `http` list. */
  readonly ruleIndex: number;
  /** The route configuration Envoy rejects. */
  readonly routeConfiguration: string;
  /** The redirect code. */
  readonly code: number;
  /** The trace's line. */
  readonly message: string;
}

/** An object the model stage refused (the cluster would not hold it): compiled without it. */
export interface ObjectRefused {
  /** Discriminator. */
  readonly kind: 'object-refused';
  /** The object's kind, e.g. `Gateway`. */
  readonly objectKind: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
  /** The first reason it is refused. */
  readonly problem: ObjectProblem;
  /** The trace's line. */
  readonly message: string;
}

/** Something compiling a workload's configuration dropped, refused or assumed. */
export type CompileDiagnostic = ServerBoundToAddress | UntranslatedServicePort | PrivilegedPortSkipped | DuplicateTlsHost
  | ServerDroppedByPortConflict | ImpliedWorkload | NoFilterChain | OverlappingFilterChains | ServerWithoutLayer4Rule | AutoPassthroughWithoutServices
  | SniAlreadyClaimed | DelegateUnusable | DelegatedRuleUncovered | InvalidRouteRegex | UnsupportedRedirectCode | ObjectRefused;

/** A diagnostic's fields without its message. */
export type DiagnosticFields<D extends CompileDiagnostic = CompileDiagnostic> = D extends CompileDiagnostic ? Omit<D, 'message'> : never;

/** The diagnostic with its message. */
export function diagnose<F extends DiagnosticFields>(fields: F): F & { readonly message: string } {
  return { ...fields, message: messageOf(fields) };
}

/** The kinds about the rules of a root VirtualService's delegation. */
export type DelegationDiagnostic = DelegateUnusable | DelegatedRuleUncovered;

/** True for a diagnostic about delegation. */
export function isDelegationDiagnostic(d: CompileDiagnostic): d is DelegationDiagnostic {
  return d.kind === 'delegate-unusable' || d.kind === 'delegated-rule-uncovered';
}

/** The listener port a diagnostic is about, or undefined for one not about a single listener. */
export function listenerPortOf(d: CompileDiagnostic): number | undefined {
  switch (d.kind) {
    case 'privileged-port-skipped':
    case 'duplicate-tls-host':
    case 'port-conflict':
    case 'no-filter-chain':
    case 'overlapping-filter-chains':
    case 'auto-passthrough-without-services':
      return d.port;
    default:
      return undefined;
  }
}

/** True for a server dropped from a listener it would have shared (a duplicate TLS host or a port conflict). */
export function isDroppedServer(d: CompileDiagnostic): d is DuplicateTlsHost | ServerDroppedByPortConflict {
  return d.kind === 'duplicate-tls-host' || d.kind === 'port-conflict';
}

const DELEGATE_PROBLEMS: Readonly<Record<Exclude<DelegateProblem, 'not-exported'>, string>> = {
  'missing': 'is not in the manifests',
  'has-hosts': 'has hosts (istiod looks delegates up among VirtualServices without hosts)',
  'not-a-delegate': 'sets gateways, tcp or tls (validation rejects such a delegate)',
  'nested': 'delegates itself (only one level of delegation: validation rejects it)',
};

/** The one formatter: the prose of a diagnostic, as traces and findings print it. */
function messageOf(d: DiagnosticFields): string {
  switch (d.kind) {
    case 'server-bound-to-address':
      return `${describeServer(d.server)} binds ${d.bind}, a separate listener that Service traffic never reaches`;
    case 'untranslated-service-port':
      return `${describeServer(d.server)}: Service ${d.service} port ${d.servicePort} has the targetPort ${d.targetPort} and ${d.protocol === undefined ? 'no protocol (sniffed)' : `protocol ${d.protocol}`}`
        + ` of its port ${d.keptPort}, and istiod keeps only port ${d.keptPort} for them, so the server is not translated and listens on port`
        + ` ${d.servicePort} as-is${d.reachable ? '' : ', which no Service port forwards to'};`
        + ` give port ${d.servicePort} its own targetPort or another protocol (port name or appProtocol), or put the server on port ${d.keptPort}`;
    case 'privileged-port-skipped':
      return `${describeServer(d.server)} resolves to port ${d.port}, below 1024, which an unprivileged proxy skips`;
    case 'duplicate-tls-host':
      return `${describeServer(d.server)} dropped: host ${d.host} is already served with TLS on port ${d.port}`;
    case 'port-conflict': {
      const problem = d.cause === 'tls-after-plaintext'
        ? `the plaintext ${describeServer(d.winner)} was merged first`
        : `${describeServer(d.winner)} already serves the port and ${d.winner.kind === 'http' ? 'HTTP' : d.winner.protocol} servers do not share it with ${d.server.protocol}`;
      return `${describeServer(d.server)} dropped: ${problem} on port ${d.port}`
        + ` (Gateways merged ${d.mergeOrder === 'creationTimestamp' ? 'by creationTimestamp' : 'by name, then namespace: the manifests carry no creationTimestamp'})`;
    }
    case 'implied-workload':
      return `no Deployment in the manifests carries the pods of ${d.gateways.map((g) => `Gateway ${g}`).join(', ')}; assumed pods in ${d.namespace} labelled as the selector`;
    case 'no-filter-chain':
      return `port ${d.port}: no server produced a filter chain, so Envoy has no listener there`;
    case 'overlapping-filter-chains': {
      const what = d.serverName === undefined ? 'take any SNI (no server_names)' : `both match SNI ${d.serverName}`;
      return `port ${d.port}: the chains of ${describeServer(d.first)} and ${describeServer(d.second)} ${what}; `
        + 'Envoy rejects such a listener (multiple filter chains with overlapping matching rules), so there is no listener there';
    }
    case 'server-without-layer4-rule':
      return `${describeServer(d.server)} has no applicable ${d.section} rule in a bound VirtualService, so it gets no filter chain`;
    case 'auto-passthrough-without-services':
      return `${describeServer(d.server)} uses AUTO_PASSTHROUGH, which gives a filter chain to each port of the Services within its hosts `
        + `(${d.server.hosts.join(', ')}), but no Service in the manifests visible to the gateway lies within them: the server gets no filter chain; `
        + 'add the Services to the manifests to see where their SNI names lead';
    case 'sni-already-claimed':
      return `VirtualService ${d.virtualService.key} tls rule ${d.ruleIndex}: SNI ${d.sni} is already claimed on this port, so this match is skipped`;
    case 'delegate-unusable': {
      const why = d.problem === 'not-exported' ? `is not exported to ${d.root.namespace}` : DELEGATE_PROBLEMS[d.problem];
      return `VirtualService ${d.root.key} rule ${d.ruleIndex} delegates to ${d.delegate}, which ${why}: istiod drops this rule`;
    }
    case 'delegated-rule-uncovered':
      return `VirtualService ${d.delegate.key} rule ${d.ruleIndex} (delegated from VirtualService ${d.root.key} rule ${d.rootRuleIndex}) `
        + 'has a match no root match covers: istiod drops it';
    case 'invalid-regex':
      return `VirtualService ${d.virtualService.key} rule ${d.ruleIndex} match ${d.matchIndex} has an invalid regex (${d.error}); Envoy rejects the whole route configuration`;
    case 'unsupported-redirect-code':
      return `VirtualService ${d.virtualService.key} rule ${d.ruleIndex} has redirectCode ${d.code}, which Envoy does not support: `
        + `Envoy rejects the whole route configuration ${d.routeConfiguration}`;
    case 'object-refused':
      return `${d.objectKind} ${d.namespace}/${d.name} was left out: the cluster refuses it (${d.problem.path}: ${d.problem.message})`;
  }
}
