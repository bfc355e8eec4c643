import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerAppAnalysis } from './app-analysis';
import { ConfigError, describe } from './errors';
import { GatewayListener, IIngressGateway, podNamespaceOf } from './gateway-listener';
import * as istio from '../imports/networking.istio.io';
import { MESH_GATEWAY, resolveGatewayReference } from '../istio/gateway-reference';
import { intersectHosts, resolveShortName, serverHostsVisibleTo, wildcardDomainProblem } from '../istio/host';
import { isDnsLabel } from '../istio/names';

/**
 * A gateway a route binds to: an IngressGateway of this app, a gateway imported with
 * `IngressGateway.fromGatewayReference` (both checked against the route), or `namespace/name` of a Gateway elsewhere
 * (not checked).
 */
export type GatewayReference = IIngressGateway | string;

/** Properties shared by {@link HttpRoute}, {@link TcpRoute} and {@link TlsRoute}. */
export interface RouteProps {
  /**
   * Name of the VirtualService.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Listeners the route serves. The route binds to their gateways; when it does not cover every
   * listener of its kind on a gateway, its matches are narrowed to these listeners' ports.
   * @default - none (give gateways instead)
   */
  readonly listeners?: GatewayListener[];
  /**
   * Whole gateways the route serves: IngressGateway constructs, imported gateways, or `namespace/name` strings.
   * @default - none (give listeners instead)
   */
  readonly gateways?: GatewayReference[];
  /**
   * Namespaces the VirtualService is visible to (`.`, `*` or namespace names). It must be
   * visible to the gateway pods' namespace.
   * @default - every namespace
   */
  readonly exportTo?: string[];
}

/** The routes of each app, by `namespace/name` of their VirtualService, to refuse two routes writing one object. */
const ROUTES_BY_NAME = new WeakMap<IConstruct, Map<string, RouteBase>>();

/** @internal The VirtualService section a route writes. */
export type RouteKind = 'http' | 'tcp' | 'tls';

/** @internal The ports one bound gateway is narrowed to, or undefined for the whole gateway. */
interface Binding {
  readonly reference: string;
  readonly gateway?: IIngressGateway;
  readonly listeners?: GatewayListener[];
}

/**
 * @internal
 * A VirtualService bound to gateways: the binding, hosts and checks every route kind shares.
 */
export abstract class RouteBase extends Construct {
  /** Name of the VirtualService. */
  public readonly name: string;
  /** Namespace of the VirtualService (its Chart's namespace). */
  public readonly namespace: string;
  /** The VirtualService resource. */
  public readonly resource: ApiObject;
  /** @internal */
  protected readonly bindings: Binding[];
  /** @internal */
  protected readonly hostList: string[];
  private readonly exportTo?: string[];

