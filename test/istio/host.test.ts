import {
  CLUSTER_DOMAIN,
  hostCovers,
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
