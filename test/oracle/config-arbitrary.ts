/**
 * Random gateway configurations that Istio's validating webhook accepts: the ingress gateway's Deployment and Service,
 * backend Services, DestinationRules with subsets, Gateways with merged servers (HTTP, HTTPS, TLS passthrough and
 * AUTO_PASSTHROUGH, TCP) in several namespaces, and VirtualServices with every match kind, weights, redirects,
 * rewrites, direct responses, aborts, delegation, TCP and TLS rules, exportTo, and short, namespaced and legacy
 * gateway references. Names, hosts, paths and ports come from small pools so that objects refer to each other and
 * requests (request-arbitrary.ts) hit them.
 */
import * as fc from 'fast-check';
import { KEY, VALID_CERT } from '../analyze/pem-fixtures';

/** A manifest as plain data. */
export type Manifest = Record<string, unknown>;

/** The namespace of the gateway workload. */
export const GATEWAY_NAMESPACE = 'istio-system';

/** The gateway Service's ports: the port requests name, the pod's port Envoy listens on, and the protocols it serves. */
export const GATEWAY_PORTS = [
  { name: 'http2', port: 80, targetPort: 8080, protocols: ['HTTP', 'HTTP', 'HTTP2'] },
  { name: 'https', port: 443, targetPort: 8443, protocols: ['HTTPS', 'HTTPS', 'TLS'] },
  { name: 'http-alt', port: 8080, targetPort: 8081, protocols: ['HTTP'] },
  { name: 'tcp-mysql', port: 3306, targetPort: 3306, protocols: ['TCP'] },
  { name: 'tls', port: 15443, targetPort: 15443, protocols: ['TLS', 'HTTPS'] },
] as const;

/** Namespaces of Gateways, VirtualServices and backends. */
const NAMESPACES = ['istio-system', 'default', 'apps'] as const;

/** Gateways: a name and its namespace. */
const GATEWAYS = [
  { name: 'public', namespace: 'istio-system' },
  { name: 'internal', namespace: 'istio-system' },
  { name: 'edge', namespace: 'apps' },
] as const;

/** Hosts of VirtualServices, and the names requests carry. */
export const HOSTS = ['shop.example.com', 'api.example.com', 'web.example.com', '*.example.com', 'shop.example.org'] as const;

/** Hosts of Gateway servers (without a namespace). */
const SERVER_HOSTS = ['*', '*.example.com', 'shop.example.com', 'api.example.com', 'web.example.com', '*.org'] as const;

/** Backend Services: name, namespace, ports (name and number). */
const BACKENDS = [
  { name: 'shop', namespace: 'default', ports: [{ name: 'http', port: 80 }] },
  { name: 'api', namespace: 'apps', ports: [{ name: 'http-api', port: 8080 }] },
  { name: 'web', namespace: 'apps', ports: [{ name: 'http', port: 80 }, { name: 'grpc-web', port: 9090 }] },
  { name: 'db', namespace: 'default', ports: [{ name: 'tcp-mysql', port: 3306 }] },
] as const;

/** How a destination names its host: short (relative to the VirtualService's namespace), namespaced, fully qualified. */
const DESTINATION_HOSTS = [
  'shop', 'shop.default.svc.cluster.local', 'api.apps.svc.cluster.local', 'web.apps.svc.cluster.local', 'api', 'web',
  'db.default.svc.cluster.local', 'shop.default', 'missing.default.svc.cluster.local',
] as const;

/** Paths of matches and rewrites. */
export const PATHS = ['/', '/api', '/api/', '/api/v1', '/login', '/static', '/Shop', '/v2/items'] as const;

/** Regular expressions of matches (RE2, as Istio's webhook checks). */
export const REGEXES = ['/api/v[0-9]+', '/(static|assets)/.*', '.*\\.png', '/[a-z]+'] as const;

/** Header names and values of matches and requests. */
export const HEADER_NAMES = ['x-user', 'x-canary', 'x-Version'] as const;
export const HEADER_VALUES = ['alice', 'bob', 'Alice', 'true', 'v2'] as const;

/** Query parameters of matches and requests. */
export const QUERY_NAMES = ['v', 'debug'] as const;

/** TLS Secrets of HTTPS servers. */
const CREDENTIALS = ['shop-cert', 'api-cert'] as const;

/** Subsets DestinationRules define. */
const SUBSETS = ['v1', 'v2'] as const;

/** Names of delegate VirtualServices. */
const DELEGATES = ['shop-routes', 'api-routes'] as const;

/** A generated configuration. */
export interface GatewayConfig {
  /** Every manifest: the fixed ones (fixedManifests) and the generated ones. */
  readonly manifests: Manifest[];
  /** The generated ones: Gateways, VirtualServices, DestinationRules. */
  readonly generated: Manifest[];
}

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** `arbitrary` all but one time in `absentOneIn`, then undefined (to which it shrinks). */
function usually<T>(arbitrary: fc.Arbitrary<T>, absentOneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary, weight: absentOneIn - 1 });
}

