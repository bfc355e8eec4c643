/**
 * The rules of istiod's validating webhook (reference §i), each held against the Istio function it follows (istio/istio
 * `pkg/config/validation/validation.go`, `virtualservice.go`, `agent/validation.go`): for each rule, an object the
 * webhook refuses (or accepts with a warning) and one it accepts. A refused object is left out with a one-line warning
 * naming the field, the problem and the fix; a warning keeps the object in.
 */
import { TrafficEngine } from '../../src';
import { isAcceptedCipherSuite } from '../../src/istio/cipher-suites';
import { durationProblem, parseGoDuration } from '../../src/istio/duration';
import { headerValueProblem } from '../../src/istio/header-value';
import { hostsOverlap, hostSubsetOf } from '../../src/istio/host';
import { isJwtClaimRoute } from '../../src/istio/jwt-claim-route';
import { labelKeyProblem } from '../../src/istio/labels';
import { isIpSubnet } from '../../src/istio/names';
import { invalidRetryOnEntries } from '../../src/istio/retry-on';
import { loadObjects } from '../../src/manifests/load';
import { admit } from '../../src/model/admission';
import { ObjectProblem } from '../../src/model/object-problem';

type Json = Record<string, unknown>;

/** What the webhook says about an object: refused for one problem, warned about, or accepted without a word. */
type Verdict =
  | readonly ['error' | 'warning', string, string, string]
  | { readonly problems: ReadonlyArray<readonly ['error' | 'warning', string, string, string]> }
  | 'accepted';

const ROUTE = [{ destination: { host: 'shop', port: { number: 80 } } }];

function gateway(...servers: Json[]): Json {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'istio-system' },
    spec: { selector: { istio: 'ingressgateway' }, servers },
  };
}

function httpServer(extra: Json = {}): Json {
  return { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], ...extra };
}

function httpsServer(tls: Json, extra: Json = {}): Json {
  return { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*.example.com'], tls, ...extra };
}

/** A VirtualService for shop.example.com bound to istio-system/public, routing to shop; `spec` fields set to undefined are dropped. */
function virtualService(spec: Json): Json {
  const merged: Json = { hosts: ['shop.example.com'], gateways: ['istio-system/public'], http: [{ route: ROUTE }], ...spec };
  for (const key of Object.keys(merged)) {
    if (merged[key] === undefined) delete merged[key];
  }
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'shop', namespace: 'default' }, spec: merged };
}

/** A VirtualService with one http rule: `route` to shop plus `extra`. */
function httpRule(extra: Json): Json {
  return virtualService({ http: [{ route: ROUTE, ...extra }] });
}

/** A VirtualService with one http rule whose only match is `match`. */
function httpMatch(match: Json, spec: Json = {}): Json {
  return virtualService({ http: [{ match: [match], route: ROUTE }], ...spec });
}

/** A passthrough VirtualService for *.example.com with one tls rule matching `match`. */
function tlsRule(match: Json, hosts = ['*.example.com']): Json {
  return virtualService({ hosts, http: undefined, tls: [{ match: [{ port: 443, ...match }], route: ROUTE }] });
}

function destinationRule(spec: Json): Json {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'shop', namespace: 'default' }, spec: { host: 'shop', ...spec } };
}

function problemsOf(object: Json): ObjectProblem[] {
  const admission = admit(loadObjects([object]));
  return [...admission.refused.flatMap((r) => r.problems), ...admission.accepted.flatMap((a) => a.problems)];
}

function tuples(problems: readonly ObjectProblem[]): Array<[string, string, string, string]> {
  return problems.map((p) => [p.severity, p.path, p.message, p.fix]);
}

/** Checks what the webhook (and the engine, which leaves refused objects out) makes of `object`. */
function expectVerdict(object: Json, verdict: Verdict): void {
  const problems = problemsOf(object);
  expect(problems.every((p) => p.source === 'webhook')).toBe(true);
  const engine = TrafficEngine.fromManifests([object]);
  const kept = admit(loadObjects([object])).objects.length === 1;
  if (verdict === 'accepted') {
    expect(tuples(problems)).toEqual([]);
    expect(engine.warnings).toEqual([]);
    expect(kept).toBe(true);
    return;
  }
  const expected = 'problems' in verdict ? verdict.problems : [verdict];
  expect(tuples(problems)).toEqual(expected);
  const errors = expected.filter(([severity]) => severity === 'error');
  if (errors.length === 0) {
    // Accepted with a warning: kubectl prints it, the object is applied and takes part in every decision.
    expect(engine.warnings).toEqual([]);
    expect(kept).toBe(true);
    return;
  }
  expect(kept).toBe(false);
  const [, path, message, fix] = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  expect(engine.warnings.map((w) => w.message)).toEqual([
    expect.stringContaining(`: ${path}: ${message}${more}; ${fix}; Istio's validating webhook refuses the object, so it is left out`),
  ]);
}

