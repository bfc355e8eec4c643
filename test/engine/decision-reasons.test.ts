/**
 * Every `reason` a decision can carry, one case each (and one per action a successful match leads to). The reasons
 * name the outcomes of Istio's own gateway simulation, istio/istio `pilot/pkg/simulation/traffic.go`: `Simulation.Run`
 * walks listener -> filter chain -> HTTP connection manager -> virtual host -> route and stops with ErrNoListener,
 * ErrMultipleFilterChain, ErrNoFilterChain, ErrTLSError, ErrProtocolError, ErrNoVirtualHost, ErrTLSRedirect or ErrNoRoute, or matches a route
 * (RouteMatched) or a TCP proxy (ClusterMatched).
 */
import { EngineCase, gatewayFixture, HTTP_SERVER, httpServer, httpsServer, runCases, virtualService } from './support';
import { DecisionReason } from '../../src/engine-entry';
import { DECISION_REASONS } from '../../src/verify/traffic-case';

const SIM = 'istio/istio pilot/pkg/simulation/traffic.go Simulation.Run';

const ROUTES = virtualService('shop', `
  hosts: [shop.example.com]
  gateways: [istio-system/gw]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api, port: {number: 8080}}}]
  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new}
  - match: [{uri: {prefix: /gone}}]
    directResponse: {status: 410}
  - match: [{uri: {prefix: /down}}]
    fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
    route: [{destination: {host: api, port: {number: 8080}}}]
`);

const TCP = `
- port: {number: 443, name: tcp, protocol: TCP}
  hosts: ["*"]`;

const TLS_TERMINATE = `
- port: {number: 443, name: tls, protocol: TLS}
  hosts: ["*"]
  tls: {mode: SIMPLE, credentialName: cert}`;

const TCP_ROUTE = virtualService('db', `
  hosts: ["*"]
  gateways: [istio-system/gw]
  tcp:
  - route: [{destination: {host: db, port: {number: 5432}}}]
`);

