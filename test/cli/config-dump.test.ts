/**
 * `route`, `routes` and `verify` with `--config-dump FILE`: decisions, the route table and traffic cases on a running
 * gateway's Envoy configuration (the dumps istiod generated for the oracle's manifests, and a dump in the admin
 * endpoint's own format), and every way the flag can be wrong.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cli, cliWithStdin, createFixtures, expectOneLine, expectUsageError, Fixtures, REPO_ROOT } from './cli-fixtures';
import { RouteRow } from '../../src/engine/route-listing';
import { TrafficEngine } from '../../src/engine/traffic-engine';

const TESTDATA = path.join(REPO_ROOT, 'tools', 'istio-oracle', 'testdata');
const RICH = path.join(TESTDATA, 'rich.json');
const RICH_MANIFESTS = path.join(TESTDATA, 'rich.yaml');
const STANDARD = path.join(TESTDATA, 'standard.json');
/** A dump as `curl localhost:15000/config_dump` prints it, with the bootstrap that names the pod. */
const ADMIN = path.join(REPO_ROOT, 'test', 'engine', 'fixtures', 'gateway-config-dump.json');
const POD = 'istio-system/istio-ingressgateway-5d8b9c7f4-x2x9q';
const HOST = 'shop.example.com';

/** Cases of the rich manifests that hold on their dump too: by Service port, without nodePorts. */
const RICH_CASES = `
cases:
  - name: api goes to the v1 and v2 subsets
    request: {port: 80, host: ${HOST}, path: /api/items}
    expect:
      action: route
      virtualService: default/shop
      destinations: [{host: api, port: 80, subset: v1, weight: 90}, {host: api, port: 80, subset: v2, weight: 10}]
  - name: canary header goes to v2
    request: {port: 443, host: ${HOST}, path: /api, headers: {x-canary: "true"}}
    expect: {action: route, destinations: [{host: api, port: 80, subset: v2}]}
  - name: an unknown host is a 404
    request: {port: 80, host: other.example.com}
    expect: {action: no_route, status: 404}
`;

let fx: Fixtures;
beforeAll(() => {
  fx = createFixtures();
});
afterAll(() => fx.remove());

function readDump(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('routes --config-dump', () => {
  test("prints the dump's route table, as for manifests", async () => {
    const result = await cli('routes', '--config-dump', RICH);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKLOAD +PORT +NAME +VHOST NAME +DOMAINS +MATCH +VIRTUAL SERVICE +ACTION$/);
    expect(lines).toHaveLength(17);
    expect(lines[1].split(/\s+/)).toEqual([RICH, '3306', 'tcp', '*', '*', '*', '-', 'outbound|3306||mysql.default.svc.cluster.local']);
    expect(lines[2].split(/ {2,}/).slice(2)).toEqual(
      ['http.8080', 'shop.example.com:80', HOST, '/api* header x-canary exact true', 'shop.default', 'outbound|80|v2|api.default.svc.cluster.local']);
  });

  test("-o json prints the rows of the engine's routes(): those of the manifests but for workload, rule and TCP VirtualServices", async () => {
    const result = await cli('routes', '--config-dump', RICH, '-o', 'json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const rows = JSON.parse(result.stdout) as RouteRow[];
    expect(rows).toEqual(TrafficEngine.fromConfigDump(readDump(RICH), RICH).routes());
    const manifests = JSON.parse((await cli('routes', '-f', RICH_MANIFESTS, '-o', 'json')).stdout) as RouteRow[];
    expect(rows.map((r) => [r.listenerPort, r.name, r.virtualHost, r.domains, r.match, r.action]))
      .toEqual(manifests.map((r) => [r.listenerPort, r.name, r.virtualHost, r.domains, r.match, r.action]));
    expect(rows.every((r) => r.workload === RICH && r.rule === null)).toBe(true);
  });

  test('-o wide adds the columns, without details: they read the manifests', async () => {
    const result = await cli('routes', '--config-dump', STANDARD, '-o', 'wide');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/ACTION +RULE NAME +DETAILS +SOURCE$/);
    expect(lines[1]).toMatch(/ vs\.default +outbound\|80\|\|api\.default\.svc\.cluster\.local +- +- +-$/);
  });

  test('--gateway names the pod of the bootstrap; another name, or any for a dump without bootstrap, is a one-line error', async () => {
    const all = await cli('routes', '--config-dump', ADMIN, '-o', 'json');
    expect(all.code).toBe(0);
    expect((JSON.parse(all.stdout) as RouteRow[]).every((r) => r.workload === POD)).toBe(true);
    expect(await cli('routes', '--config-dump', ADMIN, '--gateway', POD, '-o', 'json')).toEqual(all);
    expectUsageError(await cli('routes', '--config-dump', ADMIN, '--gateway', 'istio-system/istio-ingressgateway'),
      new RegExp('^cdk8s-istio-gateway: --gateway istio-system/istio-ingressgateway: the config dump .*gateway-config-dump\\.json'
        + ` is of gateway pod ${POD}; name that pod or leave --gateway out$`));
    expectUsageError(await cli('routes', '--config-dump', RICH, '--gateway', 'istio-system/gw'),
      /: --gateway istio-system\/gw: the config dump .*rich\.json names no gateway pod \(it has no BootstrapConfigDump\); leave --gateway out$/);
  });
});

