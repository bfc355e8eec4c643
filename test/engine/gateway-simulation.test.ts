/**
 * Istio's own gateway simulation cases, re-expressed for this engine.
 *
 * Istio's tests (istio/istio `pilot/pkg/networking/core/gateway_simulation_test.go`) run a fake
 * istiod for a router proxy labelled `istio: ingressgateway` in istio-system and then walk the
 * generated Envoy config with `pilot/pkg/simulation/traffic.go`. Their calls address the
 * listener port directly; ours address the gateway Service (or, with no Service in the
 * manifests, the listener port itself). Their failure kinds map onto contract actions:
 * ErrNoListener -> no_listener, ErrNoVirtualHost / ErrNoRoute -> no_route 404,
 * ErrTLSRedirect -> redirect 301, ErrNoFilterChain -> reject, ErrMultipleFilterChain (a config
 * Envoy refuses) -> no_listener. Their cluster `outbound|PORT||HOST` is our destination.
 */
import {
  EngineCase, fqdn, gateway, gatewayDeployment, gatewayService, httpServer, onlyTo, routeAllTo, runCases, virtualService,
} from './gateway-fixtures';

const SIM = 'istio/istio pilot/pkg/networking/core/gateway_simulation_test.go';

/** The proxy of Istio's simulation: gateway pods in istio-system, no Service. */
const PODS = gatewayDeployment();

const FOO_BAR_HTTP = httpServer(80, '["foo.bar"]', 'http');
const TCP_FOO_BAR = `
- port: {number: 80, name: tcp, protocol: TCP}
  hosts: ["foo.bar"]
`;

const SIMPLE_ROUTE = virtualService('vs', 'default', '["example.com"]', '[gateway]', routeAllTo('b'));

const REDIRECT_SERVER = `
- port: {number: 80, name: http, protocol: HTTP}
  hosts: ["example.com"]
  tls: {httpsRedirect: true}
`;

const PRODUCTPAGE_TCP = virtualService('bookinfo', 'default', '["*"]', '[istio-system/gateway]', `
tcp:
- route:
  - destination: {host: productpage, port: {number: 9080}}
`);

