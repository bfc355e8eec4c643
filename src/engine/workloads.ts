/**
 * Gateway workloads: the Envoy pods that Gateway resources configure (reference §a.1).
 */
import { byCreationOrder, isKind, ISTIO_NETWORKING, keyOf, selects } from './model';
import { KubeObject } from '../manifests/kube-object';
import { KubePodTemplate, KubeService, KubeWorkload } from '../model/core-types';
import { IstioGateway } from '../model/istio-types';

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
  readonly labels: Readonly<Record<string, string>>;
  /** Container ports of the pods. */
  readonly containerPorts: ContainerPort[];
  /** Services in the pods' namespace that select them, in manifest order. */
  readonly services: KubeService[];
  /** Gateways that select the pods, in Istio's processing order. */
  readonly gateways: IstioGateway[];
  /** True when the pods run with ISTIO_META_UNPRIVILEGED_POD, so ports below 1024 get no listener. */
  readonly unprivileged: boolean;
  /** True when no Deployment in the manifests carries the pods: they are implied by a Gateway selector. */
  readonly implied: boolean;
}

/**
 * Finds the gateway workloads: every Deployment whose pods some Gateway selects, plus, for
 * Gateways that select no Deployment in the manifests (the gateway was installed elsewhere), an
 * implied workload carrying exactly the selector labels, in the namespace of a Service that
 * selects those labels, else in the Gateway's namespace.
 *
 * A Gateway with a selector selects the pods whose labels include it. A Gateway without one
 * (or with an empty one) applies to every gateway proxy only (application sidecars ignore
 * Gateways): Deployments that run the gateway injection template or an `istio-proxy` router
 * container, or that another Gateway selects.
 */
export function findWorkloads(objects: readonly KubeObject[]): GatewayWorkload[] {
  const gateways = objects.filter((o): o is IstioGateway => isKind(o, ISTIO_NETWORKING, 'Gateway')).sort(byCreationOrder);
  const services = objects.filter((o): o is KubeService => o.kind === 'Service' && o.apiVersion === 'v1');
  const deployments = objects.filter((o): o is KubeWorkload => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind) && o.apiVersion === 'apps/v1');
  const workloads: GatewayWorkload[] = [];
  const claimed = new Set<KubeObject>();
  for (const deployment of deployments) {
    const template = deployment.spec?.template ?? {};
    const labels: Readonly<Record<string, string>> = template.metadata?.labels ?? {};
    const isGateway = runsGatewayProxy(template)
      || gateways.some((g) => !selectsAll(g) && selects(gatewaySelector(g), labels));
    const selecting = isGateway ? gateways.filter((g) => selects(gatewaySelector(g), labels)) : [];
    if (selecting.length === 0) {
      continue;
    }
    selecting.forEach((g) => claimed.add(g));
    const containers = template.spec?.containers ?? [];
    workloads.push({
      key: keyOf(deployment),
      namespace: deployment.metadata.namespace,
      labels,
      containerPorts: containers.flatMap((c) => (c.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort }))),
      services: servicesSelecting(services, deployment.metadata.namespace, labels),
      gateways: selecting,
      unprivileged: containers.some((c) => (c.env ?? []).some((e) => e.name === 'ISTIO_META_UNPRIVILEGED_POD' && isGoTrue(e.value))),
      implied: false,
    });
  }
  const unclaimed = gateways.filter((g) => !claimed.has(g));
  const implying = [...unclaimed.filter((g) => !selectsAll(g)), ...unclaimed.filter(selectsAll).slice(0, 1)];
  for (const gateway of implying) {
    if (selectsAll(gateway) && workloads.length > 0) {
      continue;
    }
    const labels = gatewaySelector(gateway) ?? {};
    const namespace = services.find((s) => selectsPods(s, labels))?.metadata.namespace ?? gateway.metadata.namespace;
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
export function gatewaySelector(gateway: IstioGateway): Readonly<Record<string, string>> | undefined {
  return gateway.spec?.selector;
}

function servicesSelecting(services: KubeService[], namespace: string, labels: Readonly<Record<string, string>>): KubeService[] {
  return services.filter((s) => s.metadata.namespace === namespace && selectsPods(s, labels));
}

/** True when the Service has a non-empty selector that pods with `labels` satisfy. */
function selectsPods(service: KubeService, labels: Readonly<Record<string, string>>): boolean {
  const selector = service.spec?.selector;
  return selector !== undefined && Object.keys(selector).length > 0 && selects(selector, labels);
}

/** True for a Gateway without a selector or with an empty one. */
function selectsAll(gateway: IstioGateway): boolean {
  return Object.keys(gatewaySelector(gateway) ?? {}).length === 0;
}

/**
 * True when a pod template runs a gateway proxy: the `gateway` injection template (the
 * `istio/gateway` chart), or an `istio-proxy` container that is not a sidecar (the legacy chart
 * runs `proxy router`).
 */
function runsGatewayProxy(template: KubePodTemplate): boolean {
  const templates = template.metadata?.annotations?.['inject.istio.io/templates'] ?? '';
  if (templates.split(',').map((t) => t.trim()).includes('gateway')) {
    return true;
  }
  const containers = template.spec?.containers ?? [];
  return containers.some((c) => c.name === 'istio-proxy' && !(c.args ?? []).includes('sidecar'));
}

/** Go's strconv.ParseBool truth values, as istiod reads ISTIO_META_UNPRIVILEGED_POD. */
function isGoTrue(value: unknown): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(String(value));
}
