import { GATEWAY_CIPHER_SUITES, ignoredCipherSuites, isAcceptedCipherSuite, weakCipherSuiteReason } from '../../src/istio/cipher-suites';

describe('ignoredCipherSuites (validateTLSOptions in istio/istio pkg/config/validation/validation.go)', () => {
  test('unknown and repeated entries, each sorted and listed once', () => {
    expect(ignoredCipherSuites(['B-UNKNOWN', 'AES128-SHA', 'A-UNKNOWN', 'AES128-SHA', 'B-UNKNOWN', '!RC4', '!RC4', 'AES128-SHA'])).toEqual({
      unknown: ['A-UNKNOWN', 'B-UNKNOWN'],
      repeated: ['!RC4', 'AES128-SHA'],
    });
  });

  test('an empty list ignores nothing', () => {
    expect(ignoredCipherSuites([])).toEqual({ unknown: [], repeated: [] });
  });
});

describe('weakCipherSuiteReason', () => {
  test.each([
    'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-RSA-AES128-SHA',
    'TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'DHE-RSA-AES256-GCM-SHA384', '!RC4', '-3DES', '+AES', '',
  ])('%s is not weak', (name) => {
    expect(weakCipherSuiteReason(name)).toBeUndefined();
  });

  test.each([
    ['AES128-GCM-SHA256', 'no forward secrecy (static RSA key exchange)'],
    ['AES256-GCM-SHA384', 'no forward secrecy (static RSA key exchange)'],
    ['AES128-SHA', 'no forward secrecy (static RSA key exchange)'],
    ['AES256-SHA', 'no forward secrecy (static RSA key exchange)'],
    ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'no forward secrecy (static RSA key exchange)'],
    ['DES-CBC3-SHA', /^3DES, .*Sweet32.*; no forward secrecy/],
    ['ECDHE-RSA-DES-CBC3-SHA', /^3DES, [^;]*$/],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', /^3DES, .*; no forward secrecy/],
    ['DES-CBC-SHA', /^DES, whose 56-bit key/],
    ['RC4-SHA', /^RC4, which RFC 7465 prohibits; no forward secrecy/],
    ['ecdhe-rsa-rc4-sha', /^RC4, [^;]*$/],
    ['NULL-SHA', /^no encryption \(NULL cipher\); no forward secrecy/],
    ['ECDHE-ECDSA-NULL-SHA', 'no encryption (NULL cipher)'],
    ['ADH-AES128-SHA', 'no server authentication (anonymous key exchange)'],
    ['EXP-RC4-MD5', 'export-grade keys of 40 or 56 bits; RC4, which RFC 7465 prohibits; MD5 message authentication'],
    ['EXP1024-DES-CBC-SHA', /^export-grade keys .*; DES, /],
    ['ALL', /^ALL enables every suite/],
  ])('%s is weak: %s', (name, reason) => {
    expect(weakCipherSuiteReason(name)).toEqual(typeof reason === 'string' ? reason : expect.stringMatching(reason));
  });

  test('of the suites a Gateway accepts, exactly the ones without ECDHE are weak', () => {
    for (const name of GATEWAY_CIPHER_SUITES) {
      expect([name, weakCipherSuiteReason(name) !== undefined]).toEqual([name, !name.startsWith('ECDHE-')]);
    }
  });

  test('weak names istiod ignores are weak all the same', () => {
    expect(isAcceptedCipherSuite('RC4-MD5')).toBe(false);
    expect(weakCipherSuiteReason('RC4-MD5')).toMatch(/RC4.*MD5/);
  });
});
