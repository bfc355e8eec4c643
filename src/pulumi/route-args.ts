/**
 * Routes as Pulumi components take them: the props of `HttpRoute`, `TcpRoute` and `TlsRoute`, bound to the
 * component's gateway by listener names instead of listener constructs.
 */
import { App, Chart } from 'cdk8s';
import { findListener, GatewayListener, IIngressGateway } from '../constructs/gateway-listener';
import { HttpRoute, HttpRouteProps } from '../constructs/http-route';
import { describeInput } from '../constructs/input-check';
import { TcpRoute, TcpRouteProps } from '../constructs/tcp-route';
import { TlsRoute, TlsRouteProps } from '../constructs/tls-route';

/** How a route of a component is named, where it lives, and which listeners of the gateway it serves. */
export interface RouteBinding {
  /**
   * The route's id: the construct id its resources' logical names are made of, and the VirtualService name unless
   * `name` is given. Keep it stable: a new id is a new resource.
   */
  readonly id: string;
  /**
   * Namespace of the VirtualService.
   * @default - the component's namespace for routes
   */
  readonly namespace?: string;
  /**
   * Names of the gateway's listeners the route serves (their `name`, `<protocol>-<port>` when none was given), e.g.
   * `['http', 'https']`. Without them the route serves the whole gateway.
   * @default - every listener of the gateway (of the route's kind)
   */
  readonly listeners?: string[];
}

/** An HTTP route of a component: {@link HttpRouteProps} bound by listener names. */
export interface HttpRouteArgs extends Omit<HttpRouteProps, 'listeners' | 'gateways'>, RouteBinding {}

/** A TCP route of a component: {@link TcpRouteProps} bound by listener names. */
export interface TcpRouteArgs extends Omit<TcpRouteProps, 'listeners' | 'gateways' | 'listener'>, RouteBinding {}

/** A TLS passthrough route of a component: {@link TlsRouteProps} bound by listener names. */
export interface TlsRouteArgs extends Omit<TlsRouteProps, 'listeners' | 'gateways'>, RouteBinding {}

/** The routes a component deploys on its gateway. */
export interface RoutesArgs {
  /**
   * HTTP routes (VirtualServices with `http` rules).
   * @default - none
   */
  readonly httpRoutes?: HttpRouteArgs[];
  /**
   * TCP routes (VirtualServices with `tcp` rules).
   * @default - none
   */
  readonly tcpRoutes?: TcpRouteArgs[];
  /**
   * TLS passthrough routes (VirtualServices with `tls` rules).
   * @default - none
   */
  readonly tlsRoutes?: TlsRouteArgs[];
}

/**
 * Adds the routes of `args` to `app`, bound to `gateway`: one chart per namespace (`routes-<namespace>`), one route
 * construct per route, with the route's id.
 *
 * @param defaultNamespace - the namespace of routes that give none.
 */
export function addRoutes(app: App, gateway: IIngressGateway, defaultNamespace: string, args: RoutesArgs): void {
  const charts = new Map<string, Chart>();
  const chartFor = (namespace: unknown, field: string): Chart => {
    if (namespace !== undefined && typeof namespace !== 'string') {
      throw new Error(`${field}.namespace is ${describeInput(namespace)}; give the namespace name as a string, or leave it out for '${defaultNamespace}'`);
    }
    const ns = namespace ?? defaultNamespace;
    let chart = charts.get(ns);
    if (chart === undefined) {
      chart = new Chart(app, `routes-${ns}`, { namespace: ns });
      charts.set(ns, chart);
    }
    return chart;
  };
  const kinds = [
    ['httpRoutes', (scope: Chart, id: string, props: HttpRouteArgs, bound: Bound) => new HttpRoute(scope, id, { ...strip(props), ...bound })],
    ['tcpRoutes', (scope: Chart, id: string, props: TcpRouteArgs, bound: Bound) => new TcpRoute(scope, id, { ...strip(props), ...bound })],
    ['tlsRoutes', (scope: Chart, id: string, props: TlsRouteArgs, bound: Bound) => new TlsRoute(scope, id, { ...strip(props), ...bound })],
  ] as const;
  for (const [key, create] of kinds) {
    const list: unknown = args[key];
    if (list === undefined) {
      continue;
    }
    if (!Array.isArray(list)) {
      throw new Error(`${key} is ${describeInput(list)}, not an array; give a list of routes, e.g. [{ id: 'shop', hosts: ['shop.example.com'], ... }]`);
    }
    list.forEach((route: unknown, i) => {
      const field = `${key}[${i}]`;
      if (route === null || typeof route !== 'object') {
        throw new Error(`${field} is ${describeInput(route)}; give the route's props, e.g. { id: 'shop', hosts: ['shop.example.com'] }`);
      }
      const binding = route as RouteBinding;
      if (typeof binding.id !== 'string' || binding.id === '') {
        throw new Error(`${field}.id is ${describeInput(binding.id)}; give every route an id (its resources are named by it), e.g. id: 'shop'`);
      }
      const scope = chartFor(binding.namespace, field);
      const make = create as (scope: Chart, id: string, props: unknown, bound: Bound) => unknown;
      make(scope, binding.id, route, bindTo(gateway, binding.listeners, field));
    });
  }
}

/** What binds a route construct to the gateway: listeners, or the whole gateway. */
interface Bound {
  readonly listeners?: GatewayListener[];
  readonly gateways?: IIngressGateway[];
}

function bindTo(gateway: IIngressGateway, listeners: unknown, field: string): Bound {
  if (listeners === undefined) {
    return { gateways: [gateway] };
  }
  if (!Array.isArray(listeners) || listeners.some((l) => typeof l !== 'string')) {
    throw new Error(`${field}.listeners is ${describeInput(listeners)}; give the names of the gateway's listeners, e.g. ['http', 'https']`);
  }
  return { listeners: listeners.map((name: string) => findListener(gateway, gateway.listeners, name)) };
}

/** The route props without the binding fields the route constructs do not take. */
function strip<T extends RouteBinding>(props: T): Omit<T, 'id' | 'namespace' | 'listeners'> {
  const { id: _id, namespace: _namespace, listeners: _listeners, ...rest } = props;
  return rest;
}
