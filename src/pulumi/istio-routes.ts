/**
 * Routes on a gateway deployed elsewhere (another component, another program's stack, Istio's Helm chart), as one
 * Pulumi component.
 */
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { appFor, ChartComponent, ChartComponentArgs, dependsOnList } from './chart-component';
import { GatewayImport, importGateway } from './gateway-import';
import { IstioIngress } from './istio-ingress';
import { addRoutes, RoutesArgs } from './route-args';
import { describeInput } from '../constructs/input-check';

/** What an {@link IstioRoutes} deploys. */
export interface IstioRoutesArgs extends ChartComponentArgs, RoutesArgs {
  /**
   * The gateway the routes bind to: an {@link IstioIngress} of this program, or a gateway's import (its
   * `gatewayImport` exported by the stack that deploys it, or a description of a gateway installed otherwise, such as
   * `{ reference: 'istio-system/istio-ingressgateway', listeners: [...] }`). The routes are checked against its
   * listeners as the constructs check them.
   */
  readonly gateway: IstioIngress | GatewayImport;
  /** Namespace of the routes that give none. */
  readonly namespace: string;
}

/**
 * VirtualServices bound to a gateway deployed elsewhere, made by the library's route constructs and registered as
 * typed `@pulumi/kubernetes` resources.
 *
 * ```ts
 * // In the shop's program: the platform stack exports `gateway = ingress.gatewayImport`.
 * const platform = new pulumi.StackReference('acme/platform/prod');
 * const gateway = (await platform.getOutputDetails('gateway')).value as GatewayImport;
 * new IstioRoutes('shop', {
 *   gateway,
 *   namespace: 'shop',
 *   httpRoutes: [{ id: 'shop', hosts: ['shop.example.com'], listeners: ['https'],
 *     rules: [{ action: HttpAction.forward([Destination.host('shop', 80)]) }] }],
 * });
 * ```
 *
 * The gateway's description is needed when the program runs (routes are checked against it), so a stack output is
 * read with `getOutputDetails` (or `getOutputValue`) rather than passed as an Output. With an {@link IstioIngress} of
 * the same program, the VirtualServices are created after its Gateway.
 */
export class IstioRoutes extends ChartComponent {
  /** `namespace/name` of the Gateway the routes bind to. */
  public readonly gatewayReference: string;

  /**
   * @param name - the component's logical name.
   * @param args - the gateway and the routes.
   * @param opts - the component's resource options (`provider`, ...).
   */
  constructor(name: string, args: IstioRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
    const ingress = args?.gateway instanceof IstioIngress ? args.gateway : undefined;
    const gateway = ingress?.gatewayImport ?? args?.gateway as GatewayImport;
    super('cdk8s-istio-gateway:index:IstioRoutes', name, () => buildRoutes(gateway, args), withGatewayDependency(args, ingress), opts);
    this.gatewayReference = gateway.reference;
    this.registerOutputs({ gatewayReference: this.gatewayReference, virtualServices: this.objects.map((o) => `${o.namespace}/${o.name}`) });
  }
}

/** The args, with the routes' resources made to depend on the Gateway of an IstioIngress of this program. */
function withGatewayDependency(args: IstioRoutesArgs, ingress: IstioIngress | undefined): ChartComponentArgs {
  if (ingress === undefined) {
    return args;
  }
  const [namespace, name] = ingress.reference.split('/');
  const gatewayResource = ingress.resource('Gateway', name, namespace);
  return { ...args, resourceOptions: { ...args.resourceOptions, dependsOn: [...dependsOnList(args.resourceOptions?.dependsOn), gatewayResource] } };
}

function buildRoutes(gateway: GatewayImport, args: IstioRoutesArgs): App {
  if (args === null || typeof args !== 'object') {
    throw new Error(`args is ${describeInput(args)}; give at least { gateway, namespace: 'shop', httpRoutes: [...] }`);
  }
  if (typeof args.namespace !== 'string' || args.namespace === '') {
    throw new Error(`namespace is ${describeInput(args.namespace)}; give the routes' namespace, e.g. namespace: 'shop'`);
  }
  const app = appFor(args);
  const imported = importGateway(new Chart(app, 'gateway'), 'gateway', gateway);
  addRoutes(app, imported, args.namespace, args);
  return app;
}
