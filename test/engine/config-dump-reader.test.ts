/**
 * Decisions on a gateway's Envoy config dump: the dump of compiled manifests decides every request as the manifests
 * do, and a dump in the admin endpoint's own format (as `curl localhost:15000/config_dump` prints it) is read with
 * Envoy's semantics for what istiod writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { engineOf, gatewayFixture, httpServer, httpsServer, virtualService, doc } from './support';
import { EXAMPLES } from '../../examples';
import { Decision, loadCaseFile, TrafficEngine, TrafficRequest } from '../../src';
import { destinationOf } from '../../src/engine/envoy-route-action';

/**
 * What a decision on a dump must share with the decision on the manifests; the VirtualService where the dump records
 * it (HTTP routes: a TCP proxy's chain carries no such metadata).
 */
const outcome = (d: Decision) => ({
  action: d.action,
  status: d.status,
  destinations: d.destinations,
  redirect: d.redirect,
  rewrite: d.rewrite,
  ...(d.server?.protocol.startsWith('HTTP') === true ? { virtualService: d.virtualService } : {}),
});

/** The engine read back from the engine's own dump, through JSON text as a file carries it. */
const roundTrip = (engine: TrafficEngine) => TrafficEngine.fromConfigDump(JSON.parse(JSON.stringify(engine.configDump())), 'dump.json');

/** The request by Service port: a dump has no Service, so no nodePort. */
function byPort(engine: TrafficEngine, request: TrafficRequest): TrafficRequest {
  if (request.nodePort === undefined) {
    return request;
  }
  const target = engine._config.workloads.flatMap((w) => w.targets).find((t) => t.nodePort === request.nodePort);
  const { nodePort: _, ...rest } = request;
  return { ...rest, port: target?.port ?? -1 };
}

describe.each(Object.entries(EXAMPLES))('the config dump of example %s decides its cases as the manifests do', (name, build) => {
  const app = Testing.app();
  build(app);
  const engine = TrafficEngine.fromChart(app);
  const dumped = roundTrip(engine);
  const cases = loadCaseFile(path.join(__dirname, '..', '..', 'examples', `${name}.cases.yaml`));

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const request = byPort(engine, c.request);
    expect(outcome(dumped.route(request))).toEqual(outcome(engine.route(request)));
  });
});

