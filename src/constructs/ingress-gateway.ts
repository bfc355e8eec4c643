import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerAppAnalysis } from './app-analysis';
import { CertificateFiles } from './certificate';
import { ConfigError, describe } from './errors';
import { GatewayListener, GatewayListenerProps, IIngressGateway } from './gateway-listener';
import { PortMapping } from './port-mapping';
import { ServiceType, ServiceTypeName } from './service-type';
import * as istio from '../imports/networking.istio.io';
import { isDnsLabel, isDnsSubdomain } from '../istio/names';

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

/** A PodDisruptionBudget for the gateway pods; give exactly one of the two fields. */
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
   * Replicas, when autoscaling is off.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler for the gateway Deployment.
   * @default - no autoscaling
   */
  readonly autoscaling?: GatewayAutoscaling;
  /**
   * A PodDisruptionBudget for the gateway pods.
   * @default - none
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
}

const STATUS_PORT = 15021;
const PROMETHEUS_PORT = 15090;

/**
 * An Istio ingress gateway: the Envoy Deployment (injected with Istio's gateway template), its
 * Service, ServiceAccount and the Role that lets it read TLS Secrets, and the `Gateway`
 * resource whose servers are the gateway's listeners.
 */
export class IngressGateway extends Construct implements IIngressGateway {
  /** Finds every IngressGateway in the construct tree of `scope`'s app. */
  public static allIn(scope: IConstruct): IngressGateway[] {
    return scope.node.root.node.findAll().filter((c): c is IngressGateway => c instanceof IngressGateway);
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
  private readonly props: IngressGatewayProps;

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    this.props = props;
    const namespace = Chart.of(this).namespace;
    if (!namespace) {
      throw new ConfigError(this, 'namespace', 'the gateway\'s Chart has no namespace, but Gateway references, TLS Secrets and RBAC need one', 'create the IngressGateway in a Chart with { namespace: \'istio-system\' } (or another namespace)');
    }
    this.namespace = namespace;
    this.gatewayName = props.gatewayName ?? id;
    this.workloadName = props.workloadName ?? 'istio-ingressgateway';
    for (const [field, value] of [['gatewayName', this.gatewayName], ['workloadName', this.workloadName]]) {
      if (!isDnsLabel(value)) {
        throw new ConfigError(this, field, `'${value}' is not a valid name`, 'use lowercase letters, digits and \'-\' (no dots), at most 63 characters');
      }
    }
    this.selector = props.selector ?? { istio: this.workloadName.replace(/^istio-/, '') };
    if (Object.keys(this.selector).length === 0) {
      throw new ConfigError(this, 'selector', 'is empty, so the Gateway would configure every gateway workload in the mesh', 'give at least one label, e.g. { istio: \'ingressgateway\' }');
    }
    for (const [field, labels] of [['selector', this.selector], ['podLabels', props.podLabels ?? {}]] as const) {
      for (const [key, value] of Object.entries(labels)) {
        if (!isLabelKey(key) || !isLabelValue(value)) {
          throw new ConfigError(this, field, `'${key}: ${value}' is not a valid label`, 'use Kubernetes label syntax (e.g. istio: ingressgateway)');
        }
      }
    }
    this.serviceType = props.serviceType ?? ServiceType.NODE_PORT;
    if ((this.serviceType as string) === 'ExternalName') {
      throw new ConfigError(this, 'serviceType', 'an ExternalName Service cannot front gateway pods', 'use ServiceType.NODE_PORT, LOAD_BALANCER or CLUSTER_IP');
    }
    if (!(Object.values(ServiceType) as string[]).includes(this.serviceType)) {
      throw new ConfigError(this, 'serviceType', `'${String(this.serviceType)}' is not a Service type`, 'use ServiceType.NODE_PORT, LOAD_BALANCER or CLUSTER_IP');
    }
    if (props.externalTrafficPolicy && this.serviceType === ServiceType.CLUSTER_IP) {
      throw new ConfigError(this, 'externalTrafficPolicy', 'only applies to NodePort and LoadBalancer Services', 'remove it, or use ServiceType.NODE_PORT or LOAD_BALANCER');
    }
    if (props.loadBalancerSourceRanges && this.serviceType !== ServiceType.LOAD_BALANCER) {
      throw new ConfigError(this, 'loadBalancerSourceRanges', 'only applies to LoadBalancer Services', 'remove it, or use ServiceType.LOAD_BALANCER');
    }
    this.validateScaling(props);
    this.portMapping = props.portMapping ?? PortMapping.DIRECT;
    for (const [key, value] of Object.entries(props.podLabels ?? {})) {
      const selected = this.workloadSelector[key];
      if (selected !== undefined && selected !== value) {
        throw new ConfigError(this, 'podLabels', `'${key}: ${value}' would replace the label '${key}: ${selected}' the Gateway, Service and Deployment select the pods by`, 'use another label key, or change the selector or workloadName');
      }
    }
    this.podLabels = {
      'app': this.workloadName,
      ...this.selector,
      'sidecar.istio.io/inject': 'true',
      'istio.io/dataplane-mode': 'none',
      ...(props.revision ? { 'istio.io/rev': props.revision } : {}),
      ...props.podLabels,
    };

    const metadata = { name: this.workloadName, namespace, labels: { app: this.workloadName, ...this.selector } };
    new ApiObject(this, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata });
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: Lazy.any({ produce: () => this.renderDeploymentSpec() }),
    });
    this.service = new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...metadata, annotations: props.serviceAnnotations },
      spec: Lazy.any({ produce: () => this.renderServiceSpec() }),
    });
    new ApiObject(this, 'Role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
    });
    new ApiObject(this, 'RoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.workloadName },
      subjects: [{ kind: 'ServiceAccount', name: this.workloadName }],
    });
    if (props.autoscaling) {
      const scaling = props.autoscaling;
      new ApiObject(this, 'HorizontalPodAutoscaler', {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.workloadName },
          minReplicas: scaling.minReplicas ?? 1,
          maxReplicas: scaling.maxReplicas ?? 5,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: scaling.targetCpuUtilizationPercentage ?? 80 } } }],
        },
      });
    }
    if (props.podDisruptionBudget) {
      new ApiObject(this, 'PodDisruptionBudget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata,
        spec: { ...props.podDisruptionBudget, selector: { matchLabels: this.workloadSelector } },
      });
    }
    this.gateway = new istio.Gateway(this, 'Gateway', {
      metadata: { name: this.gatewayName, namespace },
      spec: {
        selector: this.selector,
        servers: Lazy.any({ produce: () => this._listeners.map((l) => l._toServer()) }),
      },
    });
    this.node.addValidation({ validate: () => this.validateApp() });
    registerAppAnalysis(this);
  }

  /** The listeners of this gateway, in the order they were added. */
  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  /** `<namespace>/<gatewayName>`, the form VirtualServices use to bind to this gateway. */
  public get reference(): string {
    return `${this.namespace}/${this.gatewayName}`;
  }

  /** Adds a listener: one Service port, one Gateway server and one container port. */
  public addListener(id: string, props: GatewayListenerProps): GatewayListener {
    return new GatewayListener(this, id, props);
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
  }

  /** The labels the Deployment and Service select pods by. */
  private get workloadSelector(): Record<string, string> {
    return { app: this.workloadName, ...this.selector };
  }

  private validateScaling(props: IngressGatewayProps): void {
    const scaling = props.autoscaling;
    if (scaling) {
      const min = scaling.minReplicas ?? 1;
      const max = scaling.maxReplicas ?? 5;
      if (!Number.isInteger(min) || min < 1 || !Number.isInteger(max) || max < min) {
        throw new ConfigError(this, 'autoscaling', `minReplicas ${min} and maxReplicas ${max} are not a valid range`, 'use 1 <= minReplicas <= maxReplicas');
      }
      if (props.replicas !== undefined) {
        throw new ConfigError(this, 'replicas', 'is managed by the autoscaler when autoscaling is on', 'remove replicas, or remove autoscaling');
      }
    }
    if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 0)) {
      throw new ConfigError(this, 'replicas', `${props.replicas} is not a replica count`, 'use a whole number of 0 or more');
    }
    const pdb = props.podDisruptionBudget;
    if (pdb && (pdb.minAvailable === undefined) === (pdb.maxUnavailable === undefined)) {
      throw new ConfigError(this, 'podDisruptionBudget', 'needs exactly one of minAvailable and maxUnavailable', 'set one of them');
    }
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

  private renderDeploymentSpec(): Record<string, unknown> {
    const props = this.props;
    const files = this.certificateFiles();
    const secretNames = [...new Set(files.map((f) => f.secretName))];
    return {
      replicas: props.autoscaling ? undefined : props.replicas ?? 1,
      selector: { matchLabels: this.workloadSelector },
      template: {
        metadata: {
          labels: this.podLabels,
          annotations: {
            'inject.istio.io/templates': 'gateway',
            'sidecar.istio.io/inject': 'true',
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': '15020',
            'prometheus.io/path': '/stats/prometheus',
            ...props.podAnnotations,
          },
        },
        spec: {
          serviceAccountName: this.workloadName,
          automountServiceAccountToken: true,
          securityContext: this.portMapping.bindsPrivilegedPorts
            ? { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] }
            : undefined,
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'istio-proxy',
            image: props.image ?? 'auto',
            ports: [
              { name: 'status-port', containerPort: STATUS_PORT, protocol: 'TCP' },
              { name: 'http-envoy-prom', containerPort: PROMETHEUS_PORT, protocol: 'TCP' },
              ...this._listeners.map((l) => ({ name: l.containerPortName, containerPort: l.targetPort, protocol: 'TCP' })),
            ],
            readinessProbe: {
              httpGet: { path: '/healthz/ready', port: STATUS_PORT },
              periodSeconds: 15,
              timeoutSeconds: 3,
              failureThreshold: 4,
            },
            resources: {
              requests: { cpu: '100m', memory: '128Mi', ...props.resources?.requests },
              limits: { cpu: '2000m', memory: '1024Mi', ...props.resources?.limits },
            },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              privileged: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
              runAsUser: 1337,
              runAsGroup: 1337,
            },
            volumeMounts: files.length === 0 ? undefined
              : files.map((f) => ({ name: secretVolumeName(f.secretName), mountPath: f.mountPath, readOnly: true })),
          }],
          volumes: secretNames.length === 0 ? undefined
            : secretNames.map((secretName) => ({ name: secretVolumeName(secretName), secret: { secretName } })),
        },
      },
    };
  }

  private renderServiceSpec(): Record<string, unknown> {
    const external = this.serviceType !== ServiceType.CLUSTER_IP;
    return {
      type: this.serviceType,
      selector: this.workloadSelector,
      externalTrafficPolicy: this.props.externalTrafficPolicy,
      loadBalancerSourceRanges: this.props.loadBalancerSourceRanges,
      ports: [
        { name: 'status-port', port: STATUS_PORT, targetPort: STATUS_PORT, protocol: 'TCP' },
        ...this._listeners.map((l) => ({
          name: l.name,
          port: l.port,
          targetPort: l.targetPort,
          nodePort: external ? l.nodePort : undefined,
          protocol: 'TCP',
        })),
      ],
    };
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

/** Volume name for a mounted certificate Secret: the Secret name with dots turned into dashes. */
function secretVolumeName(secretName: string): string {
  return secretName.replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
}

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  return (slash < 0 || isDnsSubdomain(key.slice(0, slash))) && isLabelValue(name) && name.length > 0;
}

function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value);
}
