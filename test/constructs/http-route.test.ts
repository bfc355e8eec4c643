import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import {
  Certificate,
  GatewayListener,
  HttpRoute,
  HttpRouteProps,
  HttpRule,
  IngressGateway,
  PathMatch,
  Protocol,
  RedirectPort,
  StringMatch,
  TlsMode,
} from '../../src';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';
import { CONTROL_PLANE_SECRETS_WARNING, expectOnlySynthWarnings, IMPLICIT_HOSTS_WARNING } from '../support/synth-warnings';

// Fixtures here put gateways that serve credentialName Secrets in istio-system, which synth warns about.
expectOnlySynthWarnings(CONTROL_PLANE_SECRETS_WARNING, IMPLICIT_HOSTS_WARNING);

let app: App;
let infra: Chart;
let gw: IngressGateway;
let http: GatewayListener;
let apps: Chart;

beforeEach(() => {
  app = Testing.app();
  infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  gw = new IngressGateway(infra, 'gw');
  http = gw.addListener('http', { port: 80, protocol: Protocol.HTTP });
  apps = new Chart(app, 'apps', { namespace: 'default' });
});

const forward: HttpRule = { destinations: [{ host: 'counter', port: 80 }] };

/** An HttpRoute `apps/counter` on the HTTP listener, forwarding to counter:80 unless props say otherwise. */
function route(props: Partial<HttpRouteProps> = {}): HttpRoute {
  return new HttpRoute(apps, 'counter', { listeners: [http], hosts: ['counter.example.com'], rules: [forward], ...props });
}

/** An HttpRoute `apps/counter` with a single rule. */
function routeWith(rule: HttpRule): HttpRoute {
  return route({ rules: [rule] });
}

/** The synthesized VirtualService of the apps chart. */
function virtualService(name = 'counter'): any {
  const vs = Testing.synth(apps).find((o) => o.kind === 'VirtualService' && o.metadata.name === name);
  expect(vs).toBeDefined();
  return vs;
}

function spec(name = 'counter'): any {
  return virtualService(name).spec;
}

/** The first http rule of the synthesized VirtualService. */
function firstRule(): any {
  return spec().http[0];
}

function addHttps(gateway: IngressGateway = gw): GatewayListener {
  return gateway.addListener('https', {
    port: 443,
    protocol: Protocol.HTTPS,
    tls: { certificate: Certificate.fromSecret('counter-tls', { namespace: 'istio-system' }) },
  });
}

/** A second gateway in istio-system with its own workload (so the selectors do not clash). */
function edgeGateway(): IngressGateway {
  return new IngressGateway(infra, 'edge', { workloadName: 'edge-gateway' });
}

function service(chart: Chart, name: string, ports: number[]): kplus.Service {
  return new kplus.Service(chart, `${name}-service`, { metadata: { name }, ports: ports.map((port) => ({ port })) });
}

