import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppAnalysis } from './app-analysis';
import { ConfigError } from './errors';
import { ServiceLike } from './service-like';
import * as istio from '../imports/networking.istio.io';
import { CLUSTER_DOMAIN, wildcardDomainProblem } from '../istio/host';
import { isDnsLabel } from '../istio/names';

/** Properties of a {@link DestinationRule}. */
export interface DestinationRuleProps {
  /** The Service the subsets belong to: a Service construct (a cdk8s-plus `Service` of any version) or a host name. */
  readonly host: ServiceLike | string;
  /** Subsets by name, each with the pod labels that select its pods, e.g. `{ v1: { version: 'v1' } }`. */
  readonly subsets: Record<string, Record<string, string>>;
  /**
   * Name of the DestinationRule.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespaces the DestinationRule is visible to. It must be visible to the gateway's namespace.
   * @default - every namespace
   */
  readonly exportTo?: string[];
}

/**
 * Named subsets of a Service (an Istio `DestinationRule`), for routes that split traffic
 * between versions with `subset`.
 */
export class DestinationRule extends Construct {
  /** The DestinationRule resource. */
  public readonly resource: ApiObject;
  /** The host the subsets belong to, as written in the DestinationRule. */
  public readonly host: string;
  /** The subset names. */
  public readonly subsetNames: string[];

  constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    if (typeof props.host === 'string') {
      const problem = props.host === '*' ? 'is a wildcard' : wildcardDomainProblem(props.host, false);
      if (problem) {
        throw new ConfigError(this, 'host', `'${props.host}' ${problem}`, 'name a Service, e.g. reviews or reviews.shop.svc.cluster.local');
      }
      this.host = props.host;
    } else {
      const serviceNamespace = props.host.metadata.namespace;
      this.host = serviceNamespace === undefined || serviceNamespace === namespace
        ? props.host.name
        : `${props.host.name}.${serviceNamespace}.${CLUSTER_DOMAIN}`;
    }
    this.subsetNames = Object.keys(props.subsets);
    if (this.subsetNames.length === 0) {
      throw new ConfigError(this, 'subsets', 'is empty', 'define at least one subset, e.g. { v1: { version: \'v1\' } }');
    }
    for (const [name, labels] of Object.entries(props.subsets)) {
      if (!isDnsLabel(name)) {
        throw new ConfigError(this, 'subsets', `'${name}' is not a valid subset name`, 'use lowercase letters, digits and \'-\'');
      }
      if (Object.keys(labels).length === 0) {
        throw new ConfigError(this, `subsets.${name}`, 'has no labels, so it would select every pod of the Service', 'give the labels of the subset\'s pods, e.g. { version: \'v1\' }');
      }
    }
    this.resource = new istio.DestinationRule(this, 'Resource', {
      metadata: { name: props.name ?? id, namespace },
      spec: {
        host: this.host,
        exportTo: props.exportTo,
        subsets: Object.entries(props.subsets).map(([name, labels]) => ({ name, labels })),
      },
    });
    registerAppAnalysis(this);
  }
}
