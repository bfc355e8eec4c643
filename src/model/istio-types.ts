/**
 * Typed views of the Istio objects the engine and the analyzers read, valid once an object has passed its CRD schema:
 * every field named here then has the type written here (fields the code does not read are left out).
 */
import { KubeObject } from '../manifests/kube-object';

/** `port` of a Gateway server. */
export interface IstioServerPort {
  /** The port Envoy listens on (after the Service's port mapping). */
  readonly number: number;
  /** Protocol, case-insensitive (`HTTP`, `HTTPS`, `TCP`, ...). */
  readonly protocol?: string;
  /** Name, unique within the Gateway. */
  readonly name?: string;
  /** Refused on Gateways. */
  readonly targetPort?: number;
}

/** `tls` of a Gateway server. */
export interface IstioServerTls {
  /** TLS mode. */
  readonly mode?: string;
  /** Redirect HTTP to HTTPS. */
  readonly httpsRedirect?: boolean;
  /** Secret holding the certificate. */
  readonly credentialName?: string;
  /** Secrets holding certificates (one RSA, one ECDSA). */
  readonly credentialNames?: readonly string[];
  /** Certificate file path. */
  readonly serverCertificate?: string;
  /** Key file path. */
  readonly privateKey?: string;
  /** Client CA file path. */
  readonly caCertificates?: string;
  /** Inline certificate pairs (files), one per key type. */
  readonly tlsCertificates?: ReadonlyArray<{ readonly serverCertificate?: string; readonly privateKey?: string; readonly caCertificates?: string }>;
  /** Revocation list path. */
  readonly caCrl?: string;
  /** Client CA Secret. */
  readonly caCertCredentialName?: string;
  /** Minimum TLS version. */
  readonly minProtocolVersion?: string;
  /** Maximum TLS version. */
  readonly maxProtocolVersion?: string;
  /** Cipher suites. */
  readonly cipherSuites?: readonly string[];
  /** Accepted client certificate SANs. */
  readonly subjectAltNames?: readonly string[];
}

/** A Gateway server. */
export interface IstioServer {
  /** The port. */
  readonly port?: IstioServerPort;
  /** Bind address. */
  readonly bind?: string;
  /** `[namespace/]host` entries. */
  readonly hosts?: readonly string[];
  /** TLS settings. */
  readonly tls?: IstioServerTls;
  /** Server name. */
  readonly name?: string;
}

/** A Gateway. */
export interface IstioGateway extends KubeObject {
  /** The spec. */
  readonly spec?: {
    /** Pod labels of the gateway workload. */
    readonly selector?: Readonly<Record<string, string>>;
    /** Servers. */
    readonly servers?: readonly IstioServer[];
  };
}

/** A StringMatch (exactly one of exact, prefix, regex). */
export interface IstioStringMatch {
  /** Exact value. */
  readonly exact?: string;
  /** Prefix. */
  readonly prefix?: string;
  /** RE2 regex. */
  readonly regex?: string;
}

/** An HTTPMatchRequest. */
export interface IstioHttpMatch {
  /** Name. */
  readonly name?: string;
  /** Path match. */
  readonly uri?: IstioStringMatch;
  /** Scheme match. */
  readonly scheme?: IstioStringMatch;
  /** Method match. */
  readonly method?: IstioStringMatch;
  /** Authority match. */
  readonly authority?: IstioStringMatch;
  /** Header matches. */
  readonly headers?: Readonly<Record<string, IstioStringMatch>>;
  /** Header absence matches. */
  readonly withoutHeaders?: Readonly<Record<string, IstioStringMatch>>;
  /** Query parameter matches. */
  readonly queryParams?: Readonly<Record<string, IstioStringMatch>>;
  /** Gateway server port. */
  readonly port?: number;
  /** Gateways this match applies to. */
  readonly gateways?: readonly string[];
  /** Case-insensitive uri match. */
  readonly ignoreUriCase?: boolean;
  /** Source labels (sidecars only). */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /** Source namespace (sidecars only). */
  readonly sourceNamespace?: string;
  /** The route's `stat_prefix`: Envoy keeps statistics for the route under `vhost.<vhost>.route.<statPrefix>`. */
  readonly statPrefix?: string;
}

/** A destination of a route. */
export interface IstioDestination {
  /** Service host. */
  readonly host: string;
  /** DestinationRule subset. */
  readonly subset?: string;
  /** Port. */
  readonly port?: { readonly number?: number };
}

