import { Construct, IConstruct } from 'constructs';
import { Certificate, CertificateFiles, ICertificate } from './certificate';
import { ConfigError } from './errors';
import { factoryScope } from './factory-scope';
import {
  checkNumber, checkOptionalBoolean, checkOptionalNumber, checkOptionalObject, checkOptionalString, checkOptionalStrings,
  checkProps, checkString, describeInput,
} from './input-check';
import { listenerWarnings } from './listener-warnings';
import { PortMapping } from './port-mapping';
import { ConstructWarning, registerSynthWarnings } from './synth-warnings';
import { TrafficRequest } from '../engine/request';
import { GATEWAY_CIPHER_SUITES, isAcceptedCipherSuite } from '../istio/cipher-suites';
import { serverHostProblem } from '../istio/host';
import { isDnsLabel, isDnsSubdomain, isIanaServiceName, isValidPort } from '../istio/names';
import { isHttpFamily, isPassthrough, isTlsProtocol, Protocol, routeKindOf, TlsMode, TlsVersion } from '../istio/protocol';
import { isTlsVersion, isTlsVersionRangeEmpty } from '../istio/tls-version';

/** Where a MUTUAL / OPTIONAL_MUTUAL listener finds the CA that verifies client certificates. */
export class ClientCa {
  /** The `ca.crt` key of the listener's own certificate Secret (what cert-manager writes for CA issuers). */
  public static fromCertificateSecret(): ClientCa {
    return new ClientCa('certificate-secret');
  }

  /**
   * A separate Secret in the gateway's namespace holding `ca.crt` (`caCertCredentialName`).
   *
   * @param secretName - the Secret's name: a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253
   *   characters).
   */
  public static fromSecret(secretName: string): ClientCa {
    const scope = factoryScope('ClientCa.fromSecret');
    const fix = 'name a Secret in the gateway\'s namespace that holds ca.crt, e.g. ClientCa.fromSecret(\'client-ca\') (lowercase letters, digits, \'-\' and \'.\', at most 253 characters)';
    const name = checkString(scope, 'secretName', secretName, fix);
    if (!isDnsSubdomain(name)) {
      const problem = name === '' ? 'is empty'
        : name.length > 253 ? `is ${name.length} characters long, more than the 253 of a Secret name`
          : `'${name}' is not a valid Secret name`;
      throw new ConfigError(scope, 'secretName', problem, fix);
    }
    return new ClientCa('secret', name);
  }

  /**
   * The CA file of a file-mounted certificate ({@link Certificate.fromFiles}), i.e. its
   * `caCertificates` path.
   */
  public static fromCertificateFiles(): ClientCa {
    return new ClientCa('files');
  }

  private constructor(
    /** @internal */ public readonly _kind: 'certificate-secret' | 'secret' | 'files',
    /** @internal */ public readonly _secretName?: string) {}
}

/** TLS settings of a listener (the Gateway server's `tls` block). */
export interface ListenerTls {
  /**
   * The TLS mode. Always written out: Istio treats a missing mode as PASSTHROUGH.
   * @default - TlsMode.SIMPLE for HTTPS and TLS listeners; none for HTTP listeners
   */
  readonly mode?: TlsMode;
  /**
   * The server certificate (required for SIMPLE, MUTUAL and OPTIONAL_MUTUAL).
   * @default - none
   */
  readonly certificate?: ICertificate;
  /**
   * The CA that verifies client certificates (required for MUTUAL and OPTIONAL_MUTUAL).
   * @default - none
   */
  readonly clientCa?: ClientCa;
  /**
   * On an HTTP listener: answer every request with a 301 to https.
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * Minimum TLS version, in SIMPLE, MUTUAL and OPTIONAL_MUTUAL mode (istiod ignores it in the others, so they refuse
   * it). Below TLS 1.2 synth warns (RFC 8996 deprecates TLS 1.0 and 1.1).
   * @default TlsVersion.TLSV1_2, written out in SIMPLE, MUTUAL and OPTIONAL_MUTUAL mode
   */
  readonly minProtocolVersion?: TlsVersion;
  /**
   * Maximum TLS version. Below TLS 1.2 synth warns.
   * @default - Envoy's default (TLS 1.3)
   */
  readonly maxProtocolVersion?: TlsVersion;
  /**
   * Allowed cipher suites (OpenSSL names). Suites without forward secrecy, and 3DES, are accepted with a synth
   * warning.
   * @default - Envoy's default list
   */
  readonly cipherSuites?: string[];
  /**
   * Subject alternative names a client certificate must carry (MUTUAL modes).
   * @default - any
   */
  readonly subjectAltNames?: string[];
}

