import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { registerAppAnalysis } from './app-analysis';
import { CertificateFiles } from './certificate';
import { ConfigError, describe } from './errors';
import { gatewayDeployment, renderGatewayDeploymentSpec } from './gateway-deployment';
import { findListener, GatewayListener, GatewayListenerProps, IIngressGateway } from './gateway-listener';
import { gatewayRole, gatewayRoleBinding, gatewayServiceAccount } from './gateway-rbac';
import { GatewayAutoscalerInput, gatewayAutoscaler, gatewayDisruptionBudget } from './gateway-scaling';
import { gatewayService, renderGatewayServiceSpec } from './gateway-service';
import { gatewayWarnings } from './gateway-warnings';
import { ImportedGatewayOptions, ImportedIngressGateway } from './imported-gateway';
import { checkNumber, checkOptionalNumber, checkOptionalObject, checkOptionalString, checkProps, describeInput } from './input-check';
import {
  checkOptionalAnnotations, checkOptionalCidrs, checkOptionalIntOrPercent, checkOptionalLabels, checkOptionalQuantity,
} from './kubernetes-input';
import { PortMapping } from './port-mapping';
import { SeccompProfile } from './seccomp-profile';
import { ServiceType, ServiceTypeName } from './service-type';
import { registerSynthWarnings } from './synth-warnings';
import * as istio from '../imports/networking.istio.io';
import { scaledIntOrPercent } from '../istio/int-or-percent';
import { isKubernetesLabelValue } from '../istio/kubernetes-labels';
import { isDnsLabel } from '../istio/names';
import { parseQuantity } from '../istio/quantity';

/** Routing of external traffic to node-local or cluster-wide endpoints. */
export enum ExternalTrafficPolicy {
  /** Any node forwards to any gateway pod (client source IP is lost). */
  CLUSTER = 'Cluster',
  /** Only nodes running a gateway pod accept traffic; the client source IP is kept. */
  LOCAL = 'Local',
}

/** Horizontal pod autoscaling of the gateway Deployment. */
export interface GatewayAutoscaling {
  /**
   * Minimum replicas.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Maximum replicas.
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Target average CPU utilisation in percent.
   * @default 80
   */
  readonly targetCpuUtilizationPercentage?: number;
}

/**
 * A PodDisruptionBudget for the gateway pods; give exactly one of the two fields, each a whole number of 0 or more or
 * a percentage from `0%` to `100%`. The budget must allow at least one eviction at the lowest replica count (the
 * replicas, or the autoscaler's minReplicas), or node drains would hang.
 */
export interface GatewayDisruptionBudget {
  /**
   * Pods that must stay available (a number or a percentage such as `50%`).
   * @default - not set
   */
  readonly minAvailable?: number | string;
  /**
   * Pods that may be unavailable (a number or a percentage).
   * @default - not set
   */
  readonly maxUnavailable?: number | string;
}

/** CPU and memory quantities. */
export interface ResourceQuantities {
  /**
   * CPU, e.g. `100m`.
   * @default - not set
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. `128Mi`.
   * @default - not set
   */
  readonly memory?: string;
}

/** Resource requests and limits of the proxy container. */
export interface GatewayResources {
  /**
   * Requests.
   * @default { cpu: '100m', memory: '128Mi' }
   */
  readonly requests?: ResourceQuantities;
  /**
   * Limits.
   * @default { cpu: '2000m', memory: '1024Mi' }
   */
  readonly limits?: ResourceQuantities;
}

