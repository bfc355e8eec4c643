/**
 * The security analyzers: CIG1014 GatewaySecretsInControlPlaneNamespace, CIG1015 WeakGatewayTls, CIG1016
 * SidecarTemplateOnGateway, CIG1017 AutoPassthroughOpenToAllHosts and CIG1018 ClientCaFromServerIssuer. Each fires on
 * its case and stays silent on the near miss.
 */
import { findingsOf } from './support';

interface Workload {
  /** Namespace of the gateway Deployment and its Service; default istio-system. */
  readonly namespace?: string;
  /** `serviceAccountName` of the pod template, if any. */
  readonly serviceAccount?: string;
  /** Extra pod template annotations (YAML flow mapping entries). */
  readonly annotations?: string;
  /** The Service type; default ClusterIP. */
  readonly serviceType?: string;
  /** The Service ports, a YAML flow list. */
  readonly ports?: string;
}

/** A gateway Deployment (pods labelled istio: ingressgateway) and its Service. */
function workload({
  namespace = 'istio-system', serviceAccount, annotations = 'inject.istio.io/templates: gateway', serviceType = 'ClusterIP',
  ports = '[{name: https, port: 443, targetPort: 443}]',
}: Workload = {}): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: ${namespace}}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata:
      labels: {istio: ingressgateway, sidecar.istio.io/inject: "true"}
      annotations: {${annotations}}
    spec:${serviceAccount === undefined ? '' : `\n      serviceAccountName: ${serviceAccount}`}
      containers: [{name: istio-proxy, image: auto}]
---
apiVersion: v1
kind: Service
metadata: {name: ingress, namespace: ${namespace}}
spec:
  type: ${serviceType}
  selector: {istio: ingressgateway}
  ports: ${ports}
`;
}

/** The Gateway `NAMESPACE/public` selecting the gateway pods, with `servers` (YAML block list entries). */
function gateway(servers: string, namespace = 'istio-system'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: ${namespace}}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
`;
}

/** An HTTPS server on 443 for any host with the `tls` block given as a YAML flow mapping. */
const https = (tls: string): string => `  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: ['*.example.com'], tls: ${tls}}`;

const FILES_SERVER = https('{mode: SIMPLE, serverCertificate: /etc/certs/tls.crt, privateKey: /etc/certs/tls.key}');

