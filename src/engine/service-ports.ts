/**
 * Service port -> targetPort translation for gateway pods (reference §a.3).
 */
import { GatewayWorkload } from './workloads';
import { servicePortProtocol } from '../istio/service-port-protocol';
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
  /**
   * The protocol istiod gives the Service port (from its name or appProtocol), e.g. `HTTP`, `TCP`.
   * @default - none: istiod sniffs each connection's protocol
   */
  readonly protocol?: string;
  /**
   * The earlier port of the same Service with the same targetPort and protocol, if any: istiod keeps only that one
   * for the pair, so this port translates no Gateway server port (kube-proxy still forwards it to the targetPort).
   */
  readonly keptPort?: number;
}

/**
 * The Service targets of a workload, in registry order: numeric targetPorts as written, an
 * omitted targetPort equal to the port, named targetPorts resolved against the container ports
 * (unresolvable ones skipped, as istiod does). UDP ports are skipped. A port with the targetPort and protocol of an
 * earlier port of its Service carries that port as `keptPort` (istio/istio
 * `pilot/pkg/serviceregistry/kube/controller/controller.go` `GetProxyServiceTargetsByPod`).
 */
export function serviceTargets(workload: GatewayWorkload): ServiceTarget[] {
  return workload.services.flatMap((service) => {
    const kept = new Map<string, number>();
    return (service.spec?.ports ?? []).flatMap((p): ServiceTarget[] => {
      const targetPort = resolveTargetPort(p.targetPort, p.port, workload);
      if (targetPort === undefined) {
        return [];
      }
      const protocol = servicePortProtocol(p);
      const pair = `${targetPort}/${protocol}`;
      const keptPort = kept.get(pair);
      if (keptPort === undefined) {
        kept.set(pair, p.port);
      }
      if ((p.protocol ?? 'TCP') !== 'TCP') {
        return [];
      }
      return [{ service, name: p.name, port: p.port, nodePort: p.nodePort, targetPort, protocol, ...(keptPort === undefined ? {} : { keptPort }) }];
    });
  });
}

/**
 * The Service target that translates a Gateway server port: the first whose Service port equals it, among the
 * ports istiod keeps of the Services without the opt-out label; undefined when none does (the server port is then
 * the listener port as-is).
 */
export function translatingTarget(serverPort: number, targets: readonly ServiceTarget[]): ServiceTarget | undefined {
  return targets.find((t) => t.port === serverPort && t.keptPort === undefined && !translationDisabled(t));
}

/**
 * The port Envoy listens on for a Gateway server port: the targetPort of the first Service port
 * equal to it, else the server port itself.
 */
export function listenerPortFor(serverPort: number, targets: readonly ServiceTarget[]): number {
  return translatingTarget(serverPort, targets)?.targetPort ?? serverPort;
}

/** True when the target's Service opts out of Gateway port translation. */
export function translationDisabled(target: ServiceTarget): boolean {
  return target.service.metadata.labels?.[DISABLE_PORT_TRANSLATION_LABEL] !== undefined;
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
