import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppAnalysis } from './app-analysis';
import { ConfigError } from './errors';
import { checkOptionalStringMap, checkOptionalStrings, checkProps, checkString, describeInput, isPlainObject } from './input-check';
import { checkServiceLike, ServiceLike } from './service-like';
import * as istio from '../imports/networking.istio.io';
import { exportToProblems } from '../istio/export-to';
import { CLUSTER_DOMAIN, wildcardDomainProblem } from '../istio/host';
import { labelProblems } from '../istio/labels';
import { isDnsLabel, isDnsSubdomain } from '../istio/names';

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
    props = checkProps(this, 'props', props, '{ host: reviews, subsets: { v1: { version: \'v1\' } } }');
    const namespace = Chart.of(this).namespace;
    if (namespace !== undefined && !isDnsLabel(namespace)) {
      throw new ConfigError(this, 'namespace', `the Chart's namespace '${namespace}' is not a valid namespace name`, 'give the Chart a namespace of lowercase letters, digits and \'-\', e.g. shop');
    }
    if (props.host === undefined || props.host === null) {
      throw new ConfigError(this, 'host', `is ${describeInput(props.host)}`, 'give the Service construct or a host name such as reviews');
    }
    if (typeof props.host === 'string') {
      const problem = props.host === '*' ? 'is a wildcard' : wildcardDomainProblem(props.host, false);
      if (problem) {
        throw new ConfigError(this, 'host', `'${props.host}' ${problem}`, 'name a Service, e.g. reviews or reviews.shop.svc.cluster.local');
      }
      this.host = props.host;
    } else {
      checkServiceLike(this, 'host', props.host);
      const serviceNamespace = props.host.metadata.namespace;
      this.host = serviceNamespace === undefined || serviceNamespace === namespace
        ? props.host.name
        : `${props.host.name}.${serviceNamespace}.${CLUSTER_DOMAIN}`;
    }
    if (props.name !== undefined) {
      const name = checkString(this, 'name', props.name, 'give a Kubernetes name such as reviews, or leave name out');
      if (!isDnsSubdomain(name)) {
        throw new ConfigError(this, 'name', `'${name}' is not a valid Kubernetes name`, 'use lowercase letters, digits, \'-\' and \'.\'');
      }
    }
    const exportTo = checkOptionalStrings(this, 'exportTo', props.exportTo, 'list namespace names, . or *, e.g. exportTo: [\'istio-system\']');
    const exportProblem = exportTo && exportToProblems(namespace ?? 'default', exportTo, false)[0];
    if (exportProblem) {
      throw new ConfigError(this, exportProblem.index === undefined ? 'exportTo' : `exportTo[${exportProblem.index}]`, exportProblem.message, exportProblem.fix);
    }
    const subsetsExample = '{ v1: { version: \'v1\' } }';
    if (!isPlainObject(props.subsets)) {
      throw new ConfigError(this, 'subsets', `is ${describeInput(props.subsets)}, not a mapping of subset names to pod labels`, `give subsets such as ${subsetsExample}`);
    }
    this.subsetNames = Object.keys(props.subsets);
    if (this.subsetNames.length === 0) {
      throw new ConfigError(this, 'subsets', 'is empty', 'define at least one subset, e.g. { v1: { version: \'v1\' } }');
    }
    for (const [name, labels] of Object.entries(props.subsets)) {
      if (!isDnsLabel(name)) {
        throw new ConfigError(this, 'subsets', `'${name}' is not a valid subset name`, 'use lowercase letters, digits and \'-\'');
      }
      if (!isPlainObject(labels)) {
        throw new ConfigError(this, `subsets.${name}`, `is ${describeInput(labels)}, not a mapping of pod labels`, `give the labels of the subset's pods, e.g. ${subsetsExample}`);
      }
      checkOptionalStringMap(this, `subsets.${name}`, labels, `give label values as strings, e.g. ${subsetsExample}`);
      if (Object.keys(labels).length === 0) {
        throw new ConfigError(this, `subsets.${name}`, 'has no labels, so it would select every pod of the Service', 'give the labels of the subset\'s pods, e.g. { version: \'v1\' }');
      }
      const labelProblem = labelProblems(labels)[0];
      if (labelProblem) {
        throw new ConfigError(this, `subsets.${name}['${labelProblem.key}']`, labelProblem.problem, 'use a valid Kubernetes label');
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
