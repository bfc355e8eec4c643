/**
 * Service port -> targetPort translation for gateway pods (reference §a.3).
 */
import { Json, specOf } from './model';
import { GatewayWorkload } from './workloads';
import { KubeObject } from '../manifests/kube-object';

/** Label that makes istiod skip a Service when translating Gateway ports. */
export const DISABLE_PORT_TRANSLATION_LABEL = 'experimental.istio.io/disable-gateway-port-translation';

/** One port of a Service that selects the gateway pods, with its resolved container port. */
export interface ServiceTarget {
  /** The Service. */
  readonly service: KubeObject;
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
  return workload.services.flatMap((service) => ((specOf(service).ports ?? []) as Json[])
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

function resolveTargetPort(targetPort: unknown, port: number, workload: GatewayWorkload): number | undefined {
  if (targetPort === undefined || targetPort === null) {
    return port;
  }
  if (typeof targetPort === 'number') {
    return targetPort;
  }
  if (typeof targetPort === 'string' && /^\d+$/.test(targetPort)) {
    return Number(targetPort);
  }
  return workload.containerPorts.find((c) => c.name === targetPort)?.containerPort;
}
