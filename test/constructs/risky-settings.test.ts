import { Chart, Testing } from 'cdk8s';
import {
  acknowledgeSynthWarning, appSynthWarnings, Certificate, ClientCa, IngressGateway, IngressGatewayProps, ListenerTls, Protocol, ServiceType,
  SynthWarningId, TlsMode, TlsVersion,
} from '../../src';
import { Manifest } from '../support/synth';

function setup(props: IngressGatewayProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'ingress', { namespace: 'istio-ingress' });
  const gateway = new IngressGateway(chart, 'gw', props);
  return { app, chart, gateway };
}

const messages = (app: ReturnType<typeof setup>['app']) => appSynthWarnings(app).map((w) => `[${w.path}] ${w.message}`);
const serversOf = (chart: Chart) => Testing.synth(chart).find((m: Manifest) => m.kind === 'Gateway')!.spec.servers;

describe('listener hosts: * only when asked for', () => {
  test('hosts left out: the server accepts any host, and synth says how to narrow it', () => {
    const { app, chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(serversOf(chart)[0].hosts).toEqual(['*']);
    expect(messages(app)).toEqual([
      '[ingress/gw/http] hosts: not given, so the server accepts any host (\'*\'), and a VirtualService of any namespace that binds the gateway '
      + 'can claim any host on it; name the hosts it serves (hosts: [\'shop.example.com\'], or \'shop/shop.example.com\' to admit routes of '
      + 'the shop namespace only), or pass hosts: [\'*\'] to accept every host knowingly',
    ]);
  });

  test.each([[['*']], [['shop.example.com']], [['shop/*.example.com']]])('hosts %j: no warning', (hosts) => {
    const { app, chart, gateway } = setup();
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts });
    expect(serversOf(chart)[0].hosts).toEqual(hosts);
    expect(messages(app)).toEqual([]);
  });

  test('an imported gateway describes servers that exist: no warning about their hosts', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'shop' });
    IngressGateway.fromGatewayReference(chart, 'shared', 'istio-ingress/shared', { listeners: [{ port: 80, protocol: Protocol.HTTP, name: 'http' }] });
    expect(appSynthWarnings(app)).toEqual([]);
  });
});

