import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Certificate, GatewayListener, IngressGateway, Protocol, TcpRoute, TcpRouteProps, TlsMode } from '../../src';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';
import { CONTROL_PLANE_SECRETS_WARNING, expectOnlySynthWarnings, IMPLICIT_HOSTS_WARNING } from '../support/synth-warnings';

// Fixtures here put gateways that serve credentialName Secrets in istio-system, which synth warns about.
expectOnlySynthWarnings(CONTROL_PLANE_SECRETS_WARNING, IMPLICIT_HOSTS_WARNING);

let app: App;
let infra: Chart;
let gw: IngressGateway;
let http: GatewayListener;
let mysql: GatewayListener;
let apps: Chart;

beforeEach(() => {
  app = Testing.app();
  infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  gw = new IngressGateway(infra, 'gw');
  http = gw.addListener('http', { port: 80, protocol: Protocol.HTTP });
  mysql = gw.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
  apps = new Chart(app, 'apps', { namespace: 'default' });
});

const toMysql = [{ host: 'mysql', port: 3306 }];

/** A TcpRoute `apps/mysql` on the MySQL listener unless props say otherwise. */
function route(props: Partial<TcpRouteProps> = {}): TcpRoute {
  return new TcpRoute(apps, 'mysql', { listener: mysql, destinations: toMysql, ...props });
}

function virtualService(name = 'mysql'): any {
  const vs = Testing.synth(apps).find((o) => o.kind === 'VirtualService' && o.metadata.name === name);
  expect(vs).toBeDefined();
  return vs;
}

function spec(name = 'mysql'): any {
  return virtualService(name).spec;
}

function service(chart: Chart, name: string, ports: number[]): kplus.Service {
  return new kplus.Service(chart, `${name}-service`, { metadata: { name }, ports: ports.map((port) => ({ port })) });
}

