/**
 * Which virtual host a request lands in: Envoy's domain matching, how server hosts and
 * VirtualService hosts intersect, which VirtualServices a gateway uses at all.
 */
import {
  EngineCase, fqdn, gatewayFixture, gatewayResource, httpServer, NO_ROUTE, onlyTo, runCases, virtualService,
} from './support';

const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md';
const ENVOY_VHOST = 'envoyproxy/envoy source/common/router/config_impl.cc RouteMatcher::findVirtualHost (exact, longest suffix wildcard, prefix wildcard, default "*")';
const INTERSECT = 'istio/istio pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig (NamesForNamespace + Intersection); pkg/config/host/names.go Intersection';

/** A VirtualService bound to the fixture's Gateway sending everything (or `prefix` only) to `destination`. */
interface RouteAllOptions {
  readonly prefix?: string;
  readonly namespace?: string;
  readonly gateways?: string;
  readonly exportTo?: string;
  readonly creationTimestamp?: string;
}

function routeAll(name: string, hosts: readonly string[], destination: string, options: RouteAllOptions = {}): string {
  const match = options.prefix ? `\n  match: [{uri: {prefix: ${options.prefix}}}]` : '';
  const exportTo = options.exportTo ? `\nexportTo: ${options.exportTo}` : '';
  return virtualService(name, `
hosts: ${JSON.stringify(hosts)}
gateways: ${options.gateways ?? '[istio-system/gw]'}${exportTo}
http:
- route:
  - destination: {host: ${destination}, port: {number: 80}}${match}
`, { namespace: options.namespace, creationTimestamp: options.creationTimestamp });
}

// --- virtual host selection (reference §c.5) ----------------------------------------------------

const DOMAINS = gatewayFixture()
  + routeAll('shop', ['shop.example.com'], 'shop', { prefix: '/shop' })
  + routeAll('wild', ['*.example.com'], 'wild')
  + routeAll('deeper', ['*.b.example.com'], 'deeper')
  + routeAll('star', ['*'], 'star');

const ONLY_SHOP = gatewayFixture() + routeAll('shop', ['shop.example.com'], 'shop');

