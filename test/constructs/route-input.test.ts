/**
 * The constructs driven as plain JavaScript would drive them: every value goes through `any`, so nothing the types
 * forbid is prevented. Each misuse must end in a ConfigError naming the construct path, the field, the problem and the
 * fix; never in a TypeError or an error from inside cdk8s.
 */
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination } from '../../src/constructs/destination';
import { DestinationRule } from '../../src/constructs/destination-rule';
import { GatewayListener } from '../../src/constructs/gateway-listener';
import { HttpAction } from '../../src/constructs/http-action';
import { HttpRoute } from '../../src/constructs/http-route';
import { IngressGateway } from '../../src/constructs/ingress-gateway';
import { TcpRoute } from '../../src/constructs/tcp-route';
import { TlsRoute } from '../../src/constructs/tls-route';
import { Protocol, TlsMode } from '../../src/istio/protocol';

let app: App;
let chart: Chart;
let http: GatewayListener;
let tcp: GatewayListener;
let passthrough: GatewayListener;
const js: any = { HttpRoute, TcpRoute, TlsRoute, DestinationRule, HttpAction, Destination };

beforeEach(() => {
  app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  const gw = new IngressGateway(infra, 'gw');
  http = gw.addListener('http', { port: 80, protocol: Protocol.HTTP });
  tcp = gw.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
  passthrough = gw.addListener('passthrough', { port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
  chart = new Chart(app, 'test', { namespace: 'default' });
});

/**
 * Runs `build` in a fresh `test` chart (a failed construct stays in its chart) and returns the message it threw, after
 * checking it is a ConfigError and not a TypeError.
 */
function failure(build: () => unknown): string {
  chart = new Chart(Testing.app(), 'test', { namespace: 'default' });
  try {
    build();
  } catch (e) {
    expect(e).not.toBeInstanceOf(TypeError);
    expect(`${(e as Error).name}: ${(e as Error).message}`).toMatch(/^ConfigError: /);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const forward: any = { action: HttpAction.forward([Destination.host('counter', 80)]) };

/** An HttpRoute `test/r` on the HTTP listener, with `props` over valid ones. */
function httpRoute(props: any): unknown {
  return new js.HttpRoute(chart, 'r', { listeners: [http], hosts: ['a.example.com'], rules: [forward], ...props });
}

/** An HttpRoute `test/r` with one rule. */
function rule(r: any): unknown {
  return httpRoute({ rules: [r] });
}

describe('props', () => {
  test.each([
    ['null', null, 'is null, not a mapping of properties'],
    ['undefined', undefined, 'is undefined, not a mapping of properties'],
    ['a string', 'r', 'is \'r\', not a mapping of properties'],
  ])('HttpRoute props %s', (_name, props, problem) => {
    expect(failure(() => new js.HttpRoute(chart, 'r', props)))
      .toEqual(`[test/r] props: ${problem}; pass { listeners: [http], hosts: ['counter.example.com'], rules: [...] }`);
  });

  test('TcpRoute and TlsRoute props missing', () => {
    expect(failure(() => new js.TcpRoute(chart, 'db'))).toEqual('[test/db] props: is undefined, not a mapping of properties; pass { listener: mysql, destinations: [Destination.service(db, 3306)] }');
    expect(failure(() => new js.TlsRoute(chart, 'db', null)))
      .toEqual('[test/db] props: is null, not a mapping of properties; pass { listeners: [passthrough], hosts: [\'db.example.com\'], destinations: [Destination.service(db, 5432)] }');
  });

  test('DestinationRule props missing', () => {
    expect(failure(() => new js.DestinationRule(chart, 'dr', null)))
      .toEqual('[test/dr] props: is null, not a mapping of properties; pass { host: reviews, subsets: { v1: { version: \'v1\' } } }');
  });

  test('hosts as a string, not a list', () => {
    expect(failure(() => httpRoute({ hosts: 'a.example.com' })))
      .toEqual('[test/r] hosts: is \'a.example.com\', not a list; list the hosts the route serves, e.g. hosts: [\'counter.example.com\']');
  });

  test('hosts missing, and a host that is not a string', () => {
    expect(failure(() => httpRoute({ hosts: undefined }))).toEqual('[test/r] hosts: is undefined, not a list; list the hosts the route serves, e.g. hosts: [\'counter.example.com\']');
    expect(failure(() => httpRoute({ hosts: [42] }))).toEqual('[test/r] hosts[0]: is number 42, not a string; list the hosts the route serves, e.g. hosts: [\'counter.example.com\']');
  });

  test('name, listeners, gateways and exportTo of the wrong type', () => {
    expect(failure(() => httpRoute({ name: 7 }))).toEqual('[test/r] name: is number 7, not a string; give a Kubernetes name such as counter, or leave name out');
    expect(failure(() => httpRoute({ listeners: http })))
      .toEqual('[test/r] listeners: is a mapping, not a list; list GatewayListener constructs, e.g. listeners: [gateway.addListener(\'http\', { port: 80, protocol: Protocol.HTTP })]');
    expect(failure(() => httpRoute({ listeners: ['http'] }))).toEqual('[test/r] listeners[0]: is \'http\', not a GatewayListener; use a listener from gateway.addListener()');
    expect(failure(() => httpRoute({ listeners: undefined, gateways: [{ name: 'gw' }] })))
      .toEqual('[test/r] gateways[0]: is a mapping, not an IngressGateway or a string; give an IngressGateway construct or a namespace/name string such as istio-system/default-gateway');
    expect(failure(() => httpRoute({ exportTo: '*' }))).toEqual('[test/r] exportTo: is \'*\', not a list; list namespace names, . or *, e.g. exportTo: [\'istio-system\']');
  });

  test('a TcpRoute listener that is not a listener', () => {
    expect(failure(() => new js.TcpRoute(chart, 'db', { listener: 'mysql', destinations: [Destination.host('mysql', 3306)] })))
      .toEqual('[test/db] listener: is \'mysql\', not a GatewayListener; use a listener from gateway.addListener()');
  });
});

describe('HttpRoute rules', () => {
  test('rules as a single rule, not a list', () => {
    expect(failure(() => httpRoute({ rules: forward })))
      .toEqual('[test/r] rules: is a mapping, not a list; give a list of rules, e.g. rules: [{ action: HttpAction.forward([Destination.service(svc, 80)]) }]');
  });

  test('a null rule', () => {
    expect(failure(() => httpRoute({ rules: [null] })))
      .toEqual('[test/r] rules[0]: is null; remove it, or give a list of rules, e.g. rules: [{ action: HttpAction.forward([Destination.service(svc, 80)]) }]');
  });

  test('addRule(null) and addRule(\'x\')', () => {
    const r: any = httpRoute({ rules: [{ ...forward, match: [{ name: 'm' }] }] });
    const fix = 'pass { match: [{ path: PathMatch.prefix(\'/\') }], action: HttpAction.forward([Destination.service(svc, 80)]) }';
    expect(failure(() => r.addRule(null))).toEqual(`[test/r] rules[1]: is null, not a mapping of properties; ${fix}`);
    expect(failure(() => r.addRule('x'))).toEqual(`[test/r] rules[1]: is 'x', not a mapping of properties; ${fix}`);
  });

  test('a misspelt field', () => {
    expect(failure(() => rule({ ...forward, matches: [] }))).toMatch(/^\[test\/r\] rules\[0\]\.matches: is not a field of an HttpRule; use name, match, action, /);
  });

  test('an action that is not an HttpAction', () => {
    expect(failure(() => rule({ action: 'forward' })))
      .toEqual('[test/r] rules[0].action: is \'forward\', not a HttpAction; use HttpAction.forward([Destination.service(svc, 80)]), HttpAction.redirect({ ... }) or HttpAction.respond(404)');
  });

  test('a path given as a string', () => {
    expect(failure(() => rule({ ...forward, match: [{ path: '/api' }] })))
      .toEqual('[test/r] rules[0].match[0].path: is \'/api\', not a PathMatch; use PathMatch.prefix(\'/api\') or PathMatch.exact(\'/api\')');
  });

  test('a header match given as a string', () => {
    expect(failure(() => rule({ ...forward, match: [{ headers: { 'x-a': 'b' } }] })))
      .toEqual('[test/r] rules[0].match[0].headers[\'x-a\']: is \'b\', not a StringMatch; use StringMatch.exact(\'b\')');
  });

  test('a method given as a string, ignoreUriCase as a string, match as a mapping', () => {
    expect(failure(() => rule({ ...forward, match: [{ method: 'GET' }] })))
      .toEqual('[test/r] rules[0].match[0].method: is \'GET\', not a StringMatch; use StringMatch.exact(\'GET\')');
    expect(failure(() => rule({ ...forward, match: [{ ignoreUriCase: 'yes' }] })))
      .toEqual('[test/r] rules[0].match[0].ignoreUriCase: is \'yes\', not true or false; use true or false, or leave it out');
    expect(failure(() => rule({ ...forward, match: { name: 'x' } })))
      .toEqual('[test/r] rules[0].match: is a mapping, not a list; give a list of matches, e.g. match: [{ path: PathMatch.prefix(\'/api\') }]');
  });

  test.each([
    ['a string', '5', 'is \'5\', not a Duration'],
    ['a number', 5, 'is number 5, not a Duration'],
    ['a negative duration-like object', { toMilliseconds: () => -5, toSeconds: () => -0.005 }, '-5 ms is not a positive duration'],
    ['zero', Duration.seconds(0), '0 ms is not a positive duration'],
  ])('a timeout given as %s', (_name, timeout, problem) => {
    expect(failure(() => rule({ action: HttpAction.forward([Destination.host('counter', 80)], { timeout } as any) })))
      .toEqual(`[test/r] rules[0].action.timeout: ${problem}; use a cdk8s Duration, e.g. Duration.seconds(5) or Duration.millis(250)`);
    expect(failure(() => rule({ destinations: [{ host: 'counter' }], timeout })))
      .toEqual(`[test/r] rules[0].timeout: ${problem}; use a cdk8s Duration, e.g. Duration.seconds(5) or Duration.millis(250)`);
  });

  test('a sub-millisecond per-try timeout', () => {
    expect(failure(() => rule({ action: HttpAction.forward([Destination.host('counter', 80)], { retries: { attempts: 2, perTryTimeout: Duration.millis(1.5) } }) })))
      .toEqual('[test/r] rules[0].action.retries.perTryTimeout: 1.5 ms is not a whole number of milliseconds, which Istio durations are; round it to whole milliseconds, e.g. Duration.millis(1)');
  });

  test('retries: attempts missing, as a string, negative', () => {
    const retries = (value: any) => rule({ action: js.HttpAction.forward([Destination.host('counter', 80)], { retries: value }) });
    expect(failure(() => retries({}))).toEqual('[test/r] rules[0].action.retries.attempts: is undefined, not a number; give the number of retries, a whole number of 0 or more');
    expect(failure(() => retries({ attempts: '3' }))).toEqual('[test/r] rules[0].action.retries.attempts: is \'3\', not a number; give the number of retries, a whole number of 0 or more');
    expect(failure(() => retries({ attempts: -2 }))).toEqual('[test/r] rules[0].action.retries.attempts: -2 is not a retry count; use a whole number of 0 or more');
    expect(failure(() => retries({ attempts: 1, retryOn: '5xx' }))).toEqual('[test/r] rules[0].action.retries.retryOn: is \'5xx\', not a list; list retry conditions, e.g. retryOn: [\'5xx\', \'reset\']');
  });

  test('fault percentages missing or out of range', () => {
    const fault = (value: any) => rule({ action: js.HttpAction.forward([Destination.host('counter', 80)], { fault: value }) });
    expect(failure(() => fault({ abort: { httpStatus: 503 } })))
      .toEqual('[test/r] rules[0].action.fault.abort.percentage: is undefined, not a number; give the percentage of requests aborted, from 0 to 100 (Istio aborts none without it)');
    expect(failure(() => fault({ delay: { fixedDelay: '1s', percentage: 5 } })))
      .toEqual('[test/r] rules[0].action.fault.delay.fixedDelay: is \'1s\', not a Duration; use a cdk8s Duration, e.g. Duration.seconds(5) or Duration.millis(250)');
    expect(failure(() => fault({ delay: { fixedDelay: Duration.seconds(1), percentage: 101 } })))
      .toEqual('[test/r] rules[0].action.fault.delay.percentage: 101 is not a percentage Istio accepts; use 0, or a number from 0.0001 to 100');
  });

  test('forward options of the wrong type', () => {
    expect(failure(() => rule({ action: js.HttpAction.forward([Destination.host('counter', 80)], 'fast') })))
      .toEqual('[test/r] rules[0].action.options: is \'fast\', not a mapping; pass { timeout: Duration.seconds(5) }, or leave it out');
    expect(failure(() => rule({ action: js.HttpAction.forward([Destination.host('counter', 80)], { timeOut: Duration.seconds(1) }) })))
      .toEqual('[test/r] rules[0].action.options.timeOut: is not a field of ForwardOptions; use rewrite, fault, mirrors, timeout, retries');
    expect(failure(() => rule({ action: js.HttpAction.forward([Destination.host('counter', 80)], { mirrors: [Destination.host('shadow', 80)] }) })))
      .toMatch(/^\[test\/r\] rules\[0\]\.action\.mirrors\[0\]\.\w+: is not a field of a Mirror; use destination, percentage$/);
  });

  test('respond with a string status, redirect with a string port or derivePort', () => {
    expect(failure(() => rule({ action: js.HttpAction.respond('404') })))
      .toEqual('[test/r] rules[0].action.status: is \'404\', not a number; use an HTTP status from 200 to 599, e.g. HttpAction.respond(404)');
    expect(failure(() => rule({ action: js.HttpAction.respond(200, 42) })))
      .toEqual('[test/r] rules[0].action.body: is number 42, not a string; give the body as a string, or leave it out');
    expect(failure(() => rule({ action: js.HttpAction.redirect(null) })))
      .toEqual('[test/r] rules[0].action.redirect: is null, not a mapping of properties; pass { scheme: \'https\' }');
    expect(failure(() => rule({ action: js.HttpAction.redirect({ port: '443' }) })))
      .toEqual('[test/r] rules[0].action.redirect.port: is \'443\', not a number; give a port from 1 to 65535, or leave it out');
    expect(failure(() => rule({ action: js.HttpAction.redirect({ derivePort: 'request' }) })))
      .toEqual('[test/r] rules[0].action.redirect.derivePort: is \'request\', not a RedirectPort; use RedirectPort.FROM_PROTOCOL_DEFAULT or RedirectPort.FROM_REQUEST_PORT');
    expect(failure(() => rule({ directResponse: { status: '503' } })))
      .toEqual('[test/r] rules[0].directResponse.status: is \'503\', not a number; use an HTTP status from 200 to 599');
  });

  test('cors of the wrong types', () => {
    expect(failure(() => rule({ ...forward, cors: { allowOrigins: 'https://example.com' } })))
      .toEqual('[test/r] rules[0].cors.allowOrigins: is \'https://example.com\', not a list; list the allowed origins, e.g. allowOrigins: [StringMatch.exact(\'https://example.com\')]');
    expect(failure(() => rule({ ...forward, cors: { allowOrigins: ['https://example.com'] } })))
      .toEqual('[test/r] rules[0].cors.allowOrigins[0]: is \'https://example.com\', not a StringMatch; use StringMatch.exact(\'https://example.com\')');
    expect(failure(() => rule({ ...forward, cors: { allowOrigins: [], maxAge: 60 } })))
      .toEqual('[test/r] rules[0].cors.maxAge: is number 60, not a Duration; use a cdk8s Duration, e.g. Duration.seconds(5) or Duration.millis(250)');
  });

  test('header operations of the wrong types and bad values', () => {
    expect(failure(() => rule({ ...forward, headers: { request: { set: { 'x-a': 1 } } } })))
      .toEqual('[test/r] rules[0].headers.request.set[\'x-a\']: is number 1, not a string; give header values as strings, e.g. set: { \'x-env\': \'prod\' }');
    expect(failure(() => rule({ ...forward, headers: { request: { remove: 'x-a' } } })))
      .toEqual('[test/r] rules[0].headers.request.remove: is \'x-a\', not a list; list header names, e.g. remove: [\'server\']');
    expect(failure(() => rule({ ...forward, headers: { requests: {} } })))
      .toEqual('[test/r] rules[0].headers.requests: is not a field of header operations; use request, response');
    expect(failure(() => rule({ ...forward, headers: { response: { add: { 'x-a': 'line\nbreak' } } } })))
      .toEqual('[test/r] rules[0].headers.response.add[\'x-a\']: \'line\nbreak\' contains a control character; give a value Envoy can use (write a literal % as %%)');
  });
});

describe('destinations', () => {
  test('a host that is null', () => {
    expect(failure(() => rule({ destinations: [{ host: null }] })))
      .toEqual('[test/r] rules[0].destinations[0].host: is null, not a string; give a host name such as counter or counter.shop.svc.cluster.local');
    expect(failure(() => rule({ action: HttpAction.forward([js.Destination.host(null, 80)]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].host: is null; use Destination.service(counter, 80) or Destination.host(\'counter\', 80)');
  });

  test('a service that is a string, or not a Service', () => {
    expect(failure(() => rule({ destinations: [{ service: 'counter', port: 80 }] })))
      .toEqual('[test/r] rules[0].destinations[0].service: is \'counter\', not a Service; give a host name with host: \'counter\', or pass the Service construct');
    expect(failure(() => rule({ action: HttpAction.forward([js.Destination.service({ name: 'counter' }, 80)]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].service: is a mapping, not a Service; pass a cdk8s-plus Service construct (or an object with name, metadata and ports)');
  });

  test('a port, weight or subset of the wrong type', () => {
    expect(failure(() => rule({ action: HttpAction.forward([js.Destination.host('counter', '80')]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].port: is \'80\', not a number; use an integer from 1 to 65535');
    expect(failure(() => rule({ action: HttpAction.forward([js.Destination.host('a', 80, { weight: '50' }), js.Destination.host('b', 80, { weight: 50 })]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].weight: is \'50\', not a number; give a weight from 0 to 100');
    expect(failure(() => rule({ action: HttpAction.forward([js.Destination.host('a', 80, 'v1')]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].options: is \'v1\', not a mapping; pass options such as { subset: \'v1\', weight: 90 }, or leave them out');
    expect(failure(() => rule({ action: HttpAction.forward([js.Destination.host('a', 80, { subset: 1 })]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].subset: is number 1, not a string; use the name of a DestinationRule subset');
  });

  test('weights out of range in a split', () => {
    expect(failure(() => rule({ action: HttpAction.forward([Destination.host('a', 80, { weight: 150 }), Destination.host('b', 80, { weight: -50 })]) })))
      .toEqual('[test/r] rules[0].action.destinations[0].weight: 150 is not a whole percentage in a split across 2 destinations; give every destination a weight from 0 to 100');
  });

  test('destinations of the wrong shape in an HttpAction', () => {
    expect(failure(() => rule({ action: js.HttpAction.forward(Destination.host('counter', 80)) })))
      .toEqual('[test/r] rules[0].action.destinations: is a mapping, not a list; give a list of destinations, e.g. HttpAction.forward([Destination.service(svc, 80)])');
    expect(failure(() => rule({ action: js.HttpAction.forward(['counter']) })))
      .toEqual('[test/r] rules[0].action.destinations[0]: is \'counter\', not a Destination; use Destination.service(counter, 80) or Destination.host(\'counter\', 80)');
    expect(failure(() => rule({ destinations: [{ hots: 'counter' }] })))
      .toEqual('[test/r] rules[0].destinations[0].hots: is not a field of a destination; use Destination.service(counter, 80) or Destination.host(\'counter\', 80)');
  });

  test('TCP and TLS routes: destinations as a single one, null rules, sniHosts as a string', () => {
    expect(failure(() => new js.TcpRoute(chart, 'db', { listener: tcp, destinations: Destination.host('mysql', 3306) })))
      .toEqual('[test/db] destinations: is a mapping, not a list; give a list of destinations, e.g. [Destination.service(db, 3306)]');
    expect(failure(() => new js.TcpRoute(chart, 'db', { listener: tcp, rules: [null] })))
      .toEqual('[test/db] rules[0]: is null; remove it, or give a list of rules, e.g. rules: [{ destinations: [Destination.service(db, 3306)] }]');
    expect(failure(() => new js.TlsRoute(chart, 'tls', { listeners: [passthrough], hosts: ['db.example.com'], rules: [{ sniHosts: 'db.example.com', destinations: [Destination.host('db', 5432)] }] })))
      .toEqual('[test/tls] rules[0].sniHosts: is \'db.example.com\', not a list; list the SNI names the rule takes, e.g. sniHosts: [\'db.example.com\']');
    expect(failure(() => new js.TlsRoute(chart, 'tls2', { listeners: [passthrough], hosts: ['db.example.com'], destinations: [{ host: null }] })))
      .toEqual('[test/tls2] destinations[0].host: is null, not a string; give a host name such as counter or counter.shop.svc.cluster.local');
  });
});

describe('DestinationRule', () => {
  test('host null or not a Service', () => {
    expect(failure(() => new js.DestinationRule(chart, 'dr', { host: null, subsets: { v1: { version: 'v1' } } })))
      .toEqual('[test/dr] host: is null; give the Service construct or a host name such as reviews');
    expect(failure(() => new js.DestinationRule(chart, 'dr2', { host: { name: 'reviews' }, subsets: { v1: { version: 'v1' } } })))
      .toEqual('[test/dr2] host: is a mapping, not a Service; pass a cdk8s-plus Service construct (or an object with name, metadata and ports)');
  });

  test('a Service host is accepted', () => {
    const reviews = new kplus.Service(chart, 'reviews', { metadata: { name: 'reviews' }, ports: [{ port: 9080 }] });
    expect(new js.DestinationRule(chart, 'dr', { host: reviews, subsets: { v1: { version: 'v1' } } }).host).toEqual('reviews');
  });

  test('subsets, labels, name and exportTo of the wrong types', () => {
    const dr = (id: string, props: any) => new js.DestinationRule(chart, id, { host: 'reviews', subsets: { v1: { version: 'v1' } }, ...props });
    expect(failure(() => dr('a', { subsets: ['v1'] })))
      .toEqual('[test/a] subsets: is a list, not a mapping of subset names to pod labels; give subsets such as { v1: { version: \'v1\' } }');
    expect(failure(() => dr('b', { subsets: { v1: null } })))
      .toEqual('[test/b] subsets.v1: is null, not a mapping of pod labels; give the labels of the subset\'s pods, e.g. { v1: { version: \'v1\' } }');
    expect(failure(() => dr('c', { subsets: { v1: { version: 1 } } })))
      .toEqual('[test/c] subsets.v1[\'version\']: is number 1, not a string; give label values as strings, e.g. { v1: { version: \'v1\' } }');
    expect(failure(() => dr('d', { subsets: { v1: { version: 'v 1' } } })))
      .toEqual('[test/d] subsets.v1[\'version\']: \'v 1\' is not a valid label value (letters, digits, -, _ and ., starting and ending with a letter or digit); use a valid Kubernetes label');
    expect(failure(() => dr('e', { name: 'Reviews_DR' })))
      .toEqual('[test/e] name: \'Reviews_DR\' is not a valid Kubernetes name; use lowercase letters, digits, \'-\' and \'.\'');
    expect(failure(() => dr('f', { exportTo: '.' })))
      .toEqual('[test/f] exportTo: is \'.\', not a list; list namespace names, . or *, e.g. exportTo: [\'istio-system\']');
    expect(failure(() => dr('g', { exportTo: ['~'] })))
      .toEqual('[test/g] exportTo[0]: \'~\' (export to no one) is only allowed for ServiceEntries; use \'.\' to keep the object in its own namespace');
  });

  test('an invalid Chart namespace', () => {
    const bad = new Chart(app, 'bad', { namespace: 'Bad_NS' });
    expect(failure(() => new js.DestinationRule(bad, 'dr', { host: 'reviews', subsets: { v1: { version: 'v1' } } })))
      .toEqual('[bad/dr] namespace: the Chart\'s namespace \'Bad_NS\' is not a valid namespace name; give the Chart a namespace of lowercase letters, digits and \'-\', e.g. shop');
  });
});
