import { cli, createFixtures, expectUsageError, Fixtures } from './cli-fixtures';
import { RouteRow } from '../../src/engine/route-listing';
import { TrafficEngine } from '../../src/engine/traffic-engine';

let fx: Fixtures;
beforeAll(() => {
  fx = createFixtures();
});
afterAll(() => fx.remove());

describe('routes', () => {
  test('prints the route table of every workload, as formatRouteTable does', async () => {
    const result = await cli('routes', '-f', fx.article);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKLOAD +PORT +NAME +VHOST NAME +DOMAINS +MATCH +VIRTUAL SERVICE +ACTION$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['istio-system/istio-ingressgateway', '80', 'http.80'],
      ['istio-system/istio-ingressgateway', '443', 'https.443.https.default-gateway.istio-system'],
      ['istio-system/istio-ingressgateway', '3306', 'tcp'],
    ]);
    expect(lines[3]).toMatch(/mysql\.default #0 +outbound\|3306\|\|mysql\.default\.svc\.cluster\.local$/);
  });

  test('--json prints the rows; --gateway keeps one workload', async () => {
    const all = await cli('routes', '-f', fx.twoGateways, '--json');
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as RouteRow[];
    expect(new Set(rows.map((r) => r.workload))).toEqual(new Set(['istio-system/istio=gw-a', 'istio-system/istio=gw-b']));
    expect(rows[0]).toEqual({
      workload: 'istio-system/istio=gw-a',
      listenerPort: 8080,
      name: 'http.8080',
      virtualHost: 'web.example.com:8080',
      domains: ['web.example.com'],
      match: '/old*',
      virtualService: 'web.default',
      rule: 0,
      action: 'redirect 301',
    });

    const one = await cli('routes', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-b', '--json', '--namespace', 'shop');
    const oneRows = JSON.parse(one.stdout) as RouteRow[];
    expect(oneRows).toHaveLength(3);
    expect(oneRows.every((r) => r.workload === 'istio-system/istio=gw-b' && r.virtualService === 'web.shop')).toBe(true);
  });

  test('an unknown gateway, a bad --gateway and an unknown flag are one-line errors', async () => {
    expectUsageError(await cli('routes', '-f', fx.twoGateways, '--gateway', 'istio-system/nope'), /no gateway workload is named istio-system\/nope/);
    expectUsageError(await cli('routes', '-f', fx.twoGateways, '--gateway', 'nope'), /--gateway 'nope' is not NS\/NAME/);
    expectUsageError(await cli('routes', '-f', fx.article, '--port', '80'), /unknown option '--port'; see 'cdk8s-istio-gateway routes --help'$/);
    expectUsageError(await cli('routes'), /required option '-f, --filename <path\.\.\.>' or '--config-dump <file>' not specified/);
  });
});

describe('dump', () => {
  test('prints the config dump of the only workload as indented JSON', async () => {
    const result = await cli('dump', '-f', fx.article);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const expected = TrafficEngine.fromFiles([fx.article]).configDump();
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(JSON.stringify(JSON.parse(result.stdout))).toContain('0.0.0.0_3306');
  });

  test('--gateway picks one of several workloads; without it the error names the flag', async () => {
    const result = await cli('dump', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-a');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(TrafficEngine.fromFiles([fx.twoGateways]).configDump('istio-system/gw-a'));
    expect(result.stdout).toContain('"0.0.0.0_8080"');

    expectUsageError(await cli('dump', '-f', fx.twoGateways), /the manifests hold 2 gateway workloads .*; say which with --gateway NS\/NAME$/);
    expectUsageError(await cli('dump', '-f', fx.twoGateways, '--gateway', 'default/web'), /no gateway workload is named default\/web/);
  });
});
