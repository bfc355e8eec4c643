/**
 * What synth warns about a whole gateway: its namespace, its pod annotations and what its Service exposes. Each warning
 * reads `field: problem; fix`, as the constructs' errors do.
 */
import { describe } from './errors';
import { ServiceType, ServiceTypeName } from './service-type';
import { ConstructWarning, SynthWarningId } from './synth-warnings';
import { CONTROL_PLANE_NAMESPACE } from '../istio/control-plane';
import { admitsEveryHost } from '../istio/host';
import { INJECTION_TEMPLATES_ANNOTATION, listsSidecarTemplate } from '../istio/injection-templates';
import { TlsMode } from '../istio/protocol';


/** The settings of a gateway the warnings look at. */
export interface GatewayWarningInput {
  /** The namespace of the gateway's objects. */
  readonly namespace: string;
  /** True when its ServiceAccount may list the Secrets of its namespace. */
  readonly canReadSecrets: boolean;
  /** The annotations the user added to its pods. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** The type of its Service. */
  readonly serviceType: ServiceTypeName;
  /** Its listeners: name, TLS mode and hosts. */
  readonly listeners: ReadonlyArray<{ readonly name: string; readonly tlsMode?: TlsMode; readonly hosts: readonly string[] }>;
}

/**
 * The gateway's synth warnings.
 *
 * @param gateway - its settings.
 */
export function gatewayWarnings(gateway: GatewayWarningInput): ConstructWarning[] {
  return [...namespaceWarnings(gateway), ...injectionWarnings(gateway), ...exposureWarnings(gateway)];
}

/**
 * A gateway that may list the Secrets of istio-system, where istiod keeps the mesh's CA key (`istio-ca-secret`, or
 * `cacerts` with a plugged-in CA): whoever takes over the internet-facing pod could sign certificates for any workload.
 * Istio's install guides put gateways in a namespace of their own for that reason.
 */
function namespaceWarnings(gateway: GatewayWarningInput): ConstructWarning[] {
  if (gateway.namespace !== CONTROL_PLANE_NAMESPACE || !gateway.canReadSecrets) {
    return [];
  }
  return [{
    id: SynthWarningId.CONTROL_PLANE_SECRETS,
    message: describe('namespace',
      `the gateway serves credentialName certificates, so its ServiceAccount may list every Secret of ${CONTROL_PLANE_NAMESPACE}, `
    + 'the control plane\'s namespace, including istiod\'s CA key (istio-ca-secret or cacerts): a compromised gateway pod could sign '
    + 'certificates for any workload of the mesh',
      'create the gateway, its Certificates and its Secrets in a Chart of their own namespace (e.g. { namespace: \'istio-ingress\' }); '
    + 'routes keep binding to it by gateway.reference'),
  }];
}

/**
 * Istio's `sidecar` injection template on a gateway pod: it adds the `istio-init` container, which runs as root with
 * NET_ADMIN and NET_RAW to redirect the pod's traffic with iptables (istio/istio
 * `manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`), where the `gateway` template adds
 * only the proxy (`gateway-injection-template.yaml`).
 */
function injectionWarnings(gateway: GatewayWarningInput): ConstructWarning[] {
  const templates = gateway.podAnnotations?.[INJECTION_TEMPLATES_ANNOTATION];
  if (!listsSidecarTemplate(templates)) {
    return [];
  }
  return [{
    id: SynthWarningId.SIDECAR_TEMPLATE,
    message: describe('podAnnotations',
      `${INJECTION_TEMPLATES_ANNOTATION}: '${templates}' adds Istio's sidecar template, whose istio-init container runs as root with NET_ADMIN `
    + 'and NET_RAW (and fails Pod Security "restricted" and "baseline")',
      'remove the annotation: the gateway template the constructs set is all a gateway needs'),
  }];
}

/**
 * An AUTO_PASSTHROUGH listener for every host behind a Service reachable from outside the cluster: a client that
 * reaches the port can open a TLS connection to any service of the mesh by naming it in SNI
 * (`outbound_.<port>_.<subset>_.<host>`), with no VirtualService in between.
 */
function exposureWarnings(gateway: GatewayWarningInput): ConstructWarning[] {
  if (gateway.serviceType === ServiceType.CLUSTER_IP) {
    return [];
  }
  return gateway.listeners
    .filter((l) => l.tlsMode === TlsMode.AUTO_PASSTHROUGH && l.hosts.some(admitsEveryHost))
    .map((l) => ({
      id: SynthWarningId.OPEN_AUTO_PASSTHROUGH,
      message: describe('listeners',
        `'${l.name}' is AUTO_PASSTHROUGH for every host on a ${gateway.serviceType} Service, so whoever reaches its port can open a TLS `
      + 'connection to any service of the mesh by naming it in SNI, with no VirtualService in between',
        'list the hosts meant to be reachable (hosts: [\'*.shop.svc.cluster.local\']), or use ServiceType.CLUSTER_IP for a gateway '
      + 'only the cluster reaches'),
    }));
}
