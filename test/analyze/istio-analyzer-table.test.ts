/**
 * Istio's own analyzer test table (`testGrid` in istio/istio pkg/config/analysis/analyzers/analyzers_test.go), case by
 * case, against `analyze`.
 *
 * Summary: 38 of the 104 Istio cases are in scope (their analyzer reports a code we claim). `analyze` agrees with 36
 * of them; in the other two it differs on purpose (`deliberate`: IST0173 for a Service whose pods the manifests do not
 * hold, and an exact path under an earlier uri prefix in dupmatches), as the README says.
 *
 * How Istio runs a case (`setupAnalyzerForCase`): one analyzer over the case's testdata files plus
 * `AddDefaultResources` (pkg/config/analysis/local/istiod_analyze.go), i.e. istioctl's file-mode default ingress of
 * pkg/config/analysis/local/defaults.go: a Pod labelled `istio: ingressgateway` and the Service
 * `istio-ingressgateway` (ports 80, 443, 31400, 15443 with equal targetPorts) in istio-system. Objects in kube-system,
 * kube-public, kube-node-lease and local-path-storage are dropped on reading (`inject.IgnoredNamespaces`). Expected
 * messages are `{code, "Kind ns/name"}`, the namespace left out when the YAML leaves it out (the case then runs with
 * namespace "").
 *
 * How a row here compares: each row has our own YAML for the scenario of the Istio testdata (our names and values,
 * without the default ingress, which `analyze` assumes as istioctl does), Istio's expectation for the equivalent
 * objects, and the Istio analyzer. Our findings are kept when the Istio analyzer can report them: its codes among the
 * ones we claim, and for IST0101 only the reference variants it reports (IST0101 comes from several Istio analyzers,
 * each for its own kind of reference). Istio's expectation is restricted to the same codes. Then both, as `code Kind
 * ns/name`, must be equal as multisets. A resource without namespace means `default` on both sides (`analyze` loads
 * objects without namespace into `default`).
 *
 * Cases out of scope, by name (reason):
 * - misannoted (annotations), alpha (maturity), deprecation (deprecation)
 * - externalControlPlaneMissingWebhooks (webhooks), externalControlPlaneMissingWebhooks (webhooks),
 *   externalControlPlaneUsingIpAddresses (webhooks), externalControlPlaneValidWebhooks (webhooks),
 *   externalControlPlaneValidWebhooks (webhooks), webook (webhooks)
 * - istioInjection (injection), istioInjectionEnableNamespacesByDefault (injection),
 *   istioInjectionProxyImageMismatch (injection), injectionImageDistroless (injection),
 *   injectionImageDistrolessNoMeshConfig (injection), istioInjectionProxyImageMismatchAbsolute (injection),
 *   istioInjectionProxyImageMismatchWithRevisionCanary (injection)
 * - sidecarDefaultSelector (sidecar), sidecarSelector (sidecar)
 * - virtualServiceConflictingMeshGatewayHosts (mesh), virtualServiceConflictingMeshGatewayHostsWithExportTo (mesh)
 * - virtualServiceJWTClaimRoute (authn), blockedCIDRsMissing (authn), blockedCIDRsConfigured (authn),
 *   blockedCIDRsNoRA (authn), authorizationpolicies (authz)
 * - serviceMultipleDeployments (deployment), deploymentMultiServicesInDifferentNamespace (deployment),
 *   serviceWithNoSelector (deployment), Application Pod SecurityContext with UID 1337 (uid),
 *   Application Container SecurityContext with UID 1337 (uid), Deployment Pod SecurityContext with UID 1337 (uid),
 *   Deployment Container SecurityContext with UID 1337 (uid)
 * - unknown service registry in mesh networks (multicluster)
 * - destinationrule with no cacert, simple at destinationlevel (cacert),
 *   destinationrule with no cacert, mutual at destinationlevel (cacert),
 *   destinationrule with no cacert, simple at portlevel (cacert),
 *   destinationrule with credentialname, simple at destinationlevel, no workloadSelector (cacert),
 *   destinationrule with credentialname, simple at destinationlevel, workloadSelector (cacert),
 *   destinationrule with credentialname, simple at portlevel, no workloadSelector (cacert),
 *   destinationrule with credentialname, simple at portlevel, workloadSelector (cacert),
 *   destinationrule with no cacert, mutual at portlevel (cacert),
 *   destinationrule with no cacert, mutual at destinationlevel and simple at port level (cacert),
 *   destinationrule with no cacert, simple at destinationlevel and mutual at port level (cacert),
 *   destinationrule with both cacerts (cacert)
 * - missing Addresses and Protocol in Service Entry (serviceentry),
 *   missing Addresses and Protocol in Service Entry with ISTIO_META_DNS_AUTO_ALLOCATE enabled (serviceentry),
 *   ServiceEntry Addresses Required Lowercase Protocol (serviceentry),
 *   ServiceEntry Addresses Required Uppercase Protocol (serviceentry),
 *   ServiceEntry conflicting protocols on same host and port (serviceentry), ServiceEntry no conflict same protocol
 *   (serviceentry), ServiceEntry no conflict non-overlapping exportTo scopes (serviceentry),
 *   ServiceEntry Addresses Allocated (serviceentry)
 * - EnvoyFilterUsesRelativeOperation (envoyfilter), EnvoyFilterFilterChainMatch (envoyfilter),
 *   EnvoyFilterUsesAbsoluteOperation (envoyfilter), EnvoyFilterUsesReplaceOperation (envoyfilter),
 *   EnvoyFilterUsesAddOperation (envoyfilter), EnvoyFilterUsesRemoveOperation (envoyfilter)
 * - Analyze invalid telemetry (telemetry), Analyze invalid telemetry (telemetry), telemetrySelector (telemetry),
 *   telemetryDefaultSelector (telemetry), Telemetry Lightstep (telemetry)
 * - KubernetesGatewaySelector (k8sgateway), GatewayAPICRDVersionBelowMinimum (crd), Condition Analyzer (conditions)
 */
import { parseAllDocuments } from 'yaml';
import { EXPIRED_CERT, KEY, VALID_CERT } from './pem-fixtures';
import { analyze, Finding, ReferenceVariant } from '../../src';

/** The codes `analyze` claims (reports, or is about to report, as istioctl does). */
const CLAIMED = new Set(['IST0101', 'IST0106', 'IST0112', 'IST0118', 'IST0130', 'IST0131', 'IST0132', 'IST0133', 'IST0138',
  'IST0145', 'IST0146', 'IST0150', 'IST0161', 'IST0162', 'IST0165', 'IST0173', 'IST0174']);

/** An Istio analyzer of the table: what it can report. */
interface IstioAnalyzer {
  /** Its name, as `Metadata().Name` gives it. */
  readonly name: string;
  /** Every code it can report (claimed by us or not). */
  readonly codes: readonly string[];
  /** The IST0101 reference variants it reports, when IST0101 is among its codes. */
  readonly variants?: readonly ReferenceVariant[];
}

