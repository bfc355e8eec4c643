import { EXPIRED_CERT, KEY, NOT_YET_VALID_CERT, VALID_CERT } from './pem-fixtures';
import { findings, findingsOf, GATEWAY_WORKLOAD, gatewayWorkload } from './support';

const b64 = (s: string) => Buffer.from(s).toString('base64');

interface GatewayOptions {
  selector?: string;
  namespace?: string;
  port?: number;
  hosts?: string;
  tls?: string;
  bind?: string;
}

function gateway(name: string, options: GatewayOptions = {}): string {
  const port = options.port ?? 443;
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${options.namespace ?? 'istio-system'}}
spec:
  selector: ${options.selector ?? '{istio: ingressgateway}'}
  servers:
  - port: {number: ${port}, name: p${port}, protocol: ${options.tls ? 'HTTPS' : 'HTTP'}}
    hosts: ${options.hosts ?? '[shop.example.com]'}${options.bind ? `\n    bind: ${options.bind}` : ''}${options.tls ? `\n    tls: ${options.tls}` : ''}
`;
}

function secret(name: string, data: string, namespace = 'istio-system'): string {
  return `
---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${namespace}}
type: kubernetes.io/tls
${data}
`;
}

const TLS = '{mode: SIMPLE, credentialName: shop-cert}';
const tlsData = (cert: string) => `data: {tls.crt: ${b64(cert)}, tls.key: ${b64(KEY)}}`;

describe('IST0101 ReferencedResourceNotFound (selector)', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/gateway-no-workload.yaml.
  test('a selector matching the gateway pod template is fine', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + gateway('public', { port: 80 }))).toEqual([]);
  });

  test('a selector matching no pod is an error on the Gateway', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + gateway('public', { port: 80, selector: '{istio: egressgateway}' }))).toEqual([{
      code: 'IST0101',
      level: 'Error',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^Referenced selector not found: "istio=egressgateway" \(no pod or pod template/),
    }]);
  });

  test('a Gateway without the gateway Deployment is reported when the default ingress gateway is not assumed', () => {
    expect(findingsOf('IST0101', gateway('public', { port: 80 }), { assumeDefaultIngress: false })).toEqual([expect.objectContaining({
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(/^Referenced selector not found: "istio=ingressgateway" \(no pod or pod template in the manifests carries these labels; the default ingress gateway is not assumed in this analysis\)/),
    })]);
  });
});

/**
 * Without a cluster, istioctl analyze adds a default ingress gateway beside the files: a pod labelled istio: ingressgateway
 * and the Service istio-ingressgateway (TCP ports 80, 443, 31400, 15443, each its own targetPort), both in istio-system
 * (istio/istio pkg/config/analysis/local/defaults.go, added by IstiodAnalyzer.AddDefaultResources in
 * pkg/config/analysis/local/istiod_analyze.go). Istio's analyzer tests run every case with them: setupAnalyzerForCase in
 * pkg/config/analysis/analyzers/analyzers_test.go reads the case's files (AddTestReaderKubeSource) and then
 * AddDefaultResources, which is why gatewayCorrectPort (a bare Gateway selecting istio: ingressgateway) is clean while
 * gatewayNoWorkload (selector istio: ingresstypo) and gatewayBadPort (port 8004) are not.
 */
describe('the default ingress gateway assumed beside the manifests', () => {
  const DEFAULT_NOTE = /^selector istio=ingressgateway matches no pod of the manifests: the Gateway was checked against the default ingress gateway assumed installed, as istioctl analyze assumes for files \(pods labelled istio=ingressgateway in istio-system, Service istio-system\/istio-ingressgateway \(ports 80, 443, 31400, 15443\)\); if the cluster runs no such gateway, add the gateway workload to the manifests or analyze with --no-default-ingress$/;

  test('a Gateway selecting istio: ingressgateway needs no pods in the manifests, and an Info finding says why (gatewayCorrectPort)', () => {
    expect(findings(gateway('public', { port: 80 }))).toEqual([{
      code: 'CIG1012',
      level: 'Info',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(DEFAULT_NOTE),
    }]);
  });

  test('without the assumption the same Gateway has no note, only the IST0101', () => {
    expect(findings(gateway('public', { port: 80 }), { assumeDefaultIngress: false }).map((f) => f.code)).toEqual(['IST0101']);
  });

  test.each([
    ['{istio: ingresstypo}', 'istio=ingresstypo'],
    ['{istio: ingressgateway, app: istio-ingressgateway}', 'app=istio-ingressgateway,istio=ingressgateway'],
  ])('a selector the default pods do not satisfy, %s, is still reported (gatewayNoWorkload)', (selector, written) => {
    expect(findings(gateway('public', { port: 80, selector }))).toEqual([expect.objectContaining({
      code: 'IST0101',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(new RegExp(`^Referenced selector not found: "${written}" \\(no pod or pod template in the manifests carries these labels\\); `)),
    })]);
  });

  test('a gateway workload of other labels in the manifests does not stop the assumption: both Gateways have pods', () => {
    const internal = gatewayWorkload('[{name: http2, port: 80, targetPort: 80}]')
      .replace(/ingressgateway/g, 'internal-gateway');
    const found = findings(`${internal}${gateway('internal', { port: 80, selector: '{istio: internal-gateway}' })}${gateway('public', { port: 80 })}`);
    expect(found.filter((f) => f.code === 'IST0101')).toEqual([]);
    expect(found.filter((f) => f.code === 'CIG1012').map((f) => f.resource)).toEqual(['Gateway istio-system/public']);
  });

  test('a Gateway without selector applies to the assumed gateway too, and its note says so', () => {
    const internal = gatewayWorkload('[{name: http2, port: 80, targetPort: 80}]').replace(/ingressgateway/g, 'internal-gateway');
    const notes = (yaml: string) => findingsOf('CIG1012', yaml).map((f) => f.message.split(':')[0]);
    expect(notes(gateway('any', { port: 80, selector: '{}' }))).toEqual(['the Gateway has no selector and the manifests hold no pod']);
    expect(notes(internal + gateway('any', { port: 80, selector: '{}' }))).toEqual(['the Gateway has no selector, so it applies to every gateway workload']);
    expect(notes(GATEWAY_WORKLOAD + gateway('any', { port: 80, selector: '{}' }))).toEqual([]);
  });

  test('a gateway workload labelled istio: ingressgateway in the manifests replaces the assumption', () => {
    expect(findings(GATEWAY_WORKLOAD + gateway('public', { port: 80 }))).toEqual([]);
  });

  test('the Service istio-system/istio-ingressgateway in the manifests replaces it too, and the IST0101 says so', () => {
    const service = GATEWAY_WORKLOAD.slice(GATEWAY_WORKLOAD.indexOf('apiVersion: v1'));
    expect(findings(`${service}${gateway('public', { port: 80 })}`)).toEqual([expect.objectContaining({
      code: 'IST0101',
      resource: 'Gateway istio-system/public',
      message: expect.stringContaining('(no pod or pod template in the manifests carries these labels; the manifests define Service '
        + 'istio-system/istio-ingressgateway, so the default ingress gateway is not assumed)'),
    })]);
  });

  describe('IST0162 GatewayPortNotDefinedOnService against the assumed Service', () => {
    // gatewayBadPort (testdata/gateway-no-port.yaml): port 8004 on istio: ingressgateway is on no port of the default Service.
    test('a port the default Service does not expose is warned about, naming the assumed Service', () => {
      expect(findingsOf('IST0162', gateway('public', { port: 8080 }))).toEqual([{
        code: 'IST0162',
        level: 'Warning',
        resource: 'Gateway istio-system/public',
        message: 'server p8080 listens on port 8080, which no Service of the gateway pods (selector istio=ingressgateway) exposes, the assumed '
          + 'default ingress Service istio-system/istio-ingressgateway (ports 80, 443, 31400, 15443) included; traffic through the Service '
          + 'never reaches it: add the port to the gateway Service',
      }]);
    });

    test.each([80, 443, 31400, 15443])('port %d, which the default Service exposes, is fine', (port) => {
      expect(findingsOf('IST0162', gateway('public', { port }))).toEqual([]);
    });

    test('without the assumption there are no gateway pods, so no IST0162 (the IST0101 says it)', () => {
      expect(findingsOf('IST0162', gateway('public', { port: 8080 }), { assumeDefaultIngress: false })).toEqual([]);
    });

    // istioctl adds its Service beside a gateway the files define (AddDefaultResources applies it into the same file source),
    // and its ports then count for those pods too. Here the manifests' gateway replaces the assumption, so their Service's
    // ports are the only ones.
    test('a gateway workload of the manifests is checked against its own Service only', () => {
      const onlyHttp = gatewayWorkload('[{name: http2, port: 80, targetPort: 80}]');
      expect(findingsOf('IST0162', onlyHttp + gateway('public', { port: 443 }))).toEqual([expect.objectContaining({
        message: expect.stringMatching(/^server p443 listens on port 443, which no Service of the gateway pods \(selector istio=ingressgateway\) exposes; /),
      })]);
      expect(findingsOf('IST0162', onlyHttp + gateway('public', { port: 80 }))).toEqual([]);
    });
  });

  describe('credentialName Secrets are looked for in istio-system, the default pods\' namespace', () => {
    // gatewaySecret (testdata/gateway-secrets.yaml): defaultgateway-bogusCredentialName selects the default ingress pods and
    // names a Secret istio-system does not hold; defaultgateway-noerrors names one it holds.
    test('a Secret istio-system lacks is not found', () => {
      expect(findingsOf('IST0101', gateway('public', { tls: TLS }))).toEqual([expect.objectContaining({
        resource: 'Gateway istio-system/public',
        message: expect.stringMatching(/^Referenced credentialName not found: "shop-cert" \(no Secret istio-system\/shop-cert /),
      })]);
      expect(findingsOf('IST0101', gateway('public', { tls: TLS }))[0].reference)
        .toEqual({ variant: 'credentialName', written: 'shop-cert', kind: 'Secret', namespace: 'istio-system', name: 'shop-cert' });
    });

    test('a Secret in istio-system is found', () => {
      expect(findingsOf('IST0101', gateway('public', { tls: TLS }) + secret('shop-cert', tlsData(VALID_CERT)))).toEqual([]);
    });

    test('an expired certificate in it is an IST0161', () => {
      expect(findingsOf('IST0161', gateway('public', { tls: TLS }) + secret('shop-cert', tlsData(EXPIRED_CERT))).map((f) => f.resource))
        .toEqual(['Gateway istio-system/public']);
      expect(findingsOf('IST0161', gateway('public', { tls: TLS }) + secret('shop-cert', tlsData(EXPIRED_CERT)), { assumeDefaultIngress: false }))
        .toEqual([]);
    });
  });

  describe('IST0145 ConflictingGateways on the default pods', () => {
    // ConflictingGatewayAnalyzer (pkg/config/analysis/analyzers/gateway/conflictinggateway.go) compares selectors that contain
    // one another through the pods both match: a Gateway without selector and one selecting istio: ingressgateway share
    // the default pod.
    const pair = (hosts: string) => gateway('a', { port: 80 }) + gateway('b', { port: 80, hosts, selector: '{}' });

    test('a Gateway without selector and one for the default ingress, on one port and host, conflict', () => {
      expect(findingsOf('IST0145', pair('[shop.example.com]')).map((f) => f.resource)).toEqual(['Gateway istio-system/a', 'Gateway istio-system/b']);
    });

    test('with different hosts they do not', () => {
      expect(findingsOf('IST0145', pair('[api.example.com]'))).toEqual([]);
    });

    test('without the assumption they share no pod', () => {
      expect(findingsOf('IST0145', pair('[shop.example.com]'), { assumeDefaultIngress: false })).toEqual([]);
    });
  });
});

describe('IST0101 ReferencedResourceNotFound (credentialName)', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/gateway-secrets.yaml.
  test('a Secret in the gateway pods\' namespace is found', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + gateway('public', { tls: TLS }) + secret('shop-cert', tlsData(VALID_CERT)))).toEqual([]);
  });

  test('a cert-manager Certificate writing the Secret in the pods\' namespace counts as present', () => {
    const certificate = `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop, namespace: istio-system}