describe('Gateway (ValidateGateway, validateServer, validateServerPort, validateServerBind, validateTLSOptions)', () => {
  test.each<[string, Json, Verdict]>([
    ['validateServerBind: bind to an IP address is accepted', gateway(httpServer({ bind: '10.0.0.1' })), 'accepted'],
    ['validateServerBind: an IPv6 address with a zone is accepted (netip.ParseAddr)', gateway(httpServer({ bind: 'fe80::1%eth0' })), 'accepted'],
    ['validateServerBind: bind to a host name is refused', gateway(httpServer({ bind: 'localhost' })),
      ['error', 'spec.servers[0].bind', "bind 'localhost' is not an IP address", 'write the IP address to listen on (e.g. 0.0.0.0), or unix:///path/to/socket']],
    ['validateServerBind: unix:// with an absolute path and port 0 is accepted',
      gateway(httpServer({ bind: 'unix:///var/run/gateway.sock', port: { number: 0, name: 'uds', protocol: 'HTTP' } })), 'accepted'],
    ['validateServerBind: unix:// with an abstract socket name is accepted',
      gateway(httpServer({ bind: 'unix://@gateway', port: { number: 0, name: 'uds', protocol: 'HTTP' } })), 'accepted'],
    ['validateServerBind (ValidateUnixAddress): a relative socket path is refused',
      gateway(httpServer({ bind: 'unix://gateway.sock', port: { number: 0, name: 'uds', protocol: 'HTTP' } })),
      ['error', 'spec.servers[0].bind', "bind 'unix://gateway.sock': 'gateway.sock' is not an absolute path to a file", 'write unix:// and an absolute path, e.g. unix:///var/run/gateway.sock']],
    ['validateServerBind: a unix:// bind with a port number is refused', gateway(httpServer({ bind: 'unix:///var/run/gateway.sock' })),
      ['error', 'spec.servers[0].port.number', 'port 80 is set on a server bound to a Unix domain socket', 'set port.number to 0 for a unix:// bind']],
    ['ValidateNamespaceSlashWildcardHostname: namespace/host and ./host are accepted',
      gateway(httpServer({ hosts: ['prod/shop.example.com', './admin.example.com', '*/*.example.org'] })), 'accepted'],
    ['ValidateNamespaceSlashWildcardHostname: a namespace part that is not a DNS label is refused', gateway(httpServer({ hosts: ['prod_1/shop.example.com'] })),
      ['error', 'spec.servers[0].hosts[0]', "host 'prod_1/shop.example.com' has an invalid namespace part 'prod_1': use *, . or a namespace name",
        'write [namespace/]host, e.g. shop.example.com or */*.example.com']],
    ['ValidateNamespaceSlashWildcardHostname: an empty namespace part is refused', gateway(httpServer({ hosts: ['/shop.example.com'] })),
      ['error', 'spec.servers[0].hosts[0]', "host '/shop.example.com' has an invalid namespace part '': use *, . or a namespace name",
        'write [namespace/]host, e.g. shop.example.com or */*.example.com']],
    ['validateServerPort: targetPort 0 is accepted (only a positive targetPort is refused)',
      gateway(httpServer({ port: { number: 80, name: 'http', protocol: 'HTTP', targetPort: 0 } })), 'accepted'],
    ['validateTLSOptions: one certificate source is accepted', gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls' })), 'accepted'],
    ['validateTLSOptions: credentialName beside certificate files is refused (only one certificate source)',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', serverCertificate: '/etc/tls/tls.crt', privateKey: '/etc/tls/tls.key' })),
      ['error', 'spec.servers[0].tls', 'only one certificate source may be set, found serverCertificate/privateKey, credentialName', 'keep one of them (credentialName is the usual one)']],
    ['validateTLSOptions: two tlsCertificates pairs (RSA and ECDSA) are accepted',
      gateway(httpsServer({ mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/rsa.crt', privateKey: '/rsa.key' }, { serverCertificate: '/ec.crt', privateKey: '/ec.key' }] })),
      'accepted'],
    ['validateTLSOptions: a tlsCertificates pair without privateKey is refused',
      gateway(httpsServer({ mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/rsa.crt' }] })),
      ['error', 'spec.servers[0].tls.tlsCertificates[0].privateKey', 'SIMPLE mode needs privateKey beside serverCertificate', 'set the path of the key file']],
    ['validateTLSOptions: serverCertificate without privateKey is refused',
      gateway(httpsServer({ mode: 'SIMPLE', serverCertificate: '/etc/tls/tls.crt' })),
      ['error', 'spec.servers[0].tls.privateKey', 'SIMPLE mode needs privateKey beside serverCertificate', 'set the path of the key file']],
    ['validateTLSOptions: minProtocolVersion TLSV1_0 with cipherSuites is accepted',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_0', cipherSuites: ['ECDHE-RSA-AES128-SHA'] })), 'accepted'],
    ['validateTLSOptions: minProtocolVersion TLSV1_1 without cipherSuites is a warning',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_1' })),
      ['warning', 'spec.servers[0].tls.minProtocolVersion', "TLSV1_1 needs cipherSuites: Envoy's default suites no longer include ones TLS below 1.2 can use",
        'list the cipherSuites the old clients support, or use TLSV1_2']],
    ['validateTLSOptions: known cipher names and cipher-string operators are accepted (security.IsValidCipherSuite)',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305', '!aNULL', 'ALL'] })), 'accepted'],
    ['validateTLSOptions: unknown cipher names are a warning (istiod drops them)',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', cipherSuites: ['TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'RC4-MD5'] })),
      ['warning', 'spec.servers[0].tls.cipherSuites', 'unknown cipher suites RC4-MD5, TLS_AES_128_GCM_SHA256 are ignored',
        'use BoringSSL cipher names such as ECDHE-RSA-AES128-GCM-SHA256 or ECDHE-ECDSA-AES256-GCM-SHA384']],
    ['validateTLSOptions: a repeated cipher name is a warning',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', cipherSuites: ['AES128-SHA', 'AES256-SHA', 'AES128-SHA'] })),
      ['warning', 'spec.servers[0].tls.cipherSuites', 'repeated cipher suites AES128-SHA are ignored', 'list each cipher suite once']],
    ['validateTLSOptions does not compare the protocol versions: minProtocolVersion above maxProtocolVersion is accepted',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', minProtocolVersion: 'TLSV1_3', maxProtocolVersion: 'TLSV1_2' })), 'accepted'],
    ['validateTLSOptions: caCrl in SIMPLE mode with certificate files is refused',
      gateway(httpsServer({ mode: 'SIMPLE', serverCertificate: '/tls.crt', privateKey: '/tls.key', caCrl: '/crl.pem' })),
      ['error', 'spec.servers[0].tls.caCrl', 'caCrl cannot be used in SIMPLE mode (no client certificates to revoke)', 'remove caCrl, or use MUTUAL']],
    ['validateTLSOptions: caCrl in MUTUAL mode with certificate files is accepted',
      gateway(httpsServer({ mode: 'MUTUAL', serverCertificate: '/tls.crt', privateKey: '/tls.key', caCertificates: '/ca.pem', caCrl: '/crl.pem' })), 'accepted'],
    ['validateTLSOptions: with credentialName a terminating mode needs nothing else, so caCrl is not checked',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', caCrl: '/crl.pem' })), 'accepted'],
    ['validateTLSOptions: caCrl with credentialName on a passthrough server is refused (and the certificates ignored)',
      gateway(httpsServer({ mode: 'PASSTHROUGH', credentialName: 'shop-tls', caCrl: '/crl.pem' })),
      {
        problems: [
          ['warning', 'spec.servers[0].tls', 'credentialName, caCrl are ignored in PASSTHROUGH mode', 'remove them, or set mode SIMPLE to terminate TLS'],
          ['error', 'spec.servers[0].tls.caCrl', 'caCrl cannot be used with credentialName', 'put the revocation list in the credential Secret (ca.crl), and remove caCrl'],
        ],
      }],
    ['validateTLSOptions: an HTTPS server with credentialName and no mode passes through (the default mode), with a warning',
      gateway(httpsServer({ credentialName: 'shop-tls' })),
      ['warning', 'spec.servers[0].tls', 'credentialName is ignored in PASSTHROUGH mode (the default when mode is omitted)', 'remove them, or set mode SIMPLE to terminate TLS']],
    ['validateTLSOptions: ISTIO_MUTUAL with caCrl is accepted (only certificate and credential fields are forbidden)',
      gateway(httpsServer({ mode: 'ISTIO_MUTUAL', caCrl: '/crl.pem' })), 'accepted'],
    ['validateTLSOptions: ISTIO_MUTUAL with credentialName is refused', gateway(httpsServer({ mode: 'ISTIO_MUTUAL', credentialName: 'shop-tls' })),
      ['error', 'spec.servers[0].tls.credentialName', "ISTIO_MUTUAL uses the gateway's own workload certificate and forbids credentialName", 'remove credentialName, or use SIMPLE or MUTUAL']],
    ['ValidateGateway: httpsRedirect on an HTTP server is accepted', gateway(httpServer({ tls: { httpsRedirect: true } })), 'accepted'],
    ['ValidateGateway: httpsRedirect on an HTTPS server is a warning',
      gateway(httpsServer({ mode: 'SIMPLE', credentialName: 'shop-tls', httpsRedirect: true })),
      ['warning', 'spec.servers[0].tls.httpsRedirect', 'httpsRedirect has no effect on a HTTPS server', 'remove it; it belongs on the plain HTTP server']],
    ['validateServer: an HTTP server whose tls names a credential (mode left at PASSTHROUGH) is accepted, the credential ignored',
      gateway(httpServer({ tls: { httpsRedirect: true, credentialName: 'shop-tls' } })),
      ['warning', 'spec.servers[0].tls', 'credentialName is ignored in PASSTHROUGH mode (the default when mode is omitted)', 'remove them; a plain HTTP server does not terminate TLS']],
    ['validateServer: an HTTP server with a terminating TLS mode is refused',
      gateway(httpServer({ tls: { mode: 'SIMPLE', credentialName: 'shop-tls' } })),
      ['error', 'spec.servers[0].tls', 'a HTTP server may have tls only for httpsRedirect, not mode SIMPLE', 'make the server HTTPS to terminate TLS, or keep only httpsRedirect']],
    ['validateServer: a TCP server with tls is refused (and httpsRedirect on it warned about)',
      gateway({ port: { number: 3306, name: 'mysql', protocol: 'TCP' }, hosts: ['*'], tls: { httpsRedirect: true } }),
      {
        problems: [
          ['error', 'spec.servers[0].tls', 'a TCP server cannot have tls settings', 'remove tls, or make the server HTTPS or TLS'],
          ['warning', 'spec.servers[0].tls.httpsRedirect', 'httpsRedirect has no effect on a TCP server', 'remove it; it belongs on the plain HTTP server'],
        ],
      }],
  ])('%s', (_title, object, verdict) => expectVerdict(object, verdict));

  test('the CRD (maxItems: 2) refuses a third tlsCertificates pair before the webhook would warn about it', () => {
    const pairs = ['a', 'b', 'c'].map((k) => ({ serverCertificate: `/${k}.crt`, privateKey: `/${k}.key` }));
    const problems = problemsOf(gateway(httpsServer({ mode: 'SIMPLE', tlsCertificates: pairs })));
    expect(problems.map((p) => [p.source, p.path, p.message])).toEqual([['schema', 'spec.servers[0].tls.tlsCertificates', 'must NOT have more than 2 items']]);
  });
});

describe('VirtualService (ValidateVirtualService, validateHTTPRoute, virtualservice.go)', () => {
  test.each<[string, Json, Verdict]>([
    ['validateGatewayNames: namespace/name references are accepted', virtualService({ gateways: ['istio-system/public', 'prod/edge'] }), 'accepted'],
    ['validateGatewayNames: the legacy dotted form is a warning',
      virtualService({ gateways: ['public.istio-system.svc.cluster.local'] }),
      ['warning', 'spec.gateways[0]', "gateway reference 'public.istio-system.svc.cluster.local' uses the legacy dotted form", "write it as 'istio-system/public'"]],
    ['validateGatewayNames: a name that is not a DNS label is refused', virtualService({ gateways: ['istio-system/public_gw'] }),
      ['error', 'spec.gateways[0]', "gateway reference 'istio-system/public_gw': name 'public_gw' is not a DNS-1123 label", 'write namespace/name, e.g. istio-system/public']],
    ['validateGatewayNames: ./name is refused (the namespace must be named)', virtualService({ gateways: ['./public'] }),
      ['error', 'spec.gateways[0]', "gateway reference './public': namespace '.' is not a DNS-1123 label", "write the namespace's name instead of '.'"]],
    ['validateGatewayNames: an empty name is refused', virtualService({ gateways: ['istio-system/'] }),
      ['error', 'spec.gateways[0]', "gateway reference 'istio-system/' has an empty name", 'write namespace/name, e.g. istio-system/public']],
    ['validateGatewayNames stops at the first name without a slash: what follows is not checked', virtualService({ gateways: ['mesh', 'istio-system/public_gw'] }), 'accepted'],
    ['validateExportTo: . alone is accepted', virtualService({ exportTo: ['.'] }), 'accepted'],
    ['validateExportTo: * alone is accepted', virtualService({ exportTo: ['*'] }), 'accepted'],
    ['validateExportTo: . beside the own namespace is refused as a duplicate', virtualService({ exportTo: ['default', '.'] }),
      ['error', 'spec.exportTo[1]', "'.' is the object's own namespace 'default', which exportTo[0] already lists", 'list each namespace once']],
    ['validateExportTo: * beside a namespace is refused', virtualService({ exportTo: ['*', 'prod'] }),
      ['error', 'spec.exportTo[0]', "'*' exports to every namespace and cannot be combined with other entries", "keep only '*', or list the namespaces without '*'"]],
    ['validateExportTo (visibility.Instance.Validate): ~ is refused outside ServiceEntries', virtualService({ exportTo: ['~'] }),
      ['error', 'spec.exportTo[0]', "'~' (export to no one) is only allowed for ServiceEntries", "use '.' to keep the object in its own namespace"]],
    ['validateExportTo: an entry that is not a namespace name is refused', virtualService({ exportTo: ['prod.apps'] }),
      ['error', 'spec.exportTo[0]', "'prod.apps' is not '.', '*' or a namespace name", "write '.', '*' or a namespace name"]],
    ['validateHTTPRouteMatchRequest: sourceNamespace that is a DNS label is accepted', httpMatch({ sourceNamespace: 'prod' }), 'accepted'],
    ['validateHTTPRouteMatchRequest: sourceNamespace that is not a DNS label is refused', httpMatch({ sourceNamespace: 'prod.apps' }),
      ['error', 'spec.http[0].match[0].sourceNamespace', "sourceNamespace 'prod.apps' is not a DNS-1123 label", 'write a namespace name']],
    ['validateHTTPRouteMatchRequest: sourceLabels with an invalid value are refused (labels.Instance.Validate)', httpMatch({ sourceLabels: { app: 'shop front' } }),
      ['error', 'spec.http[0].match[0].sourceLabels.app', "'shop front' is not a valid label value (letters, digits, -, _ and ., starting and ending with a letter or digit)",
        'use label keys and values as Kubernetes writes them']],
    ['validateHTTPRouteMatchRequest (agent.ValidatePort): a match port in range is accepted', httpMatch({ port: 8080 }), 'accepted'],
    ['validateHTTPRouteMatchRequest (agent.ValidatePort): a match port above 65535 is refused', httpMatch({ port: 70000 }),
      ['error', 'spec.http[0].match[0].port', 'port 70000 is outside 1-65535', 'use a gateway server port from 1 to 65535']],
    ['validateHTTPRouteMatchRequest: a gateways entry of a match is checked as spec.gateways is', httpMatch({ gateways: ['istio-system/Public_GW'] }),
      ['error', 'spec.http[0].match[0].gateways[0]', "gateway reference 'istio-system/Public_GW': name 'Public_GW' is not a DNS-1123 label", 'write namespace/name, e.g. istio-system/public']],
    ['validateStringMatchRegexp: an empty uri prefix is accepted (it matches every path)', httpMatch({ uri: { prefix: '' } }), 'accepted'],
    ['validateStringMatchRegexp: an empty uri regex is refused', httpMatch({ uri: { regex: '' } }),
      ['error', 'spec.http[0].match[0].uri', 'an empty regex is not allowed', 'write the regex to match, or remove the match']],
    ['ValidateHTTPHeaderNameOrJwtClaimRoute: header tokens and pseudo-headers are accepted',
      httpMatch({ headers: { 'x-user': { exact: 'a' }, ':authority': { exact: 'shop.example.com' } }, withoutHeaders: { 'x-debug': { regex: '*' } } }), 'accepted'],
    ['ValidateHTTPHeaderNameOrJwtClaimRoute: a header name with a space is refused', httpMatch({ headers: { 'x user': { exact: 'a' } } }),
      ['error', "spec.http[0].match[0].headers['x user']", "header name 'x user' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)",
        'match on a header name, a pseudo-header such as :method, or @request.auth.claims.NAME']],
    ['ValidateVirtualService: JWT claim routing is accepted in a VirtualService bound to gateways only',
      httpMatch({ headers: { '@request.auth.claims.groups': { exact: 'admin' } }, withoutHeaders: { '@request.auth.claims[iss]': { exact: 'x' } } }), 'accepted'],
    ['ValidateVirtualService: JWT claim routing is refused in a VirtualService that applies to mesh',
      httpMatch({ headers: { '@request.auth.claims.groups': { exact: 'admin' } } }, { gateways: ['istio-system/public', 'mesh'] }),
      ['error', "spec.http[0].match[0].headers['@request.auth.claims.groups']", "JWT claim routing ('@request.auth.claims.groups') works only in a VirtualService bound to gateways",
        'bind the VirtualService to gateways only (spec.gateways without mesh), or match on a header']],
    ['validateHTTPRoute: header operations with valid names and Envoy format values are accepted',
      httpRule({
        headers: {
          request: { set: { 'host': 'shop.internal', 'x-id': '%REQ(x-request-id)%' }, add: { 'x-share': '100%%' }, remove: ['x-debug'] },
          response: { set: { 'x-served-by': '%HOSTNAME%' }, remove: ['server'] },
        },
      }), 'accepted'],
    ['ValidateHTTPHeaderOperationName: a response may not set Host', httpRule({ headers: { response: { set: { Host: 'a' } } } }),
      ['error', 'spec.http[0].headers.response.set.Host', "header 'Host' is the Host header, which only a request set or add may change",
        'change the authority with rewrite.authority or a request set of host; leave pseudo-headers alone']],
    ['ValidateHTTPHeaderWithAuthorityOperationName: a request may not add a pseudo-header other than :authority', httpRule({ headers: { request: { add: { ':path': '/x' } } } }),
      ['error', "spec.http[0].headers.request.add[':path']", "header ':path' is a pseudo-header (starts with :), which cannot be changed (except :authority)",
        'change the authority with rewrite.authority or a request set of host; leave pseudo-headers alone']],
    ['ValidateHTTPHeaderOperationName: a request may not remove Host', httpRule({ headers: { request: { remove: ['host'] } } }),
      ['error', 'spec.http[0].headers.request.remove[0]', "header 'host' is the Host header, which only a request set or add may change",
        'change the authority with rewrite.authority or a request set of host; leave pseudo-headers alone']],
    ['ValidateHTTPHeaderValue: a single % is refused', httpRule({ headers: { response: { add: { 'x-share': '50%' } } } }),
      ['error', 'spec.http[0].headers.response.add.x-share', "header value '50%' ends with a single '%' (write %% for a literal percent sign)",
        'write the value as Envoy reads it: %VARIABLE% is replaced, %% is a literal %']],
    ['ValidateHTTPHeaderValue: a control character is refused', httpRule({ headers: { request: { set: { 'x-a': 'a\nb' } } } }),
      ['error', 'spec.http[0].headers.request.set.x-a', "header value 'a\nb' contains a control character", 'write the value as Envoy reads it: %VARIABLE% is replaced, %% is a literal %']],
    ['validateHTTPRouteDestinations: the headers of a destination are checked too',
      virtualService({ http: [{ route: [{ destination: { host: 'shop' }, headers: { response: { set: { ':status': '200' } } } }] }] }),
      ['error', "spec.http[0].route[0].headers.response.set[':status']", "header ':status' is a pseudo-header (starts with :), which cannot be changed",
        'change the authority with rewrite.authority or a request set of host; leave pseudo-headers alone']],
    ['validateAuthorityRewrite: the authority changed in one place is accepted', httpRule({ rewrite: { authority: 'shop.internal' } }), 'accepted'],
    ['validateAuthorityRewrite: the authority changed in two places is refused',
      httpRule({ rewrite: { authority: 'shop.internal' }, headers: { request: { set: { Host: 'other.internal' } } } }),
      ['error', 'spec.http[0].headers.request.set.Host', "sets the authority to 'other.internal', which spec.http[0].rewrite.authority already sets to 'shop.internal'",
        'change the authority in one place only']],
    ['validateHTTPFaultInjection: an abort with an HTTP status and a delay are accepted',
      httpRule({ fault: { abort: { httpStatus: 503, percentage: { value: 0.5 } }, delay: { fixedDelay: '2s', percentage: { value: 100 } } } }), 'accepted'],
    ['validateHTTPFaultInjection: a fault without abort or delay is refused', httpRule({ fault: {} }),
      ['error', 'spec.http[0].fault', 'fault injection needs an abort, a delay or both', 'add abort (httpStatus or grpcStatus) or delay (fixedDelay)']],
    ['validateHTTPStatus: an abort status above 600 is refused', httpRule({ fault: { abort: { httpStatus: 700 } } }),
      ['error', 'spec.http[0].fault.abort.httpStatus', 'status 700 is outside 200-600', 'use an HTTP status from 200 to 600, e.g. 503']],
    ['validateGRPCStatus: a gRPC status name is accepted', httpRule({ fault: { abort: { grpcStatus: 'UNAVAILABLE' } } }), 'accepted'],
    ['validateGRPCStatus: a gRPC status in lower case is refused', httpRule({ fault: { abort: { grpcStatus: 'unavailable' } } }),
      ['error', 'spec.http[0].fault.abort.grpcStatus', "'unavailable' is not a gRPC status name", 'write a status name such as UNAVAILABLE or NOT_FOUND']],
    ['validateHTTPFaultInjectionAbort: an HTTP/2 error abort is refused', httpRule({ fault: { abort: { http2Error: 'REFUSED_STREAM' } } }),
      ['error', 'spec.http[0].fault.abort.http2Error', 'aborting with an HTTP/2 error is not supported', 'abort with httpStatus or grpcStatus']],
    ['validateHTTPFaultInjectionAbort: an abort without an error type is a warning', httpRule({ fault: { abort: { percentage: { value: 10 } } } }),
      ['warning', 'spec.http[0].fault.abort', 'an abort without httpStatus or grpcStatus aborts nothing', 'set httpStatus (e.g. 503) or grpcStatus']],
    ['validatePercentage: a fault percentage between 0 and 0.0001 is refused', httpRule({ fault: { abort: { httpStatus: 503, percentage: { value: 0.00001 } } } }),
      ['error', 'spec.http[0].fault.abort.percentage.value', 'percentage 0.00001 is neither 0 nor from 0.0001 to 100', 'use 0, or a percentage from 0.0001 to 100']],
    ['validateHTTPFaultInjectionDelay: exponentialDelay is refused', httpRule({ fault: { delay: { exponentialDelay: '1s' } } }),
      ['error', 'spec.http[0].fault.delay.exponentialDelay', 'exponentialDelay is not supported', 'use fixedDelay']],
    ['ValidateDuration: a delay below 1ms is refused (the CRD refuses it too)', httpRule({ fault: { delay: { fixedDelay: '500us' } } }),
      ['error', 'spec.http[0].fault.delay.fixedDelay', "duration '500us' is shorter than 1ms", 'write a duration of at least 1ms in whole milliseconds, e.g. 500ms or 15s']],
    ['ValidateHTTPRetry: attempts with perTryTimeout and retryOn policies and status codes are accepted',
      httpRule({ retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream,503', backoff: '25ms' } }), 'accepted'],
    ['ValidateHTTPRetry: attempts 0 alone (retries disabled) is accepted', httpRule({ retries: { attempts: 0 } }), 'accepted'],
    ['ValidateHTTPRetry: negative attempts are refused', httpRule({ retries: { attempts: -1 } }),
      ['error', 'spec.http[0].retries.attempts', 'attempts -1 is negative', 'use 0 to disable retries, or a positive number']],
    ['ValidateHTTPRetry: retryOn without attempts (0, retries disabled) is refused', httpRule({ retries: { retryOn: '5xx' } }),
      ['error', 'spec.http[0].retries.attempts', 'attempts is not set (0 disables retries), yet retryOn is set', 'set attempts to the number of retries, or remove the other retry settings']],
    ['ValidateHTTPRetry: a retryOn entry that is neither a policy nor a named status code is refused', httpRule({ retries: { attempts: 2, retryOn: '5xx, reset,599' } }),
      ['error', 'spec.http[0].retries.retryOn', "' reset', '599' are not retry conditions",
        'list Envoy retry conditions (5xx, gateway-error, connect-failure, reset, retriable-4xx, ...) or status codes, separated by commas without spaces']],
    ['ValidateDuration: a perTryTimeout that is not whole milliseconds is refused', httpRule({ retries: { attempts: 2, perTryTimeout: '1.5ms' } }),
      ['error', 'spec.http[0].retries.perTryTimeout', "duration '1.5ms' is not a whole number of milliseconds", 'write a duration of at least 1ms in whole milliseconds, e.g. 500ms or 15s']],
    ['ValidateDuration: Go durations are accepted as timeouts', httpRule({ timeout: '1m30s' }), 'accepted'],
    ['ValidateDuration: timeout 0s is refused (the CRD refuses it too)', httpRule({ timeout: '0s' }),
      ['error', 'spec.http[0].timeout', "duration '0s' is shorter than 1ms", 'write a duration of at least 1ms in whole milliseconds, e.g. 500ms or 15s']],
    ['ValidateDuration: a timeout without a unit is refused', httpRule({ timeout: '10' }),
      ['error', 'spec.http[0].timeout', "'10' is not a duration (write a number and a unit, e.g. 500ms, 5s or 1m30s)", 'write a duration of at least 1ms in whole milliseconds, e.g. 500ms or 15s']],
    ['validateHTTPMirrors: mirrors with percentages are accepted',
      httpRule({ mirrors: [{ destination: { host: 'shadow', port: { number: 80 } }, percentage: { value: 25 } }] }), 'accepted'],
    ['validateHTTPMirrors: a mirror percentage below 0 is refused', httpRule({ mirrors: [{ destination: { host: 'shadow' }, percentage: { value: -1 } }] }),
      ['error', 'spec.http[0].mirrors[0].percentage.value', 'percentage -1 is outside 0-100', 'use a percentage from 0 to 100']],
    ['validateHTTPRoute: mirrorPercentage above 100 is refused', httpRule({ mirror: { host: 'shadow' }, mirrorPercentage: { value: 150 } }),
      ['error', 'spec.http[0].mirrorPercentage.value', 'percentage 150 is outside 0-100', 'use a percentage from 0 to 100']],
    ['validateHTTPRoute: the deprecated mirrorPercent is a warning', httpRule({ mirror: { host: 'shadow' }, mirrorPercent: 50 }),
      ['warning', 'spec.http[0].mirrorPercent', 'mirrorPercent is deprecated', 'use mirrorPercentage: {value: ...} instead']],
    ['validateDestination: a mirror to host * is refused', httpRule({ mirror: { host: '*' } }),
      ['error', 'spec.http[0].mirror.host', "destination host '*' is not allowed", 'name the Service']],
    ['validatePortSelector: a destination port without a number is refused', virtualService({ http: [{ route: [{ destination: { host: 'shop', port: {} } }] }] }),
      ['error', 'spec.http[0].route[0].destination.port.number', 'port has no number', 'use the Service port, from 1 to 65535']],
    ['validatePortSelector: a destination port above 65535 is refused', virtualService({ http: [{ route: [{ destination: { host: 'shop', port: { number: 70000 } } }] }] }),
      ['error', 'spec.http[0].route[0].destination.port.number', 'port 70000 is outside 1-65535', 'use the Service port, from 1 to 65535']],
    ['validateSubsetName: a subset name in upper case is accepted (labels.IsDNS1123Label allows either case)',
      virtualService({ http: [{ route: [{ destination: { host: 'shop', subset: 'V1' } }] }] }), 'accepted'],
    ['validateCORSPolicy: origins, methods, headers and a whole-second maxAge are accepted',
      httpRule({
        corsPolicy: {
          allowOrigins: [{ exact: 'https://shop.example.com' }, { regex: 'https://.*\\.example\\.com' }],
          allowMethods: ['GET', 'POST', '*'],
          allowHeaders: ['content-type', '*'],
          exposeHeaders: ['x-total'],
          maxAge: '24h',
        },
      }), 'accepted'],
    ['validateAllowOrigins: an empty origin is refused', httpRule({ corsPolicy: { allowOrigins: [{ exact: '' }] } }),
      ['error', 'spec.http[0].corsPolicy.allowOrigins[0]', 'an allowed origin must be a non-empty exact, prefix or regex', 'write the origin, e.g. exact: https://shop.example.com']],
    ['validateCORSHTTPMethod: a method in lower case is refused', httpRule({ corsPolicy: { allowMethods: ['get'] } }),
      ['error', 'spec.http[0].corsPolicy.allowMethods[0]', "'get' is not an HTTP method Istio knows (case matters)", 'use GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE, *']],
    ['ValidateCORSHTTPHeaderName: an allowed header with a space is refused', httpRule({ corsPolicy: { allowHeaders: ['content type'] } }),
      ['error', 'spec.http[0].corsPolicy.allowHeaders[0]', "header name 'content type' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)", "write a header name, or '*'"]],
    ['validateCORSPolicy: a maxAge that is not whole seconds is refused', httpRule({ corsPolicy: { maxAge: '1500ms' } }),
      ['error', 'spec.http[0].corsPolicy.maxAge', "maxAge '1500ms' is not a whole number of seconds", 'write whole seconds, e.g. 24h or 600s']],
    ['validateHTTPRedirect: a redirect that only derives the port is accepted', virtualService({ http: [{ redirect: { derivePort: 'FROM_REQUEST_PORT' } }] }), 'accepted'],
    ['validateHTTPRedirect: a redirect with nothing to redirect to is refused', virtualService({ http: [{ redirect: { redirectCode: 308 } }] }),
      ['error', 'spec.http[0].redirect', 'a redirect must set uri, authority, scheme, port or derivePort', 'say where to redirect, e.g. scheme: https or uri: /new']],
    ['validateHTTPRedirect: a redirect port above 65535 is refused', virtualService({ http: [{ redirect: { port: 70000 } }] }),
      ['error', 'spec.http[0].redirect.port', 'port 70000 is outside 1-65535', 'use a port from 1 to 65535']],
    ['validateHTTPDirectResponse: a small body is accepted', virtualService({ http: [{ directResponse: { status: 200, body: { string: 'ok' } } }] }), 'accepted'],
    ['validateHTTPDirectResponse: a body above 100 KiB is a warning',
      virtualService({ http: [{ directResponse: { status: 200, body: { string: 'x'.repeat(200 * 1024) } } }] }),
      ['warning', 'spec.http[0].directResponse.body', 'the body is 204800 bytes (above 100 KiB), which slows the control plane down', 'serve large bodies from a Service, not from the route']],
    ['validateHTTPDirectResponse: a body above 1 MiB (counted in decoded bytes) is refused',
      virtualService({ http: [{ directResponse: { status: 200, body: { bytes: Buffer.alloc(1024 * 1024 + 1).toString('base64') } } }] }),
      ['error', 'spec.http[0].directResponse.body', 'the body is 1048577 bytes, above the 1 MiB limit', 'serve large bodies from a Service, not from the route']],
    ['validateHTTPRewrite: a rewrite of the authority alone is accepted', httpRule({ rewrite: { authority: 'shop.internal' } }), 'accepted'],
    ['validateHTTPRewrite: a rewrite that rewrites nothing is refused', httpRule({ rewrite: {} }),
      ['error', 'spec.http[0].rewrite', 'a rewrite must set uri, uriRegexRewrite or authority', 'say what to rewrite, or remove rewrite']],
    ['validateHTTPRouteConflict: a rule of a delegate VirtualService cannot delegate again',
      virtualService({ hosts: undefined, gateways: undefined, http: [{ delegate: { name: 'deeper' } }] }),
      {
        problems: [
          ['error', 'spec.http[0].delegate', 'a rule of a delegate VirtualService (one without hosts) cannot delegate again', 'route, redirect or respond here instead'],
          ['error', 'spec.http[0]', 'an http rule needs route, redirect, directResponse or delegate', 'add route with the destination'],
        ],
      }],
    ['ValidateVirtualService (host.Name.Matches): the same wildcard twice is a duplicate host', virtualService({ hosts: ['*.example.com', '*.example.com'] }),
      ['error', 'spec.hosts[1]', "host '*.example.com' overlaps spec.hosts[0] '*.example.com' (duplicate hosts)", 'keep one of them, or move one to another VirtualService']],
    ['validateSniHost: an SNI host within the hosts (an equal wildcard included) is accepted', tlsRule({ sniHosts: ['db.example.com', '*.example.com'] }), 'accepted'],
    ['validateSniHost: an SNI host outside the hosts is refused', tlsRule({ sniHosts: ['db.example.org'] }),
      ['error', 'spec.tls[0].match[0].sniHosts[0]', "SNI host 'db.example.org' is not within the VirtualService's hosts (*.example.com)", 'add a host that covers it to spec.hosts, or correct the SNI host']],
    ['validateSniHost: a wider wildcard than the hosts is refused', tlsRule({ sniHosts: ['*.com'] }),
      ['error', 'spec.tls[0].match[0].sniHosts[0]', "SNI host '*.com' is not within the VirtualService's hosts (*.example.com)", 'add a host that covers it to spec.hosts, or correct the SNI host']],
    ['validateSniHost: an IP address as SNI host is a warning', tlsRule({ sniHosts: ['10.0.0.1'] }),
      ['warning', 'spec.tls[0].match[0].sniHosts[0]', "SNI host '10.0.0.1' is an IP address, which the SNI standard does not allow and most clients never send", 'route by a host name']],
    ['validateTLSMatch (ValidateIPSubnet): destination subnets are accepted', tlsRule({ sniHosts: ['db.example.com'], destinationSubnets: ['10.0.0.0/16', '2001:db8::1'] }), 'accepted'],
    ['validateTCPMatch (ValidateIPSubnet): a CIDR block with too many bits is refused',
      virtualService({ http: undefined, tcp: [{ match: [{ port: 3306, destinationSubnets: ['10.0.0.0/33'] }], route: ROUTE }] }),
      ['error', 'spec.tcp[0].match[0].destinationSubnets[0]', "'10.0.0.0/33' is not an IP address or CIDR block", 'write an address such as 10.0.0.1 or a block such as 10.0.0.0/16']],
  ])('%s', (_title, object, verdict) => expectVerdict(object, verdict));
});

describe('DestinationRule (ValidateDestinationRule, validateSubset, validateExportTo, validateWorkloadSelector)', () => {
  test.each<[string, Json, Verdict]>([
    ['validateSubset (labels.Instance.Validate): subset labels with prefixed keys are accepted',
      destinationRule({ subsets: [{ name: 'v1', labels: { 'app.kubernetes.io/version': 'v1', 'track': '' } }] }), 'accepted'],
    ['validateSubset (labels.Instance.Validate): a label key with a space is refused', destinationRule({ subsets: [{ name: 'v1', labels: { 'my version': 'v1' } }] }),
      ['error', "spec.subsets[0].labels['my version']", "'my version' is not a valid label key ([prefix/]name: letters, digits, -, _ and ., starting and ending with a letter or digit)",
        'use label keys and values as the pods carry them']],
    ['validateSubset (labels.Instance.Validate): a label value ending in - is refused', destinationRule({ subsets: [{ name: 'v1', labels: { version: 'v1-' } }] }),
      ['error', 'spec.subsets[0].labels.version', "'v1-' is not a valid label value (letters, digits, -, _ and ., starting and ending with a letter or digit)",
        'use label keys and values as the pods carry them']],
    ['validateSubsetName: a subset name in upper case is accepted', destinationRule({ subsets: [{ name: 'V1', labels: { version: 'v1' } }] }), 'accepted'],
    ['validateExportTo: a DestinationRule exported to . is accepted', destinationRule({ exportTo: ['.'] }), 'accepted'],
    ['validateExportTo: a namespace listed twice is refused', destinationRule({ exportTo: ['prod', 'prod'] }),
      ['error', 'spec.exportTo[1]', "'prod' repeats exportTo[0]", 'list each namespace once']],
    ['validateExportTo: a DestinationRule with a workloadSelector exported to its own namespace is accepted',
      destinationRule({ workloadSelector: { matchLabels: { app: 'shop' } }, exportTo: ['.'] }), 'accepted'],
    ['validateExportTo: a DestinationRule with a workloadSelector exported to another namespace is refused',
      destinationRule({ workloadSelector: { matchLabels: { app: 'shop' } }, exportTo: ['prod'] }),
      ['error', 'spec.exportTo', "a DestinationRule with a workloadSelector cannot be exported beyond its own namespace 'default'", "set exportTo to ['.'] or remove it"]],
    ['validateExportTo: a DestinationRule with a workloadSelector exported to several namespaces is refused',
      destinationRule({ workloadSelector: { matchLabels: { app: 'shop' } }, exportTo: ['.', 'prod'] }),
      ['error', 'spec.exportTo', 'a DestinationRule with a workloadSelector can only be exported to its own namespace, not to several', "set exportTo to ['.'] or remove it"]],
    ['validateWorkloadSelector: a selector with a wildcard is refused', destinationRule({ workloadSelector: { matchLabels: { app: 'shop-*' } } }),
      ['error', 'spec.workloadSelector.matchLabels.app', "'app=shop-*' has a wildcard, which a selector does not support", 'select the pods by their exact labels']],
    ['validateWorkloadSelector: a selector without labels is a warning', destinationRule({ workloadSelector: {} }),
      ['warning', 'spec.workloadSelector', 'workloadSelector has no matchLabels', 'add matchLabels naming the workloads, or remove workloadSelector']],
  ])('%s', (_title, object, verdict) => expectVerdict(object, verdict));
});

describe('every kind (validateMetadata, checkDryRunAnnotation)', () => {
  const annotated = (object: Json, annotations: Record<string, string>): Json =>
    ({ ...object, metadata: { ...(object.metadata as Json), annotations } });

  test.each<[string, Json, Verdict]>([
    ['ordinary annotations are accepted', annotated(gateway(httpServer()), { 'kubernetes.io/description': 'public' }), 'accepted'],
    ['istio.io/dry-run is refused on a VirtualService (AuthorizationPolicies only)', annotated(virtualService({}), { 'istio.io/dry-run': 'true' }),
      ['error', "metadata.annotations['istio.io/dry-run']", 'istio.io/dry-run is only supported on AuthorizationPolicies', 'remove the annotation']],
    ['an annotation istiod keeps for the objects it generates is refused', annotated(destinationRule({}), { 'internal.istio.io/parents': 'x' }),
      ['error', "metadata.annotations['internal.istio.io/parents']", 'internal.istio.io/parents is reserved for objects istiod generates', 'remove the annotation']],
  ])('%s', (_title, object, verdict) => expectVerdict(object, verdict));
});

describe('the Istio facts the rules read (src/istio)', () => {
  test('Go durations (time.ParseDuration), and what ValidateDuration refuses', () => {
    expect(['1.5s', '250ms', '1h30m', '0', '-1s', '.5s', '1.s', '2\u00b5s', '100ns'].map(parseGoDuration))
      .toEqual([1.5e9, 250e6, 5400e9, 0, -1e9, 0.5e9, 1e9, 2e3, 100]);
    expect(['', '5', 's', '.s', '1d', '1 s', '1s ', '--1s', '1e3s'].map(parseGoDuration)).toEqual(Array(9).fill(undefined));
    expect(['1ms', '15s', '24h'].map(durationProblem)).toEqual([undefined, undefined, undefined]);
    expect(['0.5ms', '-5s', '1001us'].map(durationProblem)).toEqual([
      "duration '0.5ms' is shorter than 1ms", "duration '-5s' is shorter than 1ms", "duration '1001us' is not a whole number of milliseconds",
    ]);
  });

  test('header values as Envoy parses them (header_value_validator.go)', () => {
    expect(['', 'plain', '100%%', '%HOSTNAME%', 'a %START_TIME(%s)% b', '%REQ(x-a)%', '%PER_REQUEST_STATE(["a", "b"])%', 'tab\there']
      .map(headerValueProblem)).toEqual(Array(8).fill(undefined));
    expect(['%', 'abc%123', '%START_TIME%%', '%REQ(x-a)', '%X(["a" x])%', '%X(["a"] y)%', 'a\u0000b'].map((v) => headerValueProblem(v) !== undefined))
      .toEqual(Array(7).fill(true));
  });

  test('host overlap and subset as istiod compares names (host.Name.Matches, host.Name.SubsetOf)', () => {
    expect([['*', 'a.com'], ['*.com', '*.a.com'], ['a.b.com', '*.b.com'], ['*.a.com', '*.a.com']].map(([a, b]) => hostsOverlap(a, b))).toEqual([true, true, true, true]);
    expect([['*.a.com', 'a.com'], ['shop', 'shop.default.svc.cluster.local']].map(([a, b]) => hostsOverlap(a, b))).toEqual([false, false]);
    expect([['x.a.com', '*.a.com'], ['*.x.a.com', '*.a.com'], ['*.a.com', '*.a.com'], ['a.com', 'a.com'], ['*.a.com', '*']].map(([n, o]) => hostSubsetOf(n, o)))
      .toEqual([true, true, true, true, true]);
    expect([['*.a.com', 'x.a.com'], ['*.com', '*.a.com'], ['a.com', '*.a.com']].map(([n, o]) => hostSubsetOf(n, o))).toEqual([false, false, false]);
  });

  test('IP subnets (ValidateIPSubnet), label keys (labels.Instance.Validate), JWT claim keys (ToRoutingClaim)', () => {
    expect(['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', 'fe80::1%eth0'].every(isIpSubnet)).toBe(true);
    expect(['10.0.0.0/33', '10.0.0.0/', '10.0.0/8', 'a.b.c.d', '10.0.0.0/8/8', '::1/129'].some(isIpSubnet)).toBe(false);
    expect(['app', 'app.kubernetes.io/name', 'Example.COM/x_y.z', 'a'.repeat(63)].map(labelKeyProblem)).toEqual(Array(4).fill(undefined));
    expect(['', '-app', 'a/b/c', 'x/', `${'a'.repeat(64)}`].every((k) => labelKeyProblem(k) !== undefined)).toBe(true);
    expect(['@request.auth.claims.sub', '@REQUEST.AUTH.CLAIMS.sub', '@request.auth.claims[a][b]'].every(isJwtClaimRoute)).toBe(true);
    expect(['@request.auth.claims', '@request.auth.claims.', '@request.auth.claims[]', '@request.auth.claimsx'].some(isJwtClaimRoute)).toBe(false);
  });

  test('retryOn entries (supportedRetryOnPolicies, net/http StatusText) and cipher names (security.IsValidCipherSuite)', () => {
    expect(invalidRetryOnEntries('5xx,retriable-status-codes,503,+429,unavailable')).toBeUndefined();
    expect(invalidRetryOnEntries('5XX,306,,reset')).toEqual(['5XX', '306', '']);
    expect(['ECDHE-RSA-AES256-GCM-SHA384', '', 'ALL', '-AES128-SHA', '!RC4'].every(isAcceptedCipherSuite)).toBe(true);
    expect(['TLS_AES_256_GCM_SHA384', 'all', 'ECDHE-RSA-AES256-GCM'].some(isAcceptedCipherSuite)).toBe(false);
  });
});
