import { findingsOf, GATEWAY_WORKLOAD, publicGateway } from './support';

function service(ports: string, labels = '{}', name = 'reviews'): string {
  return `
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop, labels: ${labels}}
spec:
  selector: {app: reviews}
  ports: ${ports}
`;
}

const PODS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews}}
    spec: {containers: [{name: app, image: reviews, ports: [{name: web, containerPort: 9080}]}]}
`;

/** A Service named `name` in `namespace` of `type`, with `ports` and `labels` (YAML flow forms). */
function serviceIn(namespace: string, ports: string, { name = 'reviews', labels = '{}', type = 'ClusterIP' } = {}): string {
  const external = type === 'ExternalName' ? '\n  externalName: payments.example.net' : '\n  selector: {app: reviews}';
  return `
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec:
  type: ${type}${external}
  ports: ${ports}
`;
}

describe('IST0118 PortNameIsNotUnderNamingConvention', () => {
  // istio/istio pkg/config/analysis/analyzers/service/portname.go PortNameAnalyzer, with the protocol of
  // pkg/config/kube/conversion.go ConvertProtocol; cases after analyzers_test.go "namedPort" and
  // "portNameNotFollowConvention" and reference §g.5.
  test.each([
    ['http-web', '[{name: http-web, port: 9080}]'],
    ['tcp-db (namedPort)', '[{name: tcp-db, port: 9080}]'],
    ['grpc-web-ui', '[{name: grpc-web-ui, port: 9080}]'],
    ['an upper-case name', '[{name: HTTP2-Web, port: 9080}]'],
    ['an appProtocol', '[{name: web, appProtocol: http, port: 9080}]'],
    ['an appProtocol with a suffix, read up to its dash as a name is', '[{name: web, appProtocol: http-api, port: 9080}]'],
    ['kubernetes.io/h2c', '[{name: web, appProtocol: kubernetes.io/h2c, port: 9080}]'],
    ['a well-known TCP port', '[{name: db, port: 3306}]'],
    ['a well-known TCP port whose appProtocol names no protocol', '[{name: db, appProtocol: vitess, port: 3306}]'],
    ['UDP', '[{name: stats, port: 8125, protocol: UDP}]'],
  ])('a port with %s is fine', (_what, ports) => {
    expect(findingsOf('IST0118', service(ports))).toEqual([]);
  });

  test('a port named web is reported', () => {
    expect(findingsOf('IST0118', service('[{name: web, port: 9080}]'))).toEqual([{
      code: 'IST0118',
      level: 'Info',
      resource: 'Service shop/reviews',
      message: expect.stringMatching(/^port 9080 has name 'web', which names no protocol Istio knows/),
    }]);
  });

  test('each unnamed port is reported (portNameNotFollowConvention)', () => {
    expect(findingsOf('IST0118', service('[{port: 9080}, {port: 9081}]')).map((f) => f.message)).toEqual([
      expect.stringMatching(/^port 9080 has no name, /),
      expect.stringMatching(/^port 9081 has no name, /),
    ]);
  });

  test('an appProtocol that names no protocol is reported, even beside a good name, and off the well-known ports', () => {
    expect(findingsOf('IST0118', service('[{name: http-web, appProtocol: hbone, port: 9080}, {name: db, appProtocol: vitess, port: 3307}]'))
      .map((f) => f.message)).toEqual([
      expect.stringMatching(/^port 9080 has appProtocol 'hbone', which names no protocol Istio knows/),
      expect.stringMatching(/^port 3307 has appProtocol 'vitess', /),
    ]);
  });

  test('Services labelled istio or release=istio are exempt', () => {
    expect(findingsOf('IST0118', service('[{name: status-port, port: 15021}]', '{istio: ingressgateway}'))).toEqual([]);
    expect(findingsOf('IST0118', service('[{name: status-port, port: 15021}]', '{release: istio}'))).toEqual([]);
  });

  // portname.go skips Services whose gateway.istio.io/managed label names one of Istio's gateway controllers
  // (pkg/config/constants/constants.go ManagedGateway*ControllerLabel), as in "namedPort".
  test.each(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller'])(
    'Services Istio\'s %s manages are exempt', (controller) => {
      expect(findingsOf('IST0118', service('[{name: status-port, port: 15021}]', `{gateway.istio.io/managed: ${controller}}`))).toEqual([]);
    });

  test('a Service another controller manages is checked', () => {
    expect(findingsOf('IST0118', service('[{name: status-port, port: 15021}]', '{gateway.istio.io/managed: example.com-controller}')))
      .toEqual([expect.objectContaining({ resource: 'Service shop/reviews', message: expect.stringMatching(/^port 15021 has name 'status-port'/) })]);
  });

  // istioctl analyze reads nothing in these namespaces (pkg/kube/inject/initializer.go IgnoredNamespaces), as in
  // "unnamedPortInSystemNamespace"; istio-system is not one of them.
  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'])('Services in %s are not read', (namespace) => {
    expect(findingsOf('IST0118', serviceIn(namespace, '[{port: 8080}, {name: metrics, port: 9153}]'))).toEqual([]);
  });

  test('Services in istio-system are checked', () => {
    expect(findingsOf('IST0118', serviceIn('istio-system', '[{port: 8080}, {name: metrics, port: 9153}]'))).toHaveLength(2);
  });

  test('an ExternalName Service is left to IST0150', () => {
    expect(findingsOf('IST0118', serviceIn('shop', '[{name: web, port: 443}, {port: 8443}]', { type: 'ExternalName' }))).toEqual([]);
  });
});

describe('IST0150 ExternalNameServiceTypeInvalidPortName', () => {
  // istio/istio pkg/config/analysis/analyzers/service/portname.go: on an ExternalName Service, a port with no protocol,
  // or named exactly `tcp`, is IST0150 instead of IST0118. Cases after analyzers_test.go
  // "ExternalNameServiceTypeInvalidPortName" and "ExternalNameServiceTypeValidPortName".
  const external = (ports: string) => serviceIn('payments', ports, { name: 'gateway', type: 'ExternalName' });

  test.each([
    ['named https', '[{name: https, port: 443}]'],
    ['named tls-upstream', '[{name: tls-upstream, port: 443}]'],
    ['named tcp-upstream (only tcp itself is reported)', '[{name: tcp-upstream, port: 443}]'],
    ['with appProtocol https', '[{name: upstream, appProtocol: https, port: 443}]'],
  ])('a port %s is fine', (_what, ports) => {
    expect(findingsOf('IST0150', external(ports))).toEqual([]);
  });

  test('a port named for no protocol is a warning', () => {
    expect(findingsOf('IST0150', external('[{name: upstream, port: 443}]'))).toEqual([{
      code: 'IST0150',
      level: 'Warning',
      resource: 'Service payments/gateway',
      message: expect.stringMatching(/^port 443 of this ExternalName Service has name 'upstream'; .* name the port https or tls\[-suffix\]/),
    }]);
  });

  test('an unnamed port, and a port named tcp, are warnings', () => {
    expect(findingsOf('IST0150', external('[{port: 443}, {name: tcp, port: 8443}]')).map((f) => f.message)).toEqual([
      expect.stringMatching(/^port 443 of this ExternalName Service has no name;/),
      expect.stringMatching(/^port 8443 of this ExternalName Service has name 'tcp';/),
    ]);
  });

  test('a port named tcp on a Service of another type is fine', () => {
    expect(findingsOf('IST0150', serviceIn('payments', '[{name: tcp, port: 8443}]'))).toEqual([]);
    expect(findingsOf('IST0118', serviceIn('payments', '[{name: tcp, port: 8443}]'))).toEqual([]);
  });

  test('ExternalName Services in an ignored namespace or labelled istio are not checked', () => {
    expect(findingsOf('IST0150', serviceIn('kube-system', '[{port: 443}]', { type: 'ExternalName' }))).toEqual([]);
    expect(findingsOf('IST0150', serviceIn('payments', '[{port: 443}]', { type: 'ExternalName', labels: '{istio: egressgateway}' }))).toEqual([]);
  });
});

describe('IST0146 ImageAutoWithoutInjectionWarning', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/image-auto.yaml.
  const deployment = (labels: string, namespace = 'gw') => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ingress}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: istio-proxy, image: auto}]}
`;
  const namespace = (labels: string) => `
---
apiVersion: v1
kind: Namespace
metadata: {name: gw, labels: ${labels}}
`;

  test('the gateway workload with sidecar.istio.io/inject "true" is fine', () => {
    expect(findingsOf('IST0146', GATEWAY_WORKLOAD)).toEqual([]);
  });

  test('a namespace with istio-injection=enabled or a revision label is fine', () => {
    expect(findingsOf('IST0146', deployment('{app: ingress}') + namespace('{istio-injection: enabled}'))).toEqual([]);
    expect(findingsOf('IST0146', deployment('{app: ingress}') + namespace('{istio.io/rev: stable}'))).toEqual([]);
  });

  test('without the label and without an injection-enabled namespace it is a warning', () => {
    expect(findingsOf('IST0146', deployment('{app: ingress}') + namespace('{team: edge}'))).toEqual([{
      code: 'IST0146',
      level: 'Warning',
      resource: 'Deployment gw/ingress',
      message: expect.stringMatching(/^container istio-proxy has image auto, but neither the pod template .* nor namespace gw enables injection/),
    }]);
  });
});

