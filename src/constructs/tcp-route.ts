import { Construct } from 'constructs';
import { Destination, readDestination } from './destination';
import { ConfigError } from './errors';
import { GatewayListener } from './gateway-listener';
import { checkArray, checkInstance, checkProps } from './input-check';
import { RouteBase, RouteProps } from './route-base';
import { checkWeights, resolveDestination, RouteDestination, serviceDestinationProblems } from './route-destination';
import { checkKnownFields, checkRouteProps, pendingScope } from './route-input';

/** One TCP rule. */
export interface TcpRule {
  /** Where connections go (weighted per connection), e.g. `[Destination.service(db, 3306)]`. */
  readonly destinations: Array<Destination | RouteDestination>;
}

/** Properties of a {@link TcpRoute}. */
export interface TcpRouteProps extends RouteProps {
  /**
   * The TCP listener this route serves (shorthand for `listeners: [listener]`).
   * @default - none (give listeners or gateways)
   */
  readonly listener?: GatewayListener;
  /**
   * Hosts of the VirtualService. A TCP connection carries no host name: hosts only decide
   * which listeners (by their hosts) the route applies to.
   * @default ['*']
   */
  readonly hosts?: string[];
  /**
   * Where connections go (a single rule), e.g. `[Destination.service(db, 3306)]`; or give `rules`.
   * @default - none
   */
  readonly destinations?: Array<Destination | RouteDestination>;
  /**
   * Rules, in order. Istio picks the first rule that applies to a server for all its connections.
   * @default - one rule made of `destinations`
   */
  readonly rules?: TcpRule[];
}

/**
 * TCP routing on gateway listeners (TCP, MONGO, and TLS listeners that terminate TLS): a
 * VirtualService with `tcp` rules.
 */
export class TcpRoute extends RouteBase {
  private readonly rules: Layer4Rule[];

  constructor(scope: Construct, id: string, props: TcpRouteProps) {
    const checked = checkRouteProps(scope, id, props, '{ listener: mysql, destinations: [Destination.service(db, 3306)] }', true);
    if (checked.listener !== undefined) {
      checkInstance(pendingScope(scope, id), 'listener', checked.listener, GatewayListener, 'a listener from gateway.addListener()');
    }
    super(scope, id, { ...checked, listeners: [...(checked.listener ? [checked.listener] : []), ...(checked.listeners ?? [])] }, checked.hosts ?? ['*'], 'tcp');
    this.rules = layer4Rules(this, checked.destinations, checked.rules, ['destinations'], (destinations) => ({ destinations }));
    checkLayer4Destinations(this, this.rules, this.namespace, checked.rules === undefined);
  }

  /** @internal */
  protected renderRules(): unknown[] {
    const ports = this.narrowedPorts();
    return this.rules.map((rule) => ({
      match: ports?.map((port) => ({ port })),
      route: renderWeighted(this, rule.destinations, this.namespace),
    }));
  }
}

/** @internal A rule of a TCP or TLS route, its destinations read into one shape. */
export interface Layer4Rule {
  readonly destinations: RouteDestination[];
}

/**
 * @internal
 * The rules of a TCP or TLS route: `destinations` as a single rule (made by `toRule`), or `rules`, each a mapping of
 * the `fields` given; the destinations are read (Destination or literal) and type-checked.
 */
export function layer4Rules<R extends Layer4Rule>(
  scope: Construct,
  destinations: unknown,
  rules: unknown,
  fields: readonly string[],
  toRule: (d: RouteDestination[]) => R,
): R[] {
  if ((destinations === undefined) === (rules === undefined)) {
    throw new ConfigError(scope, 'destinations', 'give exactly one of destinations and rules', 'use destinations for a single rule, rules for several');
  }
  const read = (field: string, value: unknown) => checkArray(scope, field, value, 'give a list of destinations, e.g. [Destination.service(db, 3306)]',
    (item, itemField) => readDestination(scope, itemField, item, 'layer4'));
  if (rules === undefined) {
    return [toRule(read('destinations', destinations))];
  }
  const example = `{ ${fields.map((f) => f === 'destinations' ? 'destinations: [Destination.service(db, 3306)]' : `${f}: [...]`).join(', ')} }`;
  const result = checkArray(scope, 'rules', rules, `give a list of rules, e.g. rules: [${example}]`, (item, field) => {
    const rule = checkProps(scope, field, item as Record<string, unknown>, example);
    checkKnownFields(scope, field, rule, fields, 'a rule');
    return { ...rule, destinations: read(`${field}.destinations`, rule.destinations) } as unknown as R;
  });
  if (result.length === 0) {
    throw new ConfigError(scope, 'rules', 'is empty', 'give at least one rule');
  }
  return result;
}

/**
 * @internal Checks the destinations of layer-4 rules (`shorthand`: given as `destinations`, not `rules`) now (weights, hosts, ports) and, at synth,
 * the ports of cdk8s-plus Services they name.
 */
export function checkLayer4Destinations(scope: Construct, rules: readonly Layer4Rule[], namespace: string, shorthand: boolean): void {
  const at = (r: number) => shorthand ? 'destinations' : `rules[${r}].destinations`;
  rules.forEach((rule, r) => {
    checkWeights(scope, at(r), rule.destinations);
    rule.destinations.forEach((d, i) => resolveDestination(scope, `${at(r)}[${i}]`, d, namespace));
  });
  scope.node.addValidation({
    validate: () => rules.flatMap((rule, r) => rule.destinations.flatMap((d, i) => serviceDestinationProblems(`${at(r)}[${i}]`, d))),
  });
}

/** @internal Istio's weighted route list for layer-4 rules. */
export function renderWeighted(scope: Construct, destinations: RouteDestination[], namespace: string): unknown[] {
  return destinations.map((d, i) => ({
    destination: resolveDestination(scope, `destinations[${i}]`, d, namespace),
    weight: destinations.length > 1 ? d.weight : undefined,
  }));
}
