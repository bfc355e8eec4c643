import { Chart, Testing } from 'cdk8s';
import {
  appSynthWarnings, Certificate, ClientCa, IngressGateway, IngressGatewayProps, PortMapping, Protocol, SeccompProfile, TlsMode,
} from '../../src';
import { configErrorOf } from '../support/config-error';
import { podTemplatesOf, restrictedViolations } from '../support/pod-security-restricted';
import { Manifest } from '../support/synth';

function setup(props: IngressGatewayProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'x', { namespace: 'gateways' });
  const gateway = new IngressGateway(chart, 'gw', props);
  return { chart, gateway };
}

const ofKind = (chart: Chart, kind: string): Manifest[] => Testing.synth(chart).filter((m) => m.kind === kind);
const podSpecOf = (chart: Chart) => ofKind(chart, 'Deployment')[0].spec.template.spec;

describe('gateway pods pass Pod Security "restricted"', () => {
  const combinations: Array<[string, IngressGatewayProps, (gateway: IngressGateway) => void]> = [
    ['defaults, HTTP only', {}, (g) => g.addListener('http', { port: 80, protocol: Protocol.HTTP })],
    ['PortMapping.UNPRIVILEGED (no sysctl)', { portMapping: PortMapping.UNPRIVILEGED },
      (g) => g.addListener('http', { port: 80, protocol: Protocol.HTTP })],
    ['certificate files mounted from a Secret', {}, (g) => g.addListener('https', {
      port: 443,
      protocol: Protocol.HTTPS,
      tls: { mode: TlsMode.MUTUAL, certificate: Certificate.fromFiles(), clientCa: ClientCa.fromCertificateFiles() },
    })],
    ['credentialName, autoscaling, budget, revision, pinned image and pod options', {
      autoscaling: { minReplicas: 2 },
      podDisruptionBudget: { maxUnavailable: 1 },
      revision: 'canary',
      image: 'docker.io/istio/proxyv2:1.30.3',
      podLabels: { team: 'web' },
      podAnnotations: { 'proxy.istio.io/config': '{}' },
    }, (g) => g.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('web-tls') } })],
    ['a Localhost seccomp profile', { seccompProfile: SeccompProfile.localhost('profiles/envoy.json') },
      (g) => g.addListener('tls', { port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } })],
  ];

  test.each(combinations)('%s', (_name, props, addListeners) => {
    const { chart, gateway } = setup(props);
    addListeners(gateway);
    const templates = podTemplatesOf(Testing.synth(chart));
    expect(templates).toHaveLength(1);
    expect(restrictedViolations(templates[0].template)).toEqual([]);
  });

  test('the default seccomp profile is RuntimeDefault, on the pod', () => {
    const { chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(podSpecOf(chart).securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('SeccompProfile.localhost renders its path', () => {
    const { chart, gateway } = setup({ seccompProfile: SeccompProfile.localhost('profiles/envoy.json') });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(podSpecOf(chart).securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/envoy.json' });
  });

  test('SeccompProfile.unconfined() is rendered only when asked for, and then the pod fails "restricted"', () => {
    const { chart, gateway } = setup({ seccompProfile: SeccompProfile.unconfined() });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(podSpecOf(chart).securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(restrictedViolations(podTemplatesOf(Testing.synth(chart))[0].template).map((v) => v.control)).toEqual(['Seccomp']);
  });

  test.each([
    ['', 'needs the path of its profile file'],
    ['/var/lib/kubelet/seccomp/envoy.json', 'is not a relative path'],
    ['profiles/../../etc/envoy.json', 'is not a relative path'],
  ])('SeccompProfile.localhost(%j) is refused at the call', (path, problem) => {
    expect(configErrorOf(() => SeccompProfile.localhost(path))).toMatch(new RegExp(`^\\[SeccompProfile\\.localhost\\] localhostProfile: .*${problem}`));
  });

  test('a seccompProfile that is not a SeccompProfile is refused', () => {
    expect(configErrorOf(() => setup({ seccompProfile: { type: 'RuntimeDefault' } as unknown as SeccompProfile })))
      .toBe('[x/gw] seccompProfile: is a mapping, not a SeccompProfile; use SeccompProfile.runtimeDefault(), SeccompProfile.localhost(path) or SeccompProfile.unconfined()');
  });
});

describe('the gateway holds only the access it needs', () => {
  test('certificate files are mounted 0440, owned by the proxy\'s group (fsGroup 1337), not world-readable', () => {
    const { chart, gateway } = setup();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles() } });
    const spec = podSpecOf(chart);
    expect(spec.volumes.map((v: { secret: { defaultMode: number } }) => v.secret.defaultMode)).toEqual([0o440]);
    expect(spec.securityContext.fsGroup).toBe(1337);
    expect(spec.containers[0].securityContext.runAsGroup).toBe(1337);
  });

  test('a gateway without certificate files sets no fsGroup', () => {
    const { chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(podSpecOf(chart).securityContext.fsGroup).toBeUndefined();
  });

  test.each<[string, (gateway: IngressGateway) => void]>([
    ['HTTP only', (g) => g.addListener('http', { port: 80, protocol: Protocol.HTTP })],
    ['Certificate.fromFiles()', (g) => g.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles() } })],
    ['TLS passthrough and TCP', (g) => {
      g.addListener('tls', { port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
      g.addListener('db', { port: 5432, protocol: Protocol.TCP });
    }],
  ])('%s: no Role, no RoleBinding, canReadSecrets false', (_name, addListeners) => {
    const { chart, gateway } = setup();
    addListeners(gateway);
    expect(Testing.synth(chart).map((m) => m.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'Gateway']);
    expect(gateway.canReadSecrets).toBe(false);
  });

  test.each<[string, (chart: Chart, gateway: IngressGateway) => void]>([
    ['Certificate.fromSecret', (_c, g) => g.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('web-tls') } })],
    ['a cert-manager Certificate', (c, g) => g.addListener('https', {
      port: 443,
      protocol: Protocol.HTTPS,
      tls: { certificate: new Certificate(c, 'cert', { dnsNames: ['web.example.com'], issuer: { name: 'ca', kind: 'ClusterIssuer' } }) },
    })],
    ['a MUTUAL listener with ClientCa.fromSecret, after an HTTP one', (_c, g) => {
      g.addListener('http', { port: 80, protocol: Protocol.HTTP });
      g.addListener('mtls', {
        port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.MUTUAL, certificate: Certificate.fromSecret('web-tls'), clientCa: ClientCa.fromSecret('clients-ca') },
      });
      g.addListener('https', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('other-tls') } });
    }],
  ])('%s: one Role and RoleBinding, rendered after the Service', (_name, addListeners) => {
    const { chart, gateway } = setup();
    addListeners(chart, gateway);
    const kinds = Testing.synth(chart).map((m) => m.kind).filter((k) => k !== 'Certificate');
    expect(kinds).toEqual(['ServiceAccount', 'Deployment', 'Service', 'Role', 'RoleBinding', 'Gateway']);
    expect(gateway.canReadSecrets).toBe(true);
  });

  test('the ids of the Role and RoleBinding stay reserved while no listener needs them', () => {
    const { gateway } = setup();
    for (const id of ['Role', 'RoleBinding']) {
      expect(configErrorOf(() => gateway.addListener(id, { port: 80, protocol: Protocol.HTTP })))
        .toBe(`[x/gw] listeners: the gateway already has a child named '${id}'; give every listener its own id`);
    }
  });

  // istiod asks a SubjectAccessReview for verb `list` on `secrets` in the gateway's namespace with no resource name
  // (istio/istio pilot/pkg/credentials/kube/secrets.go, Authorize), so `list` is the verb needed and resourceNames
  // would make the check fail.
  test('the Role grants list on Secrets, as istiod\'s SubjectAccessReview asks, without resourceNames (the review names no Secret)', () => {
    const { chart, gateway } = setup();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('web-tls') } });
    expect(ofKind(chart, 'Role')[0].rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
    expect(ofKind(chart, 'RoleBinding')[0].subjects).toEqual([{ kind: 'ServiceAccount', name: 'istio-ingressgateway' }]);
  });

  // The gateway injection template mounts its own projected `istio-token` (audience istio-ca) for the proxy to
  // authenticate to istiod (istio/istio manifests/charts/istio-control/istio-discovery/files/gateway-injection-template.yaml);
  // nothing in the pod calls the Kubernetes API, since istiod reads the Secrets.
  test('neither the pod nor the ServiceAccount mounts the Kubernetes API token; the proxy uses the istio-token the injection adds', () => {
    const { chart, gateway } = setup();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('web-tls') } });
    expect(podSpecOf(chart).automountServiceAccountToken).toBe(false);
    expect(ofKind(chart, 'ServiceAccount')[0].automountServiceAccountToken).toBe(false);
    expect(podSpecOf(chart).volumes).toBeUndefined();
  });
});