// Each analyzer's codes, read from its Analyze function under istio/istio pkg/config/analysis/analyzers/.
const INGRESS_GATEWAY_PORT: IstioAnalyzer = { name: 'gateway.IngressGatewayPortAnalyzer', codes: ['IST0101', 'IST0162'], variants: ['selector'] };
const GATEWAY_SECRET: IstioAnalyzer = { name: 'gateway.SecretAnalyzer', codes: ['IST0101', 'IST0161'], variants: ['selector', 'credentialName'] };
const CONFLICTING_GATEWAY: IstioAnalyzer = { name: 'gateway.ConflictingGatewayAnalyzer', codes: ['IST0101', 'IST0145'], variants: ['selector'] };
const GATEWAY_CERTIFICATE: IstioAnalyzer = { name: 'gateway.CertificateAnalyzer', codes: ['IST0138'] };
const IMAGE_AUTO: IstioAnalyzer = { name: 'injection.ImageAutoAnalyzer', codes: ['IST0146', 'IST0147'] };
const PORT_NAME: IstioAnalyzer = { name: 'service.PortNameAnalyzer', codes: ['IST0118', 'IST0150'] };
const DESTINATION_HOST: IstioAnalyzer = {
  name: 'virtualservice.DestinationHostAnalyzer', codes: ['IST0101', 'IST0112', 'IST0144'], variants: ['host', 'mirror host', 'host:port'],
};
const DESTINATION_RULE: IstioAnalyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer', codes: ['IST0101'], variants: ['host+subset in destinationrule', 'mirror+subset in destinationrule'],
};
const VS_GATEWAY: IstioAnalyzer = { name: 'virtualservice.GatewayAnalyzer', codes: ['IST0101', 'IST0132', 'IST0165'], variants: ['gateway'] };
// schema.CollectionValidationAnalyzer(collections.VirtualService): validation errors, warnings, and the two
// analysis-aware warnings of pkg/config/validation/validation.go (morePreciseMessage in analyzers/schema/validation.go).
const VS_VALIDATION: IstioAnalyzer = { name: 'schema.ValidationAnalyzer.VirtualService', codes: ['IST0106', 'IST0133', 'IST0130', 'IST0131'] };
const SUBSET_SELECT_POD: IstioAnalyzer = { name: 'destinationrule.SubsetSelectPodAnalyzer', codes: ['IST0173', 'IST0174'] };

/**
 * Where `analyze` differs from istioctl on purpose (README, "Where the analyzer differs from istioctl"): the row then
 * asserts what we report, and that it is not what Istio's test expects.
 */
interface DeliberateDifference {
  /** Why we differ. */
  readonly reason: string;
  /**
   * What `analyze` reports instead: [code, 'Kind ns/name'].
   * @default - what Istio's test expects, with `more`
   */
  readonly ours?: ReadonlyArray<readonly [string, string]>;
  /**
   * What `analyze` reports beyond what Istio's test expects.
   * @default - nothing
   */
  readonly more?: ReadonlyArray<readonly [string, string]>;
}

/** One Istio test case, with our YAML for its scenario. */
interface IstioCase {
  /** The case name, exactly as in testGrid. */
  readonly name: string;
  /** Its input files under pkg/config/analysis/analyzers/. */
  readonly files: readonly string[];
  /** Its analyzer. */
  readonly analyzer: IstioAnalyzer;
  /** Our manifests for the same scenario, without the default ingress. */
  readonly yaml: string;
  /** What Istio's test expects for the equivalent objects: [code, 'Kind ns/name' or 'Kind name']. */
  readonly expected: ReadonlyArray<readonly [string, string]>;
  /** A difference kept on purpose. */
  readonly deliberate?: DeliberateDifference;
}

/** `Kind ns/name`, with `default` for a resource written without namespace. */
function normalised(resource: string): string {
  const [kind, name] = resource.split(' ');
  return name.includes('/') ? resource : `${kind} default/${name}`;
}

/** True when the analyzer can report the finding: a compared code, and for IST0101 one of its reference variants. */
function reportedBy(analyzer: IstioAnalyzer, found: Finding): boolean {
  if (!analyzer.codes.includes(found.code) || !CLAIMED.has(found.code)) {
    return false;
  }
  return found.code !== 'IST0101' || (found.reference !== undefined && (analyzer.variants ?? []).includes(found.reference.variant));
}

function ourFindings(row: IstioCase): string[] {
  const objects: unknown[] = parseAllDocuments(row.yaml).map((d) => d.toJS() as unknown).filter(Boolean);
  return analyze(objects).filter((f) => reportedBy(row.analyzer, f)).map((f) => `${f.code} ${f.resource}`).sort();
}

function istioFindings(row: IstioCase): string[] {
  return row.expected.filter(([code]) => CLAIMED.has(code) && row.analyzer.codes.includes(code))
    .map(([code, resource]) => `${code} ${normalised(resource)}`).sort();
}

const tls = (cert: string): string => `{tls.crt: ${Buffer.from(cert).toString('base64')}, tls.key: ${Buffer.from(KEY).toString('base64')}}`;
const notPem = (text: string): string => Buffer.from(text).toString('base64');

/** A Gateway (in `namespace`, none when empty) selecting `selector`, one HTTPS server on 443 for `host` with Secret `credential`. */
function httpsGateway(name: string, selector: string, credential: string, host: string, namespace = ''): string {
  return `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
spec:
  selector: ${selector}
  servers: [{port: {number: 443, name: https, protocol: HTTPS}, tls: {mode: SIMPLE, credentialName: ${credential}}, hosts: [${host}]}]
`;
}

/** The custom gateway pod and its Service exposing port 80 (to `targetPort` when given), for the custom ingress cases. */
function customIngress(targetPort?: number): string {
  return `---
apiVersion: v1
kind: Pod
metadata: {name: checkout-edge-0, labels: {team: checkout-edge}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
---
apiVersion: v1
kind: Service
metadata: {name: checkout-edge}
spec:
  selector: {team: checkout-edge}
  ports: [{name: http2, port: 80, protocol: TCP${targetPort === undefined ? '' : `, targetPort: ${targetPort}`}}]
`;
}

/** A Gateway selecting the custom gateway pod, one HTTP server on `port`. */
function customGateway(port: number): string {
  return `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: checkout-gateway}
spec:
  selector: {team: checkout-edge}
  servers: [{port: {number: ${port}, name: http2, protocol: HTTP}, hosts: ['*']}]
`;
}

/** Two Gateways on the default ingress declaring the given servers (YAML flow lists). */
function twoGateways(blue: string, green: string): string {
  return `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: blue}
spec: {selector: {istio: ingressgateway}, servers: ${blue}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: green}
spec: {selector: {istio: ingressgateway}, servers: ${green}}
`;
}

/** A VirtualService in `namespace` (none when empty) binding `gateways` for `hosts`, routing to a host that needs no Service here. */
function boundVirtualService(apiVersion: string, name: string, namespace: string, gateways: string, hosts: string): string {
  return `---
apiVersion: ${apiVersion}
kind: VirtualService
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
spec:
  hosts: ${hosts}
  gateways: ${gateways}
  http: [{match: [{uri: {prefix: /}}], route: [{destination: {host: pricing}}]}]
`;
}

