/**
 * How the gateway Service is exposed. cdk8s-plus's `ServiceType` members of any version (`NODE_PORT`,
 * `LOAD_BALANCER`, `CLUSTER_IP`) are accepted wherever this is, since their values are the same strings.
 */
export enum ServiceType {
  /** A cluster-internal virtual IP only. */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node, forwarded to the gateway pods. */
  NODE_PORT = 'NodePort',
  /** A cloud load balancer in front of node ports. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** A gateway Service type as its Kubernetes name: a {@link ServiceType} member, or cdk8s-plus's member of the same value. */
export type ServiceTypeName = `${ServiceType}`;
