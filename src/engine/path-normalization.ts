/**
 * The path normalization Istio's default mesh config turns on at gateways (`normalize_path`,
 * reference §d.6), as Envoy's URL canonicalizer (a Chromium snapshot) does it:
 *
 * - percent-encoded unreserved characters (`A-Z a-z 0-9 - . _ ~`) are decoded; every other valid
 *   escape is kept exactly as written (hex case included), so `%2F` and `%5c` stay;
 * - an escaped NUL (`%00`) makes the path invalid (Envoy answers 400);
 * - a `%` that starts no valid escape (`%zz`, a trailing `%`) is kept as it is;
 * - backslashes become slashes; dot segments are removed (`..` never climbs above the root);
 * - characters a URL path may not carry literally (`"`, `<`, `>`, `^`, `` ` ``, `{`, `|`, `}`,
 *   non-ASCII) are percent-encoded;
 * - `//` is kept.
 *
 * Spaces and control characters never reach the canonicalizer: Envoy's HTTP/1 codec rejects
 * them with 400, and so does this function. Runs before route matching; the upstream sees the
 * normalized path.
 */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const ESCAPED_LITERALLY = /^["<>^`{|}]$/;

/** A path that normalization leaves as it is: only plain path characters and no dot segment. */
const ALREADY_NORMAL = /^\/[A-Za-z0-9\-_~!$&'()*+,;=:@/.]*$/;
const DOT_SEGMENT = /\/\.\.?(\/|$)/;

/** The normalized path (without query), or undefined when Envoy would answer 400. */
export function normalizePath(path: string): string | undefined {
  if (ALREADY_NORMAL.test(path) && !DOT_SEGMENT.test(path)) {
    return path;
  }
  if (!path.startsWith('/') && !path.startsWith('\\')) {
    return undefined;
  }
  const chars = Array.from(path);
  let canonical = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const code = c.codePointAt(0)!;
    const escape = chars.slice(i, i + 3).join('');
    if (c === '%' && /^%[0-9A-Fa-f]{2}$/.test(escape)) {
      const ch = String.fromCharCode(parseInt(escape.slice(1), 16));
      if (ch === '\0') {
        return undefined;
      }
      canonical += UNRESERVED.test(ch) ? ch : escape;
      i += 2;
    } else if (c === '\\') {
      canonical += '/';
    } else if (code < 0x21 || code === 0x7f) {
      return undefined;
    } else if (code > 0x7f || ESCAPED_LITERALLY.test(c)) {
      canonical += percentEncode(c);
    } else {
      canonical += c;
    }
  }
  return removeDotSegments(canonical);
}

/** `c` as UTF-8 bytes, each written `%XX`. */
function percentEncode(c: string): string {
  return [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** RFC 3986 section 5.2.4. */
function removeDotSegments(path: string): string {
  const segments = path.split('/').slice(1);
  const output: string[] = [];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '.') {
      if (last) output.push('');
    } else if (segment === '..') {
      if (output.length > 0) output.pop();
      if (last) output.push('');
    } else {
      output.push(segment);
    }
  });
  return `/${output.join('/')}`;
}
