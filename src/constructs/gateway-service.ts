import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { STATUS_PORT } from './gateway-deployment';

/** One listener's Service port. */
export interface GatewayServicePort {
  /** The port name (the listener name). */
  readonly name: string;
  /** The port clients use. */
  readonly port: number;
  /** The container port Envoy listens on. */
  readonly targetPort: number;
  /** The node port, when one was chosen. */
  readonly nodePort?: number;
}

/** Everything the gateway Service spec is rendered from, already validated. */
export interface GatewayServiceInput {
  /** `ClusterIP`, `NodePort` or `LoadBalancer`. */
  readonly type: string;
  /** The labels the Service selects the gateway pods by. */
  readonly selector: Record<string, string>;
  /** `Cluster` or `Local`, for NodePort and LoadBalancer Services. */
  readonly externalTrafficPolicy?: string;
  /** CIDRs allowed to reach a LoadBalancer. */
  readonly loadBalancerSourceRanges?: string[];
  /** The listeners' ports, after the status port. */
  readonly listenerPorts: readonly GatewayServicePort[];
}

/** The Service object around a spec rendered later (listeners are added after the gateway is created). */
export function gatewayService(metadata: ObjectMeta, spec: ServiceSpec): Service & { apiVersion: 'v1'; kind: 'Service' } {
  return { apiVersion: 'v1', kind: 'Service', metadata, spec };
}

/** The gateway Service spec: the status port, then one port per listener; node ports only on NodePort and LoadBalancer Services. */
export function renderGatewayServiceSpec(input: GatewayServiceInput): ServiceSpec {
  const external = input.type !== 'ClusterIP';
  const ports: ServicePort[] = [
    { name: 'status-port', port: STATUS_PORT, targetPort: STATUS_PORT, protocol: 'TCP' },
    ...input.listenerPorts.map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort,
      nodePort: external ? p.nodePort : undefined,
      protocol: 'TCP',
    })),
  ];
  return {
    type: input.type,
    selector: input.selector,
    externalTrafficPolicy: input.externalTrafficPolicy,
    loadBalancerSourceRanges: input.loadBalancerSourceRanges,
    ports,
  };
}