describe('CIG1014 GatewaySecretsInControlPlaneNamespace', () => {
  /** A Role of `rules` and its RoleBinding to `subject`, in `namespace`. */
  const role = (rules: string, subject = '{kind: ServiceAccount, name: ingress}', namespace = 'istio-system'): string => `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: secret-reader, namespace: ${namespace}}
rules: ${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: secret-reader, namespace: ${namespace}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
subjects: [${subject}]
`;
  const SECRETS_LIST = '[{apiGroups: [""], resources: [secrets], verbs: [list]}]';
  const found = (yaml: string) => findingsOf('CIG1014', yaml);

  test('a gateway in istio-system whose ServiceAccount a Role lets list Secrets is a warning on its Deployment', () => {
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER) + role(SECRETS_LIST))).toEqual([{
      code: 'CIG1014',
      level: 'Warning',
      resource: 'Deployment istio-system/ingress',
      message: 'the gateway runs in istio-system, the control plane\'s namespace, and can read its Secrets: RoleBinding istio-system/secret-reader '
        + 'grants ServiceAccount istio-system/ingress list on its Secrets (Role istio-system/secret-reader). istiod keeps its CA key there '
        + '(istio-ca-secret, or cacerts), so whoever takes over this internet-facing pod could sign certificates for any workload of the mesh: '
        + 'run the gateway in a namespace of its own (e.g. istio-ingress)',
    }]);
  });

  test('the same gateway in istio-ingress is fine', () => {
    expect(found(workload({ namespace: 'istio-ingress', serviceAccount: 'ingress' }) + gateway(FILES_SERVER, 'istio-ingress')
      + role(SECRETS_LIST, undefined, 'istio-ingress'))).toEqual([]);
  });

  test('a Role on configmaps, a Role bound to another ServiceAccount, and a Role in another namespace grant nothing', () => {
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER)
      + role('[{apiGroups: [""], resources: [configmaps], verbs: [get, list, watch]}]'))).toEqual([]);
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER) + role(SECRETS_LIST, '{kind: ServiceAccount, name: istiod}'))).toEqual([]);
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER) + role(SECRETS_LIST, '{kind: ServiceAccount, name: ingress, namespace: istio-system}', 'apps')))
      .toEqual([]);
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER)
      + role('[{apiGroups: [apps], resources: [secrets], verbs: [get]}, {apiGroups: [""], resources: [secrets], verbs: [create, delete]}]'))).toEqual([]);
  });

  test('without serviceAccountName the pods run as ServiceAccount default', () => {
    expect(found(workload() + gateway(FILES_SERVER) + role(SECRETS_LIST, '{kind: ServiceAccount, name: default}')).map((f) => f.message))
      .toEqual([expect.stringContaining('grants ServiceAccount istio-system/default list on its Secrets')]);
    expect(found(workload() + gateway(FILES_SERVER) + role(SECRETS_LIST))).toEqual([]);
  });

  test('a ClusterRoleBinding to a ClusterRole with * on every resource counts, and so does the service-accounts group', () => {
    const clusterRole = `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everything}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}
subjects: [{kind: Group, name: 'system:serviceaccounts:istio-system'}]
`;
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER) + clusterRole).map((f) => f.message))
      .toEqual([expect.stringContaining('ClusterRoleBinding everything grants ServiceAccount istio-system/ingress * on its Secrets (ClusterRole everything)')]);
  });

  test('a rule limited to resourceNames counts only when it names istiod\'s CA Secret', () => {
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER)
      + role('[{apiGroups: [""], resources: [secrets], resourceNames: [shop-cert], verbs: [get]}]'))).toEqual([]);
    expect(found(workload({ serviceAccount: 'ingress' }) + gateway(FILES_SERVER)
      + role('[{apiGroups: [""], resources: [secrets], resourceNames: [cacerts], verbs: [get, watch]}]')).map((f) => f.message))
      .toEqual([expect.stringContaining('grants ServiceAccount istio-system/ingress get, watch on its Secrets')]);
  });

  test('a Gateway serving credentialName certificates to a gateway in istio-system is a warning even without a Role in the manifests', () => {
    // istiod sends credentialName Secrets only to a gateway allowed to list the Secrets of its namespace
    // (istio/istio pilot/pkg/credentials/kube/secrets.go, CredentialsController.Authorize).
    expect(found(workload() + gateway(https('{mode: SIMPLE, credentialName: shop-cert}'))).map((f) => f.message)).toEqual([
      expect.stringContaining('can read its Secrets: Gateway istio-system/public serves Secret certificates (server https), which istiod sends only '
        + 'to a gateway allowed to list the Secrets of its namespace.'),
    ]);
  });

  test('certificate files, as the article example mounts them, and no Role are fine', () => {
    expect(found(workload() + gateway(FILES_SERVER))).toEqual([]);
  });

  test('the default ingress gateway assumed installed is not judged', () => {
    expect(found(gateway(https('{mode: SIMPLE, credentialName: shop-cert}')))).toEqual([]);
  });
});

