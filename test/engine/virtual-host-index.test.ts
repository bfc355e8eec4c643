/**
 * Envoy's virtual host selection (reference §c.5; Envoy `RouteMatcher::findVirtualHost` in
 * source/common/router/config_impl.cc, and the `VirtualHost.domains` documentation in route_components.proto: exact
 * names, then the longest suffix wildcard, then the longest prefix wildcard, then `*`; a wildcard never matches the
 * empty string), and what a trace says about a Host no virtual host serves.
 */
import { VirtualHostIndex } from '../../src/engine/virtual-host-index';

function index(domains: readonly string[]): VirtualHostIndex<string> {
  const built = new VirtualHostIndex<string>();
  domains.forEach((d) => built.add(d, d));
  return built;
}

describe('lookup', () => {
  const DOMAINS = ['shop.example.com', '*.example.com', '*.shop.example.com', '*-api.example.com', 'shop.*', 'shop.example.*', '*'];

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
    expect(index(DOMAINS).lookup(host)).toBe(expected);
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
});
