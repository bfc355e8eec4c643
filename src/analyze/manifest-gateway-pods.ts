/**
 * The gateway workloads the manifests themselves hold: the pods and pod templates some Gateway selects, with the
 * Gateways selecting each. The default ingress gateway the analysis may assume (default-ingress.ts) is no manifest's
 * pod, so it is never among them: the security analyzers judge only what the manifests deploy.
 */
import { AnalysisContext, AnalyzedPod } from './analysis-context';
import { isPod } from './workload-kinds';
import { selects } from '../engine/model';
import { IstioGateway } from '../model/istio-types';

/** A pod or pod template of the manifests that Gateways select. */
export interface ManifestGatewayPod {
  /** The pod, or the workload's pod template. */
  readonly pod: AnalyzedPod;
  /** The Gateways whose selector matches its labels, in manifest order. */
  readonly gateways: readonly IstioGateway[];
}

const CACHE = new WeakMap<AnalysisContext, readonly ManifestGatewayPod[]>();

/**
 * The pods and pod templates of the manifests that at least one Gateway selects, in manifest order; made once per
 * analysis. A Gateway selects pods in every namespace, as istiod matches a Gateway's selector against the labels of
 * each gateway proxy wherever it runs.
 */
export function manifestGatewayPods(context: AnalysisContext): readonly ManifestGatewayPod[] {
  let found = CACHE.get(context);
  if (found === undefined) {
    found = context.pods().flatMap((pod) => {
      const gateways = context.gateways.filter((g) => selects(g.spec?.selector ?? {}, pod.labels));
      return gateways.length === 0 ? [] : [{ pod, gateways }];
    });
    CACHE.set(context, found);
  }
  return found;
}

/** The annotations of a pod template (or Pod). */
export function podAnnotations(pod: AnalyzedPod): Readonly<Record<string, string>> {
  const owner = pod.owner;
  return (isPod(owner) ? owner.metadata.annotations : owner.spec?.template?.metadata?.annotations) ?? {};
}
