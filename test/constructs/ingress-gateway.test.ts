import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import {
  Certificate,
  ClientCa,
  ExternalTrafficPolicy,
  IngressGateway,
  IngressGatewayProps,
  PortMapping,
  Protocol,
  ServiceType,
  ServiceTypeName,
  TlsMode,
  TlsVersion,
} from '../../src';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';
import { validateCoreObject } from '../support/core-schema-validator';
import { CONTROL_PLANE_SECRETS_WARNING, expectOnlySynthWarnings, IMPLICIT_HOSTS_WARNING } from '../support/synth-warnings';

// Fixtures here put gateways that serve credentialName Secrets in istio-system, which synth warns about.
expectOnlySynthWarnings(CONTROL_PLANE_SECRETS_WARNING, IMPLICIT_HOSTS_WARNING);

function setup(props: IngressGatewayProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'x', { namespace: 'istio-system' });
  const gateway = new IngressGateway(chart, 'gw', props);
  return { app, chart, gateway };
}

/** The one synthesized object of `kind` in the chart. */
function only(chart: Chart, kind: string): any {
  const found = Testing.synth(chart).filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** A gateway with one HTTP listener on 80, synthesized; returns the object of `kind`. */
function synthWithHttp(kind: string, props: IngressGatewayProps = {}): any {
  const { chart, gateway } = setup(props);
  gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
  return only(chart, kind);
}

/** Creates a gateway in a fresh chart, for asserting a thrown error on path x/gw. */
function creating(props: IngressGatewayProps): () => IngressGateway {
  const app = Testing.app();
  const chart = new Chart(app, 'x', { namespace: 'istio-system' });
  return () => new IngressGateway(chart, 'gw', props);
}

const podSpecOf = (deployment: any) => deployment.spec.template.spec;
const proxyOf = (deployment: any) => podSpecOf(deployment).containers[0];

describe('IngressGateway defaults', () => {
  test('renders ServiceAccount, Deployment, Service and Gateway, in that order (an HTTP-only gateway gets no Role)', () => {
    const { chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(Testing.synth(chart).map((m) => `${m.apiVersion} ${m.kind}`)).toEqual([
      'v1 ServiceAccount',
      'apps/v1 Deployment',
      'v1 Service',
      'networking.istio.io/v1 Gateway',
    ]);
  });

  test('workload objects are named istio-ingressgateway in the chart\'s namespace, labelled with the selector labels', () => {
    const { chart, gateway } = setup();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('lab-tls') } });
    for (const kind of ['ServiceAccount', 'Deployment', 'Service', 'Role', 'RoleBinding']) {
      expect(only(chart, kind).metadata).toEqual({
        name: 'istio-ingressgateway',
        namespace: 'istio-system',
        labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      });
    }
  });

  test('the Deployment runs one replica of pods selected by app and istio labels', () => {
    const spec = synthWithHttp('Deployment').spec;
    expect(spec.replicas).toBe(1);
    expect(spec.selector).toEqual({ matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } });
  });

  test('the pods carry the injection label, the selector labels, and stay out of ambient', () => {
    expect(synthWithHttp('Deployment').spec.template.metadata.labels).toEqual({
      'app': 'istio-ingressgateway',
      'istio': 'ingressgateway',
      'sidecar.istio.io/inject': 'true',
      'istio.io/dataplane-mode': 'none',
    });
  });

  test('the pods ask for the gateway injection template and Prometheus scraping', () => {
    expect(synthWithHttp('Deployment').spec.template.metadata.annotations).toEqual({
      'inject.istio.io/templates': 'gateway',
      'sidecar.istio.io/inject': 'true',
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '15020',
      'prometheus.io/path': '/stats/prometheus',
    });
  });

  test('the pod runs as the gateway ServiceAccount, with the runtime\'s seccomp profile, may bind ports below 1024, and stops within 30s', () => {
    const podSpec = podSpecOf(synthWithHttp('Deployment'));
    expect(podSpec.serviceAccountName).toBe('istio-ingressgateway');
    expect(podSpec.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
    });
    expect(podSpec.terminationGracePeriodSeconds).toBe(30);
    expect(podSpec.containers).toHaveLength(1);
    expect(podSpec).not.toHaveProperty('volumes');
  });

  test('the istio-proxy container has image auto, for the injection webhook to replace', () => {
    const proxy = proxyOf(synthWithHttp('Deployment'));
    expect(proxy.name).toBe('istio-proxy');
    expect(proxy.image).toBe('auto');
  });

  test('the proxy is ready when /healthz/ready on the status port 15021 answers', () => {
    expect(proxyOf(synthWithHttp('Deployment')).readinessProbe).toEqual({
      httpGet: { path: '/healthz/ready', port: 15021 },
      periodSeconds: 15,
      timeoutSeconds: 3,
      failureThreshold: 4,
    });
  });

  test('the proxy gets the chart\'s resources: requests 100m / 128Mi, limits 2000m / 1024Mi', () => {
    expect(proxyOf(synthWithHttp('Deployment')).resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '2000m', memory: '1024Mi' },
    });
  });

  test('the proxy runs non-root as 1337 with a read-only root filesystem and no capabilities', () => {
    expect(proxyOf(synthWithHttp('Deployment')).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1337,
      runAsGroup: 1337,
    });
  });

  test('the container ports are the status port, the Envoy Prometheus port, then the listeners', () => {
    expect(proxyOf(synthWithHttp('Deployment')).ports).toEqual([
      { name: 'status-port', containerPort: 15021, protocol: 'TCP' },
      { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
      { name: 'http-80', containerPort: 80, protocol: 'TCP' },
    ]);
  });

  test('the Service is a NodePort Service with the status port first', () => {
    const service = synthWithHttp('Service');
    expect(service.metadata).not.toHaveProperty('annotations');
    expect(service.spec).toEqual({
      type: 'NodePort',
      selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
        { name: 'http-80', port: 80, targetPort: 80, protocol: 'TCP' },
      ],
    });
  });

  test('with a credentialName listener, the Role lets the gateway list Secrets of its namespace, bound to its ServiceAccount', () => {
    const { chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('lab-tls') } });
    expect(only(chart, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
    const binding = only(chart, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'istio-ingressgateway' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'istio-ingressgateway' }]);
  });

  test('the Gateway is named after the construct and selects istio: ingressgateway', () => {
    const gateway = synthWithHttp('Gateway');
    expect(gateway.metadata).toEqual({ name: 'gw', namespace: 'istio-system' });
    expect(gateway.spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test('the Gateway selector is a subset of the pod labels', () => {
    const { chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const podLabels = only(chart, 'Deployment').spec.template.metadata.labels;
    expect(podLabels).toMatchObject(only(chart, 'Gateway').spec.selector);
    expect(podLabels).toMatchObject(only(chart, 'Service').spec.selector);
  });

  test('no HorizontalPodAutoscaler or PodDisruptionBudget by default', () => {
    const { chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const kinds = Testing.synth(chart).map((m) => m.kind);
    expect(kinds).not.toContain('HorizontalPodAutoscaler');
    expect(kinds).not.toContain('PodDisruptionBudget');
  });

  test('exposes its names, namespace, selector and reference', () => {
    const { gateway } = setup();
    expect(gateway.gatewayName).toBe('gw');
    expect(gateway.namespace).toBe('istio-system');
    expect(gateway.workloadName).toBe('istio-ingressgateway');
    expect(gateway.selector).toEqual({ istio: 'ingressgateway' });
    expect(gateway.reference).toBe('istio-system/gw');
    expect(gateway.serviceType).toBe(ServiceType.NODE_PORT);
    expect(gateway.portMapping).toBe(PortMapping.DIRECT);
    expect(gateway.podLabels).toEqual({
      'app': 'istio-ingressgateway', 'istio': 'ingressgateway', 'sidecar.istio.io/inject': 'true', 'istio.io/dataplane-mode': 'none',
    });
    expect(gateway.listeners).toEqual([]);
  });

  test('IngressGateway.allIn finds every gateway of the app', () => {
    const { app, chart, gateway } = setup();
    const other = new IngressGateway(new Chart(app, 'y', { namespace: 'edge' }), 'edge');
    expect(IngressGateway.allIn(chart)).toEqual([gateway, other]);
  });
});

describe('IngressGateway listeners agree across Gateway, Service and Deployment', () => {
  function consistentChart(portMapping?: PortMapping) {
    const { chart, gateway } = setup({ portMapping });
    gateway.addListener('http', { port: 80, nodePort: 30080, protocol: Protocol.HTTP, tls: { httpsRedirect: true } });
    gateway.addListener('https', { port: 443, nodePort: 30443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('lab-tls') } });
    gateway.addListener('mysql', { port: 3306, protocol: Protocol.TCP, name: 'mysql' });
    gateway.addListener('tls', { port: 9443, targetPort: 19443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
    return chart;
  }

  test.each([
    ['PortMapping.DIRECT', PortMapping.DIRECT],
    ['PortMapping.UNPRIVILEGED', PortMapping.UNPRIVILEGED],
  ])('with %s, every Gateway port is a Service port whose targetPort is a container port', (_mapping, portMapping) => {
    const chart = consistentChart(portMapping);
    const servers = only(chart, 'Gateway').spec.servers;
    const servicePorts = only(chart, 'Service').spec.ports;
    const containerPorts = proxyOf(only(chart, 'Deployment')).ports.map((p: any) => p.containerPort);
    expect(servers).toHaveLength(4);
    for (const server of servers) {
      const servicePort = servicePorts.find((p: any) => p.port === server.port.number);
      expect(servicePort).toBeDefined();
      expect(servicePort.name).toBe(server.port.name);
      expect(containerPorts).toContain(servicePort.targetPort);
    }
    expect(servicePorts.map((p: any) => p.name)).toEqual(['status-port', 'http-80', 'https-443', 'mysql', 'tls-9443']);
  });

  test('PortMapping.DIRECT keeps 80 -> 80 and 443 -> 443', () => {
    const ports = only(consistentChart(), 'Service').spec.ports;
    expect(ports.map((p: any) => [p.port, p.targetPort])).toEqual([[15021, 15021], [80, 80], [443, 443], [3306, 3306], [9443, 19443]]);
  });
});

describe('IngressGateway portMapping', () => {
  test('PortMapping.UNPRIVILEGED maps 80 -> 8080 and 443 -> 8443 and keeps ports from 1024 up', () => {
    const { chart, gateway } = setup({ portMapping: PortMapping.UNPRIVILEGED });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.PASSTHROUGH } });
    gateway.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
    const ports = only(chart, 'Service').spec.ports;
    expect(ports.map((p: any) => [p.port, p.targetPort])).toEqual([[15021, 15021], [80, 8080], [443, 8443], [3306, 3306]]);
    expect(proxyOf(only(chart, 'Deployment')).ports.map((p: any) => p.containerPort)).toEqual([15021, 15090, 8080, 8443, 3306]);
    expect(only(chart, 'Gateway').spec.servers.map((s: any) => s.port.number)).toEqual([80, 443, 3306]);
  });

  test('PortMapping.UNPRIVILEGED needs no sysctl', () => {
    expect(PortMapping.UNPRIVILEGED.bindsPrivilegedPorts).toBe(false);
    expect(podSpecOf(synthWithHttp('Deployment', { portMapping: PortMapping.UNPRIVILEGED })).securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('PortMapping.DIRECT binds privileged ports with the sysctl', () => {
    expect(PortMapping.DIRECT.bindsPrivilegedPorts).toBe(true);
    expect(podSpecOf(synthWithHttp('Deployment', { portMapping: PortMapping.DIRECT })).securityContext.sysctls)
      .toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
  });

  test('PortMapping.UNPRIVILEGED rejects an explicit targetPort below 1024', () => {
    const { gateway } = setup({ portMapping: PortMapping.UNPRIVILEGED });
    expect(() => gateway.addListener('http', { port: 8000, targetPort: 80, protocol: Protocol.HTTP }))
      .toThrow(/^\[x\/gw\/http\] targetPort: 80 is a privileged port, which the non-root proxy cannot bind with PortMapping.UNPRIVILEGED/);
  });
});

describe('IngressGateway Service options', () => {
  test('ServiceType.LOAD_BALANCER renders a LoadBalancer Service that keeps node ports', () => {
    const { chart, gateway } = setup({ serviceType: ServiceType.LOAD_BALANCER });
    gateway.addListener('http', { port: 80, nodePort: 30080, protocol: Protocol.HTTP });
    const spec = only(chart, 'Service').spec;
    expect(spec.type).toBe('LoadBalancer');
    expect(spec.ports[1]).toMatchObject({ port: 80, nodePort: 30080 });
  });

  test('ServiceType.CLUSTER_IP renders a ClusterIP Service', () => {
    const spec = synthWithHttp('Service', { serviceType: ServiceType.CLUSTER_IP }).spec;
    expect(spec.type).toBe('ClusterIP');
    expect(spec.ports[1]).not.toHaveProperty('nodePort');
  });

  test('an ExternalName Service is refused by the type checker and, from plain JavaScript, at runtime', () => {
    // @ts-expect-error ExternalName is not a gateway Service type
    const props: IngressGatewayProps = { serviceType: kplus33.ServiceType.EXTERNAL_NAME };
    expect(creating(props)).toThrow(/^\[x\/gw\] serviceType: an ExternalName Service cannot front gateway pods/);
    expect(creating({ serviceType: 'Headless' as ServiceTypeName }))
      .toThrow(/^\[x\/gw\] serviceType: 'Headless' is not a Service type; use ServiceType.NODE_PORT, LOAD_BALANCER or CLUSTER_IP$/);
  });

  test.each([
    ['cdk8s-plus-28', kplus28.ServiceType.LOAD_BALANCER, kplus28.ServiceType.CLUSTER_IP],
    ['cdk8s-plus-33', kplus33.ServiceType.LOAD_BALANCER, kplus33.ServiceType.CLUSTER_IP],
  ] as const)('%s ServiceType members are accepted as they are', (_, loadBalancer, clusterIp) => {
    expect(synthWithHttp('Service', { serviceType: loadBalancer }).spec.type).toBe('LoadBalancer');
    expect(synthWithHttp('Service', { serviceType: clusterIp }).spec.type).toBe('ClusterIP');
  });

  test.each<[ServiceType, ExternalTrafficPolicy, string]>([
    [ServiceType.NODE_PORT, ExternalTrafficPolicy.LOCAL, 'Local'],
    [ServiceType.LOAD_BALANCER, ExternalTrafficPolicy.LOCAL, 'Local'],
    [ServiceType.LOAD_BALANCER, ExternalTrafficPolicy.CLUSTER, 'Cluster'],
  ])('a %s Service renders externalTrafficPolicy %s', (serviceType, externalTrafficPolicy, expected) => {
    expect(synthWithHttp('Service', { serviceType, externalTrafficPolicy }).spec.externalTrafficPolicy).toBe(expected);
  });

  test('externalTrafficPolicy is rejected on a ClusterIP Service', () => {
    expect(creating({ serviceType: ServiceType.CLUSTER_IP, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL }))
      .toThrow(/^\[x\/gw\] externalTrafficPolicy: only applies to NodePort and LoadBalancer Services/);
  });

  test('serviceAnnotations annotate the Service only', () => {
    const annotations = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' };
    const { chart, gateway } = setup({ serviceType: ServiceType.LOAD_BALANCER, serviceAnnotations: annotations });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(only(chart, 'Service').metadata.annotations).toEqual(annotations);
    expect(only(chart, 'Deployment').metadata).not.toHaveProperty('annotations');
  });

  test('loadBalancerSourceRanges are set on a LoadBalancer Service', () => {
    const ranges = ['10.0.0.0/8', '192.168.0.0/16'];
    expect(synthWithHttp('Service', { serviceType: ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ranges }).spec.loadBalancerSourceRanges)
      .toEqual(ranges);
  });

  test.each<ServiceType>([ServiceType.NODE_PORT, ServiceType.CLUSTER_IP])('loadBalancerSourceRanges are rejected on a %s Service', (serviceType) => {
    expect(creating({ serviceType, loadBalancerSourceRanges: ['10.0.0.0/8'] }))
      .toThrow(/^\[x\/gw\] loadBalancerSourceRanges: only applies to LoadBalancer Services/);
  });
});

describe('IngressGateway workload options', () => {
  test('image pins the proxy image', () => {
    expect(proxyOf(synthWithHttp('Deployment', { image: 'docker.io/istio/proxyv2:1.30.3' })).image).toBe('docker.io/istio/proxyv2:1.30.3');
  });

  test('revision adds the istio.io/rev pod label without changing the selectors', () => {
    const { chart, gateway } = setup({ revision: 'canary' });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const deployment = only(chart, 'Deployment');
    expect(deployment.spec.template.metadata.labels['istio.io/rev']).toBe('canary');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
    expect(only(chart, 'Gateway').spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test.each([0, 3])('replicas %d sets the Deployment replicas', (replicas) => {
    expect(synthWithHttp('Deployment', { replicas }).spec.replicas).toBe(replicas);
  });

  test.each([-1, 1.5])('replicas %d is rejected', (replicas) => {
    expect(creating({ replicas })).toThrow(new RegExp(`^\\[x/gw\\] replicas: ${replicas} is not a replica count`));
  });

  test('autoscaling adds a HorizontalPodAutoscaler with the chart\'s defaults and leaves replicas to it', () => {
    const { chart, gateway } = setup({ autoscaling: {} });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const hpa = only(chart, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata).toMatchObject({ name: 'istio-ingressgateway', namespace: 'istio-system' });
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-ingressgateway' },
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(only(chart, 'Deployment').spec).not.toHaveProperty('replicas');
  });

  test('autoscaling minReplicas, maxReplicas and targetCpuUtilizationPercentage are rendered', () => {
    const spec = synthWithHttp('HorizontalPodAutoscaler', { autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercentage: 60 } }).spec;
    expect(spec.minReplicas).toBe(2);
    expect(spec.maxReplicas).toBe(10);
    expect(spec.metrics[0].resource.target.averageUtilization).toBe(60);
  });

  test.each([
    [{ minReplicas: 0 }, 'minReplicas 0 and maxReplicas 5'],
    [{ minReplicas: 3, maxReplicas: 2 }, 'minReplicas 3 and maxReplicas 2'],
    [{ minReplicas: 6 }, 'minReplicas 6 and maxReplicas 5'],
    [{ maxReplicas: 2.5 }, 'minReplicas 1 and maxReplicas 2.5'],
  ])('autoscaling %p is rejected', (autoscaling, range) => {
    expect(creating({ autoscaling })).toThrow(new RegExp(`^\\[x/gw\\] autoscaling: ${range} are not a valid range`));
  });

  test('replicas together with autoscaling is rejected', () => {
    expect(creating({ autoscaling: {}, replicas: 2 }))
      .toThrow(/^\[x\/gw\] replicas: is managed by the autoscaler when autoscaling is on/);
  });

  test.each([
    [{ minAvailable: 1 }],
    [{ minAvailable: '50%' }],
    [{ maxUnavailable: 1 }],
    [{ maxUnavailable: '25%' }],
  ])('podDisruptionBudget %p renders a PodDisruptionBudget for the gateway pods', (podDisruptionBudget) => {
    const pdb = synthWithHttp('PodDisruptionBudget', { replicas: 2, podDisruptionBudget });
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata).toMatchObject({ name: 'istio-ingressgateway', namespace: 'istio-system' });
    expect(pdb.spec).toEqual({ ...podDisruptionBudget, selector: { matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } } });
  });

  test.each([
    [{}],
    [{ minAvailable: 1, maxUnavailable: 1 }],
  ])('podDisruptionBudget %p is rejected: it needs exactly one field', (podDisruptionBudget) => {
    expect(creating({ podDisruptionBudget }))
      .toThrow(/^\[x\/gw\] podDisruptionBudget: needs exactly one of minAvailable and maxUnavailable/);
  });

  test('resources override the defaults field by field', () => {
    expect(proxyOf(synthWithHttp('Deployment', { resources: { requests: { cpu: '500m' }, limits: { memory: '2Gi' } } })).resources).toEqual({
      requests: { cpu: '500m', memory: '128Mi' },
      limits: { cpu: '2000m', memory: '2Gi' },
    });
  });

  test('podLabels are added to the pods only', () => {
    const { chart, gateway } = setup({ podLabels: { 'team': 'platform', 'topology.istio.io/network': 'net1' } });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const deployment = only(chart, 'Deployment');
    expect(deployment.spec.template.metadata.labels).toMatchObject({ 'team': 'platform', 'topology.istio.io/network': 'net1', 'istio': 'ingressgateway' });
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'istio-ingressgateway', istio: 'ingressgateway' });
    expect(deployment.metadata.labels).not.toHaveProperty('team');
    expect(only(chart, 'Gateway').spec.selector).toEqual({ istio: 'ingressgateway' });
  });

  test('podLabels may repeat a selector label with the same value', () => {
    expect(creating({ podLabels: { istio: 'ingressgateway' } })).not.toThrow();
  });

  test.each([
    ['istio', 'public'],
    ['app', 'other'],
  ])('podLabels may not change the selected label %s', (key, value) => {
    expect(creating({ podLabels: { [key]: value } }))
      .toThrow(new RegExp(`^\\[x/gw\\] podLabels: '${key}: ${value}' would replace the label '${key}: .*' the Gateway, Service and Deployment select the pods by`));
  });

  test.each([
    ['an invalid key', { 'bad key': 'x' }, 'bad key: x'],
    ['an invalid value', { team: 'platform team' }, 'team: platform team'],
    ['a value longer than 63 characters', { team: 'a'.repeat(64) }, `team: ${'a'.repeat(64)}`],
  ])('podLabels with %s are rejected', (_why, podLabels, label) => {
    expect(creating({ podLabels })).toThrow(new RegExp(`^\\[x/gw\\] podLabels: '${label}' is not a valid label`));
  });

  test('podAnnotations are added to the pods and may override the defaults', () => {
    const annotations = synthWithHttp('Deployment', { podAnnotations: { 'prometheus.io/scrape': 'false', 'team': 'platform' } })
      .spec.template.metadata.annotations;
    expect(annotations).toMatchObject({ 'prometheus.io/scrape': 'false', 'team': 'platform', 'inject.istio.io/templates': 'gateway' });
  });
});

describe('IngressGateway names and selector', () => {
  test('gatewayName names the Gateway and its reference', () => {
    const { chart, gateway } = setup({ gatewayName: 'public' });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(only(chart, 'Gateway').metadata.name).toBe('public');
    expect(gateway.reference).toBe('istio-system/public');
  });

  test('workloadName names the workload objects and yields the selector without the istio- prefix', () => {
    const { chart, gateway } = setup({ workloadName: 'istio-foo' });
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('lab-tls') } });
    expect(gateway.selector).toEqual({ istio: 'foo' });
    for (const kind of ['ServiceAccount', 'Deployment', 'Service', 'Role', 'RoleBinding']) {
      expect(only(chart, kind).metadata).toMatchObject({ name: 'istio-foo', labels: { app: 'istio-foo', istio: 'foo' } });
    }
    expect(only(chart, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'istio-foo' }]);
    expect(podSpecOf(only(chart, 'Deployment')).serviceAccountName).toBe('istio-foo');
    expect(only(chart, 'Gateway').spec.selector).toEqual({ istio: 'foo' });
  });

  test('a workloadName without the istio- prefix is the istio label as is', () => {
    expect(synthWithHttp('Gateway', { workloadName: 'edge' }).spec.selector).toEqual({ istio: 'edge' });
  });

  test('selector replaces the istio label on the pods and in the Gateway', () => {
    const { chart, gateway } = setup({ selector: { gateway: 'public' } });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(only(chart, 'Gateway').spec.selector).toEqual({ gateway: 'public' });
    const deployment = only(chart, 'Deployment');
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'istio-ingressgateway', gateway: 'public' });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ gateway: 'public' });
    expect(deployment.spec.template.metadata.labels).not.toHaveProperty('istio');
    expect(only(chart, 'Service').spec.selector).toEqual({ app: 'istio-ingressgateway', gateway: 'public' });
  });

  test.each([
    ['gatewayName', { gatewayName: 'My_Gateway' }, 'My_Gateway'],
    ['gatewayName', { gatewayName: 'public.gateway' }, 'public.gateway'],
    ['workloadName', { workloadName: 'Istio-Ingress' }, 'Istio-Ingress'],
    ['workloadName', { workloadName: 'a'.repeat(64) }, 'a'.repeat(64)],
  ])('an invalid %s is rejected', (field, props, value) => {
    expect(creating(props)).toThrow(new RegExp(`^\\[x/gw\\] ${field}: '${value.replace('.', '\\.')}' is not a valid name`));
  });

  test('an invalid construct id as gatewayName is rejected', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'x', { namespace: 'istio-system' });
    expect(() => new IngressGateway(chart, 'Public')).toThrow(/^\[x\/Public\] gatewayName: 'Public' is not a valid name/);
  });

  test('an empty selector is rejected: it would configure every gateway in the mesh', () => {
    expect(creating({ selector: {} })).toThrow(/^\[x\/gw\] selector: is empty, so the Gateway would configure every gateway workload in the mesh/);
  });

  test.each([
    ['an invalid key', { 'istio gateway': 'public' }, 'istio gateway: public'],
    ['an invalid prefix', { 'Example.com/gateway': 'public' }, 'Example.com/gateway: public'],
    ['an invalid value', { istio: '-public' }, 'istio: -public'],
  ])('a selector with %s is rejected', (_why, selector, label) => {
    expect(creating({ selector })).toThrow(new RegExp(`^\\[x/gw\\] selector: '${label}' is not a valid label`));
  });

  test('a prefixed selector label is accepted', () => {
    expect(synthWithHttp('Gateway', { selector: { 'gateway.example.com/name': 'public' } }).spec.selector)
      .toEqual({ 'gateway.example.com/name': 'public' });
  });

  test('a chart without a namespace is rejected', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'x');
    expect(() => new IngressGateway(chart, 'gw'))
      .toThrow(/^\[x\/gw\] namespace: the gateway's Chart has no namespace, but Gateway references, TLS Secrets and RBAC need one/);
  });
});