/** Properties of an {@link IngressGateway}. */
export interface IngressGatewayProps {
  /**
   * Name of the Istio `Gateway` resource.
   * @default - the construct id
   */
  readonly gatewayName?: string;
  /**
   * Name of the gateway Deployment, Service, ServiceAccount, Role and RoleBinding.
   * @default 'istio-ingressgateway'
   */
  readonly workloadName?: string;
  /**
   * Labels the Gateway selects the pods by; every pod carries them.
   * @default - { istio: <workloadName without a leading 'istio-'> }, e.g. { istio: 'ingressgateway' }
   */
  readonly selector?: Record<string, string>;
  /**
   * The gateway Service type: a {@link ServiceType} member, or cdk8s-plus's `ServiceType` member of the same
   * name (ExternalName is not allowed).
   * @default ServiceType.NODE_PORT
   */
  readonly serviceType?: ServiceTypeName;
  /**
   * External traffic policy of a NodePort or LoadBalancer Service.
   * @default - Kubernetes' default (Cluster)
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /**
   * Annotations of the gateway Service (cloud load balancer settings).
   * @default - none
   */
  readonly serviceAnnotations?: Record<string, string>;
  /**
   * CIDRs allowed to reach a LoadBalancer Service.
   * @default - all
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * How Service ports map to the ports Envoy listens on.
   * @default PortMapping.DIRECT
   */
  readonly portMapping?: PortMapping;
  /**
   * The proxy image. `auto` lets Istio's injection webhook fill in the proxy image of the
   * control plane; any other value pins it (the webhook still configures the proxy).
   * @default 'auto'
   */
  readonly image?: string;
  /**
   * Istio revision (`istio.io/rev` label) to inject from.
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * Replicas, when autoscaling is off: a whole number of 0 or more.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler for the gateway Deployment.
   * @default - no autoscaling
   */
  readonly autoscaling?: GatewayAutoscaling;
  /**
   * A PodDisruptionBudget for the gateway pods. As in Istio's gateway Helm chart, a budget only exists where it can
   * protect something: with 2 or more replicas, or an autoscaler whose minReplicas is 2 or more. With a single replica
   * (or minReplicas 1) a budget either blocks every node drain or protects nothing, so asking for one is refused
   * rather than silently dropped (the chart drops it).
   * @default - none, whatever the replicas (the chart renders none by default either)
   */
  readonly podDisruptionBudget?: GatewayDisruptionBudget;
  /**
   * Proxy container resources.
   * @default - requests 100m / 128Mi, limits 2000m / 1024Mi (the Istio gateway chart's)
   */
  readonly resources?: GatewayResources;
  /**
   * Extra pod labels.
   * @default - none
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Extra pod annotations.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * The seccomp profile of the gateway pods. `RuntimeDefault` and `Localhost` pass Pod Security "restricted";
   * `SeccompProfile.unconfined()` fails it (and "baseline"), and is only rendered when asked for.
   * @default SeccompProfile.runtimeDefault()
   */
  readonly seccompProfile?: SeccompProfile;
}


/** The proxy container's requests when none are given (the Istio gateway chart's). */
const DEFAULT_REQUESTS = { cpu: '100m', memory: '128Mi' };
/** The proxy container's limits when none are given (the Istio gateway chart's). */
const DEFAULT_LIMITS = { cpu: '2000m', memory: '1024Mi' };
/** Construct ids of the Role and RoleBinding, created with the first listener that serves a credentialName Secret. */
const SECRET_ACCESS_IDS = ['Role', 'RoleBinding'];
/** The largest replica count Kubernetes stores (int32). */
const MAX_REPLICAS = 2_147_483_647;

/**
 * An Istio ingress gateway: the Envoy Deployment (injected with Istio's gateway template), its
 * Service and ServiceAccount, the Role that lets istiod serve it TLS Secrets (only when a listener uses
 * `credentialName`), and the `Gateway` resource whose servers are the gateway's listeners.
 */
export class IngressGateway extends Construct implements IIngressGateway {
  /** Finds every IngressGateway in the construct tree of `scope`'s app. */
  public static allIn(scope: IConstruct): IngressGateway[] {
    return scope.node.root.node.findAll().filter((c): c is IngressGateway => c instanceof IngressGateway);
  }