/** `arbitrary` one time in `oneIn`, else undefined (to which it shrinks). */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary, weight: 1 });
}

/** Drops the keys whose value is undefined. */
function compact(record: Record<string, unknown>): Manifest {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function metadata(name: string, namespace: string, extra: Record<string, unknown> = {}): Manifest {
  return { name, namespace, ...extra };
}

/** The gateway's Deployment and Service, the backend Services and the TLS Secrets: always present. */
export function fixedManifests(): Manifest[] {
  const labels = { istio: 'ingressgateway', app: 'istio-ingressgateway' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata('istio-ingressgateway', GATEWAY_NAMESPACE),
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'istio-proxy', image: 'auto', ports: GATEWAY_PORTS.map((p) => ({ containerPort: p.targetPort })) }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata('istio-ingressgateway', GATEWAY_NAMESPACE),
      spec: { selector: labels, ports: GATEWAY_PORTS.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort })) },
    },
    ...BACKENDS.map((b) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(b.name, b.namespace),
      spec: { selector: { app: b.name }, ports: b.ports.map((p) => ({ name: p.name, port: p.port })) },
    })),
    ...CREDENTIALS.map((name) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: metadata(name, GATEWAY_NAMESPACE),
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(VALID_CERT).toString('base64'), 'tls.key': Buffer.from(KEY).toString('base64') },
    })),
  ];
}

/** A string match of a VirtualService. */
function stringMatch(values: readonly string[], regexes: readonly string[]): fc.Arbitrary<Manifest> {
  return fc.oneof(
    pick(values).map((exact) => ({ exact })),
    pick(values).map((prefix) => ({ prefix })),
    pick(regexes).map((regex) => ({ regex })),
  );
}

/** One HTTPMatchRequest. */
function httpMatch(): fc.Arbitrary<Manifest> {
  return fc.record({
    uri: usually(stringMatch(PATHS, REGEXES), 4),
    ignoreUriCase: sometimes(fc.constant(true), 4),
    headers: sometimes(fc.dictionary(pick(HEADER_NAMES.map((h) => h.toLowerCase())), stringMatch(HEADER_VALUES, ['[ab].*', 'v[0-9]']),
      { minKeys: 1, maxKeys: 2 }), 3),
    withoutHeaders: sometimes(fc.dictionary(pick(['x-canary']), pick(HEADER_VALUES).map((exact) => ({ exact })), { minKeys: 1, maxKeys: 1 }), 6),
    queryParams: sometimes(fc.dictionary(pick(QUERY_NAMES), fc.oneof(pick(['1', 'true']).map((exact) => ({ exact })), fc.constant({ regex: '[0-9]+' }))
      , { minKeys: 1, maxKeys: 1 }), 5),
    method: sometimes(pick(['GET', 'POST']).map((exact) => ({ exact })), 5),
    authority: sometimes(fc.oneof(pick(HOSTS.filter((h) => !h.startsWith('*'))).map((exact) => ({ exact })), fc.constant({ prefix: 'api.' })), 6),
    port: sometimes(pick([80, 443, 8080]), 6),
  }).map(compact);
}

/** A destination. */
function destination(tcp: boolean): fc.Arbitrary<Manifest> {
  return fc.record({
    host: pick(tcp ? ['db.default.svc.cluster.local', 'db.default', 'shop.default.svc.cluster.local'] : DESTINATION_HOSTS),
    subset: sometimes(pick(SUBSETS), 4),
    port: sometimes(pick(tcp ? [3306] : [80, 8080, 9090]).map((number) => ({ number })), 2),
  }).map(compact);
}

/** One to three destinations; several carry weights that sum to 100 (the last may leave its weight out when it is 0). */
function routeDestinations(tcp: boolean): fc.Arbitrary<Manifest[]> {
  return fc.array(destination(tcp), { minLength: 1, maxLength: 3 }).chain((destinations): fc.Arbitrary<Manifest[]> => {
    if (destinations.length === 1) {
      return fc.constantFrom<Manifest[]>([{ destination: destinations[0] }], [{ destination: destinations[0], weight: 100 }]);
    }
    return fc.array(fc.integer({ min: 0, max: 100 }), { minLength: destinations.length - 1, maxLength: destinations.length - 1 }).map((cuts) => {
      const sorted = [0, ...cuts.sort((a, b) => a - b), 100];
      return destinations.map((d, i) => ({ destination: d, weight: sorted[i + 1] - sorted[i] }));
    });
  });
}