/** Properties of a {@link GatewayListener}. */
export interface GatewayListenerProps {
  /** The port clients use: the gateway Service port and the Gateway server port. */
  readonly port: number;
  /** The protocol of the server. */
  readonly protocol: Protocol;
  /**
   * Name of the Service port and of the Gateway server port; Istio reads the part before the
   * first '-' as the protocol.
   * @default - `<protocol>-<port>` in lowercase, e.g. `https-443`
   */
  readonly name?: string;
  /**
   * Hosts this server accepts: `*`, `*.example.com`, `counter.example.com`, or `ns/host` to
   * admit routes from one namespace only. Left out, the server accepts any host, from routes of any namespace, and
   * synth warns about it; `['*']` asks for that knowingly, without the warning.
   * @default ['*'], with a synth warning
   */
  readonly hosts?: string[];
  /**
   * The node port (30000-32767) for NodePort and LoadBalancer services.
   * @default - chosen by Kubernetes
   */
  readonly nodePort?: number;
  /**
   * The container port Envoy listens on.
   * @default - the gateway's port mapping: the port itself, or port + 8000 below 1024 with PortMapping.UNPRIVILEGED
   */
  readonly targetPort?: number;
  /**
   * TLS settings (required for HTTPS and TLS listeners).
   * @default - no TLS
   */
  readonly tls?: ListenerTls;
}

/** A request to a listener: everything but the port and the gateway, which the listener fills in. */
export type ListenerRequest = Omit<TrafficRequest, 'port' | 'nodePort' | 'gateway'>;

/**
 * An ingress gateway as its listeners, and the routes bound to them, see it. {@link IngressGateway} implements it.
 * (It is declared with {@link GatewayListener}, so that the listener's module does not import the gateway's module,
 * which imports the listener's to create listeners.)
 */
export interface IIngressGateway extends IConstruct {
  /** Namespace of the `Gateway` resource (for a gateway of this app, its Chart's namespace). */
  readonly namespace: string;
  /**
   * Namespace of the gateway pods, when it differs from the `Gateway` resource's: a VirtualService must be exported
   * to it. Only an imported gateway's may differ.
   * @default - the namespace of the Gateway resource
   */
  readonly podNamespace?: string;
  /**
   * True for a gateway installed elsewhere (the Istio Helm chart's, another team's) that this app only refers to
   * (`IngressGateway.fromGatewayReference`): it renders no Kubernetes objects, and its listeners describe the servers of the
   * existing Gateway so that routes bound to them are checked as routes of this app's gateways are.
   * @default false
   */
  readonly imported?: boolean;
  /** Name of the Deployment, Service and ServiceAccount. */
  readonly workloadName: string;
  /** `<namespace>/<gatewayName>`, the form VirtualServices use to bind to this gateway. */
  readonly reference: string;
  /** How Service ports map to container ports. */
  readonly portMapping: PortMapping;
  /** The listeners of this gateway, in the order they were added. */
  readonly listeners: GatewayListener[];
  /** Adds a listener: one Service port, one Gateway server and one container port. */
  addListener(id: string, props: GatewayListenerProps): GatewayListener;
  /** @internal Called by a new GatewayListener; rejects ports that clash with earlier listeners. */
  _registerListener(listener: GatewayListener): void;
}

/**
 * True when `value` is an ingress gateway: an {@link IngressGateway} or an imported gateway (for checks of input the
 * types do not protect).
 */
