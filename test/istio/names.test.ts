import { isDnsLabel, isDnsSubdomain, isIanaServiceName, isIpAddress, isValidPort } from '../../src/istio/names';

describe('isDnsLabel', () => {
  test.each(['a', 'istio-system', 'https-443', '0', '9lives', 'a'.repeat(63)])('accepts %s', (value) => {
    expect(isDnsLabel(value)).toBe(true);
  });

  test.each([
    ['empty', ''],
    ['uppercase', 'Istio'],
    ['a dot', 'a.b'],
    ['an underscore', 'a_b'],
    ['a leading dash', '-a'],
    ['a trailing dash', 'a-'],
    ['64 characters', 'a'.repeat(64)],
  ])('rejects %s', (_why, value) => {
    expect(isDnsLabel(value)).toBe(false);
  });
});

describe('isDnsSubdomain', () => {
  test.each(['a', 'lab-tls', 'counter.example.com', `${'a'.repeat(63)}.${'b'.repeat(63)}`])('accepts %s', (value) => {
    expect(isDnsSubdomain(value)).toBe(true);
  });

  test.each([
    ['empty', ''],
    ['an empty label', 'a..b'],
    ['a trailing dot', 'a.b.'],
    ['uppercase', 'Lab.example.com'],
    ['an underscore', 'a_b.example.com'],
    ['254 characters', `${'a'.repeat(63)}.`.repeat(4).slice(0, 254)],
  ])('rejects %s', (_why, value) => {
    expect(isDnsSubdomain(value)).toBe(false);
  });
});

describe('isIanaServiceName (container port names)', () => {
  test.each(['http', 'https-443', 'h2', 'a'.repeat(15)])('accepts %s', (value) => {
    expect(isIanaServiceName(value)).toBe(true);
  });

  test.each([
    ['longer than 15 characters', 'https-public-api'],
    ['without a letter', '8443'],
    ['with a doubled dash', 'http--web'],
    ['with a leading dash', '-http'],
    ['with a trailing dash', 'http-'],
    ['with uppercase', 'HTTP'],
    ['empty', ''],
  ])('rejects a name %s', (_why, value) => {
    expect(isIanaServiceName(value)).toBe(false);
  });
});

describe('isIpAddress', () => {
  test.each([
    '10.0.0.1', '0.0.0.0', '255.255.255.255',
    '::', '::1', 'fe80::1', '2001:db8::8a2e:370:7334', '2001:0db8:0000:0000:0000:ff00:0042:8329',
    '1:2:3:4:5:6:7::', '::ffff:10.0.0.1', '64:ff9b::192.0.2.33',
  ])('accepts %s', (value) => {
    expect(isIpAddress(value)).toBe(true);
  });

  test.each([
    ['an octet above 255', '256.0.0.1'],
    ['three octets', '10.0.0'],
    ['five octets', '10.0.0.0.1'],
    ['a leading zero', '010.0.0.1'],
    ['a host name', 'counter.example.com'],
    ['a short host name', 'counter'],
    ['two hex words', 'cafe:babe'],
    ['a lone colon', ':'],
    ['three colons', ':::'],
    ['two ::', '1::2::3'],
    ['nine groups', '1:2:3:4:5:6:7:8:9'],
    ['eight groups and ::', '1:2:3:4:5:6:7::8'],
    ['a group of five hex digits', '12345::1'],
    ['a non-hex group', 'fe80::g'],
    ['an IPv4 part that is not last', '10.0.0.1::'],
    ['a bad embedded IPv4 part', '::ffff:10.0.0.256'],
    ['empty', ''],
  ])('rejects %s', (_why, value) => {
    expect(isIpAddress(value)).toBe(false);
  });
});

describe('isValidPort', () => {
  test.each([1, 80, 443, 65535])('accepts %d', (port) => {
    expect(isValidPort(port)).toBe(true);
  });

  test.each([0, -1, 65536, 80.5, NaN, Infinity])('rejects %d', (port) => {
    expect(isValidPort(port)).toBe(false);
  });
});