/** What an HTTP rule does: forward (with rewrites and an abort sometimes), redirect, or answer directly. */
function httpAction(): fc.Arbitrary<Manifest> {
  const forward = fc.record({
    route: routeDestinations(false),
    rewrite: sometimes(fc.oneof(
      fc.record({ uri: pick(PATHS) }),
      fc.record({ authority: pick(['internal.example.com', 'api.internal']) }),
      fc.record({ uri: pick(['/', '/v2']), authority: fc.constant('rewritten.example.com') }),
    ), 3),
    fault: sometimes(fc.record({ abort: fc.record({ httpStatus: pick([503, 429]), percentage: fc.constant({ value: 100 }) }) }), 8),
  }).map(compact);
  const regexRewrite = fc.record({
    route: routeDestinations(false),
    rewrite: fc.record({ uriRegexRewrite: fc.constant({ match: '^/api/(.*)$', rewrite: '/\\1' }) }),
  });
  const redirect = fc.record({
    redirect: fc.record({
      uri: sometimes(pick(['/new', '/login', '/']), 2),
      authority: sometimes(pick(['www.example.com', 'shop.example.com']), 2),
      redirectCode: sometimes(pick([301, 302, 308]), 2),
      scheme: sometimes(pick(['https', 'http']), 3),
    }).map(compact).filter((r) => r.uri !== undefined || r.authority !== undefined || r.scheme !== undefined),
  });
  const direct = fc.record({
    directResponse: fc.record({ status: pick([200, 403, 418, 503]), body: sometimes(fc.constant({ string: 'no' }), 2) }).map(compact),
  });
  return fc.oneof({ arbitrary: forward, weight: 6 }, { arbitrary: regexRewrite, weight: 1 }, { arbitrary: redirect, weight: 2 },
    { arbitrary: direct, weight: 2 });
}

/** An HTTP rule; `delegates` lets a root rule delegate. */
function httpRule(delegates: boolean): fc.Arbitrary<Manifest> {
  const matchList = usually(fc.array(httpMatch(), { minLength: 1, maxLength: 2 }), 4);
  const delegate = fc.record({
    match: fc.array(fc.record({ uri: pick(['/', '/api', '/shop']).map((prefix) => ({ prefix })) }), { minLength: 1, maxLength: 1 }),
    delegate: fc.record({ name: pick(DELEGATES), namespace: pick(['default', 'apps']) }),
  });
  const plain = fc.tuple(matchList, httpAction(), sometimes(pick(['primary', 'fallback']), 3))
    .map(([match, action, name]) => compact({ name, match, ...action }));
  return delegates ? fc.oneof({ arbitrary: plain, weight: 5 }, { arbitrary: delegate, weight: 1 }) : plain;
}

/** References to Gateways from a VirtualService in `namespace`. */
function gatewayRefs(): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.oneof(
    { arbitrary: fc.constant('istio-system/public'), weight: 3 },
    pick(GATEWAYS.map((g) => `${g.namespace}/${g.name}`)),
    pick(GATEWAYS.map((g) => g.name)),
    pick(GATEWAYS.map((g) => `${g.name}.${g.namespace}.svc.cluster.local`)),
  ), { minLength: 1, maxLength: 2 });
}

/** A VirtualService bound to Gateways. */
function rootVirtualService(index: number): fc.Arbitrary<Manifest> {
  return fc.record({
    namespace: pick(NAMESPACES),
    hosts: fc.oneof(pick(HOSTS).map((h) => [h]), pick([['shop.example.com', 'api.example.com'], ['web.example.com', 'shop.example.org']])),
    gateways: gatewayRefs(),
    exportTo: sometimes(pick([['.'], ['*'], ['istio-system']]), 4),
    http: usually(fc.array(httpRule(true), { minLength: 1, maxLength: 4 }), 8),
    tcp: sometimes(fc.array(fc.record({
      match: sometimes(fc.constant([{ port: 3306 }]), 2),
      route: routeDestinations(true),
    }).map(compact), { minLength: 1, maxLength: 2 }), 4),
    tls: sometimes(fc.constant(true), 3),
  }).chain((vs) => {
    const tls = vs.tls === undefined ? fc.constant(undefined) : fc.array(fc.record({
      match: fc.constant([{ sniHosts: [vs.hosts[0]] }]),
      route: routeDestinations(false),
    }), { minLength: 1, maxLength: 2 });
    return tls.map((tlsRules) => {
      const spec = compact({ hosts: vs.hosts, gateways: vs.gateways, exportTo: vs.exportTo, http: vs.http, tcp: vs.tcp, tls: tlsRules });
      if (spec.http === undefined && spec.tcp === undefined && spec.tls === undefined) {
        spec.http = [{ route: [{ destination: { host: 'shop.default.svc.cluster.local' } }] }];
      }
      return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: metadata(`vs-${index}`, vs.namespace), spec };
    });
  });
}

