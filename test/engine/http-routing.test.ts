/**
 * Which route of a virtual host a request takes: how VirtualServices merge into one vhost, route
 * order, and every HTTPMatchRequest field (uri, queryParams, headers, withoutHeaders, authority,
 * method, scheme, port, gateways, sourceLabels), with the path normalization that runs first.
 */
import {
  EngineCase, engineOf, fqdn, gatewayFixture, HTTP_SERVER, httpsServer, NO_ROUTE, onlyTo, runCases, virtualService,
} from './support';

const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md';
const ROUTE_GO = 'istio/istio pilot/pkg/networking/core/route/route.go';
const ENVOY_ROUTER = 'envoyproxy/envoy source/common/router/config_impl.cc';
const HOST = 'shop.example.com';

/**
 * A fixture whose only VirtualService `vs` (host shop.example.com) has the given `http` rules
 * (YAML). Rules send to destinations named r0, r1, ... by convention of the cases.
 */
function rules(http: string, servers: string = HTTP_SERVER): string {
  return gatewayFixture(servers) + virtualService('vs', `
hosts: [${HOST}]
gateways: [istio-system/gw]
http:
${http}`);
}

/** A rule YAML item: `match` (YAML flow sequence, or undefined for none) routing to `destination`. */
function rule(match: string | undefined, destination: string): string {
  return `
- ${match === undefined ? '' : `match: ${match}\n  `}route:
  - destination: {host: ${destination}, port: {number: 80}}`;
}

/** A request to shop.example.com on port 80. */
function get(path: string, extra: { headers?: Record<string, string>; method?: string; host?: string } = {}) {
  return { port: 80, host: extra.host ?? HOST, path, headers: extra.headers, method: extra.method };
}

/** The decision of a request that reached rule `index` of default/vs, routed to `destination`. */
function reached(index: number, destination: string): Record<string, unknown> {
  return { ...onlyTo(fqdn(destination), 80), virtualService: 'default/vs', rule: { index, name: null } };
}

// --- several VirtualServices for one host (reference §c.4) ---------------------------------------

function twoVirtualServices(older: string, newer: string, stamps: [string | undefined, string | undefined] = ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], names = ['older', 'newer']): string {
  return gatewayFixture()
    + virtualService(names[0], `hosts: [${HOST}]\ngateways: [istio-system/gw]\nhttp:${older}`, { creationTimestamp: stamps[0] })
    + virtualService(names[1], `hosts: [${HOST}]\ngateways: [istio-system/gw]\nhttp:${newer}`, { creationTimestamp: stamps[1] });
}

const CATCH_ALL_THEN_API = twoVirtualServices(rule('[{uri: {prefix: /}}]', 'old'), rule('[{uri: {prefix: /api}}]', 'new'));

const merging: EngineCase[] = [
  {
    name: 'an older VirtualService\'s prefix / does not shadow a newer one\'s /api: catch-alls move last',
    source: `${REF} §c.4 "routes that are catch-all are moved to the end"; ${ROUTE_GO} SortVHostRoutes, IsCatchAllRoute; istio.io/latest/docs/ops/best-practices/traffic-management/#split-virtual-services`,
    manifests: CATCH_ALL_THEN_API,
    request: get('/api/x'),
    expect: { ...onlyTo(fqdn('new'), 80), virtualService: 'default/newer', rule: { index: 0, name: null } },
  },
  {
    name: 'merged vhost: a path only the older catch-all covers still reaches it',
    source: `${REF} §c.4 (routes concatenated, catch-all last)`,
    manifests: CATCH_ALL_THEN_API,
    request: get('/other'),
    expect: { ...onlyTo(fqdn('old'), 80), virtualService: 'default/older' },
  },
  {
    name: 'prefix / with a header condition is not a catch-all: the older VirtualService keeps its place',
    source: `${ROUTE_GO} IsCatchAllRoute (no headers, query parameters or metadata)`,
    manifests: twoVirtualServices(rule('[{uri: {prefix: /}, headers: {x-team: {exact: a}}}]', 'old'), rule('[{uri: {prefix: /api}}]', 'new')),
    request: get('/api/x', { headers: { 'x-team': 'a' } }),
    expect: { virtualService: 'default/older' },
  },
  {
    name: 'regex .* is a catch-all too and moves last',
    source: `${ROUTE_GO} IsCatchAllRoute (SafeRegex ".*")`,
    manifests: twoVirtualServices(rule('[{uri: {regex: ".*"}}]', 'old'), rule('[{uri: {prefix: /api}}]', 'new')),
    request: get('/api'),
    expect: { virtualService: 'default/newer' },
  },
  {
    name: 'regex /.* is not a catch-all: the older VirtualService shadows the newer /api',
    source: `${ROUTE_GO} IsCatchAllRoute (only prefix "/" and regex ".*")`,
    manifests: twoVirtualServices(rule('[{uri: {regex: "/.*"}}]', 'old'), rule('[{uri: {prefix: /api}}]', 'new')),
    request: get('/api'),
    expect: { virtualService: 'default/older' },
  },
  {
    name: 'exact / is not a catch-all: the older VirtualService keeps / before the newer regex /.*',
    source: `${ROUTE_GO} IsCatchAllRoute (a RouteMatch_Path "/" is none of prefix "/", path-separated prefix "/" or regex ".*")`,
    manifests: twoVirtualServices(rule('[{uri: {exact: /}}]', 'old'), rule('[{uri: {regex: "/.*"}}]', 'new')),
    request: get('/'),
    expect: { virtualService: 'default/older' },
  },
  {
    name: 'a rule without match is a catch-all (prefix /) and moves last',
    source: `${ROUTE_GO} TranslateRouteMatch (no match: prefix "/"), IsCatchAllRoute, SortVHostRoutes`,
    manifests: twoVirtualServices(rule(undefined, 'old'), rule('[{uri: {prefix: /api}}]', 'new')),
    request: get('/api'),
    expect: { virtualService: 'default/newer' },
  },
  {
    name: 'prefix / with ignoreUriCase is still a catch-all and moves last',
    source: `${ROUTE_GO} IsCatchAllRoute (looks at the prefix only, not RouteMatch.case_sensitive)`,
    manifests: twoVirtualServices(rule('[{uri: {prefix: /}, ignoreUriCase: true}]', 'old'), rule('[{uri: {prefix: /api}}]', 'new')),
    request: get('/api'),
    expect: { virtualService: 'default/newer' },
  },
  {
    name: 'same match in two VirtualServices: the older (creationTimestamp) wins, whatever the names',
    source: `${REF} §c.2 "order is creationTimestamp, then name, then namespace"; istio/istio pilot/pkg/model/config.go configCompareByCreationTime`,
    manifests: twoVirtualServices(rule('[{uri: {prefix: /api}}]', 'b'), rule('[{uri: {prefix: /api}}]', 'a'), ['2019-01-01T00:00:00Z', '2020-01-01T00:00:00Z'], ['zeta', 'alpha']),
    request: get('/api'),
    expect: { virtualService: 'default/zeta' },
  },
  {
    name: 'same match in two VirtualServices without timestamps: the name decides (alpha before zeta)',
    source: `${REF} §a.2 / §c.2 (equal timestamps fall back to the name); configCompareByCreationTime`,
    manifests: twoVirtualServices(rule('[{uri: {prefix: /api}}]', 'b'), rule('[{uri: {prefix: /api}}]', 'a'), [undefined, undefined], ['zeta', 'alpha']),
    request: get('/api'),
    expect: { virtualService: 'default/alpha' },
  },
  {
    name: 'one VirtualService with two hosts and separate ones per host (simulation "multiple virtual services that should become separate vhosts")',
    source: 'istio/istio pilot/pkg/networking/core/gateway_simulation_test.go TestHTTPGateway "multiple virtual services that should become separate vhosts"',
    manifests: gatewayFixture()
      + virtualService('foobar', `hosts: [foo.example.com, bar.example.com]\ngateways: [istio-system/gw]\nhttp:${rule('[{uri: {prefix: /1}}, {uri: {prefix: /2}}]', 'foobar')}`)
      + virtualService('foo', `hosts: [foo.example.com]\ngateways: [istio-system/gw]\nhttp:${rule('[{uri: {prefix: /foo}}]', 'foo')}`),
    request: get('/2', { host: 'bar.example.com' }),
    expect: { ...onlyTo(fqdn('foobar'), 80), virtualService: 'default/foobar', rule: { index: 0 } },
  },
];

