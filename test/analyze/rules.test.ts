import { findings, findingsOf, GATEWAY_WORKLOAD, publicGateway } from './support';

const GATEWAY = publicGateway();

function virtualService(name: string, rules: string, section = 'http', hosts = '[shop.example.com]'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: apps, creationTimestamp: '2024-01-0${name === 'first' ? 1 : 2}T00:00:00Z'}
spec:
  hosts: ${hosts}
  gateways: [istio-system/public]
  ${section}:
${rules}
`;
}

const TO = 'route: [{destination: {host: shop}}]';

describe('IST0130 VirtualServiceUnreachableRule', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_overlappingmatches.yaml and reference §h.
  test('a match-less rule last is fine', () => {
    expect(findingsOf('IST0130', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', `  - {match: [{uri: {prefix: /api}}], ${TO}}\n  - {${TO}}`))).toEqual([]);
  });

  test('a rule after a match-less rule is never used', () => {
    expect(findingsOf('IST0130', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', `  - {${TO}}\n  - {name: api, match: [{uri: {prefix: /api}}], ${TO}}`))).toEqual([{
      code: 'IST0130',
      level: 'Warning',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^http rule "api" is never used: rule #0 before it has no match/),
    }]);
  });

  test('a rule whose matches all repeat earlier ones is never used', () => {
    const rules = `  - {match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}], ${TO}}\n  - {match: [{uri: {prefix: /b}, name: again}], ${TO}}`;
    expect(findingsOf('IST0130', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules)).map((f) => f.message))
      .toEqual([expect.stringMatching(/^http rule #1 is never used: every one of its matches repeats/)]);
  });

  test('tcp rules are checked the same way', () => {
    const tcp = '  - {route: [{destination: {host: db}}]}\n  - {route: [{destination: {host: db2}}]}';
    expect(findingsOf('IST0130', virtualService('shop', tcp, 'tcp')).map((f) => f.message))
      .toEqual([expect.stringMatching(/^tcp rule #1 is never used: only the last rule may have no match/)]);
    expect(findingsOf('IST0130', virtualService('shop', '  - {match: [{port: 5432}], route: [{destination: {host: db}}]}\n  - {route: [{destination: {host: db2}}]}', 'tcp')))
      .toEqual([]);
  });
});

describe('IST0131 VirtualServiceIneffectiveMatch', () => {
  /**
   * The IST0130 and IST0131 findings of VirtualService apps/shop with `rules` in `section`, each as `CODE message`, and
   * IST0106 and IST0133 if the webhook would refuse or warn about it (no case may pass because its object is refused).
   */
  function reachability(rules: string, section = 'http', hosts?: string): string[] {
    return findings(GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules, section, hosts))
      .filter((f) => ['IST0106', 'IST0133', 'IST0130', 'IST0131'].includes(f.code))
      .map((f) => `${f.code} ${f.message}`);
  }

  // The cases of istio/istio pkg/config/analysis/analyzers/analyzers_test.go "dupmatches" (testdata
  // virtualservice_dupmatches.yaml and virtualservice_overlappingmatches.yaml), in scenarios of our own, with the codes
  // istioctl gives them. The findings come from pkg/config/validation/validation.go: analyzeUnreachableHTTPRules,
  // analyzeUnreachableTCPRules and analyzeUnreachableTLSRules (a match equal to an earlier one but for its name, and
  // a rule all of whose matches are such repeats), and for HTTP genMatchHTTPRoutes + coveredValidation (a uri prefix
  // extending an earlier one, with other conditions it reads as alike).
  const DUPMATCHES: Array<[string, string, string, string[]]> = [
    ['two rules without match (sample-foo-cluster01)', 'http', `  - {${TO}}\n  - {${TO}}`, ['IST0130']],
    ['a named match repeating the next rule\'s match (duplicate-match)', 'http',
      `  - {name: orders, match: [{name: all-orders, uri: {prefix: /orders}}], ${TO}}\n  - {name: orders-again, match: [{uri: {prefix: /orders}}], ${TO}}`,
      ['IST0130', 'IST0131']],
    ['a rule with one repeated match and one new (almost-duplicate-match)', 'http',
      `  - {match: [{uri: {prefix: /orders}}], ${TO}}\n  - {match: [{name: again, uri: {prefix: /orders}}, {uri: {prefix: /carts}}], ${TO}}`,
      ['IST0131']],
    ['two tcp rules on the same port (duplicate-tcp-match)', 'tcp',
      '  - {match: [{port: 5432}], route: [{destination: {host: db}}]}\n  - {match: [{port: 5432}], route: [{destination: {host: db2}}]}',
      ['IST0130', 'IST0131']],
    ['two tcp rules without match (duplicate-empty-tcp)', 'tcp',
      '  - {route: [{destination: {host: db}}]}\n  - {route: [{destination: {host: db2}}]}', ['IST0130']],
    ['a tcp rule repeating a port beside a new one (almost-duplicate-tcp-match)', 'tcp',
      '  - {match: [{port: 5432}], route: [{destination: {host: db}}]}\n  - {match: [{port: 5432}, {port: 5433}], route: [{destination: {host: db2}}]}',
      ['IST0131']],
    ['two tls rules on the same port and SNI host (tls-routing)', 'tls',
      '  - {match: [{port: 443, sniHosts: [shop.example.com]}], route: [{destination: {host: shop}}]}\n'
      + '  - {match: [{port: 443, sniHosts: [shop.example.com]}], route: [{destination: {host: shop2}}]}',
      ['IST0130', 'IST0131']],
    ['a tls rule repeating a match beside a new port (tls-routing-almostmatch)', 'tls',
      '  - {match: [{port: 443, sniHosts: [shop.example.com]}], route: [{destination: {host: shop}}]}\n'
      + '  - {match: [{port: 443, sniHosts: [shop.example.com]}, {port: 8443, sniHosts: [shop.example.com]}], route: [{destination: {host: shop2}}]}',
      ['IST0131']],
    ['a longer prefix for GET after a prefix for any method, in one rule (non-method-get)', 'http',
      `  - {match: [{uri: {prefix: /item}}, {uri: {prefix: /items}, method: {exact: GET}}], ${TO}}`, ['IST0131']],
    ['a longer prefix after a prefix, both for GET, in one rule (overlapping-in-single-match)', 'http',
      `  - {match: [{uri: {prefix: /item}, method: {exact: GET}}, {uri: {prefix: /items}, method: {exact: GET}}], ${TO}}`, ['IST0131']],
    ['a longer prefix after a prefix, both for GET, in two rules (overlapping-in-two-matches): no IST0130', 'http',
      `  - {match: [{uri: {prefix: /item}, method: {exact: GET}}], ${TO}}\n  - {match: [{uri: {prefix: /items}, method: {exact: GET}}], ${TO}}`,
      ['IST0131']],
    ['longer prefixes for GET and for POST after a prefix for GET (overlapping-mathes-with-different-methods)', 'http',
      `  - {match: [{uri: {prefix: /it}, method: {exact: GET}}], ${TO}}\n`
      + `  - {match: [{uri: {prefix: /item}, method: {exact: GET}}, {uri: {prefix: /items}, method: {exact: POST}}], ${TO}}`,
      ['IST0131']],
  ];

  test.each(DUPMATCHES)('istioctl\'s case: %s', (_what, section, rules, codes) => {
    expect(reachability(rules, section).map((f) => f.slice(0, 7))).toEqual(codes);
  });

  test('the POST match of overlapping-mathes-with-different-methods takes requests: only the GET one is ineffective', () => {
    const [, , rules] = DUPMATCHES[DUPMATCHES.length - 1];
    expect(reachability(rules)).toEqual([expect.stringMatching(/^IST0131 http rule #1 match #0 is ineffective: /)]);
  });

  // istioctl's uri-with-prefix-exact case gives nothing: coveredValidation compares uri prefixes only. Prefix / takes
  // every request for exact / (and the engine routes them so), so this reports it.
  test('an exact path after a prefix that covers it is ineffective (istioctl compares prefixes only)', () => {
    expect(reachability(`  - {match: [{uri: {prefix: /}}, {uri: {exact: /}, method: {exact: GET}}], ${TO}}`)).toEqual([
      'IST0131 http rule #0 match #1 is ineffective: every request it matches (exact /, method exact GET) goes to match #0 of rule #0 (prefix /) first: remove it',
    ]);
  });

  test('distinct matches are fine', () => {
    const rules = `  - {match: [{uri: {prefix: /api}, headers: {x-v: {exact: '2'}}}], ${TO}}\n  - {match: [{uri: {prefix: /api/v1}}], ${TO}}`;
    expect(reachability(rules)).toEqual([]);
  });

  test('a match repeating an earlier one names the match it repeats', () => {
    const rules = `  - {match: [{uri: {exact: /logout}}, {uri: {exact: /login}}], ${TO}}\n  - {match: [{uri: {exact: /login}}, {uri: {exact: /signup}}], ${TO}}`;
    expect(findingsOf('IST0131', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules))).toEqual([{
      code: 'IST0131',
      level: 'Info',
      resource: 'VirtualService apps/shop',
      message: 'http rule #1 match #0 is ineffective: it repeats match #1 of rule #0',
    }]);
  });

  test('the message names the covering rule and match, by name when they have one, and how to fix it', () => {
    const rules = `  - {name: api, match: [{uri: {exact: /health}}, {name: all, uri: {prefix: /api}}], ${TO}}\n`
      + `  - {name: v1, match: [{name: reads, uri: {prefix: /api/v1}, method: {exact: GET}}], ${TO}}`;
    expect(reachability(rules)).toEqual([
      'IST0131 http rule "v1" match "reads" is ineffective: every request it matches (prefix /api/v1, method exact GET) '
      + 'goes to match "all" of rule "api" (prefix /api) first: remove it, or move its rule before rule "api"',
    ]);
  });

  // An earlier match covers a later one when every condition it has follows from the later one's (fewer, looser
  // conditions), judged as the engine tests them (src/engine/route-matcher.ts, string-matcher.ts) and as istiod applies
  // a match to a proxy (pilot/pkg/networking/core/route/route.go sourceMatchHTTP and TranslateRoute for port and
  // gateways; pilot/pkg/networking/core/tls.go matchTCP and matchTLS). Each covering row has a near-identical row that
  // does not cover.
  const COVERS: Array<[string, string, string, string, boolean]> = [
    ['a prefix covers a longer prefix', 'http', '{uri: {prefix: /api}}', '{uri: {prefix: /api/v1}}', true],
    ['a longer prefix does not cover a shorter one', 'http', '{uri: {prefix: /api/v1}}', '{uri: {prefix: /api}}', false],
    ['a prefix is a string prefix, not a path segment (Envoy prefix, as istiod writes it for a VirtualService)', 'http',
      '{uri: {prefix: /api}}', '{uri: {prefix: /apis}}', true],
    ['a prefix covers an exact path it starts', 'http', '{uri: {prefix: /api}}', '{uri: {exact: /api/users}}', true],
    ['an exact path does not cover the same prefix', 'http', '{uri: {exact: /api/users}}', '{uri: {prefix: /api/users}}', false],
    ['a match without uri (prefix /) covers any prefix', 'http', '{method: {exact: GET}}', '{uri: {prefix: /api}, method: {exact: GET}}', true],
    ['an exact path ignoring case covers the same path in another case', 'http',
      '{uri: {exact: /Login}, ignoreUriCase: true}', '{uri: {exact: /login}}', true],
    ['a case-sensitive exact path does not cover the same path ignoring case', 'http',
      '{uri: {exact: /login}}', '{uri: {exact: /login}, ignoreUriCase: true}', false],
    ['a prefix ignoring case covers a longer prefix', 'http', '{uri: {prefix: /API}, ignoreUriCase: true}', '{uri: {prefix: /api/v1}}', true],
    ['a case-sensitive prefix does not cover a longer prefix ignoring case', 'http',
      '{uri: {prefix: /api}}', '{uri: {prefix: /api/v1}, ignoreUriCase: true}', false],
    ['a case-sensitive prefix without letters covers a prefix ignoring case', 'http',
      '{uri: {prefix: /}}', '{uri: {prefix: /api}, ignoreUriCase: true}', true],
    ['a regex covers the same regex', 'http', '{uri: {regex: "/api/v[0-9]+"}}', '{uri: {regex: "/api/v[0-9]+"}, method: {exact: GET}}', true],
    ['a regex covers no other regex', 'http', '{uri: {regex: "/api/v[0-9]+"}}', '{uri: {regex: "/api/v[0-9]"}}', false],
    ['a regex is not taken to cover an exact path, even one it matches', 'http', '{uri: {regex: "/api/.*"}}', '{uri: {exact: /api/users}}', false],
    ['regex .* covers every path', 'http', '{uri: {regex: ".*"}}', '{uri: {regex: "/api/.*"}}', true],
    ['a match without method covers one for GET', 'http', '{uri: {prefix: /api}}', '{uri: {prefix: /api/v1}, method: {exact: GET}}', true],
    ['a match for GET does not cover one for any method', 'http', '{uri: {prefix: /api}, method: {exact: GET}}', '{uri: {prefix: /api/v1}}', false],
    ['a method prefix covers an exact method it starts', 'http', '{method: {prefix: P}}', '{method: {exact: POST}}', true],
    ['an exact method does not cover a method prefix', 'http', '{method: {exact: POST}}', '{method: {prefix: P}}', false],
    ['a header prefix covers an exact value it starts', 'http',
      '{headers: {x-version: {prefix: "1"}}}', '{headers: {x-version: {exact: "12"}, x-user: {exact: alice}}}', true],
    ['an exact header value does not cover a header prefix', 'http', '{headers: {x-version: {exact: "12"}}}', '{headers: {x-version: {prefix: "1"}}}', false],
    ['header names are compared without case', 'http', '{headers: {X-Version: {exact: "1"}}}', '{headers: {x-version: {exact: "1"}}}', true],
    ['a header test covers nothing without that header', 'http', '{headers: {x-version: {exact: "1"}}}', '{headers: {x-user: {exact: "1"}}}', false],
    ['a header presence test covers any test of that header', 'http', '{headers: {x-version: {}}}', '{headers: {x-version: {regex: "[0-9]+"}}}', true],
    ['a header regex covers no other header regex', 'http', '{headers: {x-version: {regex: "[0-9]+"}}}', '{headers: {x-version: {regex: "[0-9]"}}}', false],
    ['an authority prefix covers a longer one', 'http', '{authority: {prefix: shop}}', '{authority: {prefix: shop.example}}', true],
    ['an exact authority does not cover a match without authority', 'http', '{authority: {exact: shop.example.com}}', '{uri: {prefix: /api}}', false],
    ['a scheme covers the same scheme', 'http', '{scheme: {exact: https}}', '{scheme: {exact: https}, uri: {prefix: /api}}', true],
    ['a scheme does not cover a match without scheme', 'http', '{uri: {prefix: /a}, scheme: {exact: https}}', '{uri: {prefix: /a/b}}', false],
    ['a missing header covers a missing header with more conditions', 'http',
      '{withoutHeaders: {x-debug: {}}}', '{withoutHeaders: {x-debug: {}}, uri: {prefix: /api}}', true],
    ['without an exact value covers without any value of that prefix', 'http',
      '{withoutHeaders: {x-debug: {exact: "1"}}}', '{withoutHeaders: {x-debug: {prefix: "1"}}}', true],
    ['without a prefix does not cover without one value of it', 'http',
      '{withoutHeaders: {x-debug: {prefix: "1"}}}', '{withoutHeaders: {x-debug: {exact: "1"}}}', false],
    ['a query parameter prefix covers an exact value it starts', 'http', '{queryParams: {page: {prefix: "1"}}}', '{queryParams: {page: {exact: "10"}}}', true],
    ['query parameter names are case-sensitive', 'http', '{queryParams: {Page: {prefix: "1"}}}', '{queryParams: {page: {exact: "10"}}}', false],
    ['a match on any port covers one on a port', 'http', '{uri: {prefix: /api}}', '{uri: {prefix: /api}, port: 80}', true],
    ['a match on a port does not cover one on another port', 'http', '{uri: {prefix: /api}, port: 80}', '{uri: {prefix: /api}, port: 8080}', false],
    ['a match on a port does not cover one on any port', 'http', '{uri: {prefix: /api}, port: 80}', '{uri: {prefix: /api/v1}}', false],
    ['a match on two gateways covers one on either', 'http',
      '{gateways: [istio-system/public, istio-system/internal]}', '{gateways: [istio-system/public], uri: {prefix: /api}}', true],
    ['a match on one gateway does not cover one on two', 'http',
      '{gateways: [istio-system/public]}', '{gateways: [istio-system/public, istio-system/internal]}', false],
    ['a match on a gateway does not cover one on the VirtualService\'s gateways', 'http',
      '{gateways: [istio-system/public]}', '{uri: {prefix: /api}}', false],
    ['a match on source labels covers one on more of them', 'http',
      '{sourceLabels: {app: web}}', '{sourceLabels: {app: web, version: v1}}', true],
    ['a match on source labels does not cover one on gateways (istiod then ignores its source labels)', 'http',
      '{sourceLabels: {app: web}}', '{sourceLabels: {app: web}, gateways: [istio-system/public]}', false],
    ['a match from a namespace does not cover one from another', 'http', '{sourceNamespace: web}', '{sourceNamespace: api}', false],
    ['a JWT claim condition covers the same condition', 'http',
      "{headers: {'@request.auth.claims.group': {exact: admin}}}", "{headers: {'@request.auth.claims.group': {exact: admin}}, uri: {prefix: /api}}", true],
    ['a JWT claim condition covers no other claim', 'http',
      "{headers: {'@request.auth.claims.group': {exact: admin}}}", "{headers: {'@request.auth.claims.role': {exact: admin}}}", false],
    ['a tcp match on any port covers one on a port', 'tcp', '{gateways: [istio-system/public]}', '{port: 5432, gateways: [istio-system/public]}', true],
    ['a tcp match on a port does not cover one on another', 'tcp', '{port: 5432}', '{port: 5433}', false],
    ['a tcp match on a gateway does not cover one on any gateway', 'tcp', '{port: 5432, gateways: [istio-system/public]}', '{port: 5432}', false],
    ['a tcp match covers one on the same destination subnets', 'tcp',
      '{destinationSubnets: [10.0.0.0/8]}', '{destinationSubnets: [10.0.0.0/8], port: 5432}', true],
    ['a tcp match without subnets does not cover one with (a sidecar prefers the more specific filter chain)', 'tcp',
      '{port: 5432}', '{port: 5432, destinationSubnets: [10.0.0.0/8]}', false],
    ['a tls match covers one on some of its SNI hosts', 'tls',
      '{sniHosts: [shop.example.com, api.example.com]}', '{sniHosts: [api.example.com], port: 443}', true],
    ['a tls match does not cover one on an SNI host it lacks', 'tls',
      '{sniHosts: [shop.example.com]}', '{sniHosts: [shop.example.com, api.example.com]}', false],
    ['a wildcard SNI host does not cover a host under it (Envoy picks the most specific server name)', 'tls',
      '{sniHosts: ["*.example.com"]}', '{sniHosts: [api.example.com]}', false],
  ];

  test.each(COVERS)('%s', (_what, section, earlier, later, covered) => {
    const route = section === 'http' ? TO : 'route: [{destination: {host: shop}}]';
    const found = reachability(`  - {match: [${earlier}], ${route}}\n  - {match: [${later}], ${route}}`, section, '["*.example.com"]');
    expect(found).toEqual(covered
      ? [expect.stringMatching(new RegExp(`^IST0131 ${section} rule #1 match #0 is ineffective: every (request|connection) it matches \\(.+\\) goes to match #0 of rule #0 \\(.+\\) first`))]
      : []);
  });

  // istioctl reports these (coveredValidation reads a missing method as GET, compares header, query and authority
  // values with strings.HasPrefix(earlier, later) on "exact:"/"prefix:" text that is empty for a regex, and compares
  // neither scheme, gateways, source labels nor ignoreUriCase), yet the later match takes requests the earlier one
  // does not: they are not ineffective, and this reports none of them.
  test.each([
    ['a GET match before a match for any method', '{uri: {prefix: /api}, method: {exact: GET}}', '{uri: {prefix: /api/v1}}'],
    ['a longer header prefix before a shorter one', '{uri: {prefix: /api}, headers: {x-v: {prefix: "12"}}}', '{uri: {prefix: /api/v1}, headers: {x-v: {prefix: "1"}}}'],
    ['a header regex before another', '{uri: {prefix: /api}, headers: {x-v: {regex: "1.*"}}}', '{uri: {prefix: /api/v1}, headers: {x-v: {regex: "2.*"}}}'],
    ['an exact authority before a match without one', '{uri: {prefix: /api}, authority: {exact: shop.example.com}}', '{uri: {prefix: /api/v1}}'],
    ['a scheme before a match without one', '{uri: {prefix: /api}, scheme: {exact: https}}', '{uri: {prefix: /api/v1}}'],
    ['a gateway before another gateway', '{uri: {prefix: /api}, gateways: [istio-system/internal]}', '{uri: {prefix: /api/v1}, gateways: [istio-system/public]}'],
    ['a case-sensitive prefix before one ignoring case', '{uri: {prefix: /api}}', '{uri: {prefix: /api/v1}, ignoreUriCase: true}'],
  ])('istioctl reports %s as overlapping; it still takes requests, so no IST0131', (_what, earlier, later) => {
    expect(reachability(`  - {match: [${earlier}], ${TO}}\n  - {match: [${later}], ${TO}}`)).toEqual([]);
  });

  test('a covered match does not make its rule unreachable (as istioctl: only repeated matches do)', () => {
    expect(reachability(`  - {match: [{uri: {prefix: /api}}], ${TO}}\n  - {match: [{uri: {prefix: /api/v1}}, {uri: {prefix: /api/v2}}], ${TO}}`)
      .map((f) => f.slice(0, 7))).toEqual(['IST0131', 'IST0131']);
  });
});

