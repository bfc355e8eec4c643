import { IConstruct } from 'constructs';
import { ConfigError } from './errors';
import { describeInput, isPlainObject } from './input-check';

/**
 * A Kubernetes Service construct that routes and DestinationRules can name: a cdk8s-plus `Service` of any version
 * (cdk8s-plus-28 to cdk8s-plus-33), or any construct with the same shape. Only what is read here is required, so
 * the library depends on no particular cdk8s-plus.
 */
export interface ServiceLike {
  /** The Service's name. */
  readonly name: string;
  /** The Service's metadata; only its namespace is read. */
  readonly metadata: {
    /**
     * The Service's namespace.
     * @default - the namespace of the construct that names the Service
     */
    readonly namespace?: string;
  };
  /** The Service's ports; only their port numbers are read. */
  readonly ports: ReadonlyArray<{
    /** The port number the Service exposes. */
    readonly port: number;
  }>;
}

/**
 * @internal
 * Checks that `value` has the shape of a {@link ServiceLike} (a string name, metadata, a list of numbered ports), so a
 * host name or a plain object in its place fails here rather than with a `TypeError` later.
 */
export function checkServiceLike(scope: IConstruct, field: string, value: unknown): ServiceLike {
  const service = value as Partial<ServiceLike> | null | undefined;
  const shaped = isPlainObject(service) && typeof service.name === 'string'
    && isPlainObject(service.metadata) && Array.isArray(service.ports)
    && service.ports.every((p) => isPlainObject(p) && typeof p.port === 'number');
  if (!shaped) {
    const fix = typeof value === 'string'
      ? `give a host name with host: '${value}', or pass the Service construct`
      : 'pass a cdk8s-plus Service construct (or an object with name, metadata and ports)';
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a Service`, fix);
  }
  return value as ServiceLike;
}
