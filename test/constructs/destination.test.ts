import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination } from '../../src/constructs/destination';
import { GatewayListener } from '../../src/constructs/gateway-listener';
import { IngressGateway } from '../../src/constructs/ingress-gateway';
import { TcpRoute } from '../../src/constructs/tcp-route';
import { TlsRoute } from '../../src/constructs/tls-route';
import { Protocol, TlsMode } from '../../src/istio/protocol';

let app: App;
let mysql: GatewayListener;
let passthrough: GatewayListener;
let apps: Chart;
let database: kplus.Service;

beforeEach(() => {
  app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  const gw = new IngressGateway(infra, 'gw');
  mysql = gw.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
  passthrough = gw.addListener('passthrough', { port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } });
  apps = new Chart(app, 'apps', { namespace: 'default' });
  database = new kplus.Service(apps, 'mysql-service', { metadata: { name: 'mysql' }, ports: [{ port: 3306 }] });
});

function specOf(name: string): any {
  return Testing.synth(apps).find((o) => o.kind === 'VirtualService' && o.metadata.name === name)?.spec;
}

describe('Destination', () => {
  test('service() and host() keep what they were given', () => {
    const d = Destination.service(database, 3306, { subset: 'v1', weight: 50 });
    expect([d.service, d.host, d.port, d.subset, d.weight]).toEqual([database, undefined, 3306, 'v1', 50]);
    const h = Destination.host('mysql.db.svc.cluster.local');
    expect([h.service, h.host, h.port]).toEqual([undefined, 'mysql.db.svc.cluster.local', undefined]);
  });

  test('a TcpRoute renders a Destination as the deprecated literal', () => {
    new TcpRoute(apps, 'legacy', { listener: mysql, destinations: [{ service: database, port: 3306 }] });
    new TcpRoute(apps, 'modern', { listener: mysql, destinations: [Destination.service(database, 3306)] });
    expect(specOf('modern').tcp).toEqual(specOf('legacy').tcp);
    expect(specOf('modern').tcp).toEqual([{ route: [{ destination: { host: 'mysql', port: { number: 3306 } } }] }]);
  });

  test('a TlsRoute renders weighted Destinations in rules as the deprecated literals', () => {
    const split = (a: unknown, b: unknown) => ({ sniHosts: ['db.example.com'], destinations: [a, b] as any });
    new TlsRoute(apps, 'legacy', {
      listeners: [passthrough],
      hosts: ['db.example.com'],
      rules: [split({ host: 'postgres', port: 5432, subset: 'v1', weight: 80 }, { host: 'postgres', port: 5432, subset: 'v2', weight: 20 })],
    });
    new TlsRoute(apps, 'modern', {
      listeners: [passthrough],
      hosts: ['db.example.com'],
      rules: [split(Destination.host('postgres', 5432, { subset: 'v1', weight: 80 }), Destination.host('postgres', 5432, { subset: 'v2', weight: 20 }))],
    });
    expect(specOf('modern').tls).toEqual(specOf('legacy').tls);
  });

  test('a TcpRoute refuses header operations', () => {
    expect(() => new TcpRoute(apps, 'db', { listener: mysql, destinations: [Destination.service(database, 3306, { headers: { request: { set: { 'x-a': 'b' } } } })] }))
      .toThrow('[apps/db] destinations[0].headers: header operations apply to HTTP routes only; remove headers, or route the traffic with an HttpRoute');
  });

  test('a TlsRoute refuses header operations in a rule', () => {
    expect(() => new TlsRoute(apps, 'db', {
      listeners: [passthrough],
      hosts: ['db.example.com'],
      rules: [{ sniHosts: ['db.example.com'], destinations: [Destination.host('postgres', 5432, { headers: { response: { remove: ['server'] } } })] }],
    })).toThrow('[apps/db] rules[0].destinations[0].headers: header operations apply to HTTP routes only; remove headers, or route the traffic with an HttpRoute');
  });

  test('errors of a Destination in a TcpRoute name its field', () => {
    expect(() => new TcpRoute(apps, 'db', { listener: mysql, destinations: [Destination.host('mysql', 0)] }))
      .toThrow('[apps/db] destinations[0].port: 0 is not a port number; use an integer from 1 to 65535');
    expect(() => new TcpRoute(apps, 'db2', { listener: mysql, destinations: [Destination.service(database, 3306, { weight: 40 })] }))
      .toThrow('[apps/db2] destinations[0].weight: a single destination gets all the traffic, but weight is 40; remove the weight, or set it to 100');
  });

  test('a Service port is checked at synth', () => {
    new TcpRoute(apps, 'db', { listener: mysql, destinations: [Destination.service(database, 3307)] });
    expect(() => app.synth()).toThrow(/destinations\[0\]\.port: Service 'mysql' does not expose port 3307/);
  });
});