describe('CIG1007 InvalidNodePort', () => {
  const gatewayService = (ports: string) => `${GATEWAY_WORKLOAD.replace(/ports: \[.*\]/, `ports: ${ports}`)}${publicGateway()}`;

  test('distinct nodePorts in the range are fine', () => {
    expect(findingsOf('CIG1007', gatewayService('[{name: http2, port: 80, nodePort: 30080}, {name: https, port: 443, nodePort: 30443}]'))).toEqual([]);
  });

  test('a nodePort outside 30000-32767 is an error', () => {
    expect(findingsOf('CIG1007', gatewayService('[{name: http2, port: 80, nodePort: 8080}]'))).toEqual([{
      code: 'CIG1007',
      level: 'Error',
      resource: 'Service istio-system/istio-ingressgateway',
      message: expect.stringMatching(/^port http2 has nodePort 8080, outside the default NodePort range 30000-32767/),
    }]);
  });

  test('a nodePort another Service uses is an error', () => {
    const other = service('[{name: http, port: 9080, nodePort: 30080}]');
    expect(findingsOf('CIG1007', gatewayService('[{name: http2, port: 80, nodePort: 30080}]') + other).map((f) => f.message))
      .toEqual([expect.stringMatching(/^port http2 has nodePort 30080, which Service shop\/reviews port http also uses/)]);
  });
});

describe('CIG1008 TargetPortNotOnPods', () => {
  test('a named targetPort the pods declare is fine', () => {
    expect(findingsOf('CIG1008', PODS + service('[{name: http, port: 80, targetPort: web}]'))).toEqual([]);
  });

  test('a named targetPort no container declares is an error', () => {
    expect(findingsOf('CIG1008', PODS + service('[{name: http, port: 80, targetPort: http-web}]'))).toEqual([{
      code: 'CIG1008',
      level: 'Error',
      resource: 'Service shop/reviews',
      message: expect.stringMatching(/^port http targets container port 'http-web', which no container of Deployment shop\/reviews declares/),
    }]);
  });
});
