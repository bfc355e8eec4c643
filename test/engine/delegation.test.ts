/**
 * VirtualService delegation (`http[].delegate`): a root VirtualService's delegating rule replaced by
 * the delegate's rules, merged with the root rule at config time as istiod does.
 */
import { EngineCase, engineOf, fqdn, gatewayFixture, NO_ROUTE, onlyTo, runCases, virtualService } from './support';
import { computeCoverage } from '../../src/verify/coverage';

const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md §c.6';
const VS_GO = 'istio/istio pilot/pkg/model/virtualservice.go';
const VS_TEST = 'istio/istio pilot/pkg/model/virtualservice_test.go TestMergeVirtualServices';
const VALIDATION = 'istio/istio pkg/config/validation validateVirtualService ("delegate virtual service must have no gateways specified")';
const SPLIT_DOC = 'istio.io/latest/docs/ops/best-practices/traffic-management/#split-virtual-services';
const HOST = 'shop.example.com';

/** A root VirtualService `istio-system/root` for shop.example.com with the given `http` rules (YAML). */
function root(http: string): string {
  return virtualService('root', `
hosts: [${HOST}]
gateways: [istio-system/gw]
http:
${http}`, { namespace: 'istio-system' });
}

/** Root rule 0 delegates `/products` to `products/products`, rule 1 sends the rest to `fallback`. */
const STANDARD_ROOT = root(`
- match: [{uri: {prefix: /products}}]
  delegate: {name: products, namespace: products}
- route: [{destination: {host: fallback.default.svc.cluster.local, port: {number: 80}}}]`);

/** A delegate `products/products` (or `namespace/name`) with the given spec (YAML). */
function delegate(spec: string, name = 'products', namespace = 'products'): string {
  return virtualService(name, spec, { namespace });
}

/** The standard delegate's rules: /products/v1 -> v1, /products/v2 -> v2, the rest -> v3. */
const PRODUCTS_HTTP = `
http:
- match: [{uri: {prefix: /products/v1}}]
  route: [{destination: {host: v1, port: {number: 80}}}]
- match: [{uri: {prefix: /products/v2}}]
  route: [{destination: {host: v2, port: {number: 80}}}]
- route: [{destination: {host: v3, port: {number: 80}}}]`;

const STANDARD = gatewayFixture() + STANDARD_ROOT + delegate(PRODUCTS_HTTP);

/** A request to shop.example.com on port 80. */
function get(path: string, headers?: Record<string, string>) {
  return { port: 80, host: HOST, path, headers };
}

/** Decision fields of delegate rule `index` of `products/products` sending to `host` in namespace products. */
function delegated(index: number, host: string): Record<string, unknown> {
  return { ...onlyTo(fqdn(host, 'products'), 80), virtualService: 'products/products', rule: { index, name: null } };
}

/** Decision fields of the root's fallback rule 1. */
const FALLBACK = { ...onlyTo(fqdn('fallback'), 80), virtualService: 'istio-system/root', rule: { index: 1, name: null } };

/** Expects a trace line containing `text`. */
function traced(text: string): Record<string, unknown> {
  return { trace: expect.arrayContaining([expect.stringContaining(text)]) };
}

