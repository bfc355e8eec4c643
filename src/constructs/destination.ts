import { IConstruct } from 'constructs';
import { ConfigError } from './errors';
import { HeaderOperations } from './header-operations';
import { checkOptionalNumber, checkOptionalString, describeInput, isPlainObject } from './input-check';
import { RouteDestination } from './route-destination';
import { checkHeaderOperationsInput } from './route-input';
import { checkServiceLike, ServiceLike } from './service-like';

/** Settings of a {@link Destination} besides where it is. */
export interface DestinationOptions {
  /**
   * A subset defined by a DestinationRule for the host.
   * @default - no subset
   */
  readonly subset?: string;
  /**
   * Share of the traffic in percent; with several destinations every one needs a weight and they must add up to 100.
   * Mirrors take no weight.
   * @default 100 for a single destination
   */
  readonly weight?: number;
  /**
   * Header operations applied when this destination is picked. HTTP routes only: a TcpRoute or TlsRoute, and a
   * mirror, refuse them.
   * @default - none
   */
  readonly headers?: HeaderOperations;
}

/**
 * Where a route sends traffic: a Service construct or a host name, with a port and options. Used by
 * `HttpAction.forward()`, forwarding mirrors, and the destinations of TcpRoute and TlsRoute.
 *
 * The values are checked by the route that uses the destination, which names its construct path in errors.
 */
export class Destination {
  /**
   * A Service construct (a cdk8s-plus `Service` of any version).
   *
   * @param service - the Service.
   * @param port - a port the Service exposes; required when it exposes several.
   * @param options - subset, weight and header operations.
   */
  public static service(service: ServiceLike, port?: number, options?: DestinationOptions): Destination {
    return new Destination({ service }, port, options);
  }

  /**
   * A host name: a short Service name (resolved in the route's namespace), a fully qualified
   * `name.namespace.svc.cluster.local`, or a ServiceEntry host.
   *
   * @param name - the host name.
   * @param port - the destination port.
   * @param options - subset, weight and header operations.
   */
  public static host(name: string, port?: number, options?: DestinationOptions): Destination {
    return new Destination({ host: name }, port, options);
  }

  /** The Service, for `Destination.service()`. */
  public readonly service?: ServiceLike;
  /** The host name, for `Destination.host()`. */
  public readonly host?: string;
  /** The port, when given. */
  public readonly port?: number;
  /** The subset, when given. */
  public readonly subset?: string;
  /** The weight, when given. */
  public readonly weight?: number;
  /** The header operations, when given. */
  public readonly headers?: HeaderOperations;
  /** @internal The options exactly as passed (checked by the route). */
  public readonly _options: unknown;
  /** @internal Which factory made it, for errors. */
  public readonly _factory: 'service' | 'host';

  private constructor(target: { service?: ServiceLike; host?: string }, port: number | undefined, options: DestinationOptions | undefined) {
    const o: DestinationOptions = isPlainObject(options) ? options : {};
    this._factory = 'service' in target ? 'service' : 'host';
    this.service = target.service;
    this.host = target.host;
    this.port = port;
    this.subset = o.subset;
    this.weight = o.weight;
    this.headers = o.headers;
    this._options = options;
  }
}

/** @internal Where a destination is used: an HTTP route's forward list, a mirror, or a TCP/TLS route. */
export type DestinationUse = 'http' | 'mirror' | 'layer4';

/** @internal A destination literal of the deprecated `{ service | host, ... }` form, or of a Destination, as one shape. */
export interface DestinationInput extends RouteDestination {
  readonly headers?: HeaderOperations;
  readonly percentage?: number;
}

const EXAMPLE = 'Destination.service(counter, 80) or Destination.host(\'counter\', 80)';

/**
 * @internal
 * Reads a destination user code gave (a {@link Destination}, or a deprecated `{ service | host, port, ... }` literal)
 * and checks the type of each of its values; the values themselves are checked by `resolveDestination`.
 */
export function readDestination(scope: IConstruct, field: string, value: unknown, use: DestinationUse): DestinationInput {
  let dest: Record<string, unknown>;
  if (value instanceof Destination) {
    if (value._options !== undefined && !isPlainObject(value._options)) {
      throw new ConfigError(scope, `${field}.options`, `is ${describeInput(value._options)}, not a mapping`, 'pass options such as { subset: \'v1\', weight: 90 }, or leave them out');
    }
    const target = value._factory === 'service' ? value.service : value.host;
    if (target === undefined || target === null) {
      throw new ConfigError(scope, `${field}.${value._factory}`, `is ${describeInput(target)}`, `use ${EXAMPLE}`);
    }
    dest = { service: value.service, host: value.host, port: value.port, subset: value.subset, weight: value.weight, headers: value.headers };
  } else if (isPlainObject(value)) {
    dest = value;
    const known = ['service', 'host', 'port', 'subset', 'weight', 'headers', ...(use === 'mirror' ? ['percentage'] : [])];
    const unknown = Object.keys(dest).find((k) => !known.includes(k));
    if (unknown !== undefined) {
      throw new ConfigError(scope, `${field}.${unknown}`, 'is not a field of a destination', `use ${EXAMPLE}`);
    }
  } else {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a Destination`, `use ${EXAMPLE}`);
  }
  if (dest.service !== undefined) {
    checkServiceLike(scope, `${field}.service`, dest.service);
  }
  checkOptionalString(scope, `${field}.host`, dest.host, 'give a host name such as counter or counter.shop.svc.cluster.local');
  checkOptionalNumber(scope, `${field}.port`, dest.port, 'use an integer from 1 to 65535');
  checkOptionalString(scope, `${field}.subset`, dest.subset, 'use the name of a DestinationRule subset');
  checkOptionalNumber(scope, `${field}.weight`, dest.weight, 'give a weight from 0 to 100');
  if (use === 'mirror' && dest.weight !== undefined) {
    throw new ConfigError(scope, `${field}.weight`, 'a mirror gets a copy of the traffic, not a share of it', 'remove the weight; set the mirrored share with percentage');
  }
  if (dest.headers !== undefined && use !== 'http') {
    throw new ConfigError(scope, `${field}.headers`, use === 'mirror' ? 'a mirror cannot change headers (its responses are discarded)' : 'header operations apply to HTTP routes only',
      use === 'mirror' ? 'remove headers from the mirror' : 'remove headers, or route the traffic with an HttpRoute');
  }
  checkHeaderOperationsInput(scope, `${field}.headers`, dest.headers);
  return dest as DestinationInput;
}
