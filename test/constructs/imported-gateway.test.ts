import { App, Chart, Testing } from 'cdk8s';
import { HttpRoute, IngressGateway, PortMapping, Protocol, TcpRoute, TlsMode, TlsRoute } from '../../src';
import { ImportedIngressGateway } from '../../src/constructs/imported-gateway';
import { configErrorOf as messageOf } from '../support/config-error';

let app: App;
let infra: Chart;
let apps: Chart;
let imported: ImportedIngressGateway;

/** The Istio Helm chart's gateway as another team runs it: HTTP on 80, HTTPS for *.example.com, a passthrough port, TCP. */
beforeEach(() => {
  app = Testing.app();
  infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  apps = new Chart(app, 'apps', { namespace: 'shop' });
  imported = new ImportedIngressGateway(infra, 'ingress', 'istio-system/istio-ingressgateway', {
    listeners: [
      { port: 80, protocol: Protocol.HTTP, name: 'http' },
      { port: 443, protocol: Protocol.HTTPS, name: 'https', hosts: ['*.example.com'], tls: { mode: TlsMode.SIMPLE } },
      { port: 15443, protocol: Protocol.TLS, name: 'tls', hosts: ['*.db.example.com'], tls: { mode: TlsMode.PASSTHROUGH } },
      { port: 3306, protocol: Protocol.TCP },
    ],
  });
});

const forward = { destinations: [{ host: 'counter', port: 80 }] };


