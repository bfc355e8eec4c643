/**
 * The Pulumi-native face of the library: an ingress gateway with its listeners and routes, as one component, with
 * the outputs a Pulumi program passes on (Service name and namespace, node ports, the Gateway reference, the load
 * balancer address).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { appFor, ChartComponent, ChartComponentArgs } from './chart-component';
import { GatewayImport, gatewayImportOf } from './gateway-import';
import { addRoutes, RoutesArgs } from './route-args';
import { GatewayListenerProps } from '../constructs/gateway-listener';
import { listenerIdOf } from '../constructs/imported-gateway';
import { IngressGateway, IngressGatewayProps } from '../constructs/ingress-gateway';
import { describeInput } from '../constructs/input-check';

/** A listener of an {@link IstioIngress}: a Service port, a Gateway server and a container port. */
export interface ListenerArgs extends GatewayListenerProps {
  /**
   * The listener's construct id (part of no logical name: listeners render no objects of their own).
   * @default - its name, else `<protocol>-<port>` in lowercase
   */
  readonly id?: string;
}

/** What an {@link IstioIngress} deploys. */
export interface IstioIngressArgs extends ChartComponentArgs, RoutesArgs {
  /** Namespace of the gateway: its Deployment, Service, ServiceAccount, RBAC objects and Gateway. */
  readonly namespace: string;
  /**
   * The gateway's workload, Service and Gateway settings, as `IngressGateway` takes them.
   * @default - an `IngressGateway` with its defaults, its Gateway named after the component
   */
  readonly gateway?: IngressGatewayProps;
  /** The listeners, in order (at least one). */
  readonly listeners: ListenerArgs[];
  /**
   * Namespace of the routes that give none.
   * @default - the gateway's namespace
   */
  readonly routesNamespace?: string;
}

/**
 * An Istio ingress gateway and its routes, deployed by Pulumi: the gateway's Deployment, Service, ServiceAccount,
 * RBAC objects and `Gateway`, and a VirtualService per route, made by the library's constructs and registered as typed
 * `@pulumi/kubernetes` resources (see {@link Cdk8sChart}).
 *
 * ```ts
 * const ingress = new IstioIngress('public', {
 *   namespace: 'istio-ingress',
 *   gateway: { serviceType: ServiceType.NODE_PORT },
 *   listeners: [{ name: 'http', port: 80, nodePort: 30080, protocol: Protocol.HTTP }],
 *   httpRoutes: [{ id: 'counter', namespace: 'default', hosts: ['counter.example.com'],
 *     rules: [{ action: HttpAction.forward([Destination.host('counter', 80)]) }] }],
 * });
 * export const nodePorts = ingress.nodePorts;
 * ```
 *
 * Routes deployed by other programs bind to it by {@link IstioIngress.gatewayImport} (see {@link IstioRoutes}).
 */
export class IstioIngress extends ChartComponent {
  /** `namespace/name` of the `Gateway`, known when the program runs (for routes made in the same program). */
  public readonly reference: string;
  /**
   * What routes deployed elsewhere need to know of this gateway: its reference, listeners (without certificates),
   * pods and port mapping. Plain data: export it from the stack, and give it to {@link IstioRoutes} in another.
   */
  public readonly gatewayImport: GatewayImport;
  /** `namespace/name` of the `Gateway` resource, once it exists: what VirtualServices bind to. */
  public readonly gatewayReference: pulumi.Output<string>;
  /** Name of the gateway Service. */
  public readonly serviceName: pulumi.Output<string>;
  /** Namespace of the gateway Service. */
  public readonly serviceNamespace: pulumi.Output<string>;
  /**
   * The node port of each listener, by listener name (as the cluster assigned it when the listener gives none);
   * empty for a ClusterIP Service.
   */
  public readonly nodePorts: pulumi.Output<Record<string, number>>;
  /** The load balancer's IP address or host name, once the cloud assigned one; undefined otherwise. */
  public readonly loadBalancerAddress: pulumi.Output<string | undefined>;

  /**
   * @param name - the component's logical name, and the Gateway's name unless `gateway.gatewayName` is given.
   * @param args - the gateway, its listeners and routes.
   * @param opts - the component's resource options (`provider`, ...).
   */
  constructor(name: string, args: IstioIngressArgs, opts?: pulumi.ComponentResourceOptions) {
    let built: IngressGateway | undefined;
    super('cdk8s-istio-gateway:index:IstioIngress', name, () => {
      const app = appFor(args);
      built = buildGateway(app, name, args);
      return app;
    }, args, opts);
    const gateway = built as IngressGateway;
    this.reference = gateway.reference;
    this.gatewayImport = gatewayImportOf(gateway);
    const service = this.resource('Service', gateway.workloadName, gateway.namespace) as k8s.core.v1.Service;
    const gatewayResource = this.resource('Gateway', gateway.gatewayName, gateway.namespace) as k8s.apiextensions.CustomResource;
    this.serviceName = service.metadata.apply((m) => m.name);
    this.serviceNamespace = service.metadata.apply((m) => m.namespace);
    this.gatewayReference = gatewayResource.metadata.apply((m) => `${m.namespace}/${m.name}`);
    this.nodePorts = service.spec.apply((spec) => Object.fromEntries((spec?.ports ?? [])
      .filter((p) => typeof p.name === 'string' && typeof p.nodePort === 'number')
      .map((p) => [p.name, p.nodePort])));
    this.loadBalancerAddress = service.status.apply((status) => {
      const first = status?.loadBalancer?.ingress?.[0];
      return first?.ip ?? first?.hostname ?? undefined;
    });
    this.registerOutputs({
      gatewayReference: this.gatewayReference,
      serviceName: this.serviceName,
      serviceNamespace: this.serviceNamespace,
      nodePorts: this.nodePorts,
      loadBalancerAddress: this.loadBalancerAddress,
    });
  }
}

/** Adds the gateway chart and the route charts to `app`; returns the gateway. */
function buildGateway(app: App, name: string, args: IstioIngressArgs): IngressGateway {
  if (args === null || typeof args !== 'object') {
    throw new Error(`args is ${describeInput(args)}; give at least { namespace: 'istio-ingress', listeners: [...] }`);
  }
  if (typeof args.namespace !== 'string' || args.namespace === '') {
    throw new Error(`namespace is ${describeInput(args.namespace)}; give the gateway's namespace, e.g. namespace: 'istio-ingress'`);
  }
  const chart = new Chart(app, 'gateway', { namespace: args.namespace });
  const gateway = new IngressGateway(chart, 'ingress', { gatewayName: name, ...args.gateway });
  if (!Array.isArray(args.listeners) || args.listeners.length === 0) {
    throw new Error(`listeners is ${Array.isArray(args.listeners) ? 'empty' : describeInput(args.listeners)}; give at least one, e.g. [{ name: 'http', port: 80, protocol: Protocol.HTTP }]`);
  }
  args.listeners.forEach((listener, i) => {
    if (listener === null || typeof listener !== 'object') {
      throw new Error(`listeners[${i}] is ${describeInput(listener)}; give the listener's props, e.g. { name: 'http', port: 80, protocol: Protocol.HTTP }`);
    }
    const { id, ...props } = listener;
    gateway.addListener(id ?? listenerIdOf(props), props);
  });
  addRoutes(app, gateway, args.routesNamespace ?? args.namespace, args);
  return gateway;
}