const HTTP_GATEWAY: EngineCase[] = [
  {
    name: 'no virtual services: defined port answers 404 from the blackhole vhost',
    source: `${SIM} TestHTTPGateway "no virtual services" / defined port`,
    manifests: PODS + gateway('default', FOO_BAR_HTTP, { namespace: 'default' }),
    request: { port: 80, host: 'foo.bar' },
    expect: { action: 'no_route', status: 404, gateway: 'default/default', server: { port: 80, protocol: 'HTTP', name: 'http' }, virtualService: null },
  },
  {
    name: 'no virtual services: undefined port has no listener',
    source: `${SIM} TestHTTPGateway "no virtual services" / undefined port`,
    manifests: PODS + gateway('default', FOO_BAR_HTTP, { namespace: 'default' }),
    request: { port: 81, host: 'foo.bar' },
    expect: { action: 'no_listener', status: null, gateway: null, server: null },
  },
  {
    name: 'simple http: uri mismatch is 404',
    source: `${SIM} TestHTTPGateway "simple http and virtual service" / uri mismatch`,
    manifests: PODS + gateway('gateway', FOO_BAR_HTTP, { namespace: 'default' }) + virtualService('bookinfo', 'default', '["*"]', '[gateway]', `
http:
- match: [{uri: {exact: /productpage}}]
  route:
  - destination: {host: productpage, port: {number: 9080}}
`),
    request: { port: 80, host: 'foo.bar', path: '/' },
    expect: { action: 'no_route', status: 404, gateway: 'default/gateway' },
  },
  {
    name: 'simple http: host mismatch is 404',
    source: `${SIM} TestHTTPGateway "simple http and virtual service" / host mismatch`,
    manifests: PODS + gateway('gateway', FOO_BAR_HTTP, { namespace: 'default' }) + virtualService('bookinfo', 'default', '["*"]', '[gateway]', `
http:
- match: [{uri: {exact: /productpage}}]
  route:
  - destination: {host: productpage, port: {number: 9080}}
`),
    request: { port: 80, host: 'bad.bar', path: '/productpage' },
    expect: { action: 'no_route', status: 404, virtualService: null },
  },
  {
    name: 'simple http: exact /productpage reaches productpage:9080',
    source: `${SIM} TestHTTPGateway "simple http and virtual service" / match`,
    manifests: PODS + gateway('gateway', FOO_BAR_HTTP, { namespace: 'default' }) + virtualService('bookinfo', 'default', '["*"]', '[gateway]', `
http:
- match: [{uri: {exact: /productpage}}]
  route:
  - destination: {host: productpage, port: {number: 9080}}
`),
    request: { port: 80, host: 'foo.bar', path: '/productpage' },
    expect: {
      action: 'route',
      gateway: 'default/gateway',
      server: { port: 80, protocol: 'HTTP', name: 'http' },
      virtualService: 'default/bookinfo',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('productpage'), 9080),
    },
  },
  ...['a', 'b'].map((h): EngineCase => ({
    name: `virtual service merging: ${h}.example.com goes to ${h}`,
    source: `${SIM} TestHTTPGateway "virtual service merging" / ${h}`,
    manifests: PODS + gateway('gateway', httpServer(80, '["*.example.com"]', 'http'), { namespace: 'default' })
      + virtualService('a', 'default', '["a.example.com"]', '[gateway]', routeAllTo('a', 80))
      + virtualService('b', 'default', '["b.example.com"]', '[gateway]', routeAllTo('b', 80)),
    request: { port: 80, host: `${h}.example.com` },
    expect: { action: 'route', virtualService: `default/${h}`, ...onlyTo(fqdn(h), 80) },
  })),
  {
    name: 'virtual service merging: a host no VirtualService names is 404',
    source: `${SIM} TestHTTPGateway "virtual service merging" / undefined hostname`,
    manifests: PODS + gateway('gateway', httpServer(80, '["*.example.com"]', 'http'), { namespace: 'default' })
      + virtualService('a', 'default', '["a.example.com"]', '[gateway]', routeAllTo('a', 80))
      + virtualService('b', 'default', '["b.example.com"]', '[gateway]', routeAllTo('b', 80)),
    request: { port: 80, host: 'c.example.com' },
    expect: { action: 'no_route', status: 404 },
  },
  {
    name: 'httpsRedirect without routes redirects',
    source: `${SIM} TestHTTPGateway "httpsRedirect without routes"`,
    manifests: PODS + gateway('gateway', REDIRECT_SERVER, { namespace: 'default' }),
    request: { port: 80, host: 'example.com', path: '/' },
    expect: { action: 'redirect', status: 301, redirect: { location: 'https://example.com/' }, virtualService: null },
  },
  {
    name: 'httpsRedirect with routes still redirects every path',
    source: `${SIM} TestHTTPGateway "httpsRedirect with routes"`,
    manifests: PODS + gateway('gateway', REDIRECT_SERVER, { namespace: 'default' }) + SIMPLE_ROUTE,
    request: { port: 80, host: 'example.com', path: '/any?x=1' },
    expect: { action: 'redirect', status: 301, redirect: { location: 'https://example.com/any?x=1' } },
  },
  {
    name: 'mixed httpsRedirect: the shared vhost redirects',
    source: `${SIM} TestHTTPGateway "mixed httpsRedirect with routes"; reference §b.8 (shared vhost)`,
    manifests: PODS + gateway('gateway', REDIRECT_SERVER, { namespace: 'default' })
      + gateway('gateway2', httpServer(80, '["example.com"]', 'http'), { namespace: 'default' }) + SIMPLE_ROUTE,
    request: { port: 80, host: 'example.com' },
    expect: { action: 'redirect', status: 301 },
  },
  {
    name: 'httpsRedirect on an HTTPS server is harmless; the destination port defaults to the server port 443',
    source: `${SIM} TestHTTPGateway "httpsRedirect on https" (cluster outbound|443||b.default); reference §b.5, §e.1`,
    manifests: PODS + gateway('gateway', `
- port: {number: 443, name: https, protocol: HTTPS}
  hosts: ["example.com"]
  tls: {httpsRedirect: true, mode: SIMPLE, credentialName: test}
`, { namespace: 'default' }) + SIMPLE_ROUTE,
    request: { port: 443, host: 'example.com', scheme: 'https' },
    expect: {
      action: 'route',
      gateway: 'default/gateway',
      server: { port: 443, protocol: 'HTTPS', name: 'https' },
      virtualService: 'default/vs',
      ...onlyTo(fqdn('b'), 443),
    },
  },
];

