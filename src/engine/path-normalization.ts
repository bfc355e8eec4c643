/**
 * The path normalization Istio's default mesh config turns on at gateways (`normalize_path`,
 * reference §d.6): percent-encoded unreserved characters decoded, backslashes turned into
 * slashes, dot segments removed. `//` and `%2F` are kept. Runs before route matching; the
 * upstream sees the normalized path.
 */

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** The normalized path, or undefined when Envoy would answer 400 (not a valid path). */
export function normalizePath(path: string): string | undefined {
  if (!path.startsWith('/') && !path.startsWith('\\')) {
    return undefined;
  }
  let decoded = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '%') {
      const hex = path.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return undefined;
      }
      const ch = String.fromCharCode(parseInt(hex, 16));
      decoded += UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
      i += 2;
    } else if (c === '\\') {
      decoded += '/';
    } else if (c.charCodeAt(0) < 0x21 || c.charCodeAt(0) === 0x7f) {
      return undefined;
    } else {
      decoded += c;
    }
  }
  return removeDotSegments(decoded);
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
