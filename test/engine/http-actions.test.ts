/**
 * What a matched HTTP route does: httpsRedirect, redirect, rewrite, direct response, fault
 * injection, destinations (hosts, ports, subsets, weights), mirrors and the settings reported
 * alongside (timeout, retries, CORS, headers).
 */
import {
  doc, EngineCase, engineOf, fqdn, gatewayFixture, gatewayResource, HTTP_SERVER, httpServer, httpsServer, NO_ROUTE, onlyTo, runCases,
  service, virtualService,
} from './support';

const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md';
const ROUTE_GO = 'istio/istio pilot/pkg/networking/core/route/route.go';
const NEW_URI = 'envoyproxy/envoy source/common/http/utility.cc Utility::newUri, processRequestHost';
const HOST = 'shop.example.com';
const BOTH_SERVERS = HTTP_SERVER + httpsServer(['*']);

/** A fixture whose only VirtualService `vs` (host shop.example.com, namespace `namespace`) has one rule (YAML mapping). */
function oneRule(ruleYaml: string, options: { servers?: string; namespace?: string; extra?: string } = {}): string {
  const body = ruleYaml.replace(/^\s*\n/, '').replace(/\s+$/, '');
  const depth = Math.min(...body.split('\n').filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const item = body.split('\n').map((l, i) => `${i === 0 ? '- ' : '  '}${l.slice(depth)}`).join('\n');
  return gatewayFixture(options.servers ?? BOTH_SERVERS) + virtualService('vs', `
hosts: [${HOST}]
gateways: [istio-system/gw]
http:
${item}`, { namespace: options.namespace }) + (options.extra ?? '');
}

const RULE = { virtualService: 'default/vs', rule: { index: 0, name: null } };

// --- tls.httpsRedirect (reference §b.8) -----------------------------------------------------------

const REDIRECT_GATEWAY = httpServer([HOST], { httpsRedirect: true }) + httpsServer([HOST]);
const API_VS = virtualService('vs', `
hosts: [${HOST}]
gateways: [istio-system/gw]
http:
- match: [{uri: {prefix: /api}}]
  route:
  - destination: {host: api, port: {number: 80}}`);
const WITH_HTTPS_REDIRECT = gatewayFixture(REDIRECT_GATEWAY) + API_VS;
const B8 = `${REF} §b.8; istio/istio pilot/pkg/networking/core/gateway.go buildGatewayHTTPRouteConfig (RequireTls ALL); envoyproxy/envoy config_impl.cc VirtualHostImpl::getRouteFromEntries + Http::Utility::createSslRedirectPath`;

const httpsRedirect: EngineCase[] = [
  {
    name: 'httpsRedirect: 301 to https://<Host><path?query>, before any route',
    source: B8,
    manifests: WITH_HTTPS_REDIRECT,
    request: { port: 80, host: HOST, path: '/api/x?y=1' },
    expect: { action: 'redirect', status: 301, redirect: { location: `https://${HOST}/api/x?y=1` }, virtualService: null, destinations: [], server: { port: 80 } },
  },
  {
    name: 'httpsRedirect: a path no route matches is redirected too',
    source: `${B8} ("every path redirects (routes are never consulted)")`,
    manifests: WITH_HTTPS_REDIRECT,
    request: { port: 80, host: HOST, path: '/nothing' },
    expect: { action: 'redirect', status: 301, redirect: { location: `https://${HOST}/nothing` } },
  },
  {
    name: 'httpsRedirect keeps the Host verbatim, port included: Host shop.example.com:80',
    source: `${B8} ("Host: a.com:80 yields https://a.com:80/...")`,
    manifests: WITH_HTTPS_REDIRECT,
    request: { port: 80, host: `${HOST}:80`, path: '/' },
    expect: { action: 'redirect', redirect: { location: `https://${HOST}:80/` } },
  },
  {
    name: 'httpsRedirect through the nodePort keeps the nodePort of the Host',
    source: B8,
    manifests: WITH_HTTPS_REDIRECT,
    request: { nodePort: 30080, host: `${HOST}:30080`, path: '/a' },
    expect: { action: 'redirect', redirect: { location: `https://${HOST}:30080/a` } },
  },
  {
    name: 'httpsRedirect without any VirtualService still redirects (a vhost per server host)',
    source: `${B8}; gateway_simulation_test.go TestHTTPGateway "httpsRedirect without routes"`,
    manifests: gatewayFixture(REDIRECT_GATEWAY),
    request: { port: 80, host: HOST, path: '/' },
    expect: { action: 'redirect', status: 301, redirect: { location: `https://${HOST}/` } },
  },
  {
    name: 'httpsRedirect applies to the server hosts only: another Host gets 404',
    source: `${B8} (require_tls is set on the vhosts of that server's hosts)`,
    manifests: WITH_HTTPS_REDIRECT,
    request: { port: 80, host: 'other.example.com', path: '/' },
    expect: NO_ROUTE,
  },
  {
    name: 'httpsRedirect does not apply after TLS termination: the HTTPS server routes',
    source: `${B8}; gateway_simulation_test.go TestHTTPGateway "httpsRedirect on https"`,
    manifests: WITH_HTTPS_REDIRECT,
    request: { port: 443, host: HOST, path: '/api/x' },
    expect: { ...onlyTo(fqdn('api'), 80), ...RULE, server: { port: 443, protocol: 'HTTPS', name: 'https' } },
  },
  {
    name: 'httpsRedirect on the HTTPS server itself is harmless',
    source: `${REF} §b.5 "tls.httpsRedirect: true on an HTTPS server is harmless"; gateway_simulation_test.go "httpsRedirect on https"`,
    manifests: gatewayFixture(httpsServer([HOST], { httpsRedirect: true })) + API_VS,
    request: { port: 443, host: HOST, path: '/api' },
    expect: { ...onlyTo(fqdn('api'), 80), ...RULE },
  },
  {
    name: 'two HTTP servers for one host, only one with httpsRedirect: the shared vhost redirects',
    source: `${REF} §b.8 "Shared vhost"; gateway_simulation_test.go TestHTTPGateway "mixed httpsRedirect with routes"`,
    manifests: gatewayFixture(httpServer([HOST], { httpsRedirect: true }))
      + gatewayResource(httpServer([HOST]), { name: 'gw2' })
      + virtualService('vs', `hosts: [${HOST}]\ngateways: [istio-system/gw2]\nhttp:\n- route:\n  - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/api' },
    expect: { action: 'redirect', status: 301, redirect: { location: `https://${HOST}/api` } },
  },
  {
    name: 'the same two servers without httpsRedirect: the request is routed',
    source: `${REF} §b.3 (merged plaintext servers share one vhost)`,
    manifests: gatewayFixture(httpServer([HOST]))
      + gatewayResource(httpServer([HOST]), { name: 'gw2' })
      + virtualService('vs', `hosts: [${HOST}]\ngateways: [istio-system/gw2]\nhttp:\n- route:\n  - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/api' },
    expect: { ...onlyTo(fqdn('api'), 80), gateway: 'istio-system/gw2' },
  },
];

// --- redirect (reference §e.3) --------------------------------------------------------------------

const E3 = `${REF} §e.3; ${ROUTE_GO} ApplyRedirect; ${NEW_URI}`;

type RedirectRequest = { port?: number; nodePort?: number; host: string; path: string };

function redirectCase(name: string, redirect: string, request: RedirectRequest, location: string, status = 301, source = E3): EngineCase {
  return {
    name,
    source,
    manifests: oneRule(`
      match: [{uri: {prefix: /old}}]
      redirect: ${redirect}`),
    request: { port: 80, ...request },
    expect: { action: 'redirect', status, redirect: { location }, ...RULE, destinations: [], rewrite: null },
  };
}

const redirects: EngineCase[] = [
  redirectCase('redirect uri replaces the path and keeps the query', '{uri: /new}', { host: HOST, path: '/old?x=1' }, `http://${HOST}/new?x=1`),
  redirectCase('redirect uri replaces the whole path, not just the matched prefix', '{uri: /new}', { host: HOST, path: '/old/page' }, `http://${HOST}/new`),
  redirectCase('redirect uri with its own ? replaces the query', '{uri: "/new?y=2"}', { host: HOST, path: '/old?x=1' }, `http://${HOST}/new?y=2`),
  redirectCase('redirect keeps the request Host port when neither scheme nor port changes', '{uri: /new}', { host: `${HOST}:8080`, path: '/old' }, `http://${HOST}:8080/new`),
  redirectCase('redirect authority replaces the Host and drops its port', '{authority: other.example.com}', { host: `${HOST}:8080`, path: '/old' }, 'http://other.example.com/old'),
  redirectCase('redirect without uri keeps the whole path and the query', '{authority: other.example.com}', { host: HOST, path: '/old/page?x=1&y=2' }, 'http://other.example.com/old/page?x=1&y=2',
    301, `${E3} (ApplyRedirect leaves path_redirect empty; Utility::newUri then keeps the request path, and its query unless strip_query)`),
  redirectCase('redirect scheme https drops :80 from the Host (default port of the old scheme)', '{scheme: https}', { host: `${HOST}:80`, path: '/old' }, `https://${HOST}/old`),
  redirectCase('redirect scheme https keeps a non-default port of the Host', '{scheme: https}', { host: `${HOST}:8080`, path: '/old' }, `https://${HOST}:8080/old`),
  redirectCase('redirect port 8443 replaces the Host port', '{scheme: https, port: 8443}', { host: `${HOST}:8080`, path: '/old' }, `https://${HOST}:8443/old`),
  redirectCase('redirect port 443 with https is left out by istiod, so a Host port 8080 is kept', '{scheme: https, port: 443}', { host: `${HOST}:8080`, path: '/old' }, `https://${HOST}:8080/old`,
    301, `${E3} (ApplyRedirect: "Do not put explicit :80 or :443 when its http/https" zeroes PortRedirect; processRequestHost then keeps a non-default Host port)`),
  redirectCase('redirect port 443 with https and a Host without port', '{scheme: https, port: 443}', { host: HOST, path: '/old' }, `https://${HOST}/old`),
  redirectCase('redirect port 80 on http is left out by istiod: the Host port stays', '{port: 80}', { host: `${HOST}:8080`, path: '/old' }, `http://${HOST}:8080/old`,
    301, `${E3} (ApplyRedirect zeroes 80 for http)`),
  redirectCase('redirect derivePort FROM_REQUEST_PORT uses the server port 80 (kept with https)', '{scheme: https, derivePort: FROM_REQUEST_PORT}', { host: HOST, path: '/old' }, `https://${HOST}:80/old`,
    301, `${E3} (FROM_REQUEST_PORT -> the port routes are built for: the server port)`),
  redirectCase('redirect derivePort FROM_REQUEST_PORT through the nodePort still uses the server port, not 30080 or 8080', '{scheme: https, derivePort: FROM_REQUEST_PORT}', { port: undefined, nodePort: 30080, host: `${HOST}:30080`, path: '/old' }, `https://${HOST}:80/old`,
    301, `${REF} §a.3 "The nodePort is never visible to Envoy"; ${E3}`),
  redirectCase('redirect derivePort FROM_PROTOCOL_DEFAULT sets no port: https drops :80', '{scheme: https, derivePort: FROM_PROTOCOL_DEFAULT}', { host: `${HOST}:80`, path: '/old' }, `https://${HOST}/old`),
  redirectCase('redirect authority and port together', '{authority: other.example.com, port: 8080}', { host: HOST, path: '/old' }, 'http://other.example.com:8080/old'),
  redirectCase('redirectCode 302', '{uri: /new, redirectCode: 302}', { host: HOST, path: '/old' }, `http://${HOST}/new`, 302),
  redirectCase('redirectCode 308', '{uri: /new, redirectCode: 308}', { host: HOST, path: '/old' }, `http://${HOST}/new`, 308),
  redirectCase('redirectCode 0 means 301', '{uri: /new, redirectCode: 0}', { host: HOST, path: '/old' }, `http://${HOST}/new`, 301),
  {
    name: 'redirect derivePort FROM_REQUEST_PORT on the HTTPS server: 443 is left out',
    source: E3,
    manifests: oneRule(`
      redirect: {uri: /new, derivePort: FROM_REQUEST_PORT}`),
    request: { port: 443, host: HOST, path: '/old' },
    expect: { action: 'redirect', status: 301, redirect: { location: `https://${HOST}/new` } },
  },
  {
    name: 'redirect scheme http from the HTTPS server drops :443',
    source: `${E3} (processRequestHost: https -> http strips :443)`,
    manifests: oneRule(`
      redirect: {scheme: http}`),
    request: { port: 443, host: `${HOST}:443`, path: '/old' },
    expect: { action: 'redirect', redirect: { location: `http://${HOST}/old` } },
  },
  {
    name: 'redirect without scheme keeps https after TLS termination',
    source: `${E3} (final scheme = the request :scheme)`,
    manifests: oneRule(`
      redirect: {authority: other.example.com}`),
    request: { port: 443, host: HOST, path: '/x' },
    expect: { action: 'redirect', redirect: { location: 'https://other.example.com/x' } },
  },
  {
    name: 'a redirect rule only answers its own match: /other gets 404',
    source: `${REF} §d.2`,
    manifests: oneRule(`
      match: [{uri: {prefix: /old}}]
      redirect: {uri: /new}`),
    request: { port: 80, host: HOST, path: '/other' },
    expect: NO_ROUTE,
  },
];

// --- rewrite (reference §e.4) ---------------------------------------------------------------------

const E4 = `${REF} §e.4; ${ROUTE_GO} applyHTTPRouteDestination (prefix_rewrite, regex_rewrite, host_rewrite_literal); envoyproxy/envoy config_impl.cc RouteEntryImplBase::finalizePathHeader`;

/** Per-destination authority with weighted destinations: a weighted cluster's host rewrite, applied before the route's. */
const WEIGHTED_AUTHORITY = `${ROUTE_GO} processWeightedDestination (ClusterWeight host_rewrite_literal), applyHTTPRouteDestination; `
  + 'envoyproxy/envoy source/common/router/weighted_cluster_specifier.cc WeightedClusterEntry::finalizeRequestHeaders';

type Rewritten = { path: string | null; authority: string | null };

function rewriteCase(name: string, match: string | undefined, rewrite: string, path: string, expected: Rewritten, source = E4): EngineCase {
  return {
    name,
    source,
    manifests: oneRule(`
      ${match === undefined ? '' : `match: ${match}`}
      rewrite: ${rewrite}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path },
    expect: { ...onlyTo(fqdn('api'), 80), ...RULE, rewrite: expected },
  };
}

const rewrites: EngineCase[] = [
  rewriteCase('prefix /api + uri /v2: /api/users?x=1 -> /v2/users?x=1', '[{uri: {prefix: /api}}]', '{uri: /v2}', '/api/users?x=1', { path: '/v2/users?x=1', authority: null }),
  rewriteCase('prefix /api + uri /: /api/users -> //users (double slash)', '[{uri: {prefix: /api}}]', '{uri: /}', '/api/users', { path: '//users', authority: null }),
  rewriteCase('prefix /api/ + uri /: /api/users -> /users', '[{uri: {prefix: /api/}}]', '{uri: /}', '/api/users', { path: '/users', authority: null }),
  rewriteCase('prefix / (no match) + uri /v2: /users -> /v2users', undefined, '{uri: /v2}', '/users', { path: '/v2users', authority: null }),
  rewriteCase('exact match + uri: the whole path is replaced, the query kept', '[{uri: {exact: /login}}]', '{uri: /auth/login}', '/login?next=/', { path: '/auth/login?next=/', authority: null }),
  rewriteCase('regex match + uri: the whole path is replaced', '[{uri: {regex: "/u/[0-9]+"}}]', '{uri: /user}', '/u/42?x=1', { path: '/user?x=1', authority: null }),
  rewriteCase('ignoreUriCase prefix: the matched prefix is replaced whatever its case', '[{uri: {prefix: /API}, ignoreUriCase: true}]', '{uri: /v2}', '/api/x', { path: '/v2/x', authority: null }),
  rewriteCase('several matches: the prefix of the entry that matched is replaced', '[{uri: {prefix: /a}}, {uri: {prefix: /bb}}]', '{uri: /z}', '/bb/x', { path: '/z/x', authority: null }),
  rewriteCase('uriRegexRewrite with capture groups', undefined, '{uriRegexRewrite: {match: "^/service/([^/]+)(/.*)$", rewrite: "\\\\2/instance/\\\\1"}}', '/service/foo/v1/api?x=1', { path: '/v1/api/instance/foo?x=1', authority: null },
    `${E4}; Envoy RegexMatchAndSubstitute (RE2 \\1 groups, query untouched)`),
  rewriteCase('uriRegexRewrite replaces every occurrence', undefined, '{uriRegexRewrite: {match: a, rewrite: b}}', '/aXa', { path: '/bXb', authority: null }),
  rewriteCase('rewrite authority only', undefined, '{authority: internal.example.com}', '/x', { path: null, authority: 'internal.example.com' }),
  rewriteCase('rewrite uri and authority together', '[{uri: {prefix: /api}}]', '{uri: /v2, authority: internal.example.com}', '/api/x', { path: '/v2/x', authority: 'internal.example.com' }),
  {
    name: 'headers.request.set.host becomes the authority rewrite',
    source: `${E4}; ${ROUTE_GO} TranslateHeadersOperations / translateAppendHeaders (isAuthorityHeader)`,
    manifests: oneRule(`
      headers: {request: {set: {host: internal.example.com}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: { path: null, authority: 'internal.example.com' } },
  },
  {
    name: 'a single destination\'s headers.request.set.host rewrites the authority',
    source: `${REF} §e.4 "A per-destination headers.request.set.host applies only if no route-level authority rewrite exists"; ${ROUTE_GO} processDestination`,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        headers: {request: {set: {host: per-destination.example.com}}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: { path: null, authority: 'per-destination.example.com' } },
  },
  {
    name: 'headers.request.add.host rewrites the authority too',
    source: `${ROUTE_GO} TranslateHeadersOperations (the authority of add, unless set has one)`,
    manifests: oneRule(`
      headers: {request: {add: {Host: added.example.com}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: { path: null, authority: 'added.example.com' } },
  },
  {
    name: 'an :authority header set rewrites the authority like host',
    source: `${ROUTE_GO} isAuthorityHeader (:authority or host, in any case)`,
    manifests: oneRule(`
      headers: {request: {set: {":authority": set.example.com}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: { path: null, authority: 'set.example.com' } },
  },
  {
    name: 'headers that touch only the response rewrite nothing and are reported',
    source: `${ROUTE_GO} TranslateHeadersOperations (the authority comes from the request operations only)`,
    manifests: oneRule(`
      headers: {response: {set: {x-served-by: gateway}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: null, headers: { response: { set: { 'x-served-by': 'gateway' } } } },
  },
  {
    name: 'request headers other than host rewrite nothing',
    source: `${ROUTE_GO} translateAppendHeaders (isAuthorityHeader)`,
    manifests: oneRule(`
      headers: {request: {set: {x-host: set.example.com}, add: {x-authority: added.example.com}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: null },
  },
  {
    name: 'a destination whose headers touch only the response rewrites nothing',
    source: `${ROUTE_GO} processDestination (operations.Authority is empty)`,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        headers: {response: {add: {x-served-by: api}}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: null },
  },
  {
    name: 'with two destinations, the host header of the only one with weight rewrites every request it gets',
    source: `${ROUTE_GO} processWeightedDestination (each weighted cluster carries its own host_rewrite_literal), applied by Envoy to the cluster picked: the one with weight`,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        headers: {request: {set: {host: per-destination.example.com}}}
        weight: 100
      - destination: {host: web, port: {number: 80}}
        weight: 0`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: { path: null, authority: 'per-destination.example.com' } },
  },
  {
    name: 'a route-level rewrite.authority wins over a destination\'s host header',
    source: `${ROUTE_GO} processDestination ("only override if the top level rewrite is not set")`,
    manifests: oneRule(`
      rewrite: {authority: route.example.com}
      route:
      - destination: {host: api, port: {number: 80}}
        headers: {request: {set: {host: per-destination.example.com}}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { rewrite: { path: null, authority: 'route.example.com' } },
  },
  {
    name: 'weighted destinations that rewrite the authority differently: it depends on the pick, rewrite.authority is null and the trace names each',
    source: WEIGHTED_AUTHORITY,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        weight: 75
        headers: {request: {set: {host: blue.internal}}}
      - destination: {host: api-next, port: {number: 80}}
        weight: 25`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: {
      action: 'route',
      destinations: [{ host: fqdn('api'), weight: 75 }, { host: fqdn('api-next'), weight: 25 }],
      rewrite: null,
      trace: expect.arrayContaining([`the authority depends on the destination picked, so rewrite.authority is null: outbound|80||${fqdn('api')} (75%) -> blue.internal, `
        + `outbound|80||${fqdn('api-next')} (25%) unchanged`]),
    },
  },
  {
    name: 'weighted destinations that all rewrite the authority to the same name: rewrite.authority is that name',
    source: WEIGHTED_AUTHORITY,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        weight: 75
        headers: {request: {set: {host: blue.internal}}}
      - destination: {host: api-next, port: {number: 80}}
        weight: 25
        headers: {request: {add: {":authority": blue.internal}}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { action: 'route', rewrite: { path: null, authority: 'blue.internal' } },
  },
  {
    name: 'weighted destinations with their own authority under a rule that rewrites it: the rule\'s wins for every pick, and the trace says so',
    source: `${WEIGHTED_AUTHORITY}; envoyproxy/envoy source/common/router/config_impl.cc RouteEntryImplBase::finalizeRequestHeaders (the route's host rewrite, applied after)`,
    manifests: oneRule(`
      rewrite: {authority: route.internal}
      route:
      - destination: {host: api, port: {number: 80}}
        weight: 75
        headers: {request: {set: {host: blue.internal}}}
      - destination: {host: api-next, port: {number: 80}}
        weight: 25`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: {
      action: 'route',
      rewrite: { path: null, authority: 'route.internal' },
      trace: expect.arrayContaining([`destination outbound|80||${fqdn('api')} sets the authority to blue.internal, which the rule's rewrite to route.internal overrides`]),
    },
  },
  {
    name: 'a weight-0 destination is left out, so the one left rewrites the authority for every request',
    source: `${WEIGHTED_AUTHORITY}; ${REF} §e.2 (weight 0 dropped)`,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        weight: 100
        headers: {request: {set: {host: blue.internal}}}
      - destination: {host: api-next, port: {number: 80}}
        weight: 0`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { action: 'route', destinations: [{ host: fqdn('api'), weight: 100 }], rewrite: { path: null, authority: 'blue.internal' } },
  },
  {
    name: 'no rewrite: rewrite is null',
    source: '/work/shared/spec/ROUTING-CONTRACT.md (rewrite "when a rewrite applies")',
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rewrite: null },
  },
  {
    name: 'a rewrite never changes routing: the rewritten /v2 does not go to the /v2 rule',
    source: `${REF} §e.4 "Rewrite never changes routing"`,
    manifests: gatewayFixture() + virtualService('vs', `
      hosts: [${HOST}]
      gateways: [istio-system/gw]
      http:
      - match: [{uri: {prefix: /api}}]
        rewrite: {uri: /v2}
        route:
        - destination: {host: api, port: {number: 80}}
      - match: [{uri: {prefix: /v2}}]
        route:
        - destination: {host: v2, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/api/x' },
    expect: { ...onlyTo(fqdn('api'), 80), rule: { index: 0 }, rewrite: { path: '/v2/x' } },
  },
];

// --- direct response and fault injection (reference §e.5, §e.6) -----------------------------------

const E6 = `${REF} §e.6; ${ROUTE_GO} TranslateFault (no percentage -> no abort); /work/shared/spec/ROUTING-CONTRACT.md fault_abort`;

const local: EngineCase[] = [
  {
    name: 'directResponse 503 is answered by the gateway',
    source: `${REF} §e.5; ${ROUTE_GO} ApplyDirectResponse`,
    manifests: oneRule(`
      directResponse: {status: 503, body: {string: down}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: { action: 'direct_response', status: 503, ...RULE, destinations: [], redirect: null },
  },
  {
    name: 'directResponse 200 with a match',
    source: `${REF} §e.5`,
    manifests: oneRule(`
      match: [{uri: {exact: /healthz}}]
      directResponse: {status: 200}`),
    request: { port: 80, host: HOST, path: '/healthz' },
    expect: { action: 'direct_response', status: 200, ...RULE },
  },
  {
    name: 'fault abort at 100% aborts every request with its status',
    source: E6,
    manifests: oneRule(`
      fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: {
      action: 'fault_abort',
      status: 503,
      ...RULE,
      destinations: [],
      fault: { abort: { httpStatus: 503 } },
      trace: expect.arrayContaining(['fault abort for every request: 503']),
    },
  },
  {
    name: 'fault abort without percentage never fires: routed, fault reported',
    source: `${E6} ("If percentage is omitted, the fault never fires")`,
    manifests: oneRule(`
      fault: {abort: {httpStatus: 503}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: { ...onlyTo(fqdn('api'), 80), ...RULE, fault: { abort: { httpStatus: 503 } }, trace: expect.arrayContaining(['fault abort without percentage: it never fires']) },
  },
  {
    name: 'fault abort at 50%: routed, with the fault reported',
    source: `${E6} ("otherwise report the fault as probabilistic and route normally")`,
    manifests: oneRule(`
      fault: {abort: {httpStatus: 500, percentage: {value: 50}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: {
      ...onlyTo(fqdn('api'), 80),
      fault: { abort: { httpStatus: 500, percentage: { value: 50 } } },
      trace: expect.arrayContaining(['fault abort for 50% of requests: this request may be forwarded']),
    },
  },
  {
    name: 'fault abort with grpcStatus at 100%: HTTP 200 carrying grpc-status',
    source: `${REF} §e.6 "Envoy answers HTTP 200 with grpc-status"`,
    manifests: oneRule(`
      fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 100}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: { action: 'fault_abort', status: 200, trace: expect.arrayContaining(['fault abort for every request: gRPC UNAVAILABLE (HTTP 200 with grpc-status)']) },
  },
  {
    name: 'fault abort without httpStatus or grpcStatus is dropped by istiod: routed, even at 100%',
    source: `${ROUTE_GO} TranslateFault (no error type: out.Abort = nil); istio/istio pkg/config/validation/validation.go validateHTTPFaultInjectionAbort ("abort configured, but error type not set" is a warning)`,
    manifests: oneRule(`
      fault: {abort: {percentage: {value: 100}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: {
      ...onlyTo(fqdn('api'), 80),
      fault: { abort: { percentage: { value: 100 } } },
      trace: expect.arrayContaining(['fault abort without httpStatus or grpcStatus: istiod drops it']),
    },
  },
  {
    name: 'a rule without fault says nothing of one',
    source: `${ROUTE_GO} TranslateFault (nil without delay or abort)`,
    manifests: oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: { ...onlyTo(fqdn('api'), 80), trace: expect.not.arrayContaining([expect.stringMatching(/^fault /)]) },
    absent: ['fault'],
  },
  {
    name: 'fault delay only: routed, fault reported',
    source: `${REF} §e.6`,
    manifests: oneRule(`
      fault: {delay: {fixedDelay: 5s, percentage: {value: 100}}}
      route:
      - destination: {host: api, port: {number: 80}}`),
    request: { port: 80, host: HOST, path: '/' },
    expect: { ...onlyTo(fqdn('api'), 80), fault: { delay: { fixedDelay: '5s' } } },
  },
];

// --- weights (reference §e.2) ---------------------------------------------------------------------

const E2 = `${REF} §e.2; ${ROUTE_GO} applyHTTPRouteDestination (len(in.Route) == 1 -> single cluster; weight 0 skipped)`;

function weighted(routeYaml: string): string {
  return oneRule(`
    route:
${routeYaml}`);
}

function dest(host: string, weight?: number): string {
  return `    - destination: {host: ${host}, port: {number: 80}}${weight === undefined ? '' : `\n      weight: ${weight}`}`;
}

const weights: EngineCase[] = [
  {
    name: 'a single destination takes 100% whatever its weight (10)',
    source: E2,
    manifests: weighted(dest('a', 10)),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('a'), 80),
  },
  {
    name: 'a single destination takes 100% even with weight 0',
    source: E2,
    manifests: weighted(dest('a', 0)),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('a'), 80),
  },
  {
    name: 'weights 1:3 become 25% / 75%',
    source: `${E2}; ${REF} §e.2 "1:3 -> 25/75"`,
    manifests: weighted(`${dest('a', 1)}\n${dest('b', 3)}`),
    request: { port: 80, host: HOST },
    expect: { action: 'route', destinations: [{ host: fqdn('a'), port: 80, subset: null, weight: 25 }, { host: fqdn('b'), port: 80, subset: null, weight: 75 }] },
  },
  {
    name: 'weights 90 / 10 stay as written',
    source: E2,
    manifests: weighted(`${dest('a', 90)}\n${dest('b', 10)}`),
    request: { port: 80, host: HOST },
    expect: { destinations: [{ host: fqdn('a'), weight: 90 }, { host: fqdn('b'), weight: 10 }] },
  },
  {
    name: 'a destination with weight 0 among several is dropped',
    source: E2,
    manifests: weighted(`${dest('a', 2)}\n${dest('b', 0)}\n${dest('c', 2)}`),
    request: { port: 80, host: HOST },
    expect: { destinations: [{ host: fqdn('a'), weight: 50 }, { host: fqdn('c'), weight: 50 }] },
  },
  {
    name: 'a destination without weight among several counts as weight 0 and is dropped',
    source: E2,
    manifests: weighted(`${dest('a')}\n${dest('b', 5)}`),
    request: { port: 80, host: HOST },
    expect: { destinations: [{ host: fqdn('b'), weight: 100 }] },
  },
  {
    name: 'three equal weights: 33.33 / 33.33 / 33.34, summing to exactly 100',
    source: `${E2}; /work/shared/spec/ROUTING-CONTRACT.md "weights sum to 100"`,
    manifests: weighted(`${dest('a', 1)}\n${dest('b', 1)}\n${dest('c', 1)}`),
    request: { port: 80, host: HOST },
    expect: { destinations: [{ weight: 33.33 }, { weight: 33.33 }, { weight: 33.34 }] },
  },
  {
    name: 'a tiny weight next to a huge one is still reported above 0',
    source: `${E2} (Envoy sends it a share, however small)`,
    manifests: weighted(`${dest('a', 1000000)}\n${dest('b', 1)}`),
    request: { port: 80, host: HOST },
    expect: { destinations: [{ host: fqdn('a'), weight: 99.99 }, { host: fqdn('b'), weight: 0.01 }] },
  },
];

// --- destination hosts, ports, subsets (reference §e.1) -------------------------------------------

const E1 = `${REF} §e.1; ${ROUTE_GO} GetDestinationCluster`;
const DESTINATION_RULE = doc(`
  apiVersion: networking.istio.io/v1
  kind: DestinationRule
  metadata: {name: api, namespace: default}
  spec:
    host: api
    subsets:
    - {name: v1, labels: {version: v1}}
    - {name: v2, labels: {version: v2}}`);

function toDestination(destination: string, options: { namespace?: string; extra?: string } = {}): string {
  return oneRule(`
    route:
    - destination: ${destination}`, options);
}

const destinations: EngineCase[] = [
  {
    name: 'an explicit destination port is used',
    source: E1,
    manifests: toDestination('{host: api, port: {number: 9090}}', { extra: service('api', [8000]) }),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('api'), 9090),
  },
  {
    name: 'no port and a Service with one port: that port',
    source: `${E1} ("if service only has one port defined, use that")`,
    manifests: toDestination('{host: api}', { extra: service('api', [8000]) }),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('api'), 8000),
  },
  {
    name: 'no port and a Service with two ports: the server port 80',
    source: `${E1} (else the listener port = the server port); IST0112`,
    manifests: toDestination('{host: api}', { extra: service('api', [80, 9090]) }),
    request: { port: 80, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 80), trace: expect.arrayContaining([expect.stringContaining('the server port 80 is used')]) },
  },
  {
    name: 'no port and no Service in the manifests: the server port 80',
    source: E1,
    manifests: toDestination('{host: api}'),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('api'), 80),
  },
  {
    name: 'no port and no Service, on the HTTPS server: the server port 443',
    source: `${E1}; ${REF} §e.1 "or 443 for an HTTPS server!"`,
    manifests: toDestination('{host: api}'),
    request: { port: 443, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 443), server: { port: 443, protocol: 'HTTPS' } },
  },
  {
    name: 'a two-port Service without destination port on the HTTPS server: 443, which it lacks (503)',
    source: `${E1}; ${REF} §e.1 "If that port does not exist on the Service, the cluster does not exist => 503"`,
    manifests: toDestination('{host: api}', { extra: service('api', [80, 9090]) }),
    request: { port: 443, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 443), trace: expect.arrayContaining([expect.stringContaining('has no port 443')]) },
  },
  {
    name: 'a short destination host resolves against the VirtualService namespace',
    source: `${REF} §e.1 "short names ... resolved against the VirtualService's namespace"`,
    manifests: toDestination('{host: counter, port: {number: 80}}', { namespace: 'apps' }),
    request: { port: 80, host: HOST },
    expect: { ...onlyTo(fqdn('counter', 'apps'), 80), virtualService: 'apps/vs' },
  },
  {
    name: 'a dotted destination host is used verbatim (counter.apps is not expanded)',
    source: `${REF} §e.1 "Names with a dot are used verbatim"`,
    manifests: toDestination('{host: counter.apps, port: {number: 80}}'),
    request: { port: 80, host: HOST },
    expect: onlyTo('counter.apps', 80),
  },
  {
    name: 'a fully qualified destination host is kept',
    source: `${REF} §e.1`,
    manifests: toDestination('{host: counter.apps.svc.cluster.local, port: {number: 80}}'),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('counter', 'apps'), 80),
  },
  {
    name: 'a subset defined by a DestinationRule is reported without a warning',
    source: `${REF} §e.1 Subset; istio/istio pilot/pkg/model/service.go BuildSubsetKey`,
    manifests: toDestination('{host: api, subset: v1, port: {number: 80}}', { extra: DESTINATION_RULE }),
    request: { port: 80, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 80, 'v1'), trace: expect.not.arrayContaining([expect.stringContaining('subset')]) },
  },
  {
    name: 'a subset no DestinationRule defines is reported, and the trace says it gets 503',
    source: `${REF} §e.1 "A missing subset/cluster => Envoy returns 503 (NC)"; IST0101`,
    manifests: toDestination('{host: api, subset: v3, port: {number: 80}}', { extra: DESTINATION_RULE }),
    request: { port: 80, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 80, 'v3'), trace: expect.arrayContaining([expect.stringContaining('subset v3')]) },
  },
  {
    name: 'subsets in a weighted split',
    source: `${REF} §e.1, §e.2`,
    manifests: oneRule(`
      route:
      - destination: {host: api, subset: v1, port: {number: 80}}
        weight: 90
      - destination: {host: api, subset: v2, port: {number: 80}}
        weight: 10`, { extra: DESTINATION_RULE }),
    request: { port: 80, host: HOST },
    expect: { destinations: [{ host: fqdn('api'), port: 80, subset: 'v1', weight: 90 }, { host: fqdn('api'), port: 80, subset: 'v2', weight: 10 }] },
  },
];

// --- mirrors and reported settings (reference §e.7-§e.10) ------------------------------------------

const E7 = `${REF} §e.7; ${ROUTE_GO} MirrorPercent, MirrorPercentByPolicy`;

function withRoute(extra: string, options: { extra?: string } = {}): string {
  return oneRule(`
    ${extra.trim().split('\n').join('\n    ')}
    route:
    - destination: {host: api, port: {number: 80}}`, options);
}

const reported: EngineCase[] = [
  {
    name: 'mirror without percentage mirrors 100%',
    source: `${E7} ("Default to 100 percent if percent is not given")`,
    manifests: withRoute('mirror: {host: shadow}'),
    request: { port: 80, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 80), mirrors: [{ host: fqdn('shadow'), port: 80, subset: null, percentage: 100 }] },
  },
  {
    name: 'mirror with mirrorPercentage 10',
    source: E7,
    manifests: withRoute('mirror: {host: shadow, port: {number: 8080}}\nmirrorPercentage: {value: 10}'),
    request: { port: 80, host: HOST },
    expect: { mirrors: [{ host: fqdn('shadow'), port: 8080, subset: null, percentage: 10 }] },
  },
  {
    name: 'mirror with mirrorPercentage 0 does not mirror',
    source: `${E7} ("If zero percent is provided explicitly, we should not mirror")`,
    manifests: withRoute('mirror: {host: shadow}\nmirrorPercentage: {value: 0}'),
    request: { port: 80, host: HOST },
    expect: onlyTo(fqdn('api'), 80),
    absent: ['mirrors'],
  },
  {
    name: 'mirror with the deprecated integer mirrorPercent 25',
    source: `${E7} (MirrorPercent falls back to mirrorPercent)`,
    manifests: withRoute('mirror: {host: shadow}\nmirrorPercent: 25'),
    request: { port: 80, host: HOST },
    expect: { mirrors: [{ host: fqdn('shadow'), percentage: 25 }] },
  },
  {
    name: 'mirrors list: each with its own percentage, 100 by default, port and subset resolved',
    source: E7,
    manifests: withRoute(`
mirrors:
- destination: {host: shadow-a, subset: v1}
  percentage: {value: 5}
- destination: {host: shadow-b}`, { extra: service('shadow-b', [7000]) }),
    request: { port: 80, host: HOST },
    expect: { mirrors: [{ host: fqdn('shadow-a'), port: 80, subset: 'v1', percentage: 5 }, { host: fqdn('shadow-b'), port: 7000, subset: null, percentage: 100 }] },
  },
  {
    name: 'a mirrors entry with percentage 0 is left out',
    source: `${E7} (MirrorPercentByPolicy returns nil for 0)`,
    manifests: withRoute(`
mirrors:
- destination: {host: shadow-a}
  percentage: {value: 0}
- destination: {host: shadow-b}`),
    request: { port: 80, host: HOST },
    expect: { mirrors: [{ host: fqdn('shadow-b'), percentage: 100 }] },
  },
  {
    name: 'no mirror, timeout, retries, corsPolicy or headers: none reported',
    source: '/work/shared/spec/ROUTING-CONTRACT.md ("More fields ... may be added")',
    manifests: withRoute('name: plain'),
    request: { port: 80, host: HOST },
    expect: { ...onlyTo(fqdn('api'), 80), rule: { index: 0, name: 'plain' } },
    absent: ['mirrors', 'timeout', 'retries', 'corsPolicy', 'headers', 'fault'],
  },
  {
    name: 'timeout, retries, corsPolicy and headers are reported as written',
    source: `${REF} §e.8-§e.10`,
    manifests: withRoute(`
timeout: 3s
retries: {attempts: 3, perTryTimeout: 1s, retryOn: "5xx,reset"}
corsPolicy: {allowOrigins: [{exact: "https://a.example.com"}], allowMethods: [GET]}
headers: {request: {set: {x-env: prod}}, response: {remove: [server]}}`),
    request: { port: 80, host: HOST },
    expect: {
      ...onlyTo(fqdn('api'), 80),
      timeout: '3s',
      retries: { attempts: 3, perTryTimeout: '1s', retryOn: '5xx,reset' },
      corsPolicy: { allowOrigins: [{ exact: 'https://a.example.com' }], allowMethods: ['GET'] },
      headers: { request: { set: { 'x-env': 'prod' } }, response: { remove: ['server'] } },
      rewrite: null,
    },
  },
];

describe('the body of a direct response, as the config dump shows it (§e.5)', () => {
  // istio/istio pilot/pkg/networking/core/route/route.go ApplyDirectResponse: body.string becomes an inline_string,
  // body.bytes an inline_bytes, and no body none.
  const directResponse = (body: string) => {
    const dump = engineOf(oneRule(`directResponse: {status: 503${body}}`)).configDump() as { configs: Array<Record<string, any>> };
    const routes = dump.configs[1].dynamic_route_configs[0].route_config.virtual_hosts[0].routes;
    return JSON.parse(JSON.stringify(routes[0].direct_response));
  };

  test('body.string is an inline string', () => {
    expect(directResponse(', body: {string: down}')).toEqual({ status: 503, body: { inline_string: 'down' } });
  });

  test('body.bytes is inline bytes', () => {
    expect(directResponse(', body: {bytes: ZG93bg==}')).toEqual({ status: 503, body: { inline_bytes: 'ZG93bg==' } });
  });

  test('without body there is none', () => {
    expect(directResponse('')).toEqual({ status: 503 });
  });
});

describe('tls.httpsRedirect (§b.8)', () => runCases(httpsRedirect));
describe('redirect (§e.3)', () => runCases(redirects));
describe('rewrite (§e.4)', () => runCases(rewrites));
describe('direct response and fault injection (§e.5, §e.6)', () => runCases(local));
describe('weights (§e.2)', () => runCases(weights));
describe('destinations (§e.1)', () => runCases(destinations));
describe('mirrors and reported settings (§e.7-§e.10)', () => runCases(reported));

describe('the authority rewrite, as Envoy receives it and as the trace explains it (§e.4)', () => {
  const API = `outbound|80||${fqdn('api')}`;
  const NEXT = `outbound|80||${fqdn('api-next')}`;
  /** A rule forwarding to api (weight 75) and api-next (weight 25), each with the request headers given (YAML). */
  const twoDestinations = (rule: string, apiHeaders: string, nextHeaders: string) => oneRule(`
    ${rule}
    route:
    - destination: {host: api, port: {number: 80}}
      weight: 75
      ${apiHeaders}
    - destination: {host: api-next, port: {number: 80}}
      weight: 25
      ${nextHeaders}`);
  const SET_BLUE = 'headers: {request: {set: {host: blue.internal}}}';

  /** The route action of the dump's only route: the cluster or weighted clusters, and host_rewrite_literal. */
  const dumpedRoute = (manifests: string) => {
    const dump = engineOf(manifests).configDump() as { configs: Array<Record<string, any>> };
    const http = dump.configs[1].dynamic_route_configs.find((c: any) => c.route_config.name === 'http.8080');
    const route = JSON.parse(JSON.stringify(http.route_config.virtual_hosts[0].routes[0].route));
    return { cluster: route.cluster, weighted_clusters: route.weighted_clusters, host_rewrite_literal: route.host_rewrite_literal };
  };
  /** The trace lines of a request's decision that speak of the authority. */
  const authorityLines = (manifests: string) => engineOf(manifests).route({ port: 80, host: HOST, path: '/x' }).trace
    .filter((line) => line.includes('authority'));

  test(`a single destination's host header is the route's host_rewrite_literal (${ROUTE_GO} processDestination)`, () => {
    const manifests = oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        ${SET_BLUE}`);
    expect(dumpedRoute(manifests)).toEqual({ cluster: API, host_rewrite_literal: 'blue.internal' });
    expect(authorityLines(manifests)).toEqual(['rewrite: authority blue.internal']);
  });

  test(`weighted destinations: each cluster carries its own host_rewrite_literal, the route none (${WEIGHTED_AUTHORITY})`, () => {
    const manifests = twoDestinations('', '', SET_BLUE);
    expect(dumpedRoute(manifests)).toEqual({
      weighted_clusters: { clusters: [{ name: API, weight: 75 }, { name: NEXT, weight: 25, host_rewrite_literal: 'blue.internal' }] },
    });
    expect(authorityLines(manifests)).toEqual([
      `the authority depends on the destination picked, so rewrite.authority is null: ${API} (75%) unchanged, ${NEXT} (25%) -> blue.internal`,
    ]);
  });

  test('weighted destinations that all rewrite to one name: each cluster rewrites, and the decision says that name', () => {
    const manifests = twoDestinations('', SET_BLUE, 'headers: {request: {add: {host: blue.internal}}}');
    expect(dumpedRoute(manifests)).toEqual({
      weighted_clusters: {
        clusters: [{ name: API, weight: 75, host_rewrite_literal: 'blue.internal' }, { name: NEXT, weight: 25, host_rewrite_literal: 'blue.internal' }],
      },
    });
    expect(authorityLines(manifests)).toEqual(['rewrite: authority blue.internal']);
  });

  test('weighted destinations without any host header: no rewrite anywhere, and the trace says nothing of the authority', () => {
    const manifests = twoDestinations('', '', '');
    expect(dumpedRoute(manifests)).toEqual({ weighted_clusters: { clusters: [{ name: API, weight: 75 }, { name: NEXT, weight: 25 }] } });
    expect(authorityLines(manifests)).toEqual([]);
  });

  test('a rule-level rewrite.authority is the route\'s rewrite over the weighted clusters\' own, and the trace names each it overrides', () => {
    const manifests = twoDestinations('rewrite: {authority: route.internal}', '', SET_BLUE);
    expect(dumpedRoute(manifests)).toEqual({
      weighted_clusters: { clusters: [{ name: API, weight: 75 }, { name: NEXT, weight: 25, host_rewrite_literal: 'blue.internal' }] },
      host_rewrite_literal: 'route.internal',
    });
    expect(authorityLines(manifests)).toEqual([
      `destination ${NEXT} sets the authority to blue.internal, which the rule's rewrite to route.internal overrides`,
      'rewrite: authority route.internal',
    ]);
    // Nothing about the destination that sets no authority of its own.
    const trace = engineOf(manifests).route({ port: 80, host: HOST, path: '/x' }).trace;
    expect(trace.slice(trace.findIndex((line) => line.startsWith('VirtualService default/vs rule 0')))).toEqual([
      'VirtualService default/vs rule 0 matched prefix /',
      `-> ${API} (75%), ${NEXT} (25%)`,
      `destination ${NEXT} sets the authority to blue.internal, which the rule's rewrite to route.internal overrides`,
      'rewrite: authority route.internal',
    ]);
  });

  test('a rule-level host header over a single destination\'s: the rule\'s is the route\'s rewrite, and the trace says so', () => {
    const manifests = oneRule(`
      headers: {request: {set: {Host: route.internal}}}
      route:
      - destination: {host: api, port: {number: 80}}
        ${SET_BLUE}`);
    expect(dumpedRoute(manifests)).toEqual({ cluster: API, host_rewrite_literal: 'route.internal' });
    expect(authorityLines(manifests)).toEqual([
      `destination ${API} sets the authority to blue.internal, which the rule's rewrite to route.internal overrides`,
      'rewrite: authority route.internal',
    ]);
  });

  test('an empty host header rewrites nothing: the add of the same rule does (istiod TranslateHeadersOperations)', () => {
    const manifests = oneRule(`
      route:
      - destination: {host: api, port: {number: 80}}
        headers: {request: {set: {host: ""}, add: {":authority": added.internal}}}`);
    expect(dumpedRoute(manifests)).toEqual({ cluster: API, host_rewrite_literal: 'added.internal' });
  });
});

describe('uri rewrites, as Envoy receives them (§e.4)', () => {
  /** The rewrite fields of each route of the dump's HTTP route configuration. */
  const dumpedRewrites = (manifests: string) => {
    const dump = engineOf(manifests).configDump() as { configs: Array<Record<string, any>> };
    const http = dump.configs[1].dynamic_route_configs.find((c: any) => c.route_config.name === 'http.8080');
    return http.route_config.virtual_hosts[0].routes.map((r: any) => JSON.parse(JSON.stringify({
      prefix_rewrite: r.route?.prefix_rewrite, regex_rewrite: r.route?.regex_rewrite,
    })));
  };

  test(`uri is compiled per match: a prefix_rewrite on each route the rule's matches make (${E4})`, () => {
    expect(dumpedRewrites(oneRule(`
      match: [{uri: {prefix: /a}}, {uri: {exact: /b}}]
      rewrite: {uri: /z}
      route:
      - destination: {host: api, port: {number: 80}}`))).toEqual([{ prefix_rewrite: '/z' }, { prefix_rewrite: '/z' }]);
  });

  test('uriRegexRewrite is one regex_rewrite on every route of the rule', () => {
    expect(dumpedRewrites(oneRule(`
      match: [{uri: {prefix: /a}}, {uri: {exact: /b}}]
      rewrite: {uriRegexRewrite: {match: "^/(.*)$", rewrite: "/v2/\\\\1"}}
      route:
      - destination: {host: api, port: {number: 80}}`))).toEqual([
      { regex_rewrite: { pattern: { regex: '^/(.*)$' }, substitution: '/v2/\\1' } },
      { regex_rewrite: { pattern: { regex: '^/(.*)$' }, substitution: '/v2/\\1' } },
    ]);
  });
});