describe('a dump of compiled manifests decides as they do', () => {
  const HOST = 'shop.example.com';
  const manifests = gatewayFixture(httpServer([HOST]) + httpsServer([HOST])) + virtualService('shop', `
    hosts: [${HOST}]
    gateways: [istio-system/gw]
    http:
    - name: admin
      match: [{uri: {prefix: /admin}, headers: {x-team: {exact: ops}}, withoutHeaders: {x-debug: {}}}]
      route: [{destination: {host: admin, port: {number: 80}}}]
    - match: [{uri: {regex: "/u/[0-9]+"}}, {uri: {exact: /login}, queryParams: {next: {prefix: /}}}]
      rewrite: {uri: /user}
      route: [{destination: {host: users, port: {number: 80}}}]
    - match: [{uri: {prefix: /old}}]
      redirect: {uri: /new, redirectCode: 308}
    - match: [{uri: {prefix: /health}, method: {exact: GET}}]
      directResponse: {status: 204}
    - match: [{uri: {prefix: /down}}]
      fault: {abort: {httpStatus: 503, percentage: {value: 100}}}
      route: [{destination: {host: web, port: {number: 80}}}]
    - match: [{uri: {prefix: /API}, ignoreUriCase: true}]
      route:
      - {destination: {host: api, port: {number: 80}, subset: v1}, weight: 75, headers: {request: {set: {host: blue.internal}}}}
      - {destination: {host: api, port: {number: 80}, subset: v2}, weight: 25}
    - route: [{destination: {host: web, port: {number: 80}}}]`) + doc(`
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: api, namespace: default}
    spec: {host: api, subsets: [{name: v1, labels: {v: "1"}}, {name: v2, labels: {v: "2"}}]}`);
  const engine = engineOf(manifests);
  const dumped = roundTrip(engine);
  const requests: TrafficRequest[] = [
    { port: 80, host: HOST, path: '/admin/x', headers: { 'x-team': 'ops' } },
    { port: 80, host: HOST, path: '/admin/x', headers: { 'x-team': 'ops', 'x-debug': '1' } },
    { port: 80, host: HOST, path: '/admin/x', headers: { 'x-team': 'dev' } },
    { port: 80, host: HOST, path: '/u/42?a=1' },
    { port: 80, host: HOST, path: '/u/x' },
    { port: 80, host: HOST, path: '/login?next=/home' },
    { port: 80, host: HOST, path: '/login?next=home' },
    { port: 80, host: HOST, path: '/old/page?q=1' },
    { port: 80, host: HOST, path: '/health', method: 'GET' },
    { port: 80, host: HOST, path: '/health', method: 'POST' },
    { port: 80, host: HOST, path: '/down' },
    { port: 80, host: HOST, path: '/api/v1' },
    { port: 80, host: `${HOST}:80`, path: '/' },
    { port: 80, host: 'other.example.com', path: '/' },
    { port: 443, host: HOST, path: '/old' },
    { port: 443, host: HOST, sni: 'other.example.com', path: '/' },
    { port: 81, host: HOST, path: '/' },
  ];

  test.each(requests.map((r) => [`${r.port} ${r.host} ${r.path} ${JSON.stringify(r.headers ?? {})} ${r.method ?? ''}`, r] as const))('%s', (_, request) => {
    expect(outcome(dumped.route(request))).toEqual(outcome(engine.route(request)));
  });

  test('the trace names the route by its place in the virtual host, and the VirtualService istiod recorded', () => {
    const d = dumped.route({ port: 80, host: HOST, path: '/admin/x', headers: { 'x-team': 'ops' } });
    expect(d).toMatchObject({ gateway: null, server: { port: 80, protocol: 'HTTP' }, rule: null });
    expect(d.trace).toEqual([
      'gateway workload dump.json',
      'port 80 -> listener port 8080 (its route configuration serves port 80)',
      'listener 0.0.0.0_8080',
      'filter chain (plaintext, no SNI condition) -> route configuration http.8080',
      `route configuration http.8080: host '${HOST}' -> virtual host ${HOST}:80`,
      `route 0 (admin) of VirtualService default/shop of virtual host ${HOST}:80 matched prefix /admin, header x-team exact ops, without header x-debug present`,
      '-> outbound|80||admin.default.svc.cluster.local (100%)',
    ]);
  });

  test('a listener port is a port too: a dump has no Service to refuse it', () => {
    expect(engine.route({ port: 8080, host: HOST, path: '/' })).toMatchObject({ action: 'no_listener' });
    expect(dumped.route({ port: 8080, host: HOST, path: '/' })).toMatchObject({ action: 'route', destinations: [{ host: 'web.default.svc.cluster.local' }] });
  });

  test('an HTTPS route configuration names its Gateway and server', () => {
    expect(dumped.route({ port: 443, host: HOST, path: '/' })).toMatchObject({
      gateway: 'istio-system/gw', server: { port: 443, protocol: 'HTTPS', name: 'https' },
    });
  });
});

