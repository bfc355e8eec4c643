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

  // Envoy refuses a route configuration that names a domain twice (config_impl.cc RouteMatcher::RouteMatcher: "Only
  // unique values for domains are permitted"), and istiod never sends one: it builds one virtual host per lower-cased
  // host name (pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig, vHostDedupMap). The index keeps the
  // first claim, of every kind of domain, and counts the domain once.
  test.each([
    ['shop.example.com', 'shop.example.com'],
    ['*.example.com', 'a.example.com'],
    ['shop.*', 'shop.net'],
    ['*', 'other.org'],
  ])('the first virtual host to claim %s keeps it', (domain, host) => {
    const claimed = new VirtualHostIndex<string>();
    claimed.add(domain, 'first');
    claimed.add(domain.toUpperCase(), 'second');
    expect(claimed.lookup(host)).toBe('first');
    expect(claimed.size).toBe(1);
  });

  test('the size counts each distinct domain once, whatever its kind', () => {
    expect(index(['shop.example.com', '*.example.com', '*.shop.example.com', 'shop.*', 'shop.example.*', '*']).size).toBe(6);
  });

  test('the longest suffix wins whatever the order the domains came in', () => {
    expect(index(['*.shop.example.com', '*.example.com']).lookup('a.shop.example.com')).toBe('*.shop.example.com');
    expect(index(['*.example.com', '*.shop.example.com']).lookup('a.shop.example.com')).toBe('*.shop.example.com');
    expect(index(['*.example.com', '*.shop.example.com', '*.b.example.com']).lookup('a.b.example.com')).toBe('*.b.example.com');
  });

  test('the longest prefix wins whatever the order the domains came in', () => {
    expect(index(['shop.example.*', 'shop.*']).lookup('shop.example.org')).toBe('shop.example.*');
    expect(index(['shop.*', 'shop.example.*']).lookup('shop.example.org')).toBe('shop.example.*');
    expect(index(['shop.*', 'shop.example.*', 'shop.a.*']).lookup('shop.a.org')).toBe('shop.a.*');
  });

  test('a suffix wildcard wins over a longer prefix wildcard, and a prefix wildcard over *', () => {
    expect(index(['shop.example.*', '*.org', '*']).lookup('shop.example.org')).toBe('*.org');
    expect(index(['*', 'shop.*']).lookup('shop.example.org')).toBe('shop.*');
  });

  test('a wildcard longer than the Host is not tried', () => {
    expect(index(['*.example.com']).lookup('com')).toBeUndefined();
    expect(index(['shop.example.*']).lookup('shop')).toBeUndefined();
  });
});

describe('what a trace says about a Host no virtual host serves', () => {
  test('a few domains are listed as added', () => {
    expect(index(['b.example.com', 'a.example.com']).describeMiss('c.example.com')).toBe('domains: b.example.com, a.example.com');
  });

  test('up to 8 domains are listed, as written, wildcards included; from 9 on they are counted', () => {
    const eight = ['a.example.com', 'B.example.com', '*.example.org', 'shop.*', '*', 'c.example.com', 'd.example.com', 'e.example.com'];
    expect(index(eight).describeMiss('x.example.net')).toBe(`domains: ${eight.join(', ')}`);
    expect(index([...eight, 'f.example.com']).describeMiss('x.example.net')).toMatch(/^9 domains; nearest: /);
  });

  test('a domain added after a miss was explained is part of the next explanation', () => {
    const growing = index(['a.example.com']);
    expect(growing.describeMiss('x.example.com')).toBe('domains: a.example.com');
    growing.add('b.example.com', 'b.example.com');
    expect(growing.describeMiss('x.example.com')).toBe('domains: a.example.com, b.example.com');
    for (let i = 0; i < 10; i++) {
      growing.add(`svc-${i}.example.org`, 'svc');
    }
    expect(growing.describeMiss('x.example.org')).toBe('12 domains; nearest: svc-0.example.org, svc-1.example.org, svc-2.example.org, ...');
    growing.add('x.y.example.org', 'x');
    expect(growing.describeMiss('z.y.example.org')).toBe('13 domains; nearest: x.y.example.org, svc-0.example.org, svc-1.example.org, ...');
  });

  test('the count is written with thousands separators', () => {
    expect(index(Array.from({ length: 1234 }, (_, i) => `svc-${i}.example.org`)).describeMiss('x.example.com'))
      .toBe('1,234 domains; nearest: svc-0.example.org, svc-1.example.org, svc-2.example.org, ...');
    expect(index(Array.from({ length: 12345 }, (_, i) => `svc-${i}.example.org`)).describeMiss('x.example.com'))
      .toMatch(/^12,345 domains; /);
  });

  test('the nearest share whole labels with the Host, not the end of one', () => {
    const domains = index([
      ...Array.from({ length: 8 }, (_, i) => `svc-${i}.example.org`), 'web.example.com', 'api.example.com', 'shop.example.com',
    ]);
    // xshop.example.com shares example.com with all three, and no more with shop.example.com than with the others.
    expect(domains.describeMiss('xshop.example.com')).toBe('11 domains; nearest: web.example.com, api.example.com, shop.example.com, ...');
    expect(domains.describeMiss('a.shop.example.com')).toBe('11 domains; nearest: shop.example.com, web.example.com, api.example.com, ...');
    expect(domains.describeMiss('.shop.example.com')).toBe('11 domains; nearest: shop.example.com, web.example.com, api.example.com, ...');
  });

  test('* and prefix wildcards are named among the nearest of a Host they share a label with', () => {
    const svc = Array.from({ length: 8 }, (_, i) => `svc-${i}.example.org`);
    expect(index([...svc, 'shop.*', '*']).describeMiss('*')).toBe('10 domains; nearest: shop.*, *, svc-0.example.org, ...');
    expect(index([...svc, 'shop.*', 'web.*']).describeMiss('*')).toBe('10 domains; nearest: shop.*, web.*, svc-0.example.org, ...');
  });

  test('wildcard domains are named as written among the nearest', () => {
    const wildcards = index(['a.*', 'b.*', '*.c.example.com', 'd.*', 'e.*', 'f.*', 'g.*', 'h.*', '*.example.com']);
    expect(wildcards.describeMiss('x.c.example.com')).toBe('9 domains; nearest: *.c.example.com, *.example.com, a.*, ...');
    expect(wildcards.describeMiss('unrelated')).toBe('9 domains; nearest: *.c.example.com, *.example.com, a.*, ...');
  });

  test('the nearest domains share the most trailing labels, then fewer, without repeating one', () => {
    const domains = index([
      ...Array.from({ length: 8 }, (_, i) => `svc-${i}.example.org`), 'a.shop.example.com', 'b.example.com', 'c.example.com',
    ]);
    expect(domains.describeMiss('x.shop.example.com')).toBe('11 domains; nearest: a.shop.example.com, b.example.com, c.example.com, ...');
    expect(domains.describeMiss('X.Shop.Example.com')).toBe('11 domains; nearest: a.shop.example.com, b.example.com, c.example.com, ...');
    expect(domains.describeMiss('shop.example.com')).toBe('11 domains; nearest: a.shop.example.com, b.example.com, c.example.com, ...');
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
