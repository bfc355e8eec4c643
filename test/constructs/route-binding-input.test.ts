/**
 * Plain-JavaScript misuse of listeners and route bindings: every value is typed `any`, as a JavaScript caller or values
 * read from YAML would pass them. Each mistake gives the one-line ConfigError `[path] field: problem; fix`, never a raw
 * TypeError. (The route props are checked by route-input.ts's checkRouteProps, the listener's by GatewayListener.)
 */
import { App, Chart, Testing } from 'cdk8s';
import { Certificate, GatewayListener, HttpRoute, IngressGateway, Protocol, TcpRoute, TlsMode, TlsRoute } from '../../src';
import { configErrorOf as messageOf } from '../support/config-error';

let app: App;
let infra: Chart;
let gateway: any;
let http: GatewayListener;
let apps: Chart;

beforeEach(() => {
  app = Testing.app();
  infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  gateway = new IngressGateway(infra, 'gw');
  http = gateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
  apps = new Chart(app, 'apps', { namespace: 'default' });
});


const forward = { destinations: [{ host: 'counter', port: 80 }] };

describe('gateway.addListener with values the types would refuse', () => {
  const add = (props: any) => () => gateway.addListener('web', props);
  const props = '{ port: 443, protocol: Protocol.HTTPS, tls: { certificate } }';

  test.each([
    ['no props', undefined, `props: is undefined, not a mapping of properties; pass ${props}`],
    ['null props', null, `props: is null, not a mapping of properties; pass ${props}`],
    ['a string as props', 'https', `props: is 'https', not a mapping of properties; pass ${props}`],
    ['port as a string', { port: '443', protocol: 'HTTPS' }, 'port: is \'443\', not a number; use an integer from 1 to 65535'],
    ['no port', { protocol: 'HTTP' }, 'port: is undefined, not a number; use an integer from 1 to 65535'],
    ['a protocol typo', { port: 80, protocol: 'HTTPs' }, 'protocol: \'HTTPs\' is not a gateway protocol; use one of HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO'],
    ['no protocol', { port: 80 }, 'protocol: undefined is not a gateway protocol; use one of HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO'],
    ['a name that is not a string', { port: 80, protocol: 'HTTP', name: 80 },
      'name: is number 80, not a string; use lowercase letters, digits and \'-\', at most 63 characters, such as https-443'],
    ['hosts as a string', { port: 80, protocol: 'HTTP', hosts: 'a.example.com' },
      'hosts: is \'a.example.com\', not a list; list them, e.g. hosts: [\'*.example.com\'], and write hosts as *, *.example.com, counter.example.com or ns/counter.example.com'],
    ['an undefined host', { port: 80, protocol: 'HTTP', hosts: ['a.example.com', undefined] },
      'hosts[1]: is undefined; remove it, or list them, e.g. hosts: [\'*.example.com\'], and write hosts as *, *.example.com, counter.example.com or ns/counter.example.com'],
    ['nodePort as a string', { port: 80, protocol: 'HTTP', nodePort: '30080' },
      'nodePort: is \'30080\', not a number; pick a node port from 30000 to 32767, or leave it out to let Kubernetes choose'],
    ['targetPort as a string', { port: 80, protocol: 'HTTP', targetPort: '8080' },
      'targetPort: is \'8080\', not a number; use an integer from 1 to 65535, or leave it out'],
    ['tls as a string', { port: 443, protocol: 'HTTPS', tls: 'SIMPLE' },
      'tls: is \'SIMPLE\', not a mapping; pass { mode: TlsMode.SIMPLE, certificate }, or leave it out'],
    ['a misspelt tls field', { port: 443, protocol: 'HTTPS', tls: { mod: 'SIMPLE' } },
      'tls.mod: is not a field of the listener TLS settings; use mode, certificate, clientCa, httpsRedirect, minProtocolVersion, maxProtocolVersion, cipherSuites, subjectAltNames'],
    ['a TLS mode typo', { port: 443, protocol: 'HTTPS', tls: { mode: 'SIMPLEX' } },
      'tls.mode: \'SIMPLEX\' is not a TLS mode; use one of TlsMode.SIMPLE, TlsMode.MUTUAL, TlsMode.PASSTHROUGH, TlsMode.AUTO_PASSTHROUGH, TlsMode.ISTIO_MUTUAL, TlsMode.OPTIONAL_MUTUAL'],
    ['a Secret name as certificate', { port: 443, protocol: 'HTTPS', tls: { certificate: 'lab-tls' } },
      'tls.certificate: is \'lab-tls\', not a certificate; pass new Certificate(...), Certificate.fromSecret(name) or Certificate.fromFiles(...)'],
    ['a Secret name as clientCa', { port: 443, protocol: 'HTTPS', tls: { mode: 'MUTUAL', certificate: Certificate.fromSecret('lab-tls'), clientCa: 'ca' } },
      'tls.clientCa: is \'ca\', not a ClientCa; use ClientCa.fromCertificateSecret(), ClientCa.fromSecret(name) or ClientCa.fromCertificateFiles()'],
    ['httpsRedirect as a string', { port: 80, protocol: 'HTTP', tls: { httpsRedirect: 'yes' } },
      'tls.httpsRedirect: is \'yes\', not true or false; use true or false, or leave it out'],
    ['a TLS version typo', { port: 443, protocol: 'HTTPS', tls: { certificate: Certificate.fromSecret('lab-tls'), minProtocolVersion: 'TLS1.2' } },
      'tls.minProtocolVersion: \'TLS1.2\' is not a TLS version; use one of TlsVersion.TLS_AUTO, TlsVersion.TLSV1_0, TlsVersion.TLSV1_1, TlsVersion.TLSV1_2, TlsVersion.TLSV1_3'],
    ['cipherSuites as a string', { port: 443, protocol: 'HTTPS', tls: { certificate: Certificate.fromSecret('lab-tls'), cipherSuites: 'AES128-SHA' } },
      'tls.cipherSuites: is \'AES128-SHA\', not a list; use cipher suite names Envoy knows: ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-ECDSA-AES256-GCM-SHA384, '
      + 'ECDHE-RSA-AES256-GCM-SHA384, ECDHE-ECDSA-CHACHA20-POLY1305, ECDHE-RSA-CHACHA20-POLY1305, ECDHE-ECDSA-AES128-SHA, ECDHE-RSA-AES128-SHA, ECDHE-ECDSA-AES256-SHA, '
      + 'ECDHE-RSA-AES256-SHA, AES128-GCM-SHA256, AES256-GCM-SHA384, AES128-SHA, AES256-SHA, DES-CBC3-SHA'],
  ] as Array<[string, any, string]>)('%s', (_what, value, message) => {
    expect(messageOf(add(value))).toBe(`[infra/gw/web] ${message}`);
  });

  test.each([
    ['no id', undefined, 'is undefined'],
    ['a number as id', 443, 'is number 443'],
    ['an empty id', '', 'is \'\''],
  ])('%s', (_what, id, problem) => {
    expect(messageOf(() => gateway.addListener(id, { port: 443, protocol: 'HTTPS' })))
      .toBe(`[infra/gw] addListener: the listener id ${problem}, not a non-empty string; give the listener an id, e.g. gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS })`);
  });

  test('a listener created outside a gateway', () => {
    expect(messageOf(() => new GatewayListener(apps as any, 'l', { port: 80, protocol: Protocol.HTTP })))
      .toBe('[apps/l] scope: a GatewayListener must be created in an IngressGateway; use gateway.addListener(id, props)');
  });

  test('valid plain values are accepted', () => {
    const listener = gateway.addListener('web', { port: 443, protocol: 'HTTPS', hosts: ['*.example.com'], tls: { mode: 'SIMPLE', certificate: Certificate.fromSecret('lab-tls') } });
    expect(listener.tlsMode).toBe(TlsMode.SIMPLE);
  });
});

