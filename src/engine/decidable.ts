/**
 * What a decision reads of a gateway's configuration: listeners, filter chains, virtual hosts and routes with their
 * compiled matches and actions. Manifests compiled by istiod's rules ({@link CompiledConfig}) and a real gateway's
 * Envoy config dump (`readConfigDump`) both take this shape, so one `decide` answers for either.
 */
import { ChainTransport } from './compile';
import { ObjectRefused, CompileDiagnostic } from './compile-diagnostic';
import { DecisionDestination, DecisionRule } from './decision';
import { CompiledDestinations } from './destinations';
import { HttpRouteAction } from './http-actions';
import { ReportedServer } from './reported-server';
import { RouteMatcher } from './route-matcher';
import { GatewayServer } from './servers';
import { ServiceTarget } from './service-ports';
import { VirtualHostIndex } from './virtual-host-index';
import { KubeService } from '../model/core-types';
import { IstioGateway } from '../model/istio-types';

/** The VirtualService a route or chain came from, as a decision names it. */
export interface RouteOrigin {
  /** `NS/NAME`. */
  readonly key: string;
}

/** One HTTP route of a virtual host. */
export interface DecidableRoute {
  /** The match. */
  readonly matcher: RouteMatcher;
  /** What the route does. */
  readonly action: HttpRouteAction;
  /** The Gateway and server decisions report. */
  readonly reported: ReportedServer;
  /** The VirtualService the route came from, if known. */
  readonly virtualService: RouteOrigin | null;
  /** The rule as decisions report it, if known. */
  readonly decisionRule: DecisionRule | null;
  /** For a delegated rule: the root VirtualService rule that delegates to it. */
  readonly delegatedFrom?: {
    /** The root VirtualService. */
    readonly virtualService: RouteOrigin;
    /** Index of the delegating rule in the root's `http` list. */
    readonly ruleIndex: number;
  };
  /** The trace's line for a request the route takes. */
  readonly traceLine: string;
  /** How a trace names the route among others: `VirtualService default/shop rule 0`. */
  readonly traceName: string;
}

/** A virtual host of a route configuration. */
export interface DecidableVirtualHost {
  /** `<host>:<serverPort>`. */
  readonly name: string;
  /** The domains it answers for. */
  readonly domains: readonly string[];
  /** Routes in evaluation order. */
  readonly routes: readonly DecidableRoute[];
  /** True when plaintext requests are redirected to https (`require_tls: ALL`). */
  readonly requireTls: boolean;
  /** The Gateway and server decisions that reach it but no route report, when not the route configuration's. */
  readonly reported?: ReportedServer;
  /** What a trace says about how its routes came together. */
  readonly traceNotes: readonly string[];
  /** How a trace ends the line of a Host that selects it. */
  readonly traceSelected: string;
}

/** A route configuration (RDS). */
export interface DecidableRouteConfiguration {
  /** `http.<listenerPort>` or `https.<port>.<portName>.<gateway>.<namespace>`. */
  readonly name: string;
  /** Virtual hosts in order. */
  readonly virtualHosts: readonly DecidableVirtualHost[];
  /** Virtual hosts by Host. */
  readonly index: VirtualHostIndex<DecidableVirtualHost>;
  /** The Gateway and server a filter chain bound to it reports. */
  readonly reported: ReportedServer;
  /** How a trace starts the line of the Host a request selects a virtual host with. */
  readonly traceHost: string;
  /** How a trace starts the line of a Host no virtual host serves. */
  readonly traceMissingHost: string;
}

/** What the filter chains have in common. */
interface DecidableChainBase {
  /** How the connection arrives. */
  readonly transport: ChainTransport;
  /** `server_names`, or undefined for no SNI condition. */
  readonly serverNames?: readonly string[];
}

/** An HTTP connection manager bound to a route configuration. */
export interface DecidableHttpChain extends DecidableChainBase {
  /** Chain kind. */
  readonly kind: 'http';
  /** The route configuration. */
  readonly routeConfiguration: DecidableRouteConfiguration;
}

/** A TCP proxy forwarding every connection of the chain. */
export interface DecidableTcpChain extends DecidableChainBase {
  /** Chain kind. */
  readonly kind: 'tcp';
  /** Where connections go, and what decisions report. */
  readonly route: {
    /** The VirtualService section the rule is in: `tls` for TLS passthrough, else `tcp`. */
    readonly section: 'tcp' | 'tls';
    readonly upstream: CompiledDestinations;
    readonly reported: ReportedServer;
    readonly virtualService: RouteOrigin | null;
    readonly decisionRule: DecisionRule | null;
    readonly traceLine: string;
  };
}

/** A TCP proxy forwarding to the cluster its SNI names (AUTO_PASSTHROUGH). */
export interface DecidableSniDnatChain extends DecidableChainBase {
  /** Chain kind. */
  readonly kind: 'sni-dnat';
  /** The servers it was built for (none for a config dump). */
  readonly servers: readonly GatewayServer[];
  /** Where connections go. */
  readonly route: {
    readonly cluster: string;
    readonly destinations: readonly DecisionDestination[];
    readonly reported: ReportedServer;
    readonly traceLine: string;
  };
}

/** A filter chain. */
export type DecidableChain = DecidableHttpChain | DecidableTcpChain | DecidableSniDnatChain;

/** A listener. */
export interface DecidableListener {
  /** `0.0.0.0_<port>`. */
  readonly name: string;
  /** Filter chains in order. */
  readonly chains: readonly DecidableChain[];
  /** The chains without server names. */
  readonly openChains: readonly DecidableChain[];
  /** True when some chain carries TLS. */
  readonly carriesTls: boolean;
}

/** Where a config dump says the gateway Service's ports lead: the listener port of each server port it names. */
export interface DumpPorts {
  /** The file or source the dump came from. */
  readonly origin: string;
  /** Listener port by the server (Service) port its virtual hosts and route configurations name. */
  readonly listenerPorts: ReadonlyMap<number, number>;
  /**
   * The listeners Envoy rejects, by port, with why: two filter chains whose matches overlap (istiod can send such a
   * listener, e.g. for two TLS servers of one host written with and without a namespace).
   */
  readonly rejectedListeners: ReadonlyMap<number, string>;
}

/** A gateway workload. */
export interface DecidableWorkload {
  /** The workload and what exposes it. */
  readonly workload: {
    readonly key: string;
    readonly implied?: boolean;
    readonly services: readonly KubeService[];
    readonly gateways: readonly IstioGateway[];
  };
  /** Its Service ports (none for a config dump). */
  readonly targets: readonly ServiceTarget[];
  /** Listeners by port. */
  readonly listeners: ReadonlyMap<number, DecidableListener>;
  /** What the compilation dropped, refused or assumed. */
  readonly diagnostics: readonly CompileDiagnostic[];
  /** Set for a workload read from a config dump, which has listeners but no Service. */
  readonly dump?: DumpPorts;
}

/** Every gateway workload a decision can go to. */
export interface DecidableConfig {
  /** Workloads in order. */
  readonly workloads: readonly DecidableWorkload[];
  /** Objects the model stage refused, which traces name. */
  readonly refused: readonly ObjectRefused[];
}