export function isIngressGateway(value: unknown): value is IIngressGateway {
  const gateway = value as Partial<IIngressGateway> | null;
  return typeof gateway === 'object' && gateway !== null && typeof gateway.reference === 'string'
    && Array.isArray(gateway.listeners) && typeof gateway._registerListener === 'function';
}

/** @internal The listener of `gateway` named `name` (its port name), or a ConfigError listing the names it has. */
export function findListener(gateway: IIngressGateway, listeners: readonly GatewayListener[], name: string): GatewayListener {
  const found = listeners.find((l) => l.name === name);
  if (found === undefined) {
    const names = listeners.map((l) => l.name).join(', ') || 'none';
    throw new ConfigError(gateway, 'listener', `${describeInput(name)} is not a listener of gateway '${gateway.reference}' (it has ${names})`, 'name one of its listeners');
  }
  return found;
}

/** The namespace of a gateway's pods, which its routes must be exported to. */
export function podNamespaceOf(gateway: IIngressGateway): string {
  return gateway.podNamespace ?? gateway.namespace;
}

/** The fields of {@link ListenerTls}, to refuse a misspelt one (which would be ignored). */
const TLS_FIELDS: readonly string[] = ['mode', 'certificate', 'clientCa', 'httpsRedirect', 'minProtocolVersion',
  'maxProtocolVersion', 'cipherSuites', 'subjectAltNames'];

/** Reserved in-pod ports of the Istio proxy. */
const RESERVED_PORTS = new Map<number, string>([
  [15000, 'the Envoy admin port'], [15001, 'the outbound capture port'], [15004, 'the debug port'],
  [15006, 'the inbound capture port'], [15020, 'the merged metrics port'], [15021, 'the health status port'],
  [15090, 'the Envoy Prometheus port'],
]);

/** Port names of the proxy's own ports, which the Service and the container already use. */
const RESERVED_PORT_NAMES = new Set(['status-port', 'http-envoy-prom']);

/**
 * One port of an {@link IngressGateway}: exactly one Service port, one Gateway server and one
 * container port, always consistent. Create with `gateway.addListener(id, props)`.
 */
export class GatewayListener extends Construct {
  /** The gateway this listener belongs to. */
  public readonly gateway: IIngressGateway;
  /** The Service and Gateway server port. */
  public readonly port: number;
  /** The protocol of the server. */
  public readonly protocol: Protocol;
  /** The Service port and Gateway server port name. */
  public readonly name: string;
  /** The hosts the server accepts. */
  public readonly hosts: string[];
  /** The node port, when one was given. */
  public readonly nodePort?: number;
  /** The container port Envoy listens on. */
  public readonly targetPort: number;
  /** The TLS mode, for listeners that carry TLS. */
  public readonly tlsMode?: TlsMode;
  /** Certificate files this listener needs mounted into the gateway pod. */
  public readonly certificateFiles?: CertificateFiles;
  private readonly tls?: ListenerTls;

