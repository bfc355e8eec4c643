import { Chart, Testing } from 'cdk8s';
import { ServiceType } from 'cdk8s-plus-33';
import {
  Certificate,
  ClientCa,
  GatewayListener,
  GatewayListenerProps,
  IngressGateway,
  IngressGatewayProps,
  ListenerTls,
  PortMapping,
  Protocol,
  TlsMode,
  TlsVersion,
} from '../../src';
import { configErrorOf as messageOf } from '../support/config-error';

function setup(props: IngressGatewayProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'x', { namespace: 'istio-system' });
  const gateway = new IngressGateway(chart, 'gw', props);
  return { app, chart, gateway };
}

/** The parts of the synthesized chart a listener shows up in. */
function rendered(chart: Chart) {
  const manifests = Testing.synth(chart);
  const only = (kind: string) => {
    const found = manifests.filter((m) => m.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const podSpec = only('Deployment').spec.template.spec;
  return {
    servers: only('Gateway').spec.servers as any[],
    servicePorts: only('Service').spec.ports as any[],
    podSpec,
    container: podSpec.containers[0],
    containerPorts: podSpec.containers[0].ports as any[],
  };
}

/** Adds one listener to a fresh gateway and returns the rendered Gateway server. */
function serverOf(props: GatewayListenerProps, gatewayProps: IngressGatewayProps = {}): any {
  const { chart, gateway } = setup(gatewayProps);
  gateway.addListener('l', props);
  const { servers } = rendered(chart);
  expect(servers).toHaveLength(1);
  return servers[0];
}

/** Adds one listener and returns the rendered `tls` block of its server. */
function tlsOf(protocol: Protocol, tls: ListenerTls): unknown {
  return serverOf({ port: 443, protocol, tls }).tls;
}

/** Adds one listener to a fresh gateway, for asserting a thrown error on path x/gw/l. */
function adding(props: GatewayListenerProps, gatewayProps: IngressGatewayProps = {}): () => GatewayListener {
  const { gateway } = setup(gatewayProps);
  return () => gateway.addListener('l', props);
}

const cert = Certificate.fromSecret('lab-tls');

describe('GatewayListener ports and names', () => {
  test('one listener is one Gateway server, one Service port and one container port', () => {
    const { chart, gateway } = setup();
    gateway.addListener('web', { port: 80, protocol: Protocol.HTTP });
    const { servers, servicePorts, containerPorts } = rendered(chart);
    expect(servers).toEqual([{ port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['*'] }]);
    expect(servicePorts[1]).toEqual({ name: 'http-80', port: 80, targetPort: 80, protocol: 'TCP' });
    expect(containerPorts[2]).toEqual({ name: 'http-80', containerPort: 80, protocol: 'TCP' });
  });

  test.each([
    [Protocol.HTTP, 8080, 'http-8080'],
    [Protocol.HTTPS, 443, 'https-443'],
    [Protocol.HTTP2, 8081, 'http2-8081'],
    [Protocol.GRPC, 50051, 'grpc-50051'],
    [Protocol.TCP, 3306, 'tcp-3306'],
    [Protocol.TLS, 9443, 'tls-9443'],
    [Protocol.MONGO, 27017, 'mongo-27017'],
  ])('the default name of a %s listener on %d is %s', (protocol, port, name) => {
    const tls = protocol === Protocol.HTTPS || protocol === Protocol.TLS ? { mode: TlsMode.PASSTHROUGH } : undefined;
    expect(serverOf({ port, protocol, tls }).port).toEqual({ number: port, name, protocol });
  });

  test('name sets the Service port, Gateway server port and container port name', () => {
    const { chart, gateway } = setup();
    const listener = gateway.addListener('web', { port: 80, protocol: Protocol.HTTP, name: 'http2' });
    expect(listener.name).toBe('http2');
    const { servers, servicePorts, containerPorts } = rendered(chart);
    expect(servers[0].port.name).toBe('http2');
    expect(servicePorts[1].name).toBe('http2');
    expect(containerPorts[2].name).toBe('http2');
  });

  test('the container port name is left out when the name is longer than 15 characters', () => {
    const { chart, gateway } = setup();
    const listener = gateway.addListener('api', { port: 443, protocol: Protocol.HTTPS, name: 'https-public-api', tls: { certificate: cert } });
    expect(listener.containerPortName).toBeUndefined();
    const { servicePorts, containerPorts } = rendered(chart);
    expect(servicePorts[1].name).toBe('https-public-api');
    expect(containerPorts[2]).toEqual({ containerPort: 443, protocol: 'TCP' });
  });

  test('the container port name is left out when the name has no letter', () => {
    const { chart, gateway } = setup();
    expect(gateway.addListener('alt', { port: 8080, protocol: Protocol.HTTP, name: '8080' }).containerPortName).toBeUndefined();
    expect(rendered(chart).containerPorts[2]).toEqual({ containerPort: 8080, protocol: 'TCP' });
  });

  test('nodePort is set on the Service port', () => {
    const { chart, gateway } = setup();
    const listener = gateway.addListener('web', { port: 80, nodePort: 30080, protocol: Protocol.HTTP });
    expect(listener.nodePort).toBe(30080);
    expect(rendered(chart).servicePorts[1]).toEqual({ name: 'http-80', port: 80, targetPort: 80, nodePort: 30080, protocol: 'TCP' });
  });

  test.each([30000, 32767])('accepts the node port %d at the edge of the range', (nodePort) => {
    expect(adding({ port: 80, nodePort, protocol: Protocol.HTTP })).not.toThrow();
  });

  test('targetPort sets the Service targetPort and the container port; the Gateway keeps the Service port', () => {
    const { chart, gateway } = setup();
    const listener = gateway.addListener('web', { port: 80, targetPort: 8080, protocol: Protocol.HTTP });
    expect(listener.targetPort).toBe(8080);
    const { servers, servicePorts, containerPorts } = rendered(chart);
    expect(servers[0].port.number).toBe(80);
    expect(servicePorts[1]).toMatchObject({ port: 80, targetPort: 8080 });
    expect(containerPorts[2]).toMatchObject({ containerPort: 8080 });
  });

  test('exposes its settings', () => {
    const { gateway } = setup();
    const listener = gateway.addListener('web', { port: 80, nodePort: 30080, protocol: Protocol.HTTP, hosts: ['a.example.com'] });
    expect(listener).toMatchObject({ gateway, port: 80, protocol: Protocol.HTTP, name: 'http-80', hosts: ['a.example.com'], nodePort: 30080, targetPort: 80 });
    expect(listener.tlsMode).toBeUndefined();
    expect(listener.certificateFiles).toBeUndefined();
    expect(gateway.listeners).toEqual([listener]);
  });

  test('gateway.listeners lists the listeners in the order they were added', () => {
    const { gateway } = setup();
    const a = gateway.addListener('a', { port: 8080, protocol: Protocol.HTTP });
    const b = gateway.addListener('b', { port: 80, protocol: Protocol.HTTP });
    expect(gateway.listeners).toEqual([a, b]);
  });

  test('can also be created with new GatewayListener(gateway, ...)', () => {
    const { chart, gateway } = setup();
    new GatewayListener(gateway, 'web', { port: 80, protocol: Protocol.HTTP });
    expect(rendered(chart).servers).toHaveLength(1);
  });
});

describe('GatewayListener hosts', () => {
  test('default to *', () => {
    expect(serverOf({ port: 80, protocol: Protocol.HTTP }).hosts).toEqual(['*']);
  });

  test('are rendered as given, including namespace-qualified forms', () => {
    const hosts = [
      'counter.example.com', '*.lab.example.com', 'apps/api.example.com', './infra.example.com',
      '*/any.example.com', 'team-a/*', '10.0.0.1',
    ];
    expect(serverOf({ port: 80, protocol: Protocol.HTTP, hosts }).hosts).toEqual(hosts);
  });

  test.each([
    ['a short name', 'counter', /'counter' is a short name/],
    ['a short name behind a namespace', 'apps/counter', /'apps\/counter' is a short name/],
    ['a partial wildcard', '*counter.example.com', /'\*counter\.example\.com' has a partial wildcard/],
    ['a wildcard in a later label', 'counter.*.com', /'counter\.\*\.com' has a wildcard that is not the left-most label/],
    ['an invalid namespace', 'Apps/counter.example.com', /'Apps\/counter\.example\.com' has an invalid namespace part 'Apps'/],
    ['an invalid label', 'coun_ter.example.com', /'coun_ter\.example\.com' has an invalid DNS label 'coun_ter'/],
    ['an empty host', '', /'' is empty/],
  ])('rejects %s', (_why, host, problem) => {
    const thrown = adding({ port: 80, protocol: Protocol.HTTP, hosts: ['ok.example.com', host] });
    expect(thrown).toThrow(new RegExp(`^\\[x/gw/l\\] hosts: ${problem.source}.*; write hosts as \\*, \\*\\.example\\.com`));
  });

  test('rejects an empty list', () => {
    expect(adding({ port: 80, protocol: Protocol.HTTP, hosts: [] })).toThrow(/^\[x\/gw\/l\] hosts: is empty; list at least one host/);
  });
});

describe('GatewayListener validation', () => {
  test('must be created in an IngressGateway', () => {
    const { chart } = setup();
    expect(() => new GatewayListener(chart as unknown as IngressGateway, 'web', { port: 80, protocol: Protocol.HTTP }))
      .toThrow(/^\[x\/web\] scope: a GatewayListener must be created in an IngressGateway; use gateway.addListener/);
  });

  test.each([0, -80, 65536, 80.5])('rejects the port %d', (port) => {
    expect(adding({ port, protocol: Protocol.HTTP })).toThrow(new RegExp(`^\\[x/gw/l\\] port: ${port} is not a port number`));
  });

  test('rejects a protocol Istio gateways do not speak', () => {
    expect(adding({ port: 53, protocol: 'UDP' as Protocol }))
      .toThrow(/^\[x\/gw\/l\] protocol: 'UDP' is not a gateway protocol; use one of HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO/);
  });

  test.each(['HTTP', 'http_80', 'http.80', '-http', 'a'.repeat(64)])('rejects the port name %s', (name) => {
    expect(adding({ port: 80, protocol: Protocol.HTTP, name })).toThrow(/^\[x\/gw\/l\] name: '.*' is not a valid port name/);
  });

  test.each(['status-port', 'http-envoy-prom'])('rejects the name %s of a port the proxy already has', (name) => {
    expect(adding({ port: 8080, protocol: Protocol.HTTP, name }))
      .toThrow(new RegExp(`^\\[x/gw/l\\] name: '${name}' is the name of a port the Istio proxy already has`));
  });

  test.each([29999, 32768, 30080.5])('rejects the node port %d outside 30000-32767', (nodePort) => {
    expect(adding({ port: 80, nodePort, protocol: Protocol.HTTP }))
      .toThrow(new RegExp(`^\\[x/gw/l\\] nodePort: ${nodePort} is outside the node port range 30000-32767`));
  });

  test('rejects a nodePort on a ClusterIP gateway', () => {
    expect(adding({ port: 80, nodePort: 30080, protocol: Protocol.HTTP }, { serviceType: ServiceType.CLUSTER_IP }))
      .toThrow(/^\[x\/gw\/l\] nodePort: a ClusterIP Service has no node ports \(got 30080\)/);
  });

  test.each([0, 65536])('rejects the targetPort %d', (targetPort) => {
    expect(adding({ port: 80, targetPort, protocol: Protocol.HTTP }))
      .toThrow(new RegExp(`^\\[x/gw/l\\] targetPort: ${targetPort} is not a port number`));
  });

  test.each([
    [15000, 'the Envoy admin port'],
    [15001, 'the outbound capture port'],
    [15004, 'the debug port'],
    [15006, 'the inbound capture port'],
    [15020, 'the merged metrics port'],
    [15021, 'the health status port'],
    [15090, 'the Envoy Prometheus port'],
  ])('rejects the reserved port %d (%s) as port and as targetPort', (port, what) => {
    expect(adding({ port, protocol: Protocol.TCP })).toThrow(new RegExp(`^\\[x/gw/l\\] port: ${port} is ${what} of the Istio proxy`));
    expect(adding({ port: 9000, targetPort: port, protocol: Protocol.TCP }))
      .toThrow(new RegExp(`^\\[x/gw/l\\] targetPort: ${port} is ${what} of the Istio proxy`));
  });

  test('rejects a port another listener uses', () => {
    const { gateway } = setup();
    gateway.addListener('a', { port: 80, protocol: Protocol.HTTP });
    expect(() => gateway.addListener('b', { port: 80, protocol: Protocol.HTTP, name: 'web' }))
      .toThrow(/^\[x\/gw\/b\] port: port 80 is already used by listener 'a' of this gateway/);
  });

  test('rejects a name another listener uses', () => {
    const { gateway } = setup();
    gateway.addListener('a', { port: 80, protocol: Protocol.HTTP, name: 'web' });
    expect(() => gateway.addListener('b', { port: 8080, protocol: Protocol.HTTP, name: 'web' }))
      .toThrow(/^\[x\/gw\/b\] name: port name 'web' is already used by listener 'a'/);
  });

  test('rejects a targetPort another listener uses', () => {
    const { gateway } = setup();
    gateway.addListener('a', { port: 80, targetPort: 8080, protocol: Protocol.HTTP });
    expect(() => gateway.addListener('b', { port: 8080, protocol: Protocol.HTTP }))
      .toThrow(/^\[x\/gw\/b\] targetPort: container port 8080 is already used by listener 'a'/);
  });

  test('rejects a targetPort that PortMapping.UNPRIVILEGED gives another listener', () => {
    const { gateway } = setup({ portMapping: PortMapping.UNPRIVILEGED });
    gateway.addListener('a', { port: 80, protocol: Protocol.HTTP });
    expect(() => gateway.addListener('b', { port: 8080, protocol: Protocol.HTTP }))
      .toThrow(/^\[x\/gw\/b\] targetPort: container port 8080 is already used by listener 'a'/);
  });

  test('rejects a nodePort another listener uses', () => {
    const { gateway } = setup();
    gateway.addListener('a', { port: 80, nodePort: 30080, protocol: Protocol.HTTP });
    expect(() => gateway.addListener('b', { port: 443, nodePort: 30080, protocol: Protocol.HTTPS, tls: { certificate: cert } }))
      .toThrow(/^\[x\/gw\/b\] nodePort: node port 30080 is already used by listener 'a'/);
  });

  test('allows the same port on two different gateways', () => {
    const { chart, gateway } = setup();
    gateway.addListener('a', { port: 80, nodePort: 30080, protocol: Protocol.HTTP });
    const other = new IngressGateway(chart, 'other', { workloadName: 'istio-other' });
    expect(() => other.addListener('a', { port: 80, nodePort: 30081, protocol: Protocol.HTTP })).not.toThrow();
  });
});

describe('GatewayListener TLS modes', () => {
  test('an HTTPS listener with a certificate terminates TLS in SIMPLE mode, written out', () => {
    expect(tlsOf(Protocol.HTTPS, { certificate: cert })).toEqual({ mode: 'SIMPLE', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2' });
  });

  test('a TLS listener with a certificate terminates TLS in SIMPLE mode, written out', () => {
    expect(tlsOf(Protocol.TLS, { certificate: cert })).toEqual({ mode: 'SIMPLE', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2' });
  });

  test('an explicit SIMPLE mode is rendered', () => {
    expect(tlsOf(Protocol.HTTPS, { mode: TlsMode.SIMPLE, certificate: cert })).toEqual({ mode: 'SIMPLE', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2' });
  });

  test.each([
    [Protocol.HTTPS, TlsMode.PASSTHROUGH],
    [Protocol.TLS, TlsMode.PASSTHROUGH],
    [Protocol.TLS, TlsMode.AUTO_PASSTHROUGH],
    [Protocol.HTTPS, TlsMode.ISTIO_MUTUAL],
    [Protocol.TLS, TlsMode.ISTIO_MUTUAL],
  ])('a %s listener in %s mode renders only the mode: istiod applies no TLS version of the Gateway there', (protocol, mode) => {
    expect(tlsOf(protocol, { mode })).toEqual({ mode });
  });

  // istiod applies versions and cipher suites in SIMPLE, MUTUAL and OPTIONAL_MUTUAL only
  // (pilot/pkg/networking/core/listener.go, isSimpleOrMutual).
  test.each<[TlsMode, keyof ListenerTls, unknown, string]>([
    [TlsMode.PASSTHROUGH, 'minProtocolVersion', TlsVersion.TLSV1_2, 'Envoy does not terminate the TLS it passes through'],
    [TlsMode.AUTO_PASSTHROUGH, 'cipherSuites', ['ECDHE-RSA-AES128-GCM-SHA256'], 'Envoy does not terminate the TLS it passes through'],
    [TlsMode.ISTIO_MUTUAL, 'maxProtocolVersion', TlsVersion.TLSV1_3, 'it takes the mesh\'s mutual TLS settings'],
  ])('%s with %s is refused: istiod would ignore it', (mode, field, value, why) => {
    const { gateway } = setup();
    expect(() => gateway.addListener('l', { port: 443, protocol: Protocol.TLS, hosts: ['*'], tls: { mode, [field]: value } }))
      .toThrow(`[x/gw/l] tls.${field}: is ignored in ${mode} mode: ${why}; remove it, or use TlsMode.SIMPLE or TlsMode.MUTUAL to terminate TLS with these settings`);
  });

  test('a cert-manager Certificate in the gateway\'s namespace is served by its Secret name', () => {
    const { chart, gateway } = setup();
    const lab = new Certificate(chart, 'lab', { dnsNames: ['*.lab.example.com'], issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' } });
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: lab } });
    expect(rendered(chart).servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2' });
  });

  test('Certificate.fromSecret with the gateway\'s namespace is accepted', () => {
    expect(tlsOf(Protocol.HTTPS, { certificate: Certificate.fromSecret('lab-tls', { namespace: 'istio-system' }) }))
      .toEqual({ mode: 'SIMPLE', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2' });
  });

  test('MUTUAL with ClientCa.fromCertificateSecret() adds nothing: Istio reads ca.crt from the credential', () => {
    expect(tlsOf(Protocol.HTTPS, { mode: TlsMode.MUTUAL, certificate: cert, clientCa: ClientCa.fromCertificateSecret() }))
      .toEqual({ mode: 'MUTUAL', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2' });
  });

  test('MUTUAL with ClientCa.fromSecret(name) renders caCertCredentialName', () => {
    expect(tlsOf(Protocol.HTTPS, { mode: TlsMode.MUTUAL, certificate: cert, clientCa: ClientCa.fromSecret('clients-ca') }))
      .toEqual({ mode: 'MUTUAL', credentialName: 'lab-tls', caCertCredentialName: 'clients-ca', minProtocolVersion: 'TLSV1_2' });
  });

  test('MUTUAL with ClientCa.fromCertificateFiles() renders the caCertificates path', () => {
    expect(tlsOf(Protocol.HTTPS, { mode: TlsMode.MUTUAL, certificate: Certificate.fromFiles(), clientCa: ClientCa.fromCertificateFiles() })).toEqual({
      mode: 'MUTUAL',
      serverCertificate: '/etc/istio/ingressgateway-certs/tls.crt',
      privateKey: '/etc/istio/ingressgateway-certs/tls.key',
      caCertificates: '/etc/istio/ingressgateway-certs/ca.crt',
      minProtocolVersion: 'TLSV1_2',
    });
  });

  test('OPTIONAL_MUTUAL on a TLS listener renders the mode and the client CA', () => {
    expect(tlsOf(Protocol.TLS, { mode: TlsMode.OPTIONAL_MUTUAL, certificate: cert, clientCa: ClientCa.fromSecret('clients-ca') }))
      .toEqual({ mode: 'OPTIONAL_MUTUAL', credentialName: 'lab-tls', caCertCredentialName: 'clients-ca', minProtocolVersion: 'TLSV1_2' });
  });

  test('minProtocolVersion, maxProtocolVersion and cipherSuites are rendered', () => {
    expect(tlsOf(Protocol.HTTPS, {
      certificate: cert,
      minProtocolVersion: TlsVersion.TLSV1_2,
      maxProtocolVersion: TlsVersion.TLSV1_3,
      cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
    })).toEqual({
      mode: 'SIMPLE',
      credentialName: 'lab-tls',
      minProtocolVersion: 'TLSV1_2',
      maxProtocolVersion: 'TLSV1_3',
      cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
    });
  });

  test('subjectAltNames restrict client certificates of a MUTUAL listener', () => {
    expect(tlsOf(Protocol.HTTPS, {
      mode: TlsMode.MUTUAL, certificate: cert, clientCa: ClientCa.fromCertificateSecret(), subjectAltNames: ['spiffe://lab/client'],
    })).toEqual({ mode: 'MUTUAL', credentialName: 'lab-tls', minProtocolVersion: 'TLSV1_2', subjectAltNames: ['spiffe://lab/client'] });
  });

  test('tlsMode exposes the effective mode', () => {
    const { gateway } = setup();
    expect(gateway.addListener('a', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: cert } }).tlsMode).toBe(TlsMode.SIMPLE);
    expect(gateway.addListener('b', { port: 8443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } }).tlsMode).toBe(TlsMode.PASSTHROUGH);
  });

  describe('httpsRedirect', () => {
    test('on an HTTP listener renders tls.httpsRedirect only', () => {
      expect(serverOf({ port: 80, protocol: Protocol.HTTP, tls: { httpsRedirect: true } }).tls).toEqual({ httpsRedirect: true });
    });

    test('false renders no tls block', () => {
      expect(serverOf({ port: 80, protocol: Protocol.HTTP, tls: { httpsRedirect: false } })).not.toHaveProperty('tls');
    });

    test('on an HTTP listener leaves its TLS mode unset', () => {
      const { gateway } = setup();
      expect(gateway.addListener('web', { port: 80, protocol: Protocol.HTTP, tls: { httpsRedirect: true } }).tlsMode).toBeUndefined();
    });

    test.each([Protocol.HTTPS, Protocol.TLS, Protocol.TCP])('is rejected on a %s listener', (protocol) => {
      expect(adding({ port: 443, protocol, tls: { httpsRedirect: true, certificate: cert } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.httpsRedirect: only HTTP listeners can redirect to https, not ${protocol}`));
    });
  });

  describe('rejects', () => {
    test.each([Protocol.HTTPS, Protocol.TLS])('a %s listener without tls (SIMPLE needs a certificate)', (protocol) => {
      expect(adding({ port: 443, protocol }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.certificate: an ${protocol} listener in SIMPLE mode needs a certificate`));
    });

    test.each([TlsMode.SIMPLE, TlsMode.MUTUAL, TlsMode.OPTIONAL_MUTUAL])('%s without a certificate', (mode) => {
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { mode, clientCa: ClientCa.fromCertificateSecret() } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.certificate: an HTTPS listener in ${mode} mode needs a certificate`));
    });

    test.each([TlsMode.PASSTHROUGH, TlsMode.AUTO_PASSTHROUGH, TlsMode.ISTIO_MUTUAL])('a certificate in %s mode', (mode) => {
      expect(adding({ port: 443, protocol: Protocol.TLS, tls: { mode, certificate: cert } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.certificate: ${mode} uses no certificate of its own`));
    });

    test.each([TlsMode.PASSTHROUGH, TlsMode.ISTIO_MUTUAL])('a client CA in %s mode', (mode) => {
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { mode, clientCa: ClientCa.fromSecret('ca') } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.clientCa: ${mode} uses no certificate of its own`));
    });

    test.each([TlsMode.MUTUAL, TlsMode.OPTIONAL_MUTUAL])('%s without a client CA', (mode) => {
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { mode, certificate: cert } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.clientCa: ${mode} verifies client certificates but no client CA is given`));
    });

    test('a client CA in SIMPLE mode', () => {
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { certificate: cert, clientCa: ClientCa.fromCertificateSecret() } }))
        .toThrow(/^\[x\/gw\/l\] tls.clientCa: SIMPLE does not verify client certificates/);
    });

    test('ClientCa.fromCertificateFiles() with a credentialName certificate', () => {
      const tls = { mode: TlsMode.MUTUAL, certificate: cert, clientCa: ClientCa.fromCertificateFiles() };
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls }))
        .toThrow(/^\[x\/gw\/l\] tls.clientCa: ClientCa.fromCertificateFiles\(\) needs a certificate from Certificate.fromFiles/);
    });

    test.each([
      ['ClientCa.fromSecret(name)', ClientCa.fromSecret('clients-ca')],
      ['ClientCa.fromCertificateSecret()', ClientCa.fromCertificateSecret()],
    ])('%s with a file certificate', (_kind, clientCa) => {
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.MUTUAL, certificate: Certificate.fromFiles(), clientCa } }))
        .toThrow(/^\[x\/gw\/l\] tls.clientCa: a certificate mounted from files takes its client CA from a file too; use ClientCa.fromCertificateFiles\(\)/);
    });

    test('subjectAltNames in SIMPLE mode', () => {
      expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { certificate: cert, subjectAltNames: ['client.example.com'] } }))
        .toThrow(/^\[x\/gw\/l\] tls.subjectAltNames: restricts client certificates, which only MUTUAL modes verify/);
    });

    test.each([
      ['mode', { mode: TlsMode.SIMPLE }],
      ['certificate', { certificate: cert }],
      ['minProtocolVersion', { minProtocolVersion: TlsVersion.TLSV1_2 }],
      ['cipherSuites', { httpsRedirect: true, cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] }],
    ])('tls.%s on an HTTP listener', (field, tls) => {
      expect(adding({ port: 80, protocol: Protocol.HTTP, tls }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.${field}: an HTTP listener does not terminate TLS; use Protocol.HTTPS`));
    });

    test.each([Protocol.HTTP2, Protocol.GRPC])('TLS settings on a %s listener', (protocol) => {
      expect(adding({ port: 8080, protocol, tls: { certificate: cert } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.certificate: an ${protocol} listener does not terminate TLS`));
    });

    test.each([Protocol.TCP, Protocol.MONGO])('a tls block on a %s listener', (protocol) => {
      expect(adding({ port: 3306, protocol, tls: { certificate: cert } }))
        .toThrow(new RegExp(`^\\[x/gw/l\\] tls.mode: a ${protocol} listener carries no TLS; use Protocol.TLS`));
    });
  });
});

