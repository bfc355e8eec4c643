import { Chart, Testing } from 'cdk8s';
import { Certificate, IngressGateway, IngressGatewayProps, Protocol, TlsMode } from '../../src';
import { certificateVolumes } from '../../src/constructs/certificate-volumes';
import { validateCoreObject } from '../support/core-schema-validator';

function setup(props: IngressGatewayProps = {}) {
  const chart = new Chart(Testing.app(), 'x', { namespace: 'istio-system' });
  const gateway = new IngressGateway(chart, 'gw', props);
  return { chart, gateway };
}

/** Every synthesized core object of the chart passes the Kubernetes schema; returns the objects. */
function synthValid(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  for (const obj of objects.filter((o) => o.kind !== 'Gateway')) {
    expect({ kind: obj.kind, problems: validateCoreObject(obj) }).toEqual({ kind: obj.kind, problems: [] });
  }
  return objects;
}

const ofKind = (objects: any[], kind: string) => objects.filter((o) => o.kind === kind);

describe('certificate volumes', () => {
  test('Secrets a.b and a-b mounted on different paths get two distinct volumes, each mount naming its own', () => {
    const { chart, gateway } = setup();
    gateway.addListener('one', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'a.b', mountPath: '/etc/certs/one' }) } });
    gateway.addListener('two', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'a-b', mountPath: '/etc/certs/two' }) } });
    const [deployment] = ofKind(synthValid(chart), 'Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'a-b', secret: { secretName: 'a.b', defaultMode: 0o440 } },
      { name: 'a-b-2', secret: { secretName: 'a-b', defaultMode: 0o440 } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'a-b', mountPath: '/etc/certs/one', readOnly: true },
      { name: 'a-b-2', mountPath: '/etc/certs/two', readOnly: true },
    ]);
    const volumeOf = (mount: any) => pod.volumes.find((v: any) => v.name === mount.name).secret.secretName;
    expect(pod.containers[0].volumeMounts.map(volumeOf)).toEqual(['a.b', 'a-b']);
  });

  test('one Secret mounted on two paths is one volume with two mounts', () => {
    const { volumes, volumeMounts } = certificateVolumes([
      { secretName: 'lab.certs', mountPath: '/a', serverCertificate: '/a/tls.crt', privateKey: '/a/tls.key', caCertificates: '/a/ca.crt' },
      { secretName: 'lab.certs', mountPath: '/b', serverCertificate: '/b/tls.crt', privateKey: '/b/tls.key', caCertificates: '/b/ca.crt' },
    ]);
    expect(volumes).toEqual([{ name: 'lab-certs', secret: { secretName: 'lab.certs', defaultMode: 0o440 } }]);
    expect(volumeMounts.map((m) => m.name)).toEqual(['lab-certs', 'lab-certs']);
  });

  test('long Secret names are cut to 63 characters and stay unique, without a trailing dash', () => {
    const long = `${'a'.repeat(61)}.b.c`;
    const other = `${'a'.repeat(61)}-b-c`;
    const files = [long, other, `${'a'.repeat(61)}-b.d`].map((secretName, i) => ({
      secretName, mountPath: `/m${i}`, serverCertificate: '', privateKey: '', caCertificates: '',
    }));
    const names = certificateVolumes(files).volumes.map((v) => v.name);
    expect(names).toEqual([`${'a'.repeat(61)}-b`, `${'a'.repeat(61)}-2`, `${'a'.repeat(61)}-3`]);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });
});

describe('PodDisruptionBudget rendering', () => {
  const labels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

  test.each<[string, IngressGatewayProps]>([
    ['no budget with one replica', {}],
    ['no budget with several replicas (none by default, as the Istio gateway chart)', { replicas: 3 }],
    ['no budget with an autoscaler from 2', { autoscaling: { minReplicas: 2 } }],
  ])('%s', (_why, props) => {
    const { chart, gateway } = setup(props);
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(ofKind(synthValid(chart), 'PodDisruptionBudget')).toEqual([]);
  });

  test.each<[string, IngressGatewayProps, Record<string, unknown>]>([
    ['2 replicas with minAvailable 1', { replicas: 2, podDisruptionBudget: { minAvailable: 1 } }, { minAvailable: 1 }],
    ['3 replicas with maxUnavailable 33%', { replicas: 3, podDisruptionBudget: { maxUnavailable: '33%' } }, { maxUnavailable: '33%' }],
    ['an autoscaler from 2 with minAvailable 50%', { autoscaling: { minReplicas: 2 }, podDisruptionBudget: { minAvailable: '50%' } }, { minAvailable: '50%' }],
    ['4 replicas with minAvailable 0', { replicas: 4, podDisruptionBudget: { minAvailable: 0 } }, { minAvailable: 0 }],
  ])('a budget with %s is rendered for the gateway pods', (_why, props, budget) => {
    const { chart, gateway } = setup(props);
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const [pdb] = ofKind(synthValid(chart), 'PodDisruptionBudget');
    expect(pdb).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'istio-ingressgateway', namespace: 'istio-system', labels },
      spec: { ...budget, selector: { matchLabels: labels } },
    });
  });
});

describe('typed workload objects', () => {
  test('every core object of a gateway with autoscaling, a budget, file certificates and options passes the Kubernetes schema', () => {
    const { chart, gateway } = setup({
      serviceType: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.0.0.0/8', '2001:db8::/32'],
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      autoscaling: { minReplicas: 3, maxReplicas: 9, targetCpuUtilizationPercentage: 70 },
      podDisruptionBudget: { maxUnavailable: 1 },
      resources: { requests: { cpu: '0.5', memory: '256Mi' }, limits: { cpu: '2', memory: '2Gi' } },
      revision: '1-30-3',
      image: 'docker.io/istio/proxyv2:1.30.3',
    });
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.SIMPLE, certificate: Certificate.fromFiles() } });
    gateway.addListener('secret', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('lab-tls') } });
    const kinds = synthValid(chart).map((o) => o.kind);
    expect(kinds).toEqual(['ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Gateway']);
  });
});