  constructor(gateway: IIngressGateway, id: string, props: GatewayListenerProps) {
    super(gateway as Construct, checkListenerId(gateway, id));
    if (!isIngressGateway(gateway)) {
      throw new ConfigError(this, 'scope', 'a GatewayListener must be created in an IngressGateway', 'use gateway.addListener(id, props)');
    }
    this.gateway = gateway;
    props = checkProps(this, 'props', props, '{ port: 443, protocol: Protocol.HTTPS, tls: { certificate } }');
    const portFix = 'use an integer from 1 to 65535';
    checkNumber(this, 'port', props.port, portFix);
    if (!isValidPort(props.port)) {
      throw new ConfigError(this, 'port', `${props.port} is not a port number`, portFix);
    }
    if (!Object.values(Protocol).includes(props.protocol)) {
      throw new ConfigError(this, 'protocol', `${describeInput(props.protocol)} is not a gateway protocol`, `use one of ${Object.values(Protocol).join(', ')}`);
    }
    this.port = props.port;
    this.protocol = props.protocol;
    const nameFix = 'use lowercase letters, digits and \'-\', at most 63 characters, such as https-443';
    this.name = checkOptionalString(this, 'name', props.name, nameFix) ?? `${props.protocol.toLowerCase()}-${props.port}`;
    if (!isDnsLabel(this.name)) {
      throw new ConfigError(this, 'name', `'${this.name}' is not a valid port name`, nameFix);
    }
    if (RESERVED_PORT_NAMES.has(this.name)) {
      throw new ConfigError(this, 'name', `'${this.name}' is the name of a port the Istio proxy already has`, 'pick another name, such as https-443');
    }
    const hostsFix = 'write hosts as *, *.example.com, counter.example.com or ns/counter.example.com';
    const hosts = checkOptionalStrings(this, 'hosts', props.hosts, `list them, e.g. hosts: ['*.example.com'], and ${hostsFix}`);
    this.hosts = hosts ?? ['*'];
    if (this.hosts.length === 0) {
      throw new ConfigError(this, 'hosts', 'is empty', 'list at least one host, or hosts: [\'*\'] to accept any host');
    }
    for (const host of this.hosts) {
      const problem = serverHostProblem(host);
      if (problem !== undefined) {
        throw new ConfigError(this, 'hosts', `'${host}' ${problem}`, hostsFix);
      }
    }
    checkOptionalNumber(this, 'nodePort', props.nodePort, 'pick a node port from 30000 to 32767, or leave it out to let Kubernetes choose');
    checkOptionalNumber(this, 'targetPort', props.targetPort, `${portFix}, or leave it out`);
    this.nodePort = props.nodePort;
    this.targetPort = props.targetPort ?? gateway.portMapping._targetPortFor(props.port);
    if (!isValidPort(this.targetPort)) {
      throw new ConfigError(this, 'targetPort', `${this.targetPort} is not a port number`, 'use an integer from 1 to 65535');
    }
    for (const [field, port] of [['port', this.port], ['targetPort', this.targetPort]] as const) {
      const reserved = RESERVED_PORTS.get(port);
      if (reserved) {
        throw new ConfigError(this, field, `${port} is ${reserved} of the Istio proxy`, 'pick another port');
      }
    }
    this.tls = this.checkTlsInput(props.tls);
    this.tlsMode = this.validateTls(this.tls);
    const files = props.tls?.certificate?.source.files;
    this.certificateFiles = this.tlsMode && !isPassthrough(this.tlsMode) ? files : undefined;
    gateway._registerListener(this);
    if (!gateway.imported) {
      registerSynthWarnings(this, () => this.securityWarnings(hosts !== undefined));
    }
  }

  /**
   * Which VirtualService section routes this listener's traffic: `http` (HTTP, HTTP2, GRPC and
   * terminated HTTPS), `tcp` (TCP, MONGO and terminated TLS) or `tls` (passthrough).
   */
  public get routeKind(): 'http' | 'tcp' | 'tls' {
    return routeKindOf(this.protocol, this.tlsMode);
  }

  /**
   * A request sent to this listener's Service port of this gateway, for `TrafficEngine.route`,
   * traffic cases and the jest matchers: `expect(app).toRouteTo(https.request({ host: 'a.example.com' }), 'a', 80)`.
   */
  public request(options: ListenerRequest = {}): TrafficRequest {
    return { ...options, port: this.port, gateway: `${podNamespaceOf(this.gateway)}/${this.gateway.workloadName}` };
  }

  /** The container port name: the listener name when Kubernetes allows it (at most 15 characters). */
  public get containerPortName(): string | undefined {
    return isIanaServiceName(this.name) ? this.name : undefined;
  }

  /**
   * @internal True when istiod serves this listener a Secret of the gateway's namespace (`credentialName`, and
   * `caCertCredentialName` beside it), which it does only for a gateway allowed to list Secrets there.
   */
  public get _servesCredentialSecret(): boolean {
    return this.tlsMode !== undefined && this.tls?.certificate?.source.credentialName !== undefined;
  }

  /** @internal The Gateway server. */
  public _toServer(): Record<string, unknown> {
    return {
      port: { number: this.port, name: this.name, protocol: this.protocol },
      hosts: this.hosts,
      tls: this.renderTls(),
    };
  }

