import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination } from '../../src/constructs/destination';
import { GatewayListener } from '../../src/constructs/gateway-listener';
import { HttpAction } from '../../src/constructs/http-action';
import { HttpRoute } from '../../src/constructs/http-route';
import { HttpRule, RedirectPort } from '../../src/constructs/http-rule';
import { IngressGateway } from '../../src/constructs/ingress-gateway';
import { PathMatch, StringMatch } from '../../src/constructs/string-match';
import { Protocol } from '../../src/istio/protocol';

let app: App;
let gw: IngressGateway;
let http: GatewayListener;
let apps: Chart;
let counter: kplus.Service;

beforeEach(() => {
  app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  gw = new IngressGateway(infra, 'gw');
  http = gw.addListener('http', { port: 80, protocol: Protocol.HTTP });
  apps = new Chart(app, 'apps', { namespace: 'default' });
  counter = new kplus.Service(apps, 'counter-service', { metadata: { name: 'counter' }, ports: [{ port: 80 }, { port: 9090 }] });
});

function route(rules: HttpRule[], id = 'counter'): HttpRoute {
  return new HttpRoute(apps, id, { listeners: [http], hosts: [`${id}.example.com`], rules });
}

/** The `http` section of the synthesized VirtualService `name`. */
function httpOf(name: string): unknown {
  return Testing.synth(apps).find((o) => o.kind === 'VirtualService' && o.metadata.name === name)?.spec.http;
}

/** Builds the same route once with the deprecated rule and once with the action, and compares the YAML. */
function expectSameYaml(legacy: HttpRule, modern: HttpRule): unknown {
  route([legacy], 'legacy');
  route([modern], 'modern');
  const rendered = httpOf('modern');
  expect(rendered).toBeDefined();
  expect(rendered).toEqual(httpOf('legacy'));
  return rendered;
}

describe('the action renders exactly as the deprecated fields', () => {
  test('forward to a Service', () => {
    const rendered = expectSameYaml(
      { match: [{ path: PathMatch.prefix('/') }], destinations: [{ service: counter, port: 80 }] },
      { match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.service(counter, 80)]) },
    );
    expect(rendered).toEqual([{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'counter', port: { number: 80 } } }] }]);
  });

  test('a weighted split with subsets and header operations', () => {
    expectSameYaml(
      {
        destinations: [
          { host: 'reviews', port: 9080, subset: 'v1', weight: 90, headers: { request: { set: { 'x-version': 'v1' } } } },
          { host: 'reviews', port: 9080, subset: 'v2', weight: 10 },
        ],
      },
      {
        action: HttpAction.forward([
          Destination.host('reviews', 9080, { subset: 'v1', weight: 90, headers: { request: { set: { 'x-version': 'v1' } } } }),
          Destination.host('reviews', 9080, { subset: 'v2', weight: 10 }),
        ]),
      },
    );
  });

  test('forward options: rewrite, fault, mirrors, timeout, retries', () => {
    const settings = {
      rewrite: { uri: '/v2/' },
      fault: { delay: { fixedDelay: Duration.millis(250), percentage: 5 }, abort: { httpStatus: 503, percentage: 1 } },
      timeout: Duration.seconds(5),
      retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: ['5xx', 'reset'] },
    };
    const rendered = expectSameYaml(
      { destinations: [{ service: counter, port: 80 }], ...settings, mirrors: [{ host: 'shadow', port: 80, percentage: 10 }, { service: counter, port: 9090 }] },
      {
        action: HttpAction.forward([Destination.service(counter, 80)], {
          ...settings,
          mirrors: [{ destination: Destination.host('shadow', 80), percentage: 10 }, { destination: Destination.service(counter, 9090) }],
        }),
      },
    ) as any[];
    expect(rendered[0].timeout).toEqual('5s');
    expect(rendered[0].mirrors).toHaveLength(2);
  });

  test('redirect', () => {
    const rendered = expectSameYaml(
      { redirect: { scheme: 'https', derivePort: RedirectPort.FROM_PROTOCOL_DEFAULT, redirectCode: 308 } },
      { action: HttpAction.redirect({ scheme: 'https', derivePort: RedirectPort.FROM_PROTOCOL_DEFAULT, redirectCode: 308 }) },
    ) as any[];
    expect(rendered[0].redirect).toEqual({ scheme: 'https', derivePort: 'FROM_PROTOCOL_DEFAULT', redirectCode: 308 });
  });

  test('respond with and without a body', () => {
    const rendered = expectSameYaml(
      { match: [{ path: PathMatch.exact('/down') }], directResponse: { status: 503, body: 'down' } },
      { match: [{ path: PathMatch.exact('/down') }], action: HttpAction.respond(503, 'down') },
    ) as any[];
    expect(rendered[0].directResponse).toEqual({ status: 503, body: { string: 'down' } });
    route([{ action: HttpAction.respond(404) }], 'empty');
    expect((httpOf('empty') as any[])[0].directResponse).toEqual({ status: 404 });
  });

  test('cors and headers stay on the rule, whatever the action', () => {
    const shared = {
      cors: { allowOrigins: [StringMatch.exact('https://example.com')], allowMethods: ['GET'] },
      headers: { response: { set: { 'x-served-by': 'gateway' } } },
    };
    expectSameYaml({ ...shared, directResponse: { status: 200 } }, { ...shared, action: HttpAction.respond(200) });
  });

  test('addRule takes an action', () => {
    const r = route([{ match: [{ path: PathMatch.prefix('/old') }], action: HttpAction.redirect({ uri: '/new' }) }]);
    r.addRule({ action: HttpAction.forward([Destination.service(counter, 80)]) });
    expect((httpOf('counter') as any[]).map((rule) => Object.keys(rule).filter((k) => k !== 'match'))).toEqual([['redirect'], ['route']]);
  });

  test('the kind of an action is public', () => {
    expect([HttpAction.forward([]).kind, HttpAction.redirect({}).kind, HttpAction.respond(200).kind]).toEqual(['forward', 'redirect', 'respond']);
  });
});

