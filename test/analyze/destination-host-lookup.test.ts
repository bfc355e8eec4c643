/**
 * IST0101 ReferencedResourceNotFound for destination hosts, looked up as istioctl looks them up: from the namespaces
 * the VirtualService is exported to, against the namespaces each Service (`networking.istio.io/exportTo` annotation)
 * and ServiceEntry (`exportTo`) is exported to (istio/istio `pkg/config/analysis/analyzers/util/service_lookup.go`
 * `InitServiceEntryHostMap`, `GetDestinationHost`), and a route without destination reported as host "" (istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/destinationhosts.go` `analyzeVirtualService`, `util.go`
 * `getRouteDestinations`). The cases follow Istio's test case virtualServiceDestinationHosts
 * (`pkg/config/analysis/analyzers/analyzers_test.go`, testdata `virtualservice_destinationhosts.yaml`), in our own
 * scenarios.
 */
import { findings, findingsOf } from './support';

/** A Service `name` in `namespace` (one port, 8080, unless given), with a `networking.istio.io/exportTo` annotation when given. */
function service(name: string, namespace: string, exportTo?: string, ports = '[{name: http, port: 8080}]'): string {
  const annotations = exportTo === undefined ? '' : `, annotations: {networking.istio.io/exportTo: '${exportTo}'}`;
  return `
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}${annotations}}
spec: {selector: {app: ${name}}, ports: ${ports}}
`;
}

/** A ServiceEntry `name` in `namespace` for `hosts` (a YAML flow list), with `exportTo` when given. */
function serviceEntry(name: string, namespace: string, hosts: string, exportTo?: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: ${namespace}}
spec: {hosts: ${hosts}, ports: [{number: 443, name: https, protocol: HTTPS}], resolution: DNS${exportTo === undefined ? '' : `, exportTo: ${exportTo}`}}
`;
}

/** A VirtualService `checkout` in `namespace` routing to `host`, with `exportTo` (a YAML flow list) when given. */
function routeTo(host: string, namespace: string, exportTo?: string, port = ', port: {number: 8080}'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: checkout, namespace: ${namespace}}
spec:
  hosts: [checkout.example.com]${exportTo === undefined ? '' : `\n  exportTo: ${exportTo}`}
  http: [{route: [{destination: {host: ${host}${port}}}]}]
`;
}

const notFound = (namespace: string) => ({
  code: 'IST0101',
  level: 'Error',
  resource: `VirtualService ${namespace}/checkout`,
  message: expect.stringMatching(/^Referenced host not found: /),
});

describe('IST0101 for destination hosts: Service exportTo annotations', () => {
  // virtualServiceDestinationHosts: banana-details and the hello VirtualServices in hello1, hello2 and hello are fine,
  // cross-namespace-details is reported.
  test.each<[string, boolean, string | undefined, string]>([
    ['no annotation, another namespace', true, undefined, 'storefront'],
    ['exported to the VirtualService\'s namespace by name', true, 'storefront', 'storefront'],
    ['exported to a list naming the VirtualService\'s namespace', true, 'ops, storefront', 'storefront'],
    ['exported to its own namespace (.) and the VirtualService is there', true, 'ops,.', 'payments'],
    ['exported to another namespace only', false, 'ops', 'storefront'],
    ['exported to its own namespace only (.), the VirtualService elsewhere', false, '.', 'storefront'],
  ])('a Service %s: found = %p', (_case, found, exportTo, vsNamespace) => {
    const yaml = service('cart', 'payments', exportTo) + routeTo('cart.payments.svc.cluster.local', vsNamespace);
    expect(findingsOf('IST0101', yaml)).toEqual(found ? [] : [notFound(vsNamespace)]);
  });

  test('the message names the Service that exists but is not exported there', () => {
    const [finding] = findingsOf('IST0101', service('cart', 'payments', 'ops') + routeTo('cart.payments.svc.cluster.local', 'storefront'));
    expect(finding.message).toMatch(/visible to namespace storefront, found only Service payments\/cart, which is not exported there/);
  });
});

