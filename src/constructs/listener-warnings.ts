/**
 * What synth warns about one gateway listener: settings that work, but expose more than the user may think. Each
 * warning reads `field: problem; fix`, as the constructs' errors do.
 */
import { describe } from './errors';
import { ConstructWarning, SynthWarningId } from './synth-warnings';
import { weakCipherSuiteReason } from '../istio/cipher-suites';
import { TlsVersion } from '../istio/protocol';

/** The settings of a listener the warnings look at. */
export interface ListenerWarningInput {
  /** The hosts the listener accepts. */
  readonly hosts: readonly string[];
  /** True when the user named the hosts (`['*']` included); false when they took the default. */
  readonly hostsGiven: boolean;
  /** True when istiod applies the listener's TLS versions and cipher suites (SIMPLE, MUTUAL, OPTIONAL_MUTUAL). */
  readonly appliesTlsSettings: boolean;
  /** `tls.minProtocolVersion`, as given. */
  readonly minProtocolVersion?: TlsVersion;
  /** `tls.maxProtocolVersion`, as given. */
  readonly maxProtocolVersion?: TlsVersion;
  /** `tls.cipherSuites`, as given. */
  readonly cipherSuites?: readonly string[];
  /** `tls.subjectAltNames`, as given. */
  readonly subjectAltNames?: readonly string[];
  /**
   * When the listener verifies client certificates against the `ca.crt` of its own cert-manager certificate's Secret
   * (`ClientCa.fromCertificateSecret()` with `new Certificate(...)`): that Secret and the certificate's issuer.
   */
  readonly clientCaFromIssuer?: { readonly secretName: string; readonly issuer: string };
}

/** TLS versions RFC 8996 deprecates, with what a client of theirs is exposed to. */
const OLD_TLS_VERSIONS: ReadonlyMap<string, string> = new Map([
  [TlsVersion.TLSV1_0, 'TLS 1.0'],
  [TlsVersion.TLSV1_1, 'TLS 1.1'],
]);

/**
 * The listener's synth warnings.
 *
 * @param listener - its settings.
 */
export function listenerWarnings(listener: ListenerWarningInput): ConstructWarning[] {
  return [
    ...hostWarnings(listener),
    ...(listener.appliesTlsSettings ? [...tlsVersionWarnings(listener), ...cipherSuiteWarnings(listener), ...clientCaWarnings(listener)] : []),
  ];
}

/** A listener that took the default `*`: any VirtualService of any namespace may claim any host on it. */
function hostWarnings(listener: ListenerWarningInput): ConstructWarning[] {
  if (listener.hostsGiven) {
    return [];
  }
  return [warning(SynthWarningId.IMPLICIT_HOSTS, 'hosts',
    'not given, so the server accepts any host (\'*\'), and a VirtualService of any namespace that binds the gateway can claim any host on it',
    'name the hosts it serves (hosts: [\'shop.example.com\'], or \'shop/shop.example.com\' to admit routes of the shop namespace only), '
    + 'or pass hosts: [\'*\'] to accept every host knowingly')];
}

/** A minimum or maximum TLS version below 1.2. */
function tlsVersionWarnings(listener: ListenerWarningInput): ConstructWarning[] {
  const warnings: ConstructWarning[] = [];
  const min = listener.minProtocolVersion === undefined ? undefined : OLD_TLS_VERSIONS.get(listener.minProtocolVersion);
  if (min !== undefined) {
    const noCiphers = listener.cipherSuites === undefined || listener.cipherSuites.length === 0
      ? '; without tls.cipherSuites Envoy offers none that TLS 1.0 or 1.1 can use, so those clients fail anyway (istiod warns the same)'
      : '';
    warnings.push(warning(SynthWarningId.OLD_TLS_VERSION, 'tls.minProtocolVersion',
      `${listener.minProtocolVersion} lets clients negotiate ${min}, which RFC 8996 deprecates (no AEAD cipher, SHA-1 handshake signatures)${noCiphers}`,
      'leave minProtocolVersion out for TLS 1.2, or use TlsVersion.TLSV1_3'));
  }
  const max = listener.maxProtocolVersion === undefined ? undefined : OLD_TLS_VERSIONS.get(listener.maxProtocolVersion);
  if (max !== undefined) {
    warnings.push(warning(SynthWarningId.OLD_TLS_VERSION, 'tls.maxProtocolVersion', `${listener.maxProtocolVersion} holds every client to ${max} or older, which RFC 8996 deprecates`,
      'leave maxProtocolVersion out (TLS 1.3), or use TlsVersion.TLSV1_2 at least'));
  }
  return warnings;
}

/** Cipher suites a client can be held to that lack forward secrecy, or use 3DES ({@link weakCipherSuiteReason}). */
function cipherSuiteWarnings(listener: ListenerWarningInput): ConstructWarning[] {
  if (listener.minProtocolVersion === TlsVersion.TLSV1_3) {
    // TLS 1.3 negotiates its own suites, all with forward secrecy; the list applies to no connection.
    return [];
  }
  return (listener.cipherSuites ?? []).flatMap((suite, i) => {
    const reason = weakCipherSuiteReason(suite);
    return reason === undefined ? [] : [warning(SynthWarningId.WEAK_CIPHER_SUITE, `tls.cipherSuites[${i}]`, `'${suite}' is weak: ${reason}`,
      'list ECDHE suites with AES-GCM or CHACHA20 only (e.g. ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256), or leave cipherSuites out for Envoy\'s defaults')];
  });
}

/** Client certificates verified against the CA that signed the server certificate. */
function clientCaWarnings(listener: ListenerWarningInput): ConstructWarning[] {
  const shared = listener.clientCaFromIssuer;
  if (shared === undefined || (listener.subjectAltNames?.length ?? 0) > 0) {
    return [];
  }
  return [warning(SynthWarningId.CLIENT_CA_FROM_ISSUER, 'tls.clientCa',
    `ClientCa.fromCertificateSecret() trusts the ca.crt cert-manager writes into '${shared.secretName}', the CA of ${shared.issuer} that signed `
    + 'the server certificate, so anyone who can get a certificate from that issuer holds a client certificate this listener accepts',
    'keep the client CA in a Secret of its own (ClientCa.fromSecret(\'client-ca\')), or accept only the clients named in tls.subjectAltNames')];
}

/** A warning with its id, read as `field: problem; fix`. */
function warning(id: SynthWarningId, field: string, problem: string, fix: string): ConstructWarning {
  return { id, message: describe(field, problem, fix) };
}
