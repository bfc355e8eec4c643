/**
 * Everything the analyzers read: the loaded objects by kind, as typed views, and the compiled gateway config.
 */
import { assumedDefaultIngress, DefaultIngress } from './default-ingress';
import { isAnalyzedNamespace } from './ignored-namespaces';
import { isPod, isWorkload } from './workload-kinds';
import { compile, CompiledConfig } from '../engine/compile';
import { isKind, ISTIO_NETWORKING, keyOf } from '../engine/model';
import { KubeObject } from '../manifests/kube-object';
import { admit, Admission } from '../model/admission';
import { KubeNode, KubePod, KubePodSpec, KubePodTemplate, KubeSecret, KubeService, KubeWorkload } from '../model/core-types';
import { IstioDestinationRule, IstioGateway, IstioServiceEntry, IstioVirtualService } from '../model/istio-types';

/** A pod of the manifests: a bare Pod, or the pod template of a Deployment, DaemonSet or StatefulSet. */
export interface AnalyzedPod {
  /** The Pod, or the workload whose template it is. */
  readonly owner: KubePod | KubeWorkload;
  /** Its namespace. */
  readonly namespace: string;
  /** Its labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Its spec (empty when the manifest gives none). */
  readonly spec: KubePodSpec;
  /**
   * True for the pod of the default ingress gateway the analysis assumes ({@link AnalysisContext.defaultIngress}),
   * which no manifest holds.
   * @default false
   */
  readonly assumed?: boolean;
}

/** @internal What an analysis assumes the cluster holds beside the manifests. */
export interface AnalysisContextOptions {
  /**
   * Assume the default ingress gateway is installed, unless the manifests define it (see `assumedDefaultIngress`).
   * @default true
   */
  readonly assumeDefaultIngress?: boolean;
}

/**
 * The objects the analyzers read are the ones that passed their schema (the vendored CRD for an Istio kind, the shape of
 * core-kinds.ts for a built-in kind), so each guard below narrows by kind alone: every field the view names then has
 * the type it declares.
 */
const isGateway = (o: KubeObject): o is IstioGateway => isKind(o, ISTIO_NETWORKING, 'Gateway');
const isVirtualService = (o: KubeObject): o is IstioVirtualService => isKind(o, ISTIO_NETWORKING, 'VirtualService');
const isDestinationRule = (o: KubeObject): o is IstioDestinationRule => isKind(o, ISTIO_NETWORKING, 'DestinationRule');
const isServiceEntry = (o: KubeObject): o is IstioServiceEntry => isKind(o, ISTIO_NETWORKING, 'ServiceEntry');
const isService = (o: KubeObject): o is KubeService => o.kind === 'Service' && o.apiVersion === 'v1';
const isSecret = (o: KubeObject): o is KubeSecret => o.kind === 'Secret' && o.apiVersion === 'v1';
const isNode = (o: KubeObject): o is KubeNode => o.kind === 'Node' && o.apiVersion === 'v1';

/** The manifests under analysis, indexed for the analyzers. */
export class AnalysisContext {
  /** Istio Gateways. */
  public readonly gateways: IstioGateway[];
  /** VirtualServices. */
  public readonly virtualServices: IstioVirtualService[];
  /** DestinationRules. */
  public readonly destinationRules: IstioDestinationRule[];
  /** ServiceEntries. */
  public readonly serviceEntries: IstioServiceEntry[];
  /** Core v1 Services. */
  public readonly services: KubeService[];
  /** Workloads with a pod template (Deployments, DaemonSets, StatefulSets) and bare Pods, in manifest order. */
  public readonly workloads: Array<KubeWorkload | KubePod>;
  /** Secrets. */
  public readonly secrets: KubeSecret[];
  /** Nodes, by name (the last of a name). */
  public readonly nodes: ReadonlyMap<string, KubeNode>;

