/**
 * A rule's `corsPolicy` as istiod writes it (istio/istio `pilot/pkg/networking/core/route/route.go`
 * `TranslateCORSPolicy`) and Envoy's CORS filter applies it (envoyproxy/envoy
 * `source/extensions/filters/http/cors/cors_filter.cc` `CorsFilter::decodeHeaders`, `encodeHeaders`, `isOriginAllowed`).
 */
import { compileCors } from '../../src/proxy/cors';

const policy = compileCors({
  allowOrigins: [{ exact: 'https://shop.example.com' }, { prefix: 'https://dev.' }, { regex: 'https://[a-z]+\\.example\\.org' }],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['content-type', 'x-token'],
  exposeHeaders: ['x-request-id'],
  maxAge: '24h',
  allowCredentials: true,
});

const preflight = (origin: string, extra: Record<string, string> = {}) => ({ origin, 'access-control-request-method': 'POST', ...extra });

describe('origins', () => {
  test.each<[string, boolean]>([
    ['https://shop.example.com', true],
    ['https://Shop.example.com', false],
    ['https://shop.example.com.evil.io', false],
    ['https://dev.anything', true],
    ['https://api.example.org', true],
    ['https://api.example.org.evil.io', false],
    ['http://api.example.org', false],
  ])('%s is allowed: %s', (origin, allowed) => {
    expect(policy.isOriginAllowed(origin)).toBe(allowed);
  });

  test('an entry that matches the text * allows every origin', () => {
    expect(compileCors({ allowOrigins: [{ exact: '*' }] }).isOriginAllowed('https://anyone.io')).toBe(true);
    expect(compileCors({ allowOrigins: [{ regex: '.*' }] }).isOriginAllowed('https://anyone.io')).toBe(true);
    expect(compileCors({ allowOrigins: [{ prefix: '*' }] }).isOriginAllowed('https://anyone.io')).toBe(true);
    expect(compileCors({ allowOrigins: [{ prefix: 'https://' }] }).isOriginAllowed('http://anyone.io')).toBe(false);
  });

  test('no allowOrigins, or only empty entries, allows nothing', () => {
    expect(compileCors({}).isOriginAllowed('https://shop.example.com')).toBe(false);
    expect(compileCors({ allowOrigins: [{}] }).isOriginAllowed('https://shop.example.com')).toBe(false);
  });
});

describe('preflight', () => {
  test('an allowed preflight is answered by the gateway with 200 and the allow headers, no vary', () => {
    expect(policy.preflight('OPTIONS', preflight('https://shop.example.com'))).toEqual({
      status: 200,
      headers: {
        'access-control-allow-origin': 'https://shop.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,POST',
        'access-control-allow-headers': 'content-type,x-token',
        'access-control-max-age': '86400',
      },
    });
  });

  test('a preflight from an origin that is not allowed is forwarded (unmatchedPreflights FORWARD)', () => {
    expect(policy.preflight('OPTIONS', preflight('https://evil.io'))).toBeUndefined();
  });

  test('a request without origin, with an empty one, or that is not OPTIONS, is no preflight', () => {
    expect(policy.preflight('OPTIONS', { 'access-control-request-method': 'POST' })).toBeUndefined();
    expect(policy.preflight('OPTIONS', preflight(''))).toBeUndefined();
    expect(policy.preflight('GET', preflight('https://shop.example.com'))).toBeUndefined();
  });

  test('OPTIONS without access-control-request-method is no preflight', () => {
    expect(policy.preflight('OPTIONS', { origin: 'https://shop.example.com' })).toBeUndefined();
  });

  test('allowMethods * and allowHeaders * echo what the preflight asks for', () => {
    const star = compileCors({ allowOrigins: [{ exact: 'https://a.io' }], allowMethods: ['*'], allowHeaders: ['*'] });
    expect(star.preflight('OPTIONS', preflight('https://a.io', { 'access-control-request-headers': 'x-one,x-two' }))!.headers).toEqual({
      'access-control-allow-origin': 'https://a.io',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'x-one,x-two',
    });
    expect(star.preflight('OPTIONS', preflight('https://a.io'))!.headers['access-control-allow-headers']).toBe('');
  });

  test('without lists, max age or credentials, only the origin is allowed', () => {
    expect(compileCors({ allowOrigins: [{ exact: 'https://a.io' }], allowCredentials: false }).preflight('OPTIONS', preflight('https://a.io')))
      .toEqual({ status: 200, headers: { 'access-control-allow-origin': 'https://a.io' } });
  });

  test('maxAge is written in whole seconds', () => {
    expect(compileCors({ allowOrigins: [{ exact: 'https://a.io' }], maxAge: '90s' }).preflight('OPTIONS', preflight('https://a.io'))!
      .headers['access-control-max-age']).toBe('90');
  });
});

describe('simpleResponseHeaders', () => {
  test('the response to an allowed origin gets allow-origin, allow-credentials and expose-headers', () => {
    expect(policy.simpleResponseHeaders({ origin: 'https://dev.shop' })).toEqual({
      'access-control-allow-origin': 'https://dev.shop',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
    });
  });

  test('a forwarded preflight from an allowed origin gets them too (the filter saw a CORS request)', () => {
    expect(policy.simpleResponseHeaders({ 'origin': 'https://shop.example.com', 'access-control-request-method': 'PUT' })).toBeDefined();
  });

  test('an origin that is not allowed, or none, leaves the response alone', () => {
    expect(policy.simpleResponseHeaders({ origin: 'https://evil.io' })).toBeUndefined();
    expect(policy.simpleResponseHeaders({})).toBeUndefined();
  });

  test('without credentials or exposed headers, only the origin', () => {
    expect(compileCors({ allowOrigins: [{ exact: 'https://a.io' }] }).simpleResponseHeaders({ origin: 'https://a.io' }))
      .toEqual({ 'access-control-allow-origin': 'https://a.io' });
  });
});
