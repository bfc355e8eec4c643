/**
 * The x-forwarded-client-cert element Envoy writes at an Istio gateway (envoyproxy/envoy
 * `source/common/http/conn_manager_utility.cc` `mutateXfccRequestHeader`; istio/istio
 * `pilot/pkg/networking/core/gateway.go` `buildGatewayConnectionManager`: Subject, Cert, URI and DNS).
 */
import { X509Certificate } from 'crypto';
import { CLIENT_CERT, CLIENT_CERT_SHA256, CLIENT_CERT_SUBJECT, GATEWAY_CERT } from './certificate-fixtures';
import { clientCertificateElement, rfc2253Subject, subjectAltNames } from '../../src/proxy/client-certificate';

const client = new X509Certificate(CLIENT_CERT);
const gateway = new X509Certificate(GATEWAY_CERT);

test('the subject reads as OpenSSL prints it in RFC 2253 form (last attribute first, escapes kept)', () => {
  expect(rfc2253Subject(client)).toBe(CLIENT_CERT_SUBJECT);
  expect(rfc2253Subject(gateway)).toBe('CN=istio-ingressgateway');
});

test('subject alternative names by type, in certificate order', () => {
  expect(subjectAltNames(client, 'URI')).toEqual(['spiffe://cluster.local/ns/a/sa/b']);
  expect(subjectAltNames(client, 'DNS')).toEqual(['client.example.com', 'www.example.com']);
  expect(subjectAltNames(gateway, 'DNS')).toEqual([]);
  expect(subjectAltNames(undefined, 'URI')).toEqual([]);
});

test('a quoted name (one with a comma) is read whole', () => {
  const quoted = { subjectAltName: 'DNS:a.example.com, URI:"spiffe://x/a, b", DNS:c.example.com' } as X509Certificate;
  expect(subjectAltNames(quoted, 'URI')).toEqual(['spiffe://x/a, b']);
  expect(subjectAltNames(quoted, 'DNS')).toEqual(['a.example.com', 'c.example.com']);
});

test('the element: By, Hash, Cert, Subject, URI, DNS joined with ;', () => {
  const element = clientCertificateElement(client, gateway);
  const parts = element.split(';');
  expect(parts[0]).toBe('By=spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account');
  expect(parts[1]).toBe(`Hash=${CLIENT_CERT_SHA256}`);
  expect(parts[2]).toMatch(/^Cert="-----BEGIN%20CERTIFICATE-----%0A[A-Za-z0-9%]+-----END%20CERTIFICATE-----%0A"$/);
  expect(decodeURIComponent(parts[2].slice('Cert="'.length, -1))).toBe(CLIENT_CERT);
  expect(parts.slice(3)).toEqual([
    `Subject="${CLIENT_CERT_SUBJECT}"`, 'URI=spiffe://cluster.local/ns/a/sa/b', 'DNS=client.example.com', 'DNS=www.example.com',
  ]);
});

test('without a gateway certificate there is no By, and a client certificate without URI SAN gets an empty URI', () => {
  const element = clientCertificateElement(gateway);
  expect(element.startsWith('Hash=')).toBe(true);
  expect(element.endsWith(';Subject="CN=istio-ingressgateway";URI=spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'))
    .toBe(true);
  const noUri = clientCertificateElement({ ...gateway, raw: gateway.raw, toString: () => GATEWAY_CERT, subject: 'CN=x', subjectAltName: undefined } as X509Certificate);
  expect(noUri.endsWith(';Subject="CN=x";URI=')).toBe(true);
});