describe('route --config-dump', () => {
  test('decides a request of flags as on the manifests, naming the listener it went through', async () => {
    const args = ['--port', '80', '--host', HOST, '--path', '/api/items', '-o', 'json'];
    const result = await cli('route', '--config-dump', RICH, ...args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const decision = JSON.parse(result.stdout);
    const manifests = JSON.parse((await cli('route', '-f', RICH_MANIFESTS, ...args)).stdout);
    for (const field of ['action', 'status', 'virtualService', 'destinations', 'redirect', 'rewrite']) {
      expect([field, decision[field]]).toEqual([field, manifests[field]]);
    }
    expect(decision).toMatchObject({ gateway: null, rule: null, server: { port: 80, protocol: 'HTTP' } });
    expect(decision.trace).toContain('port 80 -> listener port 8080 (its route configuration serves port 80)');
  });

  test('text output, and the HTTPS route configuration names its Gateway and server', async () => {
    const result = await cli('route', '--config-dump', RICH, '--port', '443', '--host', HOST, '--path', '/old');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Request: +GET shop\.example\.com\/old on port 443\nAction: +redirect\n/);
    expect(result.stdout).toMatch(/\nGateway: +istio-system\/gw\n/);
  });

  test('--requests decides every request of a file', async () => {
    const file = fx.write('dump-requests.yaml', `[{port: 80, host: ${HOST}, path: /old}, {port: 3306, host: db}, {port: 443, host: db.example.com}]`);
    const result = await cli('route', '--config-dump', ADMIN, '--requests', file, '-o', 'json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(result.stdout) as { action: string }[]).map((d) => d.action)).toEqual(['no_route', 'route', 'reject']);
  });

  test('a nodePort is the engine\'s one-line error: a dump holds no Service', async () => {
    expectUsageError(await cli('route', '--config-dump', RICH, '--node-port', '30080', '--host', HOST),
      /: the config dump .*rich\.json holds no Service, so no nodePort 30080: give the server port \(e\.g\. port: 80\) or the listener port$/);
  });
});

describe('verify --config-dump', () => {
  test('runs the cases on the dump; coverage is not available', async () => {
    const cases = fx.write('dump-cases.yaml', RICH_CASES);
    const result = await cli('verify', '--config-dump', RICH, '--cases', cases);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^PASS {2}api goes to the v1 and v2 subsets\nPASS {2}canary header goes to v2\nPASS {2}an unknown host is a 404\n/);
    expect(result.stdout).toContain('\n3 passed, 0 failed\n\ncoverage not available: a config dump holds no Gateway servers or VirtualService rules');
    expect(result.stdout).not.toContain('NOT REACHED');
    // The same cases hold on the manifests, which have coverage.
    expect((await cli('verify', '-f', RICH_MANIFESTS, '--cases', cases)).stdout).toMatch(/\n3 passed, 0 failed\n\ncoverage \d+(\.\d)?%\n/);
  });

  test('-o json: coverage is null', async () => {
    const cases = fx.write('dump-cases.yaml', RICH_CASES);
    const result = await cli('verify', '--config-dump', RICH, '--cases', cases, '-o', 'json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['passed', 'results', 'coverage']);
    expect(report).toMatchObject({ passed: true, coverage: null });
    expect(report.results.map((r: { passed: boolean }) => r.passed)).toEqual([true, true, true]);
  });

  test('a failing case fails the run (exit 1)', async () => {
    const cases = fx.write('dump-failing.yaml', `
cases:
  - name: api is not web
    request: {port: 80, host: ${HOST}, path: /api}
    expect: {destinations: [{host: web, port: 80}]}`);
    const result = await cli('verify', '--config-dump', RICH, '--cases', cases);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}api is not web\n/);
    expectOneLine(result.stderr, /: 1 of 1 cases failed$/);
  });

  test('--min-coverage is a usage error: a dump has nothing to count', async () => {
    expectUsageError(await cli('verify', '--config-dump', RICH, '--cases', fx.write('dump-cases.yaml', RICH_CASES), '--min-coverage', '50'),
      /: --min-coverage needs the manifests \(-f\): a config dump holds no Gateway servers or VirtualService rules to count$/);
  });
});

