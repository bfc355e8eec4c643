/**
 * The `x-forwarded-client-cert` (XFCC) element Envoy writes for the client certificate of an mTLS connection, with the
 * details istiod asks for at gateways (istio/istio `pilot/pkg/networking/core/gateway.go`
 * `buildGatewayConnectionManager`: `forward_client_cert_details` SANITIZE_SET with Subject, Cert, URI and DNS).
 * Envoy writes `By=` for each URI SAN of its own certificate, `Hash=` the SHA-256 of the client certificate in hex,
 * then `Cert="..."` (its PEM, URL-encoded), `Subject="..."` (RFC 2253, even when empty), `URI=` for each URI SAN
 * (`URI=` alone when it has none) and `DNS=` for each DNS SAN, joined with `;` (envoyproxy/envoy
 * `source/common/http/conn_manager_utility.cc` `mutateXfccRequestHeader`; the order of the details from
 * `source/extensions/filters/network/http_connection_manager/config.cc`).
 */
import { createHash, X509Certificate } from 'crypto';

/** The XFCC element for a connection whose client presented `peer`, the gateway having presented `local`. */
export function clientCertificateElement(peer: X509Certificate, local?: X509Certificate): string {
  const details: string[] = [];
  for (const uri of subjectAltNames(local, 'URI')) {
    details.push(`By=${uri}`);
  }
  details.push(`Hash=${createHash('sha256').update(peer.raw).digest('hex')}`);
  details.push(`Cert="${urlEncode(peer.toString())}"`);
  details.push(`Subject="${rfc2253Subject(peer)}"`);
  const uris = subjectAltNames(peer, 'URI');
  details.push(...(uris.length === 0 ? ['URI='] : uris.map((uri) => `URI=${uri}`)));
  details.push(...subjectAltNames(peer, 'DNS').map((dns) => `DNS=${dns}`));
  return details.join(';');
}

/**
 * A certificate's subject as Envoy prints it (OpenSSL's RFC 2253 form: the attributes last to first, `,` between
 * relative names and `+` inside one, special characters escaped with `\`). Node prints the subject first to last, one
 * relative name a line with ` + ` inside one, escaped the same way, so its lines are turned round.
 */
export function rfc2253Subject(certificate: X509Certificate): string {
  if (certificate.subject === '') {
    return '';
  }
  return certificate.subject.split('\n').reverse().map((rdn) => rdn.split(' + ').reverse().join('+')).join(',');
}

/**
 * The subject alternative names of one type (`URI`, `DNS`) in certificate order. Node lists them as
 * `DNS:a.example.com, URI:spiffe://...`, with a value in JSON quotes when it holds a comma or a quote.
 */
export function subjectAltNames(certificate: X509Certificate | undefined, type: 'URI' | 'DNS'): string[] {
  const text = certificate?.subjectAltName;
  if (text === undefined) {
    return [];
  }
  const names: string[] = [];
  let rest = text;
  while (rest !== '') {
    const colon = rest.indexOf(':');
    if (colon < 0) {
      break;
    }
    const kind = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    const quoted = rest.startsWith('"') ? /^"(?:[^"\\]|\\.)*"/.exec(rest)?.[0] : undefined;
    let value: string;
    if (quoted !== undefined) {
      value = JSON.parse(quoted) as string;
      rest = rest.slice(quoted.length);
    } else {
      const end = rest.indexOf(', ');
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end);
    }
    rest = rest.replace(/^, /, '');
    if (kind === type) {
      names.push(value);
    }
  }
  return names;
}

/** Envoy's URL encoding of a PEM: every byte but letters, digits and `*-._` as `%XX`. */
function urlEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9*\-._]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
