import { Chart, Testing } from 'cdk8s';
import { Certificate, IngressGateway, IngressGatewayProps, ServiceType } from '../../src';
import { configErrorOf as messageOf } from '../support/config-error';

/** Creates a gateway in a fresh chart of namespace `namespace`, for asserting a thrown error on path x/gw. */
function creating(props: IngressGatewayProps, namespace = 'istio-system'): () => IngressGateway {
  const app = Testing.app();
  const chart = new Chart(app, 'x', { namespace });
  return () => new IngressGateway(chart, 'gw', props);
}

describe('IngressGateway refuses invalid input with path, field, problem and fix', () => {
  test('a Chart namespace that is not a DNS-1123 label', () => {
    expect(messageOf(creating({}, 'Bad_NS'))).toBe(
      '[x/gw] namespace: \'Bad_NS\' (the namespace of the gateway\'s Chart) is not a valid namespace name; give the Chart a namespace of lowercase letters, digits and \'-\', at most 63 characters, such as istio-system');
  });

  test.each([
    [{ requests: { cpu: 'lots' } }, 'resources.requests.cpu: \'lots\' is not a Kubernetes quantity; write a Kubernetes quantity such as 100m or 0.5 (a number and a suffix, no space)'],
    [{ limits: { memory: '1 GB' } }, 'resources.limits.memory: \'1 GB\' is not a Kubernetes quantity; write a Kubernetes quantity such as 128Mi or 1Gi (a number and a suffix, no space)'],
    [{ requests: { cpu: '-1' } }, 'resources.requests.cpu: \'-1\' is negative; write a Kubernetes quantity such as 100m or 0.5 (a number and a suffix, no space)'],
    [{ requests: { memory: '128m' } }, 'resources.requests.memory: \'128m\' is not a whole number of bytes (\'m\' means thousandths); write mebibytes as Mi, e.g. 128Mi'],
    [{ requests: { cpu: '3' } }, 'resources.requests.cpu: 3 is more than the cpu limit 2000m, which Kubernetes refuses; lower the request, or raise resources.limits.cpu'],
    [{ requests: { memory: '2Gi' }, limits: { memory: '1Gi' } }, 'resources.requests.memory: 2Gi is more than the memory limit 1Gi, which Kubernetes refuses; lower the request, or raise resources.limits.memory'],
    [{ limits: { cpu: '50m' } }, 'resources.requests.cpu: 100m is more than the cpu limit 50m, which Kubernetes refuses; lower the request, or raise resources.limits.cpu'],
  ])('resources %j', (resources, message) => {
    expect(messageOf(creating({ resources }))).toBe(`[x/gw] ${message}`);
  });

  test.each([
    [{ requests: { cpu: '1.5', memory: '1e9' }, limits: { cpu: '2', memory: '1G' } }],
    [{ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } }],
    [{ limits: { cpu: '4', memory: '4Gi' } }],
  ])('resources %j are accepted', (resources) => {
    expect(creating({ resources })).not.toThrow();
  });

  const pdbFix = 'use a whole number of 0 or more, or a percentage from \'0%\' to \'100%\' such as \'50%\'';
  test.each([
    [{ minAvailable: '150%' }, 'podDisruptionBudget.minAvailable: \'150%\' is more than 100%'],
    [{ minAvailable: -1 }, 'podDisruptionBudget.minAvailable: -1 is not a whole number of 0 or more'],
    [{ maxUnavailable: 1.5 }, 'podDisruptionBudget.maxUnavailable: 1.5 is not a whole number of 0 or more'],
    [{ minAvailable: 'abc' }, 'podDisruptionBudget.minAvailable: \'abc\' is neither a whole number nor a percentage'],
    [{ maxUnavailable: '2' }, 'podDisruptionBudget.maxUnavailable: \'2\' is neither a whole number nor a percentage'],
  ])('podDisruptionBudget %j', (podDisruptionBudget, message) => {
    expect(messageOf(creating({ replicas: 3, podDisruptionBudget }))).toBe(`[x/gw] ${message}; ${pdbFix}`);
  });

  test.each([
    ['not-a-cidr'],
    ['10.0.0.1'],
    ['10.0.0.0/33'],
    ['2001:db8::/129'],
  ])('loadBalancerSourceRanges with %s', (range) => {
    expect(messageOf(creating({ serviceType: ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ['10.0.0.0/8', range] }))).toBe(
      `[x/gw] loadBalancerSourceRanges[1]: '${range}' is not an IPv4 or IPv6 CIDR block; write CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32`);
  });

  test('IPv4 and IPv6 CIDR blocks are accepted', () => {
    expect(creating({ serviceType: ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ['10.0.0.0/8', '2001:db8::/32', '0.0.0.0/0'] })).not.toThrow();
  });

  test.each([
    [{ image: '' }, 'image: \'\' is not an image reference; use \'auto\' or an image reference such as docker.io/istio/proxyv2:1.30.3 (not empty, no spaces)'],
    [{ image: 'istio/proxyv2 1.30' }, 'image: \'istio/proxyv2 1.30\' is not an image reference; use \'auto\' or an image reference such as docker.io/istio/proxyv2:1.30.3 (not empty, no spaces)'],
    [{ revision: '1.30/canary' }, 'revision: \'1.30/canary\' is not a valid istio.io/rev label value; use a revision name such as canary or 1-30-3 (letters, digits, \'-\', \'_\' and \'.\', at most 63 characters)'],
    [{ revision: '' }, 'revision: \'\' is not a valid istio.io/rev label value; use a revision name such as canary or 1-30-3 (letters, digits, \'-\', \'_\' and \'.\', at most 63 characters)'],
    [{ replicas: 2 ** 31 }, 'replicas: 2147483648 is not a replica count; use a whole number of 0 or more'],
    [{ autoscaling: { targetCpuUtilizationPercentage: 0 } }, 'autoscaling.targetCpuUtilizationPercentage: 0 is out of range; use a whole percentage of 1 or more, such as 80'],
    [{ autoscaling: { targetCpuUtilizationPercentage: 75.5 } }, 'autoscaling.targetCpuUtilizationPercentage: 75.5 is not a whole number; use a whole percentage of 1 or more, such as 80'],
    [{ serviceAnnotations: { 'bad key!': 'x' } }, 'serviceAnnotations: \'bad key!\' is not a valid annotation key; use [prefix/]name: a DNS prefix and a name of letters, digits, \'-\', \'_\' and \'.\' (at most 63 characters)'],
  ])('%j', (props, message) => {
    expect(messageOf(creating(props as IngressGatewayProps))).toBe(`[x/gw] ${message}`);
  });
});

