import {
  autoPassthroughSniProblem,
  CLUSTER_DOMAIN,
  fqdnProblem,
  hostCovers,
  hostsOverlap,
  hostSubsetOf,
  intersectHosts,
  parseServerHost,
  resolveShortName,
  serverHostProblem,
  serverHostsVisibleTo,
  wildcardDomainProblem,
} from '../../src/istio/host';

describe('parseServerHost', () => {
  test.each([
    ['counter.example.com', { namespace: '*', dnsName: 'counter.example.com' }],
    ['*', { namespace: '*', dnsName: '*' }],
    ['apps/counter.example.com', { namespace: 'apps', dnsName: 'counter.example.com' }],
    ['./counter.example.com', { namespace: '.', dnsName: 'counter.example.com' }],
    ['*/*', { namespace: '*', dnsName: '*' }],
    ['apps/*', { namespace: 'apps', dnsName: '*' }],
  ])('splits %s', (host, expected) => {
    expect(parseServerHost(host)).toEqual(expected);
  });

  test('splits at the first slash only', () => {
    expect(parseServerHost('a/b/c.example.com')).toEqual({ namespace: 'a', dnsName: 'b/c.example.com' });
  });
});

describe('wildcardDomainProblem', () => {
  test.each([
    '*', '*.example.com', 'counter.example.com', 'Counter.Example.com', 'a.b.c.example.com',
    '10.0.0.1', '::1', `${'a'.repeat(63)}.com`,
  ])('accepts %s', (name) => {
    expect(wildcardDomainProblem(name, true)).toBeUndefined();
  });

  test('accepts a short name only when no dot is required', () => {
    expect(wildcardDomainProblem('counter', false)).toBeUndefined();
    expect(wildcardDomainProblem('counter', true)).toMatch(/is a short name/);
  });

  test.each([
    ['', /is empty/],
    [`${'a.'.repeat(128)}com`, /longer than 255 characters/],
    ['*counter.example.com', /partial wildcard/],
    ['count*.example.com', /partial wildcard/],
    ['counter.*.com', /wildcard that is not the left-most label/],
    ['*.*.example.com', /wildcard that is not the left-most label/],
    ['counter..com', /invalid DNS label ''/],
    ['counter.example.com.', /invalid DNS label ''/],
    ['a_b.example.com', /invalid DNS label 'a_b'/],
    ['-a.example.com', /invalid DNS label '-a'/],
    [`${'a'.repeat(64)}.com`, /invalid DNS label/],
    ['counter.123', /all-numeric top-level domain/],
    ['256.0.0.1', /all-numeric top-level domain/],
    ['10.0.0', /all-numeric top-level domain/],
  ])('rejects %s', (name, problem) => {
    expect(wildcardDomainProblem(name, false)).toMatch(problem);
  });

  test('accepts an all-numeric short name (Istio checks the top-level domain only after a dot)', () => {
    expect(wildcardDomainProblem('123', false)).toBeUndefined();
  });

  // istio/istio pkg/config/validation/agent/validation.go CheckDNS1123Preconditions (len > 255) and
  // ValidateDNS1123Labels (the top-level domain may not parse as a number: strconv.Atoi).
  test('accepts a name of exactly 255 characters', () => {
    expect(wildcardDomainProblem(`${'a.'.repeat(127)}b`, true)).toBeUndefined();
  });

  test.each(['counter.a1', 'counter.1a', 'counter.x123y'])('accepts %s: a top-level domain with a letter is not numeric', (name) => {
    expect(wildcardDomainProblem(name, true)).toBeUndefined();
  });
});

describe('serverHostProblem (Gateway server hosts)', () => {
  test.each([
    '*', '*/*', '*.example.com', 'counter.example.com', 'apps/counter.example.com', './counter.example.com',
    '*/counter.example.com', 'apps/*', 'apps/*.example.com', '10.0.0.1',
  ])('accepts %s', (host) => {
    expect(serverHostProblem(host)).toBeUndefined();
  });

  test.each([
    ['counter', /is a short name/],
    ['apps/counter', /is a short name/],
    ['*counter.example.com', /partial wildcard/],
    ['Apps/counter.example.com', /invalid namespace part 'Apps'/],
    ['a.b/counter.example.com', /invalid namespace part 'a.b'/],
    ['/counter.example.com', /invalid namespace part ''/],
    ['apps/', /is empty/],
    ['a/b/c.example.com', /invalid DNS label 'b\/c'/],
  ])('rejects %s', (host, problem) => {
    expect(serverHostProblem(host)).toMatch(problem);
  });
});

describe('resolveShortName', () => {
  test('qualifies a short name with the namespace and the cluster domain', () => {
    expect(resolveShortName('counter', 'apps')).toBe('counter.apps.svc.cluster.local');
    expect(CLUSTER_DOMAIN).toBe('svc.cluster.local');
  });

  test.each(['*', 'counter.example.com', 'counter.apps', '*.example.com', '10.0.0.1', '::1'])('keeps %s', (host) => {
    expect(resolveShortName(host, 'apps')).toBe(host);
  });
});

