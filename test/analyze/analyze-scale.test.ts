/**
 * The parts of `analyze` rewritten for large inputs, held to the straightforward versions they replace: removing
 * repeated findings, sorting findings, the canonical JSON of matches, and the search for the earlier match that
 * covers a later one (IST0131).
 */
import * as fc from 'fast-check';
import { manyVirtualServices } from '../../bench/configs';
import { analyze, analyzeLoaded, sortFindings, uniqueFindings } from '../../src/analyze/analyze';
import { Finding, FindingLevel } from '../../src/analyze/finding';
import { canonicalJson } from '../../src/analyze/istio-fields';
import { httpMatchConditions, l4MatchConditions, MatchConditions, matchCovers } from '../../src/analyze/match-cover';
import { MatchCoverIndex } from '../../src/analyze/match-cover-index';
import { ruleReachability } from '../../src/analyze/rule-reachability';
import { loadObjects } from '../../src/manifests/load';
import { IstioHttpMatch, IstioStringMatch, IstioVirtualService } from '../../src/model/istio-types';

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 };

/** What `analyze` did before: a Map keyed by `code|resource|message`, then one sort comparing strings every time. */
function reference(findings: readonly Finding[]): Finding[] {
  const unique = [...new Map(findings.map((f) => [`${f.code}|${f.resource}|${f.message}`, f])).values()];
  return unique.sort((a, b) => a.resource.localeCompare(b.resource) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
}

/** Short texts from a small alphabet, so that findings repeat, and with letters `localeCompare` orders unlike code units. */
const word = fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'é', 'e', '-', '/', ' ', '1', 'Z', '\u0301'), maxLength: 4 });
const finding: fc.Arbitrary<Finding> = fc.record({
  code: fc.constantFrom('IST0101', 'IST0132', 'CIG1005', 'IST0130'),
  level: fc.constantFrom<FindingLevel>('Error', 'Warning', 'Info'),
  resource: word.map((w) => `VirtualService apps/${w}`),
  message: word,
});

describe('findings', () => {
  test('uniqueFindings then sortFindings give what the Map and the string sort gave', () => {
    fc.assert(fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
      expect(sortFindings(uniqueFindings(findings))).toEqual(reference(findings));
    }), { numRuns: 500, seed: 11 });
  });

  test('a repeated finding keeps its first position and its last occurrence', () => {
    const a1 = { code: 'IST0101', level: 'Error' as const, resource: 'r', message: 'm' };
    const b = { code: 'IST0101', level: 'Error' as const, resource: 'r', message: 'n' };
    const a2 = { ...a1 };
    const unique = uniqueFindings([a1, b, a2]);
    expect(unique).toHaveLength(2);
    expect(unique[0]).toBe(a2);
    expect(unique[1]).toBe(b);
  });

  test('analyzeLoaded on loaded objects finds what analyze finds on the plain ones', () => {
    const plain = manyVirtualServices(20, 4);
    expect(analyzeLoaded(loadObjects(plain))).toEqual(analyze(plain));
  });
});

describe('canonicalJson', () => {
  /** The canonical JSON as it was written: JSON.stringify with a replacer that sorts keys. */
  function sortedJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const keys = Object.keys(v as object);
      if (keys.length < 2) return v;
      const sorted: Record<string, unknown> = {};
      for (const key of keys.sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }) ?? 'undefined';
  }

  const key = fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('10', '9', '0', '01', '-1', '__proto__', 'name', 'uri'));
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' },
      fc.string({ maxLength: 6 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0),
      fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 5 })),
  })).v;

  test('is JSON with sorted keys, character for character', () => {
    fc.assert(fc.property(value, (v) => {
      expect(canonicalJson(v)).toBe(sortedJson(v));
    }), { numRuns: 2000, seed: 5 });
  });

  test('goes through JSON.stringify for values with toJSON and class instances', () => {
    const date = new Date(0);
    expect(canonicalJson({ b: date, a: { toJSON: () => 'x' } })).toBe(sortedJson({ b: date, a: { toJSON: () => 'x' } }));
    expect(canonicalJson(new Map())).toBe('{}');
    expect(canonicalJson(undefined)).toBe('undefined');
  });
});

