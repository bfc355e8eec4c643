import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { analyze, Finding, HttpRoute, IngressGateway, Protocol } from '../../src';
import { appScopeOf, hasOutOfAppCause, synthBlockingFindings } from '../../src/analyze/app-scope';
import { appSynthFindings } from '../../src/constructs/app-analysis';

let app: App;
let infra: Chart;
let gw: IngressGateway;
let apps: Chart;

beforeEach(() => {
  app = Testing.app();
  infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  gw = new IngressGateway(infra, 'gw');
  gw.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['*'] });
  apps = new Chart(app, 'apps', { namespace: 'apps' });
});

/** An HttpRoute `apps/route` for shop.example.com, bound to `gateways`, forwarding to `shop:80` (not in the app). */
function route(gateways: Array<IngressGateway | string>, id = 'route'): HttpRoute {
  return new HttpRoute(apps, id, { gateways, hosts: [`${id}.example.com`], rules: [{ destinations: [{ host: 'shop', port: 80 }] }] });
}

const MISSING = /\[apps\/route\] IST0101 ReferencedResourceNotFound \(VirtualService apps\/route\): Referenced gateway not found: "istio-system\/missing"/;

describe('synth-time analysis', () => {
  test('a route bound to a Gateway missing from a namespace the app defines gateways in fails synth on the route', () => {
    route(['istio-system/missing']);
    expect(() => app.synthYaml()).toThrow(MISSING);
    expect(() => Testing.synth(apps)).toThrow(MISSING);
    expect(() => app.synth()).toThrow(MISSING);
  });

  test('the fixed app synthesizes, although its destination host is not part of the app', () => {
    route([gw]);
    expect(() => app.synthYaml()).not.toThrow();
    const ist0101 = analyze([...Testing.synth(infra), ...Testing.synth(apps)]).filter((f) => f.code === 'IST0101');
    expect(ist0101.map((f) => f.message)).toEqual([expect.stringMatching(/^Referenced host not found: "shop"/)]);
    expect(appSynthFindings(app)).toEqual([]);
  });

  test('each error is reported once, on the construct that rendered the object, next to the other errors', () => {
    route(['istio-system/missing']);
    route(['istio-system/gone'], 'other');
    let message = '';
    try {
      app.synthYaml();
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split('\n').slice(1).map((l) => l.trim());
    expect(lines).toEqual([
      expect.stringMatching(MISSING),
      expect.stringMatching(/^\[apps\/other\] IST0101 ReferencedResourceNotFound \(VirtualService apps\/other\): Referenced gateway not found: "istio-system\/gone"/),
    ]);
  });

  test('a Gateway in a namespace where the app defines none may be deployed elsewhere: no synth error', () => {
    route(['other/ext']);
    expect(() => app.synthYaml()).not.toThrow();
    expect(analyze(Testing.synth(apps)).map((f) => f.code)).toContain('IST0101');
  });

  test('an object no construct of this library rendered reports its own errors, under its construct path', () => {
    new ApiObject(apps, 'plain', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'plain' },
      spec: { hosts: ['plain.example.com'], gateways: ['istio-system/nope'], http: [{ route: [{ destination: { host: 'shop' } }] }] },
    });
    expect(() => app.synthYaml())
      .toThrow(/\n {2}\[apps\/plain\] IST0101 ReferencedResourceNotFound \(VirtualService apps\/plain\): Referenced gateway not found: "istio-system\/nope"/);
    // A second synth reports it once, not once per pass.
    expect(() => app.synthYaml()).toThrow(/^Validation failed with the following errors:\n {2}\[apps\/plain\] IST0101[^\n]*$/);
  });

  test('warnings do not fail synth', () => {
    new ApiObject(infra, 'extra', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'extra' },
      spec: { selector: gw.selector, servers: [{ port: { number: 8081, name: 'http-extra', protocol: 'HTTP' }, hosts: ['*'] }] },
    });
    expect(analyze(Testing.synth(infra))).toContainEqual(expect.objectContaining({ code: 'IST0162', level: 'Warning', resource: 'Gateway istio-system/extra' }));
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('the analysis validation is added to the root once, whatever the number of constructs', () => {
    route([gw]);
    route([gw], 'second');
    expect(app.node.validate()).toEqual([]);
    expect((app.node as unknown as { _validations: unknown[] })._validations).toHaveLength(1);
  });
});

describe('the synth filter', () => {
  const scope = appScopeOf([{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' } }]);
  const ist0101 = (message: string, resource = 'VirtualService apps/shop'): Finding => ({ code: 'IST0101', level: 'Error', resource, message });

  test.each([
    ['host', 'Referenced host not found: "counter"'],
    ['host:port', 'Referenced host:port not found: "counter:8080"'],
    ['mirror host', 'Referenced mirror host not found: "shadow"'],
    ['host+subset', 'Referenced host+subset in destinationrule not found: "counter+v2"'],
    ['mirror+subset', 'Referenced mirror+subset in destinationrule not found: "shadow+v1"'],
    ['credentialName', 'Referenced credentialName not found: "lab-tls"'],
    ['selector', 'Referenced selector not found: "istio=ingressgateway"'],
    ['gateway elsewhere', 'Referenced gateway not found: "other/ext"'],
    ['gateway elsewhere, short name', 'Referenced gateway not found: "ext" (apps/ext)'],
    ['an unknown variant', 'Something not found'],
  ])('ignores IST0101 %s', (_variant, message) => {
    expect(hasOutOfAppCause(ist0101(message), scope)).toBe(true);
    expect(synthBlockingFindings([ist0101(message)], scope)).toEqual([]);
  });

  test.each([
    ['ns/name', 'Referenced gateway not found: "istio-system/missing"'],
    ['legacy FQDN', 'Referenced gateway not found: "missing.istio-system.svc.cluster.local" (istio-system/missing)'],
    ['malformed', 'Referenced gateway not found: "a/b/c"'],
  ])('keeps IST0101 gateway %s in a namespace of the app', (_form, message) => {
    expect(synthBlockingFindings([ist0101(message)], scope)).toEqual([ist0101(message)]);
  });

  test('a short gateway name resolves in the VirtualService namespace', () => {
    expect(hasOutOfAppCause(ist0101('Referenced gateway not found: "gw2" (istio-system/gw2)', 'VirtualService istio-system/vs'), scope)).toBe(false);
  });

  test.each(['IST0173', 'IST0174', 'IST0149'])('ignores %s', (code) => {
    expect(synthBlockingFindings([{ code, level: 'Error', resource: 'DestinationRule apps/shop', message: 'x' }], scope)).toEqual([]);
  });

  test('keeps other errors, never warnings or infos', () => {
    const error: Finding = { code: 'IST0145', level: 'Error', resource: 'Gateway istio-system/gw', message: 'conflict' };
    expect(synthBlockingFindings([error, { ...error, level: 'Warning' }, { ...error, level: 'Info' }], scope)).toEqual([error]);
  });
});

describe.each(Object.entries(EXAMPLES))('example %s', (_name, build) => {
  test('has no finding that fails synth', () => {
    const exampleApp = Testing.app();
    build(exampleApp);
    expect(appSynthFindings(exampleApp)).toEqual([]);
    expect(() => exampleApp.synthYaml()).not.toThrow();
  });
});