  /** Settings that work but expose more than they may seem to ({@link listenerWarnings}). */
  private securityWarnings(hostsGiven: boolean): ConstructWarning[] {
    const tls = this.tls;
    const certificate = tls?.certificate;
    const clientCaFromIssuer = tls?.clientCa?._kind === 'certificate-secret' && certificate instanceof Certificate
      ? { secretName: certificate.secretName, issuer: `${certificate.issuer.kind ?? 'Issuer'} '${certificate.issuer.name}'` }
      : undefined;
    return listenerWarnings({
      hosts: this.hosts,
      hostsGiven,
      appliesTlsSettings: this.appliesTlsSettings,
      minProtocolVersion: tls?.minProtocolVersion,
      maxProtocolVersion: tls?.maxProtocolVersion,
      cipherSuites: tls?.cipherSuites,
      subjectAltNames: tls?.subjectAltNames,
      clientCaFromIssuer,
    });
  }

  /**
   * True when istiod applies this listener's TLS versions and cipher suites: it terminates TLS with a certificate of its
   * own (SIMPLE, MUTUAL, OPTIONAL_MUTUAL).
   */
  private get appliesTlsSettings(): boolean {
    return this.tlsMode === TlsMode.SIMPLE || this.tlsMode === TlsMode.MUTUAL || this.tlsMode === TlsMode.OPTIONAL_MUTUAL;
  }

  /** The types of the TLS settings, and the settings that make sense whatever the mode: versions, ciphers, SANs. */
  private checkTlsInput(value: unknown): ListenerTls | undefined {
    const tls = checkOptionalObject(this, 'tls', value as ListenerTls | undefined, '{ mode: TlsMode.SIMPLE, certificate }');
    if (tls === undefined) {
      return undefined;
    }
    const fail = (field: string, problem: string, fix: string) => new ConfigError(this, `tls.${field}`, problem, fix);
    const unknownField = Object.keys(tls).find((key) => !TLS_FIELDS.includes(key));
    if (unknownField !== undefined) {
      throw fail(unknownField, 'is not a field of the listener TLS settings', `use ${TLS_FIELDS.join(', ')}`);
    }
    if (tls.mode !== undefined && !Object.values(TlsMode).includes(tls.mode)) {
      throw fail('mode', `${describeInput(tls.mode)} is not a TLS mode`, `use one of ${Object.values(TlsMode).map((m) => `TlsMode.${m}`).join(', ')}`);
    }
    if (tls.certificate !== undefined && typeof (tls.certificate as Partial<ICertificate> | null)?.source !== 'object') {
      throw fail('certificate', `is ${describeInput(tls.certificate)}, not a certificate`, 'pass new Certificate(...), Certificate.fromSecret(name) or Certificate.fromFiles(...)');
    }
    if (tls.clientCa !== undefined && !(tls.clientCa instanceof ClientCa)) {
      throw fail('clientCa', `is ${describeInput(tls.clientCa)}, not a ClientCa`, 'use ClientCa.fromCertificateSecret(), ClientCa.fromSecret(name) or ClientCa.fromCertificateFiles()');
    }
    checkOptionalBoolean(this, 'tls.httpsRedirect', tls.httpsRedirect);
    for (const field of ['minProtocolVersion', 'maxProtocolVersion'] as const) {
      if (tls[field] !== undefined && !isTlsVersion(tls[field])) {
        throw fail(field, `${describeInput(tls[field])} is not a TLS version`, `use one of ${Object.values(TlsVersion).map((v) => `TlsVersion.${v}`).join(', ')}`);
      }
    }
    if (isTlsVersionRangeEmpty(tls.minProtocolVersion, tls.maxProtocolVersion)) {
      throw fail('minProtocolVersion', `${tls.minProtocolVersion} is above maxProtocolVersion ${tls.maxProtocolVersion}, so no TLS version is left and Envoy rejects the listener`, 'lower minProtocolVersion or raise maxProtocolVersion');
    }
    const autoMinimum = tls.minProtocolVersion === undefined || tls.minProtocolVersion === TlsVersion.TLS_AUTO;
    if (autoMinimum && isTlsVersionRangeEmpty(TlsVersion.TLSV1_2, tls.maxProtocolVersion)) {
      // Envoy's minimum for a server is TLS 1.2 unless one is given (TlsParameters.tls_minimum_protocol_version).
      throw fail('maxProtocolVersion', `${tls.maxProtocolVersion} is below the TLS 1.2 minimum that applies when minProtocolVersion is not set, so no TLS version is left`, 'raise maxProtocolVersion, or set minProtocolVersion to TlsVersion.TLSV1_0 or TLSV1_1 knowingly');
    }
    const cipherFix = `use cipher suite names Envoy knows: ${[...GATEWAY_CIPHER_SUITES].join(', ')}`;
    const suites = checkOptionalStrings(this, 'tls.cipherSuites', tls.cipherSuites, cipherFix) ?? [];
    suites.forEach((suite, i) => {
      if (!isAcceptedCipherSuite(suite)) {
        throw fail(`cipherSuites[${i}]`, `'${suite}' is not a cipher suite Envoy accepts (istiod would drop it with a warning)`, cipherFix);
      }
      if (suites.indexOf(suite) < i) {
        throw fail(`cipherSuites[${i}]`, `'${suite}' is listed twice`, 'list each cipher suite once');
      }
    });
    const sanFix = 'list the names a client certificate must carry, e.g. subjectAltNames: [\'spiffe://cluster.local/ns/shop/sa/client\']';
    (checkOptionalStrings(this, 'tls.subjectAltNames', tls.subjectAltNames, sanFix) ?? []).forEach((san, i) => {
      if (san.trim() === '') {
        throw fail(`subjectAltNames[${i}]`, `${describeInput(san)} is empty`, sanFix);
      }
    });
    return tls;
  }