const CASES: ReadonlyArray<EngineCase & { readonly expect: { readonly reason: DecisionReason } }> = [
  {
    name: 'matched: an HTTP route forwards',
    source: `${SIM}: no error, RouteMatched and ClusterMatched set (route.Route_Route)`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/api/items' },
    expect: { reason: 'matched', action: 'route', virtualService: 'default/shop', rule: { index: 0 } },
  },
  {
    name: 'matched: a route that redirects',
    source: `${SIM}: no error, RouteMatched set (a redirect action has no cluster)`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/old' },
    expect: { reason: 'matched', action: 'redirect', status: 301, rule: { index: 1 } },
  },
  {
    name: 'matched: a route that answers directly',
    source: `${SIM}: no error, RouteMatched set (a direct response has no cluster)`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/gone' },
    expect: { reason: 'matched', action: 'direct_response', status: 410, rule: { index: 2 } },
  },
  {
    name: 'matched: a route whose abort fault answers every request',
    source: `${SIM}: no error, RouteMatched set (the fault filter acts after routing); reference §e.6`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/down' },
    expect: { reason: 'matched', action: 'fault_abort', status: 503, rule: { index: 3 } },
  },
  {
    name: 'matched: a TCP proxy chain forwards the connection',
    source: `${SIM}: no error, ClusterMatched from xdstest.ExtractTCPProxy`,
    manifests: gatewayFixture(HTTP_SERVER + TCP) + TCP_ROUTE,
    request: { port: 443 },
    expect: { reason: 'matched', action: 'route', virtualService: 'default/db', destinations: [{ host: 'db.default.svc.cluster.local', port: 5432, subset: null, weight: 100 }] },
  },
  {
    name: 'no_service_port: the gateway Service has no such port',
    source: 'reference §0 step 1 and §a.3 (kube-proxy forwards Service ports only; the simulation addresses listener ports directly)',
    manifests: gatewayFixture() + ROUTES,
    request: { port: 8080, host: 'shop.example.com' },
    expect: { reason: 'no_service_port', action: 'no_listener', gateway: null, server: null },
  },
  {
    name: 'no_service_port: no port of the gateway Service has the nodePort',
    source: 'reference §0 step 1 (a nodePort maps to a Service port or to nothing)',
    manifests: gatewayFixture() + ROUTES,
    request: { nodePort: 31999, host: 'shop.example.com' },
    expect: { reason: 'no_service_port', action: 'no_listener' },
  },
  {
    name: 'no_listener: the Service forwards to a port no server resolved to',
    source: `${SIM} ErrNoListener ("no listener matched": matchListener finds none); reference §0 step 2`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 443, host: 'shop.example.com' },
    expect: { reason: 'no_listener', action: 'no_listener', gateway: null, server: null },
  },
  {
    name: 'multiple_filter_chains: two Gateways give port 443 two chains without SNI, so the listener is refused',
    source: `${SIM} ErrMultipleFilterChain (TestGatewayConflicts "duplicate tls gateway"); Envoy filter_chain_manager_impl.cc "multiple filter chains with overlapping matching rules"`,
    manifests: gatewayFixture(httpsServer(['./*'])) + `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: other, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["./*"], tls: {mode: SIMPLE, credentialName: cert}}]
`,
    request: { port: 443, host: 'shop.example.com', scheme: 'https' },
    expect: { reason: 'multiple_filter_chains', action: 'no_listener', gateway: null },
  },
  {
    name: 'no_filter_chain: a TLS connection whose SNI no server names',
    source: `${SIM} ErrNoFilterChain (matchFilterChain: no chain and no default chain); reference §b.4`,
    manifests: gatewayFixture(HTTP_SERVER + httpsServer(['shop.example.com'])) + ROUTES,
    request: { port: 443, host: 'other.example.com', sni: 'other.example.com' },
    expect: { reason: 'no_filter_chain', action: 'reject', gateway: null },
  },
  {
    name: 'tls_handshake_failed: a plaintext connection to a chain that terminates TLS',
    source: `${SIM} ErrTLSError ("Plaintext to TLS is an error": fc.TransportSocket != nil && input.TLS == Plaintext)`,
    manifests: gatewayFixture(HTTP_SERVER + httpsServer(['*'])) + ROUTES,
    request: { port: 443, host: 'shop.example.com', scheme: 'http' },
    expect: { reason: 'tls_handshake_failed', action: 'reject', gateway: null },
  },
  {
    name: 'tls_handshake_failed: a plaintext connection to a TLS server that terminates TLS before its TCP proxy',
    source: `${SIM} ErrTLSError (the chain has a transport socket, the call is plaintext); reference §f.2`,
    manifests: gatewayFixture(HTTP_SERVER + TLS_TERMINATE) + TCP_ROUTE,
    request: { port: 443, scheme: 'http' },
    expect: { reason: 'tls_handshake_failed', action: 'reject', gateway: null },
  },
  {
    name: 'protocol_error: a TLS connection to a plaintext HTTP chain',
    source: `${SIM} ErrProtocolError ("We matched HCM and didn't terminate TLS, but we are sending TLS traffic")`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', scheme: 'https' },
    expect: { reason: 'protocol_error', action: 'reject', gateway: null },
  },
  {
    name: 'invalid_path: a path the connection manager cannot normalize',
    source: 'reference §d.6 (normalize_path: malformed paths get 400 before routing); Envoy source/common/http/path_utility.cc canonicalPath',
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/api/%00' },
    expect: { reason: 'invalid_path', action: 'direct_response', status: 400, gateway: 'istio-system/gw', virtualService: null },
  },
  {
    name: 'no_virtual_host: no virtual host serves the Host',
    source: `${SIM} ErrNoVirtualHost (matchVirtualHost: no exact, wildcard or * domain); reference §c.5`,
    manifests: gatewayFixture(httpServer(['shop.example.com'])) + ROUTES,
    request: { port: 80, host: 'other.example.com' },
    expect: { reason: 'no_virtual_host', action: 'no_route', status: 404, gateway: 'istio-system/gw' },
  },
  {
    name: 'tls_required: a plaintext request to a virtual host of an httpsRedirect server',
    source: `${SIM} ErrTLSRedirect ("tls required, sending 301": vh.RequireTls == ALL on plaintext); reference §b.8`,
    manifests: gatewayFixture(httpServer(['shop.example.com'], { httpsRedirect: true })) + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/api' },
    expect: { reason: 'tls_required', action: 'redirect', status: 301, redirect: { location: 'https://shop.example.com/api' }, virtualService: null },
  },
  {
    name: 'no_route: the virtual host has no route for the request',
    source: `${SIM} ErrNoRoute (matchRoute finds none); reference §d.2`,
    manifests: gatewayFixture() + ROUTES,
    request: { port: 80, host: 'shop.example.com', path: '/elsewhere' },
    expect: { reason: 'no_route', action: 'no_route', status: 404, gateway: 'istio-system/gw', virtualService: null },
  },
];

describe('decision reasons', () => {
  runCases(CASES);

  test('every reason has a case', () => {
    expect([...new Set(CASES.map((c) => c.expect.reason))].sort()).toEqual([...DECISION_REASONS].sort());
  });
});
