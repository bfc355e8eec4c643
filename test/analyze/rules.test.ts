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
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_overlappingmatches.yaml and reference §h.
  test('distinct matches are fine', () => {
    const rules = `  - {match: [{uri: {prefix: /api}, headers: {x-v: {exact: '2'}}}], ${TO}}\n  - {match: [{uri: {prefix: /api/v1}}], ${TO}}`;
    expect(findingsOf('IST0131', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules))).toEqual([]);
  });

  test('a match repeating an earlier one is ineffective', () => {
    const rules = `  - {match: [{uri: {exact: /login}}], ${TO}}\n  - {match: [{uri: {exact: /login}}, {uri: {exact: /logout}}], ${TO}}`;
    expect(findingsOf('IST0131', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules))).toEqual([{
      code: 'IST0131',
      level: 'Info',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^http rule #1 match #0 is ineffective: it repeats a match of rule #0/),
    }]);
  });

  test('a longer prefix with the same other conditions is covered by an earlier prefix', () => {
    const rules = `  - {match: [{uri: {prefix: /api}}], ${TO}}\n  - {match: [{uri: {prefix: /api/v1}}], ${TO}}`;
    expect(findingsOf('IST0131', GATEWAY_WORKLOAD + GATEWAY + virtualService('shop', rules)).map((f) => f.message))
      .toEqual([expect.stringMatching(/its prefix \/api\/v1 is covered by prefix \/api of match #0 of rule #0/)]);
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