const expansion: EngineCase[] = [
  {
    name: 'a delegated prefix route is reached through the root host, destinations resolved in the delegate namespace',
    source: `${REF}; ${VS_TEST} ("root and delegate vs"); ${SPLIT_DOC}`,
    manifests: STANDARD,
    request: get('/products/v2/item'),
    expect: { ...delegated(1, 'v2'), ...traced('via delegation from VirtualService istio-system/root rule 0') },
  },
  {
    name: 'the decision reports the delegate VirtualService and its own rule index',
    source: `${REF} "an engine reporting rule.index should report the delegate VS and its own index"`,
    manifests: STANDARD,
    request: get('/products/v1'),
    expect: delegated(0, 'v1'),
  },
  {
    name: 'a delegate rule without match takes the root rule\'s matches',
    source: `${VS_GO} mergeHTTPMatchRequests (no delegate match: the root's); ${VS_TEST} (v3 route gets /productpage)`,
    manifests: STANDARD,
    request: get('/products/other'),
    expect: delegated(2, 'v3'),
  },
  {
    name: 'root rules after the delegating rule still apply',
    source: `${REF} "root rules before the delegating one, then the delegate's rules, then the remaining root rules"`,
    manifests: STANDARD,
    request: get('/cart'),
    expect: FALLBACK,
  },
  {
    name: 'the delegate namespace defaults to the root\'s',
    source: `${REF} "namespace defaults to the root's"; ${VS_GO} mergeVirtualServicesIfNeeded (delegateNamespace)`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products}}]
  delegate: {name: products}`) + delegate(PRODUCTS_HTTP, 'products', 'istio-system'),
    request: get('/products/v1'),
    expect: { ...onlyTo(fqdn('v1', 'istio-system'), 80), virtualService: 'istio-system/products', rule: { index: 0, name: null } },
  },
  {
    name: 'a root delegating rule without match accepts every delegate match unchanged',
    source: `${VS_GO} mergeHTTPMatchRequests (no root match: the delegate's)`,
    manifests: gatewayFixture() + root(`
- delegate: {name: products, namespace: products}`) + delegate(`
http:
- match: [{uri: {exact: /anything}}]
  route: [{destination: {host: v1, port: {number: 80}}}]`),
    request: get('/anything'),
    expect: delegated(0, 'v1'),
  },
];

const INCOMPATIBLE = gatewayFixture() + STANDARD_ROOT + delegate(`
http:
- match: [{uri: {regex: '/products/.*'}}]
  route: [{destination: {host: regex, port: {number: 80}}}]
- match: [{uri: {prefix: /mis-match/path}}]
  route: [{destination: {host: mismatch, port: {number: 80}}}]
- match: [{uri: {prefix: /products/v1}, ignoreUriCase: true}]
  route: [{destination: {host: nocase, port: {number: 80}}}]
- match: [{uri: {prefix: /products/v1}}]
  route: [{destination: {host: v1, port: {number: 80}}}]`);

const compatibility: EngineCase[] = [
  {
    name: 'a delegate regex match conflicts with the root prefix: that rule is dropped',
    source: `${REF} "any regex on either side conflicts"; ${VS_GO} stringMatchConflict`,
    manifests: INCOMPATIBLE,
    request: get('/products/x'),
    expect: FALLBACK,
  },
  {
    name: 'a delegate prefix outside the root prefix is dropped',
    source: `${REF} "root prefix => delegate prefix/exact must start with it"; ${VS_TEST} ("delegate with mismatch")`,
    manifests: INCOMPATIBLE,
    request: get('/mis-match/path'),
    expect: { ...FALLBACK, ...traced('VirtualService products/products rule 1 (delegated from VirtualService istio-system/root rule 0)') },
  },
  {
    name: 'ignoreUriCase must agree: a case-insensitive delegate match under a case-sensitive root is dropped',
    source: `${REF} "ignoreUriCase must agree"; ${VS_GO} hasConflict`,
    manifests: INCOMPATIBLE,
    request: get('/products/v1'),
    expect: { ...onlyTo(fqdn('v1', 'products'), 80), virtualService: 'products/products', rule: { index: 3, name: null } },
  },
  {
    name: 'headers of root and delegate matches are unioned: both must hold',
    source: `${REF} "header/query/withoutHeaders maps are unioned"; ${VS_GO} mergeHTTPMatchRequest`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products}, headers: {x-tenant: {exact: a}}}]
  delegate: {name: products, namespace: products}
- route: [{destination: {host: fallback.default.svc.cluster.local, port: {number: 80}}}]`) + delegate(`
http:
- match: [{headers: {x-beta: {exact: 'yes'}}}]
  route: [{destination: {host: beta, port: {number: 80}}}]
