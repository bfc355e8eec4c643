import { Chart, ChartProps, Duration, Testing } from 'cdk8s';
import { Certificate, CertificateProps } from '../../src';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';

const issuer = { name: 'letsencrypt' };

function setup(chartProps: ChartProps = { namespace: 'istio-system' }) {
  const app = Testing.app();
  const chart = new Chart(app, 'x', chartProps);
  return { app, chart };
}

/** The synthesized cert-manager Certificate of a new Certificate 'lab' with these props. */
function synthCertificate(props: Partial<CertificateProps> = {}): any {
  const { chart } = setup();
  new Certificate(chart, 'lab', { dnsNames: ['*.lab.example.com'], issuer, ...props });
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

describe('Certificate (cert-manager)', () => {
  test('renders a cert-manager.io/v1 Certificate named after the construct, in the chart\'s namespace', () => {
    const cert = synthCertificate();
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.kind).toBe('Certificate');
    expect(cert.metadata).toEqual({ name: 'lab', namespace: 'istio-system' });
  });

  test('by default writes the Secret <name>-tls, for the given DNS names, signed by an Issuer of cert-manager.io', () => {
    expect(synthCertificate().spec).toEqual({
      secretName: 'lab-tls',
      dnsNames: ['*.lab.example.com'],
      issuerRef: { name: 'letsencrypt', kind: 'Issuer', group: 'cert-manager.io' },
    });
  });

  test('name sets the resource name and the default Secret name', () => {
    const cert = synthCertificate({ name: 'wildcard-lab' });
    expect(cert.metadata.name).toBe('wildcard-lab');
    expect(cert.spec.secretName).toBe('wildcard-lab-tls');
  });

  test('secretName sets the Secret cert-manager writes', () => {
    expect(synthCertificate({ secretName: 'lab-example-com' }).spec.secretName).toBe('lab-example-com');
  });

  test('lists several DNS names in order', () => {
    const dnsNames = ['lab.example.com', '*.lab.example.com', 'Counter.Example.com'];
    expect(synthCertificate({ dnsNames }).spec.dnsNames).toEqual(dnsNames);
  });

  test('issuer kind and group select a ClusterIssuer or an external issuer', () => {
    expect(synthCertificate({ issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' } }).spec.issuerRef)
      .toEqual({ name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(synthCertificate({ issuer: { name: 'google-cas', kind: 'GoogleCASClusterIssuer', group: 'cas-issuer.jetstack.io' } }).spec.issuerRef)
      .toEqual({ name: 'google-cas', kind: 'GoogleCASClusterIssuer', group: 'cas-issuer.jetstack.io' });
  });

  test.each([
    [Duration.days(90), '2160h'],
    [Duration.hours(1), '1h'],
    [Duration.minutes(90), '90m'],
    [Duration.seconds(3630), '3630s'],
    [Duration.millis(3_600_500), '3600500ms'],
  ])('duration %p is written as the Go duration %s', (duration, expected) => {
    expect(synthCertificate({ duration }).spec.duration).toBe(expected);
  });

  test('renewBefore is written as a Go duration', () => {
    const spec = synthCertificate({ duration: Duration.days(90), renewBefore: Duration.days(30) }).spec;
    expect(spec.duration).toBe('2160h');
    expect(spec.renewBefore).toBe('720h');
  });

  test('renewBefore alone is accepted when shorter than cert-manager\'s default duration of 90 days', () => {
    const spec = synthCertificate({ renewBefore: Duration.days(15) }).spec;
    expect(spec.renewBefore).toBe('360h');
    expect(spec).not.toHaveProperty('duration');
  });

  test('privateKey sets algorithm, size and rotation policy', () => {
    expect(synthCertificate({ privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' } }).spec.privateKey)
      .toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
  });

  test('privateKey renders only the fields that are given', () => {
    expect(synthCertificate({ privateKey: { algorithm: 'Ed25519' } }).spec.privateKey).toEqual({ algorithm: 'Ed25519' });
  });

  test('commonName is rendered', () => {
    expect(synthCertificate({ commonName: 'lab.example.com' }).spec.commonName).toBe('lab.example.com');
  });

  test('is a credentialName source for listeners: its Secret in its chart\'s namespace', () => {
    const { chart } = setup();
    const cert = new Certificate(chart, 'lab', { dnsNames: ['lab.example.com'], issuer, secretName: 'lab-cert' });
    expect(cert.secretName).toBe('lab-cert');
    expect(cert.source).toEqual({ credentialName: 'lab-cert', secretNamespace: 'istio-system' });
    expect(cert.resource.name).toBe('lab');
  });

  test('a chart without a namespace is rejected, since the Secret must land in the gateway namespace', () => {
    const { chart } = setup({});
    expect(() => new Certificate(chart, 'lab', { dnsNames: ['lab.example.com'], issuer }))
      .toThrow(/\[x\/lab\] namespace: the Certificate's Chart has no namespace.*create the Certificate in a Chart with the gateway's namespace/);
  });

  test('a chart namespace that is not a namespace name is rejected', () => {
    const { chart } = setup({ namespace: 'Bad_NS' });
    expect(() => new Certificate(chart, 'lab', { dnsNames: ['lab.example.com'], issuer }))
      .toThrow(/^\[x\/lab\] namespace: 'Bad_NS' \(the namespace of the Certificate's Chart\) is not a valid namespace name; give the Chart a namespace of lowercase letters/);
  });

  test('a fully specified Certificate passes the cert-manager CRD schema', () => {
    const cert = synthCertificate({
      name: 'lab',
      secretName: 'lab-example-com',
      dnsNames: ['lab.example.com', '*.lab.example.com'],
      issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' },
      duration: Duration.days(90),
      renewBefore: Duration.days(30),
      commonName: 'lab.example.com',
      privateKey: { algorithm: 'ECDSA', size: 384, rotationPolicy: 'Always' },
    });
    expect(CrdSchemaValidator.bundled().validate(cert)).toEqual([]);
  });

  test('snapshot of a fully specified Certificate', () => {
    expect(synthCertificate({
      dnsNames: ['lab.example.com', '*.lab.example.com'],
      issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' },
      duration: Duration.days(30),
      renewBefore: Duration.days(10),
      privateKey: { algorithm: 'RSA', size: 4096 },
    })).toMatchSnapshot();
  });

  describe('rejects', () => {
    function create(props: Partial<CertificateProps>): () => Certificate {
      const { chart } = setup();
      return () => new Certificate(chart, 'lab', { dnsNames: ['lab.example.com'], issuer, ...props });
    }

    test('an empty dnsNames list', () => {
      expect(create({ dnsNames: [] })).toThrow(/^\[x\/lab\] dnsNames: is empty; list at least one DNS name/);
    });

    test.each([
      ['a short name', 'localhost', /^\[x\/lab\] dnsNames: 'localhost' is a short name/],
      ['the bare wildcard', '*', /^\[x\/lab\] dnsNames: '\*' is not a DNS name/],
      ['a partial wildcard', '*lab.example.com', /^\[x\/lab\] dnsNames: '\*lab\.example\.com' has a partial wildcard/],
      ['a wildcard below the left-most label', 'lab.*.example.com', /^\[x\/lab\] dnsNames: 'lab\.\*\.example\.com' has a wildcard that is not the left-most label/],
      ['an invalid label', 'lab_1.example.com', /^\[x\/lab\] dnsNames: 'lab_1\.example\.com' has an invalid DNS label 'lab_1'/],
      ['an IPv4 address', '10.0.0.1', /^\[x\/lab\] dnsNames: '10\.0\.0\.1' is not a DNS name/],
      ['an IPv6 address', 'fd00::1', /^\[x\/lab\] dnsNames: 'fd00::1' is not a DNS name/],
    ])('%s in dnsNames', (_why, dnsName, message) => {
      expect(create({ dnsNames: ['lab.example.com', dnsName] })).toThrow(message);
    });

    test('a duration shorter than cert-manager\'s minimum of 1h', () => {
      expect(create({ duration: Duration.minutes(30) }))
        .toThrow(/^\[x\/lab\] duration: 30m is shorter than cert-manager's minimum of 1h/);
    });

    test('renewBefore equal to the duration', () => {
      expect(create({ duration: Duration.days(30), renewBefore: Duration.days(30) }))
        .toThrow(/^\[x\/lab\] renewBefore: 720h is not shorter than the duration 720h/);
    });

    test('renewBefore longer than the duration', () => {
      expect(create({ duration: Duration.hours(24), renewBefore: Duration.hours(48) }))
        .toThrow(/^\[x\/lab\] renewBefore: 48h is not shorter than the duration 24h/);
    });

    test('renewBefore not shorter than cert-manager\'s default duration when no duration is given', () => {
      expect(create({ renewBefore: Duration.days(90) }))
        .toThrow(/^\[x\/lab\] renewBefore: 2160h is not shorter than the duration 2160h/);
    });

    test('an invalid resource name', () => {
      expect(create({ name: 'Lab' })).toThrow(/^\[x\/lab\] name: 'Lab' is not a valid Kubernetes name/);
    });

    test('an invalid construct id used as the name', () => {
      const { chart } = setup();
      expect(() => new Certificate(chart, 'Lab_Cert', { dnsNames: ['lab.example.com'], issuer }))
        .toThrow(/^\[x\/Lab_Cert\] name: 'Lab_Cert' is not a valid Kubernetes name/);
    });

    test('an invalid secretName', () => {
      expect(create({ secretName: 'lab_tls' })).toThrow(/^\[x\/lab\] secretName: 'lab_tls' is not a valid Kubernetes name/);
    });
  });
});

describe('Certificate.fromSecret', () => {
  test('references an existing Secret by credentialName, in the gateway\'s namespace by default', () => {
    expect(Certificate.fromSecret('lab-tls').source).toEqual({ credentialName: 'lab-tls', secretNamespace: undefined });
  });

  test('namespace records where the Secret lives', () => {
    expect(Certificate.fromSecret('lab-tls', { namespace: 'istio-ingress' }).source)
      .toEqual({ credentialName: 'lab-tls', secretNamespace: 'istio-ingress' });
  });
});

describe('Certificate.fromFiles', () => {
  test('defaults to the legacy istio-ingressgateway-certs Secret and mount path', () => {
    expect(Certificate.fromFiles().source).toEqual({
      files: {
        secretName: 'istio-ingressgateway-certs',
        mountPath: '/etc/istio/ingressgateway-certs',
        serverCertificate: '/etc/istio/ingressgateway-certs/tls.crt',
        privateKey: '/etc/istio/ingressgateway-certs/tls.key',
        caCertificates: '/etc/istio/ingressgateway-certs/ca.crt',
      },
    });
  });

  test('options set the Secret, the mount path and the key names', () => {
    expect(Certificate.fromFiles({
      secretName: 'lab-certs',
      mountPath: '/etc/certs/lab',
      certificateKey: 'cert.pem',
      privateKeyKey: 'key.pem',
      caCertificatesKey: 'ca.pem',
    }).source.files).toEqual({
      secretName: 'lab-certs',
      mountPath: '/etc/certs/lab',
      serverCertificate: '/etc/certs/lab/cert.pem',
      privateKey: '/etc/certs/lab/key.pem',
      caCertificates: '/etc/certs/lab/ca.pem',
    });
  });

  test('drops trailing slashes of the mount path', () => {
    const files = Certificate.fromFiles({ mountPath: '/etc/certs//' }).source.files;
    expect(files?.mountPath).toBe('/etc/certs');
    expect(files?.serverCertificate).toBe('/etc/certs/tls.crt');
  });

  test('has no credentialName', () => {
    expect(Certificate.fromFiles().source.credentialName).toBeUndefined();
  });
});