describe('TLS versions', () => {
  const cert = Certificate.fromSecret('web-tls');
  const tlsWith = (tls: ListenerTls) => {
    const { app, chart, gateway } = setup();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, hosts: ['web.example.com'], tls: { certificate: cert, ...tls } });
    return { warnings: messages(app), tls: serversOf(chart)[0].tls };
  };

  test('a terminating listener writes minProtocolVersion TLSV1_2 when none is given', () => {
    expect(tlsWith({})).toEqual({ warnings: [], tls: { mode: 'SIMPLE', credentialName: 'web-tls', minProtocolVersion: 'TLSV1_2' } });
  });

  test.each([TlsVersion.TLSV1_2, TlsVersion.TLSV1_3, TlsVersion.TLS_AUTO])('minProtocolVersion %s is kept, without a warning', (version) => {
    expect(tlsWith({ minProtocolVersion: version })).toEqual({ warnings: [], tls: expect.objectContaining({ minProtocolVersion: version }) });
  });

  test('TLSV1_0 without cipher suites: a warning that RFC 8996 deprecates it and that no default cipher serves it', () => {
    const { warnings, tls } = tlsWith({ minProtocolVersion: TlsVersion.TLSV1_0 });
    expect(tls.minProtocolVersion).toBe('TLSV1_0');
    expect(warnings).toEqual(['[ingress/gw/https] tls.minProtocolVersion: TLSV1_0 lets clients negotiate TLS 1.0, which RFC 8996 deprecates '
      + '(no AEAD cipher, SHA-1 handshake signatures); without tls.cipherSuites Envoy offers none that TLS 1.0 or 1.1 can use, so those '
      + 'clients fail anyway (istiod warns the same); leave minProtocolVersion out for TLS 1.2, or use TlsVersion.TLSV1_3']);
  });

  test('TLSV1_1 with cipher suites: the deprecation warning alone', () => {
    const { warnings } = tlsWith({ minProtocolVersion: TlsVersion.TLSV1_1, cipherSuites: ['ECDHE-RSA-AES128-SHA'] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[ingress\/gw\/https\] tls\.minProtocolVersion: TLSV1_1 lets clients negotiate TLS 1\.1, which RFC 8996 deprecates \(no AEAD cipher, SHA-1 handshake signatures\); leave/);
  });

  test('maxProtocolVersion below TLS 1.2 with an old minimum: a warning for each', () => {
    const { warnings, tls } = tlsWith({ minProtocolVersion: TlsVersion.TLSV1_0, maxProtocolVersion: TlsVersion.TLSV1_1, cipherSuites: ['ECDHE-RSA-AES128-SHA'] });
    expect(tls).toMatchObject({ minProtocolVersion: 'TLSV1_0', maxProtocolVersion: 'TLSV1_1' });
    expect(warnings).toEqual([
      expect.stringMatching(/^\[ingress\/gw\/https\] tls\.minProtocolVersion: TLSV1_0 lets clients negotiate TLS 1\.0/),
      '[ingress/gw/https] tls.maxProtocolVersion: TLSV1_1 holds every client to TLS 1.1 or older, which RFC 8996 '
      + 'deprecates; leave maxProtocolVersion out (TLS 1.3), or use TlsVersion.TLSV1_2 at least',
    ]);
  });

  // Envoy's minimum for a server is TLS 1.2 when none is given (TlsParameters.tls_minimum_protocol_version).
  test.each([undefined, TlsVersion.TLS_AUTO])('maxProtocolVersion below TLS 1.2 with minimum %s leaves no version: refused', (min) => {
    expect(() => tlsWith({ minProtocolVersion: min, maxProtocolVersion: TlsVersion.TLSV1_1 })).toThrow('[ingress/gw/https] tls.maxProtocolVersion: '
      + 'TLSV1_1 is below the TLS 1.2 minimum that applies when minProtocolVersion is not set, so no TLS version is left; raise maxProtocolVersion, '
      + 'or set minProtocolVersion to TlsVersion.TLSV1_0 or TLSV1_1 knowingly');
  });

  test('cipher suites without forward secrecy, or 3DES: a warning per suite, naming why', () => {
    const { warnings } = tlsWith({ cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256', 'DES-CBC3-SHA'] });
    expect(warnings).toEqual([
      expect.stringMatching(/^\[ingress\/gw\/https\] tls\.cipherSuites\[1\]: 'AES128-GCM-SHA256' is weak: no forward secrecy .*; list ECDHE suites with AES-GCM or CHACHA20 only/),
      expect.stringMatching(/^\[ingress\/gw\/https\] tls\.cipherSuites\[2\]: 'DES-CBC3-SHA' is weak: 3DES.*no forward secrecy/),
    ]);
  });

  test('ECDHE suites with AES-GCM or CHACHA20: no warning', () => {
    expect(tlsWith({ cipherSuites: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'] }).warnings).toEqual([]);
  });

  test('a suite Envoy does not know is refused at the call, as before', () => {
    expect(() => tlsWith({ cipherSuites: ['NULL-SHA'] })).toThrow(/tls\.cipherSuites\[0\]: 'NULL-SHA' is not a cipher suite Envoy accepts/);
  });

  test('a passthrough listener gets no minimum: Envoy does not terminate its TLS', () => {
    const { chart, gateway } = setup();
    gateway.addListener('tls', { port: 443, protocol: Protocol.TLS, hosts: ['db.example.com'], tls: { mode: TlsMode.PASSTHROUGH } });
    expect(serversOf(chart)[0].tls).toEqual({ mode: 'PASSTHROUGH' });
  });
});

describe('a client CA that is the issuer of the server certificate', () => {
  type CertificateOf = (chart: Chart) => Certificate | ReturnType<typeof Certificate.fromSecret>;
  function mutual(clientCa: ClientCa, certificate: CertificateOf, subjectAltNames?: string[]) {
    const { app, chart, gateway } = setup();
    gateway.addListener('https', {
      port: 443,
      protocol: Protocol.HTTPS,
      hosts: ['api.example.com'],
      tls: { mode: TlsMode.MUTUAL, certificate: certificate(chart), clientCa, subjectAltNames },
    });
    return messages(app);
  }
  const issued = (chart: Chart) => new Certificate(chart, 'api', { dnsNames: ['api.example.com'], issuer: { name: 'shared-ca', kind: 'ClusterIssuer' } });

  test('ClientCa.fromCertificateSecret() with a cert-manager certificate: anyone the issuer signs for is a client', () => {
    expect(mutual(ClientCa.fromCertificateSecret(), issued)).toEqual(['[ingress/gw/https] tls.clientCa: ClientCa.fromCertificateSecret() '
      + 'trusts the ca.crt cert-manager writes into \'api-tls\', the CA of ClusterIssuer \'shared-ca\' that signed the server certificate, so '
      + 'anyone who can get a certificate from that issuer holds a client certificate this listener accepts; keep the client CA in a Secret of '
      + 'its own (ClientCa.fromSecret(\'client-ca\')), or accept only the clients named in tls.subjectAltNames']);
  });

  test.each<[string, ClientCa, CertificateOf, string[] | undefined]>([
    ['a client CA Secret of its own', ClientCa.fromSecret('client-ca'), issued, undefined],
    ['subjectAltNames that name the clients', ClientCa.fromCertificateSecret(), issued, ['spiffe://cluster.local/ns/shop/sa/client']],
    ['an existing Secret, whose ca.crt the user chose', ClientCa.fromCertificateSecret(), () => Certificate.fromSecret('api-tls'), undefined],
  ])('%s: no warning', (_name, clientCa, certificate, subjectAltNames) => {
    expect(mutual(clientCa, certificate, subjectAltNames)).toEqual([]);
  });
});

describe('risky gateway overrides', () => {
  test('the sidecar injection template in podAnnotations: a warning naming istio-init\'s root and capabilities', () => {
    const { app, gateway } = setup({ podAnnotations: { 'inject.istio.io/templates': 'gateway,sidecar' } });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['*'] });
    expect(messages(app)).toEqual(['[ingress/gw] podAnnotations: inject.istio.io/templates: \'gateway,sidecar\' adds Istio\'s sidecar template, '
      + 'whose istio-init container runs as root with NET_ADMIN and NET_RAW (and fails Pod Security "restricted" and "baseline"); remove the '
      + 'annotation: the gateway template the constructs set is all a gateway needs']);
  });

  test('inject.istio.io/templates: gateway is fine', () => {
    const { app, gateway } = setup({ podAnnotations: { 'inject.istio.io/templates': 'gateway' } });
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['*'] });
    expect(messages(app)).toEqual([]);
  });

  const autoPassthrough = (serviceType: ServiceType, hosts: string[]) => {
    const { app, gateway } = setup({ serviceType });
    gateway.addListener('tls', { port: 15443, protocol: Protocol.TLS, name: 'tls', hosts, tls: { mode: TlsMode.AUTO_PASSTHROUGH } });
    return messages(app);
  };

  test.each([ServiceType.NODE_PORT, ServiceType.LOAD_BALANCER])('AUTO_PASSTHROUGH for every host on a %s Service: a warning', (serviceType) => {
    expect(autoPassthrough(serviceType, ['*'])).toEqual([`[ingress/gw] listeners: 'tls' is AUTO_PASSTHROUGH for every host on a ${serviceType} `
      + 'Service, so whoever reaches its port can open a TLS connection to any service of the mesh by naming it in SNI, with no VirtualService '
      + 'in between; list the hosts meant to be reachable (hosts: [\'*.shop.svc.cluster.local\']), or use ServiceType.CLUSTER_IP for a gateway '
      + 'only the cluster reaches']);
  });

  test.each<[string, ServiceType, string[]]>([
    ['on a ClusterIP Service', ServiceType.CLUSTER_IP, ['*']],
    ['for the hosts of one namespace', ServiceType.NODE_PORT, ['*.shop.svc.cluster.local']],
  ])('AUTO_PASSTHROUGH %s: no warning', (_name, serviceType, hosts) => {
    expect(autoPassthrough(serviceType, hosts)).toEqual([]);
  });
});

