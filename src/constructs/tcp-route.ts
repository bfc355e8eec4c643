import { Construct } from 'constructs';
import { ConfigError } from './errors';
import { GatewayListener } from './gateway-listener';
import { RouteBase, RouteProps } from './route-base';
import { checkWeights, resolveDestination, RouteDestination, serviceDestinationProblems } from './route-destination';

/** One TCP rule. */
export interface TcpRule {
  /** Where connections go (weighted per connection). */
  readonly destinations: RouteDestination[];
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
   * Where connections go (a single rule); or give `rules`.
   * @default - none
   */
  readonly destinations?: RouteDestination[];
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
  private readonly rules: TcpRule[];

  constructor(scope: Construct, id: string, props: TcpRouteProps) {
    super(scope, id, { ...props, listeners: [...(props.listener ? [props.listener] : []), ...(props.listeners ?? [])] }, props.hosts ?? ['*'], 'tcp');
    this.rules = layer4Rules(this, props.destinations, props.rules);
    checkLayer4Destinations(this, this.rules, this.namespace);
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

/** @internal The rules of a TCP or TLS route: `destinations` as a single rule, or `rules`. */
export function layer4Rules<R>(
  scope: Construct,
  destinations: RouteDestination[] | undefined,
  rules: R[] | undefined,
  toRule?: (d: RouteDestination[]) => R,
): R[] {
  if ((destinations === undefined) === (rules === undefined)) {
    throw new ConfigError(scope, 'destinations', 'give exactly one of destinations and rules', 'use destinations for a single rule, rules for several');
  }
  const result = rules ?? [toRule ? toRule(destinations!) : { destinations } as unknown as R];
  if (result.length === 0) {
    throw new ConfigError(scope, 'rules', 'is empty', 'give at least one rule');
  }
  return result;
}

/**
 * @internal Checks the destinations of layer-4 rules now (weights, hosts, ports) and, at synth,
 * the ports of cdk8s-plus Services they name.
 */
export function checkLayer4Destinations(scope: Construct, rules: ReadonlyArray<{ destinations: RouteDestination[] }>, namespace: string): void {
  rules.forEach((rule, r) => {
    checkWeights(scope, `rules[${r}].destinations`, rule.destinations);
    rule.destinations.forEach((d, i) => resolveDestination(scope, `rules[${r}].destinations[${i}]`, d, namespace));
  });
  scope.node.addValidation({
    validate: () => rules.flatMap((rule, r) => rule.destinations.flatMap((d, i) => serviceDestinationProblems(`rules[${r}].destinations[${i}]`, d))),
  });
}

/** @internal Istio's weighted route list for layer-4 rules. */
export function renderWeighted(scope: Construct, destinations: RouteDestination[], namespace: string): unknown[] {
  return destinations.map((d, i) => ({
    destination: resolveDestination(scope, `destinations[${i}]`, d, namespace),
    weight: destinations.length > 1 ? d.weight : undefined,
  }));
}
