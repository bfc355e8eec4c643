import { Construct } from 'constructs';
import { Destination } from './destination';
import { ConfigError } from './errors';
import { checkArray, checkString } from './input-check';
import { RouteBase, RouteProps } from './route-base';
import { RouteDestination } from './route-destination';
import { checkRouteProps } from './route-input';
import { checkLayer4Destinations, Layer4Rule, layer4Rules, renderWeighted } from './tcp-route';
import { hostCovers, resolveShortName, wildcardDomainProblem } from '../istio/host';

/** One TLS passthrough rule: connections whose SNI matches go to the destinations. */
export interface TlsRule {
  /** SNI names this rule takes; each must lie within the route's hosts. */
  readonly sniHosts: string[];
  /** Where connections go (weighted per connection), e.g. `[Destination.service(db, 5432)]`. */
  readonly destinations: Array<Destination | RouteDestination>;
}

/** A TLS rule with its destinations read. */
interface ReadTlsRule extends Layer4Rule {
  readonly sniHosts: string[];
}

/** Properties of a {@link TlsRoute}. */
export interface TlsRouteProps extends RouteProps {
  /** Hosts the route serves; the SNI names of its rules lie within them. */
  readonly hosts: string[];
  /**
   * Where connections go (a single rule whose SNI names are the route's hosts); or give `rules`.
   * @default - none
   */
  readonly destinations?: Array<Destination | RouteDestination>;
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
  private readonly rules: ReadTlsRule[];

  constructor(scope: Construct, id: string, props: TlsRouteProps) {
    const checked = checkRouteProps(scope, id, props, '{ listeners: [passthrough], hosts: [\'db.example.com\'], destinations: [Destination.service(db, 5432)] }');
    super(scope, id, checked, checked.hosts, 'tls');
    this.rules = layer4Rules(this, checked.destinations, checked.rules, ['sniHosts', 'destinations'], (destinations) => ({ sniHosts: checked.hosts, destinations }));
    const hosts = checked.hosts.map((h) => resolveShortName(h, this.namespace));
    this.rules.forEach((rule, r) => {
      const sniFix = 'list the SNI names the rule takes, e.g. sniHosts: [\'db.example.com\']';
      checkArray(this, `rules[${r}].sniHosts`, rule.sniHosts, sniFix, (item, field) => checkString(this, field, item, sniFix));
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
    checkLayer4Destinations(this, this.rules, this.namespace, checked.rules === undefined);
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