const selection: EngineCase[] = [
  {
    name: 'exact domain beats every wildcard',
    source: `${REF} §c.5 step 2; ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'shop.example.com', path: '/shop' },
    expect: { ...onlyTo(fqdn('shop'), 80), virtualService: 'default/shop', rule: { index: 0, name: null }, gateway: 'istio-system/gw', server: { port: 80, protocol: 'HTTP', name: 'http' } },
  },
  {
    name: 'no fall-through: the exact vhost has no route for /other, so 404 although *.example.com and * would route',
    source: `${REF} §c.5 "There is no fall-through"; ${ENVOY_VHOST} (one vhost per request)`,
    manifests: DOMAINS,
    request: { port: 80, host: 'shop.example.com', path: '/other' },
    expect: { ...NO_ROUTE, gateway: 'istio-system/gw' },
  },
  {
    name: 'suffix wildcard *.example.com takes a host with no exact vhost',
    source: `${REF} §c.5 step 3; ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'a.example.com' },
    expect: { ...onlyTo(fqdn('wild'), 80), virtualService: 'default/wild' },
  },
  {
    name: 'the longest suffix wildcard wins: *.b.example.com over *.example.com',
    source: `${REF} §c.5 step 3 (longest); ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'x.b.example.com' },
    expect: { ...onlyTo(fqdn('deeper'), 80), virtualService: 'default/deeper' },
  },
  {
    name: 'a suffix wildcard covers any depth: x.y.b.example.com -> *.b.example.com',
    source: `${REF} §b.9 "*.example.com any depth"; ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'x.y.b.example.com' },
    expect: { virtualService: 'default/deeper' },
  },
  {
    name: '*.b.example.com does not cover b.example.com itself, *.example.com does',
    source: `${REF} §c.5 (the wildcard must match at least one character); ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'b.example.com' },
    expect: { virtualService: 'default/wild' },
  },
  {
    name: '*.example.com does not cover example.com: the * vhost takes it',
    source: `${REF} §c.5 steps 3 and 5; ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'example.com' },
    expect: { ...onlyTo(fqdn('star'), 80), virtualService: 'default/star' },
  },
  {
    name: 'an unrelated host falls to the * vhost',
    source: `${REF} §c.5 step 5`,
    manifests: DOMAINS,
    request: { port: 80, host: 'other.org' },
    expect: { virtualService: 'default/star' },
  },
  {
    name: 'without a * vhost an unknown host is 404 (no virtual host)',
    source: `${REF} §c.5 step 6; istio/istio pilot/pkg/networking/core/gateway_simulation_test.go TestHTTPGateway "host mismatch" (ErrNoVirtualHost)`,
    manifests: ONLY_SHOP,
    request: { port: 80, host: 'other.org' },
    expect: { ...NO_ROUTE, gateway: 'istio-system/gw', server: { port: 80, protocol: 'HTTP', name: 'http' } },
  },
  {
    name: 'the Host is compared case-insensitively',
    source: `${REF} §c.5 step 1; ${ENVOY_VHOST} (lower-cases the Host)`,
    manifests: DOMAINS,
    request: { port: 80, host: 'SHOP.Example.COM', path: '/shop' },
    expect: { virtualService: 'default/shop' },
  },
  {
    name: 'a :port in the Host is ignored for vhost selection',
    source: `${REF} §c.5 step 1 and §j (ignore_port_in_host_matching, >= 1.15); ${ENVOY_VHOST}`,
    manifests: DOMAINS,
    request: { port: 80, host: 'shop.example.com:8080', path: '/shop' },
    expect: { virtualService: 'default/shop' },
  },
  {
    name: 'a nodePort in the Host of a wildcard host no longer breaks matching (the <= 1.14 404)',
    source: `${REF} §c.5 "(<= 1.14) ... Host: a.x:31380 ... a classic 404" and §j`,
    manifests: DOMAINS,
    request: { nodePort: 30080, host: 'a.example.com:30080' },
    expect: { virtualService: 'default/wild', server: { port: 80 } },
  },
  {
    name: 'through the nodePort the decision names the Gateway server port, not the nodePort',
    source: `${REF} §a.3 (server port for everything a user writes) and §a.6`,
    manifests: DOMAINS,
    request: { nodePort: 30080, host: 'shop.example.com', path: '/shop' },
    expect: { ...onlyTo(fqdn('shop'), 80), server: { port: 80, protocol: 'HTTP', name: 'http' } },
  },
  {
    name: 'a request to a port the Service does not have gets no listener',
    source: `${REF} §a.6; gateway_simulation_test.go TestHTTPGateway "undefined port" (ErrNoListener)`,
    manifests: DOMAINS,
    request: { port: 81, host: 'shop.example.com' },
    expect: { action: 'no_listener', status: null, gateway: null },
  },
];

// --- short VirtualService hosts (reference §c.3) -------------------------------------------------

const SHORT_HOST = gatewayFixture() + routeAll('counter', ['counter'], 'counter');

const shortHosts: EngineCase[] = [
  {
    name: 'short VS host counter becomes counter.default.svc.cluster.local: Host counter gets 404',
    source: `${REF} §c.3 "a request with Host: counter gets 404"; istio/istio pilot/pkg/model/virtualservice.go resolveVirtualServiceShortnames`,
    manifests: SHORT_HOST,
    request: { port: 80, host: 'counter' },
    expect: NO_ROUTE,
  },
  {
    name: 'short VS host counter: Host counter.default.svc.cluster.local is routed',
    source: `${REF} §c.3 (FQDN resolution against the VirtualService namespace)`,
    manifests: SHORT_HOST,
    request: { port: 80, host: 'counter.default.svc.cluster.local' },
    expect: { ...onlyTo(fqdn('counter'), 80), virtualService: 'default/counter' },
  },
  {
    name: 'short VS host counter: Host counter.default (dotted but not the FQDN) gets 404',
    source: `${REF} §c.3 (only names without a dot are expanded; the vhost domain is the FQDN)`,
    manifests: SHORT_HOST,
    request: { port: 80, host: 'counter.default' },
    expect: NO_ROUTE,
  },
];

// --- server hosts x VirtualService hosts (reference §c.3 table) -----------------------------------

function intersection(serverHosts: readonly string[], vsHost: string): string {
  return gatewayFixture(httpServer(serverHosts)) + routeAll('vs', [vsHost], 'app');
}