describe('IST0101 for destination hosts: the VirtualService\'s exportTo', () => {
  // virtualServiceDestinationHosts: hello-export-to-bogus (exported to a namespace the Service is not exported to) is
  // reported, although the same VirtualService without exportTo (hello in namespace hello) is fine.
  test.each<[string, boolean, string | undefined, string | undefined]>([
    ['no exportTo, a Service exported to its own namespace', true, undefined, '.'],
    ['exportTo [.], a Service exported to its own namespace', true, '[.]', '.'],
    ['exportTo [payments] (its own namespace by name), a Service exported to its own namespace', true, '[payments]', '.'],
    ['exportTo [storefront], a Service exported to its own namespace only', false, '[storefront]', '.'],
    ['exportTo [storefront], a Service exported to its own namespace and storefront', true, '[storefront]', '.,storefront'],
    ['exportTo [storefront], a Service exported everywhere', true, '[storefront]', undefined],
    // GetDestinationHost asks scope `*` for an exportTo entry `*`: a host exported to named namespaces only is not seen.
    ['exportTo [*], a Service exported to its own namespace only', false, "['*']", '.'],
    ['exportTo [*], a Service exported everywhere', true, "['*']", undefined],
  ])('%s: found = %p', (_case, found, vsExportTo, serviceExportTo) => {
    const yaml = service('cart', 'payments', serviceExportTo) + routeTo('cart', 'payments', vsExportTo);
    expect(findingsOf('IST0101', yaml)).toEqual(found ? [] : [notFound('payments')]);
  });

  test('the message says where the host was looked for', () => {
    const [finding] = findingsOf('IST0101', service('cart', 'payments', '.') + routeTo('cart', 'payments', '[storefront]'));
    expect(finding.message).toMatch(/^Referenced host not found: "cart" \(http\[0\]\.route\[0\]; looked for a Service cart\.payments\.svc\.cluster\.local .* exported to every namespace or namespace storefront \(as the VirtualService's exportTo asks\), found only Service payments\/cart/);
  });

  test('IST0112 looks the host up the same way: a multi-port Service the VirtualService does not see is IST0101 instead', () => {
    const twoPorts = service('cart', 'payments', '.', '[{name: http, port: 8080}, {name: http-admin, port: 9090}]');
    expect(findings(twoPorts + routeTo('cart', 'payments', undefined, '')).map((f) => f.code)).toEqual(['IST0112']);
    expect(findings(twoPorts + routeTo('cart', 'payments', '[storefront]', '')).map((f) => f.code)).toEqual(['IST0101']);
  });
});

describe('IST0101 for destination hosts: ServiceEntries', () => {
  // virtualServiceDestinationHosts: vs-to-extporto-serviceentry (an entry exported to the VirtualService's namespace by
  // name) and reviews-bookinfo-eu (a wildcard host) are fine; reviews-bookinfo-other (an entry of another namespace
  // exported to `.`) is reported, and so would be any host covered only by service-entry-ignore (`*` exported to `.`
  // in another namespace).
  test.each<[string, boolean, string, string, string | undefined]>([
    ['exported to the VirtualService\'s namespace by name', true, 'api.partner.example', '[api.partner.example]', '[storefront]'],
    ['of another namespace exported to its own (.)', false, 'api.partner.example', '[api.partner.example]', '[.]'],
    ['with a wildcard host, exported everywhere', true, 'eu.partner.example', "['*.partner.example']", undefined],
    ['with the host * of another namespace, exported to its own (.)', false, 'eu.partner.example', "['*']", '[.]'],
  ])('a ServiceEntry %s: found = %p', (_case, found, host, hosts, exportTo) => {
    const yaml = serviceEntry('partner', 'partners', hosts, exportTo) + routeTo(host, 'storefront', undefined, '');
    expect(findingsOf('IST0101', yaml)).toEqual(found ? [] : [notFound('storefront')]);
  });

  test('a wildcard host is seen from the VirtualService\'s own namespace, whatever its exportTo', () => {
    // GetDestinationHost matches wildcard hosts in scope `*` or the VirtualService's namespace, not its exportTo.
    const yaml = serviceEntry('partner', 'storefront', "['*.partner.example']", '[.]') + routeTo('eu.partner.example', 'storefront', '[ops]', '');
    expect(findingsOf('IST0101', yaml)).toEqual([]);
  });
});

describe('IST0101 for a route without destination host', () => {
  // virtualServiceDestinationHosts: reviews-bogushost, whose route list starts with an entry without destination, is
  // reported twice: host "" and its unknown host. The API server and istiod's webhook refuse it too (IST0106).
  const vs = (firstRoute: string): string => `${service('cart', 'payments')}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: checkout, namespace: payments}
spec:
  hosts: [checkout.example.com]
  http:
  - route:
    - ${firstRoute}
    - {destination: {host: cart-old, port: {number: 8080}}, weight: 0}
`;

  test.each([
    ['no destination', '{weight: 100}'],
    ['a destination without host', '{destination: {port: {number: 8080}}, weight: 100}'],
  ])('%s: host "" not found, next to the other destinations\' findings', (_case, firstRoute) => {
    const found = findings(vs(firstRoute)).filter((f) => f.resource === 'VirtualService payments/checkout');
    expect(found.filter((f) => f.code === 'IST0101')).toEqual([
      expect.objectContaining({ level: 'Error', message: expect.stringMatching(/^Referenced host not found: "" \(http\[0\]\.route\[0\]; the destination names no host\); .*give the route a destination host/) }),
      expect.objectContaining({ level: 'Error', message: expect.stringMatching(/^Referenced host not found: "cart-old" \(http\[0\]\.route\[1\];/) }),
    ]);
    expect(found.map((f) => f.code)).toContain('IST0106');
  });

  test('with a destination host, only the unknown host is reported', () => {
    const found = findings(vs('{destination: {host: cart, port: {number: 8080}}, weight: 100}'));
    expect(found.map((f) => [f.code, f.message.slice(0, 40)])).toEqual([['IST0101', 'Referenced host not found: "cart-old" (h']]);
  });

  test('an empty mirror host is reported as mirror host ""', () => {
    const yaml = `${service('cart', 'payments')}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: checkout, namespace: payments}
spec:
  hosts: [checkout.example.com]
  http: [{route: [{destination: {host: cart, port: {number: 8080}}}], mirror: {host: ''}}]
`;
    expect(findingsOf('IST0101', yaml).map((f) => f.message)).toEqual([expect.stringMatching(/^Referenced mirror host not found: "" \(http\[0\]\.mirror;/)]);
    expect(findingsOf('IST0101', yaml.replace("mirror: {host: ''}", 'mirror: {host: cart}'))).toEqual([]);
  });
});