describe('a gateway installed elsewhere', () => {
  test('describes the existing Gateway and renders no Kubernetes objects', () => {
    expect(imported.reference).toBe('istio-system/istio-ingressgateway');
    expect(imported.namespace).toBe('istio-system');
    expect(imported.podNamespace).toBe('istio-system');
    expect(imported.workloadName).toBe('istio-ingressgateway');
    expect(imported.selector).toEqual({ istio: 'ingressgateway' });
    expect(imported.imported).toBe(true);
    expect(imported.listeners.map((l) => [l.node.id, l.port, l.routeKind])).toEqual([
      ['http', 80, 'http'], ['https', 443, 'http'], ['tls', 15443, 'tls'], ['tcp-3306', 3306, 'tcp'],
    ]);
    expect(Testing.synth(infra)).toEqual([]);
  });

  test('a route bound to one of its listeners synthesizes the reference, narrowed to that port, and nothing else', () => {
    new HttpRoute(apps, 'counter', { listeners: [imported.listener('https')], hosts: ['counter.example.com'], rules: [forward] });
    const manifests = Testing.synth(apps);
    expect(manifests.map((m) => m.kind)).toEqual(['VirtualService']);
    expect(manifests[0].spec.gateways).toEqual(['istio-system/istio-ingressgateway']);
    expect(manifests[0].spec.http[0].match).toEqual([{ port: 443 }]);
    expect(Testing.synth(infra)).toEqual([]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('beside a gateway of the app in the same namespace, the imported Gateway is never reported missing at synth', () => {
    // The app's own gateway in istio-system makes a missing Gateway there the app's mistake (IST0101) ...
    const own = new IngressGateway(infra, 'own-gateway', { workloadName: 'own-ingressgateway' });
    own.addListener('http', { port: 8080, protocol: Protocol.HTTP });
    new HttpRoute(apps, 'counter', { listeners: [imported.listener('https')], hosts: ['counter.example.com'], rules: [forward] });
    expect(() => app.synthYaml()).not.toThrow();
    // ... as a bare string reference to a Gateway nobody declared still is.
    new HttpRoute(apps, 'typo', { gateways: ['istio-system/istio-ingresgateway'], hosts: ['typo.example.com'], rules: [forward] });
    expect(() => app.synthYaml()).toThrow(/IST0101 ReferencedResourceNotFound.*istio-system\/istio-ingresgateway/);
  });

  test('a route bound to the whole gateway uses its listeners of the route\'s kind', () => {
    new HttpRoute(apps, 'counter', { gateways: [imported], hosts: ['counter.example.com'], rules: [forward] });
    const [vs] = Testing.synth(apps);
    expect(vs.spec.gateways).toEqual(['istio-system/istio-ingressgateway']);
    expect(vs.spec.http[0].match).toBeUndefined();
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('the string form still binds without checks', () => {
    new HttpRoute(apps, 'counter', { gateways: ['istio-system/istio-ingressgateway'], hosts: ['anything.other.org'], rules: [forward] });
    expect(Testing.synth(apps)[0].spec.gateways).toEqual(['istio-system/istio-ingressgateway']);
  });

  test('an HttpRoute bound to its TCP listener is refused', () => {
    expect(messageOf(() => new HttpRoute(apps, 'counter', { listeners: [imported.listener('tcp-3306')], hosts: ['counter.example.com'], rules: [forward] })))
      .toBe('[apps/counter] listeners: listener \'infra/ingress/tcp-3306\' (TCP) is routed by VirtualService \'tcp\' rules, not \'http\' rules; bind it with a TcpRoute instead');
  });

  test('a host its server hosts do not admit is reported at synth', () => {
    new HttpRoute(apps, 'counter', { listeners: [imported.listener('https')], hosts: ['counter.other.org'], rules: [forward] });
    expect(() => app.synthYaml()).toThrow('[apps/counter] hosts: \'counter.other.org\' is not admitted by the hosts of any bound listener (https: *.example.com), so it would never be routed; add the host to a listener\'s hosts, or fix the route\'s host');
  });

  test('a route not exported to the gateway pods\' namespace is reported at synth', () => {
    const pods = new ImportedIngressGateway(infra, 'split', 'istio-config/public', {
      podNamespace: 'istio-ingress',
      listeners: [{ port: 80, protocol: Protocol.HTTP }],
    });
    new HttpRoute(apps, 'counter', { listeners: [pods.listener('http-80')], hosts: ['counter.example.com'], rules: [forward], exportTo: ['istio-config'] });
    expect(() => app.synthYaml()).toThrow('[apps/counter] exportTo: the route is exported to istio-config, so the pods of gateway \'istio-config/public\' (namespace \'istio-ingress\') never see it; add \'istio-ingress\' to exportTo, or leave exportTo out');
    expect(pods.listener('http-80').request({ host: 'counter.example.com' }).gateway).toBe('istio-ingress/istio-ingressgateway');
  });

  test('TCP and TLS routes bind to its TCP and passthrough listeners', () => {
    new TcpRoute(apps, 'mysql', { listener: imported.listener('tcp-3306'), destinations: [{ host: 'mysql', port: 3306 }] });
    new TlsRoute(apps, 'db', { listeners: [imported.listener('tls')], hosts: ['pg.db.example.com'], destinations: [{ host: 'pg', port: 5432 }] });
    const kinds = Testing.synth(apps).map((m) => [m.metadata.name, m.spec.gateways]);
    expect(kinds).toEqual([['mysql', ['istio-system/istio-ingressgateway']], ['db', ['istio-system/istio-ingressgateway']]]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('port narrowing sees the listeners it was not bound to', () => {
    const two = new ImportedIngressGateway(infra, 'two', 'istio-system/two', {
      listeners: [{ port: 80, protocol: Protocol.HTTP }, { port: 8080, protocol: Protocol.HTTP }],
    });
    new HttpRoute(apps, 'counter', { listeners: [two.listener('http-8080')], hosts: ['counter.example.com'], rules: [forward] });
    expect(Testing.synth(apps)[0].spec.http[0].match).toEqual([{ port: 8080 }]);
  });

  test('this app\'s gateways and imported ones bind together', () => {
    // In a namespace of its own: the whole-app analysis does not yet know imported gateways, and reports a reference
    // to one as IST0101 when the app defines Gateways in its namespace.
    const own = new IngressGateway(new Chart(app, 'edge', { namespace: 'edge' }), 'own');
    const http = own.addListener('http', { port: 80, protocol: Protocol.HTTP });
    new HttpRoute(apps, 'counter', { listeners: [http, imported.listener('http')], hosts: ['counter.example.com'], rules: [forward] });
    expect(Testing.synth(apps)[0].spec.gateways).toEqual(['edge/own', 'istio-system/istio-ingressgateway']);
  });

  test('options: workload name, selector and port mapping', () => {
    const legacy = new ImportedIngressGateway(infra, 'legacy', 'istio-system/legacy', {
      workloadName: 'istio-eastwestgateway', portMapping: PortMapping.UNPRIVILEGED, listeners: [{ port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.MUTUAL } }],
    });
    expect(legacy.selector).toEqual({ istio: 'eastwestgateway' });
    expect(legacy.listener('https-443').targetPort).toBe(8443);
    expect(legacy.listener('https-443').request().gateway).toBe('istio-system/istio-eastwestgateway');
  });

  test('more servers can be described with addListener', () => {
    imported.addListener('grpc', { port: 50051, protocol: Protocol.GRPC });
    expect(imported.listeners.map((l) => l.name)).toContain('grpc-50051');
    expect(Testing.synth(infra)).toEqual([]);
  });
});

describe('an imported gateway refuses what cannot describe a Gateway', () => {
  const importing = (reference: any, options: any) => () => new ImportedIngressGateway(infra, 'ext', reference, options);
  const listeners = [{ port: 80, protocol: Protocol.HTTP }];
  const referenceFix = 'write the existing Gateway as namespace/name, e.g. \'istio-system/istio-ingressgateway\'';
  const nameFix = 'use lowercase letters, digits and \'-\' (no dots), at most 63 characters';
  const example = '{ listeners: [{ port: 443, protocol: Protocol.HTTPS, hosts: [\'*.example.com\'] }] }';

  test.each([
    ['a reference without namespace', 'istio-ingressgateway', { listeners },
      `reference: 'istio-ingressgateway' is not namespace/name of a Gateway (two DNS-1123 labels: lowercase letters, digits and '-'); ${referenceFix}`],
    ['a reference with a bad namespace', 'Bad_NS/gw', { listeners },
      `reference: 'Bad_NS/gw' is not namespace/name of a Gateway (two DNS-1123 labels: lowercase letters, digits and '-'); ${referenceFix}`],
    ['a reference with three parts', 'a/b/c', { listeners },
      `reference: 'a/b/c' is not namespace/name of a Gateway (two DNS-1123 labels: lowercase letters, digits and '-'); ${referenceFix}`],
    ['a reference that is not a string', 42, { listeners }, `reference: is number 42, not a string; ${referenceFix}`],
    ['no options', 'istio-system/gw', undefined, `options: is undefined, not a mapping of properties; pass ${example}`],
    ['no listeners', 'istio-system/gw', {},
      `listeners: is undefined, not a list; describe the existing Gateway's servers, e.g. ${example}`],
    ['listeners as a mapping', 'istio-system/gw', { listeners: { port: 80 } },
      `listeners: is a mapping, not a list; describe the existing Gateway's servers, e.g. ${example}`],
    ['an empty listener list', 'istio-system/gw', { listeners: [] },
      `listeners: is empty, so no route could be checked against the gateway; describe the existing Gateway's servers, e.g. ${example}; or bind routes by the string 'istio-system/gw'`],
    ['listeners: [undefined]', 'istio-system/gw', { listeners: [undefined] },
      `listeners[0]: is undefined; remove it, or describe the existing Gateway's servers, e.g. ${example}`],
    ['a listener as a string', 'istio-system/gw', { listeners: ['https'] },
      'listeners[0]: is \'https\', not a mapping of properties; pass { port: 443, protocol: Protocol.HTTPS }'],
    ['a bad pod namespace', 'istio-system/gw', { listeners, podNamespace: 'Bad_NS' }, `podNamespace: 'Bad_NS' is not a valid name; ${nameFix}`],
    ['a workload name that is not a string', 'istio-system/gw', { listeners, workloadName: 5 }, `workloadName: is number 5, not a string; ${nameFix}`],
    ['an empty selector', 'istio-system/gw', { listeners, selector: {} },
      'selector: is empty, but a Gateway selects its pods by at least one label; give the existing Gateway\'s selector, e.g. { istio: \'ingressgateway\' }, or leave selector out'],
    ['a port mapping as a string', 'istio-system/gw', { listeners, portMapping: 'direct' },
      'portMapping: is \'direct\', not a PortMapping; use PortMapping.DIRECT or PortMapping.UNPRIVILEGED, or leave portMapping out'],
  ] as Array<[string, any, any, string]>)('%s', (_what, reference, options, message) => {
    expect(messageOf(importing(reference, options))).toBe(`[infra/ext] ${message}`);
  });

  test('two listeners with one name', () => {
    expect(messageOf(importing('istio-system/gw', { listeners: [{ port: 80, protocol: Protocol.HTTP, name: 'web' }, { port: 8080, protocol: Protocol.HTTP, name: 'web' }] })))
      .toBe('[infra/ext] listeners: two listeners are named \'web\'; give every listener its own name');
  });

  test('two listeners on one port', () => {
    expect(messageOf(importing('istio-system/gw', { listeners: [{ port: 80, protocol: Protocol.HTTP }, { port: 80, protocol: Protocol.HTTP2 }] })))
      .toBe('[infra/ext/http2-80] port: port 80 is already used by listener \'http-80\' of this gateway; give every server its own port');
  });

  test('a listener with a bad protocol is reported on its own path', () => {
    expect(messageOf(importing('istio-system/gw', { listeners: [{ port: 80, protocol: 'HTTPs' }] })))
      .toBe('[infra/ext/https-80] protocol: \'HTTPs\' is not a gateway protocol; use one of HTTP, HTTPS, HTTP2, GRPC, TCP, TLS, MONGO');
  });

  test('a TLS listener needs no certificate, but its TLS settings are still checked', () => {
    expect(messageOf(importing('istio-system/gw', { listeners: [{ port: 443, protocol: Protocol.HTTPS, tls: { mode: TlsMode.SIMPLE, subjectAltNames: ['a'] } }] })))
      .toBe('[infra/ext/https-443] tls.subjectAltNames: restricts client certificates, which only MUTUAL modes verify; remove subjectAltNames, or use TlsMode.MUTUAL');
  });

  test('asking for a listener it does not have', () => {
    expect(messageOf(() => imported.listener('grpc')))
      .toBe('[infra/ingress] listener: \'grpc\' is not a listener of gateway \'istio-system/istio-ingressgateway\' (it has http, https, tls, tcp-3306); name one of its listeners');
  });
});