describe('CIG1005 RuleShadowedByEarlierVirtualService', () => {
  // Reference §c.4 (routes of one host concatenated in merge order, catch-alls last) and §d.1.
  test('a catch-all of the first VirtualService shadows the catch-all of a later one on the same host', () => {
    const found = findingsOf('CIG1005', GATEWAY_WORKLOAD + GATEWAY + virtualService('first', `  - {${TO}}`) + virtualService('second', `  - {${TO}}`));
    expect(found).toEqual([{
      code: 'CIG1005',
      level: 'Warning',
      resource: 'VirtualService apps/second',
      message: expect.stringMatching(/^http rule 0 \(prefix \/\) never matches on virtual host shop\.example\.com:80 \(http\.80\): http rule 0 \(prefix \/\) of VirtualService apps\/first/),
    }]);
  });

  test('a later VirtualService\'s specific rule goes before an earlier catch-all and is fine', () => {
    expect(findingsOf('CIG1005', GATEWAY_WORKLOAD + GATEWAY + virtualService('first', `  - {${TO}}`)
      + virtualService('second', `  - {match: [{uri: {prefix: /api}}], ${TO}}`))).toEqual([]);
  });

  test('an earlier unconditional prefix covers a later prefix or exact path', () => {
    const found = findingsOf('CIG1005', GATEWAY_WORKLOAD + GATEWAY + virtualService('first', `  - {match: [{uri: {prefix: /api}}], ${TO}}`)
      + virtualService('second', `  - {match: [{uri: {prefix: /api/v2}, headers: {x-v: {exact: '2'}}}, {uri: {exact: /apix}}], ${TO}}`));
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^http rule 0 match 0 \(prefix \/api\/v2, header x-v exact 2\) never matches .*http rule 0 match 0 \(prefix \/api\) of VirtualService apps\/first/),
      expect.stringMatching(/^http rule 0 match 1 \(exact \/apix\) never matches/),
    ]);
  });

  test('an earlier prefix with a header condition shadows nothing; other hosts are separate', () => {
    expect(findingsOf('CIG1005', GATEWAY_WORKLOAD + GATEWAY
      + virtualService('first', `  - {match: [{uri: {prefix: /api}, headers: {x-v: {exact: '2'}}}], ${TO}}`)
      + virtualService('second', `  - {match: [{uri: {prefix: /api/v2}}], ${TO}}`))).toEqual([]);
    expect(findingsOf('CIG1005', GATEWAY_WORKLOAD + GATEWAY + virtualService('first', `  - {${TO}}`)
      + virtualService('second', `  - {${TO}}`, 'http', '[blog.example.com]'))).toEqual([]);
  });
});

