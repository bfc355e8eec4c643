/**
 * VirtualServices as gateways see them: resolved hosts and gateway references, visibility
 * from the gateway pods' namespace, and Istio's order (reference §c.1-§c.3).
 */
import { byCreationOrder, isKind, ISTIO_NETWORKING, keyOf } from './model';
import { resolveGatewayReference } from '../istio/gateway-reference';
import { resolveShortName } from '../istio/host';
import { KubeObject } from '../manifests/kube-object';
import { IstioHttpRoute, IstioL4Route, IstioVirtualService } from '../model/istio-types';

/** A VirtualService with its references resolved. */
export interface VirtualServiceView {
  /** The object. */
  readonly object: IstioVirtualService;
  /** `namespace/name`. */
  readonly key: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Hosts, short names resolved to `name.namespace.svc.cluster.local`. */
  readonly hosts: string[];
  /** Gateways it binds, as `namespace/name` (empty means `mesh` only). */
  readonly gateways: string[];
  /** `exportTo` as written. */
  readonly exportTo: readonly string[];
  /** `http` rules. */
  readonly http: readonly IstioHttpRoute[];
  /** `tcp` rules. */
  readonly tcp: readonly IstioL4Route[];
  /** `tls` rules. */
  readonly tls: readonly IstioL4Route[];
}

/** Every VirtualService of the manifests, in creation order. */
export function virtualServicesOf(objects: readonly KubeObject[]): VirtualServiceView[] {
  return objects.filter((o): o is IstioVirtualService => isKind(o, ISTIO_NETWORKING, 'VirtualService')).sort(byCreationOrder).map((object) => {
    const spec = object.spec ?? {};
    const namespace = object.metadata.namespace;
    return {
      object,
      key: keyOf(object),
      namespace,
      hosts: (spec.hosts ?? []).map((h) => resolveShortName(h, namespace)),
      gateways: (spec.gateways ?? []).map((g) => resolveGatewayReference(g, namespace)).filter((g): g is string => g !== undefined),
      exportTo: spec.exportTo ?? [],
      http: spec.http ?? [],
      tcp: spec.tcp ?? [],
      tls: spec.tls ?? [],
    };
  });
}

/**
 * The VirtualServices bound to `gatewayKey` that the gateway pods in `podNamespace` can see, in
 * Istio's order: those of the pods' namespace exported to it (`.` or the namespace's own name),
 * then those of other namespaces exported to it by name, then public ones (`*`, or no
 * `exportTo`); creation order inside each group. `~` (without `*`) hides a VirtualService from
 * everyone.
 */
export function virtualServicesFor(all: readonly VirtualServiceView[], podNamespace: string, gatewayKey: string): VirtualServiceView[] {
  const bound = all.filter((vs) => vs.gateways.includes(gatewayKey));
  const open = bound.filter(isPublic);
  const scoped = bound.filter((vs) => !isPublic(vs) && !vs.exportTo.includes('~')
    && exportedNamespaces(vs).includes(podNamespace));
  const privateHere = scoped.filter((vs) => vs.namespace === podNamespace);
  const exported = scoped.filter((vs) => vs.namespace !== podNamespace);
  return [...privateHere, ...exported, ...open];
}

function isPublic(vs: VirtualServiceView): boolean {
  return vs.exportTo.length === 0 || vs.exportTo.includes('*');
}

/** The namespaces an `exportTo` list names, `.` resolved to the VirtualService's own namespace. */
function exportedNamespaces(vs: VirtualServiceView): string[] {
  return vs.exportTo.map((e) => (e === '.' ? vs.namespace : e));
}