const CONFLICTS: EngineCase[] = [
  {
    name: 'duplicate cross namespace gateway collision: alpha/gateway takes port 80 and has no tcp route',
    source: `${SIM} TestGatewayConflicts "duplicate cross namespace gateway collision" (istio/istio#21394); pilot/pkg/model/config.go configCompareByCreationTime`,
    manifests: PODS + gateway('gateway', TCP_FOO_BAR, { namespace: 'istio-system' }) + gateway('gateway', TCP_FOO_BAR, { namespace: 'alpha' }) + PRODUCTPAGE_TCP,
    request: { port: 80 },
    expect: { action: 'no_listener', gateway: null },
  },
  {
    name: 'duplicate cross namespace gateway collision: istio-system/gateway first routes',
    source: `${SIM} TestGatewayConflicts "duplicate cross namespace gateway collision - selected first"`,
    manifests: PODS + gateway('gateway', TCP_FOO_BAR, { namespace: 'istio-system' }) + gateway('gateway', TCP_FOO_BAR, { namespace: 'zeta' }) + PRODUCTPAGE_TCP,
    request: { port: 80 },
    expect: {
      action: 'route',
      gateway: 'istio-system/gateway',
      server: { port: 80, protocol: 'TCP', name: 'tcp' },
      virtualService: 'default/bookinfo',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('productpage'), 9080),
    },
  },
  {
    name: 'duplicate tls gateway: two catch-all SNI chains, Envoy refuses the listener',
    source: `${SIM} TestGatewayConflicts "duplicate tls gateway" (ErrMultipleFilterChain, istio/istio#24638); reference §b.2; Envoy filter_chain_manager_impl.cc "multiple filter chains with overlapping matching rules"`,
    manifests: PODS + ['istio-system', 'default'].map((ns) => gateway('default', `
- hosts: ["./*"]
  port: {name: https-ingress, number: 443, protocol: HTTPS}
  tls: {credentialName: sds-credential, mode: SIMPLE}
`, { namespace: ns })).join(''),
    request: { port: 443, host: 'foo.bar', scheme: 'https' },
    expect: { action: 'no_listener', reason: 'multiple_filter_chains', gateway: null },
  },
  {
    name: 'duplicate tls virtual service: the first VirtualService claims the SNI',
    source: `${SIM} TestGatewayConflicts "duplicate tls virtual service"; pilot/pkg/networking/core/gateway.go buildGatewayNetworkFiltersFromTLSRoutes (CheckDuplicates)`,
    manifests: PODS + gateway('ingressgateway', `
- hosts: ["*.example.com"]
  port: {name: https, number: 443, protocol: HTTPS}
  tls: {mode: PASSTHROUGH}
`) + ['vs1', 'vs2'].map((name) => virtualService(name, 'default', '[mysite.example.com]', '[istio-system/ingressgateway]', `
tls:
- match:
  - port: 443
    sniHosts: [mysite.example.com]
  route:
  - destination: {host: mysite.default.svc.cluster.local, port: {number: 443}}
`)).join(''),
    request: { port: 443, host: 'mysite.example.com', scheme: 'https' },
    expect: {
      action: 'route',
      gateway: 'istio-system/ingressgateway',
      server: { port: 443, protocol: 'HTTPS', name: 'https' },
      virtualService: 'default/vs1',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('mysite'), 443),
    },
  },
  {
    name: 'multiple protocols on a port, tcp first: the TCP server wins and, without tcp routes, no listener',
    source: `${SIM} TestGatewayConflicts "multiple protocols on a port - tcp first" (istio/istio#27481); pilot/pkg/model/gateway.go canMergeProtocols`,
    manifests: PODS + gateway('alpha', TCP_FOO_BAR, { namespace: 'default' }) + gateway('beta', FOO_BAR_HTTP, { namespace: 'default' }),
    request: { port: 80 },
    expect: { action: 'no_listener' },
  },
  {
    name: 'multiple protocols on a port, tcp first: an HTTP request is refused too',
    source: `${SIM} TestGatewayConflicts "multiple protocols on a port - tcp first"`,
    manifests: PODS + gateway('alpha', TCP_FOO_BAR, { namespace: 'default' }) + gateway('beta', FOO_BAR_HTTP, { namespace: 'default' }),
    request: { port: 80, host: 'foo.bar', scheme: 'http' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'multiple protocols on a port, http first: the HTTP server wins, blackhole 404',
    source: `${SIM} TestGatewayConflicts "multiple protocols on a port - http first"`,
    manifests: PODS + gateway('beta', TCP_FOO_BAR, { namespace: 'default' }) + gateway('alpha', FOO_BAR_HTTP, { namespace: 'default' }),
    request: { port: 80, host: 'foo.bar' },
    expect: { action: 'no_route', status: 404, gateway: 'default/alpha', server: { port: 80, protocol: 'HTTP', name: 'http' } },
  },
  ...['ns-1', 'ns-2'].map((ns): EngineCase => ({
    name: `multiple wildcards with virtual service disambiguator: ${ns}.example.com goes to echo.${ns}`,
    source: `${SIM} TestGatewayConflicts "multiple wildcards with virtual service disambiguator"; reference §b.9, §c.3`,
    manifests: PODS
      + gateway('alpha', httpServer(80, '["ns-1/*.example.com"]', 'http'), { namespace: 'default' })
      + gateway('beta', httpServer(80, '["ns-2/*.example.com"]', 'http'), { namespace: 'default' })
      + virtualService('default', 'ns-1', '["ns-1.example.com"]', '[default/alpha]', routeAllTo('echo'))
      + virtualService('default', 'ns-2', '["ns-2.example.com"]', '[default/beta]', routeAllTo('echo')),
    request: { port: 80, host: `${ns}.example.com` },
    expect: {
      action: 'route',
      gateway: ns === 'ns-1' ? 'default/alpha' : 'default/beta',
      virtualService: `${ns}/default`,
      ...onlyTo(fqdn('echo', ns), 80),
    },
  })),
  ...[
    ['foo.example.com', '/1', 'foobar-vs', 'echo-foobar'],
    ['foo.example.com', '/foo', 'foo-vs', 'echo-foo'],
    ['bar.example.com', '/bar', 'bar-vs', 'echo-bar'],
  ].map(([host, path, vs, destination]): EngineCase => ({
    name: `multiple virtual services that should become separate vhosts: ${host}${path} goes to ${destination}`,
    source: `${SIM} TestGatewayConflicts "multiple virtual services that should become separate vhosts"`,
    manifests: PODS + gateway('public-gw', httpServer(80, '[foo.example.com, bar.example.com]', 'http'))
      + virtualService('foobar-vs', 'default', '[foo.example.com, bar.example.com]', '[istio-system/public-gw]', `
http:
- name: foobar
  match: [{uri: {prefix: /1}}, {uri: {prefix: /2}}, {uri: {prefix: /3}}]
  route:
  - destination: {host: echo-foobar}
`, '2010-01-01T00:00:00Z')
      + virtualService('foo-vs', 'default', '[foo.example.com]', '[istio-system/public-gw]', `
http:
- name: foo
  match: [{uri: {prefix: /foo}}]
  route:
  - destination: {host: echo-foo, port: {number: 80}}
`, '2015-01-01T00:00:00Z')
      + virtualService('bar-vs', 'default', '[bar.example.com]', '[istio-system/public-gw]', `
http:
- name: bar
  match: [{uri: {prefix: /bar}}]
  route:
  - destination: {host: echo-bar, port: {number: 80}}
`, '2020-01-01T00:00:00Z'),
    request: { port: 80, host, path },
    expect: {
      action: 'route',
      gateway: 'istio-system/public-gw',
      virtualService: `default/${vs}`,
      rule: { index: 0, name: vs.replace('-vs', '') },
      ...onlyTo(fqdn(destination), 80),
    },
  })),
];

