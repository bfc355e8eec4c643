import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { findings, GATEWAY_WORKLOAD } from './support';
import { EXAMPLES } from '../../examples';
import { analyze, ANALYZERS, Finding, FindingReference, loadChart, loadObjects } from '../../src';
import { analyzeLoaded } from '../../src/analyze/analyze';
import { appScopeOf, synthBlockingFindings, synthScope } from '../../src/analyze/app-scope';

/** A Gateway `istio-system/NAME` with one server (a YAML flow mapping), selecting the pods labelled `istio: SELECTED`. */
function gateway(name: string, selected: string, server: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec: {selector: {istio: ${selected}}, servers: [${server}]}
`;
}

/** A Gateway whose credential Secret is missing, one that selects no pod, and a VirtualService with every kind of broken reference. */
const BROKEN = `${GATEWAY_WORKLOAD}${gateway('public', 'ingressgateway', "{port: {number: 443, name: https, protocol: HTTPS}, hosts: ['*'], tls: {mode: SIMPLE, credentialName: shop-cert}}")}${
  gateway('lost', 'egress', "{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}")}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: apps}
spec: {ports: [{name: http, port: 9080}, {name: admin, port: 9090}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: apps}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/public, istio-system/missing, other/ext, a/b/c]
  http:
  - match: [{uri: {prefix: /ratings}}]
    route: [{destination: {host: ratings, port: {number: 9080}}}]
  - match: [{uri: {prefix: /port}}]
    route: [{destination: {host: reviews, port: {number: 8080}}}]
  - match: [{uri: {prefix: /subset}}]
    route: [{destination: {host: reviews, subset: v3, port: {number: 9080}}}]
    mirror: {host: shadow}
`;

const VS = { kind: 'VirtualService', namespace: 'apps', name: 'shop' };
const GATEWAY = { kind: 'Gateway', namespace: 'istio-system', name: 'public' };

describe('reference findings carry what they refer to', () => {
  const ist0101 = findings(BROKEN).filter((f) => f.code === 'IST0101');

  test.each<[string, object, FindingReference]>([
    ['gateway', VS, { variant: 'gateway', written: 'istio-system/missing', kind: 'Gateway', namespace: 'istio-system', name: 'missing' }],
    ['gateway elsewhere', VS, { variant: 'gateway', written: 'other/ext', kind: 'Gateway', namespace: 'other', name: 'ext' }],
    ['malformed gateway', VS, { variant: 'gateway', written: 'a/b/c', kind: 'Gateway', name: 'a/b/c' }],
    ['host', VS, { variant: 'host', written: 'ratings', kind: 'Service', name: 'ratings.apps.svc.cluster.local' }],
    ['host:port', VS, { variant: 'host:port', written: 'reviews:8080', kind: 'Service', name: 'reviews.apps.svc.cluster.local', port: 8080 }],
    ['host+subset', VS, { variant: 'host+subset in destinationrule', written: 'reviews+v3', kind: 'DestinationRule', name: 'reviews.apps.svc.cluster.local', subset: 'v3' }],
    ['mirror host', VS, { variant: 'mirror host', written: 'shadow', kind: 'Service', name: 'shadow.apps.svc.cluster.local' }],
    ['credentialName', GATEWAY, { variant: 'credentialName', written: 'shop-cert', kind: 'Secret', namespace: 'istio-system', name: 'shop-cert' }],
    ['selector', { ...GATEWAY, name: 'lost' }, { variant: 'selector', written: 'istio=egress', kind: 'Pod', name: 'istio=egress' }],
  ])('%s', (_variant, object, reference) => {
    const found = ist0101.filter((f) => f.reference?.written === reference.written && f.reference.variant === reference.variant);
    expect(found).toHaveLength(1);
    expect(found[0].reference).toEqual(reference);
    expect(found[0].object).toEqual(object);
    // The message says what the reference says.
    expect(found[0].message.startsWith(`Referenced ${reference.variant} not found: "${reference.written}"`)).toBe(true);
  });

  test('every IST0101 finding has a reference', () => {
    expect(ist0101).toHaveLength(9);
    expect(ist0101.filter((f) => f.reference === undefined)).toEqual([]);
  });
});

describe('the fields of every finding', () => {
  const all = findings(BROKEN);

  test('each finding names its object, as its resource does; only IST0101 findings have a reference', () => {
    for (const f of all) {
      expect([f.code, f.object]).toEqual([f.code, expect.anything()]);
      expect(`${f.object!.kind} ${f.object!.namespace}/${f.object!.name}`).toBe(f.resource);
      expect(f.reference !== undefined).toBe(f.code === 'IST0101');
    }
    expect(all).toContainEqual(expect.objectContaining({ code: 'IST0118', resource: 'Service apps/reviews' }));
  });

  test('serialized, a finding keeps its four text fields only', () => {
    for (const f of all) {
      expect(Object.keys(JSON.parse(JSON.stringify(f)))).toEqual(['code', 'level', 'resource', 'message']);
      expect(Object.keys(f)).toEqual(['code', 'level', 'resource', 'message']);
    }
  });
});

/** The synth-time analysis of `objects` beside what filtering the full analysis keeps. */
function bothWays(objects: unknown[]): { scoped: Finding[]; filtered: Finding[] } {
  const scope = appScopeOf(objects);
  return {
    scoped: synthBlockingFindings(analyzeLoaded(loadObjects(objects), synthScope(scope)), scope),
    filtered: synthBlockingFindings(analyze(objects), scope),
  };
}

describe('the synth scope', () => {
  const scope = synthScope(appScopeOf([]));

  test('runs only analyzers of errors whose cause is in the app: of IST0101, the gateway references alone', () => {
    const admitted = ANALYZERS.filter((a) => scope.admitsAnalyzer(a));
    expect(admitted.every((a) => a.level === 'Error')).toBe(true);
    expect(admitted.map((a) => a.code)).not.toEqual(expect.arrayContaining(['IST0173']));
    expect(admitted.filter((a) => a.code === 'IST0101').map((a) => a.referenceVariants)).toEqual([['gateway']]);
    expect(ANALYZERS.filter((a) => a.level !== 'Error').some((a) => scope.admitsAnalyzer(a))).toBe(false);
  });

  test('makes exactly the findings that filtering the full analysis keeps, and no other', () => {
    const objects = parseAllDocuments(BROKEN).map((d) => d.toJS()).filter(Boolean);
    const { scoped, filtered } = bothWays(objects);
    expect(scoped).toEqual(filtered);
    expect(scoped.filter((f) => f.code === 'IST0101').map((f) => f.reference?.written)).toEqual(['istio-system/missing', 'a/b/c']);
    const unfiltered = analyzeLoaded(loadObjects(objects), synthScope(appScopeOf(objects)));
    expect(unfiltered).toEqual(scoped);
  });

  test.each(Object.keys(EXAMPLES))('agrees with the filter on example %s', (name) => {
    const app = new App();
    EXAMPLES[name as keyof typeof EXAMPLES](app);
    const objects = loadChart(app);
    const { scoped, filtered } = bothWays(objects as unknown[]);
    expect(scoped).toEqual(filtered);
  });
});
