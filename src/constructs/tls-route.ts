import { Construct } from 'constructs';
import { ConfigError } from './errors';
import { RouteBase, RouteProps } from './route-base';
import { RouteDestination } from './route-destination';
import { checkLayer4Destinations, layer4Rules, renderWeighted } from './tcp-route';
import { hostCovers, resolveShortName, wildcardDomainProblem } from '../istio/host';

/** One TLS passthrough rule: connections whose SNI matches go to the destinations. */
export interface TlsRule {
  /** SNI names this rule takes; each must lie within the route's hosts. */
  readonly sniHosts: string[];
  /** Where connections go (weighted per connection). */
  readonly destinations: RouteDestination[];
}

/** Properties of a {@link TlsRoute}. */
export interface TlsRouteProps extends RouteProps {
  /** Hosts the route serves; the SNI names of its rules lie within them. */
  readonly hosts: string[];
  /**
   * Where connections go (a single rule whose SNI names are the route's hosts); or give `rules`.
   * @default - none
   */
  readonly destinations?: RouteDestination[];
  /**
   * Rules, in order; the first whose SNI names match takes the connection.
   * @default - one rule made of `destinations`
   */
  readonly rules?: TlsRule[];
}

/**
 * TLS passthrough routing by SNI on PASSTHROUGH listeners: a VirtualService with `tls` rules.
 * The gateway never decrypts the traffic.
 */
export class TlsRoute extends RouteBase {
  private readonly rules: TlsRule[];

  constructor(scope: Construct, id: string, props: TlsRouteProps) {
    super(scope, id, props, props.hosts, 'tls');
    this.rules = layer4Rules(this, props.destinations, props.rules, (destinations) => ({ sniHosts: props.hosts, destinations }));
    const hosts = props.hosts.map((h) => resolveShortName(h, this.namespace));
    this.rules.forEach((rule, r) => {
      if (rule.sniHosts.length === 0) {
        throw new ConfigError(this, `rules[${r}].sniHosts`, 'is empty', 'list the SNI names the rule takes');
      }
      for (const sni of rule.sniHosts) {
        const problem = wildcardDomainProblem(sni, false);
        if (problem !== undefined) {
          throw new ConfigError(this, `rules[${r}].sniHosts`, `'${sni}' ${problem}`, 'write SNI names as db.example.com or *.example.com');
        }
        if (!hosts.some((h) => hostCovers(h, resolveShortName(sni, this.namespace)))) {
          throw new ConfigError(this, `rules[${r}].sniHosts`, `'${sni}' is not within the route's hosts (${props.hosts.join(', ')})`, 'add it to hosts, or fix the SNI name');
        }
      }
    });
    checkLayer4Destinations(this, this.rules, this.namespace);
  }

  /** @internal */
  protected renderRules(): unknown[] {
    const ports = this.narrowedPorts();
    return this.rules.map((rule) => ({
      match: (ports ?? [undefined]).map((port) => ({ port, sniHosts: rule.sniHosts })),
      route: renderWeighted(this, rule.destinations, this.namespace),
    }));
  }
}