describe('route bindings with values the types would refuse', () => {
  const listenersFix = 'list GatewayListener constructs, e.g. listeners: [gateway.addListener(\'http\', { port: 80, protocol: Protocol.HTTP })]';
  const gatewaysFix = 'list IngressGateway constructs or namespace/name strings, e.g. gateways: [\'istio-system/default-gateway\']';
  const httpRoute = (props: any) => () => new HttpRoute(apps, 'counter', { hosts: ['counter.example.com'], rules: [forward], ...props });

  test.each([
    ['listeners: [undefined]', { listeners: [undefined] }, `listeners[0]: is undefined; remove it, or ${listenersFix}`],
    ['listeners as a string', { listeners: 'http' }, `listeners: is 'http', not a list; ${listenersFix}`],
    ['a listener as a mapping', { listeners: [{ port: 80 }] }, 'listeners[0]: is a mapping, not a GatewayListener; use a listener from gateway.addListener()'],
    ['listeners as the listener itself', { listeners: 'x', gateways: undefined }, `listeners: is 'x', not a list; ${listenersFix}`],
    ['gateways as a string', { gateways: 'istio-system/gw' }, `gateways: is 'istio-system/gw', not a list; ${gatewaysFix}`],
    ['gateways: [null]', { gateways: [null] }, `gateways[0]: is null; remove it, or ${gatewaysFix}`],
    ['a gateway as a mapping', { gateways: [{ reference: 'istio-system/gw' }] }, 'gateways[0]: is a mapping, not an IngressGateway or a string; give an IngressGateway construct or a namespace/name string such as istio-system/default-gateway'],
    ['hosts as a string', { listeners: [undefined], hosts: 'counter.example.com' },
      'hosts: is \'counter.example.com\', not a list; list the hosts the route serves, e.g. hosts: [\'counter.example.com\']'],
    ['a host that is a number', { listeners: [], hosts: [80] },
      'hosts[0]: is number 80, not a string; list the hosts the route serves, e.g. hosts: [\'counter.example.com\']'],
    ['exportTo as a string', { listeners: [], exportTo: '*' },
      'exportTo: is \'*\', not a list; list namespace names, . or *, e.g. exportTo: [\'istio-system\']'],
    ['a name that is a number', { listeners: [], name: 5 },
      'name: is number 5, not a string; give a Kubernetes name such as counter, or leave name out'],
  ] as Array<[string, any, string]>)('HttpRoute with %s', (_what, props, message) => {
    expect(messageOf(httpRoute(props))).toBe(`[apps/counter] ${message}`);
  });

  test('TcpRoute with listeners as a string', () => {
    const mysql = gateway.addListener('mysql', { port: 3306, protocol: 'TCP' });
    expect(messageOf(() => new TcpRoute(apps, 'mysql', { listener: mysql, listeners: 'mysql' as any, destinations: [{ host: 'mysql', port: 3306 }] })))
      .toBe(`[apps/mysql] listeners: is 'mysql', not a list; ${listenersFix}`);
  });

  test('TlsRoute with gateways as a string', () => {
    expect(messageOf(() => new TlsRoute(apps, 'db', { gateways: 'istio-system/gw' as any, hosts: ['db.example.com'], destinations: [{ host: 'db', port: 5432 }] })))
      .toBe(`[apps/db] gateways: is 'istio-system/gw', not a list; ${gatewaysFix}`);
  });

  test('valid plain values are accepted', () => {
    const props: any = { listeners: [http], gateways: ['istio-system/gw'], hosts: ['counter.example.com'], rules: [forward] };
    expect(new HttpRoute(apps, 'counter', props).gatewayReferences).toEqual(['istio-system/gw']);
  });
});

