import { IConstruct } from 'constructs';
import { ConfigError, describe } from './errors';
import { ServiceLike } from './service-like';
import { CLUSTER_DOMAIN, wildcardDomainProblem } from '../istio/host';
import { isDnsLabel, isValidPort } from '../istio/names';

/**
 * Where a route sends traffic: a cdk8s-plus Service or a host name, with port and subset.
 * @deprecated use `Destination.service(svc, port, options)` or `Destination.host(name, port, options)`
 */
export interface RouteDestination {
  /**
   * A Service construct (a cdk8s-plus `Service` of any version); its port must be one the Service exposes.
   * @default - give `host` instead
   */
  readonly service?: ServiceLike;
  /**
   * A host name: a short Service name (resolved in the route's namespace), a fully qualified
   * `name.namespace.svc.cluster.local`, or a ServiceEntry host.
   * @default - give `service` instead
   */
  readonly host?: string;
  /**
   * The destination port.
   * @default - the Service's only port; required when the Service has several
   */
  readonly port?: number;
  /**
   * A subset defined by a DestinationRule for the host.
   * @default - no subset
   */
  readonly subset?: string;
  /**
   * Share of the traffic in percent; with several destinations every one needs a weight and
   * they must add up to 100.
   * @default 100 for a single destination
   */
  readonly weight?: number;
}

/** @internal A destination checked and turned into Istio's shape. */
export interface ResolvedDestination {
  readonly destination: { host: string; port?: { number: number }; subset?: string };
  readonly weight?: number;
}

/** @internal Checks one destination and renders it for a route in `namespace`. */
export function resolveDestination(scope: IConstruct, field: string, dest: RouteDestination, namespace: string): ResolvedDestination['destination'] {
  if ((dest.service === undefined) === (dest.host === undefined)) {
    throw new ConfigError(scope, field, 'needs exactly one of service and host', 'give a cdk8s-plus Service or a host name');
  }
  let host = dest.host;
  if (dest.service !== undefined) {
    const serviceNamespace = dest.service.metadata.namespace;
    host = serviceNamespace === undefined || serviceNamespace === namespace
      ? dest.service.name
      : `${dest.service.name}.${serviceNamespace}.${CLUSTER_DOMAIN}`;
  } else {
    const problem = host === '*' ? 'is a wildcard' : wildcardDomainProblem(host!, false);
    if (problem !== undefined) {
      throw new ConfigError(scope, `${field}.host`, `'${host}' ${problem}`, 'use a Service name such as counter, or a fully qualified host');
    }
  }
  if (dest.port !== undefined && !isValidPort(dest.port)) {
    throw new ConfigError(scope, `${field}.port`, `${dest.port} is not a port number`, 'use an integer from 1 to 65535');
  }
  if (dest.subset !== undefined && !isDnsLabel(dest.subset)) {
    throw new ConfigError(scope, `${field}.subset`, `'${dest.subset}' is not a valid subset name`, 'use the name of a DestinationRule subset (lowercase letters, digits, \'-\')');
  }
  return { host: host!, port: dest.port === undefined ? undefined : { number: dest.port }, subset: dest.subset };
}

/** @internal Checks a weighted destination list: weights present, whole and adding up to 100. */
export function checkWeights(scope: IConstruct, field: string, destinations: readonly RouteDestination[]): void {
  if (destinations.length === 0) {
    throw new ConfigError(scope, field, 'is empty', 'give at least one destination');
  }
  if (destinations.length === 1) {
    const weight = destinations[0].weight;
    if (weight !== undefined && weight !== 100) {
      throw new ConfigError(scope, `${field}[0].weight`, `a single destination gets all the traffic, but weight is ${weight}`, 'remove the weight, or set it to 100');
    }
    return;
  }
  const weights = destinations.map((d, i) => {
    if (d.weight === undefined || !Number.isInteger(d.weight) || d.weight < 0 || d.weight > 100) {
      throw new ConfigError(scope, `${field}[${i}].weight`, `${d.weight === undefined ? 'is missing' : `${d.weight} is not a whole percentage`} in a split across ${destinations.length} destinations`, 'give every destination a weight from 0 to 100');
    }
    return d.weight;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  if (total !== 100) {
    throw new ConfigError(scope, field, `weights ${weights.join(' + ')} add up to ${total}, not 100 (Istio would scale them silently)`, 'make the weights add up to 100');
  }
}

/** @internal Synth-time check that a destination's port exists on its cdk8s-plus Service. */
export function serviceDestinationProblems(field: string, dest: RouteDestination): string[] {
  const service = dest.service;
  if (service === undefined) {
    return [];
  }
  const ports = service.ports.map((p) => p.port);
  if (dest.port === undefined) {
    return ports.length > 1
      ? [describe(`${field}.port`, `Service '${service.name}' exposes ports ${ports.join(', ')}, so the destination must name one`, `set port to one of ${ports.join(', ')}`)]
      : [];
  }
  return ports.includes(dest.port)
    ? []
    : [describe(`${field}.port`, `Service '${service.name}' does not expose port ${dest.port} (it exposes ${ports.join(', ') || 'no ports'})`, `use one of its ports, or add port ${dest.port} to the Service`)];
}
