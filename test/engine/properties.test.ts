/**
 * Properties of HTTP routing over generated VirtualServices and requests (fast-check).
 */
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { gatewayFixture, HTTP_SERVER, httpsServer } from './support';
import { Decision, RequestError, TrafficEngine, TrafficRequest } from '../../src/engine-entry';

const HOST = 'shop.example.com';
const FIXTURE: unknown[] = parseAllDocuments(gatewayFixture(HTTP_SERVER + httpsServer(['*']))).map((d) => d.toJS());

function engineFor(virtualServices: unknown[]): TrafficEngine {
  return TrafficEngine.fromManifests([...FIXTURE, ...virtualServices]);
}

function virtualService(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'default' }, spec };
}

// --- generators -------------------------------------------------------------------------------------

/** `value` most of the time, else one of `others`. */
function mostly<T>(value: T, ...others: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constantFrom(...others) });
}
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'api', 'v1', 'users') },
  { weight: 1, arbitrary: fc.constantFrom('A', '..', '.', '%2F', '%2e', 'x y', '%zz', '%00', '') },
);
const path = fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`);
const query = fc.option(fc.constantFrom('v=1', 'v=2&v=1', 'debug', 'a=%20&b', 'x=/../y'), { nil: undefined });
/**
 * Generated VirtualServices. `anything` mixes in what the cluster refuses (invalid regexes, JWT claim matches, empty
 * rewrites, hosts that overlap, `~` exports, ...), which the engine must leave out without failing; `admitted` only
 * what it accepts (istiod's validation), so that requests often reach a route.
 */
function virtualServicesOf(kind: 'anything' | 'admitted'): fc.Arbitrary<unknown[]> {
  const admitted = kind === 'admitted';
  /** The values the cluster accepts, and when `anything` goes, those it refuses as well. */
  const pick = <T>(accepted: T[], refused: T[]): fc.Arbitrary<T> => fc.constantFrom(...accepted, ...(admitted ? [] : refused));
  const regex = pick(['/a.*', '[a-z]+', '.*', '/api/[0-9]+', '(?i)/API.*'], ['*', '(']);
  const stringMatchOf = (emptyPrefix: boolean) => fc.oneof(
    fc.record({ exact: fc.constantFrom('/a', '/api', '1', '', 'GET') }),
    fc.record({ prefix: pick(['/', '/a', '/api/', 'v', ...(emptyPrefix ? [''] : [])], ['']) }),
    fc.record({ regex }),
    fc.constant({}),
  );
  // An empty prefix is for uri only.
  const uriMatch = stringMatchOf(true);
  const stringMatch = stringMatchOf(false);
  const headerName = pick(['x-a', 'X-B', 'host', ':authority'], ['@request.auth.claims.sub']);
  const fullMatch = fc.record({
    uri: uriMatch,
    ignoreUriCase: fc.boolean(),
    headers: fc.dictionary(headerName, stringMatch, { maxKeys: 2 }),
    withoutHeaders: fc.dictionary(headerName, stringMatch, { maxKeys: 1 }),
    queryParams: fc.dictionary(fc.constantFrom('v', 'debug'), stringMatch, { maxKeys: 1 }),
    method: stringMatch,
    authority: stringMatch,
    scheme: fc.record({ exact: fc.constantFrom('http', 'https') }),
    port: fc.constantFrom(80, 443, 8080),
    gateways: fc.constantFrom(['istio-system/gw'], ['mesh'], ['other']),
    sourceLabels: fc.constantFrom({ istio: 'ingressgateway' }, { app: 'frontend' }),
  }, { requiredKeys: [] });
  /** Mostly plain uri matches (so that requests often reach a rule), sometimes every field. */
  const match = fc.oneof(
    { weight: 3, arbitrary: fc.record({ uri: uriMatch, ignoreUriCase: fc.boolean() }, { requiredKeys: ['uri'] }) },
    { weight: 1, arbitrary: fullMatch },
  );
  const destination = fc.record({
    host: fc.constantFrom('a', 'b', 'c.other.svc.cluster.local', 'counter.apps'),
    port: fc.option(fc.record({ number: fc.constantFrom(80, 8080, 9090) }), { nil: undefined }),
    subset: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }),
  }, { requiredKeys: ['host'] });
  /** A route list Istio's validation accepts: one destination (any weight), or several with a positive total. */
  const routeList = fc.oneof(
    fc.tuple(destination, fc.option(fc.nat(100), { nil: undefined })).map(([d, weight]) => [{ destination: d, weight }]),
    fc.array(fc.tuple(destination, fc.nat(100)), { minLength: 2, maxLength: 4 })
      .filter((ds) => ds.some(([, w]) => w > 0))
      .map((ds) => ds.map(([d, weight]) => ({ destination: d, weight }))),
  );
  /** A redirect sets a port or derives one; istiod refuses both. */
  const redirectPortNumber = fc.constantFrom(80, 443, 8443);
  const derivePort = fc.constantFrom('FROM_REQUEST_PORT', 'FROM_PROTOCOL_DEFAULT');
  const redirectPort = fc.oneof(
    fc.record({ port: redirectPortNumber }),
    fc.record({ derivePort }),
    fc.constant({}),
    ...(admitted ? [] : [fc.record({ port: redirectPortNumber, derivePort })]),
  );
  const redirect = fc.tuple(fc.record({
    uri: fc.constantFrom('/new', '/new?x=1', 'rel'),
    authority: pick(['other.example.com'], ['']),
    scheme: fc.constantFrom('http', 'https'),
    redirectCode: fc.constantFrom(0, 301, 302, 308, 300),
  }, { requiredKeys: admitted ? ['uri'] : [] }), redirectPort).map(([r, p]) => ({ ...r, ...p }));
  /** What a rule does besides where it sends requests; istiod refuses a fault or a rewrite beside a redirect or a direct response. */
  const decoration = fc.record({
    name: fc.constantFrom('r', 'named'),
    rewrite: fc.oneof(
      fc.record({ uri: pick(['/', '/v2'], ['']) }),
      fc.record({ authority: pick(['internal'], ['']) }),
      fc.record({ uriRegexRewrite: fc.record({ match: regex, rewrite: fc.constantFrom('/x', '\\1', '\\0\\0') }) }),
    ),
    fault: fc.record({
      abort: fc.record({
        httpStatus: fc.constantFrom(500, 503),
        percentage: fc.record({ value: fc.constantFrom(0, 50, 100) }),
      }, { requiredKeys: [] }),
    }),
    mirror: destination,
    mirrorPercentage: fc.record({ value: fc.constantFrom(0, 10, 100) }),
    timeout: fc.constant('1s'),
  }, { requiredKeys: [] });
  const action = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(routeList, decoration).map(([route, extras]) => ({ ...extras, route })) },
    { weight: 1, arbitrary: redirect.map((r) => ({ redirect: r })) },
    { weight: 1, arbitrary: fc.record({ directResponse: fc.record({ status: fc.constantFrom(200, 404, 503) }) }) },
  );
  const httpRule = fc.tuple(fc.option(fc.array(match, { maxLength: 3 }), { nil: undefined }), action, decoration)
    .map(([matches, primary, extras]) => ({
      // A rule that does not forward keeps only its name and timeout unless anything goes.
      ...(admitted && !('route' in primary) ? { name: extras.name, timeout: extras.timeout } : extras),
      ...(matches === undefined ? {} : { match: matches }),
      ...primary,
    }));
  const vsSpec = fc.record({
    hosts: admitted
      // The hosts of one VirtualService may not overlap, and `*` is for gateways only.
      ? fc.constantFrom([HOST], ['*.example.com'], [HOST, 'counter'], ['*.example.com', 'counter'])
      : fc.subarray(['*', HOST, '*.example.com', 'counter'], { minLength: 1 }),
    gateways: fc.constantFrom(['istio-system/gw'], ['gw'], ['mesh', 'istio-system/gw'], ['gw.istio-system.svc.cluster.local']),
    exportTo: fc.option(pick([['*'], ['.'], ['istio-system']], [['~']]), { nil: undefined }),
    http: fc.array(httpRule, { minLength: 1, maxLength: 4 }),
  }, { requiredKeys: ['hosts', 'gateways', 'http'] });
  return fc.array(vsSpec, { minLength: 1, maxLength: 3 })
    .map((specs) => specs.map((spec, i) => virtualService(`vs-${i}`, spec)));
}
const virtualServices = virtualServicesOf('anything');
const request: fc.Arbitrary<TrafficRequest> = fc.record({
  port: mostly<number | undefined>(80, 443, 81, undefined),
  nodePort: mostly<number | undefined>(undefined, 30080, 30443, 31000),
  host: mostly(HOST, `${HOST}:8080`, 'SHOP.example.com', 'a.example.com', 'counter', 'other.org', '[::1]:80', ''),
  path: fc.tuple(path, query).map(([p, q]) => (q === undefined ? p : `${p}?${q}`)),
  method: mostly('GET', 'POST', 'get'),
  scheme: mostly<string | undefined>(undefined, 'http', 'https'),
  headers: fc.dictionary(fc.constantFrom('x-a', 'X-B', 'host', '@request.auth.claims.sub'), fc.constantFrom('1', '', 'v2')),
});

// --- properties ---------------------------------------------------------------------------------------

describe('routing properties', () => {
  test('route() never throws, except a RequestError for a request with neither port nor nodePort, or both', () => {
    fc.assert(fc.property(virtualServices, request, (vss, req) => {
      const engine = engineFor(vss);
      try {
        engine.route(req);
      } catch (e) {
        expect(e).toBeInstanceOf(RequestError);
        expect((req.port === undefined) === (req.nodePort === undefined)).toBe(true);
      }
    }), { numRuns: 200 });
  });

  test('a route decision has destinations whose weights are positive and sum to 100', () => {
    const runs = 200;
    let routed = 0;
    fc.assert(fc.property(virtualServicesOf('admitted'), request, (vss, req) => {
      const decision: Decision = engineFor(vss).route({ ...req, port: req.port ?? 80, nodePort: undefined });
      if (decision.action === 'route') {
        routed++;
        expect(decision.destinations.length).toBeGreaterThan(0);
        expect(decision.destinations.every((d) => d.weight > 0)).toBe(true);
        expect(Math.abs(decision.destinations.reduce((sum, d) => sum + d.weight, 0) - 100)).toBeLessThan(1e-9);
      }
    }), { numRuns: runs });
    // Else the property would hold vacuously: an engine that never routed would pass it. About a quarter of the
    // generated requests reach a forwarding route; the rest are redirects, direct responses, aborts and misses.
    expect(routed).toBeGreaterThanOrEqual(runs / 10);
  });

  test('percentages of arbitrary positive integer weights sum to 100 and stay positive', () => {
    const routes = fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 2, maxLength: 12 });
    fc.assert(fc.property(routes, (ws) => {
      const vs = virtualService('vs', {
        hosts: [HOST],
        gateways: ['istio-system/gw'],
        http: [{ route: ws.map((weight, i) => ({ destination: { host: `d${i}` }, weight })) }],
      });
      const decision = engineFor([vs]).route({ port: 80, host: HOST });
      expect(decision.destinations).toHaveLength(ws.length);
      expect(decision.destinations.every((d) => d.weight > 0)).toBe(true);
      expect(Math.abs(decision.destinations.reduce((sum, d) => sum + d.weight, 0) - 100)).toBeLessThan(1e-9);
    }), { numRuns: 100 });
  });

  describe('a request built from a rule\'s exact-path match reaches that rule unless an earlier rule shadows it', () => {
    /** A match entry: an exact path with required headers, or a bare prefix (no other condition). */
    type Entry = { exact: string; headers: Record<string, string> } | { prefix: string };
    const exactPath = fc.constantFrom('/a', '/a/b', '/ab', '/b/c', '/api/v1');
    const entry: fc.Arbitrary<Entry> = fc.oneof(
      fc.record({ exact: exactPath, headers: fc.dictionary(fc.constantFrom('x-a', 'x-b'), fc.constantFrom('1', '2'), { maxKeys: 2 }) }),
      fc.record({ prefix: fc.constantFrom('/a', '/a/', '/b', '/api/v', '/c', '/') }),
    );
    const rulesArb = fc.array(fc.array(entry, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 5 });

    function spec(rules: Entry[][]): Record<string, unknown> {
      return {
        hosts: [HOST],
        gateways: ['istio-system/gw'],
        http: rules.map((entries, i) => ({
          match: entries.map((e) => ('prefix' in e
            ? { uri: { prefix: e.prefix } }
            : { uri: { exact: e.exact }, headers: Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k, { exact: v }])) })),
          route: [{ destination: { host: `r${i}`, port: { number: 80 } } }],
        })),
      };
    }

    /** The first rule that takes the request, computed without the engine: plain string prefixes, exact paths with a subset of the headers. */
    function expectedRule(rules: Entry[][], requestPath: string, headers: Record<string, string>): number {
      return rules.findIndex((entries) => entries.some((e) => ('prefix' in e
        ? requestPath.startsWith(e.prefix)
        : e.exact === requestPath && Object.entries(e.headers).every(([k, v]) => headers[k] === v))));
    }

    test('on generated route lists', () => {
      fc.assert(fc.property(rulesArb, fc.nat(), (rules, pick) => {
        const targets = rules.flatMap((entries, i) => entries.flatMap((e) => ('exact' in e ? [{ rule: i, entry: e }] : [])));
        fc.pre(targets.length > 0);
        const target = targets[pick % targets.length];
        const decision = engineFor([virtualService('vs', spec(rules))]).route({
          port: 80, host: HOST, path: target.entry.exact, headers: target.entry.headers,
        });
        const expected = expectedRule(rules, target.entry.exact, target.entry.headers);
        expect(expected).toBeLessThanOrEqual(target.rule);
        expect(decision).toMatchObject({ action: 'route', virtualService: 'default/vs', rule: { index: expected } });
      }), { numRuns: 200 });
    });
  });
});