describe('a config dump as the admin endpoint prints it', () => {
  const dump = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'gateway-config-dump.json'), 'utf8'));
  const engine = TrafficEngine.fromConfigDump(dump, 'gateway-config-dump.json');
  const HOST = 'counter.lab.example.com';

  test('the pod the bootstrap names is the workload', () => {
    expect(engine.gatewayWorkloads).toEqual(['istio-system/istio-ingressgateway-5d8b9c7f4-x2x9q']);
  });

  test('weighted clusters with subsets, a path_separated_prefix and a case-insensitive prefix', () => {
    expect(engine.route({ port: 80, host: HOST, path: '/API/count' })).toMatchObject({
      action: 'route',
      virtualService: 'default/counter',
      destinations: [
        { host: 'counter.default.svc.cluster.local', port: 80, subset: 'v1', weight: 90 },
        { host: 'counter.default.svc.cluster.local', port: 80, subset: 'v2', weight: 10 },
      ],
    });
    // path_separated_prefix /docs: /docs and /docs/..., not /docsx.
    expect(engine.route({ port: 80, host: HOST, path: '/docs' }).destinations).toEqual([{ host: 'docs.default.svc.cluster.local', port: 8080, subset: null, weight: 100 }]);
    expect(engine.route({ port: 80, host: HOST, path: '/docs/a' }).destinations[0].host).toBe('docs.default.svc.cluster.local');
    expect(engine.route({ port: 80, host: HOST, path: '/docsx' }).destinations[0].host).toBe('counter.default.svc.cluster.local');
  });

  test('headers: present_match inverted holds when the header is absent, an inverted string match treats a missing header as empty', () => {
    expect(engine.route({ port: 80, host: HOST, path: '/beta', headers: { 'x-canary': 'yes' } }).destinations[0].subset).toBe('v2');
    expect(engine.route({ port: 80, host: HOST, path: '/beta' }).destinations[0].subset).toBe('v1');
    expect(engine.route({ port: 80, host: HOST, path: '/beta', headers: { 'x-canary': 'yes', 'x-debug': '1' } }).destinations[0].subset).toBe('v1');
  });

  test('redirect, direct response and a fault abort at 100%', () => {
    expect(engine.route({ port: 80, host: HOST, path: '/old/x?y=1' })).toMatchObject({
      action: 'redirect', status: 302, redirect: { location: 'https://new.lab.example.com/moved?y=1' },
    });
    expect(engine.route({ port: 80, host: HOST, path: '/ping' })).toMatchObject({ action: 'direct_response', status: 200 });
    expect(engine.route({ port: 80, host: HOST, path: '/broken' })).toMatchObject({ action: 'fault_abort', status: 503 });
  });

  test('prefix_rewrite and host_rewrite_literal', () => {
    expect(engine.route({ port: 80, host: HOST, path: '/v1/items?a=b' })).toMatchObject({ rewrite: { path: '/items?a=b', authority: 'internal.example.com' } });
  });

  test('HTTPS by SNI to its own route configuration, TLS passthrough and TCP by listener', () => {
    expect(engine.route({ port: 443, host: HOST, path: '/' })).toMatchObject({
      action: 'route', gateway: 'istio-system/default-gateway', server: { port: 443, protocol: 'HTTPS', name: 'https' },
    });
    expect(engine.route({ port: 443, host: 'db.lab.example.com', sni: 'db.lab.example.com' })).toMatchObject({
      action: 'route', destinations: [{ host: 'db.default.svc.cluster.local', port: 5432 }],
    });
    expect(engine.route({ port: 443, host: 'nothing.example.com', sni: 'nothing.example.com' })).toMatchObject({ action: 'reject' });
    expect(engine.route({ port: 3306, host: 'x' })).toMatchObject({ action: 'route', destinations: [{ host: 'mysql.default.svc.cluster.local', port: 3306 }] });
  });

  test('a listener bound to an address other than the pod\'s (a server\'s bind) never sees the Service\'s traffic', () => {
    const bound = (address: string) => {
      const copy = JSON.parse(JSON.stringify(dump));
      const listeners = copy.configs.find((c: { '@type': string }) => c['@type'].endsWith('ListenersConfigDump')).dynamic_listeners;
      listeners.find((l: { name: string }) => l.name === '0.0.0.0_8080').active_state.listener.address.socket_address.address = address;
      return TrafficEngine.fromConfigDump(copy, 'bound.json').route({ port: 80, host: HOST, path: '/' });
    };
    expect(bound('10.9.9.9')).toMatchObject({ action: 'no_listener' });
    const podIp = dump.configs[0].bootstrap.node.id.split('~')[1];
    expect(bound(podIp)).toMatchObject({ action: 'route' });
  });

  test('a listener with two filter chains that match the same SNI is rejected, as Envoy rejects it', () => {
    // istiod sends such a listener for two HTTPS servers of one host, one written with a namespace (./host): its
    // duplicate check compares the hosts as written, the SNI names drop the namespace (pilot/pkg/model/gateway.go).
    const twice = JSON.parse(JSON.stringify(dump));
    const listeners = twice.configs.find((c: { '@type': string }) => c['@type'].endsWith('ListenersConfigDump')).dynamic_listeners;
    const https = listeners.find((l: { name: string }) => l.name === '0.0.0.0_8443').active_state.listener;
    const copy = JSON.parse(JSON.stringify(https.filter_chains[0]));
    // One name more than the first chain: the chains overlap on the names they share.
    copy.filter_chain_match.server_names = ['other.example.com', ...copy.filter_chain_match.server_names];
    https.filter_chains.push(copy);
    const decision = TrafficEngine.fromConfigDump(twice, 'twice.json').route({ port: 443, host: HOST, path: '/' });
    expect(decision).toMatchObject({ action: 'no_listener', reason: 'multiple_filter_chains' });
    expect(decision.trace.join('\n')).toMatch(/listener 0\.0\.0\.0_8443: filter chains 0 and \d+ both match SNI .*Envoy rejects such a listener/);
  });

  test('an unknown host gets the 404 of no virtual host; an httpsRedirect virtual host answers 301', () => {
    expect(engine.route({ port: 80, host: 'other.example.com', path: '/' })).toMatchObject({ action: 'no_route', status: 404, reason: 'no_virtual_host' });
    expect(engine.route({ port: 80, host: 'secure.lab.example.com', path: '/a' })).toMatchObject({
      action: 'redirect', status: 301, redirect: { location: 'https://secure.lab.example.com/a' },
    });
  });

  test('a nodePort is refused: a dump has no Service', () => {
    expect(() => engine.route({ nodePort: 30080, host: HOST })).toThrow(
      'the config dump gateway-config-dump.json holds no Service, so no nodePort 30080: give the server port (e.g. port: 80) or the listener port');
  });

  test('what a dump engine cannot give says so', () => {
    expect(() => engine.configDump()).toThrow('a config dump of its own is not available for an engine read from a config dump; it decides requests and lists routes only');
    expect(() => engine.coverageTargets()).toThrow('route coverage is not available for an engine read from a config dump; it decides requests and lists routes only');
  });
});