describe('route namespace and name across the app', () => {
  test('a Chart namespace that is not a DNS-1123 label is refused', () => {
    const bad = new Chart(app, 'bad', { namespace: 'Bad_NS' });
    expect(messageOf(() => new HttpRoute(bad, 'counter', { listeners: [http], hosts: ['counter.example.com'], rules: [forward] })))
      .toBe('[bad/counter] namespace: \'Bad_NS\' (the Chart\'s namespace) is not a valid namespace name; give the Chart a DNS-1123 label as namespace: lowercase letters, digits and \'-\', at most 63 characters, e.g. \'shop\'');
  });

  test('two routes writing one VirtualService in one namespace are refused, naming both', () => {
    const other = new Chart(app, 'other', { namespace: 'default' });
    new HttpRoute(apps, 'counter', { listeners: [http], hosts: ['counter.example.com'], rules: [forward] });
    expect(messageOf(() => new HttpRoute(other, 'web', { name: 'counter', listeners: [http], hosts: ['web.example.com'], rules: [forward] })))
      .toBe('[other/web] name: VirtualService \'default/counter\' is also written by route \'apps/counter\', and the second would overwrite the first; give each route its own name (the name prop), or put them in different namespaces');
  });

  test('routes of different kinds share the VirtualService names of a namespace', () => {
    const mysql = gateway.addListener('mysql', { port: 3306, protocol: Protocol.TCP });
    new HttpRoute(apps, 'db', { listeners: [http], hosts: ['db.example.com'], rules: [forward] });
    expect(messageOf(() => new TcpRoute(apps, 'mysql', { name: 'db', listener: mysql, destinations: [{ host: 'mysql', port: 3306 }] })))
      .toMatch(/^\[apps\/mysql\] name: VirtualService 'default\/db' is also written by route 'apps\/db'/);
  });

  test('the same name in two namespaces, or in two apps, is fine', () => {
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new HttpRoute(apps, 'counter', { listeners: [http], hosts: ['counter.example.com'], rules: [forward] });
    new HttpRoute(shop, 'counter', { listeners: [http], hosts: ['counter.example.com'], rules: [forward] });
    const otherApp = Testing.app();
    const otherGateway = new IngressGateway(new Chart(otherApp, 'infra', { namespace: 'istio-system' }), 'gw');
    const otherHttp = otherGateway.addListener('http', { port: 80, protocol: Protocol.HTTP });
    expect(() => new HttpRoute(new Chart(otherApp, 'apps', { namespace: 'default' }), 'counter', { listeners: [otherHttp], hosts: ['counter.example.com'], rules: [forward] }))
      .not.toThrow();
  });
});
