/**
 * IST0133 SchemaWarning: what istiod's validating webhook accepts with a warning (reference §i):
 * legacy `name.namespace.svc.cluster.local` gateway references, the deprecated `mirrorPercent`, certificate fields on a
 * passthrough server (ignored), `httpsRedirect` on a server that is not HTTP, and a server's TLS options as istiod's
 * `validateTLSOptions` (pkg/config/validation/validation.go) warns about them: `minProtocolVersion` TLSV1_0 or TLSV1_1
 * without `cipherSuites`, and cipher suites it ignores, unknown ones (pkg/config/security/security.go,
 * `IsValidCipherSuite`) or repeated ones.
 */
import { ignoredCipherSuites } from '../../istio/cipher-suites';
import { isHttpFamily, TlsVersion } from '../../istio/protocol';
import { IstioServerTls, IstioVirtualService } from '../../model/istio-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { certificateFieldsOf, matchesOf, rulesOf } from '../istio-fields';

/**
 * The warnings of istiod's `validateTLSOptions` about a server's protocol versions and cipher suites, as messages about
 * the `tls` block at `at` (e.g. `spec.servers[0].tls`).
 */
function tlsOptionWarnings(tls: IstioServerTls, at: string): string[] {
  const warnings: string[] = [];
  const ciphers = tls.cipherSuites ?? [];
  const min = tls.minProtocolVersion;
  if ((min === TlsVersion.TLSV1_0 || min === TlsVersion.TLSV1_1) && ciphers.length === 0) {
    warnings.push(`${at}.minProtocolVersion: ${min} without cipherSuites: the default cipher suites no longer include any that TLS below 1.2 `
      + 'can use, so clients of those versions fail the handshake; list cipherSuites they support');
  }
  const { unknown, repeated } = ignoredCipherSuites(ciphers);
  if (unknown.length > 0) {
    warnings.push(`${at}.cipherSuites: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a cipher suite' : 'are not cipher suites'} `
      + `istiod accepts, so it ignores ${unknown.length === 1 ? 'it' : 'them'}; use BoringSSL names such as ECDHE-RSA-AES128-GCM-SHA256`);
  }
  if (repeated.length > 0) {
    warnings.push(`${at}.cipherSuites: ${repeated.join(', ')} ${repeated.length === 1 ? 'is' : 'are'} listed more than once; `
      + 'istiod ignores the repeats: list each cipher suite once');
  }
  return warnings;
}

/**
 * The gateway references istiod warns about as legacy dotted names: in `spec.gateways` and in the match `gateways` of
 * tls rules, the first reference of each list without a `/`, when it has a dot. istiod's `validateGatewayNames`
 * (pkg/config/validation/validation.go) stops at the first reference without a `/`, so later ones go unchecked; and
 * the warnings of http and tcp match `gateways` are dropped on the way (their checks collect errors only, through
 * `appendErrors`).
 */
function legacyGatewayReferences(vs: IstioVirtualService): Array<{ path: string; reference: string }> {
  const lists: Array<{ path: string; references: readonly string[] }> = [{ path: 'spec.gateways', references: vs.spec?.gateways ?? [] }];
  rulesOf(vs, 'tls').forEach((rule, r) => matchesOf(rule).forEach((m, k) => {
    lists.push({ path: `spec.tls[${r}].match[${k}].gateways`, references: m.gateways ?? [] });
  }));
  return lists.flatMap(({ path, references }) => {
    const i = references.findIndex((reference) => !reference.includes('/'));
    return i >= 0 && references[i].includes('.') ? [{ path: `${path}[${i}]`, reference: references[i] }] : [];
  });
}

/** IST0133 for the webhook warnings of §i that concern gateways. */
export const schemaWarning: Analyzer = {
  code: 'IST0133',
  name: 'SchemaWarning',
  level: 'Warning',
  description: 'istiod\'s validating webhook accepts the object with a warning: a legacy gateway reference, the deprecated mirrorPercent, '
    + 'ignored certificates, a misplaced '
    + 'httpsRedirect, minProtocolVersion TLSV1_0 or TLSV1_1 without cipherSuites, or cipher suites it ignores (unknown or repeated).',
  fix: 'Write gateway references as namespace/name, use mirrorPercentage, drop certificates from passthrough servers (or set a terminating mode), use httpsRedirect '
    + 'on HTTP servers only, list cipherSuites for TLS below 1.2, and list each cipher suite once by its BoringSSL name.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      for (const { path, reference } of legacyGatewayReferences(vs)) {
        const [name, namespace] = reference.split('.');
        findings.push(finding(this, vs, `${path}: gateway reference '${reference}' uses the legacy dotted form; `
          + `write it as '${namespace}/${name}'`));
      }
      // validateHTTPRoute (pkg/config/validation/virtualservice.go) warns about mirrorPercent whatever its value.
      (vs.spec?.http ?? []).forEach((rule, r) => {
        for (const field of ['mirrorPercent', 'mirror_percent'] as const) {
          if (rule[field] !== undefined && rule[field] !== null) {
            findings.push(finding(this, vs, `spec.http[${r}].${field}: is deprecated; use mirrorPercentage: {value: ...} instead`));
          }
        }
      });
    }
    for (const gateway of context.gateways) {
      (gateway.spec?.servers ?? []).forEach((server, i) => {
        const tls = server.tls;
        if (tls === undefined) return;
        for (const warning of tlsOptionWarnings(tls, `spec.servers[${i}].tls`)) {
          findings.push(finding(this, gateway, warning));
        }
        const protocol = (server.port?.protocol ?? '').toUpperCase();
        const mode = (tls.mode ?? 'PASSTHROUGH').toUpperCase();
        const certificates = certificateFieldsOf(tls);
        if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') && certificates.length > 0) {
          findings.push(finding(this, gateway, `spec.servers[${i}].tls: ${certificates.join(', ')} ignored: `
            + `mode ${mode}${tls.mode === undefined ? ' (the default when mode is omitted)' : ''} does not terminate TLS`));
        }
        if (tls.httpsRedirect === true && !isHttpFamily(protocol)) {
          findings.push(finding(this, gateway, `spec.servers[${i}].tls.httpsRedirect: only HTTP servers redirect to https; `
            + `it has no effect on a ${protocol || 'server without protocol'}`));
        }
      });
    }
    return findings;
  },
};