describe('binding', () => {
  test('listeners bind the route to their gateway', () => {
    route();
    expect(spec().gateways).toEqual(['istio-system/gw']);
    expect(spec().hosts).toEqual(['counter.example.com']);
  });

  test('the VirtualService is named after the construct and lives in the chart namespace', () => {
    route();
    const vs = virtualService();
    expect(vs.apiVersion).toEqual('networking.istio.io/v1');
    expect(vs.metadata).toEqual({ name: 'counter', namespace: 'default' });
  });

  test('name option', () => {
    const r = route({ name: 'counter-v2' });
    expect(r.name).toEqual('counter-v2');
    expect(virtualService('counter-v2').metadata.name).toEqual('counter-v2');
  });

  test('an invalid name is rejected', () => {
    expect(() => route({ name: 'Counter_V2' })).toThrow(/\[apps\/counter\] name: 'Counter_V2' is not a valid Kubernetes name/);
  });

  test('an IngressGateway binds the whole gateway', () => {
    route({ listeners: undefined, gateways: [gw] });
    expect(spec().gateways).toEqual(['istio-system/gw']);
  });

  // Not gw: a reference to the route's namespace naming the app's Gateway istio-system/gw fails synth (a mistake).
  test.each([
    ['ext', 'default/ext'],
    ['./ext', 'default/ext'],
    ['other/gw', 'other/gw'],
    ['gw.other.svc.cluster.local', 'other/gw'],
    ['gw.other', 'other/gw'],
  ])('gateway reference %s is normalized to %s', (reference, normalized) => {
    const r = route({ listeners: undefined, gateways: [reference] });
    expect(spec().gateways).toEqual([normalized]);
    expect(r.gatewayReferences).toEqual([normalized]);
  });

  test('listeners of several gateways and strings give one reference per gateway', () => {
    const edge = edgeGateway();
    const edgeHttp = edge.addListener('http', { port: 80, protocol: Protocol.HTTP });
    route({ listeners: [http, edgeHttp], gateways: [gw, 'istio-system/gw', 'other/ext'] });
    expect(spec().gateways).toEqual(['istio-system/gw', 'istio-system/edge', 'other/ext']);
  });

  test('\'mesh\' is rejected', () => {
    expect(() => route({ listeners: undefined, gateways: ['mesh'] })).toThrow(/\[apps\/counter\] gateways: 'mesh' means the sidecars, not a gateway/);
  });

  test.each(['Gw', 'a/b/c', '/gw', 'ns/', 'ns/Gw', '*/gw', 'a..b', 'gw_1'])('malformed gateway reference %s is rejected', (reference) => {
    expect(() => route({ listeners: undefined, gateways: [reference] }))
      .toThrow(new RegExp(`\\[apps/counter\\] gateways: '${reference.replace(/[.*/]/g, '\\$&')}' is not a gateway reference`));
  });

  test.each([
    ['neither listeners nor gateways', {}],
    ['empty lists', { listeners: [], gateways: [] }],
  ])('no binding (%s) is rejected', (_, props) => {
    expect(() => new HttpRoute(apps, 'counter', { hosts: ['counter.example.com'], rules: [forward], ...props }))
      .toThrow(/\[apps\/counter\] listeners: the route is bound to no gateway, so Istio would apply it to sidecars only/);
  });

  test('a chart without namespace is rejected', () => {
    const bare = new Chart(app, 'bare');
    expect(() => new HttpRoute(bare, 'counter', { listeners: [http], hosts: ['counter.example.com'], rules: [forward] }))
      .toThrow(/\[bare\/counter\] namespace: the route's Chart has no namespace/);
  });

  test('a route with a string gateway reference synthesizes without whole-app checks', () => {
    route({ listeners: undefined, gateways: ['other/ext'], hosts: ['anything.other.org'] });
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('exportTo', () => {
  test.each([
    [['istio-system']],
    [['*']],
    [['default', 'istio-system']],
  ])('%j is rendered and visible to the gateway pods', (exportTo) => {
    route({ exportTo });
    expect(spec().exportTo).toEqual(exportTo);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('omitted by default', () => {
    route();
    expect(spec().exportTo).toBeUndefined();
  });

  test.each([[['.']], [['default']], [['~']]])('%j hides the route from the gateway pods (synth error)', (exportTo) => {
    route({ exportTo });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] exportTo: the route is exported to .*, so the pods of gateway 'istio-system\/gw' \(namespace 'istio-system'\) never see it/);
  });

  test('\'.\' is visible when the route lives in the gateway namespace', () => {
    new HttpRoute(infra, 'local', { listeners: [http], hosts: ['counter.example.com'], rules: [forward], exportTo: ['.'] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('an invalid entry is rejected', () => {
    expect(() => route({ exportTo: ['Bad NS'] })).toThrow(/\[apps\/counter\] exportTo: 'Bad NS' is not \., \*, ~ or a namespace name/);
  });
});

describe('port narrowing', () => {
  test('a route bound to all HTTP listeners has no port', () => {
    const https = addHttps();
    route({ listeners: [http, https], rules: [{ match: [{ path: PathMatch.prefix('/') }], destinations: forward.destinations }] });
    expect(firstRule().match).toEqual([{ uri: { prefix: '/' } }]);
  });

  test('listeners of other kinds do not cause narrowing', () => {
    gw.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
    route();
    expect(firstRule().match).toBeUndefined();
  });

  test('a route bound to only the HTTPS listener gets the port on every match', () => {
    const https = addHttps();
    route({
      listeners: [https],
      rules: [
        { match: [{ path: PathMatch.prefix('/api') }, { path: PathMatch.exact('/health') }], destinations: forward.destinations },
        { destinations: forward.destinations },
      ],
    });
    const rules = spec().http;
    expect(rules[0].match).toEqual([{ uri: { prefix: '/api' }, port: 443 }, { uri: { exact: '/health' }, port: 443 }]);
    expect(rules[1].match).toEqual([{ port: 443 }]);
  });

  test('a rule with an empty match list is narrowed too', () => {
    const https = addHttps();
    route({ listeners: [https], rules: [{ match: [], destinations: forward.destinations }] });
    expect(firstRule().match).toEqual([{ port: 443 }]);
  });

  test('binding the whole gateway as well removes the narrowing', () => {
    const https = addHttps();
    route({ listeners: [https], gateways: [gw] });
    expect(firstRule().match).toBeUndefined();
  });

  test('a route bound to several listeners gets every bound port', () => {
    const https = addHttps();
    gw.addListener('alt', { port: 8080, protocol: Protocol.HTTP });
    route({ listeners: [https, http], rules: [{ match: [{ path: PathMatch.prefix('/') }], destinations: forward.destinations }] });
    expect(firstRule().match).toEqual([{ uri: { prefix: '/' }, port: 80 }, { uri: { prefix: '/' }, port: 443 }]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a route bound to one of two HTTP listeners is narrowed to its port', () => {
    const alt = gw.addListener('alt', { port: 8080, protocol: Protocol.HTTP });
    route({ listeners: [alt] });
    expect(firstRule().match).toEqual([{ port: 8080 }]);
  });

  test('an unbound listener sharing a narrowed port is a synth error', () => {
    addHttps();
    const edge = edgeGateway();
    const edgeHttp = edge.addListener('http', { port: 80, protocol: Protocol.HTTP });
    addHttps(edge);
    route({ listeners: [gw.listeners[1], edgeHttp] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] listeners: listener 'infra\/gw\/http' \(port 80\) would be routed too, because the route's matches are narrowed to ports 80, 443/);
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] listeners: listener 'infra\/edge\/https' \(port 443\) would be routed too/);
  });

  test('a whole gateway whose listener port is not among the narrowed ports is a synth error', () => {
    const https = addHttps();
    const edge = edgeGateway();
    edge.addListener('http', { port: 80, protocol: Protocol.HTTP });
    route({ listeners: [https], gateways: [edge] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] gateways: listener 'infra\/edge\/http' \(port 80\) of a gateway bound as a whole would not be routed, because the route's matches are narrowed to ports 443/);
  });

  test('narrowing also applies to gateways referenced by string (they are not checked)', () => {
    const https = addHttps();
    route({ listeners: [https], gateways: ['other/ext'] });
    expect(spec().gateways).toEqual(['istio-system/gw', 'other/ext']);
    expect(firstRule().match).toEqual([{ port: 443 }]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a whole gateway whose listeners all use narrowed ports is fine', () => {
    const https = addHttps();
    const edge = edgeGateway();
    addHttps(edge);
    route({ listeners: [https], gateways: [edge] });
    expect(firstRule().match).toEqual([{ port: 443 }]);
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('listener kinds', () => {
  test('HTTP2 and GRPC listeners and terminated HTTPS take HttpRoutes', () => {
    const h2 = gw.addListener('h2', { port: 8080, protocol: Protocol.HTTP2 });
    const grpc = gw.addListener('grpc', { port: 9090, protocol: Protocol.GRPC });
    const https = addHttps();
    route({ listeners: [http, h2, grpc, https] });
    expect(spec().gateways).toEqual(['istio-system/gw']);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a TCP listener is rejected, naming TcpRoute', () => {
    const mysql = gw.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
    expect(() => route({ listeners: [mysql] }))
      .toThrow(/\[apps\/counter\] listeners: listener 'infra\/gw\/mysql' \(TCP\) is routed by VirtualService 'tcp' rules, not 'http' rules; bind it with a TcpRoute instead/);
  });

  test('a PASSTHROUGH HTTPS listener is rejected, naming TlsRoute', () => {
    const passthrough = gw.addListener('passthrough', { port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.PASSTHROUGH } });
    expect(() => route({ listeners: [passthrough] }))
      .toThrow(/\[apps\/counter\] listeners: listener 'infra\/gw\/passthrough' \(HTTPS PASSTHROUGH\) is routed by VirtualService 'tls' rules, not 'http' rules; bind it with a TlsRoute instead/);
  });

  test('a whole gateway without HTTP listeners is a synth error', () => {
    const db = new IngressGateway(infra, 'db', { workloadName: 'db-gateway' });
    db.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
    route({ listeners: undefined, gateways: [db] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] gateways: gateway 'istio-system\/db' has no listener routed by 'http' rules/);
  });
});

describe('hosts', () => {
  function listenerWithHosts(hosts: string[]): GatewayListener {
    const edge = edgeGateway();
    return edge.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts });
  }

  test('several hosts are rendered in order', () => {
    route({ hosts: ['counter.example.com', 'counter.example.org'] });
    expect(spec().hosts).toEqual(['counter.example.com', 'counter.example.org']);
  });

  test('a host not admitted by any bound listener is a synth error', () => {
    route({ listeners: [listenerWithHosts(['*.example.com'])], hosts: ['counter.other.com'] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] hosts: 'counter\.other\.com' is not admitted by the hosts of any bound listener \(http: \*\.example\.com\), so it would never be routed/);
  });

  test('a short host is resolved in the route namespace, which *.example.com does not admit', () => {
    route({ listeners: [listenerWithHosts(['*.example.com'])], hosts: ['counter'] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] hosts: 'counter' \(counter\.default\.svc\.cluster\.local\) is not admitted by the hosts of any bound listener/);
  });

  test('a short host is admitted by a * listener', () => {
    route({ hosts: ['counter'] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('the apex is not admitted by a wildcard listener', () => {
    route({ listeners: [listenerWithHosts(['*.example.com'])], hosts: ['example.com'] });
    expect(() => app.synthYaml()).toThrow(/hosts: 'example\.com' is not admitted/);
  });

  test.each([
    [['*.example.com'], 'shop.example.com'],
    [['*.example.com'], '*.a.example.com'],
    [['*.example.com'], 'a.b.example.com'],
    [['shop.example.com'], '*.example.com'],
    [['shop.example.com'], '*'],
    [['*'], '*.example.com'],
    [['a.example.org', 'shop.example.com'], 'shop.example.com'],
    [['*/shop.example.com'], 'shop.example.com'],
    [['default/shop.example.com'], 'shop.example.com'],
  ])('listener hosts %j admit %s', (listenerHosts, host) => {
    route({ listeners: [listenerWithHosts(listenerHosts)], hosts: [host] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a host admitted by one of several bound listeners is fine', () => {
    const edge = edgeGateway();
    const a = edge.addListener('a', { port: 80, protocol: Protocol.HTTP, hosts: ['a.example.com'] });
    const b = edge.addListener('b', { port: 8080, protocol: Protocol.HTTP, hosts: ['b.example.com'] });
    route({ listeners: [a, b], hosts: ['a.example.com', 'b.example.com'] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a namespace-restricted listener host does not admit routes of other namespaces', () => {
    route({ listeners: [listenerWithHosts(['shop/counter.example.com'])] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] hosts: 'counter\.example\.com' is not admitted by the hosts of any bound listener \(http: shop\/counter\.example\.com\)/);
  });

  test('a namespace-restricted listener host admits routes of its namespace', () => {
    const listener = listenerWithHosts(['shop/counter.example.com']);
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new HttpRoute(shop, 'counter', { listeners: [listener], hosts: ['counter.example.com'], rules: [forward] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a \'.\' listener host admits only routes in the gateway namespace', () => {
    const listener = listenerWithHosts(['./counter.example.com']);
    route({ listeners: [listener] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] hosts: 'counter\.example\.com' is not admitted by the hosts of any bound listener \(http: \.\/counter\.example\.com\)/);
  });

  test('a \'.\' listener host admits a route in the gateway namespace', () => {
    const listener = listenerWithHosts(['./counter.example.com']);
    new HttpRoute(infra, 'local', { listeners: [listener], hosts: ['counter.example.com'], rules: [forward] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('empty hosts are rejected', () => {
    expect(() => route({ hosts: [] })).toThrow(/\[apps\/counter\] hosts: is empty/);
  });

  test.each([
    ['*foo.example.com', 'has a partial wildcard'],
    ['a.*.example.com', 'has a wildcard that is not the left-most label'],
    ['bad_host.example.com', 'has an invalid DNS label \'bad_host\''],
    ['', 'is empty'],
  ])('invalid host %j is rejected', (host, problem) => {
    expect(() => route({ hosts: [host] }))
      .toThrow(new RegExp(`\\[apps/counter\\] hosts: '${host.replace(/[.*]/g, '\\$&')}' ${problem}`));
  });

  test.each([
    [['*.example.com', 'a.example.com'], '\'\\*\\.example\\.com\' and \'a\\.example\\.com\' overlap'],
    [['a.example.com', '*'], '\'a\\.example\\.com\' and \'\\*\' overlap'],
    [['counter', 'counter.default.svc.cluster.local'], '\'counter\' and \'counter\\.default\\.svc\\.cluster\\.local\' overlap'],
    [['a.example.com', 'a.example.com'], '\'a\\.example\\.com\' and \'a\\.example\\.com\' overlap'],
  ])('overlapping hosts %j are rejected', (hosts, message) => {
    expect(() => route({ hosts })).toThrow(new RegExp(`\\[apps/counter\\] hosts: ${message}, which Istio rejects within one VirtualService`));
  });

  test('non-overlapping hosts are accepted', () => {
    route({ hosts: ['*.a.example.com', '*.b.example.com', 'example.com'] });
    expect(spec().hosts).toEqual(['*.a.example.com', '*.b.example.com', 'example.com']);
  });
});

describe('rules', () => {
  test('rule and match names are rendered', () => {
    routeWith({ name: 'api', match: [{ name: 'v1', path: PathMatch.prefix('/v1') }], destinations: forward.destinations });
    expect(firstRule().name).toEqual('api');
    expect(firstRule().match).toEqual([{ name: 'v1', uri: { prefix: '/v1' } }]);
  });

  test('a rule without match has no match field', () => {
    route();
    expect(firstRule()).toEqual({ route: [{ destination: { host: 'counter', port: { number: 80 } } }] });
  });

  test('a rule without action is rejected', () => {
    expect(() => routeWith({ match: [{ path: PathMatch.prefix('/') }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]: has no action; give one action: action: HttpAction\.forward/);
  });

  test.each([
    [{ destinations: forward.destinations, redirect: { uri: '/x' } }, 'destinations, redirect'],
    [{ redirect: { uri: '/x' }, directResponse: { status: 200 } }, 'redirect, directResponse'],
    [{ destinations: forward.destinations, redirect: { uri: '/x' }, directResponse: { status: 200 } }, 'destinations, redirect, directResponse'],
  ])('a rule with several actions is rejected (%#)', (rule, actions) => {
    expect(() => routeWith(rule)).toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]: has several actions \\(${actions}\\)`));
  });

  const forwardingOnly: Array<[string, Partial<HttpRule>]> = [
    ['rewrite', { rewrite: { uri: '/' } }],
    ['fault', { fault: { abort: { httpStatus: 503, percentage: 100 } } }],
    ['mirrors', { mirrors: [{ host: 'shadow' }] }],
    ['timeout', { timeout: Duration.seconds(5) }],
    ['retries', { retries: { attempts: 2 } }],
  ];

  test.each(forwardingOnly)('%s on a redirect rule is rejected', (field, extra) => {
    expect(() => routeWith({ redirect: { scheme: 'https' }, ...extra }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.${field}: only applies to rules that forward, but this rule answers with a redirect`));
  });

  test.each(forwardingOnly)('%s on a directResponse rule is rejected', (field, extra) => {
    expect(() => routeWith({ directResponse: { status: 404 }, ...extra }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.${field}: only applies to rules that forward, but this rule answers with a directResponse`));
  });

  test('cors and headers are allowed on a directResponse rule', () => {
    routeWith({
      directResponse: { status: 200, body: '{}' },
      cors: { allowOrigins: [StringMatch.exact('https://app.example.com')] },
      headers: { response: { set: { 'content-type': 'application/json' } } },
    });
    expect(firstRule().corsPolicy).toEqual({ allowOrigins: [{ exact: 'https://app.example.com' }] });
    expect(firstRule().headers).toEqual({ response: { set: { 'content-type': 'application/json' } } });
  });

  test('a rule after a match-less rule is rejected', () => {
    expect(() => route({ rules: [forward, forward] }))
      .toThrow(/\[apps\/counter\] rules\[1\]: rule 0 has no match and takes every request, so this rule could never match/);
  });

  test('a rule after a rule with an empty match list is rejected', () => {
    expect(() => route({ rules: [{ match: [], destinations: forward.destinations }, forward] }))
      .toThrow(/\[apps\/counter\] rules\[1\]: rule 0 has no match and takes every request/);
  });

  test('addRule after a match-less rule is rejected', () => {
    const r = route();
    expect(() => r.addRule({ directResponse: { status: 404 } }))
      .toThrow(/\[apps\/counter\] rules\[1\]: rule 0 has no match and takes every request/);
  });

  test('addRule appends after construction and lands in the output', () => {
    const r = route({ rules: [{ match: [{ path: PathMatch.prefix('/api') }], destinations: [{ host: 'api' }] }] });
    r.addRule(forward);
    expect(spec().http).toEqual([
      { match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'api' } }] },
      { route: [{ destination: { host: 'counter', port: { number: 80 } } }] },
    ]);
  });

  test('addRule checks the new rule, naming its index', () => {
    const r = route({ rules: [{ match: [{ path: PathMatch.prefix('/api') }], destinations: [{ host: 'api' }] }] });
    expect(() => r.addRule({})).toThrow(/\[apps\/counter\] rules\[1\]: has no action/);
  });

  test('a route without rules is a synth error', () => {
    route({ rules: undefined });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] rules: is empty, so the VirtualService would route nothing/);
  });

  test('a route whose rules are all added with addRule synthesizes', () => {
    const r = route({ rules: undefined });
    r.addRule(forward);
    expect(spec().http).toHaveLength(1);
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('weights', () => {
  test('a single destination has no weight', () => {
    routeWith({ destinations: [{ host: 'counter', weight: 100 }] });
    expect(firstRule().route).toEqual([{ destination: { host: 'counter' } }]);
  });

  test('a single destination with a weight other than 100 is rejected', () => {
    expect(() => routeWith({ destinations: [{ host: 'counter', weight: 50 }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]\.weight: a single destination gets all the traffic, but weight is 50/);
  });

  test('several destinations are rendered with their weights', () => {
    routeWith({ destinations: [{ host: 'counter', subset: 'v1', weight: 90 }, { host: 'counter', subset: 'v2', weight: 10 }] });
    expect(firstRule().route).toEqual([
      { destination: { host: 'counter', subset: 'v1' }, weight: 90 },
      { destination: { host: 'counter', subset: 'v2' }, weight: 10 },
    ]);
  });

  test('a weight of 0 is allowed in a split', () => {
    routeWith({ destinations: [{ host: 'a', weight: 100 }, { host: 'b', weight: 0 }] });
    expect(firstRule().route[1]).toEqual({ destination: { host: 'b' }, weight: 0 });
  });

  test('weights that do not add up to 100 are rejected, showing the sum', () => {
    expect(() => routeWith({ destinations: [{ host: 'a', weight: 90 }, { host: 'b', weight: 20 }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.destinations: weights 90 \+ 20 add up to 110, not 100/);
  });

  test('a missing weight in a split is rejected', () => {
    expect(() => routeWith({ destinations: [{ host: 'a', weight: 100 }, { host: 'b' }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[1\]\.weight: is missing in a split across 2 destinations/);
  });

  test.each([12.5, -10, 101])('weight %d is rejected', (weight) => {
    expect(() => routeWith({ destinations: [{ host: 'a', weight }, { host: 'b', weight: 100 - weight }] }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.destinations\\[0\\]\\.weight: ${weight} is not a whole percentage`));
  });

  test('an empty destination list is rejected', () => {
    expect(() => routeWith({ destinations: [] })).toThrow(/\[apps\/counter\] rules\[0\]\.destinations: is empty/);
  });
});

describe('destinations', () => {
  test('host, port and subset are rendered', () => {
    routeWith({ destinations: [{ host: 'counter.shop.svc.cluster.local', port: 8080, subset: 'v1' }] });
    expect(firstRule().route).toEqual([{ destination: { host: 'counter.shop.svc.cluster.local', port: { number: 8080 }, subset: 'v1' } }]);
  });

  test('a Service in the route namespace is referenced by its short name', () => {
    const counter = service(apps, 'counter', [80]);
    routeWith({ destinations: [{ service: counter, port: 80 }] });
    expect(firstRule().route).toEqual([{ destination: { host: 'counter', port: { number: 80 } } }]);
  });

  test('a Service in another namespace is referenced by its FQDN', () => {
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const reviews = service(shop, 'reviews', [9080]);
    routeWith({ destinations: [{ service: reviews, port: 9080 }] });
    expect(firstRule().route).toEqual([{ destination: { host: 'reviews.shop.svc.cluster.local', port: { number: 9080 } } }]);
  });

  describe.each([
    ['cdk8s-plus-28', (chart: Chart, name: string, ports: number[]) => new kplus.Service(chart, `${name}-service`, { metadata: { name }, ports: ports.map((port) => ({ port })) })],
    ['cdk8s-plus-33', (chart: Chart, name: string, ports: number[]) => new kplus33.Service(chart, `${name}-service`, { metadata: { name }, ports: ports.map((port) => ({ port })) })],
  ])('a %s Service', (_, newService) => {
    test('is a destination by its short name, or its FQDN from another namespace', () => {
      const counter = newService(apps, 'counter', [80]);
      const reviews = newService(new Chart(app, 'shop', { namespace: 'shop' }), 'reviews', [9080]);
      routeWith({ destinations: [{ service: counter, port: 80, weight: 50 }, { service: reviews, port: 9080, weight: 50 }] });
      expect(firstRule().route.map((r: any) => r.destination)).toEqual([
        { host: 'counter', port: { number: 80 } },
        { host: 'reviews.shop.svc.cluster.local', port: { number: 9080 } },
      ]);
    });

    test('has its ports checked at synth', () => {
      routeWith({ destinations: [{ service: newService(apps, 'counter', [80]), port: 8080 }] });
      expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]\.port: Service 'counter' does not expose port 8080 \(it exposes 80\)/);
    });
  });

  test('both service and host are rejected', () => {
    const counter = service(apps, 'counter', [80]);
    expect(() => routeWith({ destinations: [{ service: counter, host: 'counter' }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]: needs exactly one of service and host/);
  });

  test('neither service nor host is rejected', () => {
    expect(() => routeWith({ destinations: [{ port: 80 }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]: needs exactly one of service and host/);
  });

  test.each([
    ['*', 'is a wildcard'],
    ['bad_host', 'has an invalid DNS label \'bad_host\''],
    ['a.*.com', 'has a wildcard that is not the left-most label'],
  ])('host %s is rejected', (host, problem) => {
    expect(() => routeWith({ destinations: [{ host }] }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.destinations\\[0\\]\\.host: '${host.replace(/[.*]/g, '\\$&')}' ${problem}`));
  });

  test.each(['V1', 'v_1', '-v1'])('subset %s is rejected', (subset) => {
    expect(() => routeWith({ destinations: [{ host: 'counter', subset }] }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.destinations\\[0\\]\\.subset: '${subset}' is not a valid subset name`));
  });

  test.each([0, 65536, 80.5])('port %d is rejected', (port) => {
    expect(() => routeWith({ destinations: [{ host: 'counter', port }] }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.destinations\\[0\\]\\.port: ${port} is not a port number`));
  });

  test('a port the Service does not expose is a synth error', () => {
    const counter = service(apps, 'counter', [80]);
    routeWith({ destinations: [{ service: counter, port: 8080 }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]\.port: Service 'counter' does not expose port 8080 \(it exposes 80\)/);
  });

  test('an omitted port on a multi-port Service is a synth error', () => {
    const counter = service(apps, 'counter', [80, 9090]);
    routeWith({ destinations: [{ service: counter }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]\.port: Service 'counter' exposes ports 80, 9090, so the destination must name one/);
  });

  test('a port on a Service without ports is a synth error', () => {
    const counter = service(apps, 'counter', []);
    routeWith({ destinations: [{ service: counter, port: 80 }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]\.port: Service 'counter' does not expose port 80 \(it exposes no ports\)/);
  });

  test('an omitted port on a single-port Service is fine', () => {
    const counter = service(apps, 'counter', [80]);
    routeWith({ destinations: [{ service: counter }] });
    expect(firstRule().route).toEqual([{ destination: { host: 'counter' } }]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('destination headers are rendered', () => {
    routeWith({
      destinations: [
        { host: 'a', weight: 50, headers: { request: { set: { 'x-version': 'a' } } } },
        { host: 'b', weight: 50, headers: { response: { add: { 'x-served-by': 'b' }, remove: ['x-internal'] } } },
      ],
    });
    expect(firstRule().route).toEqual([
      { destination: { host: 'a' }, weight: 50, headers: { request: { set: { 'x-version': 'a' } } } },
      { destination: { host: 'b' }, weight: 50, headers: { response: { add: { 'x-served-by': 'b' }, remove: ['x-internal'] } } },
    ]);
  });
});

describe('matches', () => {
  function matchOf(match: HttpRule['match']): any {
    routeWith({ match, destinations: forward.destinations });
    return firstRule().match;
  }

  test.each([
    [PathMatch.prefix('/api'), { prefix: '/api' }],
    [PathMatch.exact('/health'), { exact: '/health' }],
    [PathMatch.regex('/v[0-9]+/.*'), { regex: '/v[0-9]+/.*' }],
    [PathMatch.prefix(''), { prefix: '' }],
  ])('path %o is rendered as uri', (path, uri) => {
    expect(matchOf([{ path }])).toEqual([{ uri }]);
  });

  test('an invalid RE2 path regex is rejected', () => {
    expect(() => matchOf([{ path: PathMatch.regex('(?=a)') }]))
      .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.path: regex '\(\?=a\)' is not valid RE2 syntax/);
  });

  test.each([PathMatch.prefix('api'), PathMatch.exact('health'), PathMatch.exact('')])('a path without leading slash is rejected (%#)', (path) => {
    expect(() => matchOf([{ path }]))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.match\\[0\\]\\.path: path '${path.value}' does not start with '/'`));
  });

  test('errors name the index of the rule and of the match', () => {
    expect(() => route({
      rules: [
        { match: [{ path: PathMatch.prefix('/a') }], destinations: forward.destinations },
        { match: [{ path: PathMatch.prefix('/b') }, { path: PathMatch.prefix('c') }], destinations: forward.destinations },
      ],
    })).toThrow(/\[apps\/counter\] rules\[1\]\.match\[1\]\.path: path 'c' does not start with '\/'/);
  });

  test('ignoreUriCase', () => {
    expect(matchOf([{ path: PathMatch.prefix('/API'), ignoreUriCase: true }])).toEqual([{ uri: { prefix: '/API' }, ignoreUriCase: true }]);
  });

  test('method, authority and scheme', () => {
    expect(matchOf([{
      method: StringMatch.exact('GET'),
      authority: StringMatch.prefix('counter.example.com'),
      scheme: StringMatch.regex('https?'),
    }])).toEqual([{ method: { exact: 'GET' }, authority: { prefix: 'counter.example.com' }, scheme: { regex: 'https?' } }]);
  });

  test.each(['method', 'authority', 'scheme'] as const)('an empty prefix on %s is rejected', (key) => {
    expect(() => matchOf([{ [key]: StringMatch.prefix('') }]))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.match\\[0\\]\\.${key}: prefix is empty`));
  });

  test('an invalid regex on method is rejected', () => {
    expect(() => matchOf([{ method: StringMatch.regex('GET|(') }]))
      .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.method: regex 'GET\|\(' is not valid RE2 syntax/);
  });

  test('headers, withoutHeaders and queryParams, with present() rendered as {}', () => {
    expect(matchOf([{
      headers: { 'x-canary': StringMatch.exact('always'), 'x-user': StringMatch.present() },
      withoutHeaders: { 'x-debug': StringMatch.present(), 'x-env': StringMatch.prefix('test') },
      queryParams: { version: StringMatch.regex('v[12]'), Debug: StringMatch.present() },
    }])).toEqual([{
      headers: { 'x-canary': { exact: 'always' }, 'x-user': {} },
      withoutHeaders: { 'x-debug': {}, 'x-env': { prefix: 'test' } },
      queryParams: { version: { regex: 'v[12]' }, Debug: {} },
    }]);
  });

  test.each(['X-User', 'Host', 'host', 'x user', 'x-user:'])('header name %j is rejected', (name) => {
    expect(() => matchOf([{ headers: { [name]: StringMatch.exact('a') } }]))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.match\\[0\\]\\.headers: '${name}' is not a valid header name`));
  });

  test('an invalid withoutHeaders name is rejected', () => {
    expect(() => matchOf([{ withoutHeaders: { 'X-Debug': StringMatch.present() } }]))
      .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.withoutHeaders: 'X-Debug' is not a valid header name/);
  });

  test('an empty prefix on a header is rejected', () => {
    expect(() => matchOf([{ headers: { 'x-user': StringMatch.prefix('') } }]))
      .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.headers\.x-user: prefix is empty/);
  });

  test('an invalid regex on a query parameter is rejected', () => {
    expect(() => matchOf([{ queryParams: { q: StringMatch.regex('(a') } }]))
      .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.queryParams\.q: regex '\(a' is not valid RE2 syntax/);
  });

  test('an empty regex on withoutHeaders is rejected', () => {
    expect(() => matchOf([{ withoutHeaders: { 'x-a': StringMatch.regex('') } }]))
      .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.withoutHeaders\.x-a: regex '' is empty/);
  });

  describe('gateways', () => {
    function bindTwo(gateways: Array<IngressGateway | string>): any {
      route({
        listeners: undefined,
        gateways: [gw, 'other/ext'],
        rules: [{ match: [{ path: PathMatch.prefix('/'), gateways }], destinations: forward.destinations }],
      });
      return firstRule().match[0].gateways;
    }

    test('an IngressGateway is rendered as its reference', () => {
      expect(bindTwo([gw])).toEqual(['istio-system/gw']);
    });

    test.each([
      ['other/ext', 'other/ext'],
      ['ext.other.svc.cluster.local', 'other/ext'],
      ['ext.other', 'other/ext'],
      ['istio-system/gw', 'istio-system/gw'],
    ])('%s is normalized to %s', (reference, normalized) => {
      expect(bindTwo([reference])).toEqual([normalized]);
    });

    test('a short name resolves in the route namespace', () => {
      route({
        listeners: undefined,
        gateways: ['local-gw'],
        rules: [{ match: [{ gateways: ['local-gw', './local-gw'] }], destinations: forward.destinations }],
      });
      expect(firstRule().match[0].gateways).toEqual(['default/local-gw', 'default/local-gw']);
    });

    test('a gateway the route is not bound to is rejected', () => {
      expect(() => bindTwo(['istio-system/nope']))
        .toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.gateways: 'istio-system\/nope' is not one of the route's gateways \(istio-system\/gw, other\/ext\)/);
    });

    test('a short name that resolves elsewhere is rejected', () => {
      expect(() => bindTwo(['gw'])).toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.gateways: 'default\/gw' is not one of the route's gateways/);
    });

    test('\'mesh\' is rejected', () => {
      expect(() => bindTwo(['mesh'])).toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.gateways: 'mesh' means the sidecars/);
    });

    test('a malformed reference is rejected', () => {
      expect(() => bindTwo(['a/b/c'])).toThrow(/\[apps\/counter\] rules\[0\]\.match\[0\]\.gateways: 'a\/b\/c' is not a gateway reference/);
    });
  });
});

describe('redirect', () => {
  test('every field is rendered, and there is no route', () => {
    routeWith({ redirect: { uri: '/login', authority: 'auth.example.com', scheme: 'https', port: 8443, redirectCode: 302 } });
    expect(firstRule()).toEqual({ redirect: { uri: '/login', authority: 'auth.example.com', scheme: 'https', port: 8443, redirectCode: 302 } });
  });

  test.each([RedirectPort.FROM_REQUEST_PORT, RedirectPort.FROM_PROTOCOL_DEFAULT])('derivePort %s', (derivePort) => {
    routeWith({ redirect: { scheme: 'https', derivePort } });
    expect(firstRule().redirect).toEqual({ scheme: 'https', derivePort });
  });

  test.each([301, 302, 303, 307, 308])('redirectCode %d is accepted', (redirectCode) => {
    routeWith({ redirect: { scheme: 'https', redirectCode } });
    expect(firstRule().redirect).toEqual({ scheme: 'https', redirectCode });
  });

  test.each([300, 304, 305, 200, 399])('redirectCode %d is rejected', (redirectCode) => {
    expect(() => routeWith({ redirect: { scheme: 'https', redirectCode } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.redirect\\.redirectCode: ${redirectCode} is not a redirect Envoy can send`));
  });

  test.each([{}, { redirectCode: 302 }])('a redirect that changes nothing (%j) is rejected', (redirect) => {
    expect(() => routeWith({ redirect })).toThrow(/\[apps\/counter\] rules\[0\]\.redirect: changes nothing/);
  });

  test('a scheme other than http and https is rejected', () => {
    expect(() => routeWith({ redirect: { scheme: 'ftp' } })).toThrow(/\[apps\/counter\] rules\[0\]\.redirect\.scheme: 'ftp' is not http or https/);
  });

  test('port with derivePort is rejected', () => {
    expect(() => routeWith({ redirect: { port: 8443, derivePort: RedirectPort.FROM_REQUEST_PORT } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.redirect\.port: cannot be combined with derivePort/);
  });

  test.each([0, 65536])('port %d is rejected', (port) => {
    expect(() => routeWith({ redirect: { port } })).toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.redirect\\.port: ${port} is not a port number`));
  });

  test('a relative uri is rejected', () => {
    expect(() => routeWith({ redirect: { uri: 'login' } })).toThrow(/\[apps\/counter\] rules\[0\]\.redirect\.uri: 'login' does not start with '\/'/);
  });
});

describe('directResponse', () => {
  test('status and body (as {string})', () => {
    routeWith({ directResponse: { status: 503, body: 'down for maintenance' } });
    expect(firstRule()).toEqual({ directResponse: { status: 503, body: { string: 'down for maintenance' } } });
  });

  test('status without body', () => {
    routeWith({ directResponse: { status: 204 } });
    expect(firstRule().directResponse).toEqual({ status: 204 });
  });

  test.each([200, 599])('status %d is accepted', (status) => {
    routeWith({ directResponse: { status } });
    expect(firstRule().directResponse).toEqual({ status });
  });

  test.each([199, 600, 200.5])('status %d is rejected', (status) => {
    expect(() => routeWith({ directResponse: { status } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.directResponse\\.status: ${status} is not an HTTP status from 200 to 599`));
  });

  test('a body of exactly 1 MiB is accepted', () => {
    expect(() => routeWith({ directResponse: { status: 200, body: 'x'.repeat(1024 * 1024) } })).not.toThrow();
  });

  test.each([
    ['ASCII', 'x'.repeat(1024 * 1024 + 1)],
    ['multi-byte', 'é'.repeat(600 * 1024)],
  ])('a %s body larger than 1 MiB is rejected', (_, body) => {
    expect(() => routeWith({ directResponse: { status: 200, body } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.directResponse\.body: is larger than 1 MiB/);
  });
});

describe('rewrite', () => {
  test('uri and authority', () => {
    routeWith({ ...forward, rewrite: { uri: '/v2', authority: 'api.internal' } });
    expect(firstRule().rewrite).toEqual({ uri: '/v2', authority: 'api.internal' });
  });

  test('uriRegex is rendered as uriRegexRewrite', () => {
    routeWith({ ...forward, rewrite: { uriRegex: { match: '^/api/(.*)$', rewrite: '/\\1' } } });
    expect(firstRule().rewrite).toEqual({ uriRegexRewrite: { match: '^/api/(.*)$', rewrite: '/\\1' } });
  });

  test('uri and uriRegex together are rejected', () => {
    expect(() => routeWith({ ...forward, rewrite: { uri: '/', uriRegex: { match: 'a', rewrite: 'b' } } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.rewrite: has both uri and uriRegex/);
  });

  test('an empty rewrite is rejected', () => {
    expect(() => routeWith({ ...forward, rewrite: {} })).toThrow(/\[apps\/counter\] rules\[0\]\.rewrite: changes nothing/);
  });

  test('an invalid uriRegex is rejected', () => {
    expect(() => routeWith({ ...forward, rewrite: { uriRegex: { match: '(?=a)', rewrite: 'b' } } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.rewrite\.uriRegex\.match: '\(\?=a\)' is not valid RE2 syntax/);
  });

  test.each([
    [{ set: { host: 'api.internal' } }],
    [{ set: { Host: 'api.internal' } }],
    [{ add: { ':authority': 'api.internal' } }],
  ])('authority also set by the header operation %j is rejected', (request) => {
    expect(() => routeWith({ ...forward, rewrite: { authority: 'api.internal' }, headers: { request } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.rewrite\.authority: the authority is also set by a request header operation/);
  });

  test('setting the authority only with a header operation is fine', () => {
    routeWith({ ...forward, rewrite: { uri: '/' }, headers: { request: { set: { host: 'api.internal' } } } });
    expect(firstRule().headers).toEqual({ request: { set: { host: 'api.internal' } } });
  });
});

describe('fault', () => {
  test('delay', () => {
    routeWith({ ...forward, fault: { delay: { fixedDelay: Duration.seconds(5), percentage: 10 } } });
    expect(firstRule().fault).toEqual({ delay: { fixedDelay: '5s', percentage: { value: 10 } } });
  });

  test('abort with an HTTP status', () => {
    routeWith({ ...forward, fault: { abort: { httpStatus: 503, percentage: 100 } } });
    expect(firstRule().fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 100 } } });
  });

  test('abort with a gRPC status, and a delay', () => {
    routeWith({
      ...forward,
      fault: { delay: { fixedDelay: Duration.millis(1500), percentage: 0.5 }, abort: { grpcStatus: 'UNAVAILABLE', percentage: 0 } },
    });
    expect(firstRule().fault).toEqual({
      delay: { fixedDelay: '1.5s', percentage: { value: 0.5 } },
      abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 0 } },
    });
  });

  test('a fault without delay and abort is rejected', () => {
    expect(() => routeWith({ ...forward, fault: {} })).toThrow(/\[apps\/counter\] rules\[0\]\.fault: has neither delay nor abort/);
  });

  test.each([
    ['both', { httpStatus: 503, grpcStatus: 'UNAVAILABLE', percentage: 1 }],
    ['neither', { percentage: 1 }],
  ])('an abort with %s of httpStatus and grpcStatus is rejected', (_, abort) => {
    expect(() => routeWith({ ...forward, fault: { abort } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.fault\.abort: needs exactly one of httpStatus and grpcStatus/);
  });

  test.each([199, 600, 503.5])('abort httpStatus %d is rejected', (httpStatus) => {
    expect(() => routeWith({ ...forward, fault: { abort: { httpStatus, percentage: 1 } } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.fault\\.abort\\.httpStatus: ${httpStatus} is not an HTTP status from 200 to 599`));
  });

  test.each(['unavailable', 'NOPE', '14'])('abort grpcStatus %s is rejected', (grpcStatus) => {
    expect(() => routeWith({ ...forward, fault: { abort: { grpcStatus, percentage: 1 } } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.fault\\.abort\\.grpcStatus: '${grpcStatus}' is not a gRPC status name`));
  });

  test.each([101, -1, 0.00001])('delay percentage %d is rejected', (percentage) => {
    expect(() => routeWith({ ...forward, fault: { delay: { fixedDelay: Duration.seconds(1), percentage } } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.fault\\.delay\\.percentage: ${percentage} is not a percentage Istio accepts`));
  });

  test('delay percentage NaN is rejected as not a number', () => {
    expect(() => routeWith({ ...forward, fault: { delay: { fixedDelay: Duration.seconds(1), percentage: NaN } } }))
      .toThrow('[apps/counter] rules[0].fault.delay.percentage: is number NaN, not a number; give the percentage of requests delayed, from 0 to 100 (Istio delays none without it)');
  });

  test('abort percentage above 100 is rejected', () => {
    expect(() => routeWith({ ...forward, fault: { abort: { httpStatus: 503, percentage: 150 } } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.fault\.abort\.percentage: 150 is not a percentage Istio accepts/);
  });

  test('the smallest percentage Istio accepts is fine', () => {
    routeWith({ ...forward, fault: { abort: { httpStatus: 503, percentage: 0.0001 } } });
    expect(firstRule().fault.abort.percentage).toEqual({ value: 0.0001 });
  });

  test('a delay shorter than 1ms is rejected', () => {
    expect(() => routeWith({ ...forward, fault: { delay: { fixedDelay: Duration.millis(0), percentage: 1 } } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.fault\.delay\.fixedDelay: 0 ms is not a positive duration; use a cdk8s Duration/);
  });
});

describe('mirrors', () => {
  test('destinations and percentages are rendered', () => {
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const audit = service(shop, 'audit', [8080]);
    routeWith({ ...forward, mirrors: [{ host: 'shadow', port: 80, subset: 'v2', percentage: 10 }, { service: audit }] });
    expect(firstRule().mirrors).toEqual([
      { destination: { host: 'shadow', port: { number: 80 }, subset: 'v2' }, percentage: { value: 10 } },
      { destination: { host: 'audit.shop.svc.cluster.local' } },
    ]);
  });

  test('a mirror percentage above 100 is rejected', () => {
    expect(() => routeWith({ ...forward, mirrors: [{ host: 'shadow', percentage: 150 }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.mirrors\[0\]\.percentage: 150 is not a percentage Istio accepts/);
  });

  test('a mirror with both service and host is rejected', () => {
    const audit = service(apps, 'audit', [8080]);
    expect(() => routeWith({ ...forward, mirrors: [{ service: audit, host: 'audit' }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.mirrors\[0\]: needs exactly one of service and host/);
  });

  test('an invalid mirror host is rejected', () => {
    expect(() => routeWith({ ...forward, mirrors: [{ host: '*' }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.mirrors\[0\]\.host: '\*' is a wildcard/);
  });

  test('a mirror port the Service does not expose is a synth error', () => {
    const audit = service(apps, 'audit', [8080]);
    routeWith({ ...forward, mirrors: [{ service: audit, port: 80 }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/counter\] rules\[0\]\.mirrors\[0\]\.port: Service 'audit' does not expose port 80 \(it exposes 8080\)/);
  });
});

describe('timeout', () => {
  test.each([
    [Duration.seconds(5), '5s'],
    [Duration.millis(250), '0.25s'],
    [Duration.minutes(2), '120s'],
    [Duration.millis(1), '0.001s'],
  ])('%s is rendered as %s', (timeout, rendered) => {
    routeWith({ ...forward, timeout });
    expect(firstRule().timeout).toEqual(rendered);
  });

  test('a timeout shorter than 1ms is rejected', () => {
    expect(() => routeWith({ ...forward, timeout: Duration.millis(0) }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.timeout: 0 ms is not a positive duration; use a cdk8s Duration/);
  });
});

describe('retries', () => {
  test('attempts, perTryTimeout and retryOn joined with commas', () => {
    routeWith({ ...forward, retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: ['5xx', 'reset', '503'] } });
    expect(firstRule().retries).toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: '5xx,reset,503' });
  });

  test('attempts 0 disables retries', () => {
    routeWith({ ...forward, retries: { attempts: 0 } });
    expect(firstRule().retries).toEqual({ attempts: 0 });
  });

  test.each([
    ['perTryTimeout', { perTryTimeout: Duration.seconds(1) }],
    ['retryOn', { retryOn: ['5xx'] }],
  ])('attempts 0 with %s is rejected', (_, extra) => {
    expect(() => routeWith({ ...forward, retries: { attempts: 0, ...extra } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.retries: attempts 0 disables retries, so the other retry settings would be ignored/);
  });

  test.each([-1, 1.5])('attempts %d is rejected', (attempts) => {
    expect(() => routeWith({ ...forward, retries: { attempts } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.retries\\.attempts: ${attempts} is not a retry count`));
  });

  test('a perTryTimeout shorter than 1ms is rejected', () => {
    expect(() => routeWith({ ...forward, retries: { attempts: 1, perTryTimeout: Duration.millis(0) } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.retries\.perTryTimeout: 0 ms is not a positive duration/);
  });

  test.each(['sometimes', '5XX', '999', ''])('retryOn %j is rejected', (policy) => {
    expect(() => routeWith({ ...forward, retries: { attempts: 2, retryOn: ['connect-failure', policy] } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.retries\\.retryOn: '${policy}' is not a retry policy Istio accepts`));
  });
});

describe('cors', () => {
  test('every field is rendered', () => {
    routeWith({
      ...forward,
      cors: {
        allowOrigins: [StringMatch.exact('https://app.example.com'), StringMatch.regex('https://.*\\.example\\.org')],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['authorization', 'X-Requested-With'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.days(1),
        allowCredentials: true,
      },
    });
    expect(firstRule().corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://app.example.com' }, { regex: 'https://.*\\.example\\.org' }],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['authorization', 'X-Requested-With'],
      exposeHeaders: ['x-request-id'],
      maxAge: '86400s',
      allowCredentials: true,
    });
  });

  test('wildcards for methods and headers are accepted', () => {
    routeWith({ ...forward, cors: { allowOrigins: [StringMatch.prefix('https://')], allowMethods: ['*'], allowHeaders: ['*'] } });
    expect(firstRule().corsPolicy).toEqual({ allowOrigins: [{ prefix: 'https://' }], allowMethods: ['*'], allowHeaders: ['*'] });
  });

  test('empty allowOrigins is rejected', () => {
    expect(() => routeWith({ ...forward, cors: { allowOrigins: [] } })).toThrow(/\[apps\/counter\] rules\[0\]\.cors\.allowOrigins: is empty/);
  });

  test.each([
    ['present()', StringMatch.present()],
    ['an empty exact', StringMatch.exact('')],
    ['an empty prefix', StringMatch.prefix('')],
  ])('an origin matching %s is rejected', (_, origin) => {
    expect(() => routeWith({ ...forward, cors: { allowOrigins: [StringMatch.exact('https://a.example.com'), origin] } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.cors\.allowOrigins\[1\]: matches no origin in particular/);
  });

  test('an invalid origin regex is rejected', () => {
    expect(() => routeWith({ ...forward, cors: { allowOrigins: [StringMatch.regex('(?=a)')] } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.cors\.allowOrigins\[0\]: regex '\(\?=a\)' is not valid RE2 syntax/);
  });

  test.each(['get', 'FETCH'])('method %s is rejected', (method) => {
    expect(() => routeWith({ ...forward, cors: { allowOrigins: [StringMatch.exact('https://a.example.com')], allowMethods: ['GET', method] } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.cors\\.allowMethods: '${method}' is not an HTTP method`));
  });

  test.each(['allowHeaders', 'exposeHeaders'])('an invalid name in %s is rejected', (key) => {
    expect(() => routeWith({ ...forward, cors: { allowOrigins: [StringMatch.exact('https://a.example.com')], [key]: ['x user'] } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.cors\\.${key}: 'x user' is not a header name`));
  });

  test('a maxAge that is not whole seconds is rejected', () => {
    expect(() => routeWith({ ...forward, cors: { allowOrigins: [StringMatch.exact('https://a.example.com')], maxAge: Duration.millis(1500) } }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.cors\.maxAge: is not a whole number of seconds/);
  });
});

describe('headers', () => {
  const operations = {
    request: { set: { 'x-forwarded-host': 'counter.example.com' }, add: { 'x-trace': 'on' }, remove: ['x-debug'] },
    response: { set: { 'cache-control': 'no-store' }, add: { 'X-Served-By': 'gateway' }, remove: ['server'] },
  };

  test('request and response set, add and remove at rule level', () => {
    routeWith({ ...forward, headers: operations });
    expect(firstRule().headers).toEqual(operations);
  });

  test('request and response set, add and remove at destination level', () => {
    routeWith({ destinations: [{ host: 'counter', headers: operations }] });
    expect(firstRule().route).toEqual([{ destination: { host: 'counter' }, headers: operations }]);
  });

  test.each([
    [{ set: { ':authority': 'api.internal' } }],
    [{ add: { ':authority': 'api.internal' } }],
    [{ set: { host: 'api.internal' } }],
  ])('request %j may change the authority', (request) => {
    routeWith({ ...forward, headers: { request } });
    expect(firstRule().headers).toEqual({ request });
  });

  test.each([
    ['request', { set: { ':path': '/x' } }, ':path'],
    ['request', { add: { 'bad header': 'x' } }, 'bad header'],
    ['request', { remove: [':authority'] }, ':authority'],
    ['request', { remove: ['host'] }, 'host'],
    ['response', { set: { host: 'x' } }, 'host'],
    ['response', { add: { ':status': '200' } }, ':status'],
    ['response', { remove: ['x:y'] }, 'x:y'],
  ])('%s %j is rejected', (direction, ops, name) => {
    expect(() => routeWith({ ...forward, headers: { [direction]: ops } }))
      .toThrow(new RegExp(`\\[apps/counter\\] rules\\[0\\]\\.headers\\.${direction}: '${name}' is not a header Istio lets you change`));
  });

  test('an invalid destination header operation is rejected, naming the destination', () => {
    expect(() => routeWith({ destinations: [{ host: 'counter', headers: { response: { set: { ':status': '200' } } } }] }))
      .toThrow(/\[apps\/counter\] rules\[0\]\.destinations\[0\]\.headers\.response: ':status' is not a header Istio lets you change/);
  });
});

describe('the synthesized VirtualService', () => {
  function fullRoute(): void {
    const https = addHttps();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const reviews = service(shop, 'reviews', [9080]);
    route({
      listeners: [https],
      hosts: ['counter.example.com', '*.counter.example.org'],
      exportTo: ['*'],
      rules: [
        {
          name: 'canary',
          match: [{
            name: 'testers',
            path: PathMatch.prefix('/api'),
            ignoreUriCase: true,
            method: StringMatch.exact('GET'),
            authority: StringMatch.prefix('counter'),
            scheme: StringMatch.exact('https'),
            headers: { 'x-canary': StringMatch.exact('always'), 'x-user': StringMatch.present() },
            withoutHeaders: { 'x-debug': StringMatch.present() },
            queryParams: { v: StringMatch.regex('[12]') },
            gateways: [gw],
          }],
          destinations: [
            { service: reviews, port: 9080, subset: 'v1', weight: 90, headers: { request: { set: { 'x-version': 'v1' } } } },
            { service: reviews, port: 9080, subset: 'v2', weight: 10 },
          ],
          rewrite: { uri: '/v2', authority: 'reviews.internal' },
          fault: { delay: { fixedDelay: Duration.millis(100), percentage: 1 }, abort: { grpcStatus: 'UNAVAILABLE', percentage: 0.5 } },
          mirrors: [{ host: 'shadow', port: 80, percentage: 5 }],
          timeout: Duration.seconds(10),
          retries: { attempts: 3, perTryTimeout: Duration.millis(500), retryOn: ['5xx', 'connect-failure'] },
          cors: {
            allowOrigins: [StringMatch.exact('https://app.example.com')],
            allowMethods: ['GET'],
            allowHeaders: ['authorization'],
            exposeHeaders: ['x-request-id'],
            maxAge: Duration.hours(1),
            allowCredentials: false,
          },
          headers: { request: { add: { 'x-gateway': 'gw' } }, response: { remove: ['server'] } },
        },
        { name: 'old', match: [{ path: PathMatch.exact('/old') }], redirect: { uri: '/new', redirectCode: 308, derivePort: RedirectPort.FROM_REQUEST_PORT } },
        { name: 'down', match: [{ path: PathMatch.regex('/maintenance/.*') }], directResponse: { status: 503, body: 'later' } },
        { name: 'rest', destinations: [{ host: 'counter', port: 80 }] },
      ],
    });
  }

  test('validates against the VirtualService CRD schema', () => {
    fullRoute();
    expect(CrdSchemaValidator.bundled().validate(virtualService())).toEqual([]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('matches the snapshot', () => {
    fullRoute();
    expect(virtualService()).toMatchSnapshot();
  });
});
