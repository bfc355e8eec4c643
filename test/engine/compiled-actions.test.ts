/**
 * Every route carries its action, compiled once, as Envoy holds it (reference §e): the route table (`routes`), the
 * config dump and the decisions all read that one action, so they cannot disagree; and whatever Envoy would reject or
 * istiod would drop is found when the route table is built, not per request.
 */
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { gatewayFixture, HTTP_SERVER, httpsServer, service, virtualService } from './support';
import { EXAMPLES } from '../../examples';
import { Decision, RouteRow, TrafficEngine, TrafficRequest } from '../../src';
import { ServiceRegistry } from '../../src/engine/destinations';
import { httpActionsOf } from '../../src/engine/http-actions';
import { PathMatcher } from '../../src/engine/route-matcher';
import { CompiledRoute, CompiledVirtualHost } from '../../src/engine/route-table';
import { GatewayServer } from '../../src/engine/servers';

const ROUTE_GO = 'istio/istio pilot/pkg/networking/core/route/route.go';

/** VirtualServices with every kind of action and the decorations that change what Envoy holds. */
const RICH = gatewayFixture(HTTP_SERVER + httpsServer(['*.example.com']))
  + service('api', [8080])
  + service('web', [80, 8080])
  + virtualService('actions', `
    hosts: [shop.example.com]
    gateways: [istio-system/gw]
    http:
    - match: [{uri: {prefix: /split}}]
      route:
      - {destination: {host: api, subset: v1}, weight: 1}
      - {destination: {host: api, subset: v2}, weight: 3}
      - {destination: {host: web, port: {number: 80}}, weight: 0}
    - match: [{uri: {exact: /moved}}]
      redirect: {uri: /new?from=moved, authority: other.example.com, port: 8443, redirectCode: 308}
    - match: [{uri: {prefix: /secure}}]
      redirect: {scheme: https, derivePort: FROM_REQUEST_PORT}
    - match: [{uri: {prefix: /temp}}]
      redirect: {uri: /elsewhere, redirectCode: 302}
    - match: [{uri: {prefix: /gone}}]
      directResponse: {status: 410, body: {string: gone for good}}
    - match: [{uri: {prefix: /down}}]
      fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
      route: [{destination: {host: api}}]
    - match: [{uri: {prefix: /grpc-down}}]
      fault: {abort: {grpcStatus: UNAVAILABLE, percentage: {value: 100}}}
      route: [{destination: {host: api}}]
    - match: [{uri: {prefix: /flaky}}]
      fault: {abort: {httpStatus: 500, percentage: {value: 10}}}
      route: [{destination: {host: api}}]
    - match: [{uri: {prefix: /v1}, headers: {x-version: {exact: old}}}]
      rewrite: {uri: /v2, authority: api.internal}
      route: [{destination: {host: api}}]
    - match: [{uri: {prefix: /regex}}]
      rewrite: {uriRegexRewrite: {match: '^/regex/(.*)$', rewrite: '/\\1'}}
      mirror: {host: web, port: {number: 8080}}
      mirrorPercentage: {value: 25}
      timeout: 3s
      route: [{destination: {host: web}}]
    - route: [{destination: {host: web, port: {number: 80}}}]
  `);

/** The manifests the agreement is checked on: the examples, and the rich fixture (compiled by the test that reads them). */
const ENGINES: Array<[string, () => TrafficEngine]> = [
  ...Object.entries(EXAMPLES).map(([name, build]): [string, () => TrafficEngine] => [name, () => {
    const app = new App({ outdir: '/tmp/unused' });
    build(app);
    return TrafficEngine.fromChart(app);
  }]),
  ['rich fixture', () => engineOfYaml(RICH)],
  ['AUTO_PASSTHROUGH fixture', () => engineOfYaml(EAST_WEST)],
];

/** A gateway with an AUTO_PASSTHROUGH server on 15443 and a mesh Service with two DestinationRule subsets. */
const EAST_WEST = gatewayFixture(`
- port: {number: 15443, name: tls, protocol: TLS}
  hosts: ["*.default.svc.cluster.local"]
  tls: {mode: AUTO_PASSTHROUGH}
`).replace('ports:\n  - {name: http2, port: 80, targetPort: 8080, nodePort: 30080}', 'ports:\n  - {name: tls, port: 15443, targetPort: 15443}')
  + service('reviews', [9080]) + `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}
`;

function engineOfYaml(yaml: string): TrafficEngine {
  return TrafficEngine.fromManifests(parseAllDocuments(yaml).map((d) => d.toJS()));
}

