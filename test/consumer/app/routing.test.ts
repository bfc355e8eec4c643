import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination, HttpAction, HttpRoute, IngressGateway, PathMatch, Protocol } from 'cdk8s-istio-gateway';
import 'cdk8s-istio-gateway/jest';

test('the gateway routes by host and path, and the matchers see routes added later', () => {
  const app = Testing.app();
  const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
  const http = new IngressGateway(ingress, 'gw').addListener('http', { port: 80, protocol: Protocol.HTTP });
  const apps = new Chart(app, 'apps', { namespace: 'shop' });
  const web = new kplus.Service(apps, 'web-service', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
  const route = new HttpRoute(apps, 'web', {
    listeners: [http],
    hosts: ['shop.example.com'],
    rules: [{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.service(web, 8080)]) }],
  });

  // The route's documented properties, from the declarations as installed.
  expect([route.name, route.namespace, route.resource.kind, route.gatewayReferences]).toEqual(['web', 'shop', 'VirtualService', ['istio-system/gw']]);

  expect(app).toRouteTo({ port: 80, host: 'shop.example.com', path: '/cart' }, 'web', 8080);
  expect(app).toRoute({ port: 80, host: 'api.example.com', path: '/' }, { action: 'no_route', status: 404 });

  const api = new kplus.Service(apps, 'api-service', { metadata: { name: 'api' }, ports: [{ port: 9090 }] });
  new HttpRoute(apps, 'api', {
    listeners: [http],
    hosts: ['api.example.com'],
    rules: [{ destinations: [{ service: api, port: 9090 }] }],
  });
  expect(app).toRouteTo({ port: 80, host: 'api.example.com', path: '/' }, 'api', 9090);
});
