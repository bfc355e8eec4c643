/**
 * Test certificates (EC P-256, self-signed with openssl req -x509, valid until 2126) for x-forwarded-client-cert.
 */

/** A client certificate: subject C=US, ST=CA, O="Acme, Inc." and the multi-valued OU=Edge + CN=client.example.com; one URI and two DNS SANs. */
export const CLIENT_CERT = `-----BEGIN CERTIFICATE-----
MIICXTCCAgOgAwIBAgIUKk7POKduxurHnWcpvOs3AqYruEowCgYIKoZIzj0EAwIw
WTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAkNBMRMwEQYDVQQKDApBY21lLCBJbmMu
MSgwCwYDVQQLDARFZGdlMBkGA1UEAwwSY2xpZW50LmV4YW1wbGUuY29tMCAXDTI2
MTIwMjExNDIzMloYDzIxMjYxMTA4MTE0MjMyWjBZMQswCQYDVQQGEwJVUzELMAkG
A1UECAwCQ0ExEzARBgNVBAoMCkFjbWUsIEluYy4xKDALBgNVBAsMBEVkZ2UwGQYD
VQQDDBJjbGllbnQuZXhhbXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AARp+qrlE1l8si86jwToc0V1Tb9pK7nIGAUeMedmwoDURApWlrWjzs1Q8mHp2pIT
6wPFo5jxu1g5gT4+E4I6bDtqo4GmMIGjMB0GA1UdDgQWBBRJRNULYyO3a2m27bIF
CZjLGWMZyTAfBgNVHSMEGDAWgBRJRNULYyO3a2m27bIFCZjLGWMZyTAPBgNVHRMB
Af8EBTADAQH/MFAGA1UdEQRJMEeGIHNwaWZmZTovL2NsdXN0ZXIubG9jYWwvbnMv
YS9zYS9ighJjbGllbnQuZXhhbXBsZS5jb22CD3d3dy5leGFtcGxlLmNvbTAKBggq
hkjOPQQDAgNIADBFAiEAqGVTd5nTqkWA1NdjMz2vgBSDFXc7iNjen7M97qJijf0C
IDZYGOmocXD7sHMo+aVieuFe8S5GsyRY9cEvuJ7F7ZfT
-----END CERTIFICATE-----
`;

/** The client certificate's SHA-256 digest in hex (openssl x509 -fingerprint -sha256). */
export const CLIENT_CERT_SHA256 = 'efa622a90568d8576491877ef36b59df9ab9f44813484793f0e43789ce6074e7';

/** The client certificate's subject as openssl x509 -nameopt RFC2253 prints it. */
export const CLIENT_CERT_SUBJECT = 'CN=client.example.com+OU=Edge,O=Acme\\, Inc.,ST=CA,C=US';

/** A gateway certificate: CN=istio-ingressgateway, URI SAN spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account. */
export const GATEWAY_CERT = `-----BEGIN CERTIFICATE-----
MIIB8TCCAZigAwIBAgIUeXA9CY9hfZHdSYkjdDcZ6Wxj7OswCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUaXN0aW8taW5ncmVzc2dhdGV3YXkwIBcNMjYxMjAyMTE0MjQy
WhgPMjEyNjExMDgxMTQyNDJaMB8xHTAbBgNVBAMMFGlzdGlvLWluZ3Jlc3NnYXRl
d2F5MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8M9DXQeDUOhOTuBV9/3LtrSY
upgPPyrxSPgXwctgv6xZtSvQFNz6xNChrHzH0J4UNdVHzjXHo5UYwmGpEP9V0KOB
rzCBrDAdBgNVHQ4EFgQUBInERk5ZnFTaRGQsWVzvLpsl0oEwHwYDVR0jBBgwFoAU
BInERk5ZnFTaRGQsWVzvLpsl0oEwDwYDVR0TAQH/BAUwAwEB/zBZBgNVHREEUjBQ
hk5zcGlmZmU6Ly9jbHVzdGVyLmxvY2FsL25zL2lzdGlvLXN5c3RlbS9zYS9pc3Rp
by1pbmdyZXNzZ2F0ZXdheS1zZXJ2aWNlLWFjY291bnQwCgYIKoZIzj0EAwIDRwAw
RAIgZuv48yerRgLYT9MfgSI8U/DMjpIuoB6AHUBuuh/bGzECIBWSnwQZ6pWR2fy3
wbIPh76E+c1qyOqFAa63IyEX6MgR
-----END CERTIFICATE-----
`;