  /**
   * A gateway installed elsewhere (by Istio's Helm chart, or another team's app), as the `namespace/name` of its
   * `Gateway` and a description of its servers. It renders nothing; routes bind to its listeners
   * (`gateway.listener('https')`) or to the whole gateway, and are checked as routes of this app's gateways are:
   * listener protocols, hosts admitted by the servers, port narrowing, `exportTo`.
   *
   * @param scope - where the imported gateway sits in the construct tree.
   * @param id - its construct id.
   * @param reference - `namespace/name` of the existing Gateway, e.g. `istio-system/istio-ingressgateway`.
   * @param options - the existing Gateway's servers, and where its pods run.
   */
  public static fromGatewayReference(scope: Construct, id: string, reference: string, options: ImportedGatewayOptions): ImportedIngressGateway {
    return new ImportedIngressGateway(scope, id, reference, options);
  }

  /** Name of the `Gateway` resource. */
  public readonly gatewayName: string;
  /** Namespace of the gateway (its Chart's namespace). */
  public readonly namespace: string;
  /** Name of the Deployment, Service and ServiceAccount. */
  public readonly workloadName: string;
  /** The labels the `Gateway` selects pods by. */
  public readonly selector: Record<string, string>;
  /** All labels of the gateway pods. */
  public readonly podLabels: Record<string, string>;
  /** The gateway Service type. */
  public readonly serviceType: ServiceTypeName;
  /** How Service ports map to container ports. */
  public readonly portMapping: PortMapping;
  /** The Istio `Gateway` resource. */
  public readonly gateway: ApiObject;
  /** The gateway Deployment. */
  public readonly deployment: ApiObject;
  /** The gateway Service. */
  public readonly service: ApiObject;
  private readonly _listeners: GatewayListener[] = [];
  private readonly workloadMetadata: ObjectMeta;
  private secretAccess = false;

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    props = checkProps(this, 'props', props, '{ serviceType: ServiceType.LOAD_BALANCER } (or leave the props out)', true);
    this.namespace = this.checkNamespace();
    this.gatewayName = checkOptionalString(this, 'gatewayName', props.gatewayName, 'give the Gateway name as a string') ?? id;
    this.workloadName = checkOptionalString(this, 'workloadName', props.workloadName, 'give the workload name as a string') ?? 'istio-ingressgateway';
    for (const [field, value] of [['gatewayName', this.gatewayName], ['workloadName', this.workloadName]]) {
      if (!isDnsLabel(value)) {
        throw new ConfigError(this, field, `'${value}' is not a valid name`, 'use lowercase letters, digits and \'-\' (no dots), at most 63 characters');
      }
    }
    this.selector = checkOptionalLabels(this, 'selector', props.selector) ?? { istio: this.workloadName.replace(/^istio-/, '') };
    if (Object.keys(this.selector).length === 0) {
      throw new ConfigError(this, 'selector', 'is empty, so the Gateway would configure every gateway workload in the mesh', 'give at least one label, e.g. { istio: \'ingressgateway\' }');
    }
    const podLabels = checkOptionalLabels(this, 'podLabels', props.podLabels);
    this.serviceType = this.checkServiceType(props);
    const loadBalancerSourceRanges = checkOptionalCidrs(this, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges);
    if (loadBalancerSourceRanges && this.serviceType !== ServiceType.LOAD_BALANCER) {
      throw new ConfigError(this, 'loadBalancerSourceRanges', 'only applies to LoadBalancer Services', 'remove it, or use ServiceType.LOAD_BALANCER');
    }
    const serviceAnnotations = checkOptionalAnnotations(this, 'serviceAnnotations', props.serviceAnnotations);
    const podAnnotations = checkOptionalAnnotations(this, 'podAnnotations', props.podAnnotations);
    if (props.portMapping !== undefined && !(props.portMapping instanceof PortMapping)) {
      throw new ConfigError(this, 'portMapping', `is ${describeInput(props.portMapping)}, not a PortMapping`, 'use PortMapping.DIRECT or PortMapping.UNPRIVILEGED');
    }
    this.portMapping = props.portMapping ?? PortMapping.DIRECT;
    const image = this.checkImage(props.image);
    const revision = this.checkRevision(props.revision);
    const { replicas, autoscaler } = this.checkScaling(props);
    const resources = this.checkResources(props.resources);
    if (props.seccompProfile !== undefined && !(props.seccompProfile instanceof SeccompProfile)) {
      throw new ConfigError(this, 'seccompProfile', `is ${describeInput(props.seccompProfile)}, not a SeccompProfile`, 'use SeccompProfile.runtimeDefault(), SeccompProfile.localhost(path) or SeccompProfile.unconfined()');
    }
    const seccompProfile = (props.seccompProfile ?? SeccompProfile.runtimeDefault())._toKubernetes();
    for (const [key, value] of Object.entries(podLabels ?? {})) {
      const selected = this.workloadSelector[key];
      if (selected !== undefined && selected !== value) {
        throw new ConfigError(this, 'podLabels', `'${key}: ${value}' would replace the label '${key}: ${selected}' the Gateway, Service and Deployment select the pods by`, 'use another label key, or change the selector or workloadName');
      }
    }
    const budget = this.checkDisruptionBudget(props.podDisruptionBudget, autoscaler
      ? { count: autoscaler.minReplicas, field: 'autoscaling.minReplicas' }
      : { count: replicas ?? 1, field: 'replicas' });
    this.podLabels = {
      'app': this.workloadName,
      ...this.selector,
      'sidecar.istio.io/inject': 'true',
      'istio.io/dataplane-mode': 'none',
      ...(revision ? { 'istio.io/rev': revision } : {}),
      ...podLabels,
    };