/** The Service port that leads to an Envoy listener port (the port itself when no Service selects the pods). */
function servicePortOf(engine: TrafficEngine, workload: number, listenerPort: number): number {
  const target = engine._config.workloads[workload].targets.find((t) => t.targetPort === listenerPort);
  return target?.port ?? listenerPort;
}

/** A request the route takes, built from its match (undefined when the match needs more than path and exact headers). */
function requestFor(route: CompiledRoute, vhost: CompiledVirtualHost): Omit<TrafficRequest, 'port'> | undefined {
  const match = route.matchIndex === undefined ? {} : route.rule.match?.[route.matchIndex] ?? {};
  // `port` and `gateways` were settled when the route table was built; the rest must be met by the request.
  const supported = ['name', 'uri', 'headers', 'ignoreUriCase', 'port', 'gateways'];
  if (Object.keys(match).some((k) => !supported.includes(k)) || route.matcher.path.kind === 'regex') {
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, m] of Object.entries((match.headers ?? {}) as Record<string, { exact?: string }>)) {
    if (m.exact === undefined) {
      return undefined;
    }
    headers[name] = m.exact;
  }
  const value = route.matcher.path.value;
  const domain = vhost.domains[0];
  return {
    host: domain === '*' ? 'any.example.com' : domain.replace(/^\*/, 'any'),
    path: value.startsWith('/') ? value : `/${value}`,
    headers,
  };
}

/** The Location Envoy builds from a dumped redirect for a request without port in its Host and without query. */
function locationFromDump(redirect: Record<string, unknown>, scheme: string, host: string, path: string): string {
  const port = redirect.port_redirect === undefined ? '' : `:${redirect.port_redirect}`;
  return `${redirect.scheme_redirect ?? scheme}://${redirect.host_redirect ?? host}${port}${redirect.path_redirect ?? path}`;
}

const RESPONSE_CODES: Record<string, number> = { FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308 };

/** What the three views say about one route, in one comparable shape. */
interface Said {
  readonly clusters?: string[];
  readonly redirect?: { location: string; status: number };
  readonly directResponse?: number;
}

function fromDecision(decision: Decision): Said {
  switch (decision.action) {
    case 'route':
      return { clusters: decision.destinations.map((d) => `outbound|${d.port ?? ''}|${d.subset ?? ''}|${d.host}`) };
    case 'redirect':
      return { redirect: { location: decision.redirect!.location, status: decision.status! } };
    case 'direct_response':
      return { directResponse: decision.status! };
    default:
      return {};
  }
}

function fromDump(route: Record<string, any>, scheme: string, request: Omit<TrafficRequest, 'port'>): Said {
  if (route.redirect) {
    const location = locationFromDump(route.redirect, scheme, request.host!, request.path!);
    return { redirect: { location, status: RESPONSE_CODES[route.redirect.response_code] ?? 301 } };
  }
  if (route.direct_response) {
    return { directResponse: route.direct_response.status };
  }
  const specifier = route.route;
  return { clusters: specifier.cluster ? [specifier.cluster] : specifier.weighted_clusters.clusters.map((c: { name: string }) => c.name) };
}

function fromRow(row: RouteRow): Said {
  const redirect = /^redirect (\d+)$/.exec(row.action);
  const direct = /^direct response (\d+)$/.exec(row.action);
  if (redirect) {
    return { redirect: { location: expect.any(String) as unknown as string, status: Number(redirect[1]) } };
  }
  if (direct) {
    return { directResponse: Number(direct[1]) };
  }
  return { clusters: row.action.split(', ').map((c) => c.split(' ')[0]) };
}

