/**
 * CIG1018 ClientCaFromServerIssuer: a MUTUAL or OPTIONAL_MUTUAL server takes its client CA from the Secret of its own
 * server certificate, and cert-manager writes that Secret. With `credentialName` and no `caCertCredentialName`, istiod
 * reads the client CA from the `ca.crt` of the credential's Secret (for `credentialNames`, of the first one), as
 * `<name>-cacert` (istio/istio `pilot/pkg/security/model/authentication.go`,
 * `ApplyCredentialSDSToServerCommonTLSContext`). When a cert-manager Certificate of the manifests writes that Secret
 * (its `spec.secretName`), `ca.crt` is the CA of the Certificate's issuer, so every certificate that issuer signs, for
 * any workload or namespace allowed to use it, is an accepted client certificate.
 *
 * The level is Warning: the servers admit whoever the issuer signs for, which is rarely what a mutual-TLS server is
 * meant to admit, and nothing in the manifests says whom an issuer serves; a dedicated issuer would make it safe, so
 * it is not an Error.
 */
import { serversOf } from '../../engine/servers';
import { KubeObject } from '../../manifests/kube-object';
import { isMapping } from '../../model/shape';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { certificateWriting, gatewayPodNamespaces } from '../lookup';

/** `Kind name` of a Certificate's `spec.issuerRef` (kind Issuer when unset), or undefined when it names none. */
function issuerOf(certificate: KubeObject): string | undefined {
  const spec = certificate.spec;
  const ref = isMapping(spec) && isMapping(spec.issuerRef) ? spec.issuerRef : undefined;
  if (ref === undefined || typeof ref.name !== 'string') return undefined;
  return `${typeof ref.kind === 'string' ? ref.kind : 'Issuer'} ${ref.name}`;
}

/** CIG1018 for mutual-TLS servers whose client CA is the issuer of their cert-manager server certificate. */
export const clientCaFromServerIssuer: Analyzer = {
  code: 'CIG1018',
  name: 'ClientCaFromServerIssuer',
  level: 'Warning',
  description: 'A MUTUAL or OPTIONAL_MUTUAL server takes its client CA from its own credentialName Secret (no caCertCredentialName), which '
    + 'a cert-manager Certificate writes, so every certificate of that Certificate\'s issuer is an accepted client certificate.',
  fix: 'Put the CA of the clients meant to be admitted in a Secret of its own, and name it in caCertCredentialName.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      const namespaces = gatewayPodNamespaces(context, gateway);
      for (const server of serversOf(gateway)) {
        const tls = server.tls;
        if (tls === undefined || server.kind === 'http' || (server.tlsMode !== 'MUTUAL' && server.tlsMode !== 'OPTIONAL_MUTUAL')) continue;
        if (tls.caCertCredentialName) continue;
        const secret = (tls.credentialNames ?? [])[0] ?? tls.credentialName;
        if (!secret) continue;
        for (const namespace of namespaces) {
          const certificate = certificateWriting(context, namespace, secret);
          if (certificate === undefined) continue;
          const issuer = issuerOf(certificate);
          findings.push(finding(this, gateway, `server ${server.portName || server.port} (${server.protocol} ${server.tlsMode}) verifies client `
            + `certificates against the ca.crt of Secret ${namespace}/${secret}, its own server certificate's, which cert-manager Certificate `
            + `${namespace}/${certificate.metadata.name} writes with the CA of its issuer${issuer === undefined ? '' : ` (${issuer})`}: any `
            + 'certificate that issuer signs is an accepted client certificate; name a Secret holding only the clients\' CA in caCertCredentialName'));
        }
      }
    }
    return findings;
  },
};
