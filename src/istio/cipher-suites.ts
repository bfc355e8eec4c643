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