/** A delegate VirtualService: no hosts, no gateways, HTTP rules only. */
function delegateVirtualService(name: string): fc.Arbitrary<Manifest> {
  return fc.record({
    namespace: pick(['default', 'apps']),
    http: fc.array(httpRule(false), { minLength: 1, maxLength: 3 }),
    exportTo: sometimes(pick([['.'], ['*']]), 5),
  }).map((d) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: metadata(name, d.namespace),
    spec: compact({ http: d.http, exportTo: d.exportTo }),
  }));
}

/**
 * TLS versions and cipher suites of a terminating server, for istiod's webhook warnings (IST0133): old minimums with
 * and without suites, suites Envoy knows, ones it does not, repeats and cipher-string operators.
 */
function tlsOptions(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    minProtocolVersion: sometimes(pick(['TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3', 'TLS_AUTO']), 2),
    cipherSuites: sometimes(fc.array(pick(['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA', 'DES-CBC3-SHA', 'NULL-SHA', 'RC4-MD5', 'bogus',
      '!RC4', 'ALL', 'ECDHE-ECDSA-CHACHA20-POLY1305']), { minLength: 1, maxLength: 3 }), 2),
  }).map(compact);
}

/** A server of a Gateway. */
function server(index: number): fc.Arbitrary<Manifest> {
  return pick([0, 0, 0, 1, 1, 2, 3, 4].map((i) => GATEWAY_PORTS[i])).chain((port) => fc.record({
    protocol: pick(port.protocols),
    hosts: fc.uniqueArray(fc.tuple(fc.oneof({ arbitrary: fc.constant(''), weight: 6 }, pick(['./', '*/', 'apps/', 'default/'])), pick(SERVER_HOSTS))
      .map(([ns, host]) => `${ns}${host}`), { minLength: 1, maxLength: 2 }),
    httpsRedirect: sometimes(fc.constant(true), 5),
    tlsMode: pick(['SIMPLE', 'SIMPLE', 'PASSTHROUGH', 'AUTO_PASSTHROUGH'] as const),
    credential: pick(CREDENTIALS),
    tlsOptions: sometimes(tlsOptions(), 3),
  }).map((s) => {
    const terminated = { mode: 'SIMPLE', credentialName: s.credential, ...s.tlsOptions };
    const tls = s.protocol === 'HTTPS' ? terminated
      : s.protocol === 'TLS' ? (s.tlsMode === 'SIMPLE' ? terminated : { mode: s.tlsMode })
        : s.protocol.startsWith('HTTP') && s.httpsRedirect ? { httpsRedirect: true } : undefined;
    const hosts = tls?.mode === 'AUTO_PASSTHROUGH' ? s.hosts.map((h) => h.replace(/^[^/]*\//, '')) : s.hosts;
    return compact({ port: { number: port.port, name: `${port.name}-${index}`, protocol: s.protocol }, hosts, tls });
  }));
}

/** A Gateway selecting the ingress gateway's pods. */
function gateway(g: { name: string; namespace: string }): fc.Arbitrary<Manifest> {
  return fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).chain((seeds) => fc.tuple(...seeds.map((_, i) => server(i)))).map((servers) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: metadata(g.name, g.namespace),
    spec: { selector: { istio: 'ingressgateway' }, servers },
  }));
}

/** A DestinationRule with subsets for a backend. */
function destinationRule(backend: typeof BACKENDS[number]): fc.Arbitrary<Manifest> {
  return fc.uniqueArray(pick(SUBSETS), { minLength: 1, maxLength: 2 }).map((subsets) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: metadata(backend.name, backend.namespace),
    spec: { host: `${backend.name}.${backend.namespace}.svc.cluster.local`, subsets: subsets.map((name) => ({ name, labels: { version: name } })) },
  }));
}

/** Some of `items`, each generated or left out. */
function someOf<T>(items: readonly T[], arbitrary: (item: T) => fc.Arbitrary<Manifest>, freq = 2): fc.Arbitrary<Manifest[]> {
  return fc.tuple(...items.map((item) => fc.option(arbitrary(item), { nil: undefined, freq })))
    .map((chosen) => chosen.filter((m): m is Manifest => m !== undefined));
}

/** A whole configuration. */
export function gatewayConfig(): fc.Arbitrary<GatewayConfig> {
  return fc.record({
    gateways: someOf(GATEWAYS, gateway, 4).filter((gs) => gs.length > 0),
    virtualServices: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }).chain((seeds) => fc.tuple(...seeds.map((_, i) => rootVirtualService(i)))),
    delegates: someOf(DELEGATES, delegateVirtualService),
    destinationRules: someOf(BACKENDS, destinationRule),
  }).map((c) => {
    const generated = [...c.gateways, ...c.virtualServices, ...c.delegates, ...c.destinationRules];
    return { manifests: [...fixedManifests(), ...generated], generated };
  });
}