spec: {secretName: shop-cert, dnsNames: [shop.example.com], issuerRef: {name: letsencrypt, kind: ClusterIssuer}}
`;
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + gateway('public', { tls: TLS }) + certificate)).toEqual([]);
  });

  test('a Secret in the Gateway\'s namespace, not the pods\', is not found', () => {
    expect(findingsOf('IST0101', GATEWAY_WORKLOAD + gateway('public', { tls: TLS, namespace: 'apps' }) + secret('shop-cert', tlsData(VALID_CERT), 'apps')))
      .toEqual([{
        code: 'IST0101',
        level: 'Error',
        resource: 'Gateway apps/public',
        message: expect.stringMatching(/^Referenced credentialName not found: "shop-cert" \(no Secret istio-system\/shop-cert .*create the Secret in istio-system/),
      }]);
  });
});

describe('IST0161 InvalidGatewayCredential', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/gateway-secrets-validation.yaml.
  const expectInvalid = (data: string, pattern: RegExp) => {
    expect(findingsOf('IST0161', GATEWAY_WORKLOAD + gateway('public', { tls: TLS }) + secret('shop-cert', data))).toEqual([{
      code: 'IST0161',
      level: 'Error',
      resource: 'Gateway istio-system/public',
      message: expect.stringMatching(pattern),
    }]);
  };

  test.each([
    ['tls.crt/tls.key in data', tlsData(VALID_CERT)],
    ['cert/key in stringData', `stringData: {cert: ${JSON.stringify(VALID_CERT)}, key: ${JSON.stringify(KEY)}}`],
  ])('a current certificate with its key (%s) is fine', (_layout, data) => {
    expect(findingsOf('IST0161', GATEWAY_WORKLOAD + gateway('public', { tls: TLS }) + secret('shop-cert', data))).toEqual([]);
  });

  test('a Secret without a key pair is an error', () => {
    expectInvalid(`data: {tls.crt: ${b64(VALID_CERT)}, tls.key: ""}`, /^credentialName "shop-cert": Secret istio-system\/shop-cert holds no non-empty/);
  });

  test('an expired certificate is an error', () => {
    expectInvalid(tlsData(EXPIRED_CERT), /has a certificate that expired on 2001-01-01T00:00:00.000Z/);
  });

  test('a certificate that is not yet valid is an error', () => {
    expectInvalid(tlsData(NOT_YET_VALID_CERT), /has a certificate that is not valid before 2098-01-01T00:00:00.000Z/);
  });

  test('a certificate that is not PEM is an error', () => {
    expectInvalid(`stringData: {tls.crt: not-a-certificate, tls.key: ${JSON.stringify(KEY)}}`, /has a tls.crt that is not a PEM certificate/);
  });
});

describe('IST0145 ConflictingGateways', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/conflicting-gateways.yaml and conflicting-gateways-no-conflict.yaml.
  test('two Gateways on the same pods and port with different hosts are fine', () => {
    expect(findingsOf('IST0145', GATEWAY_WORKLOAD + gateway('a', { port: 80 }) + gateway('b', { port: 80, hosts: '[api.example.com]' }))).toEqual([]);
  });

  test('different bind addresses do not conflict', () => {
    expect(findingsOf('IST0145', GATEWAY_WORKLOAD + gateway('a', { port: 80 }) + gateway('b', { port: 80, bind: '10.0.0.1' }))).toEqual([]);
  });

  test('two Gateways on the same pods, port and host conflict, each reported', () => {
    const found = findingsOf('IST0145', GATEWAY_WORKLOAD + gateway('a', { port: 80 }) + gateway('b', { port: 80, selector: '{istio: ingressgateway, app: x}' })
      .replace('app: x', 'sidecar.istio.io/inject: "true"'));
    expect(found).toEqual([
      {
        code: 'IST0145',
        level: 'Error',
        resource: 'Gateway istio-system/a',
        message: expect.stringMatching(/^server on port 80 shares host\(s\) shop.example.com with Gateway istio-system\/b on the same gateway pods/),
      },
      expect.objectContaining({ resource: 'Gateway istio-system/b', message: expect.stringMatching(/with Gateway istio-system\/a/) }),
    ]);
  });
  test('two Gateways whose different labels select the same pods conflict', () => {
    // istioctl compares pods only when one selector's labels hold the other's (ConflictingGatewayAnalyzer in
    // pkg/config/analysis/analyzers/gateway/conflictinggateway.go): it misses this pair, which istiod merges on the
    // same pods all the same. We report it (README, "Where the analyzer differs from istioctl").
    const pods = GATEWAY_WORKLOAD.replace('labels: {istio: ingressgateway,', 'labels: {istio: ingressgateway, edge: public,');
    const pair = gateway('a', { port: 80 }) + gateway('b', { port: 80, selector: '{edge: public}' });
    expect(findingsOf('IST0145', pods + pair).map((f) => f.resource)).toEqual(['Gateway istio-system/a', 'Gateway istio-system/b']);
    expect(findingsOf('IST0145', GATEWAY_WORKLOAD + pair)).toEqual([]);
  });
});

describe('IST0138 GatewayDuplicateCertificate', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/gateway-duplicate-certificate.yaml.
  const otherTls = '{mode: SIMPLE, credentialName: api-cert}';
  const secrets = secret('shop-cert', tlsData(VALID_CERT)) + secret('api-cert', tlsData(VALID_CERT));

  test('Gateways with distinct certificates are fine', () => {
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS }) + gateway('b', { tls: otherTls, hosts: '[api.example.com]' })))
      .toEqual([]);
  });

  // Which Gateway is reported: istio/istio pkg/config/analysis/analyzers/gateway/certificate.go analyzeDuplicateCertificate
  // reports a Gateway for each other Gateway (any namespace) whose selector holds all of its own labels
  // (getGatewaysWithSelector, selectorSubset). Cases after analyzers_test.go "certificate duplication in Gateway".
  test('two Gateways with equal selectors and one credentialName are warned about, each', () => {
    const found = findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS }) + gateway('b', { tls: TLS, hosts: '[api.example.com]' }));
    expect(found).toEqual([
      {
        code: 'IST0138',
        level: 'Warning',
        resource: 'Gateway istio-system/a',
        message: expect.stringMatching(/^uses credentialName "shop-cert" as Gateway istio-system\/b does, and its selector istio=ingressgateway picks every pod/),
      },
      expect.objectContaining({ resource: 'Gateway istio-system/b', message: expect.stringMatching(/as Gateway istio-system\/a does/) }),
    ]);
  });

  test('only the Gateway with the broader selector is warned about, in any namespace', () => {
    const internal = '{istio: ingressgateway, type: internal}';
    const narrow = gateway('internal', { tls: TLS, hosts: '[api.example.com]', selector: internal });
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS }) + narrow)).toEqual([
      expect.objectContaining({
        resource: 'Gateway istio-system/a',
        message: expect.stringMatching(/as Gateway istio-system\/internal does, and its selector istio=ingressgateway picks every pod that Gateway's istio=ingressgateway,type=internal picks/),
      }),
    ]);
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS, namespace: 'shop' }) + narrow).map((f) => f.resource))
      .toEqual(['Gateway shop/a']);
  });

  test('a broad Gateway is warned about once for each narrower one, and narrower ones with equal selectors about each other', () => {
    const internal = '{istio: ingressgateway, type: internal}';
    const found = findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS })
      + gateway('b', { tls: TLS, hosts: '[b.example.com]', selector: internal }) + gateway('c', { tls: TLS, hosts: '[c.example.com]', selector: internal }));
    expect(found.map((f) => `${f.resource}: ${/as Gateway (\S+)/.exec(f.message)?.[1]}`)).toEqual([
      'Gateway istio-system/a: istio-system/b',
      'Gateway istio-system/a: istio-system/c',
      'Gateway istio-system/b: istio-system/c',
      'Gateway istio-system/c: istio-system/b',
    ]);
  });

  test('Gateways whose selectors are not within one another are not compared, even on the same pods', () => {
    const other = gateway('b', { tls: TLS, hosts: '[api.example.com]', selector: '{sidecar.istio.io/inject: "true"}' });
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS }) + other)).toEqual([]);
  });

  test('the same certificate files are a duplicate too', () => {
    const files = '{mode: SIMPLE, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/tls.key}';
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + gateway('a', { tls: files }) + gateway('b', { tls: files, hosts: '[api.example.com]' }))[0].message)
      .toMatch(/^uses certificate file \/etc\/certs\/tls.crt with key \/etc\/certs\/tls.key as Gateway/);
    const otherKey = '{mode: SIMPLE, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/other.key}';
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + gateway('a', { tls: files }) + gateway('b', { tls: otherKey, hosts: '[api.example.com]' }))).toEqual([]);
  });

  test('the TLS mode is not read: a passthrough server naming the credential counts', () => {
    const passthrough = '{mode: PASSTHROUGH, credentialName: shop-cert}';
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS }) + gateway('b', { tls: passthrough, hosts: '[api.example.com]' })))
      .toHaveLength(2);
    expect(findingsOf('IST0138', GATEWAY_WORKLOAD + secrets + gateway('a', { tls: TLS }) + gateway('b', { tls: '{mode: PASSTHROUGH}', hosts: '[api.example.com]' })))
      .toEqual([]);
  });
});
