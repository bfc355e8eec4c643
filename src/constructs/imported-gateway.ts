import { Construct } from 'constructs';
import { registerExternalGateway } from './app-analysis';
import { ConfigError } from './errors';
import { findListener, GatewayListener, GatewayListenerProps, IIngressGateway } from './gateway-listener';
import { checkArray, checkOptionalString, checkProps, checkString, describeInput } from './input-check';
import { checkOptionalLabels } from './kubernetes-input';
import { PortMapping } from './port-mapping';
import { isDnsLabel } from '../istio/names';

/** What an ingress gateway installed elsewhere is: the servers of its `Gateway` and, when they differ, its pods. */
export interface ImportedGatewayOptions {
  /**
   * The servers of the existing `Gateway`, described as listeners: port, protocol, name (the server port name), hosts
   * and TLS mode. A TLS listener needs no certificate or client CA here: they belong to the existing Gateway. Each
   * listener's construct id is its name (`<protocol>-<port>` in lowercase when no name is given), by which
   * {@link ImportedIngressGateway.listener} finds it.
   */
  readonly listeners: GatewayListenerProps[];
  /**
   * Namespace of the gateway pods, when the `Gateway` resource lives in another namespace than the pods it selects:
   * routes must be exported to it.
   * @default - the Gateway's namespace
   */
  readonly podNamespace?: string;
  /**
   * Name of the gateway's Deployment and Service (what traffic requests name as `<podNamespace>/<workloadName>`).
   * @default 'istio-ingressgateway'
   */
  readonly workloadName?: string;
  /**
   * Labels the existing `Gateway` selects its pods by.
   * @default - { istio: <workloadName without a leading 'istio-'> }, e.g. { istio: 'ingressgateway' }
   */
  readonly selector?: Record<string, string>;
  /**
   * How the existing gateway's Service ports map to the ports Envoy listens on (the legacy `istio-ingressgateway`
   * chart uses {@link PortMapping.UNPRIVILEGED}).
   * @default PortMapping.DIRECT
   */
  readonly portMapping?: PortMapping;
}

/**
 * An ingress gateway installed elsewhere (the Istio Helm chart's `istio-ingressgateway`, another team's), which this
 * app refers to without rendering it: it renders no Kubernetes objects. Its listeners describe the servers of the
 * existing `Gateway`, so that routes bound to them (`listeners: [imported.listener('https')]` or
 * `gateways: [imported]`) are checked as routes of this app's gateways are: route kind against listener protocol,
 * hosts admitted by the server hosts, port narrowing, `exportTo` visible to the gateway pods' namespace.
 *
 * Create one with `IngressGateway.fromGatewayReference(scope, id, 'istio-system/istio-ingressgateway', options)`.
 */
export class ImportedIngressGateway extends Construct implements IIngressGateway {
  /** Namespace of the existing `Gateway` resource. */
  public readonly namespace: string;
  /** Name of the existing `Gateway` resource. */
  public readonly gatewayName: string;
  /** Namespace of the gateway pods. */
  public readonly podNamespace: string;
  /** Name of the gateway's Deployment and Service. */
  public readonly workloadName: string;
  /** The labels the existing `Gateway` selects its pods by. */
  public readonly selector: Record<string, string>;
  /** How the gateway's Service ports map to container ports. */
  public readonly portMapping: PortMapping;
  /** Always true: the gateway is installed elsewhere, and this app renders none of its objects. */
  public readonly imported = true;
  private readonly _listeners: GatewayListener[] = [];