describe('routes, config dump and decisions read one compiled action', () => {
  test.each(ENGINES)('%s: every route says the same in the three views', (_, build) => {
    const engine = build();
    let checked = 0;
    engine._config.workloads.forEach((compiled, w) => {
      const key = compiled.workload.key;
      const rows = engine.routes(key);
      const dump = engine.configDump(key) as { configs: Array<Record<string, any>> };
      const routeConfigs = new Map<string, Record<string, any>>(dump.configs[1].dynamic_route_configs
        .map((c: any) => [c.route_config.name, c.route_config]));
      const listeners = new Map<string, Record<string, any>>(dump.configs[0].dynamic_listeners.map((l: any) => [l.name, l.active_state.listener]));
      for (const listener of compiled.listeners.values()) {
        const port = servicePortOf(engine, w, listener.port);
        listener.chains.forEach((chain, c) => {
          if (chain.kind === 'tcp') {
            // A TCP proxy chain: the connection (with an SNI the chain takes) goes where the dump and the row say.
            const sni = chain.serverNames?.[0]?.replace(/^\*/, 'any');
            const decision = engine.route({ gateway: key, port, ...(sni ? { sni, scheme: 'https' } : {}) });
            const proxy = listeners.get(listener.name)!.filter_chains[c].filters[0].typed_config;
            const dumped = proxy.cluster ? [proxy.cluster] : proxy.weighted_clusters.clusters.map((x: { name: string }) => x.name);
            const row = rows.find((r) => r.listenerPort === listener.port && r.name === chain.route.section && r.virtualHost === (chain.serverNames?.join(',') ?? '*'))!;
            expect({ decision: fromDecision(decision), dump: { clusters: dumped }, row: fromRow(row) })
              .toEqual({ decision: { clusters: dumped }, dump: { clusters: dumped }, row: { clusters: dumped } });
            checked++;
            return;
          }
          if (chain.kind === 'sni-dnat') {
            // An AUTO_PASSTHROUGH chain: its SNI names the cluster, which the dump, the row and the decision name.
            const decision = engine.route({ gateway: key, port, sni: chain.serverNames[0], scheme: 'https' });
            const proxy = listeners.get(listener.name)!.filter_chains[c].filters[0].typed_config;
            const row = rows.find((r) => r.listenerPort === listener.port && r.virtualHost === chain.serverNames[0])!;
            expect({ decision: decision.destinations, dump: proxy.cluster, row: row.action })
              .toEqual({ decision: chain.route.destinations, dump: chain.route.cluster, row: chain.route.cluster });
            checked++;
            return;
          }
          const rds = chain.routeConfiguration;
          const scheme = chain.transport === 'plaintext' ? 'http' : 'https';
          for (const vhost of rds.virtualHosts) {
            const dumped = routeConfigs.get(rds.name)!.virtual_hosts.find((v: any) => v.name === vhost.name).routes;
            const vhostRows = rows.filter((r) => r.name === rds.name && r.virtualHost === vhost.name && r.virtualService !== null);
            vhost.routes.forEach((route, i) => {
              const request = requestFor(route, vhost);
              if (request === undefined || vhost.requireTls) {
                return;
              }
              const decision = engine.route({ gateway: key, port, ...request, ...(scheme === 'https' ? { sni: request.host } : {}) });
              if (decision.virtualService !== route.virtualService.key || decision.rule?.index !== route.ruleIndex || decision.action === 'fault_abort') {
                return; // shadowed by an earlier route, or answered by the fault filter before the router
              }
              const said = fromDump(dumped[i], scheme, request);
              expect({ decision: fromDecision(decision), dump: said, row: fromRow(vhostRows[i]) }).toEqual({ decision: said, dump: said, row: said });
              checked++;
            });
          }
        });
      }
    });
    expect(checked).toBeGreaterThan(0);
  });

  test('the rich fixture reaches every kind of action the union has', () => {
    const engine = engineOfYaml(RICH);
    const kinds = new Set(engine._config.workloads[0].listeners.get(8080)!.chains
      .flatMap((c) => (c.kind === 'http' ? c.routeConfiguration.virtualHosts.flatMap((v) => v.routes.map((r) => r.action.kind)) : [])));
    expect([...kinds].sort()).toEqual(['abort', 'direct_response', 'forward', 'redirect']);
  });

  test('weighted clusters keep their weights as written in the dump and the table, in percent in the decision', () => {
    const engine = engineOfYaml(RICH);
    const decision = engine.route({ port: 80, host: 'shop.example.com', path: '/split' });
    expect(decision.destinations.map((d) => [d.subset, d.weight])).toEqual([['v1', 25], ['v2', 75]]);
    const row = engine.routes().find((r) => r.match === '/split*' && r.listenerPort === 8080)!;
    expect(row.action).toBe('outbound|8080|v1|api.default.svc.cluster.local 1, outbound|8080|v2|api.default.svc.cluster.local 3');
  });
});

