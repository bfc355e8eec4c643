/**
 * The synth-time analysis and a gateway reference that resolves to the VirtualService's own namespace (a short name
 * such as `gateways: [web]` does), where no Gateway of that name exists, while the app defines a Gateway of that name
 * in another namespace: the reference meant the app's Gateway, so the IST0101 `cdk8s-istio-gateway analyze` reports
 * fails synth, with the same message. Istio resolves a short gateway name in the VirtualService's namespace
 * (istio/istio `pkg/config/analysis/analyzers/virtualservice/gateways.go` `analyzeVirtualService`:
 * `resource.NewShortOrFullName(vsNs, gwName)`; `pilot/pkg/model/config.go` `resolveGatewayName`).
 */
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { analyze, Finding, FindingReference, HttpRoute, IngressGateway, Protocol } from '../../src';
import { appScopeOf, hasOutOfAppCause, synthBlockingFindings } from '../../src/analyze/app-scope';
import { appSynthFindings } from '../../src/constructs/app-analysis';

let app: App;
let apps: Chart;

beforeEach(() => {
  app = Testing.app();
  const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
  new IngressGateway(infra, 'web').addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['*'] });
  apps = new Chart(app, 'apps', { namespace: 'apps' });
});

/** A plain VirtualService `apps/shop` bound to `gateways` as written. */
function plainVirtualService(gateways: string[]): ApiObject {
  return new ApiObject(apps, 'shop', {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'shop' },
    spec: { hosts: ['shop.example.com'], gateways, http: [{ route: [{ destination: { host: 'shop', port: { number: 80 } } }] }] },
  });
}

/** The IST0101 gateway finding `cdk8s-istio-gateway analyze` reports for the app's objects (rendered without synth's validation). */
function analyzeGatewayFinding(): Finding {
  const objects = app.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
  const [found] = analyze(objects).filter((f) => f.reference?.variant === 'gateway');
  return found;
}

describe('a gateway reference to the VirtualService\'s own namespace, the app\'s Gateway of that name elsewhere', () => {
  test('the IngressGateway is named web in istio-system', () => {
    expect(Testing.synth(app.charts[0]).filter((o) => o.kind === 'Gateway').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['istio-system/web']);
  });

  test.each([
    ['a short name', ['web']],
    ['the VirtualService\'s namespace spelled out', ['apps/web']],
  ])('written as %s in a plain VirtualService: synth fails with the analyze message', (_form, gateways) => {
    plainVirtualService(gateways);
    const finding = analyzeGatewayFinding();
    expect(finding).toMatchObject({ code: 'IST0101', level: 'Error', resource: 'VirtualService apps/shop' });
    expect(finding.message).toMatch(/^Referenced gateway not found: "[^"]*web"( \(apps\/web\))?; .*name an existing Gateway as namespace\/name, e\.g\. istio-system\/web$/);
    const escaped = finding.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(() => app.synthYaml()).toThrow(new RegExp(`\\[apps/shop\\] IST0101 ReferencedResourceNotFound \\(VirtualService apps/shop\\): ${escaped}`));
  });

  test('written as a short name in an HttpRoute (rendered apps/web): synth fails on the route', () => {
    new HttpRoute(apps, 'shop', { gateways: ['web'], hosts: ['shop.example.com'], rules: [{ destinations: [{ host: 'shop', port: 80 }] }] });
    expect(apps.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson().spec.gateways)).toEqual([['apps/web']]);
    expect(() => app.synthYaml()).toThrow(/\[apps\/shop\] IST0101 ReferencedResourceNotFound \(VirtualService apps\/shop\): Referenced gateway not found: "apps\/web"/);
  });

  test('the reference to the Gateway\'s namespace synthesizes', () => {
    plainVirtualService(['istio-system/web']);
    expect(() => app.synthYaml()).not.toThrow();
    expect(appSynthFindings(app)).toEqual([]);
  });

  test('a short name no Gateway of the app has may name a Gateway deployed elsewhere: no synth error', () => {
    plainVirtualService(['edge']);
    expect(analyzeGatewayFinding()).toMatchObject({ code: 'IST0101', resource: 'VirtualService apps/shop' });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('another namespace named explicitly may hold a Gateway of that name: no synth error', () => {
    plainVirtualService(['partners/web']);
    expect(analyzeGatewayFinding()).toMatchObject({ code: 'IST0101', resource: 'VirtualService apps/shop' });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('a Gateway of that name declared to exist in the VirtualService\'s namespace: no synth error', () => {
    IngressGateway.fromGatewayReference(apps, 'imported', 'apps/web', { listeners: [{ port: 80, protocol: Protocol.HTTP, name: 'http' }] });
    plainVirtualService(['web']);
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('the synth filter', () => {
  const scope = appScopeOf([{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'web', namespace: 'istio-system' } }]);
  const reference: FindingReference = { variant: 'gateway', written: 'web', kind: 'Gateway', namespace: 'apps', name: 'web' };
  const finding = (namespace: string | undefined): Finding => {
    const made: Finding = { code: 'IST0101', level: 'Error', resource: `VirtualService ${namespace}/shop`, message: 'Referenced gateway not found: "web" (apps/web)' };
    Object.defineProperty(made, 'reference', { value: reference });
    Object.defineProperty(made, 'object', { value: namespace === undefined ? undefined : { kind: 'VirtualService', namespace, name: 'shop' } });
    return made;
  };

  test('keeps a reference to the referring VirtualService\'s own namespace', () => {
    expect(hasOutOfAppCause(finding('apps'), scope)).toBe(false);
    expect(synthBlockingFindings([finding('apps')], scope)).toHaveLength(1);
  });

  test('ignores it when the VirtualService is elsewhere, or not known', () => {
    expect(hasOutOfAppCause(finding('shop'), scope)).toBe(true);
    expect(hasOutOfAppCause(finding(undefined), scope)).toBe(true);
  });
});