describe('--config-dump - reads the dump from standard input', () => {
  test('routes and route print what the same dump gives from a file', async () => {
    const text = fs.readFileSync(ADMIN, 'utf8');
    for (const argv of [['routes', '-o', 'json'], ['route', '--port', '80', '--host', 'counter.lab.example.com', '--path', '/api', '-o', 'json']]) {
      const fromFile = await cli(argv[0], '--config-dump', ADMIN, ...argv.slice(1));
      expect(fromFile.code).toBe(0);
      expect(await cliWithStdin(text, argv[0], '--config-dump', '-', ...argv.slice(1))).toEqual({ ...fromFile, stdinReads: 1 });
    }
  });

  test('errors name <stdin>', async () => {
    expectUsageError(await cliWithStdin('{', 'routes', '--config-dump', '-'), /^cdk8s-istio-gateway: <stdin>: not JSON \(/);
    expectUsageError(await cliWithStdin('{"configs": []}', 'routes', '--config-dump', '-'),
      /^cdk8s-istio-gateway: <stdin>: the config dump has no ListenersConfigDump$/);
    expectUsageError(await cliWithStdin(new Error('EIO: i/o error'), 'routes', '--config-dump', '-'),
      /^cdk8s-istio-gateway: <stdin>: cannot be read \(EIO: i\/o error\)$/);
  });
});

describe('--config-dump usage errors: exit 2, one line', () => {
  test('exactly one of -f and --config-dump, and no manifest options beside a dump', async () => {
    expectUsageError(await cli('routes', '-f', RICH_MANIFESTS, '--config-dump', RICH),
      /: option '--config-dump <file>' cannot be used with option '-f, --filename <path\.\.\.>'; see 'cdk8s-istio-gateway routes --help'$/);
    expectUsageError(await cli('verify', '--cases', 'x.yaml'),
      /: required option '-f, --filename <path\.\.\.>' or '--config-dump <file>' not specified; see 'cdk8s-istio-gateway verify --help'$/);
    expectUsageError(await cli('route', '--config-dump', RICH, '-n', 'shop', '--port', '80'),
      /: option '--config-dump <file>' cannot be used with option '-n, --namespace <ns>'/);
    expectUsageError(await cli('routes', '--config-dump', RICH, '--strict'), /: option '--config-dump <file>' cannot be used with option '--strict'/);
  });

  test.each([
    ['a missing file', () => path.join(fx.root, 'nope.json'), /nope\.json: no such file or directory$/],
    ['a directory', () => fx.root, /cdk8s-istio-gateway-cli-\w+: is a directory$/],
    ['a binary file', () => fx.write('binary.json', '{\0}'), /binary\.json: is not a text file \(it contains NUL bytes\)$/],
    ['YAML', () => RICH_MANIFESTS,
      /rich\.yaml: not JSON \(.*\); save a config dump with .*curl -s localhost:15000\/config_dump, or istioctl proxy-config all POD -o json$/],
    ['JSON that is no config dump', () => fx.write('list.json', '{"items": []}'), /list\.json: not an Envoy config dump \(no "configs" list\);/],
    ['a route the engine cannot decide on', () => fx.write('fraction.json', fractionDump()),
      /fraction\.json: route configuration http\.8080, virtual host shop\.example\.com:80, route 0: match\.runtime_fraction: /],
  ])('%s names the file', async (_, file, pattern) => {
    for (const argv of [['routes'], ['route', '--port', '80', '--host', HOST], ['verify', '--cases', fx.write('dump-cases.yaml', RICH_CASES)]]) {
      expectUsageError(await cli(argv[0], '--config-dump', file(), ...argv.slice(1)), pattern);
    }
  });

  test('the help of each command shows the flag and an example', async () => {
    for (const command of ['route', 'routes', 'verify']) {
      const help = await cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--config-dump <file>');
      expect(help.stdout).toMatch(new RegExp(`\\$ cdk8s-istio-gateway ${command} --config-dump dump\\.json`));
    }
  });
});

/** The routes section of a config dump, as far as {@link fractionDump} reads it. */
interface RoutesSection {
  readonly dynamic_route_configs?: { route_config: { virtual_hosts: { routes: { match: object }[] }[] } }[];
}

/** The standard dump with a route that takes a fraction of requests. */
function fractionDump(): string {
  const dump = readDump(STANDARD) as { configs: RoutesSection[] };
  const routes = dump.configs.find((c) => c.dynamic_route_configs)!.dynamic_route_configs![0].route_config.virtual_hosts[0].routes;
  routes[0].match = { ...routes[0].match, runtime_fraction: { default_value: { numerator: 50 } } };
  return JSON.stringify(dump);
}