describe('GatewayListener certificate namespace', () => {
  test('rejects a cert-manager Certificate in another namespace than the gateway\'s', () => {
    const { app, gateway } = setup();
    const apps = new Chart(app, 'apps', { namespace: 'default' });
    const lab = new Certificate(apps, 'lab', { dnsNames: ['lab.example.com'], issuer: { name: 'letsencrypt' } });
    expect(() => gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: lab } })).toThrow(
      /^\[x\/gw\/https\] tls.certificate: the Secret 'lab-tls' would be in namespace 'default' but Istio reads credentialName Secrets from the gateway's namespace 'istio-system'; create the Certificate in a Chart with namespace 'istio-system'/,
    );
  });

  test('rejects Certificate.fromSecret in another namespace', () => {
    expect(adding({ port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('lab-tls', { namespace: 'apps' }) } }))
      .toThrow(/^\[x\/gw\/l\] tls.certificate: the Secret 'lab-tls' would be in namespace 'apps' but Istio reads credentialName Secrets from the gateway's namespace 'istio-system'/);
  });
});

describe('GatewayListener with Certificate.fromFiles', () => {
  test('mounts the Secret into the gateway pod and renders serverCertificate and privateKey paths', () => {
    const { chart, gateway } = setup();
    const listener = gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles() } });
    expect(listener.certificateFiles?.mountPath).toBe('/etc/istio/ingressgateway-certs');
    const { servers, podSpec, container } = rendered(chart);
    expect(servers[0].tls).toEqual({
      mode: 'SIMPLE',
      serverCertificate: '/etc/istio/ingressgateway-certs/tls.crt',
      privateKey: '/etc/istio/ingressgateway-certs/tls.key',
      minProtocolVersion: 'TLSV1_2',
    });
    expect(podSpec.volumes).toEqual([{ name: 'istio-ingressgateway-certs', secret: { secretName: 'istio-ingressgateway-certs', defaultMode: 0o440 } }]);
    expect(container.volumeMounts).toEqual([{ name: 'istio-ingressgateway-certs', mountPath: '/etc/istio/ingressgateway-certs', readOnly: true }]);
  });

  test('custom Secret, mount path and keys end up in the volume, the mount and the paths', () => {
    const { chart, gateway } = setup();
    const certificate = Certificate.fromFiles({ secretName: 'lab.example.com', mountPath: '/etc/certs/lab/', certificateKey: 'cert.pem', privateKeyKey: 'key.pem' });
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate } });
    const { servers, podSpec, container } = rendered(chart);
    expect(servers[0].tls).toMatchObject({ serverCertificate: '/etc/certs/lab/cert.pem', privateKey: '/etc/certs/lab/key.pem' });
    expect(podSpec.volumes).toEqual([{ name: 'lab-example-com', secret: { secretName: 'lab.example.com', defaultMode: 0o440 } }]);
    expect(container.volumeMounts).toEqual([{ name: 'lab-example-com', mountPath: '/etc/certs/lab', readOnly: true }]);
  });

  test('listeners sharing one file certificate mount it once', () => {
    const { chart, gateway } = setup();
    const certificate = Certificate.fromFiles();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate } });
    gateway.addListener('tls', { port: 9443, protocol: Protocol.TLS, tls: { certificate } });
    const { podSpec, container } = rendered(chart);
    expect(podSpec.volumes).toHaveLength(1);
    expect(container.volumeMounts).toHaveLength(1);
  });

  test('different Secrets at different mount paths each get a volume and a mount', () => {
    const { chart, gateway } = setup();
    gateway.addListener('a', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'a-certs', mountPath: '/etc/certs/a' }) } });
    gateway.addListener('b', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'b-certs', mountPath: '/etc/certs/b' }) } });
    const { podSpec, container } = rendered(chart);
    expect(podSpec.volumes.map((v: any) => v.secret.secretName)).toEqual(['a-certs', 'b-certs']);
    expect(container.volumeMounts.map((m: any) => [m.name, m.mountPath])).toEqual([['a-certs', '/etc/certs/a'], ['b-certs', '/etc/certs/b']]);
  });

  test('one Secret at two mount paths is one volume mounted at both paths', () => {
    const { chart, gateway } = setup();
    gateway.addListener('a', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'certs', mountPath: '/etc/certs/a' }) } });
    gateway.addListener('b', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'certs', mountPath: '/etc/certs/b' }) } });
    const { podSpec, container } = rendered(chart);
    expect(podSpec.volumes).toEqual([{ name: 'certs', secret: { secretName: 'certs', defaultMode: 0o440 } }]);
    expect(container.volumeMounts).toEqual([
      { name: 'certs', mountPath: '/etc/certs/a', readOnly: true },
      { name: 'certs', mountPath: '/etc/certs/b', readOnly: true },
    ]);
  });

  test('two Secrets at the same mount path fail at synth', () => {
    const { app, gateway } = setup();
    gateway.addListener('a', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'a-certs', mountPath: '/etc/certs' }) } });
    gateway.addListener('b', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'b-certs', mountPath: '/etc/certs' }) } });
    expect(() => app.synthYaml()).toThrow(
      /\[x\/gw\] listeners: certificate Secrets 'a-certs' and 'b-certs' are both mounted at \/etc\/certs; give each Certificate.fromFiles its own mountPath/,
    );
  });

  test('the mount path clash is reported once', () => {
    const { app, gateway } = setup();
    gateway.addListener('a', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'a-certs' }) } });
    gateway.addListener('b', { port: 8443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromFiles({ secretName: 'b-certs' }) } });
    expect(() => app.synthYaml()).toThrow(/both mounted at \/etc\/istio\/ingressgateway-certs/);
    const message = (() => {
      try {
        app.synthYaml();
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message.match(/both mounted/g)).toHaveLength(1);
  });

  test('a credentialName certificate mounts nothing', () => {
    const { chart, gateway } = setup();
    gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: cert } });
    const { podSpec, container } = rendered(chart);
    expect(podSpec).not.toHaveProperty('volumes');
    expect(container).not.toHaveProperty('volumeMounts');
  });
});

