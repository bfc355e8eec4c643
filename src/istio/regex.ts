/**
 * RE2, the regular expression syntax Envoy (and Istio's validation) uses.
 */
import type { RE2JS } from 're2js';
import { cachedVerdicts } from './verdict-cache';

/** The RE2 engine, loaded when the first pattern is compiled: manifests without regexes never load it. */
let re2: typeof RE2JS | undefined;

/**
 * Compiles an RE2 pattern.
 *
 * @throws the RE2 engine's syntax error when `pattern` is not valid RE2.
 */
export function compileRe2(pattern: string): RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return re2.compile(pattern);
}

/** Istio rejects regular expressions longer than this. */
export const MAX_REGEX_LENGTH = 1024;

/** Why `pattern` is not a valid RE2 expression for Istio, or undefined when it is valid (each pattern compiled once). */
export const re2Problem: (pattern: string) => string | undefined = cachedVerdicts(compileProblem);

function compileProblem(pattern: string): string | undefined {
  if (pattern.length === 0) {
    return 'is empty';
  }
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `is longer than ${MAX_REGEX_LENGTH} characters`;
  }
  try {
    compileRe2(pattern);
    return undefined;
  } catch (e) {
    return `is not valid RE2 syntax (${(e as Error).message})`;
  }
}
