/**
 * Gateway workloads: the Envoy pods that Gateway resources configure (reference §a.1).
 */
import { byCreationOrder, isKind, ISTIO_NETWORKING, Json, keyOf, selects, specOf } from './model';
import { KubeObject } from '../manifests/kube-object';

/** A container port of the gateway pods. */
export interface ContainerPort {
  /** The port's name, if any. */
  readonly name?: string;
  /** The port number. */
  readonly containerPort: number;
}

/** One gateway workload and everything that configures or exposes it. */
export interface GatewayWorkload {
  /** `namespace/name` of the Deployment, or of the implied workload. */
  readonly key: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** The pod labels. */
  readonly labels: Record<string, string>;
  /** Container ports of the pods. */
  readonly containerPorts: ContainerPort[];
  /** Services in the pods' namespace that select them, in manifest order. */
  readonly services: KubeObject[];
  /** Gateways that select the pods, in Istio's processing order. */
  readonly gateways: KubeObject[];
  /** True when the pods run with ISTIO_META_UNPRIVILEGED_POD, so ports below 1024 get no listener. */
  readonly unprivileged: boolean;
  /** True when no Deployment in the manifests carries the pods: they are implied by a Gateway selector. */
  readonly implied: boolean;
}

/**
 * Finds the gateway workloads: every Deployment whose pods some Gateway selects, plus, for
 * Gateways that select no Deployment in the manifests (the gateway was installed elsewhere), an
 * implied workload in the Gateway's namespace carrying exactly the selector labels.
 */
export function findWorkloads(objects: readonly KubeObject[]): GatewayWorkload[] {
  const gateways = objects.filter((o) => isKind(o, ISTIO_NETWORKING, 'Gateway')).sort(byCreationOrder);
  const services = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  const deployments = objects.filter((o) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind) && o.apiVersion === 'apps/v1');
  const workloads: GatewayWorkload[] = [];
  const claimed = new Set<KubeObject>();
  for (const deployment of deployments) {
    const template = specOf(deployment).template ?? {};
    const labels: Record<string, string> = template.metadata?.labels ?? {};
    const selecting = gateways.filter((g) => selects(gatewaySelector(g), labels));
    if (selecting.length === 0) {
      continue;
    }
    selecting.forEach((g) => claimed.add(g));
    const containers: Json[] = template.spec?.containers ?? [];
    workloads.push({
      key: keyOf(deployment),
      namespace: deployment.metadata.namespace,
      labels,
      containerPorts: containers.flatMap((c) => (c.ports ?? []).map((p: Json) => ({ name: p.name, containerPort: p.containerPort }))),
      services: servicesSelecting(services, deployment.metadata.namespace, labels),
      gateways: selecting,
      unprivileged: containers.some((c) => (c.env ?? []).some((e: Json) => e.name === 'ISTIO_META_UNPRIVILEGED_POD' && e.value === 'true')),
      implied: false,
    });
  }
  for (const gateway of gateways.filter((g) => !claimed.has(g))) {
    const labels = gatewaySelector(gateway) ?? {};
    const namespace = gateway.metadata.namespace;
    const key = `${namespace}/${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || '*'}`;
    if (workloads.some((w) => w.key === key)) {
      continue;
    }
    workloads.push({
      key,
      namespace,
      labels,
      containerPorts: [],
      services: servicesSelecting(services, namespace, labels),
      gateways: gateways.filter((g) => selects(gatewaySelector(g), labels)),
      unprivileged: false,
      implied: true,
    });
  }
  return workloads;
}

/** A Gateway's selector (an empty or missing selector selects every gateway workload). */
export function gatewaySelector(gateway: KubeObject): Record<string, string> | undefined {
  return specOf(gateway).selector;
}

function servicesSelecting(services: KubeObject[], namespace: string, labels: Record<string, string>): KubeObject[] {
  return services.filter((s) => {
    const selector = specOf(s).selector;
    return s.metadata.namespace === namespace && selector && Object.keys(selector).length > 0 && selects(selector, labels);
  });
}