describe('IngressGateway PodDisruptionBudget only where it protects something', () => {
  test.each([
    [{ podDisruptionBudget: { minAvailable: 1 } }, 'the gateway may run a single pod (replicas is 1), where a budget either blocks every node drain or protects nothing; run 2 or more pods (replicas: 2), or remove podDisruptionBudget'],
    [{ replicas: 1, podDisruptionBudget: { maxUnavailable: 1 } }, 'the gateway may run a single pod (replicas is 1), where a budget either blocks every node drain or protects nothing; run 2 or more pods (replicas: 2), or remove podDisruptionBudget'],
    [{ replicas: 0, podDisruptionBudget: { maxUnavailable: 1 } }, 'the gateway may run a single pod (replicas is 0), where a budget either blocks every node drain or protects nothing; run 2 or more pods (replicas: 2), or remove podDisruptionBudget'],
    [{ autoscaling: {}, podDisruptionBudget: { minAvailable: 1 } }, 'the gateway may run a single pod (autoscaling.minReplicas is 1), where a budget either blocks every node drain or protects nothing; run 2 or more pods (autoscaling.minReplicas: 2), or remove podDisruptionBudget'],
  ])('a budget for a single pod is refused: %j', (props, message) => {
    expect(messageOf(creating(props))).toBe(`[x/gw] podDisruptionBudget: ${message}`);
  });

  test.each([
    [{ replicas: 2, podDisruptionBudget: { minAvailable: 2 } }, 'minAvailable: 2 allows no eviction when the gateway runs 2 pods (replicas)'],
    [{ replicas: 2, podDisruptionBudget: { minAvailable: '51%' } }, 'minAvailable: \'51%\' allows no eviction when the gateway runs 2 pods (replicas)'],
    [{ replicas: 3, podDisruptionBudget: { minAvailable: '100%' } }, 'minAvailable: \'100%\' allows no eviction when the gateway runs 3 pods (replicas)'],
    [{ replicas: 3, podDisruptionBudget: { maxUnavailable: 0 } }, 'maxUnavailable: 0 allows no eviction when the gateway runs 3 pods (replicas)'],
    [{ autoscaling: { minReplicas: 2 }, podDisruptionBudget: { maxUnavailable: '0%' } }, 'maxUnavailable: \'0%\' allows no eviction when the gateway runs 2 pods (autoscaling.minReplicas)'],
  ])('a budget that blocks every eviction is refused: %j', (props, message) => {
    expect(messageOf(creating(props))).toBe(`[x/gw] podDisruptionBudget.${message}, so node drains would hang; let at least one pod be evicted, e.g. { maxUnavailable: 1 }`);
  });
});

