/**
 * Envoy's virtual host selection (reference §c.5; Envoy `RouteMatcher::findVirtualHost` in
 * source/common/router/config_impl.cc, and the `VirtualHost.domains` documentation in route_components.proto: exact
 * names, then the longest suffix wildcard, then the longest prefix wildcard, then `*`; a wildcard never matches the
 * empty string), and what a trace says about a Host no virtual host serves.
 */
import { parseAllDocuments } from 'yaml';
import { TrafficEngine } from '../../src';
import { VirtualHostIndex } from '../../src/engine/virtual-host-index';

function index(domains: readonly string[]): VirtualHostIndex<string> {
  const built = new VirtualHostIndex<string>();
  domains.forEach((d) => built.add(d, d));
  return built;
}

describe('lookup', () => {
  const domains = index(['shop.example.com', '*.example.com', '*.shop.example.com', '*-api.example.com', 'shop.*', 'shop.example.*', '*']);

  test.each([
    ['shop.example.com', 'shop.example.com'],
    ['SHOP.Example.com', 'shop.example.com'],
    ['a.shop.example.com', '*.shop.example.com'],
    ['a.example.com', '*.example.com'],
    ['v1-api.example.com', '*-api.example.com'],
    ['shop.example.org', 'shop.example.*'],
    ['shop.net', 'shop.*'],
    ['other.net', '*'],
  ])('%s -> %s', (host, expected) => {
    expect(domains.lookup(host)).toBe(expected);
  });

  test('a wildcard matches at least one character', () => {
    expect(index(['*.example.com']).lookup('.example.com')).toBeUndefined();
    expect(index(['shop.*']).lookup('shop.')).toBeUndefined();
    expect(index(['*-api.example.com']).lookup('-api.example.com')).toBeUndefined();
  });

  test('without a wildcard domain, a miss is a miss', () => {
    expect(index(['a.example.com', 'b.example.com']).lookup('c.example.com')).toBeUndefined();
  });

  test('the first virtual host to claim a domain keeps it', () => {
    const claimed = new VirtualHostIndex<string>();
    claimed.add('shop.example.com', 'first');
    claimed.add('SHOP.example.com', 'second');
    expect(claimed.lookup('shop.example.com')).toBe('first');
    expect(claimed.size).toBe(1);
  });
});

describe('what a trace says about a Host no virtual host serves', () => {
  test('a few domains are listed as added', () => {
    expect(index(['b.example.com', 'a.example.com']).describeMiss('c.example.com')).toBe('domains: b.example.com, a.example.com');
  });

  test('of many, it says how many and names the 3 that share the most trailing labels with the Host', () => {
    const many = index([
      ...Array.from({ length: 20 }, (_, i) => `svc-${i}.example.org`),
      'web.shop.example.com', '*.shop.example.com', 'other.example.com', 'api.example.com',
    ]);
    expect(many.describeMiss('cart.shop.example.com')).toBe('24 domains; nearest: web.shop.example.com, *.shop.example.com, other.example.com, ...');
    expect(many.describeMiss('x.example.org')).toBe('24 domains; nearest: svc-0.example.org, svc-1.example.org, svc-2.example.org, ...');
    expect(many.describeMiss('unrelated')).toMatch(/^24 domains; nearest: [^,]+, [^,]+, [^,]+, \.\.\.$/);
  });

  test('a 404 trace on a gateway with 10,000 hosts names how many, not each of them', () => {
    const objects = parseAllDocuments(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
`).map((d) => d.toJS());
    for (let i = 0; i < 10_000; i++) {
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: `svc-${i}`, namespace: 'apps' },
        spec: { hosts: [`svc-${i}.example.com`], gateways: ['istio-system/gw'], http: [{ route: [{ destination: { host: `svc-${i}` } }] }] },
      });
    }
    const decision = TrafficEngine.fromManifests(objects).route({ port: 80, host: 'unknown.example.com' });
    expect(decision).toMatchObject({ action: 'no_route', reason: 'no_virtual_host' });
    // VirtualServices without creationTimestamp are merged by name: svc-10 comes before svc-2.
    expect(decision.trace[decision.trace.length - 1])
      .toBe("route configuration http.80: no virtual host for 'unknown.example.com' (10,000 domains; nearest: svc-0.example.com, svc-1.example.com, svc-10.example.com, ...): 404");
  });
});