describe('action and the deprecated fields', () => {
  test.each([
    ['destinations', { destinations: [{ host: 'counter' }] }, 'remove it; the action is action: HttpAction.forward([Destination.service(svc, port)])'],
    ['redirect', { redirect: { uri: '/' } }, 'remove it; the action is action: HttpAction.redirect({ ... })'],
    ['directResponse', { directResponse: { status: 200 } }, 'remove it; the action is action: HttpAction.respond(status, body)'],
    ['timeout', { timeout: Duration.seconds(1) }, 'remove it; move it into the forward options: action: HttpAction.forward(destinations, { timeout })'],
  ])('%s next to action is refused', (field, extra, fix) => {
    expect(() => route([{ action: HttpAction.forward([Destination.host('counter', 80)]), ...extra }]))
      .toThrow(`[apps/counter] rules[0].${field}: cannot be combined with action (it is the deprecated way to give the action); ${fix}`);
  });

  test('a rule with neither is refused', () => {
    expect(() => route([{ match: [{ path: PathMatch.prefix('/') }] }]))
      .toThrow('[apps/counter] rules[0]: has no action; give one action: action: HttpAction.forward([Destination.service(svc, 80)]), HttpAction.redirect({ ... }) or HttpAction.respond(status)');
  });
});

describe('errors name the field inside the action', () => {
  test.each<[string, HttpAction, string]>([
    ['an empty forward', HttpAction.forward([]), 'rules[0].action.destinations: is empty; give at least one destination'],
    ['a bad port', HttpAction.forward([Destination.host('counter', 70000)]), 'rules[0].action.destinations[0].port: 70000 is not a port number; use an integer from 1 to 65535'],
    ['a bad subset', HttpAction.forward([Destination.host('counter', 80, { subset: 'V_1' })]), 'rules[0].action.destinations[0].subset: \'V_1\' is not a valid subset name'],
    ['weights not adding up', HttpAction.forward([Destination.host('a', 80, { weight: 50 }), Destination.host('b', 80, { weight: 40 })]),
      'rules[0].action.destinations: weights 50 + 40 add up to 90, not 100 (Istio would scale them silently); make the weights add up to 100'],
    ['a status out of range', HttpAction.respond(700), 'rules[0].action.status: 700 is not an HTTP status from 200 to 599; use a status from 200 to 599'],
    ['a redirect that changes nothing', HttpAction.redirect({}), 'rules[0].action.redirect: changes nothing; set at least one of uri, authority, scheme, port and derivePort'],
    ['a bad redirect code', HttpAction.redirect({ uri: '/', redirectCode: 200 }), 'rules[0].action.redirect.redirectCode: 200 is not a redirect Envoy can send'],
    ['a sub-millisecond timeout', HttpAction.forward([Destination.host('counter', 80)], { timeout: Duration.millis(0.5) }),
      'rules[0].action.timeout: 0.5 ms is not a whole number of milliseconds, which Istio durations are; round it to whole milliseconds, e.g. Duration.millis(1)'],
    ['a negative retry count', HttpAction.forward([Destination.host('counter', 80)], { retries: { attempts: -1 } }),
      'rules[0].action.retries.attempts: -1 is not a retry count; use a whole number of 0 or more'],
    ['a mirror percentage out of range', HttpAction.forward([Destination.host('counter', 80)], { mirrors: [{ destination: Destination.host('shadow', 80), percentage: 150 }] }),
      'rules[0].action.mirrors[0].percentage: 150 is not a percentage Istio accepts; use 0, or a number from 0.0001 to 100'],
    ['a mirror with a weight', HttpAction.forward([Destination.host('counter', 80)], { mirrors: [{ destination: Destination.host('shadow', 80, { weight: 10 }) }] }),
      'rules[0].action.mirrors[0].destination.weight: a mirror gets a copy of the traffic, not a share of it; remove the weight; set the mirrored share with percentage'],
    ['a mirror with header operations', HttpAction.forward([Destination.host('counter', 80)], { mirrors: [{ destination: Destination.host('shadow', 80, { headers: { request: { remove: ['x-a'] } } }) }] }),
      'rules[0].action.mirrors[0].destination.headers: a mirror cannot change headers (its responses are discarded); remove headers from the mirror'],
    ['a bad mirror host', HttpAction.forward([Destination.host('counter', 80)], { mirrors: [{ destination: Destination.host('*', 80) }] }),
      'rules[0].action.mirrors[0].destination.host: \'*\' is a wildcard'],
    ['a fault without delay or abort', HttpAction.forward([Destination.host('counter', 80)], { fault: {} }),
      'rules[0].action.fault: has neither delay nor abort; give a delay, an abort, or both'],
  ])('%s', (_name, action, message) => {
    expect(() => route([{ action }])).toThrow(`[apps/counter] ${message}`);
  });

  test('a Service port it does not expose is found at synth, under the action', () => {
    route([{ action: HttpAction.forward([Destination.service(counter, 8080)]) }]);
    expect(() => app.synth()).toThrow(/rules\[0\]\.action\.destinations\[0\]\.port: Service 'counter' does not expose port 8080/);
  });

  test('a Service with several ports needs one named, under the mirror', () => {
    route([{ action: HttpAction.forward([Destination.service(counter, 80)], { mirrors: [{ destination: Destination.service(counter) }] }) }]);
    expect(() => app.synth()).toThrow(/rules\[0\]\.action\.mirrors\[0\]\.destination\.port: Service 'counter' exposes ports 80, 9090/);
  });
});