const INTERSECTION_ROWS: Array<{ server: string[]; vs: string; routed: string[]; notRouted: string[] }> = [
  { server: ['*'], vs: 'shop.example.com', routed: ['shop.example.com'], notRouted: ['other.example.com'] },
  { server: ['*.example.com'], vs: 'shop.example.com', routed: ['shop.example.com'], notRouted: ['a.example.com'] },
  { server: ['shop.example.com'], vs: '*.example.com', routed: ['shop.example.com'], notRouted: ['a.example.com'] },
  { server: ['*'], vs: '*.example.com', routed: ['a.example.com'], notRouted: ['example.com'] },
  { server: ['*.example.com'], vs: '*.a.example.com', routed: ['x.a.example.com'], notRouted: ['x.example.com'] },
  { server: ['*.example.com'], vs: 'example.com', routed: [], notRouted: ['example.com'] },
  { server: ['shop.example.com'], vs: '*', routed: ['shop.example.com'], notRouted: ['other.example.com'] },
  { server: ['a.com', 'b.com'], vs: '*', routed: ['a.com', 'b.com'], notRouted: ['c.com'] },
];

const intersections: EngineCase[] = INTERSECTION_ROWS.flatMap((row) => {
  const manifests = intersection(row.server, row.vs);
  const label = `server ${row.server.join(',')} x VS ${row.vs}`;
  return [
    ...row.routed.map((host): EngineCase => ({
      name: `${label}: ${host} is routed`,
      source: `${REF} §c.3 intersection table; ${INTERSECT}`,
      manifests,
      request: { port: 80, host },
      expect: { ...onlyTo(fqdn('app'), 80), virtualService: 'default/vs' },
    })),
    ...row.notRouted.map((host): EngineCase => ({
      name: `${label}: ${host} gets 404`,
      source: `${REF} §c.3 intersection table (the more specific name of each pair becomes the only vhost); ${INTERSECT}`,
      manifests,
      request: { port: 80, host },
      expect: NO_ROUTE,
    })),
  ];
});

// --- namespace-qualified server hosts (reference §b.9, §c.3) -------------------------------------

const NS_SERVER = gatewayFixture(httpServer(['apps/*']))
  + routeAll('shop', ['shop.example.com'], 'shop', { namespace: 'apps' })
  + routeAll('web', ['web.example.com'], 'web', { namespace: 'web' });
const DOT_SERVER_IN_GW_NS = gatewayFixture(httpServer(['./shop.example.com']))
  + routeAll('shop', ['shop.example.com'], 'shop', { namespace: 'istio-system' });
const DOT_SERVER_OTHER_NS = gatewayFixture(httpServer(['./shop.example.com']))
  + routeAll('shop', ['shop.example.com'], 'shop');
const STAR_SLASH_SERVER = gatewayFixture(httpServer(['*/shop.example.com']))
  + routeAll('shop', ['shop.example.com'], 'shop', { namespace: 'apps' });

const namespacedHosts: EngineCase[] = [
  {
    name: 'server host apps/* takes routes from a VirtualService in apps',
    source: `${REF} §b.9 "ns1/*"; istio/istio pkg/config/host/names.go NamesForNamespace`,
    manifests: NS_SERVER,
    request: { port: 80, host: 'shop.example.com' },
    expect: { ...onlyTo(fqdn('shop', 'apps'), 80), virtualService: 'apps/shop' },
  },
  {
    name: 'server host apps/* ignores a VirtualService in another namespace',
    source: `${REF} §c.3 "ns/host entries survive only for VirtualServices in ns"; NamesForNamespace`,
    manifests: NS_SERVER,
    request: { port: 80, host: 'web.example.com' },
    expect: NO_ROUTE,
  },
  {
    name: 'server host ./shop.example.com means the Gateway namespace: a VirtualService there is used',
    source: `${REF} §b.9 "./foo.example.com"; istio/istio pilot/pkg/model/gateway.go sanitizeServerHostNamespace`,
    manifests: DOT_SERVER_IN_GW_NS,
    request: { port: 80, host: 'shop.example.com' },
    expect: { ...onlyTo(fqdn('shop', 'istio-system'), 80), virtualService: 'istio-system/shop' },
  },
  {
    name: 'server host ./shop.example.com ignores a VirtualService outside the Gateway namespace',
    source: `${REF} §b.9 "./foo.example.com"; sanitizeServerHostNamespace + NamesForNamespace`,
    manifests: DOT_SERVER_OTHER_NS,
    request: { port: 80, host: 'shop.example.com' },
    expect: NO_ROUTE,
  },
  {
    name: 'server host */shop.example.com is the same as shop.example.com (any namespace)',
    source: `${REF} §b.9 "*/foo.example.com"`,
    manifests: STAR_SLASH_SERVER,
    request: { port: 80, host: 'shop.example.com' },
    expect: { virtualService: 'apps/shop' },
  },
];

