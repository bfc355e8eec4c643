/**
 * TLS cipher suites a Gateway server may list in `tls.cipherSuites`: the BoringSSL names Envoy understands (without
 * the PSK suites). istiod accepts other entries with a warning and drops them, as it drops repeated ones (istio/istio
 * `pkg/config/security/security.go`, `ValidCipherSuites`, `IsValidCipherSuite`).
 */

/** The cipher suite names a Gateway accepts. */
export const GATEWAY_CIPHER_SUITES: ReadonlySet<string> = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
]);

/**
 * True when istiod passes a `cipherSuites` entry on to Envoy: a known name, `ALL`, the empty string, or an entry that
 * starts with neither a letter nor a digit (an OpenSSL cipher-string operator such as `!`, `-` or `+`, passed through
 * unchecked).
 */
export function isAcceptedCipherSuite(name: string): boolean {
  if (name === '' || name === 'ALL') {
    return true;
  }
  return !/^[\p{L}\p{N}]/u.test(name) || GATEWAY_CIPHER_SUITES.has(name);
}

/** The entries of a `cipherSuites` list istiod ignores, each set sorted and without repeats. */
export interface IgnoredCipherSuites {
  /** Entries istiod does not accept ({@link isAcceptedCipherSuite} is false). */
  readonly unknown: readonly string[];
  /** Accepted entries listed more than once. */
  readonly repeated: readonly string[];
}

/**
 * The entries of a `cipherSuites` list istiod's webhook warns about and drops: unknown names, and accepted names listed
 * again (istio/istio `pkg/config/validation/validation.go`, `validateTLSOptions`).
 */
export function ignoredCipherSuites(ciphers: readonly string[]): IgnoredCipherSuites {
  const unknown = new Set<string>();
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const cipher of ciphers) {
    if (!isAcceptedCipherSuite(cipher)) {
      unknown.add(cipher);
    } else if (seen.has(cipher)) {
      repeated.add(cipher);
    } else {
      seen.add(cipher);
    }
  }
  return { unknown: [...unknown].sort(), repeated: [...repeated].sort() };
}

/** Name parts (split at `-`, `_`, `:`) that make a suite weak, with why. */
const WEAK_PARTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^E?NULL$/, 'no encryption (NULL cipher)'],
  [/^(ANULL|ADH|AECDH|ANON)$/, 'no server authentication (anonymous key exchange)'],
  [/^EXP(ORT)?\d*$/, 'export-grade keys of 40 or 56 bits'],
  [/^RC4(\d+)?$/, 'RC4, which RFC 7465 prohibits'],
  [/^MD5$/, 'MD5 message authentication'],
  [/^(3DES|CBC3|DES3)$/, '3DES, whose 64-bit blocks the Sweet32 attack (CVE-2016-2183) exploits'],
];

/**
 * First name parts of suites whose key exchange is the server's static RSA key: in OpenSSL names the key exchange is
 * left out (`AES128-GCM-SHA256`), in IANA names it is `TLS_RSA_WITH_...`.
 */
const RSA_KEY_EXCHANGE = /^((AES|CAMELLIA|ARIA|SEED|IDEA)\d*(-|$)|TLS_RSA_WITH_)/;

/**
 * Why a cipher suite named in a Gateway server's `tls.cipherSuites` is weak, or undefined when it is not:
 *
 * - no forward secrecy: the key exchange uses the server's RSA key, so whoever obtains that key later decrypts every
 *   recorded session (the accepted `AES128-GCM-SHA256`, `AES256-GCM-SHA384`, `AES128-SHA`, `AES256-SHA`,
 *   `DES-CBC3-SHA`, and other OpenSSL or IANA names of RSA key exchange);
 * - 3DES (Sweet32), DES, RC4, NULL (no encryption), anonymous key exchange, export-grade keys and MD5, whether or not
 *   istiod accepts the name;
 * - `ALL`, which enables every suite, the weak ones included.
 *
 * OpenSSL cipher-string operators that remove or reorder suites (`!RC4`, `-3DES`, `+AES`) add none, so they are not
 * weak. Names are compared case-insensitively; several reasons are joined with `; `.
 */
export function weakCipherSuiteReason(name: string): string | undefined {
  const upper = name.trim().toUpperCase();
  if (upper === '' || /^[!\-+]/.test(upper)) {
    return undefined;
  }
  if (upper === 'ALL') {
    return 'ALL enables every suite, including ones without forward secrecy and 3DES';
  }
  const parts = upper.split(/[-_:]/);
  const reasons = WEAK_PARTS.filter(([part]) => parts.some((p) => part.test(p))).map(([, reason]) => reason);
  if (!reasons.some((r) => r.startsWith('3DES')) && parts.includes('DES')) {
    reasons.push('DES, whose 56-bit key is broken by exhaustive search');
  }
  if (RSA_KEY_EXCHANGE.test(upper) || (/^(DES|RC4|NULL)-/.test(upper) && !reasons.some((r) => r.startsWith('no server')))) {
    reasons.push('no forward secrecy (static RSA key exchange)');
  }
  return reasons.length === 0 ? undefined : reasons.join('; ');
}