/** A Gateway in istio-system on the default ingress, one HTTP server per host list. */
function ingressGateway(apiVersion: string, name: string, ...hostLists: string[]): string {
  return `---
apiVersion: ${apiVersion}
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
${hostLists.map((hosts) => `  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ${hosts}}`).join('\n')}
`;
}

/** The scenario of virtualservice_host_not_found_gateway.yaml: exact, wildcard, two-gateway and two-server hosts. */
function hostsAgainstGateways(apiVersion: string): string {
  const vs = (name: string, gateways: string, hosts: string): string => boundVirtualService(apiVersion, name, 'default', gateways, hosts);
  return ingressGateway(apiVersion, 'gw-one', '[one.shop.example]')
    + vs('one-ok', '[istio-system/gw-one]', '[one.shop.example]')
    + vs('one-wrong', '[istio-system/gw-one]', '[nope.shop.example]')
    + ingressGateway(apiVersion, 'gw-wild', "['*.two.shop.example']")
    + vs('two-ok', '[istio-system/gw-wild]', '[api.two.shop.example]')
    + vs('two-wrong', '[istio-system/gw-wild]', '[api.elsewhere.example]')
    + ingressGateway(apiVersion, 'gw-api', "['*.api.three.example']")
    + ingressGateway(apiVersion, 'gw-www', "['*.www.three.example']")
    + vs('three-ok', '[istio-system/gw-api, istio-system/gw-www]', '[a.api.three.example, b.www.three.example]')
    + vs('three-partial', '[istio-system/gw-api, istio-system/gw-www]', '[a.api.three.example]')
    + ingressGateway(apiVersion, 'gw-four', "['*.four-a.example']", '[web.four-b.example]')
    + vs('four-exact', '[istio-system/gw-four]', '[web.four-b.example]')
    + vs('four-wild', '[istio-system/gw-four]', '[x.y.four-a.example]')
    + vs('four-wrong', '[istio-system/gw-four]', '[shop.four-b.example, shops.four-b.example]');
}

/** The scenario of virtualservice_host_not_found_gateway_with_ns_prefix.yaml: server hosts with a `.`, `*` or no namespace part. */
function namespacedServerHosts(apiVersion: string): string {
  const pair = (gateway: string, hosts: string, vs: string): string => ingressGateway(apiVersion, gateway, hosts)
    + boundVirtualService(apiVersion, vs, 'istio-system', `[istio-system/${gateway}]`, '[one.shop.example]')
    + boundVirtualService(apiVersion, vs, 'default', `[istio-system/${gateway}]`, '[one.shop.example]');
  return pair('gw-dot', "['./one.shop.example']", 'via-dot')
    + pair('gw-any-ns', "['*/one.shop.example']", 'via-any-ns')
    + pair('gw-any', "['*/*']", 'via-any')
    + pair('gw-bare', '[one.shop.example]', 'via-bare');
}

const V1 = 'networking.istio.io/v1';
// The beta cases' files were written for v1beta1 (istio/istio #52419 moved them to v1); here they keep v1beta1.
const V1BETA1 = 'networking.istio.io/v1beta1';

