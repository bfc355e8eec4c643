/**
 * Istio `StringMatch` compiled into a matcher (exact, prefix, RE2 full match, or presence).
 */
import { RE2JS } from 're2js';
import { Json } from './model';

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
 */
export function compileStringMatch(match: Json, ignoreCase = false): StringMatcher {
  if (match?.exact !== undefined) {
    const expected: string = ignoreCase ? String(match.exact).toLowerCase() : String(match.exact);
    return {
      description: `exact ${match.exact}`,
      presence: false,
      matches: (v) => v !== undefined && (ignoreCase ? v.toLowerCase() : v) === expected,
    };
  }
  if (match?.prefix !== undefined) {
    const expected: string = ignoreCase ? String(match.prefix).toLowerCase() : String(match.prefix);
    return {
      description: `prefix ${match.prefix}`,
      presence: false,
      matches: (v) => v !== undefined && (ignoreCase ? v.toLowerCase() : v).startsWith(expected),
    };
  }
  if (match?.regex !== undefined && match.regex !== '*') {
    const re = RE2JS.compile(String(match.regex));
    return { description: `regex ${match.regex}`, presence: false, matches: (v) => v !== undefined && re.matches(v) };
  }
  return { description: 'present', presence: true, matches: (v) => v !== undefined };
}
