/**
 * Kubernetes Gateway API Gateways (`gateway.networking.k8s.io`) as `istioctl analyze`'s VirtualService gateway check
 * sees them (istio/istio `pkg/config/analysis/analyzers/virtualservice/gateways.go` `analyzeVirtualService`,
 * `vsHostInKubernetesGateway`): a VirtualService reference to one (`namespace/name`, or a short name in the
 * VirtualService's namespace) names an existing gateway, and its listeners' `hostname`s are the hosts it offers. The
 * engine does not route through them; only the reference checks read them.
 */
import { AnalysisContext } from './analysis-context';
import { isKind, keyOf } from '../engine/model';

/** The Gateway API group. */
const GATEWAY_API = 'gateway.networking.k8s.io';

/** The hosts a Kubernetes Gateway offers. */
export interface KubernetesGatewayHosts {
  /** `namespace/name` of the Gateway. */
  readonly key: string;
  /**
   * The listeners' hostnames, in order.
   * @default - any host: a listener has no hostname (or the first such listener comes before them)
   */
  readonly hostnames?: readonly string[];
}

const cache = new WeakMap<AnalysisContext, ReadonlyMap<string, KubernetesGatewayHosts>>();

/** The Kubernetes Gateways of the manifests by `namespace/name`. */
export function kubernetesGatewaysOf(context: AnalysisContext): ReadonlyMap<string, KubernetesGatewayHosts> {
  let gateways = cache.get(context);
  if (gateways === undefined) {
    const found = new Map<string, KubernetesGatewayHosts>();
    for (const object of context.objects) {
      if (isKind(object, GATEWAY_API, 'Gateway')) {
        const key = keyOf(object);
        found.set(key, { key, hostnames: listenerHostnames(object.spec) });
      }
    }
    gateways = found;
    cache.set(context, gateways);
  }
  return gateways;
}

/**
 * The hostnames of `spec.listeners`, or undefined as soon as a listener has none (istioctl stops there: the Gateway
 * matches every host). The objects are not checked against the Gateway API schema, so each field is read with care.
 */
function listenerHostnames(spec: unknown): string[] | undefined {
  const listeners = typeof spec === 'object' && spec !== null ? (spec as { listeners?: unknown }).listeners : undefined;
  const hostnames: string[] = [];
  for (const listener of Array.isArray(listeners) ? listeners : []) {
    const hostname: unknown = typeof listener === 'object' && listener !== null ? (listener as { hostname?: unknown }).hostname : undefined;
    if (typeof hostname !== 'string' || hostname === '') {
      return undefined;
    }
    hostnames.push(hostname);
  }
  return hostnames;
}