describe('hostCovers', () => {
  test.each([
    ['*', 'counter.example.com'],
    ['*', '*.example.com'],
    ['*', '*'],
    ['*.example.com', 'counter.example.com'],
    ['*.example.com', 'a.b.example.com'],
    ['*.example.com', '*.lab.example.com'],
    ['*.example.com', '*.example.com'],
    ['counter.example.com', 'counter.example.com'],
  ])('%s covers %s', (pattern, name) => {
    expect(hostCovers(pattern, name)).toBe(true);
  });

  test.each([
    ['*.example.com', 'example.com'],
    ['*.example.com', 'counter.example.org'],
    ['*.example.com', 'counterexample.com'],
    ['*.lab.example.com', '*.example.com'],
    ['*.example.com', '*'],
    ['counter.example.com', '*'],
    ['counter.example.com', '*.example.com'],
    ['counter.example.com', 'other.example.com'],
    // A wildcard stands for at least one character (envoyproxy/envoy api/envoy/config/route/v3/route_components.proto
    // VirtualHost.domains: "the wildcard will not match the empty string").
    ['*.example.com', '.example.com'],
  ])('%s does not cover %s', (pattern, name) => {
    expect(hostCovers(pattern, name)).toBe(false);
  });
});

describe('intersectHosts', () => {
  test.each([
    ['*', 'counter.example.com', 'counter.example.com'],
    ['counter.example.com', '*', 'counter.example.com'],
    ['*.example.com', 'counter.example.com', 'counter.example.com'],
    ['*.lab.example.com', '*.example.com', '*.lab.example.com'],
    ['counter.example.com', 'counter.example.com', 'counter.example.com'],
  ])('%s and %s meet at %s', (a, b, expected) => {
    expect(intersectHosts(a, b)).toBe(expected);
  });

  test('is undefined for hosts that do not overlap', () => {
    expect(intersectHosts('a.example.com', 'b.example.com')).toBeUndefined();
    expect(intersectHosts('*.example.com', 'example.com')).toBeUndefined();
  });
});

describe('serverHostsVisibleTo', () => {
  const hosts = ['public.example.com', 'apps/apps.example.com', './infra.example.com', '*/any.example.com', 'other/other.example.com'];

  test('admits unqualified hosts, *, and hosts of the VirtualService\'s own namespace', () => {
    expect(serverHostsVisibleTo(hosts, 'apps', 'istio-system')).toEqual(['public.example.com', 'apps.example.com', 'any.example.com']);
  });

  test('reads ./ as the Gateway\'s namespace', () => {
    expect(serverHostsVisibleTo(hosts, 'istio-system', 'istio-system')).toEqual(['public.example.com', 'infra.example.com', 'any.example.com']);
  });

  test('admits nothing from an unrelated namespace-qualified host', () => {
    expect(serverHostsVisibleTo(['other/other.example.com'], 'apps', 'istio-system')).toEqual([]);
  });
});

/** istiod's host comparisons: `pkg/config/host/name.go`. */
const NAME_GO = 'istio/istio pkg/config/host/name.go';

describe(`hostsOverlap (${NAME_GO} Name.Matches)`, () => {
  test.each([
    ['shop.example.com', 'shop.example.com'],
    ['*', 'shop.example.com'],
    ['shop.example.com', '*'],
    ['*.example.com', 'shop.example.com'],
    ['shop.example.com', '*.example.com'],
    ['*.example.com', '*.shop.example.com'],
    ['*.shop.example.com', '*.example.com'],
    ['*', '*.example.com'],
    ['*.example.com', '*'],
    // A wildcard's suffix starts with its dot: `*.example.com` overlaps only names under example.com.
    ['*.example.com', 'a.b.example.com'],
  ])('%s and %s overlap', (a, b) => {
    expect(hostsOverlap(a, b)).toBe(true);
  });

  test.each([
    ['shop.example.com', 'web.example.com'],
    ['*.example.com', 'example.com'],
    ['example.com', '*.example.com'],
    ['*.example.com', 'shopexample.com'],
    ['*.shop.example.com', '*.web.example.com'],
    ['*.web.example.com', '*.shop.example.com'],
    // Names are compared as written: a short name and its FQDN are different names.
    ['shop', 'shop.default.svc.cluster.local'],
    ['shop.example.com', 'xshop.example.com'],
    ['xshop.example.com', 'shop.example.com'],
  ])('%s and %s do not overlap', (a, b) => {
    expect(hostsOverlap(a, b)).toBe(false);
  });
});