describe('CIG1015 WeakGatewayTls', () => {
  const found = (tls: string) => findingsOf('CIG1015', workload() + gateway(https(tls)));

  test('TLSV1_0 as the minimum is a warning on the Gateway', () => {
    expect(found('{mode: SIMPLE, credentialName: c, minProtocolVersion: TLSV1_0, cipherSuites: [ECDHE-RSA-AES128-SHA]}')).toEqual([{
      code: 'CIG1015',
      level: 'Warning',
      resource: 'Gateway istio-system/public',
      message: 'server https (HTTPS SIMPLE) accepts weak TLS: minProtocolVersion TLSV1_0 lets clients use TLS 1.0, which RFC 8996 deprecates. '
        + 'Use minProtocolVersion TLSV1_2 or later and ECDHE cipher suites only (or leave cipherSuites out)',
    }]);
  });

  test('TLSV1_1 as the maximum is a warning', () => {
    expect(found('{mode: MUTUAL, credentialName: c, maxProtocolVersion: TLSV1_1}').map((f) => f.message))
      .toEqual([expect.stringContaining('accepts weak TLS: maxProtocolVersion TLSV1_1 lets clients use TLS 1.1')]);
  });

  test('accepted suites without forward secrecy and 3DES are named, each with why', () => {
    expect(found('{mode: SIMPLE, credentialName: c, cipherSuites: [ECDHE-RSA-AES128-GCM-SHA256, AES128-GCM-SHA256, DES-CBC3-SHA]}')
      .map((f) => f.message)).toEqual([
      'server https (HTTPS SIMPLE) accepts weak TLS: cipher suite AES128-GCM-SHA256: no forward secrecy (static RSA key exchange); '
        + 'cipher suite DES-CBC3-SHA: 3DES, whose 64-bit blocks the Sweet32 attack (CVE-2016-2183) exploits; no forward secrecy (static RSA key exchange). '
        + 'Use minProtocolVersion TLSV1_2 or later and ECDHE cipher suites only (or leave cipherSuites out)',
    ]);
  });

  test('TLSV1_2 with ECDHE suites, and no TLS options at all, are fine', () => {
    expect(found('{mode: SIMPLE, credentialName: c, minProtocolVersion: TLSV1_2, cipherSuites: [ECDHE-ECDSA-AES256-GCM-SHA384, ECDHE-RSA-CHACHA20-POLY1305]}'))
      .toEqual([]);
    expect(found('{mode: SIMPLE, credentialName: c}')).toEqual([]);
  });

  test('suites istiod ignores are IST0133\'s, not weak TLS', () => {
    expect(found('{mode: SIMPLE, credentialName: c, cipherSuites: [RC4-SHA, ECDHE-RSA-AES128-GCM-SHA256]}')).toEqual([]);
  });

  test('suites under a TLSV1_3 minimum are never negotiated', () => {
    expect(found('{mode: SIMPLE, credentialName: c, minProtocolVersion: TLSV1_3, cipherSuites: [AES128-SHA]}')).toEqual([]);
  });

  test('passthrough and ISTIO_MUTUAL servers are not judged: istiod applies the TLS options of SIMPLE and MUTUAL servers only', () => {
    // istio/istio pilot/pkg/networking/core/listener.go, BuildListenerTLSContext: applyServerTLSSettings only when isSimpleOrMutual.
    expect(found('{mode: ISTIO_MUTUAL, minProtocolVersion: TLSV1_0, cipherSuites: [AES128-SHA]}')).toEqual([]);
    expect(findingsOf('CIG1015', workload() + gateway("  - {port: {number: 443, name: tls, protocol: TLS}, hosts: ['*.example.com'], "
      + 'tls: {mode: PASSTHROUGH, minProtocolVersion: TLSV1_0}}'))).toEqual([]);
  });
});

describe('CIG1016 SidecarTemplateOnGateway', () => {
  // istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml adds istio-init (root, NET_ADMIN,
  // NET_RAW); gateway-injection-template.yaml adds the proxy container only.
  const found = (annotations: string, servers = FILES_SERVER) => findingsOf('CIG1016', workload({ annotations }) + gateway(servers));

  test('inject.istio.io/templates sidecar is a warning on the gateway Deployment', () => {
    expect(found('inject.istio.io/templates: sidecar')).toEqual([{
      code: 'CIG1016',
      level: 'Warning',
      resource: 'Deployment istio-system/ingress',
      message: 'the gateway\'s pods ask for injection template sidecar (inject.istio.io/templates: "sidecar"), which adds the init container '
        + 'istio-init, run as root with NET_ADMIN and NET_RAW to set up traffic redirection that a gateway does not use: annotate the pod '
        + 'template inject.istio.io/templates: gateway, alone',
    }]);
  });

  test('sidecar among other templates is a warning too', () => {
    expect(found("inject.istio.io/templates: 'gateway, sidecar'").map((f) => f.message)).toEqual([expect.stringContaining('"gateway, sidecar"')]);
  });

  test('template gateway alone, no annotation, or injection turned off are fine', () => {
    expect(found('inject.istio.io/templates: gateway')).toEqual([]);
    expect(found('')).toEqual([]);
    expect(found('inject.istio.io/templates: sidecar, sidecar.istio.io/inject: "false"')).toEqual([]);
  });

  test('pods no Gateway selects are not gateways', () => {
    expect(findingsOf('CIG1016', workload({ annotations: 'inject.istio.io/templates: sidecar' }))).toEqual([]);
  });

  test('a bare gateway Pod is judged too', () => {
    const pod = `
---
apiVersion: v1
kind: Pod
metadata: {name: edge, namespace: istio-ingress, labels: {istio: edge}, annotations: {inject.istio.io/templates: sidecar}}
spec: {containers: [{name: istio-proxy, image: auto}]}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-ingress}
spec:
  selector: {istio: edge}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
`;
    expect(findingsOf('CIG1016', pod).map((f) => f.resource)).toEqual(['Pod istio-ingress/edge']);
  });
});