/** Header operations on requests or responses. */
export interface IstioHeaderOperations {
  /** Headers to set (replacing any value). */
  readonly set?: Readonly<Record<string, string>>;
  /** Headers to add. */
  readonly add?: Readonly<Record<string, string>>;
  /** Headers to remove. */
  readonly remove?: readonly string[];
}

/** `headers` of an HTTP rule or of a destination. */
export interface IstioHeaders {
  /** Operations on the request sent to the destination. */
  readonly request?: IstioHeaderOperations;
  /** Operations on the response sent back to the client. */
  readonly response?: IstioHeaderOperations;
}

/** A weighted destination. */
export interface IstioRouteDestination {
  /** The destination (required by the CRD). */
  readonly destination: IstioDestination;
  /** Weight. */
  readonly weight?: number;
  /** Header operations (HTTP rules only). */
  readonly headers?: IstioHeaders;
}

/** `corsPolicy` of an HTTP rule. */
export interface IstioCorsPolicy {
  /** Allowed origins. */
  readonly allowOrigins?: readonly IstioStringMatch[];
  /** Allowed methods. */
  readonly allowMethods?: readonly string[];
  /** Allowed request headers. */
  readonly allowHeaders?: readonly string[];
  /** Response headers the browser may read. */
  readonly exposeHeaders?: readonly string[];
  /** How long a preflight response may be cached (a duration). */
  readonly maxAge?: string;
  /** Whether credentials are allowed. */
  readonly allowCredentials?: boolean | null;
}

/** A percentage. */
export interface IstioPercent {
  /** Percent, 0-100. */
  readonly value?: number;
}

/** `redirect` of an HTTP rule (an `HTTPRedirect`). */
export interface IstioHttpRedirect {
  /** Path to redirect to. */
  readonly uri?: string;
  /** Authority to redirect to. */
  readonly authority?: string;
  /** Port to redirect to. */
  readonly port?: number;
  /** Derive the port from the scheme or the request (`FROM_PROTOCOL_DEFAULT`, `FROM_REQUEST_PORT`). */
  readonly derivePort?: string;
  /** Scheme to redirect to. */
  readonly scheme?: string;
  /** Status code of the redirect. */
  readonly redirectCode?: number;
}

/** `rewrite.uriRegexRewrite` of an HTTP rule (a `RegexRewrite`). */
export interface IstioRegexRewrite {
  /** RE2 pattern to match in the path. */
  readonly match?: string;
  /** Substitution; `\0` ... `\9` insert capture groups. */
  readonly rewrite?: string;
}

/** `rewrite` of an HTTP rule (an `HTTPRewrite`). */
export interface IstioHttpRewrite {
  /** Replaces what the route matched of the path. */
  readonly uri?: string;
  /** Replaces the Authority/Host header. */
  readonly authority?: string;
  /** Rewrites the path with a regex. */
  readonly uriRegexRewrite?: IstioRegexRewrite;
}

/** `delegate` of an HTTP rule: the VirtualService that holds the rules. */
export interface IstioDelegate {
  /** Name of the delegate VirtualService. */
  readonly name?: string;
  /** Its namespace (the root's namespace when unset). */
  readonly namespace?: string;
}

/** An entry of `mirrors` of an HTTP rule (an `HTTPMirrorPolicy`). */
export interface IstioHttpMirror {
  /** Where requests are mirrored to. */
  readonly destination: IstioDestination;
  /** Share of the requests mirrored (all of them when unset). */
  readonly percentage?: IstioPercent;
}

