import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Lazy, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES } from '../../examples';
import { analyze, ConfigError, Finding, FindingReference, HttpRoute, IngressGateway, PathMatch, Protocol } from '../../src';
import { appScopeOf, hasOutOfAppCause, synthBlockingFindings } from '../../src/analyze/app-scope';
import { appSynthFindings, SYNTH_ANALYSIS_CONTEXT_KEY } from '../../src/constructs/app-analysis';
import { CONTROL_PLANE_SECRETS_WARNING, expectOnlySynthWarnings, IMPLICIT_HOSTS_WARNING } from '../support/synth-warnings';

// Fixtures here put gateways that serve credentialName Secrets in istio-system, which synth warns about.
expectOnlySynthWarnings(CONTROL_PLANE_SECRETS_WARNING, IMPLICIT_HOSTS_WARNING);

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

  test('the default ingress gateway analyze assumes (istioctl\'s, pkg/config/analysis/local/defaults.go) is outside the app: '
    + 'what its pods share fails no synth', () => {
    const own = Testing.app();
    const edge = new Chart(own, 'edge', { namespace: 'istio-system' });
    // One Gateway for the default ingress gateway, one without selector: both configure its pods (IST0145 in analyze).
    for (const [name, selector] of [['a', { istio: 'ingressgateway' }], ['b', undefined]] as const) {
      new ApiObject(edge, name, {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name },
        spec: { selector, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['route.example.com'] }] },
      });
    }
    new HttpRoute(new Chart(own, 'apps', { namespace: 'apps' }), 'route', {
      gateways: ['istio-system/a'], hosts: ['route.example.com'], rules: [{ destinations: [{ host: 'shop', port: 80 }] }],
    });
    expect(analyze(own).filter((f) => f.code === 'IST0145').map((f) => f.resource)).toEqual(['Gateway istio-system/a', 'Gateway istio-system/b']);
    expect(analyze(own, { assumeDefaultIngress: false }).filter((f) => f.code === 'IST0145')).toEqual([]);
    expect(appSynthFindings(own)).toEqual([]);
    expect(() => own.synthYaml()).not.toThrow();
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

describe('one analysis per synth', () => {
  test('app.synth() renders each object once, and writes what rendering the objects gives', () => {
    route([gw]);
    let renders = 0;
    new ApiObject(apps, 'counted', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'counted' },
      data: Lazy.any({
        produce: () => {
          renders++;
          return { greeting: 'hello' };
        },
      }),
    });
    app.synth();
    // cdk8s validates the app three times here (once, then before writing each of the two charts).
    expect(renders).toBe(1);
    const written = app.charts.map((chart) => parseAllDocuments(fs.readFileSync(path.join(app.outdir, `${chart.node.id}.k8s.yaml`), 'utf8')).map((d) => d.toJS()));
    expect(written).toEqual(app.charts.map((chart) => chart.toJson()));
  });

  test('what changes after a synth is analyzed and written by the next one', () => {
    const shop = new HttpRoute(apps, 'shop', {
      gateways: [gw],
      hosts: ['shop.example.com'],
      rules: [{ match: [{ path: PathMatch.prefix('/api/') }], destinations: [{ host: 'shop', port: 80 }] }],
    });
    expect(() => app.synthYaml()).not.toThrow();
    shop.addRule({ destinations: [{ host: 'shop', port: 8080 }] });
    expect(app.synthYaml()).toContain('number: 8080');
    route(['istio-system/missing']);
    expect(() => app.synth()).toThrow(MISSING);
    expect(() => app.synthYaml()).toThrow(MISSING);
  });
});

describe('turning the synth-time analysis off', () => {
  /** The app of `beforeEach`, with `value` for the context key set first. */
  function appWith(value: unknown): { app: App; apps: Chart; gw: IngressGateway } {
    const off = Testing.app();
    off.node.setContext('cdk8s-istio-gateway:synthAnalysis', value);
    const gateway = new IngressGateway(new Chart(off, 'infra', { namespace: 'istio-system' }), 'gw');
    gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['shop.example.com'] });
    return { app: off, apps: new Chart(off, 'apps', { namespace: 'apps' }), gw: gateway };
  }

  test('the key is the documented one', () => {
    expect(SYNTH_ANALYSIS_CONTEXT_KEY).toBe('cdk8s-istio-gateway:synthAnalysis');
  });

  test.each([false, 'false'])('with %p, a mistake the analysis fails synth for synthesizes', (value) => {
    const off = appWith(value);
    new HttpRoute(off.apps, 'route', { gateways: [off.gw, 'istio-system/missing'], hosts: ['shop.example.com'], rules: [{ destinations: [{ host: 'shop', port: 80 }] }] });
    expect(() => off.app.synthYaml()).not.toThrow();
    expect(() => off.app.synth()).not.toThrow();
    expect(() => Testing.synth(off.apps)).not.toThrow();
    // The analysis itself still finds it when asked.
    expect(appSynthFindings(off.app)).toEqual([expect.objectContaining({ code: 'IST0101', resource: 'VirtualService apps/route' })]);
  });

  test.each([true, 'true', undefined])('with %p, it fails synth', (value) => {
    const on = appWith(value);
    new HttpRoute(on.apps, 'route', { gateways: [on.gw, 'istio-system/missing'], hosts: ['shop.example.com'], rules: [{ destinations: [{ host: 'shop', port: 80 }] }] });
    expect(() => on.app.synthYaml()).toThrow(MISSING);
  });

  test('the checks of each construct still fail at the line of the mistake, and at synth on its path', () => {
    const off = appWith(false);
    expect(() => new HttpRoute(off.apps, 'empty', { gateways: [off.gw], hosts: [] })).toThrow(ConfigError);
    new HttpRoute(off.apps, 'other', { gateways: [off.gw], hosts: ['other.example.com'], rules: [{ destinations: [{ host: 'shop', port: 80 }] }] });
    expect(() => off.app.synthYaml()).toThrow(/\[apps\/other\] hosts: 'other\.example\.com' is not admitted by the hosts of any bound listener/);
  });
});