// --- binding VirtualServices to the gateway (reference §c.1) --------------------------------------

function bound(gateways: string | undefined, namespace = 'default'): string {
  const field = gateways === undefined ? '' : `\ngateways: ${gateways}`;
  return gatewayFixture() + virtualService('vs', `
hosts: [shop.example.com]${field}
http:
- route:
  - destination: {host: shop, port: {number: 80}}
`, { namespace });
}

const BINDING_ROWS: Array<{ gateways: string | undefined; namespace?: string; used: boolean; why: string }> = [
  { gateways: '[istio-system/gw]', used: true, why: 'ns/name reference' },
  { gateways: undefined, used: false, why: 'no gateways means [mesh] only' },
  { gateways: '[mesh]', used: false, why: 'mesh is the sidecars, not a gateway' },
  { gateways: '[mesh, istio-system/gw]', used: true, why: 'mesh and the gateway together' },
  { gateways: '[istio-system/other]', used: false, why: 'another Gateway' },
  { gateways: '[default/gw]', used: false, why: 'the right name in the wrong namespace' },
  { gateways: '[gw]', namespace: 'istio-system', used: true, why: 'a short name resolves against the VirtualService namespace (same as the Gateway)' },
  { gateways: '[gw]', used: false, why: 'a short name resolves against the VirtualService namespace (default/gw does not exist)' },
  { gateways: '[./gw]', namespace: 'istio-system', used: false, why: 'the webhook refuses ./name: validateGatewayNames wants a DNS label as namespace' },
  { gateways: '[./gw]', used: false, why: 'the webhook refuses ./name in any namespace' },
  { gateways: '[gw.istio-system.svc.cluster.local]', used: true, why: 'legacy name.ns.svc.cluster.local' },
  { gateways: '[gw.istio-system]', used: true, why: 'legacy name.ns' },
  { gateways: '[gw.default.svc.cluster.local]', used: false, why: 'legacy form naming another namespace' },
];

const binding: EngineCase[] = BINDING_ROWS.map((row) => ({
  name: `gateways ${row.gateways ?? '(none)'} in ${row.namespace ?? 'default'}: ${row.used ? 'used' : 'not used'} (${row.why})`,
  source: `${REF} §c.1 table; istio/istio pilot/pkg/model/config.go resolveGatewayName; pilot/pkg/model/push_context.go getGatewayNames`,
  manifests: bound(row.gateways, row.namespace),
  request: { port: 80, host: 'shop.example.com' },
  expect: row.used ? { ...onlyTo(fqdn('shop', row.namespace ?? 'default'), 80), virtualService: `${row.namespace ?? 'default'}/vs` } : NO_ROUTE,
}));

// --- exportTo, judged from the gateway pods' namespace (reference §c.2) ---------------------------

const EXPORT_ROWS: Array<{ exportTo: string; namespace: string; visible: boolean }> = [
  { exportTo: '["."]', namespace: 'default', visible: false },
  { exportTo: '["."]', namespace: 'istio-system', visible: true },
  { exportTo: '[istio-system]', namespace: 'default', visible: true },
  { exportTo: '["*"]', namespace: 'default', visible: true },
  { exportTo: '["~"]', namespace: 'default', visible: false },
  { exportTo: '[other]', namespace: 'default', visible: false },
  { exportTo: '[".", istio-system]', namespace: 'default', visible: true },
];

