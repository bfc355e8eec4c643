/**
 * Istio `StringMatch` compiled into a matcher (exact, prefix, RE2 full match, or presence).
 */
import type { RE2JS } from 're2js';
import { compileRe2 } from '../istio/regex';
import { IstioStringMatch } from '../model/istio-types';

/** A compiled string matcher. */
export interface StringMatcher {
  /** Human description, e.g. `prefix /api`. */
  readonly description: string;
  /** True when the matcher only tests presence. */
  readonly presence: boolean;
  /** True when the value matches; `undefined` means the value is absent. */
  matches(value: string | undefined): boolean;
}

/**
 * Compiles a StringMatch. `{}` and `regex: "*"` test presence. Throws with the RE2 error for an
 * invalid regex (Envoy rejects the route table in that case).
 *
 * Matchers are small objects with their methods on a prototype (no closures): a gateway config
 * holds one per route condition, hundreds of thousands for large inputs.
 */
export function compileStringMatch(match: IstioStringMatch, ignoreCase = false): StringMatcher {
  const test = stringTestOf(match);
  switch (test.kind) {
    case 'exact':
      return new ExactMatcher(test.value, ignoreCase);
    case 'prefix':
      return new PrefixMatcher(test.value, ignoreCase);
    case 'regex':
      return new RegexMatcher(test.value);
    default:
      return PRESENT;
  }
}

/** What a StringMatch tests a value against. */
export interface StringTest {
  /** `exact`, `prefix`, `regex` (an RE2 full match) or `present` (the value exists). */
  readonly kind: 'exact' | 'prefix' | 'regex' | 'present';
  /** The exact value, prefix or pattern; `''` for `present`. */
  readonly value: string;
}

/** The test a StringMatch compiles to: `exact`, else `prefix`, else `regex` other than `*`, else presence. */
export function stringTestOf(match: IstioStringMatch): StringTest {
  if (match.exact !== undefined) {
    return { kind: 'exact', value: match.exact };
  }
  if (match.prefix !== undefined) {
    return { kind: 'prefix', value: match.prefix };
  }
  if (match.regex !== undefined && match.regex !== '*') {
    return { kind: 'regex', value: match.regex };
  }
  return PRESENT_TEST;
}

const PRESENT_TEST: StringTest = { kind: 'present', value: '' };

class ExactMatcher implements StringMatcher {
  public readonly presence = false;
  private readonly expected: string;

  constructor(private readonly source: string, private readonly ignoreCase: boolean) {
    this.expected = ignoreCase ? source.toLowerCase() : source;
  }

  public get description(): string {
    return `exact ${this.source}`;
  }

  public matches(v: string | undefined): boolean {
    return v !== undefined && (this.ignoreCase ? v.toLowerCase() : v) === this.expected;
  }
}

class PrefixMatcher implements StringMatcher {
  public readonly presence = false;
  private readonly expected: string;

  constructor(private readonly source: string, private readonly ignoreCase: boolean) {
    this.expected = ignoreCase ? source.toLowerCase() : source;
  }

  public get description(): string {
    return `prefix ${this.source}`;
  }

  public matches(v: string | undefined): boolean {
    return v !== undefined && (this.ignoreCase ? v.toLowerCase() : v).startsWith(this.expected);
  }
}

/** A full-match RE2 matcher. */
export class RegexMatcher implements StringMatcher {
  public readonly presence = false;
  private readonly re: RE2JS;

  constructor(private readonly source: string) {
    this.re = compileRe2(source);
  }

  public get description(): string {
    return `regex ${this.source}`;
  }

  public matches(v: string | undefined): boolean {
    return v !== undefined && this.re.matches(v);
  }
}

class PresenceMatcher implements StringMatcher {
  public readonly presence = true;
  public readonly description = 'present';

  public matches(v: string | undefined): boolean {
    return v !== undefined;
  }
}

/** Presence matchers hold nothing of their own: one serves every condition. */
const PRESENT = new PresenceMatcher();