- route: [{destination: {host: v1, port: {number: 80}}}]`),
    request: get('/products/x', { 'x-tenant': 'a', 'x-beta': 'yes' }),
    expect: delegated(0, 'beta'),
  },
  {
    name: 'a unioned match does not hold without the root header',
    source: `${REF} "header/query/withoutHeaders maps are unioned"; ${VS_GO} mergeHTTPMatchRequest`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products}, headers: {x-tenant: {exact: a}}}]
  delegate: {name: products, namespace: products}
- route: [{destination: {host: fallback.default.svc.cluster.local, port: {number: 80}}}]`) + delegate(`
http:
- match: [{headers: {x-beta: {exact: 'yes'}}}]
  route: [{destination: {host: beta, port: {number: 80}}}]`),
    request: get('/products/x', { 'x-beta': 'yes' }),
    expect: FALLBACK,
  },
];

const ignored: EngineCase[] = [
  {
    name: 'a missing delegate removes only the delegating rule: later root rules still work',
    source: `${REF} "Missing or not-exported delegate => only the delegating rule disappears"; ${VS_GO} mergeVirtualServicesIfNeeded`,
    manifests: gatewayFixture() + STANDARD_ROOT,
    request: get('/products/v1'),
    expect: { ...FALLBACK, ...traced('delegates to products/products, which is not in the manifests') },
  },
  {
    name: 'a "delegate" with hosts is not a delegate',
    source: `${VS_GO} mergeVirtualServicesIfNeeded (delegates are the VirtualServices without hosts)`,
    manifests: gatewayFixture() + STANDARD_ROOT + delegate(`hosts: [internal.example.com]${PRODUCTS_HTTP}`),
    request: get('/products/v1'),
    expect: { ...FALLBACK, ...traced('has hosts') },
  },
  {
    name: 'a delegate with gateways is rejected by validation',
    source: `${REF} "The delegate VS must have no hosts, no gateways"; ${VALIDATION}`,
    manifests: gatewayFixture() + STANDARD_ROOT + delegate(`gateways: [istio-system/gw]${PRODUCTS_HTTP}`),
    request: get('/products/v1'),
    expect: FALLBACK,
  },
  {
    name: 'a delegate exported only to its own namespace is invisible to the root',
    source: `${REF} "must be exported to the root's namespace"; ${VS_TEST} ("delegate not exported to root vs namespace")`,
    manifests: gatewayFixture() + STANDARD_ROOT + delegate(`exportTo: ['.']${PRODUCTS_HTTP}`),
    request: get('/products/v1'),
    expect: { ...FALLBACK, ...traced('is not exported to istio-system') },
  },
  {
    name: 'a delegate exported to the root namespace by name is used',
    source: `${VS_TEST} ("delegate exported to root vs namespace")`,
    manifests: gatewayFixture() + STANDARD_ROOT + delegate(`exportTo: [istio-system]${PRODUCTS_HTTP}`),
    request: get('/products/v1'),
    expect: delegated(0, 'v1'),
  },
  {
    name: 'nested delegation is refused by the webhook: the delegate that delegates again is left out, the root falls through',
    source: `${REF} "Only one level of delegation"; istio/istio pkg/config/validation/virtualservice.go validateHTTPRouteConflict ("delegate HTTP route cannot contain delegate")`,
    manifests: gatewayFixture() + STANDARD_ROOT + delegate(`
http:
- match: [{uri: {prefix: /products/deep}}]
  delegate: {name: deeper, namespace: products}
- route: [{destination: {host: v1, port: {number: 80}}}]`) + delegate(PRODUCTS_HTTP, 'deeper'),
    request: get('/products/deep'),
    expect: { ...FALLBACK, ...traced('delegates to products/products, which is not in the manifests') },
  },
];

const inherited: EngineCase[] = [
  {
    name: 'root rewrite and timeout fill in a delegate rule without them',
    source: `${VS_GO} mergeHTTPRoute (Rewrite, Timeout, Retries, Fault, Mirror*, CorsPolicy, Mirrors, Headers from the root when unset)`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products/}}]
  rewrite: {uri: /}
  timeout: 5s
  retries: {attempts: 2}
  delegate: {name: products, namespace: products}`) + delegate(`
http:
- match: [{uri: {prefix: /products/own}}]
  timeout: 1s
  route: [{destination: {host: own, port: {number: 80}}}]