const CASES: readonly IstioCase[] = [
  {
    name: 'gatewayNoWorkload',
    files: ['testdata/gateway-no-workload.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: storefront}
spec:
  selector: {app: storefront-edge}
`,
    expected: [['IST0101', 'Gateway storefront']],
  },
  {
    name: 'gatewayBadPort',
    files: ['testdata/gateway-no-port.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: storefront}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}
  - {port: {number: 8088, name: http-alt, protocol: HTTP}, hosts: ['*']}
`,
    expected: [['IST0162', 'Gateway storefront']],
  },
  {
    name: 'gatewayCorrectPort',
    files: ['testdata/gateway-correct-port.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: storefront}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
`,
    expected: [],
  },
  {
    name: 'gatewayCustomIngressGateway',
    files: ['testdata/gateway-custom-ingressgateway.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    yaml: customGateway(9080) + customIngress(9080),
    expected: [],
  },
  {
    name: 'gatewayCustomIngressGatewayBadPort',
    files: ['testdata/gateway-custom-ingressgateway-badport.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    yaml: customGateway(9090) + customIngress(9080),
    expected: [['IST0162', 'Gateway checkout-gateway']],
  },
  {
    name: 'gatewayCustomIngressGatewayBadPortWithoutTarget',
    files: ['testdata/gateway-custom-ingressgateway-badport-notarget.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    yaml: customGateway(9090) + customIngress(),
    expected: [['IST0162', 'Gateway checkout-gateway']],
  },
  {
    name: 'gatewayCustomIngressGatewayTranslation',
    files: ['testdata/gateway-custom-ingressgateway-translation.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    // The server port is the Service port (80), not its targetPort: still exposed.
    yaml: customGateway(80) + customIngress(9080),
    expected: [],
  },
  {
    name: 'gatewayServiceMatchPod',
    files: ['testdata/gateway-custom-ingressgateway-svcselector.yaml'],
    analyzer: INGRESS_GATEWAY_PORT,
    // Both Gateways select the edge-a pod; only the Service of the edge-b pod exposes 7002.
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge-7001}
spec:
  selector: {tier: edge-a}
  servers: [{port: {number: 7001, name: http2, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge-7002}
spec:
  selector: {tier: edge-a}
  servers: [{port: {number: 7002, name: http2, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: v1
kind: Pod
metadata: {name: edge-a, labels: {tier: edge-a}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: edge-b, labels: {tier: edge-b}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
---
apiVersion: v1
kind: Service
metadata: {name: edge-b}
spec:
  selector: {tier: edge-b}
  ports: [{name: http2, port: 7002, protocol: TCP, targetPort: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: edge-a}
spec:
  selector: {tier: edge-a}
  ports: [{name: http2, port: 7001, protocol: TCP}]
`,
    expected: [['IST0162', 'Gateway edge-7002']],
  },
  {
    name: 'gatewaySecret',
    files: ['testdata/gateway-secrets.yaml'],
    analyzer: GATEWAY_SECRET,
    // As in the Istio file, the two partner Gateways select a label no pod carries (the pod has gw=partner): both get
    // the selector variant, not a credentialName one.
    yaml: `
apiVersion: v1
kind: Secret
metadata: {name: shop-tls, namespace: istio-system}
type: kubernetes.io/tls
data: ${tls(VALID_CERT)}
---
apiVersion: v1
kind: Pod
metadata: {name: partner-gw, labels: {gw: partner}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
${httpsGateway('shop-ok', '{istio: ingressgateway}', 'shop-tls', 'shop.example.org')}
${httpsGateway('shop-typo', '{istio: ingressgateway}', 'shop-tsl', 'shop.example.org')}
${httpsGateway('partner-mislabelled', '{app: partner}', 'shop-tls', 'shop.example.org')}
${httpsGateway('partner-missing', '{app: partner}', 'shop-tls', 'shop.example.org')}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: shop-no-credential}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, name: https, protocol: HTTPS}, tls: {mode: SIMPLE}, hosts: [shop.example.org]}]
`,
    expected: [['IST0101', 'Gateway shop-typo'], ['IST0101', 'Gateway partner-mislabelled'], ['IST0101', 'Gateway partner-missing']],
  },
  {
    name: 'gatewaySecretValidations',
    files: ['testdata/gateway-secrets-validation.yaml'],
    analyzer: GATEWAY_SECRET,
    yaml: `
apiVersion: v1
kind: Secret
metadata: {name: not-pem, namespace: istio-system}
type: Opaque
data: {cert: ${notPem('no certificate here')}, key: ${notPem('no key here')}}
---
apiVersion: v1
kind: Secret
metadata: {name: cert-only, namespace: istio-system}
type: kubernetes.io/tls
data: {tls.cert: ${notPem('no certificate here')}}
---
apiVersion: v1
kind: Secret
metadata: {name: misnamed-keys, namespace: istio-system}
type: kubernetes.io/tls
data: {tls.cert: ${notPem('no certificate here')}, tls.key: ${notPem('no key here')}}
---
apiVersion: v1
kind: Secret
metadata: {name: lapsed, namespace: istio-system}
type: kubernetes.io/tls
data: ${tls(EXPIRED_CERT)}
${httpsGateway('api-not-pem', '{istio: ingressgateway}', 'not-pem', 'api.example.org')}
${httpsGateway('api-cert-only', '{istio: ingressgateway}', 'cert-only', 'api.example.org')}
${httpsGateway('api-misnamed-keys', '{istio: ingressgateway}', 'misnamed-keys', 'api.example.org')}
${httpsGateway('api-lapsed', '{istio: ingressgateway}', 'lapsed', 'api.example.org')}
`,
    expected: [
      ['IST0161', 'Gateway api-not-pem'], ['IST0161', 'Gateway api-cert-only'],
      ['IST0161', 'Gateway api-misnamed-keys'], ['IST0161', 'Gateway api-lapsed'],
    ],
  },
  {
    name: 'conflicting gateways detect',
    files: ['testdata/conflicting-gateways.yaml'],
    analyzer: CONFLICTING_GATEWAY,
    yaml: twoGateways('[{port: {number: 80, name: tcp, protocol: TCP}, hosts: [shop.example.org]}]',
      '[{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.org]}]'),
    expected: [['IST0145', 'Gateway blue'], ['IST0145', 'Gateway green']],
  },
  {
    name: 'gateways with different port are non-conflicting',
    files: ['testdata/gateway-different-port.yaml'],
    analyzer: CONFLICTING_GATEWAY,
    yaml: twoGateways('[{port: {number: 443, name: tcp, protocol: TCP}, hosts: [shop.example.org]}]',
      '[{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.org]}]'),
    expected: [],
  },
  {
    name: 'conflicting gateways with multiple port declarations',
    files: ['testdata/conflicting-gateways-multiple-ports.yaml'],
    analyzer: CONFLICTING_GATEWAY,
    yaml: twoGateways(
      '[{port: {number: 81, name: tcp, protocol: TCP}, hosts: [shop.example.org]}, {port: {number: 91, name: tcp, protocol: TCP}, hosts: [shop.example.org]}]',
      '[{port: {number: 71, name: http, protocol: HTTP}, hosts: [shop.example.org]}, {port: {number: 91, name: http, protocol: HTTP}, hosts: [shop.example.org]}]'),
    expected: [['IST0145', 'Gateway blue'], ['IST0145', 'Gateway green']],
  },
  {
    name: 'conflicting gateways detect by sub selector',
    files: ['testdata/conflicting-gateways-subSelector.yaml'],
    analyzer: CONFLICTING_GATEWAY,
    // ConflictingGatewayAnalyzer compares pods only when one selector string contains the other
    // ("tier=front,zone=west" is inside "edge=public,tier=front,zone=west"), as here.
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: blue}
spec:
  selector: {edge: public, tier: front, zone: west}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: [shop.example.org]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: green}
spec:
  selector: {tier: front, zone: west}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.org]}]
---
apiVersion: v1
kind: Pod
metadata: {name: front-0, labels: {edge: public, tier: front, zone: west}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: front-1, labels: {edge: public, tier: front, zone: west}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
`,
    expected: [['IST0145', 'Gateway blue'], ['IST0145', 'Gateway green']],
  },
  {
    name: 'conflicting gateways detect: no port',
    files: ['testdata/conflicting-gateways-invalid-port.yaml'],
    analyzer: CONFLICTING_GATEWAY,
    yaml: twoGateways('[{hosts: [a.example.org]}]', '[{hosts: [b.example.org]}]'),
    expected: [],
  },
  {
    name: 'Analyze conflicting gateway with list type',
    files: ['testdata/analyze-list-type.yaml'],
    analyzer: CONFLICTING_GATEWAY,
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: north}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: [shop.example.org]}]
---
apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1
  kind: Gateway
  metadata: {name: south}
  spec:
    selector: {istio: ingressgateway}
    servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: [shop.example.org]}]
- apiVersion: networking.istio.io/v1
  kind: Gateway
  metadata: {name: east}
  spec:
    selector: {istio: ingressgateway}
    servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [shop.example.org]}]
`,
    expected: [['IST0145', 'Gateway north'], ['IST0145', 'Gateway east'], ['IST0145', 'Gateway south']],
  },
  {
    name: 'Detect `image: auto` in non-injected pods',
    files: ['testdata/image-auto.yaml'],
    analyzer: IMAGE_AUTO,
    // IST0147 (a bare Pod with image auto) is not claimed: only IST0146 is compared.
    yaml: `
apiVersion: v1
kind: Namespace
metadata: {name: meshed, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: plain}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-sidecar-injector}
webhooks:
- name: namespace.sidecar-injector.istio.io
  admissionReviewVersions: [v1]
  sideEffects: None
  clientConfig: {service: {name: istiod, namespace: istio-system}}
  namespaceSelector: {matchLabels: {istio-injection: enabled}}
- name: object.sidecar-injector.istio.io
  admissionReviewVersions: [v1]
  sideEffects: None
  clientConfig: {service: {name: istiod, namespace: istio-system}}
  objectSelector: {matchLabels: {sidecar.istio.io/inject: "true"}}
---
apiVersion: v1
kind: Pod
metadata: {name: proxy-by-hand, namespace: default}
spec: {containers: [{name: istio-proxy, image: auto}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: edge-proxy, namespace: unlabelled}
spec:
  selector: {matchLabels: {app: edge-proxy}}
  template:
    metadata:
      labels: {app: edge-proxy}
      annotations: {inject.istio.io/templates: gateway}
    spec: {containers: [{name: istio-proxy, image: auto}]}
---
apiVersion: v1
kind: Pod
metadata: {name: control-plane-canary, namespace: istio-system, labels: {app: istiod, sidecar.istio.io/inject: "true"}}
spec: {containers: [{name: discovery, image: busybox}]}
`,
    expected: [['IST0146', 'Deployment unlabelled/edge-proxy'], ['IST0147', 'Pod default/proxy-by-hand']],
  },
  {
    name: 'portNameNotFollowConvention',
    files: ['testdata/service-no-port-name.yaml'],
    analyzer: PORT_NAME,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: inventory, namespace: shop-a}
