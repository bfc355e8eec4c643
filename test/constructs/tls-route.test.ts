import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Certificate, GatewayListener, IngressGateway, Protocol, TlsMode, TlsRoute, TlsRouteProps } from '../../src';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';

let app: App;
let infra: Chart;
let gw: IngressGateway;
let passthrough: GatewayListener;
let apps: Chart;

beforeEach(() => {
  app = Testing.app();
  infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  gw = new IngressGateway(infra, 'gw');
  gw.addListener('http', { port: 80, protocol: Protocol.HTTP });
  passthrough = gw.addListener('passthrough', { port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
  apps = new Chart(app, 'apps', { namespace: 'default' });
});

const toPostgres = [{ host: 'postgres', port: 5432 }];

/** A TlsRoute `apps/db` on the passthrough listener for db.example.com unless props say otherwise. */
function route(props: Partial<TlsRouteProps> = {}): TlsRoute {
  return new TlsRoute(apps, 'db', { listeners: [passthrough], hosts: ['db.example.com'], destinations: toPostgres, ...props });
}

function virtualService(name = 'db'): any {
  const vs = Testing.synth(apps).find((o) => o.kind === 'VirtualService' && o.metadata.name === name);
  expect(vs).toBeDefined();
  return vs;
}

function spec(name = 'db'): any {
  return virtualService(name).spec;
}

describe('binding', () => {
  test('the destinations shorthand uses the hosts as sniHosts', () => {
    route({ hosts: ['db.example.com', 'db.example.org'] });
    expect(virtualService().metadata).toEqual({ name: 'db', namespace: 'default' });
    expect(spec()).toEqual({
      hosts: ['db.example.com', 'db.example.org'],
      gateways: ['istio-system/gw'],
      tls: [{
        match: [{ sniHosts: ['db.example.com', 'db.example.org'] }],
        route: [{ destination: { host: 'postgres', port: { number: 5432 } } }],
      }],
    });
  });

  test('gateways', () => {
    route({ listeners: undefined, gateways: [gw, './edge'] });
    expect(spec().gateways).toEqual(['istio-system/gw', 'default/edge']);
  });

  test('name option', () => {
    route({ name: 'postgres' });
    expect(virtualService('postgres').metadata.name).toEqual('postgres');
  });

  test('no binding is rejected', () => {
    expect(() => route({ listeners: undefined })).toThrow(/\[apps\/db\] listeners: the route is bound to no gateway/);
  });

  test('a malformed gateway reference is rejected', () => {
    expect(() => route({ listeners: undefined, gateways: ['Edge'] })).toThrow(/\[apps\/db\] gateways: 'Edge' is not a gateway reference/);
  });

  test('a chart without namespace is rejected', () => {
    const bare = new Chart(app, 'bare');
    expect(() => new TlsRoute(bare, 'db', { listeners: [passthrough], hosts: ['db.example.com'], destinations: toPostgres }))
      .toThrow(/\[bare\/db\] namespace: the route's Chart has no namespace/);
  });
});

describe('listener kinds', () => {
  test('an HTTPS PASSTHROUGH listener takes TlsRoutes', () => {
    const https = gw.addListener('https', { port: 8443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.PASSTHROUGH } });
    route({ listeners: [passthrough, https] });
    expect(spec().tls[0].match).toEqual([{ sniHosts: ['db.example.com'] }]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a TLS listener that terminates TLS is rejected, naming TcpRoute', () => {
    const simple = gw.addListener('tls', {
      port: 9443,
      protocol: Protocol.TLS,
      tls: { mode: TlsMode.SIMPLE, certificate: Certificate.fromSecret('db-tls', { namespace: 'istio-system' }) },
    });
    expect(() => route({ listeners: [simple] }))
      .toThrow(/\[apps\/db\] listeners: listener 'infra\/gw\/tls' \(TLS SIMPLE\) is routed by VirtualService 'tcp' rules, not 'tls' rules; bind it with a TcpRoute instead/);
  });

  test('an HTTP listener is rejected, naming HttpRoute', () => {
    expect(() => route({ listeners: [gw.listeners[0]] }))
      .toThrow(/\[apps\/db\] listeners: listener 'infra\/gw\/http' \(HTTP\) is routed by VirtualService 'http' rules, not 'tls' rules; bind it with a HttpRoute instead/);
  });

  test('a whole gateway without passthrough listeners is a synth error', () => {
    const web = new IngressGateway(infra, 'web', { workloadName: 'web-gateway' });
    web.addListener('http', { port: 80, protocol: Protocol.HTTP });
    route({ listeners: undefined, gateways: [web] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/db\] gateways: gateway 'istio-system\/web' has no listener routed by 'tls' rules/);
  });
});

describe('port narrowing', () => {
  test('a route bound to one of two passthrough listeners gets the port on every match', () => {
    gw.addListener('alt', { port: 8443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
    route({ hosts: ['*.example.com'], destinations: undefined, rules: [{ sniHosts: ['db.example.com'], destinations: toPostgres }] });
    expect(spec().tls[0].match).toEqual([{ port: 443, sniHosts: ['db.example.com'] }]);
  });

  test('a route bound to the whole gateway is not narrowed', () => {
    gw.addListener('alt', { port: 8443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
    route({ listeners: undefined, gateways: [gw] });
    expect(spec().tls[0].match).toEqual([{ sniHosts: ['db.example.com'] }]);
  });
});

describe('rules', () => {
  test('rules with sniHosts', () => {
    route({
      hosts: ['*.example.com'],
      destinations: undefined,
      rules: [
        { sniHosts: ['db.example.com'], destinations: toPostgres },
        { sniHosts: ['*.cache.example.com', 'redis.example.com'], destinations: [{ host: 'redis', port: 6379 }] },
      ],
    });
    expect(spec().tls).toEqual([
      { match: [{ sniHosts: ['db.example.com'] }], route: [{ destination: { host: 'postgres', port: { number: 5432 } } }] },
      { match: [{ sniHosts: ['*.cache.example.com', 'redis.example.com'] }], route: [{ destination: { host: 'redis', port: { number: 6379 } } }] },
    ]);
  });

  test.each([
    ['*.example.com', '*.example.com'],
    ['*.example.com', '*.a.example.com'],
    ['*.example.com', 'a.b.example.com'],
    ['*', 'db.example.com'],
    ['db.example.com', 'db.example.com'],
  ])('host %s admits sniHost %s', (host, sni) => {
    route({ hosts: [host], destinations: undefined, rules: [{ sniHosts: [sni], destinations: toPostgres }] });
    expect(spec().tls[0].match).toEqual([{ sniHosts: [sni] }]);
  });

  test.each([
    ['db.example.com', 'db.example.org'],
    ['db.example.com', '*.example.com'],
    ['*.example.com', 'example.com'],
  ])('host %s does not admit sniHost %s', (host, sni) => {
    expect(() => route({ hosts: [host], destinations: undefined, rules: [{ sniHosts: [sni], destinations: toPostgres }] }))
      .toThrow(new RegExp(`\\[apps/db\\] rules\\[0\\]\\.sniHosts: '${sni.replace(/[.*]/g, '\\$&')}' is not within the route's hosts \\(${host.replace(/[.*]/g, '\\$&')}\\)`));
  });

  test('empty sniHosts are rejected', () => {
    expect(() => route({ destinations: undefined, rules: [{ sniHosts: [], destinations: toPostgres }] }))
      .toThrow(/\[apps\/db\] rules\[0\]\.sniHosts: is empty/);
  });

  test('an invalid sniHost is rejected', () => {
    expect(() => route({ hosts: ['*'], destinations: undefined, rules: [{ sniHosts: ['db*.example.com'], destinations: toPostgres }] }))
      .toThrow(/\[apps\/db\] rules\[0\]\.sniHosts: 'db\*\.example\.com' has a partial wildcard/);
  });

  test('both destinations and rules are rejected', () => {
    expect(() => route({ rules: [{ sniHosts: ['db.example.com'], destinations: toPostgres }] }))
      .toThrow(/\[apps\/db\] destinations: give exactly one of destinations and rules/);
  });

  test('neither destinations nor rules is rejected', () => {
    expect(() => route({ destinations: undefined })).toThrow(/\[apps\/db\] destinations: give exactly one of destinations and rules/);
  });

  test('empty rules are rejected', () => {
    expect(() => route({ destinations: undefined, rules: [] })).toThrow(/\[apps\/db\] rules: is empty/);
  });

  test('weights are rendered for a split', () => {
    route({ destinations: [{ host: 'postgres', subset: 'blue', weight: 75 }, { host: 'postgres', subset: 'green', weight: 25 }] });
    expect(spec().tls[0].route).toEqual([
      { destination: { host: 'postgres', subset: 'blue' }, weight: 75 },
      { destination: { host: 'postgres', subset: 'green' }, weight: 25 },
    ]);
  });

  test('weights not adding up to 100 are rejected', () => {
    expect(() => route({ destinations: [{ host: 'a', weight: 75 }, { host: 'b', weight: 75 }] }))
      .toThrow(/\[apps\/db\] destinations: weights 75 \+ 75 add up to 150, not 100/);
  });

  test('a single destination with weight other than 100 is rejected', () => {
    expect(() => route({ destinations: [{ host: 'a', weight: 99 }] }))
      .toThrow(/\[apps\/db\] destinations\[0\]\.weight: a single destination gets all the traffic, but weight is 99/);
  });

  test('an invalid destination is rejected, naming the rule', () => {
    expect(() => route({ hosts: ['*.example.com'], destinations: undefined, rules: [{ sniHosts: ['a.example.com'], destinations: toPostgres }, { sniHosts: ['b.example.com'], destinations: [{ host: '*' }] }] }))
      .toThrow(/\[apps\/db\] rules\[1\]\.destinations\[0\]\.host: '\*' is a wildcard/);
  });

  test('Services are referenced by short name or FQDN, and their ports are checked at synth', () => {
    const data = new Chart(app, 'data', { namespace: 'data' });
    const local = new kplus.Service(apps, 'postgres-service', { metadata: { name: 'postgres' }, ports: [{ port: 5432 }] });
    const remote = new kplus.Service(data, 'replica-service', { metadata: { name: 'replica' }, ports: [{ port: 5432 }, { port: 9187 }] });
    route({ destinations: [{ service: local, weight: 50 }, { service: remote, port: 5432, weight: 50 }] });
    expect(spec().tls[0].route.map((r: any) => r.destination.host)).toEqual(['postgres', 'replica.data.svc.cluster.local']);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a port the Service does not expose is a synth error', () => {
    const local = new kplus.Service(apps, 'postgres-service', { metadata: { name: 'postgres' }, ports: [{ port: 5432 }] });
    route({ destinations: [{ service: local, port: 5433 }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/db\] destinations\[0\]\.port: Service 'postgres' does not expose port 5433 \(it exposes 5432\)/);
  });

  test('an omitted port on a multi-port Service is a synth error', () => {
    const local = new kplus.Service(apps, 'postgres-service', { metadata: { name: 'postgres' }, ports: [{ port: 5432 }, { port: 9187 }] });
    route({ destinations: [{ service: local }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/db\] destinations\[0\]\.port: Service 'postgres' exposes ports 5432, 9187, so the destination must name one/);
  });
});

describe('hosts', () => {
  test('a host not admitted by the listener is a synth error', () => {
    const strict = gw.addListener('strict', { port: 8443, protocol: Protocol.TLS, hosts: ['db.example.com'], tls: { mode: TlsMode.PASSTHROUGH } });
    route({ listeners: [strict], hosts: ['cache.example.com'] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/db\] hosts: 'cache\.example\.com' is not admitted by the hosts of any bound listener \(strict: db\.example\.com\)/);
  });

  test('a host admitted by a wildcard listener is fine', () => {
    const wild = gw.addListener('wild', { port: 8443, protocol: Protocol.TLS, hosts: ['*.example.com'], tls: { mode: TlsMode.PASSTHROUGH } });
    route({ listeners: [wild] });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('empty hosts are rejected', () => {
    expect(() => route({ hosts: [] })).toThrow(/\[apps\/db\] hosts: is empty/);
  });

  test('overlapping hosts are rejected', () => {
    expect(() => route({ hosts: ['*.example.com', 'db.example.com'] })).toThrow(/\[apps\/db\] hosts: '\*\.example\.com' and 'db\.example\.com' overlap/);
  });
});

describe('the synthesized VirtualService', () => {
  test('validates against the VirtualService CRD schema', () => {
    gw.addListener('alt', { port: 8443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
    route({
      hosts: ['*.example.com'],
      exportTo: ['istio-system'],
      destinations: undefined,
      rules: [
        { sniHosts: ['db.example.com'], destinations: [{ host: 'postgres', port: 5432, subset: 'blue', weight: 60 }, { host: 'postgres', port: 5432, subset: 'green', weight: 40 }] },
        { sniHosts: ['*.example.com'], destinations: [{ host: 'fallback.data.svc.cluster.local' }] },
      ],
    });
    expect(CrdSchemaValidator.bundled().validate(virtualService())).toEqual([]);
  });

  test('matches the snapshot', () => {
    route();
    expect(virtualService()).toMatchSnapshot();
  });
});