describe('binding', () => {
  test('the listener shorthand binds the gateway; hosts default to *', () => {
    route();
    expect(virtualService().metadata).toEqual({ name: 'mysql', namespace: 'default' });
    expect(spec()).toEqual({
      hosts: ['*'],
      gateways: ['istio-system/gw'],
      tcp: [{ route: [{ destination: { host: 'mysql', port: { number: 3306 } } }] }],
    });
  });

  test('listeners work like the shorthand', () => {
    route({ listener: undefined, listeners: [mysql] });
    expect(spec().gateways).toEqual(['istio-system/gw']);
    expect(spec().tcp[0].match).toBeUndefined();
  });

  test('listener and listeners are combined', () => {
    const postgres = gw.addListener('postgres', { port: 5432, protocol: Protocol.TCP });
    route({ listeners: [postgres] });
    expect(spec().gateways).toEqual(['istio-system/gw']);
    expect(spec().tcp[0].match).toBeUndefined();
  });

  test('an IngressGateway and gateway strings', () => {
    route({ listener: undefined, gateways: [gw, 'db.data.svc.cluster.local'] });
    expect(spec().gateways).toEqual(['istio-system/gw', 'data/db']);
  });

  test('name option', () => {
    route({ name: 'mysql-primary' });
    expect(virtualService('mysql-primary').metadata.name).toEqual('mysql-primary');
  });

  test('no binding is rejected', () => {
    expect(() => route({ listener: undefined })).toThrow(/\[apps\/mysql\] listeners: the route is bound to no gateway/);
  });

  test('\'mesh\' is rejected', () => {
    expect(() => route({ listener: undefined, gateways: ['mesh'] })).toThrow(/\[apps\/mysql\] gateways: 'mesh' means the sidecars/);
  });

  test('a chart without namespace is rejected', () => {
    const bare = new Chart(app, 'bare');
    expect(() => new TcpRoute(bare, 'mysql', { listener: mysql, destinations: toMysql }))
      .toThrow(/\[bare\/mysql\] namespace: the route's Chart has no namespace/);
  });

  test('exportTo is rendered', () => {
    route({ exportTo: ['istio-system'] });
    expect(spec().exportTo).toEqual(['istio-system']);
  });
});

describe('listener kinds', () => {
  test('MONGO listeners and TLS listeners that terminate TLS take TcpRoutes', () => {
    const mongo = gw.addListener('mongo', { port: 27017, protocol: Protocol.MONGO });
    const tls = gw.addListener('tls', {
      port: 9443,
      protocol: Protocol.TLS,
      tls: { mode: TlsMode.SIMPLE, certificate: Certificate.fromSecret('db-tls', { namespace: 'istio-system' }) },
    });
    route({ listeners: [mongo, tls] });
    expect(spec().gateways).toEqual(['istio-system/gw']);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('an HTTP listener is rejected, naming HttpRoute', () => {
    expect(() => route({ listener: http }))
      .toThrow(/\[apps\/mysql\] listeners: listener 'infra\/gw\/http' \(HTTP\) is routed by VirtualService 'http' rules, not 'tcp' rules; bind it with a HttpRoute instead/);
  });

  test('a PASSTHROUGH TLS listener is rejected, naming TlsRoute', () => {
    const passthrough = gw.addListener('passthrough', { port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
    expect(() => route({ listener: passthrough }))
      .toThrow(/\[apps\/mysql\] listeners: listener 'infra\/gw\/passthrough' \(TLS PASSTHROUGH\) is routed by VirtualService 'tls' rules, not 'tcp' rules; bind it with a TlsRoute instead/);
  });

  test('a whole gateway without TCP listeners is a synth error', () => {
    const web = new IngressGateway(infra, 'web', { workloadName: 'web-gateway' });
    web.addListener('http', { port: 80, protocol: Protocol.HTTP });
    route({ listener: undefined, gateways: [web] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/mysql\] gateways: gateway 'istio-system\/web' has no listener routed by 'tcp' rules/);
  });
});

describe('port narrowing', () => {
  test('a route bound to one of two TCP listeners gets match [{port}]', () => {
    gw.addListener('postgres', { port: 5432, protocol: Protocol.TCP });
    route({ rules: [{ destinations: toMysql }, { destinations: [{ host: 'mysql-replica', port: 3306 }] }], destinations: undefined });
    expect(spec().tcp).toEqual([
      { match: [{ port: 3306 }], route: [{ destination: { host: 'mysql', port: { number: 3306 } } }] },
      { match: [{ port: 3306 }], route: [{ destination: { host: 'mysql-replica', port: { number: 3306 } } }] },
    ]);
  });

  test('a route bound to every TCP listener is not narrowed, whatever the HTTP listeners', () => {
    const postgres = gw.addListener('postgres', { port: 5432, protocol: Protocol.TCP });
    route({ listeners: [postgres] });
    expect(spec().tcp[0].match).toBeUndefined();
  });

  test('a whole gateway whose TCP listener port is not narrowed is a synth error', () => {
    gw.addListener('postgres', { port: 5432, protocol: Protocol.TCP });
    const db = new IngressGateway(infra, 'db', { workloadName: 'db-gateway' });
    db.addListener('redis', { port: 6379, protocol: Protocol.TCP });
    route({ gateways: [db] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/mysql\] gateways: listener 'infra\/db\/redis' \(port 6379\) of a gateway bound as a whole would not be routed, because the route's matches are narrowed to ports 3306/);
  });
});

describe('rules and destinations', () => {
  test('rules give one tcp entry each', () => {
    route({ destinations: undefined, rules: [{ destinations: toMysql }, { destinations: [{ host: 'backup', port: 3306 }] }] });
    expect(spec().tcp).toEqual([
      { route: [{ destination: { host: 'mysql', port: { number: 3306 } } }] },
      { route: [{ destination: { host: 'backup', port: { number: 3306 } } }] },
    ]);
  });

  test('both destinations and rules are rejected', () => {
    expect(() => route({ rules: [{ destinations: toMysql }] }))
      .toThrow(/\[apps\/mysql\] destinations: give exactly one of destinations and rules/);
  });

  test('neither destinations nor rules is rejected', () => {
    expect(() => route({ destinations: undefined }))
      .toThrow(/\[apps\/mysql\] destinations: give exactly one of destinations and rules/);
  });

  test('empty rules are rejected', () => {
    expect(() => route({ destinations: undefined, rules: [] })).toThrow(/\[apps\/mysql\] rules: is empty/);
  });

  test('empty destinations are rejected', () => {
    expect(() => route({ destinations: [] })).toThrow(/\[apps\/mysql\] destinations: is empty/);
  });

  test('weights are rendered for a split', () => {
    route({ destinations: [{ host: 'mysql', port: 3306, subset: 'v1', weight: 80 }, { host: 'mysql', port: 3306, subset: 'v2', weight: 20 }] });
    expect(spec().tcp[0].route).toEqual([
      { destination: { host: 'mysql', port: { number: 3306 }, subset: 'v1' }, weight: 80 },
      { destination: { host: 'mysql', port: { number: 3306 }, subset: 'v2' }, weight: 20 },
    ]);
  });

  test('a single destination weight of 100 is omitted', () => {
    route({ destinations: [{ host: 'mysql', weight: 100 }] });
    expect(spec().tcp[0].route).toEqual([{ destination: { host: 'mysql' } }]);
  });

  test('a single destination with another weight is rejected', () => {
    expect(() => route({ destinations: [{ host: 'mysql', weight: 30 }] }))
      .toThrow(/\[apps\/mysql\] destinations\[0\]\.weight: a single destination gets all the traffic, but weight is 30/);
  });

  test('weights not adding up to 100 are rejected, showing the sum', () => {
    expect(() => route({ destinations: undefined, rules: [{ destinations: toMysql }, { destinations: [{ host: 'a', weight: 50 }, { host: 'b', weight: 40 }] }] }))
      .toThrow(/\[apps\/mysql\] rules\[1\]\.destinations: weights 50 \+ 40 add up to 90, not 100/);
  });

  test('a missing weight in a split is rejected', () => {
    expect(() => route({ destinations: [{ host: 'a' }, { host: 'b', weight: 100 }] }))
      .toThrow(/\[apps\/mysql\] destinations\[0\]\.weight: is missing in a split across 2 destinations/);
  });

  test('a non-integer weight is rejected', () => {
    expect(() => route({ destinations: [{ host: 'a', weight: 33.3 }, { host: 'b', weight: 66.7 }] }))
      .toThrow(/\[apps\/mysql\] destinations\[0\]\.weight: 33\.3 is not a whole percentage/);
  });

  test.each([
    [{ host: '*' }, 'destinations\\[0\\]\\.host: \'\\*\' is a wildcard'],
    [{ host: 'mysql', subset: 'Primary' }, 'destinations\\[0\\]\\.subset: \'Primary\' is not a valid subset name'],
    [{ host: 'mysql', port: 0 }, 'destinations\\[0\\]\\.port: 0 is not a port number'],
    [{ port: 3306 }, 'destinations\\[0\\]: needs exactly one of service and host'],
  ])('destination %j is rejected', (destination, message) => {
    expect(() => route({ destinations: [destination] })).toThrow(new RegExp(`\\[apps/mysql\\] ${message}`));
  });

  test('a Service in the route namespace is referenced by its short name, one elsewhere by its FQDN', () => {
    const data = new Chart(app, 'data', { namespace: 'data' });
    route({
      destinations: [
        { service: service(apps, 'mysql', [3306]), port: 3306, weight: 50 },
        { service: service(data, 'mysql-dr', [3306]), port: 3306, weight: 50 },
      ],
    });
    expect(spec().tcp[0].route.map((r: any) => r.destination.host)).toEqual(['mysql', 'mysql-dr.data.svc.cluster.local']);
  });

  test('a port the Service does not expose is a synth error', () => {
    route({ destinations: [{ service: service(apps, 'mysql', [3306]), port: 3307 }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/mysql\] destinations\[0\]\.port: Service 'mysql' does not expose port 3307 \(it exposes 3306\)/);
  });

  test('an omitted port on a multi-port Service is a synth error', () => {
    route({ destinations: [{ service: service(apps, 'mysql', [3306, 33060]) }] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/mysql\] destinations\[0\]\.port: Service 'mysql' exposes ports 3306, 33060, so the destination must name one/);
  });

  test('an omitted port on a single-port Service is fine', () => {
    route({ destinations: [{ service: service(apps, 'mysql', [3306]) }] });
    expect(spec().tcp[0].route).toEqual([{ destination: { host: 'mysql' } }]);
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('hosts', () => {
  test('hosts are rendered', () => {
    route({ hosts: ['mysql.example.com'] });
    expect(spec().hosts).toEqual(['mysql.example.com']);
  });

  test('the default * is admitted by a listener with specific hosts', () => {
    const db = gw.addListener('db', { port: 5432, protocol: Protocol.TCP, hosts: ['db.example.com'] });
    route({ listener: db });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a host not admitted by the listener is a synth error', () => {
    const db = gw.addListener('db', { port: 5432, protocol: Protocol.TCP, hosts: ['db.example.com'] });
    route({ listener: db, hosts: ['mysql.example.org'] });
    expect(() => app.synthYaml()).toThrow(/\[apps\/mysql\] hosts: 'mysql\.example\.org' is not admitted by the hosts of any bound listener \(db: db\.example\.com\)/);
  });

  test('an invalid host is rejected', () => {
    expect(() => route({ hosts: ['my*.example.com'] })).toThrow(/\[apps\/mysql\] hosts: 'my\*\.example\.com' has a partial wildcard/);
  });

  test('overlapping hosts are rejected', () => {
    expect(() => route({ hosts: ['*', 'mysql.example.com'] })).toThrow(/\[apps\/mysql\] hosts: '\*' and 'mysql\.example\.com' overlap/);
  });
});

describe('the synthesized VirtualService', () => {
  test('validates against the VirtualService CRD schema', () => {
    gw.addListener('postgres', { port: 5432, protocol: Protocol.TCP });
    route({
      exportTo: ['*'],
      destinations: undefined,
      rules: [
        { destinations: [{ host: 'mysql', port: 3306, subset: 'v1', weight: 90 }, { host: 'mysql.data.svc.cluster.local', port: 3306, weight: 10 }] },
        { destinations: [{ host: 'backup' }] },
      ],
    });
    expect(CrdSchemaValidator.bundled().validate(virtualService())).toEqual([]);
  });

  test('matches the snapshot', () => {
    route();
    expect(virtualService()).toMatchSnapshot();
  });
});
