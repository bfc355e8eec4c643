import { findingsOf, GATEWAY_WORKLOAD } from './support';

function gateway(name: string, servers: string, created = '2024-01-01T00:00:00Z'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system, creationTimestamp: '${created}'}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
`;
}

function virtualService(name: string, body: string, hosts = '[shop.example.com]', created = '2024-01-01T00:00:00Z'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: apps, creationTimestamp: '${created}'}
spec:
  hosts: ${hosts}
  gateways: [istio-system/public]
${body}
`;
}

const TERMINATED = (tls: string) => gateway('public', `  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: ['shop.example.com'], tls: ${tls}}`);

describe('CIG1001 ServerDroppedByPortConflict', () => {
  // Reference §b.2: "HTTP first, then HTTPS" drops the HTTPS server; HTTPS first keeps both.
  const http = gateway('plain', '  - {port: {number: 443, name: http, protocol: HTTP}, hosts: [\'*\']}', '2024-01-01T00:00:00Z');
  const https = (created: string) => gateway('secure', '  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [shop.example.com], '
    + 'tls: {mode: SIMPLE, credentialName: shop-cert}}', created);

  test('an HTTPS server merged before a plaintext one on the same port is kept', () => {
    expect(findingsOf('CIG1001', GATEWAY_WORKLOAD + http + https('2023-12-31T00:00:00Z'))).toEqual([]);
  });

  test('an HTTPS server merged after a plaintext one on the same port is dropped', () => {
    expect(findingsOf('CIG1001', GATEWAY_WORKLOAD + http + https('2024-01-02T00:00:00Z'))).toEqual([{
      code: 'CIG1001',
      level: 'Error',
      resource: 'Gateway istio-system/secure',
      message: expect.stringMatching(/^server https \(HTTPS SIMPLE\) of Gateway istio-system\/secure dropped: the plaintext server http .* on port 443/),
    }]);
  });
});

describe('CIG1002 TcpVirtualServiceShadowed', () => {
  // Reference §f.1: two VirtualServices with tcp rules on the same gateway port, the older wins.
  const tcpGateway = gateway('public', '  - {port: {number: 5432, name: tcp-db, protocol: TCP}, hosts: [\'*\']}');
  const tcp = (name: string, created: string, match = '') => virtualService(name, `  tcp: [{${match}route: [{destination: {host: ${name}}}]}]`,
    `[${name}.example.com]`, created);

  test('one TCP VirtualService per port is fine', () => {
    expect(findingsOf('CIG1002', GATEWAY_WORKLOAD + tcpGateway + tcp('postgres', '2024-01-01T00:00:00Z')
      + tcp('mysql', '2024-01-02T00:00:00Z', 'match: [{port: 3306}], '))).toEqual([]);
  });

  test('a second TCP VirtualService on the same port is shadowed by the older one', () => {
    expect(findingsOf('CIG1002', GATEWAY_WORKLOAD + tcpGateway + tcp('postgres', '2024-01-01T00:00:00Z') + tcp('mysql', '2024-01-02T00:00:00Z'))).toEqual([{
      code: 'CIG1002',
      level: 'Warning',
      resource: 'VirtualService apps/mysql',
      message: expect.stringMatching(/^its tcp rules never apply to server tcp-db \(TCP\) of Gateway istio-system\/public on port 5432: .*VirtualService apps\/postgres/),
    }]);
  });
});

describe('CIG1003 TlsModeMissing', () => {
  // Reference §b.1: mode defaults to PASSTHROUGH, so a credentialName without mode is ignored.
  test('a credentialName with mode SIMPLE is fine', () => {
    expect(findingsOf('CIG1003', GATEWAY_WORKLOAD + TERMINATED('{mode: SIMPLE, credentialName: shop-cert}'))).toEqual([]);
  });

  test('a credentialName without mode makes a passthrough server', () => {
    expect(findingsOf('CIG1003', GATEWAY_WORKLOAD + TERMINATED('{credentialName: shop-cert}'))).toEqual([{
      code: 'CIG1003',
      level: 'Error',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^server https \(HTTPS\) sets credentialName but no tls\.mode, so it is a PASSTHROUGH server/),
    }]);
  });
});