  /**
   * Use `IngressGateway.fromGatewayReference(scope, id, reference, options)`.
   *
   * @param reference - the existing Gateway as `namespace/name`, e.g. `istio-system/istio-ingressgateway`.
   */
  constructor(scope: Construct, id: string, reference: string, options: ImportedGatewayOptions) {
    super(scope, id);
    const referenceFix = 'write the existing Gateway as namespace/name, e.g. \'istio-system/istio-ingressgateway\'';
    const text = checkString(this, 'reference', reference, referenceFix);
    const [namespace, name, ...rest] = text.split('/');
    if (name === undefined || rest.length > 0 || !isDnsLabel(namespace) || !isDnsLabel(name)) {
      throw new ConfigError(this, 'reference', `'${text}' is not namespace/name of a Gateway (two DNS-1123 labels: lowercase letters, digits and '-')`, referenceFix);
    }
    this.namespace = namespace;
    this.gatewayName = name;
    registerExternalGateway(this, this.reference);
    const example = '{ listeners: [{ port: 443, protocol: Protocol.HTTPS, hosts: [\'*.example.com\'] }] }';
    const checked = checkProps(this, 'options', options, example);
    const nameFix = 'use lowercase letters, digits and \'-\' (no dots), at most 63 characters';
    this.podNamespace = checkOptionalString(this, 'podNamespace', checked.podNamespace, nameFix) ?? namespace;
    this.workloadName = checkOptionalString(this, 'workloadName', checked.workloadName, nameFix) ?? 'istio-ingressgateway';
    for (const [field, value] of [['podNamespace', this.podNamespace], ['workloadName', this.workloadName]]) {
      if (!isDnsLabel(value)) {
        throw new ConfigError(this, field, `'${value}' is not a valid name`, nameFix);
      }
    }
    this.selector = checkOptionalLabels(this, 'selector', checked.selector) ?? { istio: this.workloadName.replace(/^istio-/, '') };
    if (Object.keys(this.selector).length === 0) {
      throw new ConfigError(this, 'selector', 'is empty, but a Gateway selects its pods by at least one label', 'give the existing Gateway\'s selector, e.g. { istio: \'ingressgateway\' }, or leave selector out');
    }
    if (checked.portMapping !== undefined && !(checked.portMapping instanceof PortMapping)) {
      throw new ConfigError(this, 'portMapping', `is ${describeInput(checked.portMapping)}, not a PortMapping`, 'use PortMapping.DIRECT or PortMapping.UNPRIVILEGED, or leave portMapping out');
    }
    this.portMapping = checked.portMapping ?? PortMapping.DIRECT;
    const listenersFix = `describe the existing Gateway's servers, e.g. ${example}`;
    const listeners = checkArray(this, 'listeners', checked.listeners, listenersFix, (item, field) => checkProps(this, field, item as GatewayListenerProps, '{ port: 443, protocol: Protocol.HTTPS }'));
    if (listeners.length === 0) {
      throw new ConfigError(this, 'listeners', 'is empty, so no route could be checked against the gateway', `${listenersFix}; or bind routes by the string '${this.reference}'`);
    }
    listeners.forEach((props) => this.addListener(listenerIdOf(props), props));
  }

  /** `<namespace>/<gatewayName>`, the form VirtualServices use to bind to this gateway. */
  public get reference(): string {
    return `${this.namespace}/${this.gatewayName}`;
  }

  /** The listeners of this gateway, in the order they were described. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  /**
   * The listener describing the server named `name` (the listener's name, `<protocol>-<port>` when none was given).
   * @throws ConfigError when the gateway has no such listener.
   */
  public listener(name: string): GatewayListener {
    return findListener(this, this._listeners, name);
  }

  /** Describes one more server of the existing Gateway; renders nothing. */
  public addListener(id: string, props: GatewayListenerProps): GatewayListener {
    if (typeof id === 'string' && this.node.tryFindChild(id) !== undefined) {
      throw new ConfigError(this, 'listeners', `two listeners are named '${id}'`, 'give every listener its own name');
    }
    return new GatewayListener(this, id, props);
  }

  /** @internal Called by a new GatewayListener; rejects a port or name an earlier listener has. */
  public _registerListener(listener: GatewayListener): void {
    for (const other of this._listeners) {
      for (const field of ['port', 'name'] as const) {
        if (other[field] === listener[field]) {
          throw new ConfigError(listener, field, `${field} ${listener[field]} is already used by listener '${other.node.id}' of this gateway`, `give every server its own ${field}`);
        }
      }
    }
    this._listeners.push(listener);
  }
}

/**
 * @internal
 * The construct id of a described listener: its name, or the default name `<protocol>-<port>`.
 */
export function listenerIdOf(props: GatewayListenerProps): string {
  return typeof props.name === 'string' && props.name !== '' ? props.name : `${String(props.protocol).toLowerCase()}-${String(props.port)}`;
}