  private validateTls(tls: ListenerTls | undefined): TlsMode | undefined {
    const fail = (field: string, problem: string, fix: string) => new ConfigError(this, `tls.${field}`, problem, fix);
    if (isHttpFamily(this.protocol)) {
      if (tls === undefined) {
        return undefined;
      }
      const extra = Object.entries(tls).filter(([key, value]) => key !== 'httpsRedirect' && value !== undefined);
      if (extra.length > 0) {
        throw fail(extra[0][0], `an ${this.protocol} listener does not terminate TLS`, 'use Protocol.HTTPS for TLS, or keep only tls.httpsRedirect here');
      }
      return undefined;
    }
    if (tls?.httpsRedirect) {
      throw fail('httpsRedirect', `only HTTP listeners can redirect to https, not ${this.protocol}`, 'remove httpsRedirect, or set it on the HTTP listener');
    }
    if (!isTlsProtocol(this.protocol)) {
      if (tls !== undefined) {
        throw fail('mode', `a ${this.protocol} listener carries no TLS`, 'use Protocol.TLS to terminate or pass through TLS');
      }
      return undefined;
    }
    const mode = tls?.mode ?? TlsMode.SIMPLE;
    const certificate = tls?.certificate?.source;
    if (isPassthrough(mode) || mode === TlsMode.ISTIO_MUTUAL) {
      if (certificate || tls?.clientCa) {
        throw fail(certificate ? 'certificate' : 'clientCa', `${mode} uses no certificate of its own`, 'remove it, or use TlsMode.SIMPLE to terminate TLS with it');
      }
      // istiod applies versions and cipher suites in SIMPLE, MUTUAL and OPTIONAL_MUTUAL only (pilot/pkg/networking/core/listener.go,
      // isSimpleOrMutual): Envoy does not terminate passthrough TLS, and ISTIO_MUTUAL takes the mesh's mutual TLS settings.
      const ignored = (['minProtocolVersion', 'maxProtocolVersion', 'cipherSuites'] as const).find((field) => tls?.[field] !== undefined);
      if (ignored !== undefined) {
        const why = isPassthrough(mode) ? 'Envoy does not terminate the TLS it passes through' : 'it takes the mesh\'s mutual TLS settings';
        throw fail(ignored, `is ignored in ${mode} mode: ${why}`, 'remove it, or use TlsMode.SIMPLE or TlsMode.MUTUAL to terminate TLS with these settings');
      }
      return mode;
    }
    const imported = this.gateway.imported === true;
    if (!certificate && !imported) {
      throw fail('certificate', `an ${this.protocol} listener in ${mode} mode needs a certificate`, 'pass tls.certificate (new Certificate(...), Certificate.fromSecret or Certificate.fromFiles), or use TlsMode.PASSTHROUGH');
    }
    const gatewayNamespace = this.gateway.namespace;
    const secretNamespace = certificate?.secretNamespace;
    if (certificate?.credentialName && secretNamespace !== undefined && secretNamespace !== gatewayNamespace) {
      throw fail('certificate', `the Secret '${certificate.credentialName}' would be in namespace '${secretNamespace}' but Istio reads credentialName Secrets from the gateway's namespace '${gatewayNamespace}'`, `create the Certificate in a Chart with namespace '${gatewayNamespace}'`);
    }
    const mutual = mode === TlsMode.MUTUAL || mode === TlsMode.OPTIONAL_MUTUAL;
    if (mutual && !tls?.clientCa && !imported) {
      throw fail('clientCa', `${mode} verifies client certificates but no client CA is given`, 'pass tls.clientCa (ClientCa.fromCertificateSecret(), ClientCa.fromSecret(name) or ClientCa.fromCertificateFiles())');
    }
    if (!mutual && tls?.clientCa) {
      throw fail('clientCa', `${mode} does not verify client certificates`, 'remove clientCa, or use TlsMode.MUTUAL');
    }
    const caKind = tls?.clientCa?._kind;
    if (caKind === 'files' && certificate && !certificate.files) {
      throw fail('clientCa', 'ClientCa.fromCertificateFiles() needs a certificate from Certificate.fromFiles', 'use ClientCa.fromCertificateSecret() or ClientCa.fromSecret(name)');
    }
    if ((caKind === 'certificate-secret' || caKind === 'secret') && certificate?.files) {
      throw fail('clientCa', 'a certificate mounted from files takes its client CA from a file too', 'use ClientCa.fromCertificateFiles()');
    }
    if (tls?.subjectAltNames && !mutual) {
      throw fail('subjectAltNames', 'restricts client certificates, which only MUTUAL modes verify', 'remove subjectAltNames, or use TlsMode.MUTUAL');
    }
    return mode;
  }