describe('the earlier match covering a later one (IST0131)', () => {
  /** What the index replaces: each match compared with every earlier match no match before it covers. */
  function coversByComparingAll(matches: readonly MatchConditions[]): Array<number | undefined> {
    const effective: number[] = [];
    return matches.map((conditions, i) => {
      const cover = effective.find((j) => matchCovers(matches[j], conditions));
      if (cover === undefined) effective.push(i);
      return cover;
    });
  }

  /** The same through the index, with how many comparisons it made. */
  function coversByIndex(matches: readonly MatchConditions[]): { covers: Array<number | undefined>; comparisons: number } {
    const index = new MatchCoverIndex<number>();
    const covers = matches.map((conditions, i) => {
      const cover = index.coverOf(conditions);
      if (cover === undefined) index.add(conditions, i);
      return cover;
    });
    return { covers, comparisons: index.comparisons };
  }

  const value = (values: string[]): fc.Arbitrary<IstioStringMatch> => fc.oneof(
    fc.constantFrom(...values).map((exact) => ({ exact })), fc.constantFrom(...values).map((prefix) => ({ prefix })), fc.constant({}));
  /** `arbitrary` one time in four, so that most matches have few conditions and covers are frequent. */
  const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
  const httpMatch: fc.Arbitrary<IstioHttpMatch> = fc.record({
    uri: fc.option(fc.oneof(value(['', '/', '/a', '/A', '/ab', '/Ab', '/a/b']), fc.constantFrom({ regex: '.*' }, { regex: '/a.*' })), { nil: undefined }),
    ignoreUriCase: optional(fc.boolean()),
    method: optional(value(['GET', 'G'])),
    headers: optional(fc.dictionary(fc.constantFrom('x-a', 'X-A', 'x-b'), value(['1', '12']), { maxKeys: 2 })),
    withoutHeaders: optional(fc.dictionary(fc.constantFrom('x-c'), value(['1', '12']), { maxKeys: 1 })),
    queryParams: optional(fc.dictionary(fc.constantFrom('q'), value(['1', '12']), { maxKeys: 1 })),
    port: optional(fc.constantFrom(80, 8080)),
    gateways: optional(fc.subarray(['g1', 'g2'], { minLength: 1 })),
    sourceLabels: optional(fc.dictionary(fc.constantFrom('app', 'v'), fc.constantFrom('a', 'b'), { maxKeys: 2 })),
  }, { requiredKeys: [] });
  const tlsMatch = fc.record({
    sniHosts: fc.subarray(['a.example.com', 'b.example.com', 'c.example.com'], { minLength: 1 }),
    port: optional(fc.constantFrom(443, 8443)),
    gateways: optional(fc.subarray(['g1', 'g2'], { minLength: 1 })),
  }, { requiredKeys: ['sniHosts'] });

  // Up to 8 matches: no path, SNI host or set of conditions has more earlier matches than the index compares with
  // every later one, so it must find exactly the earliest cover, as comparing with all of them does.
  test('the index finds the cover that comparing every earlier match finds, for HTTP and TLS matches', () => {
    let found = 0;
    fc.assert(fc.property(fc.array(httpMatch, { maxLength: 8 }), fc.array(tlsMatch, { maxLength: 8 }), (http, tls) => {
      for (const conditions of [http.map((m) => httpMatchConditions(m)!), tls.map((m) => l4MatchConditions(m, 'tls')!)]) {
        const covers = coversByComparingAll(conditions);
        expect(coversByIndex(conditions).covers).toEqual(covers);
        found += covers.filter((c) => c !== undefined).length;
      }
    }), { numRuns: 1000, seed: 131 });
    expect(found).toBeGreaterThan(1000);
  });

  // 10,000 distinct prefixes, then a longer prefix of each with a method: comparing all would make 50 million
  // comparisons; the index makes a few per match (one per prefix length in use).
  test('10,000 rules of distinct prefixes: each covered match is found with a few comparisons', () => {
    const n = 10_000;
    const matches = [
      ...Array.from({ length: n }, (_, i) => httpMatchConditions({ uri: { prefix: `/svc${i}/` } })!),
      ...Array.from({ length: n }, (_, i) => httpMatchConditions({ uri: { prefix: `/svc${i}/v1` }, method: { exact: 'GET' } })!),
    ];
    const { covers, comparisons } = coversByIndex(matches);
    expect(covers.slice(0, n).every((c) => c === undefined)).toBe(true);
    expect(covers.slice(n)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(comparisons).toBeLessThanOrEqual(2 * n);
  });

  // 10,000 matches on one prefix, each for its own tenant: a later match is compared with the first few of the
  // prefix and with those whose conditions are among its own, found by their text, never with all of them.
  test('10,000 matches on one prefix with distinct headers: each covered match is found with a bounded number of comparisons', () => {
    const n = 10_000;
    const tenant = (i: number): Record<string, IstioStringMatch> => ({ 'x-tenant': { exact: `t${i}` } });
    const matches = [
      ...Array.from({ length: n }, (_, i) => httpMatchConditions({ uri: { prefix: '/api' }, headers: tenant(i) })!),
      ...Array.from({ length: n }, (_, i) => httpMatchConditions({ uri: { prefix: '/api/v1' }, headers: tenant(i), method: { exact: 'GET' } })!),
    ];
    const { covers, comparisons } = coversByIndex(matches);
    expect(covers.slice(n)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(comparisons).toBeLessThanOrEqual(10 * 2 * n);
  });

  test('a VirtualService of 10,000 rules: IST0131 for each covered match, IST0130 for the repeated ones', () => {
    const n = 10_000;
    const http = [
      ...Array.from({ length: n }, (_, i) => ({ match: [{ uri: { prefix: `/svc${i}/` } }], route: [{ destination: { host: `svc${i}` } }] })),
      ...Array.from({ length: n }, (_, i) => ({ match: [{ uri: { exact: `/svc${i}/health` } }], route: [{ destination: { host: 'health' } }] })),
      { match: [{ uri: { prefix: '/svc7/' } }], route: [{ destination: { host: 'again' } }] },
    ];
    const vs: IstioVirtualService = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'big', namespace: 'apps' }, spec: { hosts: ['big.example.com'], http } };
    const { unreachable, ineffective } = ruleReachability(vs);
    expect(ineffective).toHaveLength(n + 1);
    expect(ineffective[n - 1].reason).toMatch(/^every request it matches \(exact \/svc9999\/health\) goes to match #0 of rule #9999 \(prefix \/svc9999\/\) first/);
    expect(ineffective[n].reason).toBe('it repeats match #0 of rule #7');
    expect(unreachable.map((u) => u.rule)).toEqual([`#${2 * n}`]);
  });
});
