/**
 * RE2, the regular expression syntax Envoy (and Istio's validation) uses.
 */
import { RE2JS } from 're2js';
import { cachedVerdicts } from './verdict-cache';

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
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return `is not valid RE2 syntax (${(e as Error).message})`;
  }
}