describe('acknowledging a warning taken knowingly', () => {
  function legacyApp() {
    const { app, chart, gateway } = setup();
    const legacy = gateway.addListener('legacy', {
      port: 8443,
      protocol: Protocol.HTTPS,
      hosts: ['pos.example.com'],
      tls: { certificate: Certificate.fromSecret('pos-tls'), minProtocolVersion: TlsVersion.TLSV1_1, cipherSuites: ['ECDHE-RSA-AES128-SHA'] },
    });
    const open = gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    return { app, chart, gateway, legacy, open };
  }
  const ids = (app: ReturnType<typeof setup>['app']) => appSynthWarnings(app).map((w) => `${w.path} ${w.id}`);

  test('each warning carries the id that acknowledges it', () => {
    expect(ids(legacyApp().app)).toEqual(['ingress/gw/legacy old-tls-version', 'ingress/gw/http implicit-hosts']);
  });

  test('on a listener, it silences that listener\'s warnings of that id only', () => {
    const { app, legacy } = legacyApp();
    acknowledgeSynthWarning(legacy, SynthWarningId.OLD_TLS_VERSION, 'point-of-sale terminals speak TLS 1.1 until 2027');
    acknowledgeSynthWarning(legacy, SynthWarningId.IMPLICIT_HOSTS);
    expect(ids(app)).toEqual(['ingress/gw/http implicit-hosts']);
  });

  test('on a Chart or the App, it silences the warnings of every construct under it', () => {
    const { app, chart } = legacyApp();
    acknowledgeSynthWarning(chart, SynthWarningId.IMPLICIT_HOSTS);
    expect(ids(app)).toEqual(['ingress/gw/legacy old-tls-version']);
    acknowledgeSynthWarning(app, SynthWarningId.OLD_TLS_VERSION);
    expect(ids(app)).toEqual([]);
  });

  test('synth prints each warning with its id, and none acknowledged', () => {
    const { app, open } = legacyApp();
    acknowledgeSynthWarning(open, SynthWarningId.IMPLICIT_HOSTS);
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      app.synthYaml();
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual([expect.stringMatching(/^cdk8s-istio-gateway: Warning \[ingress\/gw\/legacy\] tls\.minProtocolVersion: TLSV1_1 .* \[ack: old-tls-version\]\n$/)]);
  });

  test('an id that is not a synth warning id is refused, listing the ids', () => {
    const { gateway } = legacyApp();
    expect(() => acknowledgeSynthWarning(gateway, 'old-tls' as SynthWarningId)).toThrow('[ingress/gw] id: \'old-tls\' is not a synth warning id; use one of '
      + '\'implicit-hosts\', \'control-plane-secrets\', \'old-tls-version\', \'weak-cipher-suite\', \'client-ca-from-issuer\', \'sidecar-template\', '
      + '\'open-auto-passthrough\' (SynthWarningId)');
  });
});