describe('CIG1004 ShortVirtualServiceHostOnGateway', () => {
  // Reference §c.3: short VirtualService hosts are resolved to name.namespace.svc.cluster.local.
  const plain = gateway('public', '  - {port: {number: 80, name: http, protocol: HTTP}, hosts: [\'*\']}');
  const body = '  http: [{route: [{destination: {host: shop}}]}]';

  test('a fully qualified host is fine', () => {
    expect(findingsOf('CIG1004', GATEWAY_WORKLOAD + plain + virtualService('shop', body, '[shop.example.com]'))).toEqual([]);
  });

  test('a short host on a gateway-bound VirtualService is a warning', () => {
    expect(findingsOf('CIG1004', GATEWAY_WORKLOAD + plain + virtualService('shop', body, '[shop]'))).toEqual([{
      code: 'CIG1004',
      level: 'Warning',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^host 'shop' has no dot, so Istio reads it as shop\.apps\.svc\.cluster\.local/),
    }]);
  });
});

describe('CIG1009 ServerCertificateMissing', () => {
  // Reference §b.6/§b.7: SIMPLE/MUTUAL need a certificate source; ISTIO_MUTUAL uses the workload certificate.
  test('SIMPLE with a credentialName, and ISTIO_MUTUAL without one, are fine', () => {
    expect(findingsOf('CIG1009', GATEWAY_WORKLOAD + TERMINATED('{mode: SIMPLE, credentialName: shop-cert}'))).toEqual([]);
    expect(findingsOf('CIG1009', GATEWAY_WORKLOAD + TERMINATED('{mode: ISTIO_MUTUAL}'))).toEqual([]);
  });

  test('SIMPLE without certificate material is an error', () => {
    expect(findingsOf('CIG1009', GATEWAY_WORKLOAD + TERMINATED('{mode: SIMPLE}'))).toEqual([{
      code: 'CIG1009',
      level: 'Error',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^server https \(HTTPS SIMPLE\) terminates TLS but names no certificate/),
    }]);
  });
});

describe('CIG1010 PassthroughWithoutTlsRoute', () => {
  // Reference §f.3: a passthrough server gets one chain per applicable tls match.
  const passthrough = gateway('public', '  - {port: {number: 443, name: tls, protocol: TLS}, hosts: [\'shop.example.com\'], tls: {mode: PASSTHROUGH}}');

  test('a passthrough server with a tls route is fine', () => {
    expect(findingsOf('CIG1010', GATEWAY_WORKLOAD + passthrough
      + virtualService('shop', '  tls: [{match: [{sniHosts: [shop.example.com]}], route: [{destination: {host: shop}}]}]'))).toEqual([]);
  });

  test('a passthrough server bound only by http rules gets no chain', () => {
    expect(findingsOf('CIG1010', GATEWAY_WORKLOAD + passthrough + virtualService('shop', '  http: [{route: [{destination: {host: shop}}]}]'))).toEqual([{
      code: 'CIG1010',
      level: 'Warning',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^server tls \(TLS PASSTHROUGH\) has no applicable tls rule/),
    }]);
  });
});

describe('CIG1011 ClientCaMissing', () => {
  // Reference §b.7: with a credentialName the CA may come from the Secret (ca.crt or <name>-cacert).
  test('MUTUAL with a credentialName, or with caCertificates, is fine', () => {
    expect(findingsOf('CIG1011', GATEWAY_WORKLOAD + TERMINATED('{mode: MUTUAL, credentialName: shop-cert}'))).toEqual([]);
    expect(findingsOf('CIG1011', GATEWAY_WORKLOAD + TERMINATED('{mode: MUTUAL, serverCertificate: /c/tls.crt, privateKey: /c/tls.key, caCertificates: /c/ca.crt}')))
      .toEqual([]);
  });

  test('MUTUAL with certificate files but no CA is an error', () => {
    expect(findingsOf('CIG1011', GATEWAY_WORKLOAD + TERMINATED('{mode: OPTIONAL_MUTUAL, serverCertificate: /c/tls.crt, privateKey: /c/tls.key}'))).toEqual([{
      code: 'CIG1011',
      level: 'Error',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^server https \(HTTPS OPTIONAL_MUTUAL\) has no client CA/),
    }]);
  });
});