  private renderTls(): Record<string, unknown> | undefined {
    const tls = this.tls;
    if (tls === undefined) {
      return undefined;
    }
    if (isHttpFamily(this.protocol)) {
      return tls.httpsRedirect ? { httpsRedirect: true } : undefined;
    }
    const certificate = tls.certificate?.source;
    const ca = tls.clientCa;
    return {
      mode: this.tlsMode,
      credentialName: certificate?.credentialName,
      serverCertificate: certificate?.files?.serverCertificate,
      privateKey: certificate?.files?.privateKey,
      caCertificates: ca?._kind === 'files' ? certificate?.files?.caCertificates : undefined,
      caCertCredentialName: ca?._kind === 'secret' ? ca._secretName : undefined,
      minProtocolVersion: tls.minProtocolVersion ?? (this.appliesTlsSettings ? TlsVersion.TLSV1_2 : undefined),
      maxProtocolVersion: tls.maxProtocolVersion,
      cipherSuites: tls.cipherSuites,
      subjectAltNames: tls.subjectAltNames,
    };
  }
}

/** The construct id of a new listener: a string, as the constructs library needs (plain JavaScript may pass anything). */
function checkListenerId(gateway: unknown, id: unknown): string {
  if (typeof id === 'string' && id !== '') {
    return id;
  }
  const scope = gateway instanceof Construct ? gateway : factoryScope('GatewayListener');
  throw new ConfigError(scope, 'addListener', `the listener id is ${describeInput(id)}, not a non-empty string`, 'give the listener an id, e.g. gateway.addListener(\'https\', { port: 443, protocol: Protocol.HTTPS })');
}