describe('cluster names', () => {
  test('istiod\'s outbound|PORT|SUBSET|HOST and the SNI form outbound_.PORT_.SUBSET_.HOST name host, port and subset', () => {
    expect(destinationOf('outbound|9080|v2|reviews.default.svc.cluster.local')).toEqual({ host: 'reviews.default.svc.cluster.local', port: 9080, subset: 'v2' });
    expect(destinationOf('outbound_.9080_._.reviews.default.svc.cluster.local')).toEqual({ host: 'reviews.default.svc.cluster.local', port: 9080, subset: null });
    expect(destinationOf('outbound_.9080_.v2_.reviews.default.svc.cluster.local')).toEqual({ host: 'reviews.default.svc.cluster.local', port: 9080, subset: 'v2' });
    expect(destinationOf('BlackHoleCluster')).toEqual({ host: 'BlackHoleCluster', port: null, subset: null });
  });
});

describe('a config dump the engine cannot read', () => {
  test('JSON that is no config dump', () => {
    expect(() => TrafficEngine.fromConfigDump({ listeners: [] }, 'x.json')).toThrow(/^x\.json: not an Envoy config dump \(no "configs" list\)/);
  });

  test('a route the engine cannot decide on names its route configuration, virtual host and route', () => {
    const dump = JSON.parse(JSON.stringify(engineOf(gatewayFixture() + virtualService('vs', `
      hosts: [a.example.com]
      gateways: [istio-system/gw]
      http: [{route: [{destination: {host: a, port: {number: 80}}}]}]`)).configDump()));
    dump.configs[1].dynamic_route_configs[0].route_config.virtual_hosts[0].routes[0].match.runtime_fraction = { default_value: { numerator: 50 } };
    expect(() => TrafficEngine.fromConfigDump(dump, 'x.json')).toThrow(
      'x.json: route configuration http.8080, virtual host a.example.com:80, route 0: match.runtime_fraction: a route that takes a fraction of requests depends on chance, which a decision cannot');
  });

  test('an HTTP connection manager whose route configuration is not in the dump', () => {
    const dump = JSON.parse(JSON.stringify(engineOf(gatewayFixture()).configDump()));
    dump.configs[1].dynamic_route_configs = [];
    expect(() => TrafficEngine.fromConfigDump(dump, 'x.json')).toThrow(
      'x.json: listener 0.0.0.0_8080 filter chain 0: route configuration http.8080 is not in the dump\'s RoutesConfigDump');
  });
});