describe('what Envoy rejects or istiod drops is decided when the route table is built', () => {
  const server = { port: 80, portName: 'http', protocol: 'HTTP', kind: 'http', gatewayKey: 'istio-system/gw' } as GatewayServer;
  const prefix: PathMatcher = { kind: 'prefix', value: '/api', ignoreCase: false };
  const actionOf = (rule: Record<string, unknown>) => httpActionsOf(rule, 'default', server, new ServiceRegistry([]))(prefix);

  test(`an invalid rewrite regex is recorded on the action with RE2's error (${ROUTE_GO} applyHTTPRouteDestination regex_rewrite; Envoy rejects the route configuration)`, () => {
    const action = actionOf({ rewrite: { uriRegexRewrite: { match: '(?<=x)y', rewrite: '/z' } }, route: [{ destination: { host: 'api' } }] });
    expect(action).toMatchObject({ kind: 'forward', pathRewrite: { kind: 'invalid-regex', pattern: '(?<=x)y', substitution: '/z', error: expect.stringMatching(/.+/) } });
  });

  test(`a redirect code Envoy has no redirect for is recorded as unsupported (${ROUTE_GO} ApplyRedirect "Redirect Code %d is not yet supported")`, () => {
    expect(actionOf({ redirect: { uri: '/x', redirectCode: 300 } })).toMatchObject({ kind: 'redirect', redirect: { status: 300, supported: false } });
    expect(actionOf({ redirect: { uri: '/x', redirectCode: 0 } })).toMatchObject({ kind: 'redirect', redirect: { status: 301, supported: true } });
  });

  test(`an abort without httpStatus or grpcStatus is dropped, one without percentage never fires, one at 100% answers every request (${ROUTE_GO} TranslateFault)`, () => {
    const route = [{ destination: { host: 'api' } }];
    expect(actionOf({ fault: { abort: { percentage: { value: 100 } } }, route })).toMatchObject({ kind: 'forward', abort: { kind: 'dropped' } });
    expect(actionOf({ fault: { abort: { httpStatus: 503 } }, route })).toMatchObject({ kind: 'forward', abort: { kind: 'never' } });
    expect(actionOf({ fault: { abort: { httpStatus: 503, percentage: { value: 5 } } }, route })).toMatchObject({ kind: 'forward', abort: { kind: 'sometimes', percentage: 5 } });
    expect(actionOf({ fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 100 } } }, route }))
      .toMatchObject({ kind: 'abort', status: 200, grpcStatus: 'UNAVAILABLE' });
  });

  test(`a \`uri\` rewrite replaces what each match matched: the prefix, or the whole path (${ROUTE_GO} prefix_rewrite)`, () => {
    const actions = httpActionsOf({ rewrite: { uri: '/v2' }, route: [{ destination: { host: 'api' } }] }, 'default', server, new ServiceRegistry([]));
    expect(actions(prefix)).toMatchObject({ pathRewrite: { kind: 'replace-prefix', replacement: '/v2', length: 4 } });
    expect(actions({ kind: 'exact', value: '/api/x', ignoreCase: false })).toMatchObject({ pathRewrite: { kind: 'replace-path', replacement: '/v2' } });
  });

  const yaml = gatewayFixture() + virtualService('odd', `
    hosts: [odd.example.com]
    gateways: [istio-system/gw]
    http:
    - match: [{uri: {prefix: /bad-code}}]
      redirect: {uri: /x, redirectCode: 300}
    - match: [{uri: {prefix: /never}}]
      fault: {abort: {httpStatus: 503}}
      route: [{destination: {host: api}}]
  `);
  let engine: TrafficEngine;
  beforeEach(() => {
    engine = engineOfYaml(yaml);
  });

  test('the config dump shows a route without action for an unsupported redirect code, as istiod emits it', () => {
    const routes = (engine.configDump() as any).configs[1].dynamic_route_configs[0].route_config.virtual_hosts[0].routes;
    expect(routes[0]).not.toHaveProperty('redirect');
    expect(routes[0]).not.toHaveProperty('route');
  });

  test('actions and what decisions report from them are frozen and shared by every decision', () => {
    const first = engine.route({ port: 80, host: 'odd.example.com', path: '/never' });
    const second = engine.route({ port: 80, host: 'odd.example.com', path: '/never/again' });
    expect(first.action).toBe('route');
    expect(second.destinations).toBe(first.destinations);
    expect(second.rule).toBe(first.rule);
    expect(second.server).toBe(first.server);
    expect(Object.isFrozen(first.destinations[0])).toBe(true);
    const route = engine._config.workloads[0].listeners.get(8080)!.chains[0];
    expect(route.kind === 'http' && Object.isFrozen(route.routeConfiguration.virtualHosts[0].routes[1].action)).toBe(true);
  });
});

