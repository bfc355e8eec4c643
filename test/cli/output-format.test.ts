import * as path from 'path';
import { parse } from 'yaml';
import { ARTICLE_CASES, cli, createFixtures, expectUsageError, Fixtures } from './cli-fixtures';
import { ruleDetails } from '../../src/format/wide-route-table';

/** A Gateway server that redirects to HTTPS (a row without VirtualService) and a rule with every policy DETAILS names. */
const POLICIES = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: secure, namespace: istio-system}
spec:
  selector: {istio: gw-a}
  servers:
  - {port: {number: 8080, name: http, protocol: HTTP}, hosts: ['*/secure.example.com'], tls: {httpsRedirect: true}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: policies, namespace: shop}
spec:
  hosts: [policies.example.com]
  gateways: [istio-system/gw-a]
  http:
  - name: everything
    match: [{uri: {prefix: /all}}]
    route: [{destination: {host: web.default.svc.cluster.local, port: {number: 80}}}]
    retries: {attempts: 3, perTryTimeout: 2s}
    mirror: {host: web.default.svc.cluster.local, port: {number: 80}, subset: v2}
    mirrorPercentage: {value: 50}
    fault: {delay: {fixedDelay: 5s, percentage: {value: 10}}, abort: {httpStatus: 503, percentage: {value: 1}}}
    corsPolicy: {allowOrigins: [{exact: https://a.example.com}]}
    headers: {request: {set: {x-a: "1"}, remove: [x-b]}, response: {add: {x-c: "2"}}}
  - route: [{destination: {host: web.default.svc.cluster.local, port: {number: 80}}}]
`;

let fx: Fixtures;
let policies: string;
beforeAll(() => {
  fx = createFixtures();
  policies = fx.write('policies/policies.yaml', POLICIES);
});
afterAll(() => fx.remove());

/** Runs a command with `--json`, `-o json` and `-o yaml`; the three print the same data (and the same exit code). */
async function expectSameData(...argv: string[]): Promise<unknown> {
  const legacy = await cli(...argv, '--json');
  const json = await cli(...argv, '-o', 'json');
  const yaml = await cli(...argv, '-o', 'yaml');
  expect(json).toEqual(legacy);
  expect(yaml).toMatchObject({ code: json.code, stderr: json.stderr });
  expect(yaml.stdout).not.toMatch(/^\s*[[{]/);
  expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  return JSON.parse(json.stdout);
}

describe('-o json and -o yaml', () => {
  test('route: -o json is --json, -o yaml holds the same decision; with --requests, the same list', async () => {
    const decision = await expectSameData('route', '-f', fx.article, '--port', '80', '--host', 'counter.lab.example.com');
    expect(decision).toMatchObject({ action: 'route', destinations: [{ host: 'counter.default.svc.cluster.local', weight: 100 }] });

    const requests = fx.write('requests.yaml', '- {port: 80, host: counter.lab.example.com}\n- {port: 80, host: nowhere.example.com}\n');
    const decisions = await expectSameData('route', '-f', fx.article, '--requests', requests);
    expect(decisions).toMatchObject([{ action: 'route' }, { action: 'no_route', status: 404 }]);
  });

  test('routes: the rows, in JSON or YAML', async () => {
    const rows = await expectSameData('routes', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-b');
    expect(rows).toHaveLength(3);
  });

  test('verify: the report, in JSON or YAML, with the same exit status', async () => {
    const report = await expectSameData('verify', '-f', fx.article, '--cases', ARTICLE_CASES);
    expect(report).toMatchObject({ passed: true, coverage: { percent: 100 } });
  });

  test('dump: -o json is the default output, -o yaml holds the same config dump', async () => {
    const plain = await cli('dump', '-f', fx.article);
    expect(await cli('dump', '-f', fx.article, '-o', 'json')).toEqual(plain);
    const yaml = await cli('dump', '-f', fx.article, '-o', 'yaml');
    expect(yaml).toMatchObject({ code: 0, stderr: '' });
    expect(yaml.stdout).toMatch(/^configs:\n/);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(plain.stdout));
  });

  test('the format is read in any case, as istioctl reads it', async () => {
    expect(await cli('routes', '-f', fx.article, '-o', 'YAML')).toEqual(await cli('routes', '-f', fx.article, '--output', 'yaml'));
  });
});

describe('routes -o wide', () => {
  test('adds RULE NAME, DETAILS and SOURCE after the normal columns, which stay as they are', async () => {
    const normal = (await cli('routes', '-f', fx.twoGateways)).stdout.trimEnd().split('\n');
    const wide = await cli('routes', '-f', fx.twoGateways, '-o', 'wide');
    expect(wide).toMatchObject({ code: 0, stderr: '' });
    const lines = wide.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(normal.length);
    lines.forEach((line, i) => expect(line.startsWith(normal[i])).toBe(true));
    expect(lines[0]).toMatch(/ ACTION +RULE NAME +DETAILS +SOURCE$/);
    const source = `${path.join(fx.twoGateways, 'routes', 'web.yaml')} (document 1)`;
    const [legacy, api, fallback] = lines.slice(1, 4).map((l) => l.split(/ {2,}/).slice(-3));
    expect(legacy).toEqual(['legacy', 'redirect uri=/new', source]);
    expect(api).toEqual(['api', 'rewrite uri=/ authority=api.internal; timeout 5s', source]);
    expect(fallback).toEqual(['-', '-', source]);
  });

  test('DETAILS names retries, mirrors, faults, CORS and header edits; rows without a VirtualService show -', async () => {
    const wide = await cli('routes', '-f', `${fx.twoGateways},${policies}`, '--gateway', 'istio-system/gw-a', '-o', 'wide');
    expect(wide.code).toBe(0);
    const rows = wide.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ {2,}/));
    const everything = rows.find((r) => r.includes('everything'));
    expect(everything?.slice(-2)).toEqual([
      'retries attempts=3 perTryTimeout=2s; mirror web.default.svc.cluster.local:80 subset v2 50%; fault delay 5s 10%; fault abort 503 1%; cors;'
      + ' request headers set x-a; request headers remove x-b; response headers add x-c',
      `${policies} (document 2)`,
    ]);
    const redirect = rows.find((r) => r.includes('301 https redirect'));
    expect(redirect?.slice(-3)).toEqual(['-', '-', '-']);
  });

  test('the file of a VirtualService read from a TCP route is named too', async () => {
    const wide = await cli('routes', '-f', fx.article, '-o', 'wide');
    const tcp = wide.stdout.split('\n').find((l) => / tcp /.test(l));
    expect(tcp).toMatch(new RegExp(`  -  +-  +${path.join(fx.article, 'article-apps.k8s.yaml').replace(/[.]/g, '\\.')} \\(document \\d+\\)$`));
  });

  test('ruleDetails: a mirrors list, an exponential delay and a gRPC abort', () => {
    expect(ruleDetails({
      mirrors: [{ destination: { host: 'audit', port: { number: 8080 } }, percentage: { value: 5 } }, { destination: { host: 'b' } }],
      fault: { abort: { grpcStatus: 'UNAVAILABLE' } },
    })).toEqual(['mirror audit:8080 5%', 'mirror b', 'fault abort UNAVAILABLE']);
    expect(ruleDetails({})).toEqual([]);
  });
});

describe('bad formats', () => {
  test.each([
    ['routes', [], 'json, yaml or wide'],
    ['route', ['--port', '80'], 'json or yaml'],
    ['verify', ['--cases', ARTICLE_CASES], 'json or yaml'],
    ['dump', [], 'json or yaml'],
    ['analyze', [], 'json, yaml or log'],
  ])('%s: an unknown -o is a one-line usage error naming the accepted formats', async (command, extra, accepted) => {
    for (const format of ['xml', 'wide', 'log', '']) {
      if (accepted.includes(format) && format !== '') {
        continue;
      }
      expectUsageError(await cli(command, '-f', fx.article, ...extra, '-o', format),
        new RegExp(`^cdk8s-istio-gateway: -o, --output '${format}' is not an output format of ${command}; use ${accepted}$`));
    }
  });

  test.each([['route', '--port', '80'], ['routes'], ['verify', '--cases', ARTICLE_CASES], ['analyze']])('%s: --json with -o is a usage error', async (command, ...extra) => {
    expectUsageError(await cli(command, '-f', fx.article, ...extra, '--json', '-o', 'yaml'),
      new RegExp(`option '--json' cannot be used with option '-o, --output <format>'; see 'cdk8s-istio-gateway ${command} --help'$`));
  });

  test('-o needs a value', async () => {
    expectUsageError(await cli('routes', '-f', fx.article, '-o'), /option '-o, --output <format>' argument missing/);
  });
});
