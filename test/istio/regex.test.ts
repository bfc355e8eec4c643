import { MAX_REGEX_LENGTH, re2Problem } from '../../src/istio/regex';

describe('re2Problem', () => {
  test.each([
    '^/api/v[0-9]+/.*$',
    '.*',
    '(?i)^/Login',
    '^/users/(?P<id>[^/]+)$',
    '\\d{3}-\\d{4}',
    'a'.repeat(MAX_REGEX_LENGTH),
  ])('accepts %s', (pattern) => {
    expect(re2Problem(pattern)).toBeUndefined();
  });

  test('rejects an empty expression', () => {
    expect(re2Problem('')).toBe('is empty');
  });

  test('rejects an expression longer than Istio\'s limit of 1024 characters', () => {
    expect(MAX_REGEX_LENGTH).toBe(1024);
    expect(re2Problem('a'.repeat(MAX_REGEX_LENGTH + 1))).toBe('is longer than 1024 characters');
  });

  test.each([
    ['a lookahead', '^/api(?=/v1)'],
    ['a negative lookbehind', '(?<!foo)bar'],
    ['a backreference', '(a)\\1'],
    ['an unclosed group', '^/api/(v1'],
    ['an unclosed class', '[a-z'],
    ['a dangling repetition', '*abc'],
    ['a possessive quantifier', 'a++'],
  ])('rejects %s, which RE2 does not support', (_why, pattern) => {
    expect(re2Problem(pattern)).toMatch(/^is not valid RE2 syntax \(.+\)$/);
  });
});