describe('Certificate factories refuse invalid input, naming the method and argument', () => {
  const secretFix = 'use the name of a Secret in the gateway\'s namespace: lowercase letters, digits, \'-\' and \'.\', at most 253 characters';

  test('Certificate.fromSecret with a name that is not a DNS subdomain', () => {
    expect(messageOf(() => Certificate.fromSecret('Bad_Name')))
      .toBe(`[Certificate.fromSecret] secretName: 'Bad_Name' is not a valid Secret name; ${secretFix}`);
  });

  test('Certificate.fromSecret with a 300-character name', () => {
    expect(messageOf(() => Certificate.fromSecret('a'.repeat(300))))
      .toBe(`[Certificate.fromSecret] secretName: '${'a'.repeat(40)}... (300 characters)' is not a valid Secret name; ${secretFix}`);
  });

  test('Certificate.fromSecret with a bad namespace', () => {
    expect(messageOf(() => Certificate.fromSecret('lab-tls', { namespace: 'Istio_System' })))
      .toBe('[Certificate.fromSecret] options.namespace: \'Istio_System\' is not a valid namespace name; use lowercase letters, digits and \'-\', at most 63 characters, such as istio-system');
  });

  test.each([
    ['certs', '\'certs\' is not an absolute directory path'],
    ['./certs', '\'./certs\' is not an absolute directory path'],
    ['/', '\'/\' is not an absolute directory path'],
    ['C:/certs', '\'C:/certs\' is not an absolute directory path (it has a \':\')'],
  ])('Certificate.fromFiles with mountPath %s', (mountPath, problem) => {
    expect(messageOf(() => Certificate.fromFiles({ mountPath })))
      .toBe(`[Certificate.fromFiles] options.mountPath: ${problem}; use an absolute directory such as /etc/istio/ingressgateway-certs, not the root`);
  });

  test('Certificate.fromFiles with a bad Secret name', () => {
    expect(messageOf(() => Certificate.fromFiles({ secretName: 'Lab_Certs' })))
      .toBe(`[Certificate.fromFiles] options.secretName: 'Lab_Certs' is not a valid Secret name; ${secretFix}`);
  });

  test('Certificate.fromFiles with a bad Secret key', () => {
    expect(messageOf(() => Certificate.fromFiles({ certificateKey: 'certs/tls.crt' })))
      .toBe('[Certificate.fromFiles] options.certificateKey: \'certs/tls.crt\' is not a valid Secret key; use a Secret key of letters, digits, \'-\', \'_\' and \'.\', such as tls.crt');
  });
});
