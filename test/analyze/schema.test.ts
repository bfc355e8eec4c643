import { findingsOf, GATEWAY_WORKLOAD } from './support';

function gateway(servers: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
`;
}

function virtualService(spec: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: apps}
spec:
${spec}
`;
}

const HTTP_SERVER = '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*.example.com\']}';
const ROUTE = '[{destination: {host: shop}}]';

describe('IST0106 SchemaValidationError', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/schema-validation.yaml and reference §i.1, §i.2.
  test('a valid Gateway and VirtualService are fine', () => {
    expect(findingsOf('IST0106', GATEWAY_WORKLOAD + gateway(HTTP_SERVER)
      + virtualService(`  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n  http: [{match: [{uri: {regex: '/api/v[0-9]+'}}], route: ${ROUTE}}]`)))
      .toEqual([]);
  });

  test('a CRD schema violation names the field path', () => {
    const found = findingsOf('IST0106', GATEWAY_WORKLOAD + gateway('  - {port: {number: "eighty", name: http, protocol: HTTP}, hosts: [\'*\']}'));
    expect(found).toContainEqual({
      code: 'IST0106',
      level: 'Error',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^spec\.servers\[0\]\.port\.number: must be integer/),
    });
  });

  test('an unknown field is a schema violation', () => {
    expect(findingsOf('IST0106', GATEWAY_WORKLOAD + gateway('  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\'], colour: red}'))
      .map((f) => f.message)).toEqual([expect.stringMatching(/^spec\.servers\[0\]: unknown field 'colour'/)]);
  });

  test.each([
    ['a partial-wildcard server host', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'shop*.example.com\']}', /spec\.servers\[0\]\.hosts\[0\]: host 'shop\*\.example\.com' has a partial wildcard/],
    ['a short server host', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [shop]}', /hosts\[0\]: host 'shop' is a short name/],
    ['duplicate port names', `${HTTP_SERVER}\n  - {port: {number: 8080, name: http, protocol: HTTP}, hosts: ['*']}`, /spec\.servers\[1\]\.port\.name: port name 'http' is already used/],
    ['an HTTPS server without tls', '  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [\'*\']}', /spec\.servers\[0\]\.tls: a HTTPS server must have tls/],
  ])('%s is reported on the Gateway', (_what, servers, message) => {
    const found = findingsOf('IST0106', GATEWAY_WORKLOAD + gateway(servers));
    expect(found).toEqual([{ code: 'IST0106', level: 'Error', resource: 'Gateway istio-system/public', message: expect.stringMatching(message) }]);
  });

  test.each([
    ['a host with a wildcard in the middle', `  hosts: [shop.*.com]\n  gateways: [istio-system/public]\n  http: [{route: ${ROUTE}}]`, /spec\.hosts\[0\]: host 'shop\.\*\.com'/],
    ['host * on a mesh VirtualService', `  hosts: ['*']\n  http: [{route: ${ROUTE}}]`, /spec\.hosts\[0\]: host '\*' is '\*'/],
    ['a negative weight', '  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + '  http: [{route: [{destination: {host: a}, weight: 110}, {destination: {host: b}, weight: -10}]}]', /spec\.http\[0\]\.route\[1\]\.weight: weight -10 is negative/],
    ['an invalid header regex', '  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + `  http: [{match: [{headers: {x-user: {regex: '(unclosed'}}}], route: ${ROUTE}}]`, /spec\.http\[0\]\.match\[0\]\.headers\.x-user\.regex: regex '\(unclosed' is not valid RE2/],
    ['a look-ahead in a uri regex', '  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + `  http: [{match: [{uri: {regex: '/(?!admin).*'}}], route: ${ROUTE}}]`, /spec\.http\[0\]\.match\[0\]\.uri\.regex/],
    ['a redirect code outside 3xx', '  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + '  http: [{redirect: {uri: /new, redirectCode: 200}}]', /spec\.http\[0\]\.redirect\.redirectCode: redirect code 200 is not a 3xx code/],
    ['a direct response status above 600', '  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + '  http: [{directResponse: {status: 700}}]', /spec\.http\[0\]\.directResponse\.status: status 700 is outside 200-600/],
  ])('%s is reported on the VirtualService', (_what, spec, message) => {
    const found = findingsOf('IST0106', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + virtualService(spec));
    expect(found).toContainEqual({ code: 'IST0106', level: 'Error', resource: 'VirtualService apps/shop', message: expect.stringMatching(message) });
  });

  test('a redirect code of 308 and a status of 503 are fine', () => {
    expect(findingsOf('IST0106', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + virtualService('  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + '  http: [{match: [{uri: {prefix: /old}}], redirect: {uri: /new, redirectCode: 308}}, {directResponse: {status: 503}}]'))).toEqual([]);
  });
});

describe('IST0133 SchemaWarning', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_gateways.yaml (legacy form) and reference §i.1.
  const bound = (gateways: string) => virtualService(`  hosts: [shop.example.com]\n  gateways: ${gateways}\n  http: [{route: ${ROUTE}}]`);

  test('a namespace/name gateway reference is fine', () => {
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + bound('[istio-system/public]'))).toEqual([]);
  });

  test('a legacy dotted gateway reference is a warning with the namespace/name form', () => {
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + bound('[public.istio-system.svc.cluster.local]'))).toEqual([{
      code: 'IST0133',
      level: 'Warning',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^spec\.gateways\[0\]: gateway reference 'public\.istio-system\.svc\.cluster\.local' uses the legacy dotted form; write it as 'istio-system\/public'/),
    }]);
  });

  // istiod's validateGatewayNames (pkg/config/validation/validation.go) returns at the first reference without a '/',
  // and the checks of http and tcp matches keep only its errors (appendErrors): the differential test found both.
  test.each([
    ['after a short reference, whose check ends the list', '[mesh, public.istio-system.svc.cluster.local]'],
    ['after a legacy reference, only the first is warned about', '[public.istio-system, internal.istio-system]'],
  ])('a legacy reference %s', (_name, gateways) => {
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + bound(gateways)).map((f) => f.message.split(':')[0]))
      .toEqual(gateways.startsWith('[mesh') ? [] : ['spec.gateways[0]']);
  });

  test('a legacy reference in an http or tcp match is not warned about; in a tls match it is', () => {
    const vs = virtualService('  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + '  http: [{match: [{gateways: [public.istio-system]}], route: ' + ROUTE + '}]\n'
      + '  tcp: [{match: [{gateways: [public.istio-system]}], route: ' + ROUTE + '}]\n'
      + '  tls: [{match: [{sniHosts: [shop.example.com], gateways: [public.istio-system]}], route: ' + ROUTE + '}]');
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + vs).map((f) => f.message.split(':')[0])).toEqual(['spec.tls[0].match[0].gateways[0]']);
  });

  test('the deprecated mirrorPercent is a warning, whatever its value (validateHTTPRoute)', () => {
    const vs = virtualService('  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n'
      + '  http: [{route: ' + ROUTE + ', mirror: {host: shop}, mirrorPercent: 0}]');
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD + gateway(HTTP_SERVER) + vs)).toEqual([{
      code: 'IST0133',
      level: 'Warning',
      resource: 'VirtualService apps/shop',
      message: 'spec.http[0].mirrorPercent: is deprecated; use mirrorPercentage: {value: ...} instead',
    }]);
  });

  test('certificates on a PASSTHROUGH server are a warning', () => {
    const found = findingsOf('IST0133', GATEWAY_WORKLOAD
      + gateway('  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [\'*\'], tls: {mode: PASSTHROUGH, credentialName: shop-cert}}'));
    expect(found).toEqual([{ code: 'IST0133', level: 'Warning', resource: 'Gateway istio-system/public', message: expect.stringMatching(/credentialName ignored: mode PASSTHROUGH/) }]);
  });

  test('certificates on a SIMPLE server are fine', () => {
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD
      + gateway('  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [\'*\'], tls: {mode: SIMPLE, credentialName: shop-cert}}'))).toEqual([]);
  });

  test('httpsRedirect on a TLS server is a warning, on an HTTP server it is fine', () => {
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD
      + gateway('  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\'], tls: {httpsRedirect: true}}'))).toEqual([]);
    expect(findingsOf('IST0133', GATEWAY_WORKLOAD
      + gateway('  - {port: {number: 443, name: tls, protocol: TLS}, hosts: [\'*\'], tls: {mode: SIMPLE, credentialName: c, httpsRedirect: true}}'))).toEqual([{
      code: 'IST0133', level: 'Warning', resource: 'Gateway istio-system/public', message: expect.stringMatching(/tls\.httpsRedirect: only HTTP servers redirect/),
    }]);
  });

  describe('TLS options, as istiod\'s validateTLSOptions warns (pkg/config/validation/validation.go; IsValidCipherSuite in pkg/config/security/security.go)', () => {
    const tlsServer = (tls: string) => gateway(`  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: ['*'], tls: {mode: SIMPLE, credentialName: c${tls}}}`);
    const messages = (tls: string) => findingsOf('IST0133', GATEWAY_WORKLOAD + tlsServer(tls)).map((f) => f.message);

    test('TLSV1_0 or TLSV1_1 without cipherSuites is a warning', () => {
      for (const version of ['TLSV1_0', 'TLSV1_1']) {
        expect(messages(`, minProtocolVersion: ${version}`)).toEqual([
          expect.stringMatching(new RegExp(`^spec\\.servers\\[0\\]\\.tls\\.minProtocolVersion: ${version} without cipherSuites: the default cipher suites`)),
        ]);
      }
    });

    test('TLSV1_1 with cipherSuites, and TLSV1_2 without, are fine', () => {
      expect(messages(', minProtocolVersion: TLSV1_1, cipherSuites: [ECDHE-RSA-AES128-SHA]')).toEqual([]);
      expect(messages(', minProtocolVersion: TLSV1_2')).toEqual([]);
    });

    test('cipher suites istiod does not accept are listed sorted; operators, ALL and known names pass', () => {
      expect(messages(', cipherSuites: [ZETA-CIPHER, ECDHE-RSA-AES128-GCM-SHA256, RC4-SHA, \'!aNULL\', ALL, ZETA-CIPHER]')).toEqual([
        'spec.servers[0].tls.cipherSuites: RC4-SHA, ZETA-CIPHER are not cipher suites istiod accepts, so it ignores them; '
          + 'use BoringSSL names such as ECDHE-RSA-AES128-GCM-SHA256',
      ]);
    });

    test('one cipher suite istiod does not accept is named alone', () => {
      expect(messages(', cipherSuites: [bogus]')).toEqual([
        'spec.servers[0].tls.cipherSuites: bogus is not a cipher suite istiod accepts, so it ignores it; use BoringSSL names such as ECDHE-RSA-AES128-GCM-SHA256',
      ]);
    });

    test('repeated cipher suites are a warning, listed sorted', () => {
      expect(messages(', cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384, '
        + 'ECDHE-RSA-AES128-GCM-SHA256]')).toEqual([
        'spec.servers[0].tls.cipherSuites: ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES256-GCM-SHA384 are listed more than once; '
          + 'istiod ignores the repeats: list each cipher suite once',
      ]);
    });

    test('distinct accepted cipher suites are fine', () => {
      expect(messages(', cipherSuites: [ECDHE-RSA-AES256-GCM-SHA384, ECDHE-RSA-AES128-GCM-SHA256]')).toEqual([]);
    });
  });
});