spec:
  selector: {app: inventory}
  ports: [{protocol: TCP, port: 7070, targetPort: 7070}, {protocol: TCP, port: 7071, targetPort: 7071}]
---
apiVersion: v1
kind: Service
metadata: {name: ledger, namespace: shop-b}
spec:
  selector: {app: ledger}
  ports: [{name: ledgerport, protocol: TCP, port: 7070, targetPort: 7070}]
`,
    expected: [['IST0118', 'Service shop-a/inventory'], ['IST0118', 'Service shop-a/inventory'], ['IST0118', 'Service shop-b/ledger']],
  },
  {
    name: 'namedPort',
    files: ['testdata/service-port-name.yaml'],
    analyzer: PORT_NAME,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: catalog, namespace: shop}
spec:
  selector: {app: catalog}
  ports: [{name: tcp-catalog, protocol: TCP, port: 7070, targetPort: 7070}]
---
apiVersion: v1
kind: Service
metadata: {name: orders-waypoint, namespace: mesh-a, labels: {gateway.istio.io/managed: istio.io-mesh-controller}}
spec:
  selector: {gateway.networking.k8s.io/gateway-name: orders-waypoint}
  ports:
  - {name: status-port, appProtocol: tcp, protocol: TCP, port: 15021, targetPort: 15021}
  - {name: mesh, appProtocol: hbone, protocol: TCP, port: 15008, targetPort: 15008}
---
apiVersion: v1
kind: Service
metadata: {name: public-istio, namespace: edge, labels: {gateway.istio.io/managed: istio.io-gateway-controller}}
spec:
  type: LoadBalancer
  selector: {gateway.networking.k8s.io/gateway-name: public}
  ports:
  - {name: status-port, appProtocol: tcp, protocol: TCP, port: 15021, targetPort: 15021}
  - {name: default, appProtocol: http, protocol: TCP, port: 80, targetPort: 80}
`,
    expected: [],
  },
  {
    name: 'unnamedPortInSystemNamespace',
    files: ['testdata/service-no-port-name-system-namespace.yaml'],
    analyzer: PORT_NAME,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: node-agent, namespace: kube-system}
spec:
  selector: {app: node-agent}
  ports: [{protocol: TCP, port: 7070, targetPort: 7070}, {protocol: TCP, port: 7071, targetPort: 7071}]
---
apiVersion: v1
kind: Service
metadata: {name: pilot-debug, namespace: istio-system, labels: {istio: pilot}}
spec:
  selector: {app: pilot-debug}
  ports: [{name: admin, protocol: TCP, port: 7070, targetPort: 7070}]
---
apiVersion: v1
kind: Service
metadata: {name: cluster-info, namespace: kube-public}
spec:
  selector: {app: cluster-info}
  ports: [{name: info, protocol: TCP, port: 7070, targetPort: 7070}]
---
apiVersion: v1
kind: Service
metadata: {name: release-tools, namespace: istio-system, labels: {release: istio}}
spec:
  selector: {app: release-tools}
  ports: [{name: admin, protocol: TCP, port: 7070, targetPort: 7070}]
`,
    expected: [],
  },
  {
    name: 'ExternalNameServiceTypeInvalidPortName',
    files: ['testdata/incorrect-port-name-external-name-service-type.yaml'],
    analyzer: PORT_NAME,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: pay-a}
spec:
  type: ExternalName
  externalName: payments.example.net
  ports: [{name: payments, protocol: TCP, port: 443, targetPort: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: pay-b}
spec:
  type: ExternalName
  externalName: payments.example.net
  ports: [{protocol: TCP, port: 443, targetPort: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: pay-c}
spec:
  type: ExternalName
  externalName: payments.example.net
  ports: [{name: tcp, protocol: TCP, port: 443, targetPort: 443}]
`,
    expected: [['IST0150', 'Service pay-a/payments'], ['IST0150', 'Service pay-b/payments'], ['IST0150', 'Service pay-c/payments']],
  },
  {
    name: 'ExternalNameServiceTypeValidPortName',
    files: ['testdata/correct-port-name-external-name-service-type.yaml'],
    analyzer: PORT_NAME,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: payments, namespace: pay-d}
spec:
  type: ExternalName
  externalName: payments.example.net
  ports: [{name: https, protocol: TCP, port: 443, targetPort: 443}]