describe('the synth filter', () => {
  const scope = appScopeOf([{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' } }]);
  const ist0101 = (message: string, reference?: FindingReference, resource = 'VirtualService apps/shop'): Finding =>
    ({ code: 'IST0101', level: 'Error', resource, message, reference });
  const gateway = (written: string, namespace?: string, name = written): FindingReference => ({ variant: 'gateway', written, kind: 'Gateway', namespace, name });

  test.each<[string, string, FindingReference | undefined]>([
    ['host', 'Referenced host not found: "counter"', { variant: 'host', written: 'counter', kind: 'Service', name: 'counter.apps.svc.cluster.local' }],
    ['host:port', 'Referenced host:port not found: "counter:8080"',
      { variant: 'host:port', written: 'counter:8080', kind: 'Service', name: 'counter.apps.svc.cluster.local', port: 8080 }],
    ['mirror host', 'Referenced mirror host not found: "shadow"', { variant: 'mirror host', written: 'shadow', kind: 'Service', name: 'shadow.apps.svc.cluster.local' }],
    ['host+subset', 'Referenced host+subset in destinationrule not found: "counter+v2"',
      { variant: 'host+subset in destinationrule', written: 'counter+v2', kind: 'DestinationRule', name: 'counter.apps.svc.cluster.local', subset: 'v2' }],
    ['mirror+subset', 'Referenced mirror+subset in destinationrule not found: "shadow+v1"',
      { variant: 'mirror+subset in destinationrule', written: 'shadow+v1', kind: 'DestinationRule', name: 'shadow.apps.svc.cluster.local', subset: 'v1' }],
    ['credentialName', 'Referenced credentialName not found: "lab-tls"', { variant: 'credentialName', written: 'lab-tls', kind: 'Secret', namespace: 'istio-system', name: 'lab-tls' }],
    ['selector', 'Referenced selector not found: "istio=ingressgateway"', { variant: 'selector', written: 'istio=ingressgateway', kind: 'Pod', name: 'istio=ingressgateway' }],
    ['gateway elsewhere', 'Referenced gateway not found: "other/ext"', gateway('other/ext', 'other', 'ext')],
    ['gateway elsewhere, short name', 'Referenced gateway not found: "ext" (apps/ext)', gateway('ext', 'apps')],
    ['without a reference', 'Something not found', undefined],
  ])('ignores IST0101 %s', (_variant, message, reference) => {
    expect(hasOutOfAppCause(ist0101(message, reference), scope)).toBe(true);
    expect(synthBlockingFindings([ist0101(message, reference)], scope)).toEqual([]);
  });

  test.each<[string, string, FindingReference]>([
    ['ns/name', 'Referenced gateway not found: "istio-system/missing"', gateway('istio-system/missing', 'istio-system', 'missing')],
    ['legacy FQDN', 'Referenced gateway not found: "missing.istio-system.svc.cluster.local" (istio-system/missing)',
      gateway('missing.istio-system.svc.cluster.local', 'istio-system', 'missing')],
    ['malformed', 'Referenced gateway not found: "a/b/c"', gateway('a/b/c')],
  ])('keeps IST0101 gateway %s in a namespace of the app', (_form, message, reference) => {
    expect(synthBlockingFindings([ist0101(message, reference)], scope)).toEqual([ist0101(message, reference)]);
  });

  test('decides by the reference, whatever the message says', () => {
    const elsewhere = gateway('other/ext', 'other', 'ext');
    expect(hasOutOfAppCause(ist0101('Referenced gateway not found: "istio-system/missing"', elsewhere), scope)).toBe(true);
    expect(hasOutOfAppCause(ist0101('Referenced host not found: "counter"', gateway('istio-system/missing', 'istio-system', 'missing')), scope)).toBe(false);
  });

  test('a short gateway name resolves in the VirtualService namespace', () => {
    const vs = (namespace: string) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'vs', namespace },
      spec: { hosts: ['vs.example.com'], gateways: ['gw2'], http: [{ route: [{ destination: { host: 'shop' } }] }] },
    });
    const [inApp] = analyze([vs('istio-system')]).filter((f) => f.reference?.variant === 'gateway');
    expect(inApp.reference).toEqual(gateway('gw2', 'istio-system', 'gw2'));
    expect(hasOutOfAppCause(inApp, scope)).toBe(false);
    const [elsewhere] = analyze([vs('apps')]).filter((f) => f.reference?.variant === 'gateway');
    expect(hasOutOfAppCause(elsewhere, scope)).toBe(true);
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
