/**
 * `rewrite.uri` and `rewrite.uriRegexRewrite` compiled into Envoy's `prefix_rewrite` / `regex_rewrite` for one route,
 * and the path the upstream then sees (reference §e.4).
 */
import type { RE2JS } from 're2js';
import { PathMatcher } from './route-matcher';
import { compileRe2 } from '../istio/regex';
import { IstioRegexRewrite } from '../model/istio-types';

/**
 * How a route rewrites the path:
 * - `replace-prefix`: `rewrite.uri` after a prefix match: the matched prefix (its first `length` characters) is replaced;
 * - `replace-path`: `rewrite.uri` after an exact or regex match: the whole path is replaced;
 * - `regex`: `rewrite.uriRegexRewrite`, every non-overlapping match of `pattern` replaced by `substitution`;
 * - `invalid-regex`: a `uriRegexRewrite` whose pattern RE2 refuses: Envoy rejects the whole route configuration, and
 *   the engine leaves the path unchanged.
 */
export type PathRewrite =
  | { readonly kind: 'replace-prefix'; readonly replacement: string; readonly length: number }
  | { readonly kind: 'replace-path'; readonly replacement: string }
  | { readonly kind: 'regex'; readonly pattern: string; readonly substitution: string; readonly replace: (path: string) => string }
  | { readonly kind: 'invalid-regex'; readonly pattern: string; readonly substitution: string; readonly error: string };

/** `rewrite.uriRegexRewrite` (`match`, `rewrite`) compiled: its RE2 pattern once, or why RE2 refuses it. */
export function compileRegexRewrite(regexRewrite: IstioRegexRewrite): PathRewrite {
  const pattern = String(regexRewrite.match);
  const substitution = String(regexRewrite.rewrite ?? '');
  let compiled: RE2JS;
  try {
    compiled = compileRe2(pattern);
  } catch (e) {
    return Object.freeze({ kind: 'invalid-regex', pattern, substitution, error: (e as Error).message });
  }
  return Object.freeze({ kind: 'regex', pattern, substitution, replace: regexReplacer(compiled, substitution) });
}

/** `rewrite.uri` for a route that matched with `matched`: it replaces what the route matched (Envoy's `prefix_rewrite`). */
export function compileUriRewrite(uri: string, matched: PathMatcher): PathRewrite {
  return Object.freeze(matched.kind === 'prefix'
    ? { kind: 'replace-prefix', replacement: uri, length: matched.value.length }
    : { kind: 'replace-path', replacement: uri });
}

/** The path (with the query string, which is kept) the upstream sees, or undefined when the rewrite does not apply. */
export function rewritePath(rewrite: PathRewrite, path: string, query: string): string | undefined {
  let rewritten: string;
  switch (rewrite.kind) {
    case 'replace-prefix':
      rewritten = rewrite.replacement + path.slice(rewrite.length);
      break;
    case 'replace-path':
      rewritten = rewrite.replacement;
      break;
    case 'regex':
      rewritten = rewrite.replace(path);
      break;
    default:
      return undefined;
  }
  return query ? `${rewritten}?${query}` : rewritten;
}

/**
 * Replaces every non-overlapping match of `pattern` in a path by `substitution`, where `\0` ... `\9` insert capture
 * groups and `\\` a backslash (RE2's GlobalReplace, which Envoy's `regex_rewrite` uses).
 */
function regexReplacer(pattern: RE2JS, substitution: string): (path: string) => string {
  const fill = (...groups: unknown[]) => substitution.replace(/\\(\d|\\)/g, (_, ref: string) => (ref === '\\' ? '\\' : String(groups[Number(ref)] ?? '')));
  return (path) => pattern.matcher(path).replaceAll(fill);
}
