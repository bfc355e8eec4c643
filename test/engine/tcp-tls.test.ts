/**
 * TLS modes, TLS passthrough and TCP servers: which VirtualService section a server uses and how
 * its connections are forwarded (reference §b.1, §b.6, §f).
 */
import {
  CHART_GATEWAY, EngineCase, fqdn, gateway, gatewayDeployment, gatewayService, onlyTo, runCases, tcpTo, virtualService,
} from './gateway-fixtures';

const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md';
const CORE_GATEWAY_GO = 'istio/istio pilot/pkg/networking/core/gateway.go';

/** An HTTPS server on 443 for `hosts` with the `tls` block (YAML flow mapping). */
function https(hosts: string, tls: string, name = 'https'): string {
  return `
- port: {number: 443, name: ${name}, protocol: HTTPS}
  hosts: ${hosts}
  tls: ${tls}
`;
}

/** A TLS-protocol server on 443 for `hosts` with the `tls` block. */
function tlsServer(hosts: string, tls: string, name = 'tls'): string {
  return `
- port: {number: 443, name: ${name}, protocol: TLS}
  hosts: ${hosts}
  tls: ${tls}
`;
}

/** A VirtualService `web` for shop.example.com with an https-only http rule, an http catch-all, a tcp and a tls rule. */
const WEB_ALL_SECTIONS = virtualService('web', 'default', '[shop.example.com]', '[istio-system/gw]', `
http:
- name: secure-only
  match: [{scheme: {exact: https}}]
  route:
  - destination: {host: secure, port: {number: 8443}}
- name: rest
  route:
  - destination: {host: plain, port: {number: 8080}}
tcp:
- route:
  - destination: {host: raw, port: {number: 9000}}
tls:
- match: [{sniHosts: [shop.example.com]}]
  route:
  - destination: {host: passthrough, port: {number: 443}}
`);

const TERMINATING: EngineCase[] = [
  ...['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL'].map((mode): EngineCase => ({
    name: `HTTPS ${mode} terminates TLS and routes http rules with scheme https`,
    source: `${REF} §b.1, §b.6; https://istio.io/latest/docs/tasks/traffic-management/ingress/secure-ingress/`,
    manifests: CHART_GATEWAY + gateway('gw', https('[shop.example.com]', `{mode: ${mode}, credentialName: shop-cert}`)) + WEB_ALL_SECTIONS,
    request: { port: 443, host: 'shop.example.com', path: '/' },
    expect: {
      action: 'route',
      gateway: 'istio-system/gw',
      server: { port: 443, protocol: 'HTTPS', name: 'https' },
      virtualService: 'default/web',
      rule: { index: 0, name: 'secure-only' },
      ...onlyTo(fqdn('secure'), 8443),
    },
  })),
  {
    name: 'HTTPS ISTIO_MUTUAL terminates TLS and routes http rules',
    source: `${REF} §b.6 (ISTIO_MUTUAL terminates with the gateway's workload certificate)`,
    manifests: CHART_GATEWAY + gateway('gw', https('[shop.example.com]', '{mode: ISTIO_MUTUAL}')) + WEB_ALL_SECTIONS,
    request: { port: 443, host: 'shop.example.com', scheme: 'https' },
    expect: { action: 'route', virtualService: 'default/web', rule: { index: 0, name: 'secure-only' } },
  },
  {
    name: 'the same http rules over plaintext HTTP see scheme http',
    source: `${REF} §d.5 (scheme: http on plaintext listeners)`,
    manifests: CHART_GATEWAY + gateway('gw', `
- port: {number: 80, name: http, protocol: HTTP}
  hosts: [shop.example.com]
`) + WEB_ALL_SECTIONS,
    request: { port: 80, host: 'shop.example.com' },
    expect: { action: 'route', virtualService: 'default/web', rule: { index: 1, name: 'rest' }, ...onlyTo(fqdn('plain'), 8080) },
  },
  {
    name: 'HTTPS with a tls block but no mode is PASSTHROUGH and uses tls rules',
    source: `${REF} §b.1 (mode defaults to PASSTHROUGH, enum value 0); api networking/v1alpha3/gateway.proto ServerTLSSettings.TLSmode`,
    manifests: CHART_GATEWAY + gateway('gw', https('[shop.example.com]', '{credentialName: shop-cert}')) + WEB_ALL_SECTIONS,
    request: { port: 443, host: 'shop.example.com' },
    expect: {
      action: 'route',
      server: { port: 443, protocol: 'HTTPS' },
      virtualService: 'default/web',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('passthrough'), 443),
    },
  },
  {
    name: 'HTTPS without mode and a VirtualService with only http rules: no chain, no listener',
    source: `${REF} §b.1, §f.3 (a passthrough server without a matching tls rule contributes no chain), §f.5`,
    manifests: CHART_GATEWAY + gateway('gw', https('[shop.example.com]', '{credentialName: shop-cert}'))
      + virtualService('web', 'default', '[shop.example.com]', '[istio-system/gw]', `
http:
- route:
  - destination: {host: web, port: {number: 80}}
`),
    request: { port: 443, host: 'shop.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'TLS protocol with SIMPLE terminates and uses tcp rules, not tls rules',
    source: `${REF} §b.1 (TLS + SIMPLE -> tcp), §f.2; ${CORE_GATEWAY_GO} createGatewayTCPFilterChainOpts`,
    manifests: CHART_GATEWAY + gateway('gw', tlsServer('[shop.example.com]', '{mode: SIMPLE, credentialName: shop-cert}')) + WEB_ALL_SECTIONS,
    request: { port: 443, host: 'shop.example.com' },
    expect: {
      action: 'route',
      server: { port: 443, protocol: 'TLS', name: 'tls' },
      virtualService: 'default/web',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('raw'), 9000),
    },
  },
  {
    name: 'TLS protocol with SIMPLE only takes the SNI of its hosts',
    source: `${REF} §f.2 (the chain requires SNI in the server hosts)`,
    manifests: CHART_GATEWAY + gateway('gw', tlsServer('[shop.example.com]', '{mode: SIMPLE, credentialName: shop-cert}')) + WEB_ALL_SECTIONS,
    request: { port: 443, host: 'other.example.com' },
    expect: { action: 'reject' },
  },
  {
    name: 'TLS protocol with SIMPLE and only tls rules: no chain, no listener',
    source: `${REF} §f.2, §f.5; ${CORE_GATEWAY_GO} buildGatewayNetworkFiltersFromTCPRoutes`,
    manifests: CHART_GATEWAY + gateway('gw', tlsServer('[shop.example.com]', '{mode: SIMPLE, credentialName: shop-cert}'))
      + virtualService('db', 'default', '[shop.example.com]', '[istio-system/gw]', `
tls:
- match: [{sniHosts: [shop.example.com]}]
  route:
  - destination: {host: db, port: {number: 5432}}
`),
    request: { port: 443, host: 'shop.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'plaintext to a TLS-terminating TCP chain fails the handshake',
    source: `${REF} §b.4; istio/istio pilot/pkg/simulation/traffic.go (plaintext to a chain with a transport socket: ErrTLSError)`,
    manifests: CHART_GATEWAY + gateway('gw', tlsServer('["*"]', '{mode: SIMPLE, credentialName: shop-cert}')) + WEB_ALL_SECTIONS,
    request: { port: 443, host: 'shop.example.com', scheme: 'http' },
    expect: { action: 'reject' },
  },
];