  protected constructor(scope: Construct, id: string, props: RouteProps, hosts: string[], private readonly kind: RouteKind) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    if (!namespace) {
      throw new ConfigError(this, 'namespace', 'the route\'s Chart has no namespace, but short hosts and gateway references resolve against it', 'create the route in a Chart with a namespace, e.g. { namespace: \'default\' }');
    }
    if (!isDnsLabel(namespace)) {
      throw new ConfigError(this, 'namespace', `'${namespace}' (the Chart's namespace) is not a valid namespace name`, 'give the Chart a DNS-1123 label as namespace: lowercase letters, digits and \'-\', at most 63 characters, e.g. \'shop\'');
    }
    this.namespace = namespace;
    this.name = props.name ?? id;
    if (!isDnsSubdomainName(this.name)) {
      throw new ConfigError(this, 'name', `'${this.name}' is not a valid Kubernetes name`, 'use lowercase letters, digits, \'-\' and \'.\'');
    }
    for (const target of props.exportTo ?? []) {
      if (!['.', '*', '~'].includes(target) && !isDnsLabel(target)) {
        throw new ConfigError(this, 'exportTo', `'${target}' is not ., *, ~ or a namespace name`, 'list namespaces the route is visible to, or leave exportTo out');
      }
    }
    this.exportTo = props.exportTo;
    this.hostList = this.checkHosts(hosts);
    this.bindings = this.bind(props);
    this.resource = new istio.VirtualService(this, 'Resource', {
      metadata: { name: this.name, namespace },
      spec: {
        hosts: this.hostList,
        gateways: this.bindings.map((b) => b.reference),
        exportTo: props.exportTo,
        [kind]: Lazy.any({ produce: () => this.renderRules() }),
      } as istio.VirtualServiceSpec,
    });
    this.node.addValidation({ validate: () => this.validateBinding() });
    registerAppAnalysis(this);
    this.claimName();
  }

  /** The `namespace/name` references of the gateways this route is bound to. */
  public get gatewayReferences(): string[] {
    return this.bindings.map((b) => b.reference);
  }

  /** @internal The rules of the route's section. */
  protected abstract renderRules(): unknown[];

  /** @internal Ports to narrow matches to (undefined when no narrowing is needed). */
  protected narrowedPorts(): number[] | undefined {
    const narrowed = this.bindings.filter((b) => b.listeners !== undefined);
    if (narrowed.length === 0) {
      return undefined;
    }
    const ports = new Set(narrowed.flatMap((b) => b.listeners!.map((l) => l.port)));
    const needed = narrowed.some((b) => b.gateway!.listeners.some((l) => l.routeKind === this.kind && !b.listeners!.includes(l)));
    return needed ? [...ports].sort((a, b) => a - b) : undefined;
  }

  /** @internal Normalizes a gateway reference and checks it is one the route is bound to. */
  protected matchGatewayReference(field: string, gateway: GatewayReference): string {
    const reference = typeof gateway === 'string' ? normalizeReference(this, field, gateway, this.namespace) : gateway.reference;
    if (!this.bindings.some((b) => b.reference === reference)) {
      throw new ConfigError(this, field, `'${reference}' is not one of the route's gateways (${this.gatewayReferences.join(', ')})`, 'a match can only narrow to gateways the route is bound to: add it to gateways or listeners');
    }
    return reference;
  }

  /** Refuses a second route of the app writing the same VirtualService (same name and namespace). */
  private claimName(): void {
    const root = this.node.root;
    const routes = ROUTES_BY_NAME.get(root) ?? new Map<string, RouteBase>();
    ROUTES_BY_NAME.set(root, routes);
    const key = `${this.namespace}/${this.name}`;
    const other = routes.get(key);
    if (other !== undefined) {
      throw new ConfigError(this, 'name', `VirtualService '${key}' is also written by route '${other.node.path}', and the second would overwrite the first`, 'give each route its own name (the name prop), or put them in different namespaces');
    }
    routes.set(key, this);
  }

  private checkHosts(hosts: string[]): string[] {
    if (hosts.length === 0) {
      throw new ConfigError(this, 'hosts', 'is empty', 'list the hosts the route serves, e.g. [\'counter.example.com\']');
    }
    hosts.forEach((host, i) => {
      const problem = wildcardDomainProblem(host, false);
      if (problem !== undefined) {
        throw new ConfigError(this, 'hosts', `'${host}' ${problem}`, 'write hosts as counter.example.com, *.example.com or *');
      }
      const fqdn = resolveShortName(host, this.namespace);
      hosts.slice(0, i).forEach((other) => {
        if (intersectHosts(resolveShortName(other, this.namespace), fqdn) !== undefined) {
          throw new ConfigError(this, 'hosts', `'${other}' and '${host}' overlap, which Istio rejects within one VirtualService`, 'keep the broader host only, or split the route');
        }
      });
    });
    return hosts;
  }

  private bind(props: RouteProps): Binding[] {
    const bindings: Binding[] = [];
    const add = (reference: string, gateway?: IIngressGateway, listener?: GatewayListener) => {
      const existing = bindings.find((b) => b.reference === reference);
      if (existing === undefined) {
        bindings.push({ reference, gateway, listeners: listener ? [listener] : undefined });
      } else if (listener && existing.listeners && !existing.listeners.includes(listener)) {
        existing.listeners.push(listener);
      }
    };
    for (const listener of props.listeners ?? []) {
      if (listener.routeKind !== this.kind) {
        throw new ConfigError(this, 'listeners', `listener '${listener.node.path}' (${listener.protocol}${listener.tlsMode ? ` ${listener.tlsMode}` : ''}) is routed by VirtualService '${listener.routeKind}' rules, not '${this.kind}' rules`, `bind it with a ${routeClassFor(listener.routeKind)} instead`);
      }
      add(listener.gateway.reference, listener.gateway, listener);
    }
    for (const gateway of props.gateways ?? []) {
      if (typeof gateway === 'string') {
        add(normalizeReference(this, 'gateways', gateway, this.namespace));
      } else {
        bindings.filter((b) => b.gateway === gateway).forEach((b) => delete (b as { listeners?: unknown }).listeners);
        add(gateway.reference, gateway);
      }
    }
    if (bindings.length === 0) {
      throw new ConfigError(this, 'listeners', 'the route is bound to no gateway, so Istio would apply it to sidecars only', 'give listeners or gateways');
    }
    return bindings;
  }

  /** Whole-app checks: listener kinds, hosts admitted by the bound servers, port narrowing. */
  private validateBinding(): string[] {
    const errors: string[] = [];
    const servers: GatewayListener[] = [];
    for (const binding of this.bindings) {
      if (binding.gateway === undefined) {
        continue;
      }
      const podNamespace = podNamespaceOf(binding.gateway);
      if (this.exportTo?.length && !this.exportTo.some((t) => t === '*' || t === podNamespace || (t === '.' && podNamespace === this.namespace))) {
        errors.push(describe('exportTo', `the route is exported to ${this.exportTo.join(', ')}, so the pods of gateway '${binding.reference}' (namespace '${podNamespace}') never see it`, `add '${podNamespace}' to exportTo, or leave exportTo out`));
      }
      const listeners = binding.listeners ?? binding.gateway.listeners.filter((l) => l.routeKind === this.kind);
      if (listeners.length === 0) {
        errors.push(describe('gateways', `gateway '${binding.reference}' has no listener routed by '${this.kind}' rules`, 'add such a listener, or bind the route elsewhere'));
      }
      servers.push(...listeners.map((l) => l));
    }
    if (servers.length > 0) {
      for (const host of this.hostList) {
        const fqdn = resolveShortName(host, this.namespace);
        const admitted = servers.some((l) => serverHostsVisibleTo(l.hosts, this.namespace, l.gateway.namespace)
          .some((serverHost) => intersectHosts(serverHost, fqdn) !== undefined));
        if (!admitted) {
          errors.push(describe('hosts', `'${host}'${fqdn !== host ? ` (${fqdn})` : ''} is not admitted by the hosts of any bound listener (${servers.map((l) => `${l.node.id}: ${l.hosts.join(', ')}`).join('; ')}), so it would never be routed`, 'add the host to a listener\'s hosts, or fix the route\'s host'));
        }
      }
    }
    const ports = this.narrowedPorts();
    if (ports) {
      for (const binding of this.bindings) {
        const unbound = binding.listeners
          ? binding.gateway!.listeners.filter((l) => l.routeKind === this.kind && !binding.listeners!.includes(l) && ports.includes(l.port))
          : [];
        const whole = binding.listeners ? [] : (binding.gateway?.listeners ?? []).filter((l) => l.routeKind === this.kind && !ports.includes(l.port));
        for (const l of unbound) {
          errors.push(describe('listeners', `listener '${l.node.path}' (port ${l.port}) would be routed too, because the route's matches are narrowed to ports ${ports.join(', ')} and this listener shares one of them without being bound`, 'bind this listener too, or split the route per gateway'));
        }
        for (const l of whole) {
          errors.push(describe('gateways', `listener '${l.node.path}' (port ${l.port}) of a gateway bound as a whole would not be routed, because the route's matches are narrowed to ports ${ports.join(', ')}`, 'bind listeners instead of the whole gateway, or split the route per gateway'));
        }
      }
    }
    return errors;
  }
}

function routeClassFor(kind: RouteKind): string {
  return { http: 'HttpRoute', tcp: 'TcpRoute', tls: 'TlsRoute' }[kind];
}

function isDnsSubdomainName(name: string): boolean {
  return name.length <= 253 && name.split('.').every(isDnsLabel);
}

/**
 * @internal
 * Normalizes a gateway reference the way Istio does (`name`, `./name`, `ns/name`,
 * `name.ns.svc.cluster.local`) into `ns/name`.
 */
export function normalizeReference(scope: Construct, field: string, reference: string, namespace: string): string {
  if (reference === MESH_GATEWAY) {
    throw new ConfigError(scope, field, '\'mesh\' means the sidecars, not a gateway', 'routes of this library are for gateways: name a gateway');
  }
  const result = resolveGatewayReference(reference, namespace);
  if (result === undefined) {
    throw new ConfigError(scope, field, `'${reference}' is not a gateway reference`, 'write it as namespace/name, e.g. istio-system/default-gateway');
  }
  return result;
}
