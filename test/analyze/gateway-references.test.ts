import { findingsOf, GATEWAY_WORKLOAD, publicGateway } from './support';
import { httpGateway } from '../support/istio-yaml';

const GATEWAY = `${publicGateway()}---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: apps}
spec: {selector: {app: shop}, ports: [{name: http, port: 80}]}
`;

function virtualService(gateways: string, matchGateways?: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: apps}
spec:
  hosts: [shop.example.com]
  gateways: ${gateways}
  http: [{${matchGateways ? `match: [{gateways: ${matchGateways}}], ` : ''}route: [{destination: {host: shop}}]}]
`;
}

describe('IST0101 ReferencedResourceNotFound (gateway)', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_gateways.yaml.
  test.each([
    ['namespace/name', '[istio-system/public]'],
    ['legacy name.namespace.svc.cluster.local, which istiod accepts', '[public.istio-system.svc.cluster.local]'],
    ['mesh next to a gateway', '[mesh, istio-system/public]'],
  ])('an existing gateway written as %s is fine', (_form, gateways) => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + GATEWAY + virtualService(gateways))).toEqual([]);
  });

  test('a gateway that does not exist is an error on the VirtualService', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + GATEWAY + virtualService('[istio-system/bogus]'))).toEqual([{
      code: 'IST0101',
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^Referenced gateway not found: "istio-system\/bogus"/),
    }]);
  });

  test('a short name resolves in the VirtualService namespace, not the gateway namespace', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + GATEWAY + virtualService('[public]'))[0].message)
      .toMatch(/"public" \(apps\/public\)/);
  });

  test('a match naming a missing gateway is reported too', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + GATEWAY + virtualService('[istio-system/public]', '[istio-system/gone]'))).toHaveLength(1);
  });
});

describe('IST0162 GatewayPortNotDefinedOnService', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/gateway-custom-ingressgateway-badport*.yaml.
  const gateway = (port: number) => `
---
${httpGateway('public', { port, portName: 'p' })}`;

  test('a server port the gateway Service exposes is fine', () => {
    expect(findingsOf('IST0162', GATEWAY_WORKLOAD + gateway(80))).toEqual([]);
  });

  test('a server port that no Service of the gateway pods exposes is a warning', () => {
    expect(findingsOf('IST0162', GATEWAY_WORKLOAD + gateway(8004))).toEqual([{
      code: 'IST0162',
      level: 'Warning',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/port 8004, which no Service of the gateway pods \(selector istio=ingressgateway\) exposes/),
    }]);
  });
});
