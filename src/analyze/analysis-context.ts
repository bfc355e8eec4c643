/**
 * Everything the analyzers read: the loaded objects by kind and the compiled gateway config.
 */
import { compile, CompiledConfig } from '../engine/compile';
import { isKind, ISTIO_NETWORKING, keyOf } from '../engine/model';
import { KubeObject } from '../manifests/kube-object';
import { admit, Admission } from '../model/admission';

/** A pod of the manifests: a bare Pod, or the pod template of a Deployment, DaemonSet or StatefulSet. */
export interface AnalyzedPod {
  /** The Pod, or the workload whose template it is. */
  readonly owner: KubeObject;
  /** Its namespace. */
  readonly namespace: string;
  /** Its labels. */
  readonly labels: Record<string, string>;
  /** Its spec. */
  readonly spec: any;
}

/** The manifests under analysis, indexed for the analyzers. */
export class AnalysisContext {
  /** Istio Gateways. */
  public readonly gateways: KubeObject[];
  /** VirtualServices. */
  public readonly virtualServices: KubeObject[];
  /** DestinationRules. */
  public readonly destinationRules: KubeObject[];
  /** ServiceEntries. */
  public readonly serviceEntries: KubeObject[];
  /** Core v1 Services. */
  public readonly services: KubeObject[];
  /** Workloads with a pod template (Deployments, DaemonSets, StatefulSets) and bare Pods. */
  public readonly workloads: KubeObject[];
  /** Secrets. */
  public readonly secrets: KubeObject[];

  /** What the model stage made of the input: refused objects (IST0106) and replaced duplicates. */
  public readonly admission: Admission;

  /**
   * The objects the analyzers read: duplicates resolved (the last copy kept) and objects that fail their schema left
   * out, so every field has its declared type. Objects refused only by the webhook stay, as `istioctl analyze` still
   * analyzes them; the compiled config leaves them out, as the cluster would.
   */
  public readonly objects: readonly KubeObject[];

  private podList?: readonly AnalyzedPod[];

  private compiled?: CompiledConfig;

  /** @param input - loaded objects, in input order. */
  constructor(input: readonly KubeObject[]) {
    this.admission = admit(input);
    const objects = this.admission.wellTyped;
    this.objects = objects;

    this.gateways = objects.filter((o) => isKind(o, ISTIO_NETWORKING, 'Gateway'));
    this.virtualServices = objects.filter((o) => isKind(o, ISTIO_NETWORKING, 'VirtualService'));
    this.destinationRules = objects.filter((o) => isKind(o, ISTIO_NETWORKING, 'DestinationRule'));
    this.serviceEntries = objects.filter((o) => isKind(o, ISTIO_NETWORKING, 'ServiceEntry'));
    this.services = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
    this.workloads = objects.filter((o) => (['Deployment', 'DaemonSet', 'StatefulSet'].includes(o.kind) && o.apiVersion === 'apps/v1')
      || (o.kind === 'Pod' && o.apiVersion === 'v1'));
    this.secrets = objects.filter((o) => o.kind === 'Secret' && o.apiVersion === 'v1');
  }

  /** What istiod would send to each gateway workload: compiled on first use (the analysis at synth may not need it). */
  public get config(): CompiledConfig {
    this.compiled ??= compile(this.admission.objects);
    return this.compiled;
  }

  /** `Kind NS/NAME` of an object, as findings name it. */
  public resource(obj: KubeObject): string {
    return `${obj.kind} ${keyOf(obj)}`;
  }

  /** Pod labels and namespace of each workload (the pod template's for controllers), in manifest order; made once. */
  public pods(): readonly AnalyzedPod[] {
    this.podList ??= this.workloads.map((w) => {
      const spec = (w as any).spec ?? {};
      const template = w.kind === 'Pod' ? { metadata: w.metadata, spec } : spec.template ?? {};
      return { owner: w, namespace: w.metadata.namespace, labels: template.metadata?.labels ?? {}, spec: template.spec ?? {} };
    });
    return this.podList;
  }
}