`,
    expected: [],
  },
  {
    name: 'virtualServiceDestinationHosts',
    files: ['testdata/virtualservice_destinationhosts.yaml'],
    analyzer: DESTINATION_HOST,
    yaml: `
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {ports: [{name: tcp-cart, port: 7000, protocol: TCP}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart-multi, namespace: shop}
spec: {ports: [{name: http-web, port: 80, protocol: TCP}, {name: https-web, port: 443, protocol: TCP}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner-api, namespace: shop}
spec: {hosts: [api.partner.example]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: regional, namespace: shop}
spec: {hosts: ['*.eu.shop.example']}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: sandbox-any, namespace: sandbox}
spec: {exportTo: ['.'], hosts: ['*']}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: team-private, namespace: team}
spec: {exportTo: ['.'], hosts: [private.team.example]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: team-shared, namespace: team}
spec: {exportTo: [shop], hosts: [shared.team.example]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-missing, namespace: shop}
spec: {http: [{route: [{}, {destination: {host: cart-gone, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-fqdn, namespace: shop}
spec: {http: [{route: [{destination: {host: cart.shop.svc.cluster.local, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: partner, namespace: shop}
spec: {http: [{route: [{destination: {host: api.partner.example}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: regional-host, namespace: shop}
spec: {http: [{route: [{destination: {host: checkout.eu.shop.example}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: regional-wildcard, namespace: shop}
spec: {http: [{route: [{destination: {host: '*.eu.shop.example'}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: team-private, namespace: shop}
spec: {http: [{route: [{destination: {host: private.team.example}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-mirror, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1}}], mirror: {host: cart, subset: v1}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-mirror-missing, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1}}], mirror: {host: cart-gone, subset: v1}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-wrong-port, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1, port: {number: 7999}}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-multi-no-port, namespace: shop}
spec: {http: [{route: [{destination: {host: cart-multi, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-multi-port, namespace: shop}
spec: {http: [{route: [{destination: {host: cart-multi, subset: v1, port: {number: 80}}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cross-ns-cart, namespace: istio-system}
spec: {hosts: [cart], http: [{route: [{destination: {host: cart.shop.svc.cluster.local}}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: profile, namespace: shop, annotations: {networking.istio.io/exportTo: mobile}}
spec: {selector: {app: profile}, ports: [{name: http, port: 9080}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cross-ns-profile, namespace: istio-system}
spec: {hosts: [profile], http: [{route: [{destination: {host: profile.shop.svc.cluster.local}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mobile-profile, namespace: mobile}
spec: {hosts: [profile], http: [{route: [{destination: {host: profile.shop.svc.cluster.local}}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: greeter, namespace: greet, annotations: {networking.istio.io/exportTo: 'greet-a,greet-b,.'}}
spec: {selector: {app: greeter}, ports: [{name: http, port: 9080}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: greeter, namespace: greet-a}
spec: {hosts: [greeter], http: [{route: [{destination: {host: greeter.greet.svc.cluster.local}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: greeter, namespace: greet-b}
spec: {hosts: [greeter], http: [{route: [{destination: {host: greeter.greet.svc.cluster.local}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: greeter, namespace: greet}
spec: {hosts: [greeter], http: [{route: [{destination: {host: greeter.greet.svc.cluster.local}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: greeter-exported-nowhere, namespace: greet}
spec: {hosts: [greeter], exportTo: [nowhere], http: [{route: [{destination: {host: greeter.greet.svc.cluster.local}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: team-shared, namespace: shop}
spec: {http: [{route: [{destination: {host: shared.team.example}}]}]}
`,
    expected: [
      ['IST0101', 'VirtualService shop/cart-missing'], ['IST0101', 'VirtualService shop/cart-missing'],
      ['IST0101', 'VirtualService shop/team-private'], ['IST0101', 'VirtualService shop/cart-mirror-missing'],
      ['IST0101', 'VirtualService shop/cart-wrong-port'], ['IST0112', 'VirtualService shop/cart-multi-no-port'],
      ['IST0101', 'VirtualService istio-system/cross-ns-profile'], ['IST0101', 'VirtualService greet/greeter-exported-nowhere'],
    ],
  },
  {
    name: 'Route Rule no effect on Ingress',
    files: ['testdata/virtualservice_route_rule_no_effects_ingress.yaml'],
    analyzer: DESTINATION_HOST,
    // Istio expects IST0144 (not claimed) on front-a; no destination host is missing.
    yaml: `${ingressGateway(V1, 'shop-gw-a', '[a.shop.example]')}${ingressGateway(V1, 'shop-gw-b', '[b.shop.example]')}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front-a, namespace: default}
spec:
  hosts: [a.shop.example]
  gateways: [istio-system/shop-gw-a]
  http: [{route: [{destination: {host: pricing}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: front-b, namespace: default}
spec:
  hosts: [b.shop.example]
  gateways: [istio-system/shop-gw-b]
  http: [{route: [{destination: {host: pricing, subset: v2}}]}]
---
apiVersion: v1
kind: Service
metadata: {name: pricing, namespace: default}
spec: {ports: [{name: http-pricing, port: 80, protocol: TCP}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pricing, namespace: default}
spec: {hosts: [pricing], http: [{route: [{destination: {host: pricing, subset: v2}}]}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: pricing, namespace: default}
spec: {host: pricing, subsets: [{name: v2, labels: {version: v2}}]}
`,
    expected: [['IST0144', 'VirtualService default/front-a']],
  },
  {
    name: 'virtualServiceDestinationRules',
    files: ['testdata/virtualservice_destinationrules.yaml'],
    analyzer: DESTINATION_RULE,
    yaml: `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec: {host: cart, subsets: [{name: v1, labels: {version: v1}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-bad-subset, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v9}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-fqdn, namespace: shop}
spec: {http: [{route: [{destination: {host: cart.shop.svc.cluster.local, subset: v1}}]}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-mirror, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1}}], mirror: {host: cart, subset: v1}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-mirror-bad-subset, namespace: shop}
spec: {http: [{route: [{destination: {host: cart, subset: v1}}], mirror: {host: cart, subset: v9}}]}
`,
    expected: [['IST0101', 'VirtualService shop/cart-bad-subset'], ['IST0101', 'VirtualService shop/cart-mirror-bad-subset']],
  },
  {
    name: 'virtualServiceGateways',
    files: ['testdata/virtualservice_gateways.yaml'],
    analyzer: VS_GATEWAY,
    // The Gateways have no servers, so no VirtualService host is in them.
    yaml: `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: storefront}
spec: {selector: {istio: ingressgateway}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: partner-edge, namespace: partners}
spec: {selector: {istio: ingressgateway}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: storefront}
spec: {hosts: ['*'], gateways: [storefront]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: storefront-typo}
spec: {hosts: ['*'], gateways: [storefront-gone]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: storefront-mesh}
spec: {hosts: ['*'], gateways: [mesh]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: partner-link, namespace: default}
spec: {hosts: ['*'], gateways: [partners/partner-edge]}
`,
    expected: [
      ['IST0101', 'VirtualService storefront-typo'],
      ['IST0132', 'VirtualService default/partner-link'], ['IST0132', 'VirtualService storefront-typo'], ['IST0132', 'VirtualService storefront'],
    ],
  },
  {
    name: 'virtualServiceKubernetesGateways',
    files: ['testdata/virtualservice_kubernetes_gateways.yaml'],
    analyzer: VS_GATEWAY,
    yaml: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default}
spec:
  gatewayClassName: istio
  listeners: [{name: http, hostname: shop.example.org, port: 80, protocol: HTTP}]
---
apiVersion: v1
kind: Service
metadata: {name: web-backend, namespace: default}
spec: {selector: {app: web-backend}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [shop.example.org]
  gateways: [default/web]
  http: [{route: [{destination: {host: web-backend, port: {number: 80}}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web-other-host, namespace: default}
spec:
  hosts: [other.example.org]
  gateways: [default/web]
  http: [{route: [{destination: {host: web-backend, port: {number: 80}}}]}]
`,
    expected: [['IST0132', 'VirtualService default/web-other-host']],
  },
  {
    name: 'virtualServiceInternalGatewayRef',
    files: ['testdata/virtualservice_internal_gateway_ref.yaml'],
    analyzer: VS_GATEWAY,
    yaml: `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [shop.example.org]
  gateways: ['edge/public~istio-autogenerated-k8s-gateway~https']
  http: [{route: [{destination: {host: web-backend, port: {number: 80}}}]}]
`,
    expected: [['IST0165', 'VirtualService web']],
  },
  {
    name: 'host defined in virtualservice not found in the gateway',
    files: ['testdata/virtualservice_host_not_found_gateway.yaml'],
    analyzer: VS_GATEWAY,
    yaml: hostsAgainstGateways(V1),
    expected: [
      ['IST0132', 'VirtualService default/one-wrong'], ['IST0132', 'VirtualService default/two-wrong'],
      ['IST0132', 'VirtualService default/three-partial'], ['IST0132', 'VirtualService default/four-wrong'],
    ],
  },
  {
    name: 'host defined in virtualservice not found in the gateway(beta version)',
    files: ['testdata/virtualservice_host_not_found_gateway_beta.yaml'],
    analyzer: VS_GATEWAY,
    yaml: hostsAgainstGateways(V1BETA1),
    expected: [
      ['IST0132', 'VirtualService default/one-wrong'], ['IST0132', 'VirtualService default/two-wrong'],
      ['IST0132', 'VirtualService default/three-partial'], ['IST0132', 'VirtualService default/four-wrong'],
    ],
  },
  {
    name: 'host defined in virtualservice not found in the gateway with ns',
    files: ['testdata/virtualservice_host_not_found_gateway_with_ns_prefix.yaml'],
    analyzer: VS_GATEWAY,
    yaml: namespacedServerHosts(V1),
    expected: [['IST0132', 'VirtualService default/via-dot']],
  },
  {
    name: 'host defined in virtualservice not found in the gateway with ns(beta version)',
    files: ['testdata/virtualservice_host_not_found_gateway_with_ns_prefix_beta.yaml'],
    analyzer: VS_GATEWAY,
    yaml: namespacedServerHosts(V1BETA1),
    expected: [['IST0132', 'VirtualService default/via-dot']],
  },
  {
    name: 'dupmatches',
    files: ['testdata/virtualservice_dupmatches.yaml', 'testdata/virtualservice_overlappingmatches.yaml'],
    analyzer: VS_VALIDATION,
    yaml: `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: pricing-delay, namespace: shop}
spec:
  hosts: [pricing.shop.svc.cluster.local]
  http:
  - {fault: {delay: {fixedDelay: 3s, percentage: {value: 100}}}, route: [{destination: {host: pricing.shop.svc.cluster.local}}]}
  - {mirror: {host: pricing.audit.svc.cluster.local}, route: [{destination: {host: pricing.audit.svc.cluster.local}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: same-prefix}
spec:
  hosts: [orders.shop.svc.cluster.local]
  http:
  - {name: orders-a, match: [{name: v2 orders, uri: {prefix: /v2/orders}}], route: [{destination: {host: orders-a}}]}
  - {name: orders-b, match: [{uri: {prefix: /v2/orders}}], route: [{destination: {host: orders-b}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: prefix-then-more}
spec:
  hosts: [orders.shop.svc.cluster.local]
  http:
  - {match: [{uri: {prefix: /v2/orders}}], route: [{destination: {host: orders-a}}]}
  - {match: [{name: v2 orders, uri: {prefix: /v2/orders}}, {name: legacy, uri: {prefix: /legacy}}], route: [{destination: {host: orders-b}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp-same-port}
spec:
  hosts: ['*']
  gateways: [echo-gateway]
  tcp:
  - {match: [{port: 31400}], route: [{destination: {host: echo, port: {number: 9000}, subset: a}}]}
  - {match: [{port: 31400}], route: [{destination: {host: echo, port: {number: 9000}, subset: b}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp-no-match-twice}
spec:
  hosts: ['*']
  gateways: [echo-gateway]
  tcp:
  - {route: [{destination: {host: echo, port: {number: 9000}, subset: a}}]}
  - {route: [{destination: {host: echo, port: {number: 9000}, subset: b}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: tcp-port-then-more}
spec:
  hosts: ['*']
  gateways: [echo-gateway]
  tcp:
  - {match: [{port: 31400}], route: [{destination: {host: echo, port: {number: 9000}, subset: a}}]}
  - {match: [{port: 31400}, {port: 31401}], route: [{destination: {host: echo, port: {number: 9000}, subset: b}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: sni-same, namespace: edge}
spec:
  hosts: [a.example.net, b.example.net]
  tls:
  - {match: [{port: 8443, sniHosts: [a.example.net]}], route: [{destination: {host: a.example.net}}]}
  - {match: [{port: 8443, sniHosts: [a.example.net]}], route: [{destination: {host: b.example.net}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: sni-then-more, namespace: edge}
spec:
  hosts: [c.example.net]
  tls:
  - {match: [{port: 8443, sniHosts: [c.example.net]}], route: [{destination: {host: a.example.net}}]}
  - {match: [{port: 8443, sniHosts: [c.example.net]}, {port: 9443, sniHosts: [c.example.net]}], route: [{destination: {host: b.example.net}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: prefix-no-method}
spec:
  hosts: [items.shop.svc.cluster.local]
  http:
  - {name: items, match: [{uri: {prefix: /v2/item}}, {uri: {prefix: /v2/items}, method: {exact: GET}}], route: [{destination: {host: items-a}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: root-prefix-and-exact}
spec:
  hosts: [items.shop.svc.cluster.local]
  http:
  - {name: items, match: [{uri: {prefix: /}}, {uri: {exact: /}, method: {exact: GET}}], route: [{destination: {host: items-a}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: longer-prefix-same-rule}
spec:
  hosts: [items.shop.svc.cluster.local]
  http:
  - name: items
    match: [{uri: {prefix: /v2/item}, method: {exact: GET}}, {uri: {prefix: /v2/items}, method: {exact: GET}}]
    route: [{destination: {host: items-a}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: longer-prefix-next-rule}
spec:
  hosts: [items.shop.svc.cluster.local]
  http:
  - {name: item, match: [{uri: {prefix: /v2/item}, method: {exact: GET}}], route: [{destination: {host: items-a}}]}
  - {name: items, match: [{uri: {prefix: /v2/items}, method: {exact: GET}}], route: [{destination: {host: items-b}}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: methods-differ}
spec:
  hosts: [items.shop.svc.cluster.local]
  http:
  - {name: it, match: [{uri: {prefix: /v2/it}, method: {exact: GET}}], route: [{destination: {host: items-a}}]}
  - name: item
    match: [{uri: {prefix: /v2/item}, method: {exact: GET}}, {uri: {prefix: /v2/items}, method: {exact: POST}}]
    route: [{destination: {host: items-b}}]
`,
    expected: [
      ['IST0130', 'VirtualService same-prefix'], ['IST0130', 'VirtualService shop/pricing-delay'],
      ['IST0131', 'VirtualService prefix-then-more'], ['IST0131', 'VirtualService same-prefix'],
      ['IST0130', 'VirtualService tcp-same-port'], ['IST0130', 'VirtualService tcp-no-match-twice'],
      ['IST0131', 'VirtualService tcp-port-then-more'], ['IST0131', 'VirtualService tcp-same-port'],
      ['IST0130', 'VirtualService edge/sni-same'], ['IST0131', 'VirtualService edge/sni-then-more'], ['IST0131', 'VirtualService edge/sni-same'],
      ['IST0131', 'VirtualService prefix-no-method'], ['IST0131', 'VirtualService longer-prefix-same-rule'],
      ['IST0131', 'VirtualService longer-prefix-next-rule'], ['IST0131', 'VirtualService methods-differ'],
    ],
    deliberate: {
      reason: 'a uri prefix covers a later exact path under it whatever else the later match asks; istioctl compares a '
        + 'later exact uri with earlier exact ones only (coveredValidation in pkg/config/validation/validation.go, its '
        + 'uri-with-prefix-exact case)',
      more: [['IST0131', 'VirtualService root-prefix-and-exact']],
    },
  },
  {
    name: 'certificate duplication in Gateway',
    files: ['testdata/gateway-duplicate-certificate.yaml'],
    analyzer: GATEWAY_CERTIFICATE,
    yaml: [
      // Same selector, same credential: both.
      httpsGateway('gw-a1', '{istio: ingressgateway}', 'shared-one', 'a1.example.org', 'istio-system'),
      httpsGateway('gw-a2', '{istio: ingressgateway}', 'shared-one', 'a2.example.org', 'istio-system'),
      // Narrower selector on the second: only the first, whose selector is a subset of the second's.
      httpsGateway('gw-b1', '{istio: ingressgateway}', 'shared-two', 'b1.example.org', 'istio-system'),
      httpsGateway('gw-b2', '{istio: ingressgateway, tier: internal}', 'shared-two', 'b2.example.org', 'istio-system'),
      httpsGateway('gw-c1', '{istio: ingressgateway}', 'shared-three', 'c1.example.org', 'default'),
      httpsGateway('gw-c2', '{istio: ingressgateway, tier: internal}', 'shared-three', 'c2.example.org', 'istio-system'),
      // Distinct credentials: none.
      httpsGateway('gw-d1', '{istio: ingressgateway}', 'own-d1', 'd1.example.org', 'istio-system'),
      httpsGateway('gw-d2', '{istio: ingressgateway}', 'own-d2', 'd2.example.org', 'istio-system'),
      httpsGateway('gw-e1', '{istio: ingressgateway}', 'own-e1', 'e1.example.org', 'istio-system'),
      httpsGateway('gw-e2', '{istio: ingressgateway, tier: internal}', 'own-e2', 'e2.example.org', 'istio-system'),
      httpsGateway('gw-f1', '{istio: ingressgateway}', 'own-f1', 'f1.example.org', 'default'),
      httpsGateway('gw-f2', '{istio: ingressgateway}', 'own-f2', 'f2.example.org', 'istio-system'),
      // Plain HTTP: none.
      twoGateways('[{port: {number: 80, name: http, protocol: HTTP}, hosts: [f3.example.org]}]',
        '[{port: {number: 80, name: http, protocol: HTTP}, hosts: [f4.example.org]}]'),
      `---
apiVersion: v1
kind: Pod
metadata: {name: internal-edge, namespace: istio-system, labels: {istio: ingressgateway, tier: internal}}
spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}
`,
    ].join(''),
    expected: [
      ['IST0138', 'Gateway istio-system/gw-a1'], ['IST0138', 'Gateway istio-system/gw-a2'],
      ['IST0138', 'Gateway istio-system/gw-b1'], ['IST0138', 'Gateway default/gw-c1'],
    ],
  },
  {
    name: 'DestinationRuleWithFakeHost',
    files: ['testdata/destinationrule-with-fake-host.yaml'],
    analyzer: SUBSET_SELECT_POD,
    yaml: `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: lb-only, namespace: shop}
spec: {host: ghost.shop.svc.cluster.local, trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}}
`,
    expected: [['IST0174', 'DestinationRule shop/lb-only']],
  },
  {
    name: 'DestinationRuleSubsetsNotSelectPods',
    files: ['testdata/destinationrule-subsets-not-select-pods.yaml'],
    analyzer: SUBSET_SELECT_POD,
    // No pod at all besides the default ingress.
    yaml: `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart-versions, namespace: shop}
spec:
  host: cart.shop.svc.cluster.local
  subsets: [{name: canary, labels: {track: canary}}]
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{name: http, port: 8000}]}
`,
    expected: [['IST0173', 'DestinationRule shop/cart-versions']],
    deliberate: {
      reason: 'istioctl matches subsets against the bare Pods of its input only (PodNotSelectedAnalyzer.Analyze in '
        + 'destinationrule/subset.go reads no Deployment), so on manifests, where pods come as templates or run elsewhere, '
        + 'it would flag every subset; we judge a subset only against the pods (or templates) of its Service the '
        + 'manifests hold, and say nothing when they hold none',
      ours: [],
    },
  },
  {
    name: 'DestinationRuleSubsetsWithTopologyLabels',
    files: ['testdata/destinationrule-subsets-with-topology-labels.yaml'],
    analyzer: SUBSET_SELECT_POD,
    yaml: `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart-places, namespace: shop}
spec:
  host: cart.shop.svc.cluster.local
  subsets:
  - {name: in-region, labels: {topology.kubernetes.io/region: eu-north-1}}
  - {name: in-zone, labels: {topology.kubernetes.io/zone: eu-north-1b}}
  - {name: stable, labels: {track: stable}}
  - {name: stable-in-region, labels: {track: stable, topology.kubernetes.io/region: eu-north-1}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{name: http, port: 8000}]}
---
apiVersion: v1
kind: Pod
metadata: {name: cart-0, namespace: shop, labels: {app: cart, track: stable}}
spec: {nodeName: worker-7, containers: [{name: cart, image: shop/cart}]}
---
apiVersion: v1
kind: Node
metadata:
  name: worker-7
  labels: {kubernetes.io/hostname: worker-7, topology.kubernetes.io/region: eu-north-1, topology.kubernetes.io/zone: eu-north-1b}
`,
    expected: [],
  },
  {
    name: 'DestinationRuleEmptyTopologyLabels',
    files: ['testdata/destinationrule-empty-topology-labels.yaml'],
    analyzer: SUBSET_SELECT_POD,
    // An empty region on the node adds no region label to the pod: the subset asking for region "" selects nothing.
    yaml: `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart-blank-region, namespace: shop}
spec:
  host: cart.shop.svc.cluster.local
  subsets:
  - {name: blank-region, labels: {topology.kubernetes.io/region: ''}}
  - {name: stable, labels: {track: stable}}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{name: http, port: 8000}]}
---
apiVersion: v1
kind: Pod
metadata: {name: cart-0, namespace: shop, labels: {app: cart, track: stable}}
spec: {nodeName: worker-8, containers: [{name: cart, image: shop/cart}]}
---
apiVersion: v1
kind: Node
metadata: {name: worker-8, labels: {topology.kubernetes.io/region: ''}}
`,
    expected: [['IST0173', 'DestinationRule shop/cart-blank-region']],
  },
];

describe('istioctl analyze test table (analyzers_test.go testGrid)', () => {
  for (const row of CASES) {
    const check = (): void => {
      if (row.deliberate === undefined) {
        expect(ourFindings(row)).toEqual(istioFindings(row));
        return;
      }
      const listed = row.deliberate.ours ?? [...row.expected, ...(row.deliberate.more ?? [])];
      const ours = listed.map(([code, resource]) => `${code} ${normalised(resource)}`).sort();
      expect(ourFindings(row)).toEqual(ours);
      expect(ours).not.toEqual(istioFindings(row));
    };
    test(`${row.name} (${row.analyzer.name}, ${row.files.join(', ')})`, check);
  }

  test('each in-scope Istio case is one row', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES).toHaveLength(38);
  });
});
