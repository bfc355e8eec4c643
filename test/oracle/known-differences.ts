/**
 * Differences between this engine or analyzer and istiod or istioctl that are understood: each with the reason it is
 * not a fault (a deliberate choice, or a limit of the oracle harness). A difference listed here is counted and
 * reported by the differential test instead of failing it; FIDELITY.md lists them.
 */
import { Manifest } from './config-arbitrary';
import { DecisionDifference, FindingDifference } from './differential';

/** A known difference: why it happens, and which differences it explains. */
interface KnownDifference<D> {
  readonly reason: string;
  readonly explains: (difference: D, manifests: readonly Manifest[]) => boolean;
}

/** The labels of the pods the manifests run in `namespace`: Pods, and pod templates of workloads. */
function podLabels(manifests: readonly Manifest[], namespace: string): Array<Record<string, string>> {
  return manifests.filter((m) => ((m.metadata as Manifest | undefined)?.namespace ?? 'default') === namespace).flatMap((m) => {
    if (m.kind === 'Pod') {
      return [((m.metadata as Manifest).labels ?? {}) as Record<string, string>];
    }
    const template = (m.spec as Manifest | undefined)?.template as Manifest | undefined;
    return ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(String(m.kind))
      ? [((template?.metadata as Manifest | undefined)?.labels ?? {}) as Record<string, string>] : [];
  });
}

/** The Service a DestinationRule's host names, when the manifests define it. */
function serviceOf(manifests: readonly Manifest[], dr: Manifest): Manifest | undefined {
  const host = String((dr.spec as Manifest).host);
  const drNamespace = String((dr.metadata as Manifest).namespace ?? 'default');
  const [name, namespace = drNamespace] = host.split('.');
  return manifests.find((m) => m.kind === 'Service' && (m.metadata as Manifest).name === name
    && ((m.metadata as Manifest).namespace ?? 'default') === namespace);
}

const FINDINGS: ReadonlyArray<KnownDifference<FindingDifference>> = [
  {
    reason: 'IST0173 for a Service none of whose pods the manifests hold: this analyzer leaves such subsets unjudged (the backends are deployed '
      + 'elsewhere, so their labels are unknown), where istioctl analyze against a cluster that holds only the manifests finds no pod',
    explains: (d, manifests) => {
      const [code, kind, key] = d.finding.split(' ');
      if (d.side !== 'istioctl' || code !== 'IST0173' || kind !== 'DestinationRule') {
        return false;
      }
      const [namespace, name] = key.split('/');
      const dr = manifests.find((m) => m.kind === 'DestinationRule' && (m.metadata as Manifest).name === name
        && ((m.metadata as Manifest).namespace ?? 'default') === namespace);
      const service = dr && serviceOf(manifests, dr);
      if (service === undefined) {
        return false;
      }
      const selector = ((service.spec as Manifest).selector ?? {}) as Record<string, string>;
      const serviceNamespace = String((service.metadata as Manifest).namespace ?? 'default');
      return !podLabels(manifests, serviceNamespace).some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    },
  },
  {
    reason: 'IST0101/IST0132 on a VirtualService gateway given as NAME.NAMESPACE or NAME.NAMESPACE.svc.cluster.local: istioctl analyze looks '
      + 'the reference up as a Gateway of that literal name (pkg/config/analysis/analyzers/virtualservice/gateways.go), while istiod resolves the '
      + 'legacy forms to NAMESPACE/NAME and binds the routes (the decisions of the same configurations agree); this analyzer follows istiod',
    explains: (d) => d.side === 'istioctl' && /^IST01(01|32) VirtualService /.test(d.finding)
      && /(Gateway [^ ]+\/[^ /.]+\.[^ /]+?\.?$|gateway not found: "[^"/]+\.[^"/]+")/.test(d.message),
  },
  {
    reason: 'IST0162 where the manifests define gateway pods but no Service istio-system/istio-ingressgateway: istioctl analyze adds its default '
      + 'ingress Service (ports 80, 443, 31400, 15443, selecting istio=ingressgateway) unless a Service of that name is given, even beside gateway '
      + 'pods of the manifests; this analyzer assumes the default gateway only when the manifests define none of it, and checks their gateway '
      + 'as it is (see the README, Where the analyzer differs from istioctl)',
    explains: (d, manifests) => d.side === 'ours' && d.finding.startsWith('IST0162 ')
      && !manifests.some((m) => m.kind === 'Service' && (m.metadata as Manifest).name === 'istio-ingressgateway'
        && (m.metadata as Manifest).namespace === 'istio-system'),
  },
  {
    reason: 'IST0101 on a Gateway credentialName when the Gateway selects istio=ingressgateway and the manifests run those pods outside '
      + 'istio-system: istioctl analyze always adds its default ingress pod (istio-system/istio-ingressgateway-dummypod, istio=ingressgateway; '
      + 'pkg/config/analysis/local/defaults.go) and looks the Secret up in the namespace of the first selected pod it meets '
      + '(pkg/config/analysis/analyzers/gateway/secret.go, getGatewayNamespace), in an order that changes from run to run, that dummy pod\'s among them; istiod serves the Secret of the '
      + 'namespace of the gateway pods that run, which this analyzer follows',
    explains: (d, manifests) => {
      const [code, kind, key] = d.finding.split(' ');
      if (d.side !== 'istioctl' || code !== 'IST0101' || kind !== 'Gateway' || !d.message.includes('credentialName')) {
        return false;
      }
      const [namespace, name] = key.split('/');
      const gateway = manifests.find((m) => m.kind === 'Gateway' && (m.metadata as Manifest).name === name
        && ((m.metadata as Manifest).namespace ?? 'default') === namespace);
      const selector = (((gateway?.spec as Manifest | undefined)?.selector ?? {}) as Record<string, string>);
      const selects = (labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
      const podNamespaces = [...new Set(manifests.map((m) => String((m.metadata as Manifest | undefined)?.namespace ?? 'default')))]
        .filter((ns) => podLabels(manifests, ns).some(selects));
      return gateway !== undefined && selects({ istio: 'ingressgateway' }) && podNamespaces.length > 0 && !podNamespaces.includes('istio-system');
    },
  },
];

const DECISIONS: ReadonlyArray<KnownDifference<DecisionDifference>> = [];

/** The reason of the known difference that explains a decision difference, if one does. */
export function knownDecisionDifference(difference: DecisionDifference, manifests: readonly Manifest[]): string | undefined {
  return DECISIONS.find((k) => k.explains(difference, manifests))?.reason;
}

/** The reason of the known difference that explains a finding difference, if one does. */
export function knownFindingDifference(difference: FindingDifference, manifests: readonly Manifest[]): string | undefined {
  return FINDINGS.find((k) => k.explains(difference, manifests))?.reason;
}