// --- route order inside one VirtualService (reference §d.1, §d.2) ---------------------------------

const order: EngineCase[] = [
  {
    name: 'first match wins: /api before /api/v2 takes /api/v2/x',
    source: `${REF} §d.2 "the first route whose conditions all hold wins"`,
    manifests: rules(rule('[{uri: {prefix: /api}}]', 'r0') + rule('[{uri: {prefix: /api/v2}}]', 'r1')),
    request: get('/api/v2/x'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'first match wins: /api/v2 before /api takes /api/v2/x, and /api/x falls to rule 1',
    source: `${REF} §d.2`,
    manifests: rules(rule('[{uri: {prefix: /api/v2}}]', 'r0') + rule('[{uri: {prefix: /api}}]', 'r1')),
    request: get('/api/x'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'a rule without match matches everything and ends the VirtualService',
    source: `${REF} §d.1 "A rule with no match ... ends the VS"; ${ROUTE_GO} BuildHTTPRoutesForVirtualService`,
    manifests: rules(rule(undefined, 'r0') + rule('[{uri: {prefix: /api}}]', 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'a rule without match placed last catches what the earlier rules miss',
    source: `${REF} §d.1`,
    manifests: rules(rule('[{uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/other'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'an empty match entry ({}) is a catch-all and ends the VirtualService',
    source: `${REF} §d.1 "match: [{}] is a catch-all"; ${ROUTE_GO} TranslateRouteMatch (prefix "/"), IsCatchAllRoute`,
    manifests: rules(rule('[{}]', 'r0') + rule('[{uri: {prefix: /api}}]', 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'a catch-all entry with a header condition does not end the VirtualService',
    source: `${ROUTE_GO} IsCatchAllRoute`,
    manifests: rules(rule('[{uri: {prefix: /}, headers: {x-a: {exact: "1"}}}]', 'r0') + rule('[{uri: {prefix: /api}}]', 'r1')),
    request: get('/api'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'several match entries are ORed: the second entry selects rule 0',
    source: `${REF} §d.2 "OR across entries of one rule"`,
    manifests: rules(rule('[{uri: {exact: /a}}, {uri: {exact: /b}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/b'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'conditions inside one match entry are ANDed: /a without the header falls through',
    source: `${REF} §d.2 "AND inside one match entry"`,
    manifests: rules(rule('[{uri: {exact: /a}, headers: {x-a: {exact: "1"}}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/a'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'no rule matches: 404 with the vhost chosen',
    source: `${REF} §c.5 step 6 / §d.2; gateway_simulation_test.go TestHTTPGateway "uri mismatch" (ErrNoRoute)`,
    manifests: rules(rule('[{uri: {exact: /productpage}}]', 'r0')),
    request: get('/'),
    expect: { ...NO_ROUTE, gateway: 'istio-system/gw', server: { port: 80, protocol: 'HTTP', name: 'http' } },
  },
  {
    name: 'rule.name is reported',
    source: '/work/shared/spec/ROUTING-CONTRACT.md (rule.name)',
    manifests: rules(`
- name: api
  match: [{uri: {prefix: /api}}]
  route:
  - destination: {host: r0, port: {number: 80}}`),
    request: get('/api'),
    expect: { rule: { index: 0, name: 'api' } },
  },
];

// --- config-time filters: port, gateways, sourceLabels, sourceNamespace (reference §d.1) ----------

const filters: EngineCase[] = [
  {
    name: 'match.port equal to the server port keeps the entry',
    source: `${REF} §d.1; ${ROUTE_GO} TranslateRoute (match.Port != listenPort -> nil)`,
    manifests: rules(rule('[{port: 80, uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'match.port 8080 on the port-80 server drops the entry',
    source: `${REF} §d.1 (port compared with the server port); ${ROUTE_GO} TranslateRoute`,
    manifests: rules(rule('[{port: 8080, uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'match.port 8080 is compared with the server port, not the listener port 8080',
    source: `${REF} §a.3 (server port for match.port; the Service maps 80 -> 8080)`,
    manifests: rules(rule('[{port: 8080}]', 'r0') + rule(undefined, 'r1')),
    request: get('/'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'a match with only port (= server port) is a catch-all once translated: later rules are gone',
    source: `${ROUTE_GO} BuildHTTPRoutesForVirtualService + IsCatchAllRoute (the port is not part of the Envoy match)`,
    manifests: rules(rule('[{port: 80}]', 'r0') + rule('[{uri: {prefix: /api}}]', 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'match.gateways naming the gateway keeps the entry',
    source: `${REF} §d.1; ${ROUTE_GO} sourceMatchHTTP`,
    manifests: rules(rule('[{gateways: [istio-system/gw], uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'match.gateways naming another gateway drops the entry',
    source: `${REF} §c.1 "match[].gateways narrows a single match"; sourceMatchHTTP`,
    manifests: rules(rule('[{gateways: [istio-system/other], uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'match.gateways [mesh] drops the entry at the gateway',
    source: `${REF} §c.1; sourceMatchHTTP`,
    manifests: rules(rule('[{gateways: [mesh], uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'sourceLabels the gateway pod lacks drop the match',
    source: `${REF} §d.1 "a rule with sourceLabels: {app: frontend} silently disappears at the gateway"; sourceMatchHTTP`,
    manifests: rules(rule('[{sourceLabels: {app: frontend}, uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'sourceLabels the gateway pod carries keep the match',
    source: `${REF} §d.1 (evaluated against the gateway pod labels); sourceMatchHTTP`,
    manifests: rules(rule('[{sourceLabels: {istio: ingressgateway}, uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'sourceNamespace equal to the gateway pod namespace keeps the match',
    source: `${REF} §d.1; sourceMatchHTTP`,
    manifests: rules(rule('[{sourceNamespace: istio-system, uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(0, 'r0'),
  },
  {
    name: 'sourceNamespace of another namespace drops the match',
    source: `${REF} §d.1; sourceMatchHTTP`,
    manifests: rules(rule('[{sourceNamespace: default, uri: {prefix: /api}}]', 'r0') + rule(undefined, 'r1')),
    request: get('/api'),
    expect: reached(1, 'r1'),
  },
  {
    name: 'a VirtualService whose every entry is dropped contributes no routes: 404',
    source: `${REF} §d.1 "A VS that produces no route at all is ignored"; gateway.go buildGatewayHTTPRouteConfig (error "no routes matched")`,
    manifests: rules(rule('[{sourceLabels: {app: frontend}}]', 'r0')),
    request: get('/'),
    expect: NO_ROUTE,
  },
];

// --- uri (reference §d.3) -------------------------------------------------------------------------

/** A single rule with `match`, then nothing: the request either reaches rule 0 or gets 404. */
function only(match: string): string {
  return rules(rule(match, 'r0'));
}

/** Where the webhook checks string matches: `*` is exempt only in withoutHeaders; elsewhere a regex must compile in Go. */
const WEBHOOK_MATCH = 'istio/istio pkg/config/validation/virtualservice.go validateHTTPRouteMatchRequest (validateStringMatch; "`*` is NOT a RE2 style regex" only for withoutHeaders)';

function uriCase(name: string, source: string, match: string, path: string, matches: boolean): EngineCase {
  return { name, source, manifests: only(match), request: get(path), expect: matches ? reached(0, 'r0') : NO_ROUTE };
}

const URI = `${REF} §d.3`;
const uri: EngineCase[] = [
  uriCase('prefix /foo matches /foo', URI, '[{uri: {prefix: /foo}}]', '/foo', true),
  uriCase('prefix /foo matches /foobar (plain string prefix)', `${URI} "plain string prefix"; ${ENVOY_ROUTER} PrefixRouteEntryImpl`, '[{uri: {prefix: /foo}}]', '/foobar', true),
  uriCase('prefix /foo matches /foo/x', URI, '[{uri: {prefix: /foo}}]', '/foo/x', true),
  uriCase('prefix /foo does not match /fo', URI, '[{uri: {prefix: /foo}}]', '/fo', false),
  uriCase('prefix /foo/ does not match /foo', `${URI} "/api/ does not match /api"`, '[{uri: {prefix: /foo/}}]', '/foo', false),
  uriCase('prefix /foo/ matches /foo/', URI, '[{uri: {prefix: /foo/}}]', '/foo/', true),
  uriCase('prefix is case-sensitive: /foo does not match /FOO', `${URI}; ${ROUTE_GO} TranslateRouteMatch (case_sensitive: !ignoreUriCase)`, '[{uri: {prefix: /foo}}]', '/FOO', false),
  uriCase('ignoreUriCase prefix /foo matches /FOO/x', `${URI} "ignoreUriCase makes exact and prefix case-insensitive"`, '[{uri: {prefix: /foo}, ignoreUriCase: true}]', '/FOO/x', true),
  uriCase('exact /foo matches /foo', URI, '[{uri: {exact: /foo}}]', '/foo', true),
  uriCase('exact /foo does not match /foo/', URI, '[{uri: {exact: /foo}}]', '/foo/', false),
  uriCase('exact /foo does not match /foobar', URI, '[{uri: {exact: /foo}}]', '/foobar', false),
  uriCase('exact /Login does not match /login', URI, '[{uri: {exact: /Login}}]', '/login', false),
  uriCase('ignoreUriCase exact /Login matches /login', URI, '[{uri: {exact: /Login}, ignoreUriCase: true}]', '/login', true),
  uriCase('exact ignores the query string: /search matches /search?q=1', `${URI} "without the query string"; envoyproxy/envoy source/common/common/matchers.cc PathMatcher::match`, '[{uri: {exact: /search}}]', '/search?q=1', true),
  uriCase('the query string is never part of the uri: prefix /search?q does not match /search?q=1', `${URI}; matchers.cc PathMatcher::match`, '[{uri: {prefix: "/search?q"}}]', '/search?q=1', false),
  uriCase('a fragment is not part of the path: exact /doc matches /doc#part', `${REF} §d.6 "Fragments are stripped"`, '[{uri: {exact: /doc}}]', '/doc#part', true),
  uriCase('regex /a.* matches /abc', `${URI} (RE2, full match)`, '[{uri: {regex: "/a.*"}}]', '/abc', true),
  uriCase('regex /a.* does not match /xa (full match, not search)', `${URI} "must match the entire path"; ${ENVOY_ROUTER} RegexRouteEntryImpl`, '[{uri: {regex: "/a.*"}}]', '/xa', false),
  uriCase('regex /users/[0-9]+ does not match /users/12/x', `${URI} (implicit ^...$)`, '[{uri: {regex: "/users/[0-9]+"}}]', '/users/12/x', false),
  uriCase('regex /users/[0-9]+ matches /users/12', URI, '[{uri: {regex: "/users/[0-9]+"}}]', '/users/12', true),
  uriCase('regex ignores the query string: /users/[0-9]+ matches /users/12?x=1', URI, '[{uri: {regex: "/users/[0-9]+"}}]', '/users/12?x=1', true),
  uriCase('ignoreUriCase has no effect on a regex: /api/.* does not match /API/x', `${URI} "no effect on regex"; Envoy RouteMatch.case_sensitive does not apply to safe_regex`, '[{uri: {regex: "/api/.*"}, ignoreUriCase: true}]', '/API/x', false),
  uriCase('a regex is case-insensitive only with (?i): (?i)/api/.* matches /API/x', URI, '[{uri: {regex: "(?i)/api/.*"}}]', '/API/x', true),
  uriCase('no uri means prefix /: matches anything', `${URI} "No uri => prefix /"`, '[{method: {exact: GET}}]', '/any/thing', true),
  uriCase('an empty prefix matches everything', `${URI} "prefix: \\"\\" ... matches everything"`, '[{uri: {prefix: ""}}]', '/x', true),
];

// --- queryParams (reference §d.5) -----------------------------------------------------------------

const QUERY = `${REF} §d.5 queryParams; ${ROUTE_GO} translateQueryParamMatch; ${ENVOY_ROUTER} ConfigUtility::QueryParameterMatcher::matches (first value)`;
const queryParams: EngineCase[] = [
  uriCase('queryParams exact 2 matches ?v=2', QUERY, '[{queryParams: {v: {exact: "2"}}}]', '/?v=2', true),
  uriCase('queryParams exact 2 does not match ?v=20', QUERY, '[{queryParams: {v: {exact: "2"}}}]', '/?v=20', false),
  uriCase('queryParams exact 2 does not match a request without query', QUERY, '[{queryParams: {v: {exact: "2"}}}]', '/', false),
  uriCase('queryParams exact values are case-sensitive: ?v=Beta does not match exact beta', `${QUERY}; util.ConvertToEnvoyMatch sets no ignore_case`, '[{queryParams: {v: {exact: beta}}}]', '/?v=Beta', false),
  uriCase('queryParams prefix values are case-sensitive: ?v=Beta does not match prefix be', QUERY, '[{queryParams: {v: {prefix: be}}}]', '/?v=Beta', false),
  uriCase('queryParams prefix be matches ?v=beta', QUERY, '[{queryParams: {v: {prefix: be}}}]', '/?a=1&v=beta', true),
  uriCase('queryParams prefix be does not match ?v=alpha', QUERY, '[{queryParams: {v: {prefix: be}}}]', '/?v=alpha', false),
  uriCase('queryParams regex [0-9]+ matches ?v=12', QUERY, '[{queryParams: {v: {regex: "[0-9]+"}}}]', '/?v=12', true),
  uriCase('queryParams regex [0-9]+ does not match ?v=12a (full match)', QUERY, '[{queryParams: {v: {regex: "[0-9]+"}}}]', '/?v=12a', false),
  uriCase('queryParams {} tests presence: ?debug matches', `${QUERY}; ${ROUTE_GO} canBeConvertedToPresentMatch`, '[{queryParams: {debug: {}}}]', '/?debug', true),
  uriCase('queryParams {} tests presence: ?nodebug=1 does not match', QUERY, '[{queryParams: {debug: {}}}]', '/?nodebug=1', false),
  uriCase('queryParams regex "*" is refused by the webhook (not RE2), so the VirtualService is left out: ?debug=yes gets 404', `${QUERY}; ${WEBHOOK_MATCH}`, '[{queryParams: {debug: {regex: "*"}}}]', '/?debug=yes', false),
  uriCase('queryParams: the first value of a repeated key is used (?v=1&v=2 matches exact 1)', QUERY, '[{queryParams: {v: {exact: "1"}}}]', '/?v=1&v=2', true),
  uriCase('queryParams: the second value of a repeated key is not seen (?v=1&v=2 does not match exact 2)', QUERY, '[{queryParams: {v: {exact: "2"}}}]', '/?v=1&v=2', false),
  uriCase('queryParams: ?key without = has the value "" (matches exact "")', `${REF} §d.5 "?key with no = has value \\"\\""`, '[{queryParams: {key: {exact: ""}}}]', '/?key', true),
  uriCase('queryParams: ?key= has the value "" as well', QUERY, '[{queryParams: {key: {exact: ""}}}]', '/?key=&x=1', true),
  uriCase('queryParams values are not URL-decoded: a%20b does not match exact "a b"', `${REF} §d.5 "not URL-decoded"`, '[{queryParams: {name: {exact: "a b"}}}]', '/?name=a%20b', false),
  uriCase('queryParams values are not URL-decoded: a%20b matches exact a%20b', `${REF} §d.5 "not URL-decoded"`, '[{queryParams: {name: {exact: "a%20b"}}}]', '/?name=a%20b', true),
  uriCase('queryParams names are case-sensitive: ?V=2 does not match v', QUERY, '[{queryParams: {v: {exact: "2"}}}]', '/?V=2', false),
];

// --- headers, withoutHeaders, authority, method, scheme (reference §d.4, §d.5) --------------------

type Extra = { host?: string; method?: string };

function headerCase(name: string, source: string, match: string, headers: Record<string, string>, matches: boolean, extra: Extra = {}): EngineCase {
  return { name, source, manifests: only(match), request: get('/', { headers, ...extra }), expect: matches ? reached(0, 'r0') : NO_ROUTE };
}

const HEADERS = `${REF} §d.4; ${ROUTE_GO} translateHeaderMatch; envoyproxy/envoy source/common/http/header_utility.cc HeaderUtility::matchHeaders`;
const headers: EngineCase[] = [
  headerCase('header exact alice matches x-user: alice', HEADERS, '[{headers: {x-user: {exact: alice}}}]', { 'x-user': 'alice' }, true),
  headerCase('header exact alice does not match x-user: Alice (values are case-sensitive)', HEADERS, '[{headers: {x-user: {exact: alice}}}]', { 'x-user': 'Alice' }, false),
  headerCase('header exact Alice matches x-user: Alice (the value as written, capitals kept)', HEADERS, '[{headers: {x-user: {exact: Alice}}}]', { 'x-user': 'Alice' }, true),
  headerCase('header exact does not match a missing header', `${HEADERS} "A missing header never satisfies exact/prefix/regex"`, '[{headers: {x-user: {exact: alice}}}]', {}, false),
  headerCase('header prefix v2 matches x-ver: v2.1', HEADERS, '[{headers: {x-ver: {prefix: v2}}}]', { 'x-ver': 'v2.1' }, true),
  headerCase('header prefix v2 does not match x-ver: v1', HEADERS, '[{headers: {x-ver: {prefix: v2}}}]', { 'x-ver': 'v1' }, false),
  headerCase('header prefix v2 does not match a missing header', `${HEADERS} "A missing header never satisfies exact/prefix/regex"`, '[{headers: {x-ver: {prefix: v2}}}]', {}, false),
  headerCase('header prefix is case-sensitive: prefix v2 does not match x-ver: V2.1', `${HEADERS} (StringMatcher ignore_case unset)`, '[{headers: {x-ver: {prefix: v2}}}]', { 'x-ver': 'V2.1' }, false),
  headerCase('header regex [0-9]+ matches x-id: 123', HEADERS, '[{headers: {x-id: {regex: "[0-9]+"}}}]', { 'x-id': '123' }, true),
  headerCase('header regex [0-9]+ does not match x-id: 12a (full match)', HEADERS, '[{headers: {x-id: {regex: "[0-9]+"}}}]', { 'x-id': '12a' }, false),
  headerCase('header regex [a-z]+ does not match a missing header (not even as the text "undefined")', `${HEADERS} "A missing header never satisfies exact/prefix/regex"`, '[{headers: {x-id: {regex: "[a-z]+"}}}]', {}, false),
  headerCase('header regex .* does not match a missing header: a regex is not a presence test', `${HEADERS} (only regex "*" becomes present_match: canBeConvertedToPresentMatch)`, '[{headers: {x-id: {regex: ".*"}}}]', {}, false),
  headerCase('header regex .* matches an empty header', HEADERS, '[{headers: {x-id: {regex: ".*"}}}]', { 'x-id': '' }, true),
  headerCase('header {} tests presence: an empty x-debug matches', `${HEADERS}; canBeConvertedToPresentMatch`, '[{headers: {x-debug: {}}}]', { 'x-debug': '' }, true),
  headerCase('header {} tests presence: a missing x-debug does not match', HEADERS, '[{headers: {x-debug: {}}}]', {}, false),
  headerCase('header regex "*" is refused by the webhook (not RE2), so the VirtualService is left out', `${HEADERS}; ${WEBHOOK_MATCH}`, '[{headers: {x-debug: {regex: "*"}}}]', { 'x-debug': 'anything' }, false),
  headerCase('header names are case-insensitive (match X-User, request X-USER)', `${REF} §d.4 "Names are case-insensitive"`, '[{headers: {X-User: {exact: alice}}}]', { 'X-USER': 'alice' }, true),
  headerCase('a header matcher named host never sees the Host header (istio#23083)', `${REF} §d.4; https://github.com/istio/istio/issues/23083 (Envoy keeps Host as :authority)`, `[{headers: {host: {exact: ${HOST}}}}]`, {}, false),
  headerCase('a header matcher named host does not see a host entry of the request headers either', `${REF} §d.4; istio#23083`, `[{headers: {host: {exact: ${HOST}}}}]`, { host: HOST }, false),
  headerCase('a header matcher named :authority sees the Host', `${REF} §d.4 ":authority includes any :port"`, `[{headers: {":authority": {exact: ${HOST}}}}]`, {}, true),
  headerCase('a header matcher named :authority sees the port of the Host', `${REF} §d.4`, '[{headers: {":authority": {exact: "shop.example.com:8080"}}}]', {}, true, { host: `${HOST}:8080` }),
  {
    name: 'a header matcher on :path sees the query string',
    source: `${REF} §d.4 ":path is the full path including the query string"`,
    manifests: only('[{headers: {":path": {exact: "/?a=1"}}}]'),
    request: get('/?a=1'),
    expect: reached(0, 'r0'),
  },
  headerCase('authority exact matches a Host without port', `${REF} §d.5 authority`, `[{authority: {exact: ${HOST}}}]`, {}, true),
  headerCase('authority includes the port: exact shop.example.com does not match Host shop.example.com:8080', `${REF} §c.5 "an authority match still sees host:port", §d.5`, `[{authority: {exact: ${HOST}}}]`, {}, false, { host: `${HOST}:8080` }),
  headerCase('authority prefix shop.example.com matches Host shop.example.com:8080', `${REF} §d.5`, `[{authority: {prefix: ${HOST}}}]`, {}, true, { host: `${HOST}:8080` }),
  headerCase('authority is case-sensitive although vhost selection is not (istio#56801)', `${REF} §d.5 "case-sensitive (istio/istio#56801)"`, `[{authority: {exact: ${HOST}}}]`, {}, false, { host: 'SHOP.example.com' }),
  headerCase('method exact POST matches POST', `${REF} §d.5 method (:method)`, '[{method: {exact: POST}}]', {}, true, { method: 'POST' }),
  headerCase('method exact POST does not match GET', `${REF} §d.5`, '[{method: {exact: POST}}]', {}, false, { method: 'GET' }),
  headerCase('method is case-sensitive: exact POST does not match post', `${REF} §d.5 "case-sensitive (GET)"`, '[{method: {exact: POST}}]', {}, false, { method: 'post' }),
  headerCase('method regex GET|HEAD matches HEAD', `${REF} §d.5`, '[{method: {regex: "GET|HEAD"}}]', {}, true, { method: 'HEAD' }),
  headerCase('method regex GET|HEAD does not match POST', `${REF} §d.5; ${ROUTE_GO} TranslateRouteMatch (method -> :method header, safe_regex full match)`, '[{method: {regex: "GET|HEAD"}}]', {}, false, { method: 'POST' }),
  headerCase('method prefix P matches PUT', `${REF} §d.5`, '[{method: {prefix: P}}]', {}, true, { method: 'PUT' }),
  headerCase('method prefix P does not match GET', `${REF} §d.5`, '[{method: {prefix: P}}]', {}, false, { method: 'GET' }),
  headerCase('authority regex matches the whole Host', `${REF} §d.5 authority (:authority header, safe_regex full match)`, '[{authority: {regex: "shop\\\\..*"}}]', {}, true),
  headerCase('authority regex does not match a Host it only partly covers', `${REF} §d.5`, '[{authority: {regex: "shop"}}]', {}, false),
  headerCase('scheme exact http matches on the plaintext server', `${REF} §d.5 scheme "http on plaintext listeners"`, '[{scheme: {exact: http}}]', {}, true),
  headerCase('scheme exact https does not match on the plaintext server', `${REF} §d.5 scheme`, '[{scheme: {exact: https}}]', {}, false),
  headerCase('a JWT claim in brackets (@request.auth.claims[sub]) is a claim too: a header of that name does not satisfy it', `${REF} §d.4; ${ROUTE_GO} translateMetadataMatch (jwt.ToRoutingClaim: "." or "[]" separators)`, '[{headers: {"@request.auth.claims[sub]": {exact: alice}}}]', { '@request.auth.claims[sub]': 'alice' }, false),
  headerCase('withoutHeaders on a JWT claim always holds without a RequestAuthentication (no claim to match)', `${REF} §d.4; ${ROUTE_GO} TranslateRouteMatch (inverted metadata matcher on a claim that is never there)`, '[{withoutHeaders: {"@request.auth.claims.group": {exact: admin}}}]', { '@request.auth.claims.group': 'admin' }, true),
  headerCase('a JWT claim header (@request.auth.claims.sub) never matches without a RequestAuthentication', `${REF} §d.4 "without one they never match (IST0149)"; ${ROUTE_GO} translateMetadataMatch`, '[{headers: {"@request.auth.claims.sub": {exact: alice}}}]', { '@request.auth.claims.sub': 'alice' }, false),
];

const WITHOUT = `${REF} §d.4 withoutHeaders; ${ROUTE_GO} TranslateRouteMatch (InvertMatch, TreatMissingHeaderAsEmpty unless a presence match)`;
const withoutHeaders: EngineCase[] = [
  headerCase('withoutHeaders exact foo: a request without x-a matches', WITHOUT, '[{withoutHeaders: {x-a: {exact: foo}}}]', {}, true),
  headerCase('withoutHeaders exact foo: x-a: bar matches', WITHOUT, '[{withoutHeaders: {x-a: {exact: foo}}}]', { 'x-a': 'bar' }, true),
  headerCase('withoutHeaders exact foo: x-a: foo does not match', WITHOUT, '[{withoutHeaders: {x-a: {exact: foo}}}]', { 'x-a': 'foo' }, false),
  headerCase('withoutHeaders {}: a request without x-a matches', WITHOUT, '[{withoutHeaders: {x-a: {}}}]', {}, true),
  headerCase('withoutHeaders {}: an empty x-a does not match', WITHOUT, '[{withoutHeaders: {x-a: {}}}]', { 'x-a': '' }, false),
  headerCase('withoutHeaders {}: any x-a does not match', WITHOUT, '[{withoutHeaders: {x-a: {}}}]', { 'x-a': 'v' }, false),
  headerCase('withoutHeaders regex "*" is a presence test the webhook accepts: a request without x-a matches', `${WITHOUT}; ${WEBHOOK_MATCH}`, '[{withoutHeaders: {x-a: {regex: "*"}}}]', {}, true),
  headerCase('withoutHeaders regex "*": any x-a does not match', `${WITHOUT}; ${WEBHOOK_MATCH}`, '[{withoutHeaders: {x-a: {regex: "*"}}}]', { 'x-a': 'v' }, false),
  headerCase('withoutHeaders exact "": a request lacking x-a does not match (missing counts as "")', `${WITHOUT} "does not match requests lacking x-a"`, '[{withoutHeaders: {x-a: {exact: ""}}}]', {}, false),
  headerCase('withoutHeaders exact "": x-a: v matches', WITHOUT, '[{withoutHeaders: {x-a: {exact: ""}}}]', { 'x-a': 'v' }, true),
  headerCase('withoutHeaders prefix a: a request without x-a matches', WITHOUT, '[{withoutHeaders: {x-a: {prefix: a}}}]', {}, true),
  headerCase('withoutHeaders prefix a: x-a: abc does not match', WITHOUT, '[{withoutHeaders: {x-a: {prefix: a}}}]', { 'x-a': 'abc' }, false),
  headerCase('withoutHeaders prefix a: x-a: xyz matches (a present header that fails the prefix)', WITHOUT, '[{withoutHeaders: {x-a: {prefix: a}}}]', { 'x-a': 'xyz' }, true),
  headerCase('withoutHeaders regex [0-9]+: x-a: abc matches', WITHOUT, '[{withoutHeaders: {x-a: {regex: "[0-9]+"}}}]', { 'x-a': 'abc' }, true),
  headerCase('withoutHeaders regex [0-9]+: x-a: 12 does not match', WITHOUT, '[{withoutHeaders: {x-a: {regex: "[0-9]+"}}}]', { 'x-a': '12' }, false),
  headerCase('withoutHeaders regex [0-9]*: a request lacking x-a does not match (missing counts as "", which the regex matches)', `${WITHOUT} (TreatMissingHeaderAsEmpty)`, '[{withoutHeaders: {x-a: {regex: "[0-9]*"}}}]', {}, false),
  headerCase('withoutHeaders names are case-insensitive', WITHOUT, '[{withoutHeaders: {X-A: {exact: foo}}}]', { 'x-A': 'foo' }, false),
];

const HTTPS_SCHEME = rules(rule('[{scheme: {exact: https}}]', 'r0'), httpsServer([HOST]));
const schemeAfterTls: EngineCase[] = [
  {
    name: 'scheme exact https matches after TLS termination',
    source: `${REF} §d.5 scheme "https after TLS termination"`,
    manifests: HTTPS_SCHEME,
    request: { port: 443, host: HOST, path: '/' },
    expect: { ...reached(0, 'r0'), server: { port: 443, protocol: 'HTTPS', name: 'https' }, gateway: 'istio-system/gw' },
  },
  {
    name: 'scheme exact http does not match after TLS termination',
    source: `${REF} §d.5 scheme`,
    manifests: rules(rule('[{scheme: {exact: http}}]', 'r0'), httpsServer([HOST])),
    request: { port: 443, host: HOST, path: '/' },
    expect: NO_ROUTE,
  },
];

// --- what a 404 says about each rule (the decision trace) ----------------------------------------

/** A request that no rule takes: the trace names, for rule 0, the first condition of its match that failed. */
function mismatchCase(match: string, request: ReturnType<typeof get>, failed: string): EngineCase {
  return {
    name: `a 404 names the failed condition: ${failed}`,
    source: '/work/shared/spec/ROUTING-CONTRACT.md (trace: "human-readable steps that explain the decision"); istio/istio pilot/pkg/simulation/traffic.go (ErrNoRoute)',
    manifests: only(match),
    request,
    expect: { ...NO_ROUTE, trace: expect.arrayContaining([`  VirtualService default/vs rule 0: ${failed} does not hold`]) },
  };
}

const mismatches: EngineCase[] = [
  mismatchCase('[{uri: {prefix: /api}}]', get('/web'), 'prefix /api'),
  mismatchCase('[{uri: {exact: /api}}]', get('/api/x'), 'exact /api'),
  mismatchCase('[{uri: {regex: "/[0-9]+"}}]', get('/x'), 'regex /[0-9]+'),
  mismatchCase('[{uri: {prefix: /api}, headers: {x-a: {exact: "1"}}}]', get('/api', { headers: { 'x-a': '2' } }), 'header x-a exact 1'),
  mismatchCase('[{headers: {X-Ver: {prefix: v2}}}]', get('/'), 'header x-ver prefix v2'),
  mismatchCase('[{headers: {x-debug: {}}}]', get('/'), 'header x-debug present'),
  mismatchCase('[{method: {regex: "GET|HEAD"}}]', get('/', { method: 'POST' }), 'method regex GET|HEAD'),
  mismatchCase('[{authority: {exact: other.example.com}}]', get('/'), 'authority exact other.example.com'),
  mismatchCase('[{queryParams: {v: {exact: "2"}}}]', get('/?v=1'), 'query v exact 2'),
  mismatchCase('[{withoutHeaders: {x-a: {exact: foo}}}]', get('/', { headers: { 'x-a': 'foo' } }), 'without header x-a exact foo'),
  mismatchCase('[{uri: {prefix: /}, method: {exact: GET}, queryParams: {v: {prefix: b}}}]', get('/?v=a'), 'query v prefix b'),
  mismatchCase('[{headers: {"@request.auth.claims.sub": {exact: alice}}}]', get('/'), 'JWT claim @request.auth.claims.sub exact alice'),
];

/** A request rule 0 takes: the trace names the match entry that took it, every condition in it. */
function matchedCase(match: string, request: ReturnType<typeof get>, described: string): EngineCase {
  return {
    name: `the trace names the match that took the request: ${described}`,
    source: '/work/shared/spec/ROUTING-CONTRACT.md (trace: "rule 0 matched prefix /")',
    manifests: only(match),
    request,
    expect: { ...reached(0, 'r0'), trace: expect.arrayContaining([`VirtualService default/vs rule 0 matched ${described}`]) },
  };
}

const matched: EngineCase[] = [
  matchedCase('[{uri: {prefix: /api}}]', get('/api/x'), 'prefix /api'),
  matchedCase('[{uri: {exact: /api}, headers: {x-a: {exact: "1"}}}]', get('/api', { headers: { 'x-a': '1' } }), 'exact /api, header x-a exact 1'),
  matchedCase('[{uri: {regex: "/a.*"}, method: {exact: GET}, queryParams: {v: {}}, withoutHeaders: {x-b: {prefix: no}}}]', get('/abc?v'),
    'regex /a.*, method exact GET, without header x-b prefix no, query v present'),
  matchedCase('[{headers: {x-a: {exact: "1"}}}, {withoutHeaders: {"@request.auth.claims.group": {}}}]', get('/'),
    'prefix /, without JWT claim @request.auth.claims.group present'),
];

// --- path normalization before matching (reference §d.6) ------------------------------------------

const NORMALIZE = `${REF} §d.6 (normalize_path); envoyproxy/envoy source/common/http/path_utility.cc PathUtil::canonicalPath (Chromium url_canon_path.cc); test/common/http/path_utility_test.cc`;
const normalization: EngineCase[] = [
  uriCase('/a/../b is normalized to /b before matching', NORMALIZE, '[{uri: {exact: /b}}]', '/a/../b', true),
  uriCase('/a/./b is normalized to /a/b', NORMALIZE, '[{uri: {exact: /a/b}}]', '/a/./b', true),
  uriCase('%2E%2E acts as ..: /a/%2E%2E/b is /b', `${NORMALIZE} ("/a/b/%2E%2E/c" -> "/a/c")`, '[{uri: {exact: /b}}]', '/a/%2E%2E/b', true),
  uriCase('%2e%2e (lower case) acts as .. as well', `${NORMALIZE} NormalizeCasePath`, '[{uri: {exact: /b}}]', '/a/%2e%2e/b', true),
  uriCase('.. never climbs above the root: /../b is /b', `${NORMALIZE} ("/../a/b" -> "/a/b")`, '[{uri: {exact: /b}}]', '/../b', true),
  uriCase('a backslash is a slash: /a\\b is /a/b', `${NORMALIZE} ("/a/..\\\\c" -> "/c")`, '[{uri: {exact: /a/b}}]', '/a\\b', true),
  uriCase('// is kept: //b does not match exact /b', `${REF} §d.6 "// is kept" (merge_slashes off by default)`, '[{uri: {exact: /b}}]', '//b', false),
  uriCase('// is kept: //b matches exact //b', `${REF} §d.6`, '[{uri: {exact: //b}}]', '//b', true),
  uriCase('%2F is kept: /a%2Fb does not match exact /a/b', `${REF} §d.6 "%2F is kept" (path_with_escaped_slashes_action KEEP_UNCHANGED)`, '[{uri: {exact: /a/b}}]', '/a%2Fb', false),
  uriCase('%2F is kept: /a%2Fb matches exact /a%2Fb', `${REF} §d.6`, '[{uri: {exact: /a%2Fb}}]', '/a%2Fb', true),
  uriCase('a kept escape keeps its hex case: /a%2fb does not match exact /a%2Fb', `${NORMALIZE} NormalizeCasePath ("/a/%2F%2f/c" unchanged)`, '[{uri: {exact: /a%2Fb}}]', '/a%2fb', false),
  uriCase('%5c is kept, not turned into a slash', `${NORMALIZE} ("/%5c%25" unchanged)`, '[{uri: {exact: /a%5cb}}]', '/a%5cb', true),
  uriCase('escaped unreserved characters are decoded: /%61pi matches prefix /api', `${REF} §d.6 "decodes percent-encoded unreserved characters"`, '[{uri: {prefix: /api}}]', '/%61pi/x', true),
  uriCase('characters a path may not carry literally are escaped: /a{b} is /a%7Bb%7D', `${NORMALIZE} (Chromium kPathCharLookup ESCAPE)`, '[{uri: {exact: /a%7Bb%7D}}]', '/a{b}', true),
  uriCase('an invalid escape %zz is passed through unchanged (permissive canonicalizer)', `${NORMALIZE} DoPartialPath "Invalid escape sequence ... pass them through unchanged"`, '[{uri: {exact: /a%zz}}]', '/a%zz', true),
  uriCase('the query is never normalized: /a/../b?x=/../y still matches exact /b', `${REF} §d.6 "The query string is never normalised"`, '[{uri: {exact: /b}}]', '/a/../b?x=/../y', true),
  {
    name: 'an escaped NUL (%00) is an invalid path: 400 before routing',
    source: `${NORMALIZE} InvalidPaths ("/xyz/.%00../abc"); ${REF} §d.6 "Malformed paths get 400"`,
    manifests: only('[{uri: {prefix: /}}]'),
    request: get('/a%00b'),
    expect: { action: 'direct_response', status: 400, virtualService: null, destinations: [] },
  },
  {
    name: 'an invalid path is 400 even for a Host no virtual host serves: normalization runs before vhost selection',
    source: 'envoyproxy/envoy source/common/http/conn_manager_impl.cc ActiveStream::decodeHeaders (maybeNormalizePath before refreshCachedRoute)',
    manifests: only('[{uri: {prefix: /}}]'),
    request: get('/a%00b', { host: 'unknown.example.org' }),
    expect: { action: 'direct_response', status: 400 },
  },
  {
    name: 'a space in the path is rejected by the HTTP/1 codec: 400',
    source: `${REF} §d.6 "Malformed paths get 400"; ${NORMALIZE} (control characters "should be excluded by http parser")`,
    manifests: only('[{uri: {prefix: /}}]'),
    request: get('/a b'),
    expect: { action: 'direct_response', status: 400 },
  },
  {
    name: 'the upstream sees the normalized path (rewrite keeps it)',
    source: `${REF} §d.6 "the upstream sees the normalized path"`,
    manifests: rules(`
- match: [{uri: {prefix: /api}}]
  rewrite: {uri: /v2}
  route:
  - destination: {host: r0, port: {number: 80}}`),
    request: get('/x/../api/users?q=/../z'),
    expect: { ...reached(0, 'r0'), rewrite: { path: '/v2/users?q=/../z', authority: null } },
  },
];

describe('several VirtualServices for one host (§c.4)', () => runCases(merging));
describe('route order (§d.1, §d.2)', () => runCases(order));
describe('config-time match filters (§d.1)', () => runCases(filters));
describe('uri matching (§d.3)', () => runCases(uri));
describe('queryParams (§d.5)', () => runCases(queryParams));
describe('headers, authority, method, scheme (§d.4, §d.5)', () => runCases([...headers, ...schemeAfterTls]));
describe('withoutHeaders (§d.4)', () => runCases(withoutHeaders));
describe('path normalization (§d.6)', () => runCases(normalization));
describe('what a 404 says about the rules (trace)', () => runCases(mismatches));
describe('what the trace says about the match that took a request', () => runCases(matched));

describe('the route table lists catch-alls last (§c.4)', () => {
  // istio/istio pilot/pkg/networking/core/route/route.go IsCatchAllRoute: a prefix ".*" or an exact "/" is not a
  // catch-all, whatever it looks like; a regex ".*" is.
  test('a prefix .* keeps its place; a regex .* moves after the newer VirtualService', () => {
    const listed = (older: string) => engineOf(twoVirtualServices(rule(older, 'old'), rule('[{uri: {prefix: /api}}]', 'new')))
      .routes().filter((r) => r.listenerPort === 8080).map((r) => r.virtualService);
    expect(listed('[{uri: {prefix: ".*"}}]')).toEqual(['older.default', 'newer.default']);
    expect(listed('[{uri: {exact: /}}]')).toEqual(['older.default', 'newer.default']);
    expect(listed('[{uri: {regex: ".*"}}]')).toEqual(['newer.default', 'older.default']);
  });
});