/** The Gateway and VirtualService of istio.io's SNI passthrough task, in our own words. */
const NGINX = gateway('mygateway', tlsServer('[nginx.example.com]', '{mode: PASSTHROUGH}', 'https'), { namespace: 'default' })
  + virtualService('nginx', 'default', '[nginx.example.com]', '[mygateway]', `
tls:
- match:
  - port: 443
    sniHosts: [nginx.example.com]
  route:
  - destination: {host: my-nginx, port: {number: 443}}
`);

/** A passthrough server on 443 for `hosts`, of Gateway `gw`. */
function passthroughGateway(hosts: string, name = 'gw'): string {
  return gateway(name, https(hosts, '{mode: PASSTHROUGH}'));
}

/** A VirtualService with `tls` rules (YAML list items under `tls:`). */
function tlsVs(name: string, hosts: string, rules: string, gateways = '[istio-system/gw]', created?: string): string {
  return virtualService(name, 'default', hosts, gateways, `tls:\n${rules}`, created);
}

const PASSTHROUGH: EngineCase[] = [
  {
    name: 'SNI passthrough task: nginx.example.com reaches my-nginx:443',
    source: `https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-sni-passthrough/; ${REF} §f.3`,
    manifests: CHART_GATEWAY + NGINX,
    request: { port: 443, host: 'nginx.example.com' },
    expect: {
      action: 'route',
      gateway: 'default/mygateway',
      server: { port: 443, protocol: 'TLS', name: 'https' },
      virtualService: 'default/nginx',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('my-nginx'), 443),
    },
  },
  {
    name: 'SNI passthrough task through the nodePort',
    source: 'https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-sni-passthrough/ (curl --resolve to the ingress port)',
    manifests: CHART_GATEWAY + NGINX,
    request: { nodePort: 30443, host: 'nginx.example.com' },
    expect: { action: 'route', virtualService: 'default/nginx', ...onlyTo(fqdn('my-nginx'), 443) },
  },
  {
    name: 'passthrough: an SNI no tls match names is closed',
    source: `${REF} §f.3 step 4, §f.5`,
    manifests: CHART_GATEWAY + NGINX,
    request: { port: 443, host: 'other.example.com' },
    expect: { action: 'reject', gateway: null },
  },
  {
    name: 'passthrough: a plaintext client sends no SNI and is closed',
    source: `${REF} §b.4 (no SNI => only chains without server_names)`,
    manifests: CHART_GATEWAY + NGINX,
    request: { port: 443, host: 'nginx.example.com', scheme: 'http' },
    expect: { action: 'reject' },
  },
  {
    name: 'passthrough: one chain per tls rule, the rule index is reported',
    source: `${REF} §f.3 step 2; ${CORE_GATEWAY_GO} buildGatewayNetworkFiltersFromTLSRoutes`,
    manifests: CHART_GATEWAY + passthroughGateway('["*.example.com"]') + tlsVs('l4', '[a.example.com, b.example.com]', `
- match: [{sniHosts: [a.example.com]}]
  route: [{destination: {host: a, port: {number: 443}}}]
- match: [{sniHosts: [b.example.com]}]
  route: [{destination: {host: b, port: {number: 443}}}]
`),
    request: { port: 443, host: 'b.example.com' },
    expect: { action: 'route', virtualService: 'default/l4', rule: { index: 1, name: null }, ...onlyTo(fqdn('b'), 443) },
  },
  {
    name: 'passthrough: each match entry of a rule is its own chain',
    source: `${REF} §f.3 step 2 (for each match entry)`,
    manifests: CHART_GATEWAY + passthroughGateway('["*.example.com"]') + tlsVs('l4', '[a.example.com, b.example.com]', `
- match: [{sniHosts: [a.example.com]}, {sniHosts: [b.example.com]}]
  route: [{destination: {host: ab, port: {number: 443}}}]
`),
    request: { port: 443, host: 'b.example.com' },
    expect: { action: 'route', rule: { index: 0, name: null }, ...onlyTo(fqdn('ab'), 443) },
  },
  {
    name: 'passthrough: sniHosts are used as written, not narrowed to the server hosts',
    source: `${REF} §f.3 step 2 (server_names = match.sniHosts, not intersected with the server hosts)`,
    manifests: CHART_GATEWAY + passthroughGateway('[a.example.com]') + tlsVs('l4', '["*.example.com"]', `
- match: [{sniHosts: ["*.example.com"]}]
  route: [{destination: {host: any, port: {number: 443}}}]
`),
    request: { port: 443, host: 'z.example.com' },
    expect: { action: 'route', virtualService: 'default/l4', ...onlyTo(fqdn('any'), 443) },
  },
  {
    name: 'passthrough: a wildcard sniHost matches deeper names too',
    source: `${REF} §f.3 (*.example.com as a sniHost matches a.b.example.com)`,
    manifests: CHART_GATEWAY + passthroughGateway('["*.example.com"]') + tlsVs('l4', '["*.example.com"]', `
- match: [{sniHosts: ["*.example.com"]}]
  route: [{destination: {host: any, port: {number: 443}}}]
`),
    request: { port: 443, host: 'a.b.example.com' },
    expect: { action: 'route', ...onlyTo(fqdn('any'), 443) },
  },
  {
    name: 'passthrough: a match sharing any sniHost with an earlier one is skipped entirely',
    source: `${REF} §f.3 step 3 (first claim wins); istio/istio pilot/pkg/model/gateway.go CheckDuplicates`,
    manifests: CHART_GATEWAY + passthroughGateway('["*.example.com"]') + tlsVs('l4', '[a.example.com, b.example.com]', `
- match: [{sniHosts: [a.example.com]}]
  route: [{destination: {host: a, port: {number: 443}}}]
- match: [{sniHosts: [a.example.com, b.example.com]}]
  route: [{destination: {host: ab, port: {number: 443}}}]
`),
    request: { port: 443, host: 'b.example.com' },
    expect: { action: 'reject' },
  },
  {
    name: 'passthrough: the older VirtualService claims a shared sniHost',
    source: `${REF} §f.3 step 3, §c.2 (creation order); istio/istio pilot/pkg/networking/core/gateway_simulation_test.go "duplicate tls virtual service"`,
    manifests: CHART_GATEWAY + passthroughGateway('["*.example.com"]')
      + tlsVs('zz-old', '[a.example.com]', `
- match: [{sniHosts: [a.example.com]}]
  route: [{destination: {host: old, port: {number: 443}}}]
`, '[istio-system/gw]', '2020-01-01T00:00:00Z')
      + tlsVs('aa-new', '[a.example.com]', `
- match: [{sniHosts: [a.example.com]}]
  route: [{destination: {host: new, port: {number: 443}}}]
`, '[istio-system/gw]', '2021-01-01T00:00:00Z'),
    request: { port: 443, host: 'a.example.com' },
    expect: { action: 'route', virtualService: 'default/zz-old', ...onlyTo(fqdn('old'), 443) },
  },
  {
    name: 'passthrough: chains are built per protocol group, so a later TLS server claims an SNI before an earlier HTTPS one',
    source: 'istio/istio pilot/pkg/model/gateway.go mergeGateways (MergedServers keyed by port and protocol); pilot/pkg/networking/core/gateway.go buildGatewayListeners (one pass per server port), buildGatewayNetworkFiltersFromTLSRoutes',
    manifests: CHART_GATEWAY
      + gateway('alpha', tlsServer('[other.example.com]', '{mode: PASSTHROUGH}', 'tls-alpha'))
      + gateway('beta', https('[shared.example.com]', '{mode: PASSTHROUGH}', 'https-beta'))
      + tlsVs('beta', '[shared.example.com]', `
- match: [{sniHosts: [shared.example.com]}]
  route: [{destination: {host: beta, port: {number: 443}}}]
`, '[istio-system/beta]')
      + gateway('gamma', tlsServer('["*.example.com"]', '{mode: PASSTHROUGH}', 'tls-gamma'))
      + tlsVs('gamma', '["*.example.com"]', `
- match: [{sniHosts: [shared.example.com]}]
  route: [{destination: {host: gamma, port: {number: 443}}}]
`, '[istio-system/gamma]'),
    request: { port: 443, host: 'shared.example.com' },
    expect: { action: 'route', gateway: 'istio-system/gamma', server: { protocol: 'TLS', name: 'tls-gamma' }, virtualService: 'default/gamma' },
  },
  {
    name: 'an exact passthrough name beats a wildcard terminating server on the same port',
    source: `${REF} §f.3 (exact passthrough name beats a wildcard terminating server), §b.4 step 1`,
    manifests: CHART_GATEWAY
      + gateway('web', https('["*.example.com"]', '{mode: SIMPLE, credentialName: wildcard-cert}', 'https-web'))
      + virtualService('web', 'default', '["*.example.com"]', '[istio-system/web]', `
http:
- route:
  - destination: {host: web, port: {number: 80}}
`)
      + gateway('db', tlsServer('[db.example.com]', '{mode: PASSTHROUGH}', 'tls-db'))
      + tlsVs('db', '[db.example.com]', `
- match: [{sniHosts: [db.example.com]}]
  route: [{destination: {host: db, port: {number: 5432}}}]
`, '[istio-system/db]'),
    request: { port: 443, host: 'db.example.com' },
    expect: { action: 'route', gateway: 'istio-system/db', server: { protocol: 'TLS', name: 'tls-db' }, virtualService: 'default/db', ...onlyTo(fqdn('db'), 5432) },
  },
  {
    name: 'other names on that port still terminate at the wildcard server',
    source: `${REF} §f.3, §b.4 step 2`,
    manifests: CHART_GATEWAY
      + gateway('web', https('["*.example.com"]', '{mode: SIMPLE, credentialName: wildcard-cert}', 'https-web'))
      + virtualService('web', 'default', '["*.example.com"]', '[istio-system/web]', `
http:
- route:
  - destination: {host: web, port: {number: 80}}
`)
      + gateway('db', tlsServer('[db.example.com]', '{mode: PASSTHROUGH}', 'tls-db'))
      + tlsVs('db', '[db.example.com]', `
- match: [{sniHosts: [db.example.com]}]
  route: [{destination: {host: db, port: {number: 5432}}}]
`, '[istio-system/db]'),
    request: { port: 443, host: 'www.example.com' },
    expect: { action: 'route', gateway: 'istio-system/web', server: { protocol: 'HTTPS', name: 'https-web' }, virtualService: 'default/web', ...onlyTo(fqdn('web'), 80) },
  },
  {
    name: 'a passthrough server with no matching tls rule and no other chain: no listener',
    source: `${REF} §f.3, §f.5; ${CORE_GATEWAY_GO} MutableGatewayListener.build ("must have more than 0 chains")`,
    manifests: CHART_GATEWAY + passthroughGateway('[a.example.com]'),
    request: { port: 443, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'passthrough: a tls match on another port is skipped',
    source: `${REF} §f.3 step 2 (port unset or == server port); ${CORE_GATEWAY_GO} isPortMatch`,
    manifests: CHART_GATEWAY + passthroughGateway('[a.example.com]') + tlsVs('l4', '[a.example.com]', `
- match: [{port: 8443, sniHosts: [a.example.com]}]
  route: [{destination: {host: a, port: {number: 443}}}]
`),
    request: { port: 443, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'passthrough: a tls match for another gateway is skipped',
    source: `${REF} §f.3 step 2 (gateways unset or contains the owning gateway); ${CORE_GATEWAY_GO} isGatewayMatch`,
    manifests: CHART_GATEWAY + passthroughGateway('[a.example.com]') + tlsVs('l4', '[a.example.com]', `
- match: [{gateways: [istio-system/other], sniHosts: [a.example.com]}]
  route: [{destination: {host: a, port: {number: 443}}}]
- match: [{sniHosts: [a.example.com]}]
  route: [{destination: {host: fallback, port: {number: 443}}}]
`, '[istio-system/gw, istio-system/other]'),
    request: { port: 443, host: 'a.example.com' },
    expect: { action: 'route', rule: { index: 1 }, ...onlyTo(fqdn('fallback'), 443) },
  },
  {
    name: 'passthrough: a VirtualService whose hosts miss the server hosts is ignored',
    source: `${REF} §f.3 step 1; ${CORE_GATEWAY_GO} pickMatchingGatewayHosts`,
    manifests: CHART_GATEWAY + passthroughGateway('[a.example.com]') + tlsVs('l4', '[b.example.com]', `
- match: [{sniHosts: [b.example.com]}]
  route: [{destination: {host: b, port: {number: 443}}}]
`),
    request: { port: 443, host: 'b.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'passthrough: a sniHost * chain also forwards plaintext connections',
    source: `${REF} §b.4 (a chain without server_names takes any connection); istio/istio pilot/pkg/networking/core/listener.go toFilterChainMatch (* -> no server_names); passthrough chains have no transport socket`,
    manifests: CHART_GATEWAY + passthroughGateway('["*"]') + tlsVs('l4', '["*"]', `
- match: [{sniHosts: ["*"]}]
  route: [{destination: {host: any, port: {number: 443}}}]
`),
    request: { port: 443, host: 'whatever.example.com', scheme: 'http' },
    expect: { action: 'route', ...onlyTo(fqdn('any'), 443) },
  },
];

/** Gateway `gw` with a TCP server on 3306 for `hosts`, and the gateway pods with a mysql Service port. */
function tcpGateway(hosts = '["*"]', protocol = 'TCP'): string {
  return gatewayDeployment() + gatewayService('- {name: mysql, port: 3306, nodePort: 30306}')
    + gateway('gw', `
- port: {number: 3306, name: mysql, protocol: ${protocol}}
  hosts: ${hosts}
`);
}

const TCP: EngineCase[] = [
  {
    name: 'TCP: the older VirtualService wins for the whole port',
    source: `${REF} §f.1 step 4 (first applicable rule of the first VS; older shadows newer)`,
    manifests: tcpGateway()
      + virtualService('aa-new', 'default', '["*"]', '[istio-system/gw]', tcpTo('new', 3306), '2021-01-01T00:00:00Z')
      + virtualService('zz-old', 'default', '["*"]', '[istio-system/gw]', tcpTo('old', 3306), '2020-01-01T00:00:00Z'),
    request: { port: 3306 },
    expect: {
      action: 'route',
      gateway: 'istio-system/gw',
      server: { port: 3306, protocol: 'TCP', name: 'mysql' },
      virtualService: 'default/zz-old',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('old'), 3306),
    },
  },
  {
    name: 'TCP: without timestamps VirtualServices are taken by name',
    source: `${REF} §f.1 step 1, §c.2 (creationTimestamp, then name, then namespace)`,
    manifests: tcpGateway()
      + virtualService('beta', 'default', '["*"]', '[istio-system/gw]', tcpTo('beta', 3306))
      + virtualService('alpha', 'default', '["*"]', '[istio-system/gw]', tcpTo('alpha', 3306)),
    request: { port: 3306 },
    expect: { action: 'route', virtualService: 'default/alpha' },
  },
  {
    name: 'TCP: hosts only pick VirtualServices; a VS whose hosts miss the server hosts is skipped',
    source: `${REF} §f.1 step 2; ${CORE_GATEWAY_GO} buildGatewayNetworkFiltersFromTCPRoutes (pickMatchingGatewayHosts)`,
    manifests: tcpGateway('[db.example.com]')
      + virtualService('alpha', 'default', '[other.example.com]', '[istio-system/gw]', tcpTo('alpha', 3306))
      + virtualService('beta', 'default', '["*.example.com"]', '[istio-system/gw]', tcpTo('beta', 3306)),
    request: { port: 3306 },
    expect: { action: 'route', virtualService: 'default/beta', ...onlyTo(fqdn('beta'), 3306) },
  },
  {
    name: 'TCP: a rule whose match is for another port is skipped, the next rule applies',
    source: `${REF} §f.1 step 3; ${CORE_GATEWAY_GO} l4MultiMatch, isPortMatch`,
    manifests: tcpGateway() + virtualService('db', 'default', '["*"]', '[istio-system/gw]', `
tcp:
- match: [{port: 5432}]
  route: [{destination: {host: postgres, port: {number: 5432}}}]
- match: [{port: 3306}]
  route: [{destination: {host: mysql, port: {number: 3306}}}]
`),
    request: { port: 3306 },
    expect: { action: 'route', rule: { index: 1, name: null }, ...onlyTo(fqdn('mysql'), 3306) },
  },
  {
    name: 'TCP: a rule whose match names another gateway is skipped',
    source: `${REF} §f.1 step 3; ${CORE_GATEWAY_GO} isGatewayMatch`,
    manifests: tcpGateway() + virtualService('db', 'default', '["*"]', '[istio-system/gw, istio-system/other]', `
tcp:
- match: [{gateways: [istio-system/other]}]
  route: [{destination: {host: elsewhere, port: {number: 3306}}}]
- route: [{destination: {host: mysql, port: {number: 3306}}}]
`),
    request: { port: 3306 },
    expect: { action: 'route', rule: { index: 1 }, ...onlyTo(fqdn('mysql'), 3306) },
  },
  {
    name: 'TCP: sourceLabels are ignored at gateways',
    source: `${REF} §f.1 step 3 (sourceLabels, sourceNamespace, destinationSubnets ignored); ${CORE_GATEWAY_GO} l4SingleMatch`,
    manifests: tcpGateway() + virtualService('db', 'default', '["*"]', '[istio-system/gw]', `
tcp:
- match: [{sourceLabels: {app: frontend}, sourceNamespace: web}]
  route: [{destination: {host: mysql, port: {number: 3306}}}]
`),
    request: { port: 3306 },
    expect: { action: 'route', rule: { index: 0 }, ...onlyTo(fqdn('mysql'), 3306) },
  },
  {
    name: 'TCP: http and tls sections are ignored on a TCP server',
    source: `${REF} §f.1 (http and tls sections ignored on TCP servers)`,
    manifests: tcpGateway() + virtualService('web', 'default', '["*"]', '[istio-system/gw]', `
http:
- route: [{destination: {host: web, port: {number: 80}}}]
`) + virtualService('zz-db', 'default', '["*"]', '[istio-system/gw]', tcpTo('mysql', 3306)),
    request: { port: 3306 },
    expect: { action: 'route', virtualService: 'default/zz-db' },
  },
  {
    name: 'TCP: a server with no applicable rule gets no listener',
    source: `${REF} §f.1 step 5, §f.5`,
    manifests: tcpGateway() + virtualService('db', 'default', '["*"]', '[istio-system/gw]', `
tcp:
- match: [{port: 5432}]
  route: [{destination: {host: postgres, port: {number: 5432}}}]
`),
    request: { port: 3306 },
    expect: { action: 'no_listener', gateway: null },
  },
  {
    name: 'TCP: the nodePort reaches the same server',
    source: `${REF} §0 step 1`,
    manifests: tcpGateway() + virtualService('db', 'default', '["*"]', '[istio-system/gw]', tcpTo('mysql', 3306)),
    request: { nodePort: 30306 },
    expect: { action: 'route', virtualService: 'default/db', ...onlyTo(fqdn('mysql'), 3306) },
  },
  {
    name: 'MONGO servers route like TCP',
    source: `${REF} §b.1 (TCP, MONGO, REDIS, MYSQL: one chain, tcp rules)`,
    manifests: tcpGateway('["*"]', 'MONGO') + virtualService('db', 'default', '["*"]', '[istio-system/gw]', tcpTo('mongo', 27017)),
    request: { port: 3306 },
    expect: { action: 'route', server: { protocol: 'MONGO' }, ...onlyTo(fqdn('mongo'), 27017) },
  },
  {
    name: 'TCP traffic shifting task: 80% to v1, 20% to v2',
    source: `https://istio.io/latest/docs/tasks/traffic-management/tcp-traffic-shifting/; ${REF} §f.4`,
    manifests: gatewayDeployment() + gatewayService('- {name: tcp, port: 31400, targetPort: 31400, nodePort: 31400}')
      + gateway('tcp-echo-gateway', `
- port: {number: 31400, name: tcp, protocol: TCP}
  hosts: ["*"]
`, { namespace: 'istio-io-tcp-traffic-shifting' }) + `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: tcp-echo-destination, namespace: istio-io-tcp-traffic-shifting}
spec:
  host: tcp-echo
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
` + virtualService('tcp-echo', 'istio-io-tcp-traffic-shifting', '["*"]', '[tcp-echo-gateway]', `
tcp:
- match: [{port: 31400}]
  route:
  - destination: {host: tcp-echo, port: {number: 9000}, subset: v1}
    weight: 80
  - destination: {host: tcp-echo, port: {number: 9000}, subset: v2}
    weight: 20
`),
    request: { port: 31400 },
    expect: {
      action: 'route',
      gateway: 'istio-io-tcp-traffic-shifting/tcp-echo-gateway',
      virtualService: 'istio-io-tcp-traffic-shifting/tcp-echo',
      rule: { index: 0, name: null },
      destinations: [
        { host: fqdn('tcp-echo', 'istio-io-tcp-traffic-shifting'), port: 9000, subset: 'v1', weight: 80 },
        { host: fqdn('tcp-echo', 'istio-io-tcp-traffic-shifting'), port: 9000, subset: 'v2', weight: 20 },
      ],
    },
  },
  {
    name: 'TCP traffic shifting task, first step: all traffic to v1',
    source: 'https://istio.io/latest/docs/tasks/traffic-management/tcp-traffic-shifting/ (tcp-echo-all-v1)',
    manifests: gatewayDeployment() + gatewayService('- {name: tcp, port: 31400, targetPort: 31400}')
      + gateway('tcp-echo-gateway', `
- port: {number: 31400, name: tcp, protocol: TCP}
  hosts: ["*"]
`, { namespace: 'istio-io-tcp-traffic-shifting' }) + virtualService('tcp-echo', 'istio-io-tcp-traffic-shifting', '["*"]', '[tcp-echo-gateway]', `
tcp:
- match: [{port: 31400}]
  route:
  - destination: {host: tcp-echo, port: {number: 9000}, subset: v1}
`),
    request: { port: 31400 },
    expect: { action: 'route', ...onlyTo(fqdn('tcp-echo', 'istio-io-tcp-traffic-shifting'), 9000, 'v1') },
  },
];

const AUTO_PASSTHROUGH_GO = `${CORE_GATEWAY_GO} buildGatewayNetworkFiltersFromTLSRoutes, builtAutoPassthroughFilterChains; `
  + 'istio/istio pilot/pkg/model/service.go BuildDNSSrvSubsetKey';

/** An east-west style gateway: Service port tls 15443 and an AUTO_PASSTHROUGH server on it for `hosts`. */
function eastWest(hosts: string): string {
  return gatewayDeployment() + gatewayService('- {name: tls, port: 15443, targetPort: 15443}')
    + gateway('cross-network', `
- port: {number: 15443, name: tls, protocol: TLS}
  hosts: ${hosts}
  tls: {mode: AUTO_PASSTHROUGH}
`);
}

/** Mesh Services and a DestinationRule the AUTO_PASSTHROUGH cases send to. */
const MESH = `
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: default}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}, {name: udp-stats, port: 8125, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: maps, namespace: default}
spec:
  type: ExternalName
  externalName: maps.example.org
  ports: [{name: https, port: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: secret, namespace: private, annotations: {networking.istio.io/exportTo: "."}}
spec:
  selector: {app: secret}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: shared, namespace: private, annotations: {networking.istio.io/exportTo: "private, istio-system"}}
spec:
  selector: {app: shared}
  ports: [{name: http, port: 8080}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
---
`;

/** A TLS connection to the east-west port with `sni`. */
function sniRequest(sni: string): EngineCase['request'] {
  return { port: 15443, host: 'east-west.example.com', sni, scheme: 'https' };
}

const EAST_WEST = eastWest('["*.local"]') + MESH;

const AUTO_PASSTHROUGH: EngineCase[] = [
  {
    name: 'the SNI outbound_.9080_._.reviews... reaches port 9080 of reviews, without any VirtualService',
    source: `${REF} §b.4, §b.6 (destination encoded in SNI); ${AUTO_PASSTHROUGH_GO}`,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.9080_._.${fqdn('reviews')}`),
    expect: {
      action: 'route',
      reason: 'matched',
      gateway: 'istio-system/cross-network',
      server: { port: 15443, protocol: 'TLS', name: 'tls' },
      virtualService: null,
      rule: null,
      ...onlyTo(fqdn('reviews'), 9080),
      trace: expect.arrayContaining([
        `AUTO_PASSTHROUGH: the SNI names port 9080 of Service ${fqdn('reviews')}; Envoy forwards the TLS stream unterminated to cluster `
          + `outbound_.9080_._.${fqdn('reviews')} (the chain also requires an Istio mTLS ALPN, istio, istio-peer-exchange, istio-http/1.0, `
          + 'istio-http/1.1, istio-h2, which mesh proxies offer: assumed)',
      ]),
    },
  },
  {
    name: 'a DestinationRule subset has its own SNI name and cluster',
    source: `${AUTO_PASSTHROUGH_GO} (one more chain per subset)`,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.9080_.v2_.${fqdn('reviews')}`),
    expect: { action: 'route', virtualService: null, ...onlyTo(fqdn('reviews'), 9080, 'v2') },
  },
  {
    name: 'a subset no DestinationRule defines has no chain: connection closed, and the trace says where the names come from',
    source: `${AUTO_PASSTHROUGH_GO}; ${REF} §b.4 step 4`,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.9080_.v3_.${fqdn('reviews')}`),
    expect: {
      action: 'reject',
      reason: 'no_filter_chain',
      trace: expect.arrayContaining([
        'server tls (TLS AUTO_PASSTHROUGH) of Gateway istio-system/cross-network has a chain per port (and DestinationRule subset) of each Service '
          + `in the manifests within its hosts (*.local), named outbound_.PORT_.SUBSET_.HOST; none is named 'outbound_.9080_.v3_.${fqdn('reviews')}'`,
      ]),
    },
  },
  {
    name: 'a port the Service does not have has no chain',
    source: AUTO_PASSTHROUGH_GO,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.9090_._.${fqdn('reviews')}`),
    expect: { action: 'reject', reason: 'no_filter_chain' },
  },
  {
    name: 'a UDP port of a Service has no chain',
    source: `${AUTO_PASSTHROUGH_GO} (port.Protocol == UDP skipped)`,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.8125_._.${fqdn('ratings')}`),
    expect: { action: 'reject', reason: 'no_filter_chain' },
  },
  {
    name: 'the TCP port of that Service has one',
    source: AUTO_PASSTHROUGH_GO,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.9080_._.${fqdn('ratings')}`),
    expect: { action: 'route', ...onlyTo(fqdn('ratings'), 9080) },
  },
  {
    name: 'an ExternalName Service is outside the mesh: no chain',
    source: `${AUTO_PASSTHROUGH_GO} (MeshExternal skipped); istio/istio pilot/pkg/serviceregistry/kube/conversion.go ConvertService (ExternalName -> MeshExternal)`,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.443_._.${fqdn('maps')}`),
    expect: { action: 'reject', reason: 'no_filter_chain' },
  },
  {
    name: 'a Service exported only to its own namespace is not seen by the gateway: no chain',
    source: `${AUTO_PASSTHROUGH_GO} (the gateway's SidecarScope services); istio/istio pilot/pkg/serviceregistry/kube/conversion.go ConvertService (networking.istio.io/exportTo)`,
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.8080_._.${fqdn('secret', 'private')}`),
    expect: { action: 'reject', reason: 'no_filter_chain' },
  },
  {
    name: 'a Service exported to the gateway\'s namespace is seen: it has a chain',
    source: 'istio/istio pilot/pkg/serviceregistry/kube/conversion.go ConvertService (networking.istio.io/exportTo, entries trimmed)',
    manifests: EAST_WEST,
    request: sniRequest(`outbound_.8080_._.${fqdn('shared', 'private')}`),
    expect: { action: 'route', ...onlyTo(fqdn('shared', 'private'), 8080) },
  },
  {
    name: 'only Services within the server hosts get chains: ratings is outside reviews.default.svc.cluster.local',
    source: `${AUTO_PASSTHROUGH_GO} (service.Hostname.SubsetOf(host))`,
    manifests: eastWest(`[${fqdn('reviews')}]`) + MESH,
    request: sniRequest(`outbound_.9080_._.${fqdn('ratings')}`),
    expect: { action: 'reject', reason: 'no_filter_chain' },
  },
  {
    name: 'the Service the server hosts name exactly gets its chain',
    source: `${AUTO_PASSTHROUGH_GO} (service.Hostname.SubsetOf(host))`,
    manifests: eastWest(`[${fqdn('reviews')}]`) + MESH,
    request: sniRequest(`outbound_.9080_._.${fqdn('reviews')}`),
    expect: { action: 'route', ...onlyTo(fqdn('reviews'), 9080) },
  },
  {
    name: 'without any Service within its hosts the server gets no chain, so there is no listener, and the trace says why',
    source: `${AUTO_PASSTHROUGH_GO}; ${REF} §b.4`,
    manifests: eastWest('["*.default.svc.cluster.local"]'),
    request: sniRequest(`outbound_.9080_._.${fqdn('reviews')}`),
    expect: {
      action: 'no_listener',
      reason: 'no_listener',
      trace: expect.arrayContaining([expect.stringMatching(
        /^server tls \(TLS AUTO_PASSTHROUGH\) of Gateway istio-system\/cross-network uses AUTO_PASSTHROUGH, .* no Service in the manifests visible to the gateway lies within them/,
      )]),
    },
  },
  {
    name: 'the gateway\'s own Service is a mesh Service too: within *.local, it has a chain',
    source: `${AUTO_PASSTHROUGH_GO} (every Service the gateway sees)`,
    manifests: eastWest('["*.local"]'),
    request: sniRequest(`outbound_.15443_._.${fqdn('istio-ingressgateway', 'istio-system')}`),
    expect: { action: 'route', ...onlyTo(fqdn('istio-ingressgateway', 'istio-system'), 15443) },
  },
  {
    name: 'a plaintext connection to the AUTO_PASSTHROUGH port is closed',
    source: `${REF} §b.4 (no SNI => only chains without server_names)`,
    manifests: EAST_WEST,
    request: { port: 15443, host: 'east-west.example.com', scheme: 'http' },
    expect: { action: 'reject', reason: 'no_filter_chain' },
  },
];

describe('TLS termination modes (§b.1, §b.6, §f.2)', () => runCases(TERMINATING));
describe('TLS passthrough (§f.3)', () => runCases(PASSTHROUGH));
describe('TCP servers (§f.1, §f.4)', () => runCases(TCP));
describe('AUTO_PASSTHROUGH servers (§b.4, §b.6)', () => runCases(AUTO_PASSTHROUGH));