const VS_EXAMPLE_A_B = virtualService('a', 'default', '["example.com"]', '[gateway80, gateway8081]', routeAllTo('a', 80))
  + virtualService('b', 'default', '["example.com"]', '[gateway80, gateway8081]', routeAllTo('b', 8081));

/** Two Services select the pods; the one labelled to opt out of translation maps 80 to 8081. */
function disabledTranslation(disabledFirst: boolean): string {
  const disabled = gatewayService('- {name: http, port: 80, targetPort: 8081}', {
    name: 'svc-disabled', labels: 'experimental.istio.io/disable-gateway-port-translation: "true"',
  });
  const normal = gatewayService('- {name: http, port: 80, targetPort: 8080}', { name: 'svc-normal' });
  return PODS + (disabledFirst ? disabled + normal : normal + disabled)
    + gateway('gateway80', httpServer(80, '["example.com"]', 'http'), { namespace: 'default' })
    + gateway('gateway8081', httpServer(8081, '["example.com"]', 'http'), { namespace: 'default' })
    + VS_EXAMPLE_A_B;
}

const PORTS: EngineCase[] = [
  ...[true, false].flatMap((disabledFirst): EngineCase[] => [
    {
      name: `disable port translation (${disabledFirst ? 'opted-out Service first' : 'translating Service first'}): port 80 of the translating Service reaches listener 8080`,
      source: `${SIM} TestDisablePortTranslation "multiple target port, ${disabledFirst ? 'target port' : 'service port'} first" / target port 1; pilot/pkg/model/gateway.go resolvePorts`,
      manifests: disabledTranslation(disabledFirst),
      request: { port: 80, host: 'example.com', gateway: 'istio-system/svc-normal' },
      expect: {
        action: 'route',
        gateway: 'default/gateway80',
        server: { port: 80, protocol: 'HTTP', name: 'http' },
        virtualService: 'default/a',
        ...onlyTo(fqdn('a'), 80),
      },
    },
    {
      name: `disable port translation (${disabledFirst ? 'opted-out Service first' : 'translating Service first'}): port 80 of the opted-out Service reaches the 8081 server`,
      source: `${SIM} TestDisablePortTranslation "multiple target port, ${disabledFirst ? 'target port' : 'service port'} first" / target port 2 (vhost example.com:8081)`,
      manifests: disabledTranslation(disabledFirst),
      request: { port: 80, host: 'example.com', gateway: 'istio-system/svc-disabled' },
      expect: {
        action: 'route',
        gateway: 'default/gateway8081',
        server: { port: 8081, protocol: 'HTTP', name: 'http' },
        virtualService: 'default/a',
        ...onlyTo(fqdn('a'), 80),
      },
    },
  ]),
  {
    name: 'target port: Gateway ports 80 and 8080 both listen on 8080 and share http.8080',
    source: `${SIM} TestTargetPort "basic" (listener 0.0.0.0_8080, vhost example.com:80); reference §a.3`,
    manifests: PODS + gatewayService('- {name: http, port: 80, targetPort: 8080}')
      + gateway('gateway80', httpServer(80, '["example.com"]', 'http'))
      + gateway('gateway81', httpServer(8080, '["example.com"]', 'http'))
      + virtualService('a', 'default', '["example.com"]', '[istio-system/gateway80, istio-system/gateway81]', routeAllTo('a', 80)),
    request: { port: 80, host: 'example.com' },
    expect: {
      action: 'route',
      gateway: 'istio-system/gateway80',
      server: { port: 80, protocol: 'HTTP', name: 'http' },
      virtualService: 'default/a',
      ...onlyTo(fqdn('a'), 80),
    },
  },
  {
    name: 'gateway services, no match selector: Service port 80 reaches listener 8080',
    source: `${SIM} TestGatewayServices "no match selector" / port 8080`,
    manifests: PODS + gatewayService('- {name: http, port: 80, targetPort: 8080}')
      + gateway('gateway', httpServer(80, '["80.example.com"]', 'http-80') + httpServer(82, '["82.example.com"]', 'http-82'))
      + virtualService('a', 'default', '["*.example.com"]', '[istio-system/gateway]', routeAllTo('a', 80)),
    request: { port: 80, host: '80.example.com' },
    expect: { action: 'route', server: { port: 80, name: 'http-80' }, ...onlyTo(fqdn('a'), 80) },
  },
  {
    name: 'gateway services, no match selector: server 82 listens on 82 but the Service does not forward there',
    source: `${SIM} TestGatewayServices "no match selector" / no service match (listener 0.0.0.0_82); reference §a.5`,
    manifests: PODS + gatewayService('- {name: http, port: 80, targetPort: 8080}')
      + gateway('gateway', httpServer(80, '["80.example.com"]', 'http-80') + httpServer(82, '["82.example.com"]', 'http-82'))
      + virtualService('a', 'default', '["*.example.com"]', '[istio-system/gateway]', routeAllTo('a', 80)),
    request: { port: 82, host: '82.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'gateway services, no match selector: with no Service at all, port 82 is the listener itself',
    source: `${SIM} TestGatewayServices "no match selector" / no service match (vhost 82.example.com:82)`,
    manifests: PODS
      + gateway('gateway', httpServer(80, '["80.example.com"]', 'http-80') + httpServer(82, '["82.example.com"]', 'http-82'))
      + virtualService('a', 'default', '["*.example.com"]', '[istio-system/gateway]', routeAllTo('a', 80)),
    request: { port: 82, host: '82.example.com' },
    expect: { action: 'route', server: { port: 82, name: 'http-82' }, ...onlyTo(fqdn('a'), 80) },
  },
];

describe('Istio gateway simulation: TestHTTPGateway', () => runCases(HTTP_GATEWAY));
describe('Istio gateway simulation: TestGatewayConflicts', () => runCases(CONFLICTS));
describe('Istio gateway simulation: ports (TestTargetPort, TestDisablePortTranslation, TestGatewayServices)', () => runCases(PORTS));
