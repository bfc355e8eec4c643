import { App, Chart, Testing } from 'cdk8s';
import '../../src/verify/jest';
import { HttpRoute, IngressGateway, PathMatch, Protocol, TrafficEngine } from '../../src';

function chart(): App {
  const app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  const http = new IngressGateway(infra, 'gw').addListener('http', { port: 80, protocol: Protocol.HTTP });
  const apps = new Chart(app, 'apps', { namespace: 'shop' });
  new HttpRoute(apps, 'shop', {
    listeners: [http],
    hosts: ['shop.example.com'],
    rules: [
      { match: [{ path: PathMatch.prefix('/api/') }], destinations: [{ host: 'api', port: 8080 }] },
      { destinations: [{ host: 'web', port: 80 }] },
    ],
  });
  return app;
}

describe('jest matchers', () => {
  const app = chart();

  test('toRouteTo checks the destination of a cdk8s app', () => {
    expect(app).toRouteTo({ port: 80, host: 'shop.example.com', path: '/api/cart' }, 'api', 8080);
    expect(app).toRouteTo({ port: 80, host: 'shop.example.com', path: '/api' }, 'web', 80);
    expect(app).not.toRouteTo({ port: 80, host: 'shop.example.com', path: '/' }, 'api');
  });

  test('toRoute checks any decision field, on an engine or plain objects', () => {
    const engine = TrafficEngine.fromChart(app);
    expect(engine).toRoute({ port: 80, host: 'other.example.com' }, { action: 'no_route', status: 404 });
    expect(app.charts.flatMap((c) => c.toJson())).toRoute({ port: 80, host: 'shop.example.com' }, { virtualService: 'shop/shop', rule: { index: 1 } });
  });

  test('a failing matcher explains the decision with its trace', () => {
    expect(() => expect(app).toRouteTo({ port: 80, host: 'shop.example.com', path: '/' }, 'api', 8080))
      .toThrow(/destinations: expected \[\{"host":"api","port":8080,"weight":100\}\], got \[\{"host":"web.shop.svc.cluster.local".*trace:.*rule 1 matched prefix \//s);
    expect(() => expect(app).not.toRoute({ port: 80, host: 'shop.example.com' }))
      .toThrow(/expected the decision not to match/);
  });
});

describe('listener.request()', () => {
  test('addresses the listener port of its gateway, so matchers read like the construct code', () => {
    const app = Testing.app();
    const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
    const gw = new IngressGateway(infra, 'gw', { workloadName: 'istio-edge' });
    const http = gw.addListener('http', { port: 8080, protocol: Protocol.HTTP });
    new IngressGateway(infra, 'other', { workloadName: 'istio-other' }).addListener('http', { port: 80, protocol: Protocol.HTTP });
    new HttpRoute(new Chart(app, 'apps', { namespace: 'shop' }), 'shop', {
      listeners: [http], hosts: ['shop.example.com'], rules: [{ destinations: [{ host: 'web', port: 80 }] }],
    });
    expect(http.request({ host: 'shop.example.com', path: '/' })).toEqual({ host: 'shop.example.com', path: '/', port: 8080, gateway: 'istio-system/istio-edge' });
    expect(app).toRouteTo(http.request({ host: 'shop.example.com' }), 'web', 80);
  });
});