  /**
   * The default ingress gateway assumed installed beside the manifests, as `istioctl analyze` assumes it for files;
   * undefined when the manifests define it themselves or the analysis was asked not to assume it. The analyzers of
   * gateway workloads read it through {@link gatewayPods} and {@link gatewayServices}; no other analyzer sees it.
   */
  public readonly defaultIngress?: DefaultIngress;

  /** False when the analysis was asked not to assume the default ingress gateway (`assumeDefaultIngress: false`). */
  public readonly assumesDefaultIngress: boolean;

  /** What the model stage made of the input: refused objects (IST0106) and replaced duplicates. */
  public readonly admission: Admission;

  /**
   * The objects the analyzers read: duplicates resolved (the last copy kept) and objects that fail their schema left
   * out, so every field has its declared type. Objects refused only by the webhook stay, as `istioctl analyze` still
   * analyzes them; the compiled config leaves them out, as the cluster would.
   */
  public readonly objects: readonly KubeObject[];

  private podList?: readonly AnalyzedPod[];

  private gatewayPodList?: readonly AnalyzedPod[];

  private compiled?: CompiledConfig;

  /**
   * @param input - loaded objects, in input order; those in the namespaces `istioctl analyze` ignores (see
   * ignored-namespaces.ts) are left out before anything else, as istioctl leaves them out.
   * @param options - what to assume beside them.
   */
  constructor(input: readonly KubeObject[], options: AnalysisContextOptions = {}) {
    this.admission = admit(input.filter(isAnalyzedNamespace));
    const objects = this.admission.wellTyped;
    this.objects = objects;

    this.gateways = objects.filter(isGateway);
    this.virtualServices = objects.filter(isVirtualService);
    this.destinationRules = objects.filter(isDestinationRule);
    this.serviceEntries = objects.filter(isServiceEntry);
    this.services = objects.filter(isService);
    this.workloads = objects.filter((o): o is KubeWorkload | KubePod => isWorkload(o) || isPod(o));
    this.secrets = objects.filter(isSecret);
    this.nodes = new Map(objects.filter(isNode).map((n) => [n.metadata.name, n]));
    this.assumesDefaultIngress = options.assumeDefaultIngress !== false;
    this.defaultIngress = this.assumesDefaultIngress ? assumedDefaultIngress(objects) : undefined;
  }

  /** What istiod would send to each gateway workload: compiled on first use (the analysis at synth may not need it). */
  public get config(): CompiledConfig {
    this.compiled ??= compile(this.admission.objects, this.admission.refused);
    return this.compiled;
  }

  /** `Kind NS/NAME` of an object, as findings name it. */
  public resource(obj: KubeObject): string {
    return `${obj.kind} ${keyOf(obj)}`;
  }

  /** Pod labels and namespace of each workload (the pod template's for controllers), in manifest order; made once. */
  public pods(): readonly AnalyzedPod[] {
    this.podList ??= this.workloads.map((w) => {
      const template: KubePodTemplate = isPod(w) ? { metadata: w.metadata, spec: w.spec } : w.spec?.template ?? {};
      return { owner: w, namespace: w.metadata.namespace, labels: template.metadata?.labels ?? {}, spec: template.spec ?? {} };
    });
    return this.podList;
  }

  /**
   * The pods Gateways may select: {@link pods}, then the pod of the assumed {@link defaultIngress} (marked `assumed`)
   * when there is one; made once.
   */
  public gatewayPods(): readonly AnalyzedPod[] {
    if (this.gatewayPodList === undefined) {
      const assumed = this.defaultIngress?.pod;
      this.gatewayPodList = assumed === undefined ? this.pods() : [...this.pods(), {
        owner: assumed, namespace: assumed.metadata.namespace, labels: assumed.metadata.labels ?? {}, spec: assumed.spec ?? {}, assumed: true,
      }];
    }
    return this.gatewayPodList;
  }

  /** The Services that may expose gateway pods: {@link services}, then the Service of the assumed {@link defaultIngress}. */
  public gatewayServices(): readonly KubeService[] {
    return this.defaultIngress === undefined ? this.services : [...this.services, this.defaultIngress.service];
  }
}
