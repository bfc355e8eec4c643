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

describe('IST0118 PortNameIsNotUnderNamingConvention', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/service-no-port-name.yaml and reference §g.5.
  test.each([
    ['http-web', '[{name: http-web, port: 9080}]'],
    ['grpc-web-ui', '[{name: grpc-web-ui, port: 9080}]'],
    ['an appProtocol', '[{name: web, appProtocol: http, port: 9080}]'],
    ['kubernetes.io/h2c', '[{name: web, appProtocol: kubernetes.io/h2c, port: 9080}]'],
    ['a well-known TCP port', '[{name: db, port: 3306}]'],
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

  test('Services labelled istio or release=istio are exempt', () => {
    expect(findingsOf('IST0118', service('[{name: status-port, port: 15021}]', '{istio: ingressgateway}'))).toEqual([]);
    expect(findingsOf('IST0118', service('[{name: status-port, port: 15021}]', '{release: istio}'))).toEqual([]);
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
