/**
 * Envoy's StringMatcher as a config dump's header and query matchers carry it (envoyproxy/envoy
 * `source/common/common/matchers.cc` `StringMatcherImpl::match`: exact, prefix, suffix, contains with `ignore_case`,
 * and `safe_regex`, a full RE2 match that ignores `ignore_case`).
 */
import { compileEnvoyStringMatch, EnvoyStringMatch } from '../../src/engine/string-matcher';

const cases: Array<[string, EnvoyStringMatch, string | undefined, boolean]> = [
  ['exact', { exact: 'Alice' }, 'Alice', true],
  ['exact is case-sensitive', { exact: 'Alice' }, 'alice', false],
  ['exact with ignore_case', { exact: 'Alice', ignore_case: true }, 'ALICE', true],
  ['prefix', { prefix: '/Api' }, '/Api/x', true],
  ['prefix is case-sensitive', { prefix: '/Api' }, '/api/x', false],
  ['prefix with ignore_case', { prefix: '/Api', ignore_case: true }, '/API/x', true],
  ['suffix', { suffix: '.Json' }, 'a.Json', true],
  ['suffix is case-sensitive', { suffix: '.Json' }, 'a.json', false],
  ['suffix with ignore_case', { suffix: '.Json', ignore_case: true }, 'A.JSON', true],
  ['suffix does not match the start', { suffix: '.json' }, '.json.gz', false],
  ['contains', { contains: 'Beta' }, 'x-Beta-1', true],
  ['contains is case-sensitive', { contains: 'Beta' }, 'x-beta-1', false],
  ['contains with ignore_case', { contains: 'Beta', ignore_case: true }, 'X-BETA-1', true],
  ['contains of nothing there', { contains: 'gamma' }, 'beta', false],
  ['safe_regex is a full match', { safe_regex: { regex: 'v[0-9]+' } }, 'v12', true],
  ['safe_regex does not match a part', { safe_regex: { regex: 'v[0-9]+' } }, 'xv12', false],
  ['an absent value matches nothing', { exact: '' }, undefined, false],
  ['an absent value is no suffix', { suffix: '' }, undefined, false],
  ['an absent value contains nothing', { contains: '' }, undefined, false],
];

test.each(cases)('%s', (_, match, value, expected) => {
  expect(compileEnvoyStringMatch(match)?.matches(value)).toBe(expected);
});

test('descriptions say what is tested', () => {
  expect([{ exact: 'a' }, { prefix: 'b' }, { suffix: 'c' }, { contains: 'd' }, { safe_regex: { regex: 'e+' } }]
    .map((m) => compileEnvoyStringMatch(m)?.description)).toEqual(['exact a', 'prefix b', 'suffix c', 'contains d', 'regex e+']);
});

test('a matcher that sets none of them is undefined', () => {
  expect(compileEnvoyStringMatch({ ignore_case: true })).toBeUndefined();
  expect(compileEnvoyStringMatch({ safe_regex: {} })).toBeUndefined();
});
