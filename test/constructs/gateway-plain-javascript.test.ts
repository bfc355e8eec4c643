/**
 * The gateway and certificate constructs used from plain JavaScript (or with values read from YAML): every value is
 * `any`, so the type checker protects nothing. Each misuse must give the one-line ConfigError, never a raw TypeError.
 */
import { Chart, Testing } from 'cdk8s';
import { Certificate, IngressGateway } from '../../src';
import { configErrorOf as messageOf } from '../support/config-error';

function chart(): Chart {
  return new Chart(Testing.app(), 'x', { namespace: 'istio-system' });
}

const gateway = (props: any) => () => new IngressGateway(chart(), 'g', props);

describe('IngressGateway from plain JavaScript', () => {
  test.each<[string, any, string]>([
    ['null props', null, 'props: is null, not a mapping of properties; pass { serviceType: ServiceType.LOAD_BALANCER } (or leave the props out)'],
    ['a string as props', 'istio', 'props: is \'istio\', not a mapping of properties; pass { serviceType: ServiceType.LOAD_BALANCER } (or leave the props out)'],
    ['replicas as a string', { replicas: '2' }, 'replicas: is \'2\', not a number; use a whole number of 0 or more'],
    ['serviceAnnotations as a string', { serviceAnnotations: 'x' }, 'serviceAnnotations: is \'x\', not a mapping; give annotation values as strings, e.g. { \'prometheus.io/scrape\': \'false\' }'],
    ['a number annotation value', { podAnnotations: { 'prometheus.io/port': 15020 } }, 'podAnnotations[\'prometheus.io/port\']: is number 15020, not a string; give annotation values as strings, e.g. { \'prometheus.io/scrape\': \'false\' }'],
    ['a boolean label value', { podLabels: { canary: true } }, 'podLabels[\'canary\']: is boolean true, not a string; give labels as strings, e.g. { istio: \'ingressgateway\' }'],
    ['a selector list', { selector: ['istio'] }, 'selector: is a list, not a mapping; give labels as strings, e.g. { istio: \'ingressgateway\' }'],
    ['resources.requests as a string', { resources: { requests: 'x' } }, 'resources.requests: is \'x\', not a mapping; pass { cpu: \'500m\', memory: \'256Mi\' }, or leave it out'],
    ['resources as a string', { resources: '1Gi' }, 'resources: is \'1Gi\', not a mapping; pass { requests: { cpu: \'500m\' }, limits: { memory: \'2Gi\' } }, or leave it out'],
    ['a number as cpu', { resources: { limits: { cpu: 2 } } }, 'resources.limits.cpu: is number 2, not a string; write a Kubernetes quantity such as 100m or 0.5'],
    ['autoscaling as true', { autoscaling: true }, 'autoscaling: is boolean true, not a mapping; pass { minReplicas: 2, maxReplicas: 5 }, or leave it out'],
    ['minReplicas as a string', { autoscaling: { minReplicas: '2' } }, 'autoscaling.minReplicas: is \'2\', not a number; use 1 <= minReplicas <= maxReplicas'],
    ['a podDisruptionBudget number', { replicas: 2, podDisruptionBudget: 1 }, 'podDisruptionBudget: is number 1, not a mapping; pass { minAvailable: 1 } or { maxUnavailable: \'25%\' }, or leave it out'],
    ['a minAvailable list', { replicas: 2, podDisruptionBudget: { minAvailable: [1] } }, 'podDisruptionBudget.minAvailable: is a list, not a number or a percentage; use a whole number of 0 or more, or a percentage from \'0%\' to \'100%\' such as \'50%\''],
    ['a source range string', { serviceType: 'LoadBalancer', loadBalancerSourceRanges: '10.0.0.0/8' }, 'loadBalancerSourceRanges: is \'10.0.0.0/8\', not a list; write CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32'],
    ['a serviceType number', { serviceType: 42 }, 'serviceType: is number 42, not a string; use ServiceType.NODE_PORT, LOAD_BALANCER or CLUSTER_IP'],
    ['an unknown externalTrafficPolicy', { externalTrafficPolicy: 'local' }, 'externalTrafficPolicy: \'local\' is not a traffic policy; use ExternalTrafficPolicy.CLUSTER or ExternalTrafficPolicy.LOCAL'],
    ['a portMapping string', { portMapping: 'direct' }, 'portMapping: is \'direct\', not a PortMapping; use PortMapping.DIRECT or PortMapping.UNPRIVILEGED'],
    ['an image number', { image: 1 }, 'image: is number 1, not a string; use \'auto\' or an image reference such as docker.io/istio/proxyv2:1.30.3'],
    ['a gatewayName number', { gatewayName: 7 }, 'gatewayName: is number 7, not a string; give the Gateway name as a string'],
    ['a revision number', { revision: 130 }, 'revision: is number 130, not a string; use a revision name such as canary or 1-30-3 (letters, digits, \'-\', \'_\' and \'.\', at most 63 characters)'],
  ])('%s', (_why, props, message) => {
    expect(messageOf(gateway(props))).toBe(`[x/g] ${message}`);
  });

  test('undefined props are the defaults', () => {
    expect(gateway(undefined)).not.toThrow();
  });
});

