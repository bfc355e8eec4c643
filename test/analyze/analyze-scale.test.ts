/**
 * The parts of `analyze` rewritten for large inputs, held to the straightforward versions they replace: removing
 * repeated findings, sorting findings, and the canonical JSON of matches.
 */
import * as fc from 'fast-check';
import { manyVirtualServices } from '../../bench/configs';
import { analyze, analyzeLoaded, sortFindings, uniqueFindings } from '../../src/analyze/analyze';
import { Finding, FindingLevel } from '../../src/analyze/finding';
import { canonicalJson } from '../../src/analyze/istio-fields';
import { loadObjects } from '../../src/manifests/load';

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
