import { Chart, Testing } from 'cdk8s';
import { HttpRoute, IngressGateway, PathMatch, Protocol, StringMatch } from '../../src';

describe('StringMatch', () => {
  test.each([
    [StringMatch.exact('GET'), { exact: 'GET' }],
    [StringMatch.exact(''), { exact: '' }],
    [StringMatch.prefix('Bearer '), { prefix: 'Bearer ' }],
    [StringMatch.regex('v[0-9]+'), { regex: 'v[0-9]+' }],
    [StringMatch.present(), {}],
  ])('%o renders as %j', (match, rendered) => {
    expect(match._toIstio()).toEqual(rendered);
  });

  test('rendering returns a copy', () => {
    const match = StringMatch.exact('a');
    const rendered = match._toIstio();
    rendered.exact = 'b';
    expect(match._toIstio()).toEqual({ exact: 'a' });
  });

  test.each([
    StringMatch.exact('x'),
    StringMatch.exact(''),
    StringMatch.prefix('x'),
    StringMatch.regex('(?i)abc|d+'),
    StringMatch.regex('a'.repeat(1024)),
    StringMatch.present(),
  ])('%o is valid', (match) => {
    expect(match._problem(false)).toBeUndefined();
  });

  test('an empty prefix is a problem unless allowed', () => {
    expect(StringMatch.prefix('')._problem(false)).toEqual('prefix is empty');
    expect(StringMatch.prefix('')._problem(true)).toBeUndefined();
  });

  test.each([
    ['(?=a)', /^regex '\(\?=a\)' is not valid RE2 syntax/],
    ['(a)\\1', /^regex '\(a\)\\1' is not valid RE2 syntax/],
    ['(', /^regex '\(' is not valid RE2 syntax/],
    ['', /^regex '' is empty$/],
    ['a'.repeat(1025), /is longer than 1024 characters$/],
  ])('regex %j is a problem', (pattern, problem) => {
    expect(StringMatch.regex(pattern)._problem(true)).toMatch(problem);
  });
});

describe('PathMatch', () => {
  test.each([
    [PathMatch.exact('/health'), 'exact', '/health', { exact: '/health' }],
    [PathMatch.prefix('/api/'), 'prefix', '/api/', { prefix: '/api/' }],
    [PathMatch.regex('/v[12]/.*'), 'regex', '/v[12]/.*', { regex: '/v[12]/.*' }],
  ])('%o has kind %s, value %s and renders as %j', (path, kind, value, rendered) => {
    expect(path.kind).toEqual(kind);
    expect(path.value).toEqual(value);
    expect(path._match._toIstio()).toEqual(rendered);
    expect(path._problem()).toBeUndefined();
  });

  test('an empty prefix is valid (it matches every path)', () => {
    expect(PathMatch.prefix('')._problem()).toBeUndefined();
  });

  test('a regex need not start with a slash', () => {
    expect(PathMatch.regex('.*\\.png')._problem()).toBeUndefined();
  });

  test.each([PathMatch.exact('health'), PathMatch.prefix('api')])('%o without leading slash is a problem', (path) => {
    expect(path._problem()).toEqual(`path '${path.value}' does not start with '/'`);
  });

  test('an empty exact path is a problem (no request path is empty)', () => {
    expect(PathMatch.exact('')._problem()).toEqual('path \'\' does not start with \'/\'');
  });

  test('an invalid regex is a problem', () => {
    expect(PathMatch.regex('/(?!admin)')._problem()).toMatch(/^regex '\/\(\?!admin\)' is not valid RE2 syntax/);
  });
});

describe('in a synthesized VirtualService', () => {
  test('every kind renders in uri, headers, withoutHeaders and queryParams', () => {
    const app = Testing.app();
    const infra = new Chart(app, 'infra', { namespace: 'istio-system' });
    const gw = new IngressGateway(infra, 'gw');
    const http = gw.addListener('http', { port: 80, protocol: Protocol.HTTP });
    const apps = new Chart(app, 'apps', { namespace: 'default' });
    new HttpRoute(apps, 'counter', {
      listeners: [http],
      hosts: ['counter.example.com'],
      rules: [{
        match: [
          { path: PathMatch.prefix('/api'), headers: { 'x-a': StringMatch.exact('1'), 'x-b': StringMatch.prefix('2'), 'x-c': StringMatch.regex('3+'), 'x-d': StringMatch.present() } },
          { path: PathMatch.exact('/health'), withoutHeaders: { 'x-e': StringMatch.present() }, queryParams: { q: StringMatch.exact('') } },
          { path: PathMatch.regex('/v[12]/.*') },
        ],
        destinations: [{ host: 'counter' }],
      }],
    });
    const vs = Testing.synth(apps).find((o) => o.kind === 'VirtualService');
    expect(vs.spec.http[0].match).toEqual([
      { uri: { prefix: '/api' }, headers: { 'x-a': { exact: '1' }, 'x-b': { prefix: '2' }, 'x-c': { regex: '3+' }, 'x-d': {} } },
      { uri: { exact: '/health' }, withoutHeaders: { 'x-e': {} }, queryParams: { q: { exact: '' } } },
      { uri: { regex: '/v[12]/.*' } },
    ]);
  });
});
