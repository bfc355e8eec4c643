import { App, Chart, Testing } from 'cdk8s';
import '../../src/verify/jest';
import { CaseExpectation, CaseFileError, checkCases, HttpRoute, IngressGateway, PathMatch, Protocol, RequestError, TrafficEngine, TrafficRequest } from '../../src';

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

describe('the matchers answer for the target as it is when expect runs', () => {
  test('a route added to an app after an expect counts in the next expect', () => {
    const app = chart();
    const request = { port: 80, host: 'cart.example.com' };
    expect(app).toRoute(request, { action: 'no_route' });
    const http = (app.charts[0].node.findChild('gw') as IngressGateway).listeners[0];
    new HttpRoute(app.charts[1], 'cart', { listeners: [http], hosts: ['cart.example.com'], rules: [{ destinations: [{ host: 'cart', port: 80 }] }] });
    expect(app).toRouteTo(request, 'cart', 80);
    expect(app).not.toRoute(request, { action: 'no_route' });
  });

  test('so is a rule added to a route of a chart', () => {
    const single = new Chart(Testing.app(), 'single', { namespace: 'shop' });
    const http = new IngressGateway(single, 'gw').addListener('http', { port: 80, protocol: Protocol.HTTP });
    const shop = new HttpRoute(single, 'shop', {
      listeners: [http], hosts: ['shop.example.com'], rules: [{ match: [{ path: PathMatch.prefix('/api/') }], destinations: [{ host: 'api', port: 8080 }] }],
    });
    const request = { port: 80, host: 'shop.example.com', path: '/' };
    expect(single).toRoute(request, { action: 'no_route' });
    shop.addRule({ destinations: [{ host: 'web', port: 80 }] });
    expect(single).toRouteTo(request, 'web', 80);
  });

  test('and an array of objects changed in place', () => {
    const objects = chart().charts.flatMap((c) => c.toJson());
    const request = { port: 80, host: 'shop.example.com', path: '/' };
    expect(objects).toRouteTo(request, 'web', 80);
    const virtualService = objects.find((o) => (o as { kind: string }).kind === 'VirtualService') as { spec: { http: { route: { destination: { host: string } }[] }[] } };
    virtualService.spec.http[1].route[0].destination.host = 'web-v2';
    expect(objects).toRouteTo(request, 'web-v2', 80);
  });
});

describe('the arguments are checked as the CLI checks cases', () => {
  const app = chart();
  const request = { port: 80, host: 'shop.example.com' };

  /** The message checkCases gives for a case with `request` and `expect`, after its `cases: case 1 (c): ` prefix. */
  function caseMessage(caseRequest: unknown, caseExpect: unknown): string {
    try {
      checkCases([{ name: 'c', request: caseRequest, expect: caseExpect }]);
    } catch (e) {
      return (e as Error).message.replace(/^cases: case 1 \(c\): /, '');
    }
    throw new Error('expected checkCases to throw');
  }

  test('an unknown expectation field is an error with the message of the case files, also under .not', () => {
    const statuss = { statuss: 404 } as CaseExpectation;
    const message = `toRoute: ${caseMessage(request, statuss)}`;
    expect(message).toBe('toRoute: expect.statuss is not a decision field (action, reason, status, gateway, server, virtualService, rule, destinations, redirect, rewrite)');
    expect(() => expect(app).toRoute(request, statuss)).toThrow(CaseFileError);
    expect(() => expect(app).toRoute(request, statuss)).toThrow(message);
    expect(() => expect(app).not.toRoute(request, statuss)).toThrow(message);
    expect(() => expect(app).toRoute(request, null as unknown as CaseExpectation)).toThrow('toRoute: expect is missing; list the decision fields the case checks');
    expect(() => expect(app).toRoute(request, 'route' as CaseExpectation)).toThrow("toRoute: expect is 'route', not a mapping");
  });

  test.each([
    [{ port: 80, hots: 'shop.example.com' }, 'hots is not a request field'],
    [{ host: 'shop.example.com' }, 'give port'],
    [{ port: '80' }, "port is '80', not a port number"],
    [{ port: 80, path: 'api' }, "path 'api' does not start with '/'"],
    [{ port: 80, headers: { 'x-user': 1 } }, 'headers.x-user is number 1, not a string'],
    ['shop.example.com', "request is 'shop.example.com', not a mapping"],
  ])('a request that is not in the contract is a RequestError, as in a case file (%#)', (bad, problem) => {
    const message = `toRoute: ${caseMessage(bad, {})}`;
    expect(message).toContain(problem);
    expect(() => expect(app).toRoute(bad as TrafficRequest)).toThrow(RequestError);
    expect(() => expect(app).toRoute(bad as TrafficRequest)).toThrow(message);
    expect(() => expect(app).not.toRouteTo(bad as TrafficRequest, 'web')).toThrow(message.replace('toRoute', 'toRouteTo'));
  });

  test('toRouteTo checks its host and port', () => {
    expect(() => expect(app).toRouteTo(request, 80 as unknown as string)).toThrow(/^toRouteTo: host is number 80, not a host name; give the destination host/);
    expect(() => expect(app).not.toRouteTo(request, '')).toThrow(/^toRouteTo: host is empty/);
    expect(() => expect(app).not.toRouteTo(request, 'web', '80' as unknown as number)).toThrow(/^toRouteTo: port is '80', not a port number/);
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
