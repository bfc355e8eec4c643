import type { Deployment, DeploymentSpec } from 'kubernetes-types/apps/v1';
import type { ContainerPort, PodSecurityContext, ResourceRequirements, SeccompProfile } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { CertificateFiles } from './certificate';
import { certificateVolumes, PROXY_GROUP } from './certificate-volumes';

/** The proxy's health status port (readiness probe, Service `status-port`). */
export const STATUS_PORT = 15021;
/** The Envoy Prometheus port. */
const PROMETHEUS_PORT = 15090;

/** One listener's port in the proxy container. */
export interface GatewayContainerPort {
  /** The container port name, when the listener name is a valid one. */
  readonly name?: string;
  /** The port Envoy listens on. */
  readonly containerPort: number;
}

/** Everything the gateway Deployment spec is rendered from, already validated. */
export interface GatewayDeploymentInput {
  /** Replicas; undefined when an autoscaler owns them. */
  readonly replicas?: number;
  /** The labels the Deployment selects its pods by. */
  readonly selector: Record<string, string>;
  /** All pod labels (a superset of `selector`). */
  readonly podLabels: Record<string, string>;
  /** Extra pod annotations, which may override the defaults. */
  readonly podAnnotations?: Record<string, string>;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** True when the pod needs the unprivileged-port sysctl to bind ports below 1024. */
  readonly bindsPrivilegedPorts: boolean;
  /** The pod's seccomp profile. */
  readonly seccompProfile: SeccompProfile;
  /** The proxy image (`auto` for the injection webhook to fill in). */
  readonly image: string;
  /** The listeners' container ports, after the status and Prometheus ports. */
  readonly listenerPorts: readonly GatewayContainerPort[];
  /** Requests and limits of the proxy container. */
  readonly resources: ResourceRequirements;
  /** Certificate files to mount, one per (Secret, mount path) pair. */
  readonly certificateFiles: readonly CertificateFiles[];
}

/** The Deployment object around a spec rendered later (listeners are added after the gateway is created). */
export function gatewayDeployment(metadata: ObjectMeta, spec: DeploymentSpec): Deployment & { apiVersion: 'apps/v1'; kind: 'Deployment' } {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
}

/**
 * The pod's security context: the seccomp profile, which Pod Security "restricted" requires at pod level (or on every
 * container), and the sysctl that lets the non-root proxy bind ports below 1024. That sysctl is one of the "safe"
 * sysctls the "baseline" profile (and so "restricted") allows, as Istio's gateway chart and injection template rely on.
 */
function podSecurityContext(input: GatewayDeploymentInput): PodSecurityContext {
  return {
    // Mounted certificate files (mode 0440) belong to the proxy's group, so that the proxy, and no one else, reads them.
    fsGroup: input.certificateFiles.length > 0 ? PROXY_GROUP : undefined,
    seccompProfile: input.seccompProfile,
    sysctls: input.bindsPrivilegedPorts ? [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] : undefined,
  };
}

/**
 * The gateway Deployment spec: pods injected with Istio's `gateway` template, running the non-root `istio-proxy`
 * container with the listener ports, the readiness probe on the status port, and the certificate files mounted.
 */
export function renderGatewayDeploymentSpec(input: GatewayDeploymentInput): DeploymentSpec {
  const files = certificateVolumes(input.certificateFiles);
  const ports: ContainerPort[] = [
    { name: 'status-port', containerPort: STATUS_PORT, protocol: 'TCP' },
    { name: 'http-envoy-prom', containerPort: PROMETHEUS_PORT, protocol: 'TCP' },
    ...input.listenerPorts.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
  ];
  return {
    replicas: input.replicas,
    selector: { matchLabels: input.selector },
    template: {
      metadata: {
        labels: input.podLabels,
        annotations: {
          'inject.istio.io/templates': 'gateway',
          'sidecar.istio.io/inject': 'true',
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '15020',
          'prometheus.io/path': '/stats/prometheus',
          ...input.podAnnotations,
        },
      },
      spec: {
        serviceAccountName: input.serviceAccountName,
        // No Kubernetes API token: the proxy authenticates to istiod with the projected `istio-token` (audience
        // istio-ca) that Istio's gateway injection template mounts whatever this field says
        // (manifests/charts/istio-control/istio-discovery/files/gateway-injection-template.yaml), and istiod, not the
        // pod, reads the credential Secrets.
        automountServiceAccountToken: false,
        securityContext: podSecurityContext(input),
        terminationGracePeriodSeconds: 30,
        containers: [{
          name: 'istio-proxy',
          image: input.image,
          ports,
          readinessProbe: {
            httpGet: { path: '/healthz/ready', port: STATUS_PORT },
            periodSeconds: 15,
            timeoutSeconds: 3,
            failureThreshold: 4,
          },
          resources: input.resources,
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 1337,
            runAsGroup: PROXY_GROUP,
          },
          volumeMounts: files.volumeMounts.length === 0 ? undefined : files.volumeMounts,
        }],
        volumes: files.volumes.length === 0 ? undefined : files.volumes,
      },
    },
  };
}
