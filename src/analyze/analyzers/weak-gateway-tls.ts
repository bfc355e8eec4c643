/**
 * CIG1015 WeakGatewayTls: a server that terminates TLS (SIMPLE, MUTUAL or OPTIONAL_MUTUAL) lets clients negotiate a
 * TLS version below 1.2 (`minProtocolVersion` or `maxProtocolVersion` TLSV1_0 or TLSV1_1, which RFC 8996 deprecates), or
 * lists cipher suites istiod accepts but that are weak: without forward secrecy (static RSA key exchange) or 3DES
 * (`weakCipherSuiteReason` in src/istio/cipher-suites.ts). Suites istiod does not accept are dropped, and reported by
 * IST0133 instead; when the minimum version is TLSV1_3 the list is unused (TLS 1.3 suites are not configurable).
 *
 * ISTIO_MUTUAL servers are left out: istiod applies a server's protocol versions and cipher suites only in SIMPLE,
 * MUTUAL and OPTIONAL_MUTUAL mode (istio/istio `pilot/pkg/networking/core/listener.go`, `BuildListenerTLSContext` and
 * `isSimpleOrMutual`), so on an ISTIO_MUTUAL server they change nothing.
 */
import { serversOf } from '../../engine/servers';
import { isAcceptedCipherSuite, weakCipherSuiteReason } from '../../istio/cipher-suites';
import { TlsVersion } from '../../istio/protocol';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** The modes in which istiod applies `minProtocolVersion`, `maxProtocolVersion` and `cipherSuites`. */
const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);

/** The TLS versions RFC 8996 deprecates, with the version number they stand for. */
const OLD_VERSIONS: ReadonlyMap<string, string> = new Map([[TlsVersion.TLSV1_0, '1.0'], [TlsVersion.TLSV1_1, '1.1']]);

/** CIG1015 for terminating servers that accept TLS below 1.2 or weak cipher suites. */
export const weakGatewayTls: Analyzer = {
  code: 'CIG1015',
  name: 'WeakGatewayTls',
  level: 'Warning',
  description: 'A TLS-terminating Gateway server allows TLS below 1.2 (minProtocolVersion or maxProtocolVersion TLSV1_0 or TLSV1_1), or lists '
    + 'weak cipher suites: without forward secrecy (no ECDHE) or 3DES.',
  fix: 'Set minProtocolVersion TLSV1_2 or later (and no older maxProtocolVersion), and list only ECDHE suites with AES-GCM or CHACHA20, '
    + 'or leave cipherSuites out for the defaults.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      for (const server of serversOf(gateway)) {
        const tls = server.tls;
        if (tls === undefined || server.kind === 'http' || server.tlsMode === undefined || !TERMINATING.has(server.tlsMode)) continue;
        const weaknesses: string[] = [];
        for (const field of ['minProtocolVersion', 'maxProtocolVersion'] as const) {
          const version = tls[field];
          const number = version === undefined ? undefined : OLD_VERSIONS.get(version);
          if (number !== undefined) {
            weaknesses.push(`${field} ${version} lets clients use TLS ${number}, which RFC 8996 deprecates`);
          }
        }
        if (tls.minProtocolVersion !== TlsVersion.TLSV1_3) {
          for (const suite of new Set((tls.cipherSuites ?? []).filter(isAcceptedCipherSuite))) {
            const reason = weakCipherSuiteReason(suite);
            if (reason !== undefined) {
              weaknesses.push(`cipher suite ${suite}: ${reason}`);
            }
          }
        }
        if (weaknesses.length === 0) continue;
        findings.push(finding(this, gateway, `server ${server.portName || server.port} (${server.protocol} ${server.tlsMode}) accepts weak TLS: `
          + `${weaknesses.join('; ')}. Use minProtocolVersion TLSV1_2 or later and ECDHE cipher suites only (or leave cipherSuites out)`));
      }
    }
    return findings;
  },
};