- route: [{destination: {host: v1, port: {number: 80}}}]`),
    request: get('/products/item'),
    expect: { ...delegated(1, 'v1'), rewrite: { path: '/item', authority: null }, timeout: '5s', retries: { attempts: 2 } },
  },
  {
    name: 'a delegate rule keeps its own timeout',
    source: `${VS_GO} mergeHTTPRoute (only unset fields are taken from the root)`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products/}}]
  timeout: 5s
  delegate: {name: products, namespace: products}`) + delegate(`
http:
- match: [{uri: {prefix: /products/own}}]
  timeout: 1s
  route: [{destination: {host: own, port: {number: 80}}}]`),
    request: get('/products/own'),
    expect: { ...delegated(0, 'own'), timeout: '1s' },
  },
  {
    name: 'a delegate redirect is not given the root rewrite',
    source: `${VS_GO} mergeHTTPRoute (directResponse and redirect are not copied; rewrite is, but a redirect ignores it)`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products/}}]
  delegate: {name: products, namespace: products}`) + delegate(`
http:
- redirect: {uri: /moved}`),
    request: get('/products/x'),
    expect: { action: 'redirect', status: 301, virtualService: 'products/products', rule: { index: 0, name: null } },
  },
  {
    name: 'nothing outside the root match reaches the delegate',
    source: `${REF} "compatible pairs are merged"`,
    manifests: gatewayFixture() + root(`
- match: [{uri: {prefix: /products/}}]
  delegate: {name: products, namespace: products}`) + delegate(`
http:
- route: [{destination: {host: v1, port: {number: 80}}}]`),
    request: get('/other'),
    expect: NO_ROUTE,
  },
];

describe('delegation', () => {
  describe('expansion', () => runCases(expansion));
  describe('match compatibility', () => runCases(compatibility));
  describe('unusable delegates', () => runCases(ignored));
  describe('root fields', () => runCases(inherited));
});

describe('delegation in listings, config dump and coverage', () => {
  const NAMED = gatewayFixture() + root(`
- name: shop
  match: [{uri: {prefix: /products}}]
  delegate: {name: products, namespace: products}
- route: [{destination: {host: fallback.default.svc.cluster.local, port: {number: 80}}}]`) + delegate(`
http:
- name: v1
  match: [{uri: {prefix: /products/v1}}]
  route: [{destination: {host: v1, port: {number: 80}}}]
- route: [{destination: {host: v3, port: {number: 80}}}]`);

  test('route rows name the delegate rule and the root rule it came from', () => {
    const rows = engineOf(NAMED).routes();
    expect(rows.map((r) => [r.match, r.virtualService, r.rule, r.delegatedFrom])).toEqual([
      ['/products/v1*', 'products.products', 0, 'root.istio-system #0'],
      ['/products*', 'products.products', 1, 'root.istio-system #0'],
      ['/*', 'root.istio-system', 1, undefined],
    ]);
  });

  test('config dump names merged routes root-delegate, with the root VirtualService as metadata', () => {
    const dump = engineOf(NAMED).configDump() as any;
    const routes = dump.configs[1].dynamic_route_configs[0].route_config.virtual_hosts[0].routes;
    expect(routes.map((r: any) => r.name)).toEqual(['shop-v1', 'shop', undefined]);
    expect(routes[0].metadata.filter_metadata.istio.config).toBe('/apis/networking.istio.io/v1/namespaces/istio-system/virtual-service/root');
  });

  test('the decision names the delegate rule as written, not the merged name', () => {
    expect(engineOf(NAMED).route(get('/products/v1')).rule).toEqual({ index: 0, name: 'v1' });
  });

  test('coverage counts the delegate rules and the delegating root rule', () => {
    const engine = engineOf(NAMED);
    const coverage = computeCoverage(engine.coverageTargets(), [engine.route(get('/products/v1'))]);
    expect(coverage.rules.map((r) => [r.virtualService, r.index, r.reached])).toEqual([
      ['istio-system/root', 0, true],
      ['istio-system/root', 1, false],
      ['products/products', 0, true],
      ['products/products', 1, false],
    ]);
  });
});