/** An HTTP rule of a VirtualService. */
export interface IstioHttpRoute {
  /** Name. */
  readonly name?: string;
  /** Matches (any). */
  readonly match?: readonly IstioHttpMatch[];
  /** Destinations. */
  readonly route?: readonly IstioRouteDestination[];
  /** Redirect. */
  readonly redirect?: IstioHttpRedirect;
  /** Direct response. */
  readonly directResponse?: {
    /** Status code. */
    readonly status: number;
    /** Body: a string, or bytes written in base64. */
    readonly body?: { readonly string?: string; readonly bytes?: string };
  };
  /** Delegate. */
  readonly delegate?: IstioDelegate;
  /** Rewrite. */
  readonly rewrite?: IstioHttpRewrite;
  /** Timeout. */
  readonly timeout?: string;
  /** Retries. */
  readonly retries?: {
    /** Number of retries; 0 disables them. */
    readonly attempts?: number;
    /** Timeout of each try (a duration). */
    readonly perTryTimeout?: string;
    /** Comma-separated retry conditions. */
    readonly retryOn?: string;
    /** Whether to retry in other localities. */
    readonly retryRemoteLocalities?: boolean | null;
    /** Base interval between retries (a duration). */
    readonly backoff?: string;
  };
  /** Fault injection. */
  readonly fault?: {
    /** Delay injection. */
    readonly delay?: {
      /** Fixed delay (a duration). */
      readonly fixedDelay?: string;
      /** Exponential delay (a duration; refused). */
      readonly exponentialDelay?: string;
      /** Share of requests delayed. */
      readonly percentage?: IstioPercent;
      /** Deprecated integer share of requests delayed. */
      readonly percent?: number;
    };
    /** Abort injection. */
    readonly abort?: {
      /** HTTP status to answer with. */
      readonly httpStatus?: number;
      /** gRPC status name to answer with. */
      readonly grpcStatus?: string;
      /** HTTP/2 error to reset with (refused). */
      readonly http2Error?: string;
      /** Share of requests aborted. */
      readonly percentage?: IstioPercent;
    };
  };
  /** Mirror. */
  readonly mirror?: IstioDestination;
  /** Mirror percentage. */
  readonly mirrorPercentage?: IstioPercent;
  /** Deprecated mirror percent. */
  readonly mirrorPercent?: number | null;
  /** Deprecated mirror percent, in its snake-case spelling. */
  readonly mirror_percent?: number | null;
  /** Mirrors. */
  readonly mirrors?: readonly IstioHttpMirror[];
  /** CORS. */
  readonly corsPolicy?: IstioCorsPolicy;
  /** Header operations. */
  readonly headers?: IstioHeaders;
}

/** A TCP or TLS rule's match. */
export interface IstioL4Match {
  /** SNI hosts (TLS rules). */
  readonly sniHosts?: readonly string[];
  /** Gateway server port. */
  readonly port?: number;
  /** Gateways this match applies to. */
  readonly gateways?: readonly string[];
  /** Destination subnets (IP addresses or CIDR blocks). */
  readonly destinationSubnets?: readonly string[];
  /** Source labels. */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /** Source namespace. */
  readonly sourceNamespace?: string;
}

/** A TCP or TLS rule of a VirtualService. */
export interface IstioL4Route {
  /** Matches. */
  readonly match?: readonly IstioL4Match[];
  /** Destinations. */
  readonly route?: readonly IstioRouteDestination[];
}

/** A VirtualService. */
export interface IstioVirtualService extends KubeObject {
  /** The spec. */
  readonly spec?: {
    /** Hosts. */
    readonly hosts?: readonly string[];
    /** Gateways. */
    readonly gateways?: readonly string[];
    /** Namespaces it is exported to. */
    readonly exportTo?: readonly string[];
    /** HTTP rules. */
    readonly http?: readonly IstioHttpRoute[];
    /** TCP rules. */
    readonly tcp?: readonly IstioL4Route[];
    /** TLS rules. */
    readonly tls?: readonly IstioL4Route[];
  };
}

/** A DestinationRule. */
export interface IstioDestinationRule extends KubeObject {
  /** The spec. */
  readonly spec?: {
    /** Host. */
    readonly host?: string;
    /** Subsets. */
    readonly subsets?: ReadonlyArray<{ readonly name: string; readonly labels?: Readonly<Record<string, string>> }>;
    /** Namespaces it is exported to. */
    readonly exportTo?: readonly string[];
    /** Workload selector. */
    readonly workloadSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
  };
}

/** A port of a ServiceEntry. */
export interface IstioServiceEntryPort {
  /** The port number. */
  readonly number: number;
  /** Name. */
  readonly name: string;
  /** Protocol (`HTTP`, `HTTPS`, `TCP`, ...). */
  readonly protocol?: string;
  /** The port of the endpoints traffic is sent to. */
  readonly targetPort?: number;
}

/** A ServiceEntry: hosts added to the mesh's service registry. */
export interface IstioServiceEntry extends KubeObject {
  /** The spec. */
  readonly spec?: {
    /** Hosts, exact or with a leading `*` wildcard. */
    readonly hosts?: readonly string[];
    /** Namespaces it is exported to. */
    readonly exportTo?: readonly string[];
    /** Ports. */
    readonly ports?: readonly IstioServiceEntryPort[];
    /** Pod labels of the workloads that serve the hosts. */
    readonly workloadSelector?: { readonly labels?: Readonly<Record<string, string>> };
  };
}