const exportTo: EngineCase[] = [
  ...EXPORT_ROWS.map((row): EngineCase => ({
    name: `exportTo ${row.exportTo} of a VirtualService in ${row.namespace}: ${row.visible ? 'visible' : 'invisible'} to gateway pods in istio-system`,
    source: `${REF} §c.2 (the pod's namespace counts, not the Gateway's); istio/istio pilot/pkg/model/push_context.go initVirtualServices, VirtualServicesForGateway`,
    manifests: gatewayFixture() + routeAll('vs', ['shop.example.com'], 'shop', { namespace: row.namespace, exportTo: row.exportTo }),
    request: { port: 80, host: 'shop.example.com' },
    expect: row.visible ? { virtualService: `${row.namespace}/vs` } : NO_ROUTE,
  })),
  {
    name: 'a private VirtualService of the pods namespace comes before an older public one for the same host',
    source: `${REF} §c.2 buckets (private, exported, public); VirtualServicesForGateway`,
    manifests: gatewayFixture()
      + routeAll('public', ['shop.example.com'], 'public', { prefix: '/api', creationTimestamp: '2020-01-01T00:00:00Z' })
      + routeAll('private', ['shop.example.com'], 'private', { prefix: '/api', namespace: 'istio-system', exportTo: '["."]', creationTimestamp: '2024-01-01T00:00:00Z' }),
    request: { port: 80, host: 'shop.example.com', path: '/api' },
    expect: { virtualService: 'istio-system/private' },
  },
  {
    name: 'a VirtualService of the pods namespace exported to "." and another namespace is still private there: it beats an older one exported by name',
    source: `${REF} §c.2; push_context.go initVirtualServices (exportTo naming the own namespace -> privateByNamespaceAndGateway)`,
    manifests: gatewayFixture()
      + routeAll('exported', ['shop.example.com'], 'exported', { prefix: '/api', exportTo: '[istio-system]', creationTimestamp: '2020-01-01T00:00:00Z' })
      + routeAll('private', ['shop.example.com'], 'private', { prefix: '/api', namespace: 'istio-system', exportTo: '[".", apps]', creationTimestamp: '2024-01-01T00:00:00Z' }),
    request: { port: 80, host: 'shop.example.com', path: '/api' },
    expect: { virtualService: 'istio-system/private' },
  },
  {
    name: 'exported by name and public: the named export comes first even when newer',
    source: `${REF} §c.2 buckets 2 before 3; VirtualServicesForGateway`,
    manifests: gatewayFixture()
      + routeAll('public', ['shop.example.com'], 'public', { prefix: '/api', creationTimestamp: '2020-01-01T00:00:00Z' })
      + routeAll('named', ['shop.example.com'], 'named', { prefix: '/api', namespace: 'apps', exportTo: '[istio-system]', creationTimestamp: '2024-01-01T00:00:00Z' }),
    request: { port: 80, host: 'shop.example.com', path: '/api' },
    expect: { virtualService: 'apps/named' },
  },
];

// --- several Gateways on the workload (reference §b.3) --------------------------------------------

const TWO_GATEWAYS = gatewayFixture(httpServer(['a.example.com']))
  + gatewayResource(httpServer(['b.example.com']), { name: 'gw-b', namespace: 'apps' })
  + routeAll('a', ['a.example.com'], 'a')
  + routeAll('b', ['b.example.com'], 'b', { namespace: 'apps', gateways: '[gw-b]' })
  + routeAll('b-wrong', ['b.example.com'], 'wrong', { gateways: '[istio-system/gw]' });

const severalGateways: EngineCase[] = [
  {
    name: 'two Gateways on port 80 share one route table: a.example.com is answered by Gateway gw',
    source: `${REF} §b.3 (all HTTP servers of a listener share http.<port>); gateway_simulation_test.go TestGatewayConflicts "multiple wildcards with virtual service disambiguator"`,
    manifests: TWO_GATEWAYS,
    request: { port: 80, host: 'a.example.com' },
    expect: { ...onlyTo(fqdn('a'), 80), gateway: 'istio-system/gw', virtualService: 'default/a' },
  },
  {
    name: 'two Gateways on port 80: b.example.com is answered by Gateway apps/gw-b and its own VirtualService',
    source: `${REF} §b.3, §c.1 (a VS bound to gw whose hosts do not meet gw's server hosts contributes nothing)`,
    manifests: TWO_GATEWAYS,
    request: { port: 80, host: 'b.example.com' },
    expect: { ...onlyTo(fqdn('b', 'apps'), 80), gateway: 'apps/gw-b', virtualService: 'apps/b' },
  },
];

describe('virtual host selection (§c.5)', () => runCases(selection));
describe('short VirtualService hosts (§c.3)', () => runCases(shortHosts));
describe('server hosts x VirtualService hosts (§c.3)', () => runCases(intersections));
describe('namespace-qualified server hosts (§b.9)', () => runCases(namespacedHosts));
describe('VirtualService gateways binding (§c.1)', () => runCases(binding));
describe('exportTo visibility (§c.2)', () => runCases(exportTo));
describe('several Gateways on one port (§b.3)', () => runCases(severalGateways));