describe('IngressGateway synth-time validation', () => {
  test('a gateway without listeners fails at synth', () => {
    const { app } = setup();
    expect(() => app.synthYaml()).toThrow(/\[x\/gw\] listeners: the gateway has no listeners, so its Gateway has no servers; add one with gateway.addListener/);
  });

  test('a gateway with listeners synthesizes', () => {
    const { app, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('two gateways selecting the same pods fail at synth, naming both', () => {
    const app = Testing.app();
    const a = new IngressGateway(new Chart(app, 'x', { namespace: 'istio-system' }), 'a');
    const b = new IngressGateway(new Chart(app, 'y', { namespace: 'istio-system' }), 'b');
    a.addListener('http', { port: 80, protocol: Protocol.HTTP });
    b.addListener('http', { port: 8080, protocol: Protocol.HTTP });
    expect(() => app.synthYaml()).toThrow(
      /\[x\/a\] selector: the Gateway selector \{"istio":"ingressgateway"\} also selects the pods of IngressGateway 'y\/b' \(istio-system\/istio-ingressgateway\)/,
    );
    expect(() => app.synthYaml()).toThrow(/\[y\/b\] selector: .* also selects the pods of IngressGateway 'x\/a'/);
  });

  test('a broader selector that also matches another gateway\'s pods fails at synth for that gateway only', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'x', { namespace: 'istio-system' });
    const broad = new IngressGateway(chart, 'broad');
    const edge = new IngressGateway(chart, 'edge', { workloadName: 'edge-gateway', selector: { istio: 'ingressgateway', tier: 'edge' } });
    broad.addListener('http', { port: 80, protocol: Protocol.HTTP });
    edge.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(() => app.synthYaml()).toThrow(/\[x\/broad\] selector: .* also selects the pods of IngressGateway 'x\/edge' \(istio-system\/edge-gateway\)/);
    expect(() => app.synthYaml()).not.toThrow(/\[x\/edge\] selector/);
  });

  test('gateways with their own workloads synthesize', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'x', { namespace: 'istio-system' });
    const a = new IngressGateway(chart, 'public');
    const b = new IngressGateway(chart, 'internal', { workloadName: 'istio-internal-gateway' });
    a.addListener('http', { port: 80, protocol: Protocol.HTTP });
    b.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('IngressGateway output', () => {
  /** A gateway using most options and every kind of listener. */
  function fullChart() {
    const app = Testing.app();
    const chart = new Chart(app, 'ingress', { namespace: 'istio-system' });
    const gateway = new IngressGateway(chart, 'public', {
      serviceType: ServiceType.LOAD_BALANCER,
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      loadBalancerSourceRanges: ['10.0.0.0/8'],
      revision: 'stable',
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      podDisruptionBudget: { minAvailable: 1 },
      podLabels: { team: 'platform' },
      podAnnotations: { 'proxy.istio.io/config': '{"gatewayTopology":{"numTrustedProxies":1}}' },
      resources: { limits: { memory: '2Gi' } },
    });
    const lab = new Certificate(chart, 'lab', {
      dnsNames: ['lab.example.com', '*.lab.example.com'],
      issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' },
      duration: Duration.days(90),
      renewBefore: Duration.days(30),
    });
    gateway.addListener('http', { port: 80, nodePort: 30080, protocol: Protocol.HTTP, hosts: ['*.lab.example.com'], tls: { httpsRedirect: true } });
    gateway.addListener('https', {
      port: 443,
      nodePort: 30443,
      protocol: Protocol.HTTPS,
      hosts: ['*.lab.example.com'],
      tls: { certificate: lab, minProtocolVersion: TlsVersion.TLSV1_2, cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] },
    });
    gateway.addListener('mtls', {
      port: 8443,
      protocol: Protocol.HTTPS,
      hosts: ['apps/api.lab.example.com'],
      tls: {
        mode: TlsMode.MUTUAL,
        certificate: Certificate.fromSecret('api-tls'),
        clientCa: ClientCa.fromSecret('clients-ca'),
        subjectAltNames: ['client.lab.example.com'],
      },
    });
    gateway.addListener('files', {
      port: 9443,
      protocol: Protocol.TLS,
      hosts: ['legacy.lab.example.com'],
      tls: {
        mode: TlsMode.OPTIONAL_MUTUAL,
        certificate: Certificate.fromFiles(),
        clientCa: ClientCa.fromCertificateFiles(),
        maxProtocolVersion: TlsVersion.TLSV1_3,
      },
    });
    gateway.addListener('passthrough', { port: 10443, protocol: Protocol.TLS, hosts: ['db.lab.example.com'], tls: { mode: TlsMode.PASSTHROUGH } });
    gateway.addListener('grpc', { port: 50051, protocol: Protocol.GRPC, hosts: ['./grpc.lab.example.com'] });
    gateway.addListener('mysql', { port: 3306, nodePort: 30306, protocol: Protocol.TCP });
    gateway.addListener('mongo', { port: 27017, protocol: Protocol.MONGO, name: 'mongo' });
    return { app, chart };
  }

  test('every synthesized object passes its schema (CRDs for Istio and cert-manager, Kubernetes OpenAPI for core kinds)', () => {
    const { chart } = fullChart();
    const manifests = Testing.synth(chart);
    const crds = CrdSchemaValidator.bundled();
    const kinds = manifests.map((m) => m.kind).sort();
    expect(kinds).toEqual([
      'Certificate', 'Deployment', 'Gateway', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount',
    ]);
    for (const obj of manifests) {
      const problems = crds.knows(obj.apiVersion, obj.kind) ? crds.validate(obj) : validateCoreObject(obj);
      expect({ kind: obj.kind, problems }).toEqual({ kind: obj.kind, problems: [] });
    }
  });

  test('every listener of the full gateway is on the Service and the container', () => {
    const { chart } = fullChart();
    const servers = only(chart, 'Gateway').spec.servers;
    const servicePorts = only(chart, 'Service').spec.ports;
    const containerPorts = proxyOf(only(chart, 'Deployment')).ports.map((p: any) => p.containerPort);
    expect(servers).toHaveLength(8);
    for (const server of servers) {
      expect(containerPorts).toContain(servicePorts.find((p: any) => p.port === server.port.number)?.targetPort);
    }
  });

  test('synthesizes through app.synthYaml() without validation errors', () => {
    expect(() => fullChart().app.synthYaml()).not.toThrow();
  });

  test('snapshot of the full gateway', () => {
    expect(Testing.synth(fullChart().chart)).toMatchSnapshot();
  });
});

describe('IngressGateway names across the app', () => {
  test('two gateways with the same workloadName in one namespace fail at synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'infra', { namespace: 'istio-system' });
    new IngressGateway(chart, 'a', { selector: { istio: 'a' } }).addListener('http', { port: 80, protocol: Protocol.HTTP });
    new IngressGateway(chart, 'b', { selector: { istio: 'b' } }).addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(() => app.synthYaml()).toThrow(/\[infra\/a\] workloadName: 'istio-ingressgateway' is also the workloadName of IngressGateway 'infra\/b' in namespace istio-system/);
  });

  test('two gateways with the same gatewayName in one namespace fail at synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'infra', { namespace: 'istio-system' });
    const other = new Chart(app, 'other', { namespace: 'istio-system' });
    new IngressGateway(chart, 'gw', { workloadName: 'istio-a' }).addListener('http', { port: 80, protocol: Protocol.HTTP });
    new IngressGateway(other, 'gw', { workloadName: 'istio-b' }).addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(() => app.synthYaml()).toThrow(/\[other\/gw\] gatewayName: 'gw' is also the gatewayName of IngressGateway 'infra\/gw'/);
  });

  test('the same names in different namespaces are fine', () => {
    const app = Testing.app();
    for (const ns of ['edge-a', 'edge-b']) {
      new IngressGateway(new Chart(app, ns, { namespace: ns }), 'gw', { selector: { istio: ns } })
        .addListener('http', { port: 80, protocol: Protocol.HTTP });
    }
    expect(() => app.synthYaml()).not.toThrow();
  });
});