describe('GatewayListener.routeKind', () => {
  test.each([
    ['an HTTP listener', { port: 80, protocol: Protocol.HTTP }, 'http'],
    ['an HTTP2 listener', { port: 8080, protocol: Protocol.HTTP2 }, 'http'],
    ['a GRPC listener', { port: 50051, protocol: Protocol.GRPC }, 'http'],
    ['a terminating HTTPS listener', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: cert } }, 'http'],
    ['an ISTIO_MUTUAL HTTPS listener', { port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.ISTIO_MUTUAL } }, 'http'],
    ['a passthrough HTTPS listener', { port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.PASSTHROUGH } }, 'tls'],
    ['a terminating TLS listener', { port: 9443, protocol: Protocol.TLS, tls: { certificate: cert } }, 'tcp'],
    ['a passthrough TLS listener', { port: 9443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } }, 'tls'],
    ['an AUTO_PASSTHROUGH TLS listener', { port: 15443, protocol: Protocol.TLS, tls: { mode: TlsMode.AUTO_PASSTHROUGH } }, 'tls'],
    ['a TCP listener', { port: 3306, protocol: Protocol.TCP }, 'tcp'],
    ['a MONGO listener', { port: 27017, protocol: Protocol.MONGO }, 'tcp'],
  ] as Array<[string, GatewayListenerProps, string]>)('%s is routed by the VirtualService %s section', (_what, props, kind) => {
    const { gateway } = setup();
    expect(gateway.addListener('l', props).routeKind).toBe(kind);
  });
});