describe('CIG1017 AutoPassthroughOpenToAllHosts', () => {
  // istio/istio pilot/pkg/networking/core/gateway.go, builtAutoPassthroughFilterChains, and cluster.go,
  // buildOutboundSniDnatClusters: an AUTO_PASSTHROUGH server forwards by SNI to every mesh service, no VirtualService consulted.
  const autoPassthrough = (hosts: string) => `  - {port: {number: 15443, name: tls, protocol: TLS}, hosts: ${hosts}, tls: {mode: AUTO_PASSTHROUGH}}`;
  const exposed = (serviceType: string, port = 15443) => workload({ serviceType, ports: `[{name: tls, port: ${port}, targetPort: ${port}}]` });

  test('host * behind a NodePort Service is a warning on the Gateway', () => {
    expect(findingsOf('CIG1017', exposed('NodePort') + gateway(autoPassthrough("['*']")))).toEqual([{
      code: 'CIG1017',
      level: 'Warning',
      resource: 'Gateway istio-system/public',
      message: 'server tls (TLS AUTO_PASSTHROUGH) admits host \'*\' and its pods are exposed on port 15443 by Service istio-system/ingress (NodePort): '
        + 'anyone who reaches that port can connect to any mesh service the hosts admit by naming it in SNI, with no VirtualService in between; '
        + 'list only the hosts meant to be reachable, or keep the Service ClusterIP',
    }]);
  });

  test.each(["['*/*']", "['./*']", "[apps/shop.example.com, '*']"])('hosts %s behind a LoadBalancer Service are a warning', (hosts) => {
    expect(findingsOf('CIG1017', exposed('LoadBalancer') + gateway(autoPassthrough(hosts)))).toHaveLength(1);
  });

  test('explicit hosts, a ClusterIP Service, or a Service that does not expose the port are fine', () => {
    expect(findingsOf('CIG1017', exposed('NodePort') + gateway(autoPassthrough("['*.mesh.example.com', apps/db.example.com]")))).toEqual([]);
    expect(findingsOf('CIG1017', exposed('ClusterIP') + gateway(autoPassthrough("['*']")))).toEqual([]);
    expect(findingsOf('CIG1017', exposed('LoadBalancer', 443) + gateway(autoPassthrough("['*']")))).toEqual([]);
  });

  test('a PASSTHROUGH server for every host is routed by VirtualServices, and is fine', () => {
    expect(findingsOf('CIG1017', exposed('NodePort')
      + gateway("  - {port: {number: 15443, name: tls, protocol: TLS}, hosts: ['*'], tls: {mode: PASSTHROUGH}}"))).toEqual([]);
  });
});

describe('CIG1018 ClientCaFromServerIssuer', () => {
  // istio/istio pilot/pkg/security/model/authentication.go, ApplyCredentialSDSToServerCommonTLSContext: without
  // caCertCredentialName the client CA is <credentialName>-cacert, the ca.crt of the same Secret.
  const certificate = (secretName: string) => `
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop, namespace: istio-system}
spec:
  secretName: ${secretName}
  dnsNames: [shop.example.com]
  issuerRef: {name: internal-ca, kind: ClusterIssuer}
`;
  const found = (tls: string, secretName = 'shop-cert') => findingsOf('CIG1018', workload() + gateway(https(tls)) + certificate(secretName));

  test('a MUTUAL server whose credential Secret a Certificate writes is a warning naming the issuer', () => {
    expect(found('{mode: MUTUAL, credentialName: shop-cert}')).toEqual([{
      code: 'CIG1018',
      level: 'Warning',
      resource: 'Gateway istio-system/public',
      message: 'server https (HTTPS MUTUAL) verifies client certificates against the ca.crt of Secret istio-system/shop-cert, its own server '
        + 'certificate\'s, which cert-manager Certificate istio-system/shop writes with the CA of its issuer (ClusterIssuer internal-ca): any '
        + 'certificate that issuer signs is an accepted client certificate; name a Secret holding only the clients\' CA in caCertCredentialName',
    }]);
  });

  test('OPTIONAL_MUTUAL, and the first of credentialNames, count too', () => {
    expect(found('{mode: OPTIONAL_MUTUAL, credentialName: shop-cert}')).toHaveLength(1);
    expect(found('{mode: MUTUAL, credentialNames: [shop-cert, shop-ecdsa]}')).toHaveLength(1);
    expect(found('{mode: MUTUAL, credentialNames: [shop-rsa, shop-cert]}')).toEqual([]);
  });

  test('caCertCredentialName, SIMPLE mode, or a Secret no Certificate writes are fine', () => {
    expect(found('{mode: MUTUAL, credentialName: shop-cert, caCertCredentialName: client-ca}')).toEqual([]);
    expect(found('{mode: SIMPLE, credentialName: shop-cert}')).toEqual([]);
    expect(found('{mode: MUTUAL, credentialName: shop-cert}', 'other-cert')).toEqual([]);
  });
});
