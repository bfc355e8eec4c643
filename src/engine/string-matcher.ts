/**
 * Istio `StringMatch` and Envoy `StringMatcher` compiled into a matcher (exact, prefix, suffix, contains, RE2 full match, or presence).
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
      return new LiteralMatcher('exact', test.value, ignoreCase);
    case 'prefix':
      return new LiteralMatcher('prefix', test.value, ignoreCase);
    case 'regex':
      return new RegexMatcher(test.value);
    default:
      return PRESENT;
  }
}

/**
 * Compiles an Envoy `StringMatcher` (`exact`, `prefix`, `suffix`, `contains` or `safe_regex`, with `ignore_case`), as
 * a config dump's routes carry them.
 * @returns undefined when it sets none of them.
 */
export function compileEnvoyStringMatch(match: EnvoyStringMatch): StringMatcher | undefined {
  const ignoreCase = match.ignore_case === true;
  if (typeof match.exact === 'string') {
    return new LiteralMatcher('exact', match.exact, ignoreCase);
  }
  if (typeof match.prefix === 'string') {
    return new LiteralMatcher('prefix', match.prefix, ignoreCase);
  }
  if (typeof match.suffix === 'string') {
    return new LiteralMatcher('suffix', match.suffix, ignoreCase);
  }
  if (typeof match.contains === 'string') {
    return new LiteralMatcher('contains', match.contains, ignoreCase);
  }
  if (typeof match.safe_regex?.regex === 'string') {
    return new RegexMatcher(match.safe_regex.regex);
  }
  return undefined;
}

/** Envoy's `type.matcher.v3.StringMatcher`, as JSON. */
export interface EnvoyStringMatch {
  /** The whole value. */
  readonly exact?: string;
  /** The value's start. */
  readonly prefix?: string;
  /** The value's end. */
  readonly suffix?: string;
  /** Anywhere in the value. */
  readonly contains?: string;
  /** An RE2 regex the whole value matches. */
  readonly safe_regex?: { readonly regex?: string };
  /** Compare without regard to case (not for `safe_regex`). */
  readonly ignore_case?: boolean;
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

/** How a literal matcher compares a value with its text. */
type LiteralKind = 'exact' | 'prefix' | 'suffix' | 'contains';

/** A matcher of literal text: the whole value, its start, its end, or anywhere in it; optionally ignoring case. */
class LiteralMatcher implements StringMatcher {
  public readonly presence = false;
  private readonly expected: string;

  constructor(private readonly kind: LiteralKind, private readonly source: string, private readonly ignoreCase: boolean) {
    this.expected = ignoreCase ? source.toLowerCase() : source;
  }

  public get description(): string {
    return `${this.kind} ${this.source}`;
  }

  public matches(v: string | undefined): boolean {
    if (v === undefined) {
      return false;
    }
    const value = this.ignoreCase ? v.toLowerCase() : v;
    switch (this.kind) {
      case 'exact':
        return value === this.expected;
      case 'prefix':
        return value.startsWith(this.expected);
      case 'suffix':
        return value.endsWith(this.expected);
      case 'contains':
        return value.includes(this.expected);
    }
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

/** Tests presence only. */
class PresenceMatcher implements StringMatcher {
  public readonly presence = true;
  public readonly description = 'present';

  public matches(v: string | undefined): boolean {
    return v !== undefined;
  }
}

/** Presence matchers hold nothing of their own: one serves every condition. */
export const PRESENT: StringMatcher = new PresenceMatcher();