describe('a gateway that can read Secrets in the control plane\'s namespace is warned about at synth', () => {
  function gatewayIn(namespace: string, addListeners: (gateway: IngressGateway) => void) {
    const app = Testing.app();
    const chart = new Chart(app, 'ingress', { namespace });
    const gateway = new IngressGateway(chart, 'gw');
    addListeners(gateway);
    return app;
  }
  const withSecret = (g: IngressGateway) => {
    g.addListener('https', { port: 443, protocol: Protocol.HTTPS, hosts: ['web.example.com'], tls: { certificate: Certificate.fromSecret('web-tls') } });
  };

  test('credentialName in istio-system: one warning, naming the CA key and how to move the gateway', () => {
    expect(appSynthWarnings(gatewayIn('istio-system', withSecret))).toEqual([{
      path: 'ingress/gw',
      id: 'control-plane-secrets',
      message: 'namespace: the gateway serves credentialName certificates, so its ServiceAccount may list every Secret of istio-system, '
        + 'the control plane\'s namespace, including istiod\'s CA key (istio-ca-secret or cacerts): a compromised gateway pod could sign '
        + 'certificates for any workload of the mesh; create the gateway, its Certificates and its Secrets in a Chart of their own namespace '
        + '(e.g. { namespace: \'istio-ingress\' }); routes keep binding to it by gateway.reference',
    }]);
  });

  test('app.synthYaml() prints the warning on standard error and still writes the manifests', () => {
    const app = gatewayIn('istio-system', withSecret);
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(app.synthYaml()).toContain('kind: Gateway');
    } finally {
      write.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^cdk8s-istio-gateway: Warning \[ingress\/gw\] namespace: the gateway serves credentialName certificates, .* \[ack: control-plane-secrets\]\n$/);
  });

  test.each<[string, string, (gateway: IngressGateway) => void]>([
    ['credentialName in a gateway namespace of its own', 'istio-ingress', withSecret],
    ['HTTP only in istio-system', 'istio-system', (g) => g.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['*'] })],
    ['Certificate.fromFiles() in istio-system (the article\'s layout)', 'istio-system',
      (g) => g.addListener('https', { port: 443, protocol: Protocol.HTTPS, hosts: ['*'], tls: { certificate: Certificate.fromFiles() } })],
  ])('%s: no warning', (_name, namespace, addListeners) => {
    expect(appSynthWarnings(gatewayIn(namespace, addListeners))).toEqual([]);
  });
});
