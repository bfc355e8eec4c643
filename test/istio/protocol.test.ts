import { isHttpFamily, isPassthrough, isTlsProtocol, Protocol, routeKindOf, TlsMode, TlsVersion } from '../../src/istio/protocol';

describe('Protocol, TlsMode and TlsVersion', () => {
  test('use the strings Istio reads', () => {
    expect(Object.values(Protocol)).toEqual(['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'TCP', 'TLS', 'MONGO']);
    expect(Object.values(TlsMode)).toEqual(['SIMPLE', 'MUTUAL', 'PASSTHROUGH', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']);
    expect(Object.values(TlsVersion)).toEqual(['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3']);
  });
});

describe('isHttpFamily', () => {
  test.each(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'http', 'grpc-web'])('is true for %s', (protocol) => {
    expect(isHttpFamily(protocol)).toBe(true);
  });

  test.each(['HTTPS', 'TLS', 'TCP', 'MONGO', 'REDIS', 'MYSQL', 'UDP', ''])('is false for %s', (protocol) => {
    expect(isHttpFamily(protocol)).toBe(false);
  });
});

describe('isTlsProtocol', () => {
  test.each(['HTTPS', 'TLS', 'https', 'tls'])('is true for %s', (protocol) => {
    expect(isTlsProtocol(protocol)).toBe(true);
  });

  test.each(['HTTP', 'HTTP2', 'GRPC', 'TCP', 'MONGO'])('is false for %s', (protocol) => {
    expect(isTlsProtocol(protocol)).toBe(false);
  });
});

describe('isPassthrough', () => {
  test('treats a missing mode as PASSTHROUGH, as Istio does', () => {
    expect(isPassthrough(undefined)).toBe(true);
  });

  test.each([TlsMode.PASSTHROUGH, TlsMode.AUTO_PASSTHROUGH])('is true for %s', (mode) => {
    expect(isPassthrough(mode)).toBe(true);
  });

  test.each([TlsMode.SIMPLE, TlsMode.MUTUAL, TlsMode.OPTIONAL_MUTUAL, TlsMode.ISTIO_MUTUAL])('is false for %s', (mode) => {
    expect(isPassthrough(mode)).toBe(false);
  });
});

describe('routeKindOf', () => {
  test.each([
    ['HTTP', undefined, 'http'],
    ['HTTP2', undefined, 'http'],
    ['GRPC', undefined, 'http'],
    ['GRPC-WEB', undefined, 'http'],
    ['http', undefined, 'http'],
    ['HTTPS', TlsMode.SIMPLE, 'http'],
    ['HTTPS', TlsMode.MUTUAL, 'http'],
    ['HTTPS', TlsMode.OPTIONAL_MUTUAL, 'http'],
    ['HTTPS', TlsMode.ISTIO_MUTUAL, 'http'],
    ['HTTPS', TlsMode.PASSTHROUGH, 'tls'],
    ['HTTPS', TlsMode.AUTO_PASSTHROUGH, 'tls'],
    ['HTTPS', undefined, 'tls'],
    ['TLS', TlsMode.SIMPLE, 'tcp'],
    ['TLS', TlsMode.MUTUAL, 'tcp'],
    ['TLS', TlsMode.PASSTHROUGH, 'tls'],
    ['TLS', undefined, 'tls'],
    ['tls', 'SIMPLE', 'tcp'],
    ['TCP', undefined, 'tcp'],
    ['MONGO', undefined, 'tcp'],
    ['MYSQL', undefined, 'tcp'],
  ])('routes %s with mode %s by the VirtualService %s section', (protocol, mode, kind) => {
    expect(routeKindOf(protocol, mode)).toBe(kind);
  });
});