describe('Certificate from plain JavaScript', () => {
  const fromSecret = Certificate.fromSecret as (...args: any[]) => unknown;
  const fromFiles = Certificate.fromFiles as (...args: any[]) => unknown;
  const secretFix = 'use the name of a Secret in the gateway\'s namespace: lowercase letters, digits, \'-\' and \'.\', at most 253 characters';

  test.each<[string, () => unknown, string]>([
    ['fromSecret(42)', () => fromSecret(42), `[Certificate.fromSecret] secretName: is number 42, not a string; ${secretFix}`],
    ['fromSecret()', () => fromSecret(), `[Certificate.fromSecret] secretName: is undefined, not a string; ${secretFix}`],
    ['fromSecret(name, null)', () => fromSecret('lab-tls', null), '[Certificate.fromSecret] options: is null, not a mapping of properties; pass { namespace: \'istio-system\' }'],
    ['fromSecret(name, { namespace: 1 })', () => fromSecret('lab-tls', { namespace: 1 }), '[Certificate.fromSecret] options.namespace: is number 1, not a string; give the namespace as a string'],
    ['fromFiles(null)', () => fromFiles(null), '[Certificate.fromFiles] options: is null, not a mapping of properties; pass { secretName: \'lab-certs\', mountPath: \'/etc/certs/lab\' }'],
    ['fromFiles(\'lab-certs\')', () => fromFiles('lab-certs'), '[Certificate.fromFiles] options: is \'lab-certs\', not a mapping of properties; pass { secretName: \'lab-certs\', mountPath: \'/etc/certs/lab\' }'],
    ['fromFiles({ secretName: 5 })', () => fromFiles({ secretName: 5 }), `[Certificate.fromFiles] options.secretName: is number 5, not a string; ${secretFix}`],
    ['fromFiles({ mountPath: [] })', () => fromFiles({ mountPath: [] }), '[Certificate.fromFiles] options.mountPath: is a list, not a string; use an absolute directory such as /etc/istio/ingressgateway-certs'],
    ['fromFiles({ privateKeyKey: null })', () => fromFiles({ privateKeyKey: null }), '[Certificate.fromFiles] options.privateKeyKey: is null, not a string; use a Secret key of letters, digits, \'-\', \'_\' and \'.\', such as tls.crt'],
  ])('Certificate.%s', (_call, fn, message) => {
    expect(messageOf(fn)).toBe(message);
  });

  const certificate = (props: any) => () => new Certificate(chart(), 'lab', props);
  test.each<[string, any, string]>([
    ['no props', undefined, 'props: is undefined, not a mapping of properties; pass { dnsNames: [\'lab.example.com\'], issuer: { name: \'letsencrypt\' } }'],
    ['dnsNames as a string', { dnsNames: 'lab.example.com', issuer: { name: 'le' } }, 'dnsNames: is \'lab.example.com\', not a list; list the DNS names, e.g. [\'lab.example.com\']'],
    ['a number DNS name', { dnsNames: [1], issuer: { name: 'le' } }, 'dnsNames[0]: is number 1, not a string; list the DNS names, e.g. [\'lab.example.com\']'],
    ['no issuer', { dnsNames: ['lab.example.com'] }, 'issuer: is undefined, not a mapping of properties; pass { name: \'letsencrypt\', kind: \'ClusterIssuer\' }'],
    ['an issuer string', { dnsNames: ['lab.example.com'], issuer: 'letsencrypt' }, 'issuer: is \'letsencrypt\', not a mapping of properties; pass { name: \'letsencrypt\', kind: \'ClusterIssuer\' }'],
    ['a duration number', { dnsNames: ['lab.example.com'], issuer: { name: 'le' }, duration: 90 }, 'duration: is number 90, not a Duration; use a cdk8s Duration, e.g. Duration.seconds(5) or Duration.millis(250)'],
    ['an unknown key algorithm', { dnsNames: ['lab.example.com'], issuer: { name: 'le' }, privateKey: { algorithm: 'DSA' } }, 'privateKey.algorithm: \'DSA\' is not one of RSA, ECDSA, Ed25519; use one of RSA, ECDSA, Ed25519'],
  ])('new Certificate with %s', (_why, props, message) => {
    expect(messageOf(certificate(props))).toBe(`[x/lab] ${message}`);
  });
});