describe('a redirect is compiled per server (reference §e.3)', () => {
  const yaml = gatewayFixture(HTTP_SERVER + httpsServer(['*'])) + virtualService('r', `
    hosts: [r.example.com]
    gateways: [istio-system/gw]
    http:
    - redirect: {uri: /x, port: 443, scheme: https}
  `);
  let engine: TrafficEngine;
  beforeEach(() => {
    engine = engineOfYaml(yaml);
  });

  test(`an explicit port equal to the default of the final scheme is left out (${ROUTE_GO} ApplyRedirect "Do not put explicit :80 or :443")`, () => {
    expect(engine.route({ port: 80, host: 'r.example.com:80' }).redirect).toEqual({ location: 'https://r.example.com/x' });
    const http = (engine.configDump() as any).configs[1].dynamic_route_configs.find((c: any) => c.route_config.name === 'http.8080');
    expect(http.route_config.virtual_hosts[0].routes[0].redirect).toEqual({ scheme_redirect: 'https', path_redirect: '/x' });
  });
});

describe('JWT claim matches in the config dump (reference §d.4)', () => {
  const yaml = gatewayFixture() + virtualService('claims', `
    hosts: [c.example.com]
    gateways: [istio-system/gw]
    http:
    - match: [{headers: {"@request.auth.claims[group][id]": {exact: admin}, x-a: {exact: "1"}}, withoutHeaders: {"@request.auth.claims.sub": {prefix: bot}}}]
      route: [{destination: {host: api}}]
  `);

  test(`a claim is a metadata matcher on the JWT payload, not a header matcher (${ROUTE_GO} TranslateRouteMatch, translateMetadataMatch)`, () => {
    const [route] = (engineOfYaml(yaml).configDump() as any).configs[1].dynamic_route_configs[0].route_config.virtual_hosts[0].routes;
    expect(route.match.headers).toEqual([{ name: 'x-a', string_match: { exact: '1' } }]);
    const admin = { string_match: { exact: 'admin' } };
    expect(route.match.dynamic_metadata).toEqual([
      {
        filter: 'envoy.filters.http.jwt_authn',
        path: [{ key: 'payload' }, { key: 'group' }, { key: 'id' }],
        value: { or_match: { value_matchers: [{ list_match: { one_of: admin } }, admin] } },
      },
      expect.objectContaining({ path: [{ key: 'payload' }, { key: 'sub' }], invert: true }),
    ]);
  });
});

describe('per-destination authority with weighted destinations in the config dump (reference §e.4)', () => {
  const yaml = gatewayFixture() + virtualService('split', `
    hosts: [s.example.com]
    gateways: [istio-system/gw]
    http:
    - route:
      - {destination: {host: blue}, weight: 3, headers: {request: {set: {host: blue.internal}}}}
      - {destination: {host: green}, weight: 1}
  `);

  test(`each weighted cluster carries its host rewrite, the route none (${ROUTE_GO} processWeightedDestination)`, () => {
    const [route] = (engineOfYaml(yaml).configDump() as any).configs[1].dynamic_route_configs[0].route_config.virtual_hosts[0].routes;
    expect(route.route.host_rewrite_literal).toBeUndefined();
    expect(route.route.weighted_clusters.clusters).toEqual([
      { name: 'outbound|80||blue.default.svc.cluster.local', weight: 3, host_rewrite_literal: 'blue.internal' },
      { name: 'outbound|80||green.default.svc.cluster.local', weight: 1 },
    ]);
  });
});

describe('AUTO_PASSTHROUGH chains in the config dump (reference §b.4)', () => {
  test('one chain per Service port and subset, named by SNI, requiring an Istio mTLS ALPN, proxying to the cluster of that name'
    + ' (istio/istio pilot/pkg/networking/core/gateway.go builtAutoPassthroughFilterChains)', () => {
    const dump = engineOfYaml(EAST_WEST).configDump() as any;
    const listener = dump.configs[0].dynamic_listeners.find((l: any) => l.name === '0.0.0.0_15443').active_state.listener;
    const names = ['outbound_.9080_._.', 'outbound_.9080_.v1_.', 'outbound_.9080_.v2_.'].map((n) => `${n}reviews.default.svc.cluster.local`);
    expect(listener.filter_chains.map((c: any) => c.filter_chain_match.server_names[0])).toEqual(names);
    expect(listener.filter_chains[0].filter_chain_match.application_protocols).toEqual(['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']);
    expect(listener.filter_chains[1].filters[0].typed_config.cluster).toBe(names[1]);
    expect(dump.configs[2].dynamic_active_clusters.map((c: any) => c.cluster.name)).toEqual(expect.arrayContaining(names));
  });
});