    const metadata: ObjectMeta = { name: this.workloadName, namespace: this.namespace, labels: this.workloadSelector };
    new ApiObject(this, 'ServiceAccount', gatewayServiceAccount(metadata));
    this.deployment = new ApiObject(this, 'Deployment', gatewayDeployment(metadata, Lazy.any({
      produce: () => renderGatewayDeploymentSpec({
        replicas: autoscaler ? undefined : replicas ?? 1,
        selector: this.workloadSelector,
        podLabels: this.podLabels,
        podAnnotations,
        serviceAccountName: this.workloadName,
        bindsPrivilegedPorts: this.portMapping.bindsPrivilegedPorts,
        seccompProfile,
        image,
        listenerPorts: this._listeners.map((l) => ({ name: l.containerPortName, containerPort: l.targetPort })),
        resources,
        certificateFiles: this.certificateFiles(),
      }),
    })));
    this.service = new ApiObject(this, 'Service', gatewayService({ ...metadata, annotations: serviceAnnotations }, Lazy.any({
      produce: () => renderGatewayServiceSpec({
        type: this.serviceType,
        selector: this.workloadSelector,
        externalTrafficPolicy: props.externalTrafficPolicy,
        loadBalancerSourceRanges,
        listenerPorts: this._listeners.map((l) => ({ name: l.name, port: l.port, targetPort: l.targetPort, nodePort: l.nodePort })),
      }),
    })));
    this.workloadMetadata = metadata;
    if (autoscaler) {
      new ApiObject(this, 'HorizontalPodAutoscaler', gatewayAutoscaler(metadata, autoscaler));
    }
    if (budget) {
      new ApiObject(this, 'PodDisruptionBudget', gatewayDisruptionBudget(metadata, { ...budget, selector: this.workloadSelector }));
    }
    this.gateway = new istio.Gateway(this, 'Gateway', {
      metadata: { name: this.gatewayName, namespace: this.namespace },
      spec: {
        selector: this.selector,
        servers: Lazy.any({ produce: () => this._listeners.map((l) => l._toServer()) }),
      },
    });
    this.node.addValidation({ validate: () => this.validateApp() });
    registerAppAnalysis(this);
    registerSynthWarnings(this, () => gatewayWarnings({
      namespace: this.namespace,
      canReadSecrets: this.canReadSecrets,
      podAnnotations,
      serviceType: this.serviceType,
      listeners: this._listeners,
    }));
  }

  /** The listeners of this gateway, in the order they were added. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  /**
   * True when the gateway's ServiceAccount may list the Secrets of its namespace: some listener serves a certificate
   * by `credentialName` (a cert-manager `Certificate` or `Certificate.fromSecret`), which istiod only does for a
   * gateway allowed to. Gateways that serve only HTTP, passthrough or `Certificate.fromFiles()` get no such access.
   */
  public get canReadSecrets(): boolean {
    return this.secretAccess;
  }

  /** `<namespace>/<gatewayName>`, the form VirtualServices use to bind to this gateway. */
  public get reference(): string {
    return `${this.namespace}/${this.gatewayName}`;
  }

  /** Adds a listener: one Service port, one Gateway server and one container port. */
  public addListener(id: string, props: GatewayListenerProps): GatewayListener {
    if (typeof id === 'string' && (this.node.tryFindChild(id) !== undefined || SECRET_ACCESS_IDS.includes(id))) {
      throw new ConfigError(this, 'listeners', `the gateway already has a child named '${id}'`, 'give every listener its own id');
    }
    return new GatewayListener(this, id, props);
  }

  /**
   * The listener with this name (its Service and Gateway server port name, e.g. `https`).
   *
   * @param name - the listener's `name`.
   */
  public listener(name: string): GatewayListener {
    return findListener(this, this._listeners, name);
  }

  /** @internal Called by a new GatewayListener; rejects ports that clash with earlier listeners. */
  public _registerListener(listener: GatewayListener): void {
    const fail = (field: string, problem: string, fix: string) => new ConfigError(listener, field, problem, fix);
    for (const other of this._listeners) {
      if (other.port === listener.port) {
        throw fail('port', `port ${listener.port} is already used by listener '${other.node.id}' of this gateway`, 'give every listener its own port');
      }
      if (other.name === listener.name) {
        throw fail('name', `port name '${listener.name}' is already used by listener '${other.node.id}'`, 'give every listener its own name');
      }
      if (other.targetPort === listener.targetPort) {
        throw fail('targetPort', `container port ${listener.targetPort} is already used by listener '${other.node.id}'`, 'give every listener its own targetPort');
      }
      if (listener.nodePort !== undefined && other.nodePort === listener.nodePort) {
        throw fail('nodePort', `node port ${listener.nodePort} is already used by listener '${other.node.id}'`, 'give every listener its own nodePort');
      }
    }
    if (listener.nodePort !== undefined) {
      if (this.serviceType === ServiceType.CLUSTER_IP) {
        throw fail('nodePort', `a ClusterIP Service has no node ports (got ${listener.nodePort})`, 'remove nodePort, or use ServiceType.NODE_PORT or LOAD_BALANCER');
      }
      if (!Number.isInteger(listener.nodePort) || listener.nodePort < 30000 || listener.nodePort > 32767) {
        throw fail('nodePort', `${listener.nodePort} is outside the node port range 30000-32767`, 'pick a node port from 30000 to 32767, or leave it out to let Kubernetes choose');
      }
    }
    if (!this.portMapping.bindsPrivilegedPorts && listener.targetPort < 1024) {
      throw fail('targetPort', `${listener.targetPort} is a privileged port, which the non-root proxy cannot bind with PortMapping.UNPRIVILEGED`, 'use a targetPort of 1024 or more, or PortMapping.DIRECT');
    }
    this._listeners.push(listener);
    if (listener._servesCredentialSecret && !this.canReadSecrets) {
      // Added when the first such listener is; the Gateway depends on them, so they still render before it.
      const role = new ApiObject(this, SECRET_ACCESS_IDS[0], gatewayRole(this.workloadMetadata));
      const binding = new ApiObject(this, SECRET_ACCESS_IDS[1], gatewayRoleBinding(this.workloadMetadata, this.workloadName));
      this.gateway.node.addDependency(role, binding);
      this.secretAccess = true;
    }
  }

  /** The labels the Deployment and Service select pods by. */
  private get workloadSelector(): Record<string, string> {
    return { app: this.workloadName, ...this.selector };
  }


  /** The Chart's namespace: required, and a namespace name. */
  private checkNamespace(): string {
    const namespace = Chart.of(this).namespace;
    if (!namespace) {
      throw new ConfigError(this, 'namespace', 'the gateway\'s Chart has no namespace, but Gateway references, TLS Secrets and RBAC need one', 'create the IngressGateway in a Chart with { namespace: \'istio-system\' } (or another namespace)');
    }
    if (!isDnsLabel(namespace)) {
      throw new ConfigError(this, 'namespace', `'${namespace}' (the namespace of the gateway's Chart) is not a valid namespace name`, 'give the Chart a namespace of lowercase letters, digits and \'-\', at most 63 characters, such as istio-system');
    }
    return namespace;
  }

  /** The Service type and the options that only some types take. */
  private checkServiceType(props: IngressGatewayProps): ServiceTypeName {
    const fix = 'use ServiceType.NODE_PORT, LOAD_BALANCER or CLUSTER_IP';
    const serviceType = checkOptionalString(this, 'serviceType', props.serviceType, fix) ?? ServiceType.NODE_PORT;
    if (serviceType === 'ExternalName') {
      throw new ConfigError(this, 'serviceType', 'an ExternalName Service cannot front gateway pods', fix);
    }
    if (!(Object.values(ServiceType) as string[]).includes(serviceType)) {
      throw new ConfigError(this, 'serviceType', `'${serviceType}' is not a Service type`, fix);
    }
    const policy: unknown = props.externalTrafficPolicy;
    if (policy !== undefined && !(Object.values(ExternalTrafficPolicy) as unknown[]).includes(policy)) {
      throw new ConfigError(this, 'externalTrafficPolicy', `${describeInput(policy)} is not a traffic policy`, 'use ExternalTrafficPolicy.CLUSTER or ExternalTrafficPolicy.LOCAL');
    }
    if (policy && serviceType === ServiceType.CLUSTER_IP) {
      throw new ConfigError(this, 'externalTrafficPolicy', 'only applies to NodePort and LoadBalancer Services', 'remove it, or use ServiceType.NODE_PORT or LOAD_BALANCER');
    }
    return serviceType as ServiceTypeName;
  }

  /** The proxy image: `auto`, or an image reference without spaces. */
  private checkImage(value: unknown): string {
    const fix = 'use \'auto\' or an image reference such as docker.io/istio/proxyv2:1.30.3';
    const image = checkOptionalString(this, 'image', value, fix) ?? 'auto';
    if (image === '' || /\s/.test(image)) {
      throw new ConfigError(this, 'image', `'${image}' is not an image reference`, `${fix} (not empty, no spaces)`);
    }
    return image;
  }

  /** The Istio revision: a label value, since it becomes the `istio.io/rev` pod label. */
  private checkRevision(value: unknown): string | undefined {
    const fix = 'use a revision name such as canary or 1-30-3 (letters, digits, \'-\', \'_\' and \'.\', at most 63 characters)';
    const revision = checkOptionalString(this, 'revision', value, fix);
    if (revision !== undefined && (revision === '' || !isKubernetesLabelValue(revision))) {
      throw new ConfigError(this, 'revision', `'${revision}' is not a valid istio.io/rev label value`, fix);
    }
    return revision;
  }

  /** Fixed replicas or an autoscaler, never both. */
  private checkScaling(props: IngressGatewayProps): { replicas?: number; autoscaler?: GatewayAutoscalerInput } {
    const replicas = checkOptionalNumber(this, 'replicas', props.replicas, 'use a whole number of 0 or more');
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_REPLICAS)) {
      throw new ConfigError(this, 'replicas', `${replicas} is not a replica count`, 'use a whole number of 0 or more');
    }
    const scaling = checkOptionalObject(this, 'autoscaling', props.autoscaling, '{ minReplicas: 2, maxReplicas: 5 }');
    if (!scaling) {
      return { replicas };
    }
    const rangeFix = 'use 1 <= minReplicas <= maxReplicas';
    const min = checkOptionalNumber(this, 'autoscaling.minReplicas', scaling.minReplicas, rangeFix) ?? 1;
    const max = checkOptionalNumber(this, 'autoscaling.maxReplicas', scaling.maxReplicas, rangeFix) ?? 5;
    if (!Number.isInteger(min) || min < 1 || !Number.isInteger(max) || max < min || max > MAX_REPLICAS) {
      throw new ConfigError(this, 'autoscaling', `minReplicas ${min} and maxReplicas ${max} are not a valid range`, rangeFix);
    }
    const target = scaling.targetCpuUtilizationPercentage === undefined ? 80
      : checkNumber(this, 'autoscaling.targetCpuUtilizationPercentage', scaling.targetCpuUtilizationPercentage,
        'use a whole percentage of 1 or more, such as 80', { integer: true, min: 1, max: MAX_REPLICAS });
    if (replicas !== undefined) {
      throw new ConfigError(this, 'replicas', 'is managed by the autoscaler when autoscaling is on', 'remove replicas, or remove autoscaling');
    }
    return { autoscaler: { deploymentName: this.workloadName, minReplicas: min, maxReplicas: max, targetCpuUtilizationPercentage: target } };
  }

  /** Requests and limits over the chart's defaults, each a quantity, no request above its limit. */
  private checkResources(value: unknown): ResourceRequirements {
    const resources = checkOptionalObject(this, 'resources', value as GatewayResources | undefined, '{ requests: { cpu: \'500m\' }, limits: { memory: \'2Gi\' } }') ?? {};
    const requests = this.checkQuantities('resources.requests', resources.requests, DEFAULT_REQUESTS);
    const limits = this.checkQuantities('resources.limits', resources.limits, DEFAULT_LIMITS);
    for (const key of ['cpu', 'memory'] as const) {
      if (parseQuantity(requests[key])! > parseQuantity(limits[key])!) {
        throw new ConfigError(this, `resources.requests.${key}`, `${requests[key]} is more than the ${key} limit ${limits[key]}, which Kubernetes refuses`, `lower the request, or raise resources.limits.${key}`);
      }
    }
    return { requests, limits };
  }

  private checkQuantities(field: string, value: unknown, defaults: Required<ResourceQuantities>): Required<ResourceQuantities> {
    const quantities = checkOptionalObject(this, field, value as ResourceQuantities | undefined, '{ cpu: \'500m\', memory: \'256Mi\' }') ?? {};
    const cpu = checkOptionalQuantity(this, `${field}.cpu`, quantities.cpu, '100m or 0.5') ?? defaults.cpu;
    const memory = checkOptionalQuantity(this, `${field}.memory`, quantities.memory, '128Mi or 1Gi') ?? defaults.memory;
    if (!Number.isInteger(parseQuantity(memory))) {
      throw new ConfigError(this, `${field}.memory`, `'${memory}' is not a whole number of bytes ('m' means thousandths)`, 'write mebibytes as Mi, e.g. 128Mi');
    }
    return { cpu, memory };
  }

  /**
   * The disruption budget, when asked for: exactly one field, and one that both protects the pods and lets a node
   * drain at the lowest replica count (`lowest`).
   */
  private checkDisruptionBudget(value: unknown, lowest: { readonly count: number; readonly field: string }): GatewayDisruptionBudget | undefined {
    const pdb = checkOptionalObject(this, 'podDisruptionBudget', value as GatewayDisruptionBudget | undefined, '{ minAvailable: 1 } or { maxUnavailable: \'25%\' }');
    if (!pdb) {
      return undefined;
    }
    const minAvailable = checkOptionalIntOrPercent(this, 'podDisruptionBudget.minAvailable', pdb.minAvailable);
    const maxUnavailable = checkOptionalIntOrPercent(this, 'podDisruptionBudget.maxUnavailable', pdb.maxUnavailable);
    if ((minAvailable === undefined) === (maxUnavailable === undefined)) {
      throw new ConfigError(this, 'podDisruptionBudget', 'needs exactly one of minAvailable and maxUnavailable', 'set one of them');
    }
    if (lowest.count < 2) {
      throw new ConfigError(this, 'podDisruptionBudget', `the gateway may run a single pod (${lowest.field} is ${lowest.count}), where a budget either blocks every node drain or protects nothing`, `run 2 or more pods (${lowest.field}: 2), or remove podDisruptionBudget`);
    }
    const blocks = minAvailable !== undefined
      ? scaledIntOrPercent(minAvailable, lowest.count) >= lowest.count
      : scaledIntOrPercent(maxUnavailable!, lowest.count) === 0;
    if (blocks) {
      const [field, given] = minAvailable !== undefined ? ['minAvailable', minAvailable] : ['maxUnavailable', maxUnavailable];
      throw new ConfigError(this, `podDisruptionBudget.${field}`, `${typeof given === 'string' ? `'${given}'` : given} allows no eviction when the gateway runs ${lowest.count} pods (${lowest.field}), so node drains would hang`, 'let at least one pod be evicted, e.g. { maxUnavailable: 1 }');
    }
    return { minAvailable, maxUnavailable };
  }

  /** The certificate files of the listeners, one per mounted (Secret, mountPath) pair. */
  private certificateFiles(): CertificateFiles[] {
    const byMount = new Map<string, CertificateFiles>();
    for (const files of this._listeners.flatMap((l) => l.certificateFiles ?? [])) {
      const key = `${files.secretName}:${files.mountPath}`;
      if (!byMount.has(key)) {
        byMount.set(key, files);
      }
    }
    return [...byMount.values()];
  }

  /** Whole-app checks, run at synth. */
  private validateApp(): string[] {
    const errors: string[] = [];
    if (this._listeners.length === 0) {
      errors.push(describe('listeners', 'the gateway has no listeners, so its Gateway has no servers', 'add one with gateway.addListener(id, { port, protocol })'));
    }
    const files = this.certificateFiles();
    for (const [i, file] of files.entries()) {
      const clash = files.slice(i + 1).find((f) => f.mountPath === file.mountPath);
      if (clash) {
        errors.push(describe('listeners', `certificate Secrets '${file.secretName}' and '${clash.secretName}' are both mounted at ${file.mountPath}`, 'give each Certificate.fromFiles its own mountPath'));
      }
    }
    for (const other of IngressGateway.allIn(this)) {
      if (other !== this && Object.entries(this.selector).every(([k, v]) => other.podLabels[k] === v)) {
        errors.push(describe('selector', `the Gateway selector ${JSON.stringify(this.selector)} also selects the pods of IngressGateway '${other.node.path}' (${other.namespace}/${other.workloadName}), so both gateways would serve each other's listeners`, 'give each IngressGateway its own workloadName or selector'));
      }
      if (other !== this && other.namespace === this.namespace) {
        for (const field of ['workloadName', 'gatewayName'] as const) {
          if (other[field] === this[field]) {
            errors.push(describe(field, `'${this[field]}' is also the ${field} of IngressGateway '${other.node.path}' in namespace ${this.namespace}, so their objects would overwrite each other`, `give each IngressGateway its own ${field}`));
          }
        }
      }
    }
    return errors;
  }
}