describe('GatewayListener TLS settings checked where they are made', () => {
  const https = (tls: ListenerTls) => adding({ port: 443, protocol: Protocol.HTTPS, tls });
  const mutual = { mode: TlsMode.MUTUAL, certificate: cert, clientCa: ClientCa.fromCertificateSecret() };

  test('a minimum TLS version above the maximum is refused', () => {
    expect(messageOf(https({ certificate: cert, minProtocolVersion: TlsVersion.TLSV1_3, maxProtocolVersion: TlsVersion.TLSV1_2 })))
      .toBe('[x/gw/l] tls.minProtocolVersion: TLSV1_3 is above maxProtocolVersion TLSV1_2, so no TLS version is left and Envoy rejects the listener; lower minProtocolVersion or raise maxProtocolVersion');
  });

  test.each([
    [TlsVersion.TLSV1_2, TlsVersion.TLSV1_2],
    [TlsVersion.TLSV1_3, TlsVersion.TLS_AUTO],
    [TlsVersion.TLSV1_0, TlsVersion.TLSV1_0],
    [TlsVersion.TLSV1_3, undefined],
  ])('min %s and max %s are accepted', (minProtocolVersion, maxProtocolVersion) => {
    expect(https({ certificate: cert, minProtocolVersion, maxProtocolVersion })).not.toThrow();
  });

  test('a made-up cipher suite is refused, naming the valid ones', () => {
    const message = messageOf(https({ certificate: cert, cipherSuites: ['ECDHE-RSA-AES128-GCM-SHA256', 'TLS_FAST_AND_SAFE'] }));
    expect(message).toBe('[x/gw/l] tls.cipherSuites[1]: \'TLS_FAST_AND_SAFE\' is not a cipher suite Envoy accepts (istiod would drop it with a warning); use cipher suite names Envoy knows: '
      + 'ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-AES256-GCM-SHA384, ECDHE-ECDSA-CHACHA20-POLY1305, '
      + 'ECDHE-RSA-CHACHA20-POLY1305, ECDHE-ECDSA-AES128-SHA, ECDHE-RSA-AES128-SHA, ECDHE-ECDSA-AES256-SHA, ECDHE-RSA-AES256-SHA, AES128-GCM-SHA256, '
      + 'AES256-GCM-SHA384, AES128-SHA, AES256-SHA, DES-CBC3-SHA');
  });

  test('a cipher suite listed twice is refused', () => {
    expect(messageOf(https({ certificate: cert, cipherSuites: ['AES128-SHA', 'AES256-SHA', 'AES128-SHA'] })))
      .toBe('[x/gw/l] tls.cipherSuites[2]: \'AES128-SHA\' is listed twice; list each cipher suite once');
  });

  test('OpenSSL cipher-string operators pass through as istiod passes them', () => {
    expect(https({ certificate: cert, cipherSuites: ['!DES-CBC3-SHA', 'ECDHE-RSA-AES128-GCM-SHA256'] })).not.toThrow();
  });

  test.each(['', '  '])('an empty subjectAltName %j is refused', (san) => {
    expect(messageOf(https({ ...mutual, subjectAltNames: ['spiffe://lab/client', san] })))
      .toBe(`[x/gw/l] tls.subjectAltNames[1]: '${san}' is empty; list the names a client certificate must carry, e.g. subjectAltNames: ['spiffe://cluster.local/ns/shop/sa/client']`);
  });

  test('a subjectAltName that is not a string is refused', () => {
    expect(messageOf(https({ ...mutual, subjectAltNames: [42 as any] })))
      .toBe('[x/gw/l] tls.subjectAltNames[0]: is number 42, not a string; list the names a client certificate must carry, e.g. subjectAltNames: [\'spiffe://cluster.local/ns/shop/sa/client\']');
  });
});

