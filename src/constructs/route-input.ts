/**
 * Checks of the props of HttpRoute, TcpRoute and TlsRoute for callers the types do not protect (plain JavaScript,
 * values read from YAML or JSON): the shapes RouteBase reads before the route exists, and the input shapes the three
 * routes share (header operations, unknown fields).
 */
import { Construct, IConstruct, Node } from 'constructs';
import { ConfigError } from './errors';
import { GatewayListener, isIngressGateway } from './gateway-listener';
import {
  checkArray, checkInstance, checkOptionalArray, checkOptionalObject, checkOptionalStringMap, checkOptionalStrings,
  checkProps, checkString, describeInput,
} from './input-check';
import { GatewayReference, RouteProps } from './route-base';
import { headerValueProblem } from '../istio/header-value';

/**
 * @internal
 * A stand-in for the construct `id` will make under `scope`, for errors found before it exists (a constructor must
 * check the props its base class reads before calling it): only its path is read.
 */
export function pendingScope(scope: IConstruct, id: string): IConstruct {
  const parent = Node.of(scope).path;
  const child = String(id).split(Node.PATH_SEP).join('--');
  return { node: { path: parent ? `${parent}${Node.PATH_SEP}${child}` : child } } as unknown as IConstruct;
}

/**
 * @internal
 * Checks the props every route kind shares (those RouteBase reads) and the route's `hosts`; returns the props.
 *
 * @param example - a valid props object for the fix, e.g. `{ listeners: [http], hosts: ['counter.example.com'] }`.
 * @param hostsOptional - whether `hosts` may be left out (TcpRoute).
 */
export function checkRouteProps<T extends RouteProps & { readonly hosts?: string[] }>(scope: IConstruct, id: string, props: T | undefined | null,
  example: string, hostsOptional = false): T {
  const at = pendingScope(scope, id);
  const checked = checkProps(at, 'props', props, example);
  if (checked.name !== undefined) {
    checkString(at, 'name', checked.name, 'give a Kubernetes name such as counter, or leave name out');
  }
  const hostsFix = 'list the hosts the route serves, e.g. hosts: [\'counter.example.com\']';
  if (checked.hosts !== undefined || !hostsOptional) {
    checkArray(at, 'hosts', checked.hosts, hostsFix, (item, field) => checkString(at, field, item, hostsFix));
  }
  checkOptionalArray(at, 'listeners', checked.listeners, 'list GatewayListener constructs, e.g. listeners: [gateway.addListener(\'http\', { port: 80, protocol: Protocol.HTTP })]',
    (item, field) => checkInstance(at, field, item, GatewayListener, 'a listener from gateway.addListener()'));
  const gatewaysFix = 'list IngressGateway constructs or namespace/name strings, e.g. gateways: [\'istio-system/default-gateway\']';
  checkOptionalArray(at, 'gateways', checked.gateways, gatewaysFix, (item, field) => checkGatewayReference(at, field, item));
  checkOptionalStrings(at, 'exportTo', checked.exportTo, 'list namespace names, . or *, e.g. exportTo: [\'istio-system\']');
  return checked;
}

/** @internal A gateway reference: a gateway construct (IngressGateway, or one made elsewhere) or a `namespace/name` string. */
export function checkGatewayReference(scope: IConstruct, field: string, value: unknown): GatewayReference {
  if (typeof value === 'string' || (Construct.isConstruct(value) && isIngressGateway(value))) {
    return value;
  }
  throw new ConfigError(scope, field, `is ${describeInput(value)}, not an IngressGateway or a string`, 'give an IngressGateway construct or a namespace/name string such as istio-system/default-gateway');
}

/** @internal Refuses fields of a mapping that are not among `known` (a misspelt field would be ignored silently). */
export function checkKnownFields(scope: IConstruct, field: string, value: Record<string, unknown>, known: readonly string[], what: string): void {
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  if (unknown !== undefined) {
    throw new ConfigError(scope, `${field}.${unknown}`, `is not a field of ${what}`, `use ${known.join(', ')}`);
  }
}

/** @internal The types of header operations (`{ request?: { set?, add?, remove? }, response?: ... }`) and their values. */
export function checkHeaderOperationsInput(scope: IConstruct, field: string, value: unknown): void {
  const example = '{ request: { set: { \'x-env\': \'prod\' } }, response: { remove: [\'server\'] } }';
  const headers = checkOptionalObject(scope, field, value as object | undefined, example) as Record<string, unknown> | undefined;
  if (headers === undefined) {
    return;
  }
  checkKnownFields(scope, field, headers, ['request', 'response'], 'header operations');
  for (const direction of ['request', 'response'] as const) {
    const at = `${field}.${direction}`;
    const ops = checkOptionalObject(scope, at, headers[direction] as object | undefined, '{ set: { \'x-env\': \'prod\' } }') as Record<string, unknown> | undefined;
    if (ops === undefined) {
      continue;
    }
    checkKnownFields(scope, at, ops, ['set', 'add', 'remove'], 'a header operation');
    for (const kind of ['set', 'add'] as const) {
      const values = checkOptionalStringMap(scope, `${at}.${kind}`, ops[kind], `give header values as strings, e.g. ${kind}: { 'x-env': 'prod' }`);
      for (const [name, text] of Object.entries(values ?? {})) {
        const problem = headerValueProblem(text);
        if (problem !== undefined) {
          throw new ConfigError(scope, `${at}.${kind}['${name}']`, `'${text}' ${problem}`, 'give a value Envoy can use (write a literal % as %%)');
        }
      }
    }
    checkOptionalStrings(scope, `${at}.remove`, ops.remove, 'list header names, e.g. remove: [\'server\']');
  }
}

/**
 * @internal
 * An instance of a class made by its static factories (`PathMatch.prefix('/')`, `HttpAction.forward(...)`), whose
 * private constructor `checkInstance` cannot take; otherwise as `checkInstance`.
 */
export function checkMadeBy<T>(scope: IConstruct, field: string, value: unknown,
  type: { readonly prototype: T; readonly name: string }, example: string): T {
  if (!(typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(type.prototype, value))) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a ${type.name}`, `use ${example}`);
  }
  return value as T;
}