describe('CIG1006 RouteConfigurationRejected', () => {
  // Reference §e.3 (redirect codes Envoy cannot send) and §i.2 (RE2 regexes, empty matchers).
  test('valid values are fine', () => {
    expect(findingsOf('CIG1006', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop',
      `  - {match: [{headers: {x-v: {prefix: v}}, uri: {regex: '/a.*'}}], ${TO}}\n  - {redirect: {uri: /new, redirectCode: 307}}`))).toEqual([]);
  });

  test.each([
    ['redirect code 304', '  - {redirect: {uri: /new, redirectCode: 304}}', /^http rule 0 redirect code 304 is not one Envoy can send/],
  ])('%s makes Envoy reject the route configuration of the port', (_what, rules, message) => {
    expect(findingsOf('CIG1006', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules))).toEqual([{
      code: 'CIG1006',
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(message),
    }]);
  });

  // istio/istio pkg/config/validation/virtualservice.go validateHTTPRouteMatchRequest: the webhook compiles every regex
  // and refuses empty prefixes outside uri, so such a VirtualService never reaches Envoy: IST0106, not CIG1006.
  test.each([
    ['an invalid RE2 regex', `  - {match: [{queryParams: {q: {regex: 'a(?=b)'}}}], ${TO}}`, /^spec\.http\[0\]\.match\[0\]\.queryParams\.q\.regex: regex 'a\(\?=b\)' is not valid RE2/],
    ['an empty header prefix', `  - {match: [{headers: {x-v: {prefix: ''}}}], ${TO}}`, /^spec\.http\[0\]\.match\[0\]\.headers\.x-v: an empty prefix is only allowed for uri/],
  ])('%s is refused by the webhook before Envoy sees it (IST0106, no CIG1006)', (_what, rules, message) => {
    const found = findings(GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules));
    expect(found.filter((f) => f.code === 'CIG1006')).toEqual([]);
    expect(found.filter((f) => f.code === 'IST0106')).toEqual([{ code: 'IST0106', level: 'Error', resource: 'VirtualService apps/shop', message: expect.stringMatching(message) }]);
  });

  test('the message names the rejected route configuration', () => {
    expect(findingsOf('CIG1006', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', '  - {redirect: {uri: /new, redirectCode: 300}}'))[0].message)
      .toMatch(/rejects the whole route configuration http\.80 of istio-system\/istio-ingressgateway/);
  });
});
