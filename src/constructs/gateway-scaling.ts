import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';

/** The resolved autoscaling settings of the gateway Deployment. */
export interface GatewayAutoscalerInput {
  /** The Deployment to scale. */
  readonly deploymentName: string;
  /** Minimum replicas. */
  readonly minReplicas: number;
  /** Maximum replicas. */
  readonly maxReplicas: number;
  /** Target average CPU utilisation in percent. */
  readonly targetCpuUtilizationPercentage: number;
}

/** The resolved disruption budget of the gateway pods: exactly one of the two fields. */
export interface GatewayBudgetInput {
  /** The labels of the gateway pods. */
  readonly selector: Record<string, string>;
  /** Pods that must stay available. */
  readonly minAvailable?: number | string;
  /** Pods that may be unavailable. */
  readonly maxUnavailable?: number | string;
}

/** An `autoscaling/v2` HorizontalPodAutoscaler of the gateway Deployment on CPU utilisation. */
export function gatewayAutoscaler(metadata: ObjectMeta, input: GatewayAutoscalerInput): HorizontalPodAutoscaler & { apiVersion: 'autoscaling/v2'; kind: 'HorizontalPodAutoscaler' } {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: input.deploymentName },
      minReplicas: input.minReplicas,
      maxReplicas: input.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: input.targetCpuUtilizationPercentage } } }],
    },
  };
}

/** A `policy/v1` PodDisruptionBudget of the gateway pods. */
export function gatewayDisruptionBudget(metadata: ObjectMeta, input: GatewayBudgetInput): PodDisruptionBudget & { apiVersion: 'policy/v1'; kind: 'PodDisruptionBudget' } {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    spec: { minAvailable: input.minAvailable, maxUnavailable: input.maxUnavailable, selector: { matchLabels: input.selector } },
  };
}
