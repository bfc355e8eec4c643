/**
 * Service port -> targetPort translation for gateway pods (reference §a.3).
 */
import { GatewayWorkload } from './workloads';
import { KubeService } from '../model/core-types';

/** Label that makes istiod skip a Service when translating Gateway ports. */
export const DISABLE_PORT_TRANSLATION_LABEL = 'experimental.istio.io/disable-gateway-port-translation';

/** One port of a Service that selects the gateway pods, with its resolved container port. */
export interface ServiceTarget {
  /** The Service. */
  readonly service: KubeService;
  /** The Service port's name. */
  readonly name?: string;
  /** The Service port. */
  readonly port: number;
  /** The node port, if any. */
  readonly nodePort?: number;
  /** The container port the Service forwards to. */
  readonly targetPort: number;
}

/**
 * The Service targets of a workload, in registry order: numeric targetPorts as written, an
 * omitted targetPort equal to the port, named targetPorts resolved against the container ports
 * (unresolvable ones skipped, as istiod does). UDP ports are skipped.
 */
export function serviceTargets(workload: GatewayWorkload): ServiceTarget[] {
  return workload.services.flatMap((service) => (service.spec?.ports ?? [])
    .filter((p) => (p.protocol ?? 'TCP') === 'TCP')
    .flatMap((p): ServiceTarget[] => {
      const targetPort = resolveTargetPort(p.targetPort, p.port, workload);
      return targetPort === undefined ? [] : [{ service, name: p.name, port: p.port, nodePort: p.nodePort, targetPort }];
    }));
}

/**
 * The port Envoy listens on for a Gateway server port: the targetPort of the first Service port
 * equal to it, else the server port itself.
 */
export function listenerPortFor(serverPort: number, targets: readonly ServiceTarget[]): number {
  const target = targets.find((t) => t.port === serverPort && !t.service.metadata.labels?.[DISABLE_PORT_TRANSLATION_LABEL]);
  return target?.targetPort ?? serverPort;
}

function resolveTargetPort(targetPort: number | string | undefined, port: number, workload: GatewayWorkload): number | undefined {
  if (targetPort === undefined) {
    return port;
  }
  if (typeof targetPort === 'number') {
    return targetPort;
  }
  return workload.containerPorts.find((c) => c.name === targetPort)?.containerPort;
}