describe(`hostSubsetOf (${NAME_GO} Name.SubsetOf)`, () => {
  test.each([
    ['shop.example.com', 'shop.example.com'],
    ['shop.example.com', '*.example.com'],
    ['shop.example.com', '*'],
    ['*.shop.example.com', '*.example.com'],
    ['*.example.com', '*.example.com'],
    ['*.example.com', '*'],
    ['*', '*'],
  ])('%s is a subset of %s', (name, of) => {
    expect(hostSubsetOf(name, of)).toBe(true);
  });

  test.each([
    // A wildcard is never a subset of a plain name, nor of a narrower wildcard.
    ['*.example.com', 'shop.example.com'],
    ['*', 'shop.example.com'],
    ['*.example.com', '*.shop.example.com'],
    ['*', '*.example.com'],
    ['shop.example.com', 'web.example.com'],
    ['example.com', '*.example.com'],
    ['*.web.example.com', '*.shop.example.com'],
    ['shop.example.com', 'xshop.example.com'],
  ])('%s is not a subset of %s', (name, of) => {
    expect(hostSubsetOf(name, of)).toBe(false);
  });
});

/** `ValidateFQDN` and the checks it runs: `pkg/config/validation/agent/validation.go`. */
const VALIDATION_GO = 'istio/istio pkg/config/validation/agent/validation.go';

describe(`fqdnProblem (${VALIDATION_GO} ValidateFQDN, CheckDNS1123Preconditions, ValidateDNS1123Labels)`, () => {
  test.each([
    'shop.example.com', 'Shop.Example.COM', 'shop.example.com.', 'shop', `${'a'.repeat(63)}.com`, `${'a.'.repeat(127)}b`, 'a1.b2', '1.example',
    // strconv.Atoi fails on these top-level domains: they are not numeric.
    'shop.1a', 'shop.a1',
  ])('accepts %s', (name) => {
    expect(fqdnProblem(name)).toBeUndefined();
  });

  test.each([
    ['', /is empty/],
    [`${'a.'.repeat(127)}ab`, /longer than 255 characters/],
    ['shop.example.123', /all-numeric top-level domain/],
    ['shop.-1', /all-numeric top-level domain/],
    ['shop.+1', /all-numeric top-level domain/],
    ['10.0.0.1', /all-numeric top-level domain/],
    ['shop..com', /invalid DNS label ''/],
    ['.shop.com', /invalid DNS label ''/],
    ['shop_1.example.com', /invalid DNS label 'shop_1'/],
    ['shop.example-.com', /invalid DNS label 'example-'/],
    ['shop.example.co_m', /invalid DNS label 'co_m'/],
    [`${'a'.repeat(64)}.com`, /invalid DNS label/],
    ['*.example.com', /invalid DNS label '\*'/],
  ])('rejects %j: %s', (name, problem) => {
    expect(fqdnProblem(name)).toMatch(problem);
  });

  test('the empty label a trailing dot leaves is allowed only at the end', () => {
    expect(fqdnProblem('shop.example.com.')).toBeUndefined();
    expect(fqdnProblem('shop.example.com..')).toMatch(/invalid DNS label ''/);
  });
});

describe(`autoPassthroughSniProblem (${VALIDATION_GO} ValidateWildcardDomainForVirtualServiceBoundToGateway, parseAutoGeneratedSNIDomain)`, () => {
  test.each([
    'outbound_.80_._.shop.example.com', 'outbound_.8080_.v1_.shop', 'outbound_80_._shop', 'outbound_.x9_._.a1',
    // CheckDNS1123Preconditions: at most 255 characters.
    `outbound_.80_._.${'a'.repeat(239)}`,
  ])('accepts %s', (name) => {
    expect(autoPassthroughSniProblem(name)).toBeUndefined();
  });

  test.each([
    ['outbound_.80_.', /is not of the form outbound_\.PORT_\._\.HOST/],
    ['outbound_', /is not of the form/],
    ['outbound_.http_._.shop.example.com', /has no port number in 'http'/],
    ['outbound_..._._.shop', /has no port number in ''/],
    ['outbound_.80_._.123', /has no host name in '123'/],
    ['outbound_.80_._...', /has no host name in ''/],
    [`outbound_.80_._.${'a'.repeat(240)}`, /longer than 255 characters/],
  ])('rejects %s: %s', (name, problem) => {
    expect(autoPassthroughSniProblem(name)).toMatch(problem);
  });

  test('the port and host parts are read without their surrounding dots', () => {
    expect(autoPassthroughSniProblem('outbound_.a.b._._.shop')).toMatch(/has no port number in 'a\.b'/);
    expect(autoPassthroughSniProblem('outbound_.80_._..9.')).toMatch(/has no host name in '9'/);
    expect(autoPassthroughSniProblem('outbound_..ab.._._.shop')).toBe("has no port number in 'ab' (the form is outbound_.PORT_._.HOST)");
  });
});