describe('ClientCa.fromSecret refuses a bad Secret name when called', () => {
  const fix = 'name a Secret in the gateway\'s namespace that holds ca.crt, e.g. ClientCa.fromSecret(\'client-ca\') (lowercase letters, digits, \'-\' and \'.\', at most 253 characters)';

  test('an empty name', () => {
    expect(messageOf(() => ClientCa.fromSecret(''))).toBe(`[ClientCa.fromSecret] secretName: is empty; ${fix}`);
  });

  test('a name with capitals and an underscore', () => {
    expect(messageOf(() => ClientCa.fromSecret('Bad_Name'))).toBe(`[ClientCa.fromSecret] secretName: 'Bad_Name' is not a valid Secret name; ${fix}`);
  });

  test('a name longer than 253 characters', () => {
    expect(messageOf(() => ClientCa.fromSecret('a'.repeat(254)))).toBe(`[ClientCa.fromSecret] secretName: is 254 characters long, more than the 253 of a Secret name; ${fix}`);
  });

  test('a name that is not a string', () => {
    expect(messageOf(() => ClientCa.fromSecret(undefined as any))).toBe(`[ClientCa.fromSecret] secretName: is undefined, not a string; ${fix}`);
  });

  test('a dotted name is accepted', () => {
    expect(() => ClientCa.fromSecret('clients.ca-2')).not.toThrow();
  });
});
