import * as path from 'path';
import { cli, createFixtures, expectUsageError, Fixtures } from './cli-fixtures';
import { Decision } from '../../src/engine/decision';

let fx: Fixtures;
beforeAll(() => {
  fx = createFixtures();
});
afterAll(() => fx.remove());

describe('route with a request from flags', () => {
  test('prints a readable decision: action, gateway and server, VirtualService and rule, destinations, then the trace', async () => {
    const result = await cli('route', '-f', fx.article, '--port', '80', '--host', 'counter.lab.example.com', '--path', '/x');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 11)).toEqual([
      'Request:        GET counter.lab.example.com/x on port 80',
      'Action:         route',
      'Reason:         matched',
      'Status:         <none>',
      'Gateway:        istio-system/default-gateway',
      'Server:         http2 (HTTP, port 80)',
      'VirtualService: default/counter',
      'Rule:           0',
      'Destinations:',
      '  counter.default.svc.cluster.local:80  100%',
      'Trace:',
    ]);
    expect(lines[11]).toBe('  1. gateway workload istio-system/istio-ingressgateway');
    expect(result.stdout).toMatch(/\d\. VirtualService default\/counter rule 0 matched prefix \/\n/);
    expect(result.stdout.endsWith('\n')).toBe(true);
  });

  test('--json prints the decision object of the contract', async () => {
    const result = await cli('route', '-f', fx.article, '--node-port', '30443', '--host', 'counter.lab.example.com', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const decision = JSON.parse(result.stdout) as Decision;
    expect(decision).toEqual({
      action: 'route',
      reason: 'matched',
      status: null,
      gateway: 'istio-system/default-gateway',
      server: { port: 443, protocol: 'HTTPS', name: 'https' },
      virtualService: 'default/counter',
      rule: { index: 0, name: null },
      destinations: [{ host: 'counter.default.svc.cluster.local', port: 80, subset: null, weight: 100 }],
      redirect: null,
      rewrite: null,
      trace: expect.arrayContaining([expect.stringMatching(/^nodePort 30443 -> Service istio-system\/istio-ingressgateway port 443/)]),
    });
  });

  test('a request that gets no route is a successful evaluation (exit 0)', async () => {
    const result = await cli('route', '-f', fx.article, '--port', '80', '--host', 'unknown.lab.example.com', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'no_route', status: 404 });

    const refused = await cli('route', '-f', fx.article, '--node-port', '30999');
    expect(refused).toMatchObject({ code: 0, stderr: '' });
    expect(refused.stdout).toMatch(/^Request: +connection on nodePort 30999\nAction: +no_listener\nReason: +no_service_port\nStatus: +<none>\nGateway: +<none>\n/);
    expect(refused.stdout).toMatch(/\nDestinations: +<none>\n/);
  });

  test('--scheme and --sni decide which filter chain takes the connection', async () => {
    const plain = await cli('route', '-f', fx.article, '--port', '443', '--scheme', 'http', '--host', 'counter.lab.example.com', '--json');
    expect(JSON.parse(plain.stdout)).toMatchObject({ action: 'reject' });
    const tls = await cli('route', '-f', fx.article, '--port', '443', '--scheme', 'https', '--sni', 'counter.lab.example.com',
      '--host', 'counter.lab.example.com', '--method', 'POST', '--json');
    expect(JSON.parse(tls.stdout)).toMatchObject({ action: 'route', server: { name: 'https' } });
  });

  test('shows redirect, rewrite, weighted subsets and rule names; --header, --gateway and --namespace reach the engine', async () => {
    const api = await cli('route', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-a', '--port', '80', '--host', 'web.example.com',
      '--path', '/api/x?y=1', '--header', 'X-Canary: yes', '-n', 'shop');
    expect(api).toMatchObject({ code: 0, stderr: '' });
    expect(api.stdout).toContain([
      'Request:        GET web.example.com/api/x?y=1 on port 80 (x-canary: yes, gateway istio-system/gw-a)',
      'Action:         route',
      'Reason:         matched',
      'Status:         <none>',
      'Gateway:        istio-system/gw-a',
      'Server:         http (HTTP, port 8080)',
      'VirtualService: shop/web',
      'Rule:           1 (api)',
      'Destinations:',
      '  web-api.shop.svc.cluster.local:8080 subset v1  90%',
      '  web-api.shop.svc.cluster.local:8080 subset v2  10%',
      'Rewrite:        path /x?y=1, authority api.internal',
      'Timeout:        5s',
      'Trace:',
    ].join('\n'));

    const withoutHeader = await cli('route', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-a', '--port', '80', '--host', 'web.example.com',
      '--path', '/api/x', '--json');
    expect(JSON.parse(withoutHeader.stdout)).toMatchObject({ virtualService: 'default/web', rule: { index: 2, name: null } });

    const redirect = await cli('route', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-b', '--port', '80', '--host', 'web.example.com',
      '--path', '/old/page');
    expect(redirect.code).toBe(0);
    expect(redirect.stdout).toMatch(/\nAction: +redirect\nReason: +matched\nStatus: +301\n/);
    expect(redirect.stdout).toMatch(/\nRedirect: +http:\/\/web\.example\.com\/new\n/);
  });

  test('repeated --header values are joined, as Envoy joins repeated headers', async () => {
    const result = await cli('route', '-f', fx.twoGateways, '--gateway', 'istio-system/gw-a', '--port', '80', '--host', 'web.example.com',
      '--path', '/api/', '--header', 'x-canary:yes', '--header', 'x-canary:no');
    expect(result.stdout).toContain('(x-canary: yes,no, gateway istio-system/gw-a)');
    expect(result.stdout).toMatch(/\nRule: +2\n/);
  });

  test('-f takes directories, repeated flags and comma-separated lists', async () => {
    const files = ['article-ingress.k8s.yaml', 'article-apps.k8s.yaml'].map((f) => path.join(fx.article, f));
    const request = ['--port', '3306', '--json'];
    const outputs = await Promise.all([
      cli('route', '-f', fx.article, ...request),
      cli('route', '-f', files[0], '-f', files[1], ...request),
      cli('route', '-f', files.join(','), ...request),
      cli('route', '--filename', files[0], files[1], ...request),
    ]);
    for (const output of outputs) {
      expect(output).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(output.stdout)).toMatchObject({ action: 'route', virtualService: 'default/mysql' });
    }
    const apps = await cli('route', '-f', files[1], '--port', '80');
    expectUsageError(apps, /^cdk8s-istio-gateway: the manifests hold no gateway workload/);
  });
});

describe('route --requests', () => {
  test('--json prints a JSON array of decisions in the order of the file, on stdout alone', async () => {
    const file = fx.write('requests.yaml', `
- {port: 80, host: counter.lab.example.com, path: /}
- {nodePort: 30306}
- {port: 80, host: nope.lab.example.com}
- {nodePort: 30999}
- {nodePort: 30443, host: counter.lab.example.com, headers: {x-user: alice}, method: PUT}
`);
    const result = await cli('route', '-f', fx.article, '--requests', file, '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const decisions = JSON.parse(result.stdout) as Decision[];
    expect(decisions.map((d) => [d.action, d.server?.port ?? null])).toEqual([
      ['route', 80], ['route', 3306], ['no_route', 80], ['no_listener', null], ['route', 443],
    ]);
    expect(decisions[1].destinations).toEqual([{ host: 'mysql.default.svc.cluster.local', port: 3306, subset: null, weight: 100 }]);
  });

  test('a JSON file with a requests: key works too; without --json each request gets a readable block', async () => {
    const file = fx.write('requests.json', JSON.stringify({ requests: [{ port: 80, host: 'counter.lab.example.com' }, { port: 3306 }] }));
    const result = await cli('route', '-f', fx.article, '--requests', file);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const blocks = result.stdout.split('\n\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^Request 1: +GET counter\.lab\.example\.com\/ on port 80\nAction: +route\n/);
    expect(blocks[1]).toMatch(/^Request 2: +connection on port 3306\nAction: +route\n[^]*Server: +mysql \(TCP, port 3306\)\n[^]*Trace:\n {2}1\. /);
  });

  test('--gateway applies to requests that name no gateway', async () => {
    const file = fx.write('web-requests.yaml', `
requests:
  - {port: 80, host: web.example.com, path: /old}
  - {port: 80, host: web.example.com, gateway: istio-system/gw-a}
`);
    const result = await cli('route', '-f', fx.twoGateways, '--requests', file, '--gateway', 'istio-system/gw-b', '--json');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Decision[]).map((d) => d.gateway)).toEqual(['istio-system/gw-b', 'istio-system/gw-a']);

    const without = await cli('route', '-f', fx.twoGateways, '--requests', file, '--json');
    expectUsageError(without, /^cdk8s-istio-gateway: .*web-requests\.yaml: request 1: the manifests hold 2 gateway workloads/);
  });

  test.each([
    ['not a list', 'port: 80\n', /bad\.yaml: not a list of requests/],
    ['a YAML syntax error', '- {port: 80\n', /bad\.yaml: YAML syntax error/],
    ['an unknown field', '- {port: 80}\n- {port: 80, hots: x}\n', /bad\.yaml: request 2: hots is not a request field \(port, nodePort, host,/],
    ['a port that is a string', '- {port: "80"}\n', /bad\.yaml: request 1: port is '80', not a port number/],
    ['a port out of range', '- {nodePort: 70000}\n', /request 1: nodePort is number 70000, not a port number/],
    ['no port', '- {host: a.example.com}\n', /request 1: give port .* or nodePort/],
    ['a number header value', '- {port: 80, headers: {x-v: 2}}\n', /request 1: headers\.x-v is number 2, not a string; quote it/],
    ['headers as a list', '- {port: 80, headers: [a]}\n', /request 1: headers is a list, not a mapping/],
    ['a bad header name', '- {port: 80, headers: {"a b": c}}\n', /request 1: headers: 'a b' is not a header name/],
    ['a non-string host', '- {port: 80, host: 1}\n', /request 1: host is number 1, not a string; quote it/],
    ['a bad scheme', '- {port: 80, scheme: ftp}\n', /request 1: scheme 'ftp' is neither http nor https/],
    ['a relative path', '- {port: 80, path: api}\n', /request 1: path 'api' does not start with '\/'/],
    ['a bad method', '- {port: 80, method: "GE T"}\n', /request 1: method 'GE T' is not an HTTP method/],
    ['a request that is not a mapping', '- 80\n', /bad\.yaml: request 1 is number 80, not a mapping/],
    ['both port and nodePort', '- {port: 80, nodePort: 30080}\n', /request 1: give port or nodePort, not both/],
    ['a host with a space', '- {port: 80, host: "a b"}\n', /request 1: host 'a b' cannot be a Host header/],
  ])('a requests file with %s is a one-line error naming the file (exit 2)', async (_name, text, pattern) => {
    const file = fx.write('bad.yaml', text);
    expectUsageError(await cli('route', '-f', fx.article, '--requests', file, '--json'), pattern);
  });

  test('a --host that cannot be a Host header is a usage error (exit 2)', async () => {
    expectUsageError(await cli('route', '-f', fx.article, '--port', '80', '--host', 'counter.lab.example.com/api'),
      /--host 'counter\.lab\.example\.com\/api' cannot be a Host header/);
  });

  test('a missing requests file, or a directory, is a one-line error', async () => {
    expectUsageError(await cli('route', '-f', fx.article, '--requests', path.join(fx.root, 'missing.yaml')), /missing\.yaml: no such file or directory$/);
    expectUsageError(await cli('route', '-f', fx.article, '--requests', fx.root), /: is a directory$/);
  });
});

describe('route usage errors', () => {
  test.each([
    ['no request', ['route', '-f', 'ARTICLE'], /route needs --port, --node-port or --requests/],
    ['a port that is not a number', ['route', '-f', 'ARTICLE', '--port', 'abc'], /: --port 'abc' is not a port number \(an integer from 1 to 65535\)$/],
    ['a port out of range', ['route', '-f', 'ARTICLE', '--port', '0'], /--port '0' is not a port number/],
    ['a node port that is not an integer', ['route', '-f', 'ARTICLE', '--node-port', '30080.5'], /--node-port '30080\.5' is not a port number/],
    ['a port without value', ['route', '-f', 'ARTICLE', '--port'], /option '--port <port>' argument missing; see 'cdk8s-istio-gateway route --help'$/],
    ['both --port and --node-port', ['route', '-f', 'ARTICLE', '--port', '80', '--node-port', '30080'],
      /option '--port <port>' cannot be used with option '--node-port <port>'/],
    ['--requests with request flags', ['route', '-f', 'ARTICLE', '--requests', 'r.yaml', '--host', 'a'],
      /option '--requests <file>' cannot be used with option '--host <host>'/],
    ['a header without colon', ['route', '-f', 'ARTICLE', '--port', '80', '--header', 'x-user'], /--header 'x-user' is not name:value, e.g. --header x-user:alice$/],
    ['a header without name', ['route', '-f', 'ARTICLE', '--port', '80', '--header', ':authority:x'], /--header ':authority:x' is not name:value/],
    ['a Host header', ['route', '-f', 'ARTICLE', '--port', '80', '--header', 'Host: a.example.com'], /--header host: use --host/],
    ['a bad scheme', ['route', '-f', 'ARTICLE', '--port', '80', '--scheme', 'ftp'],
      /argument 'ftp' is invalid\. Allowed choices are http, https; see 'cdk8s-istio-gateway route --help'$/],
    ['a relative path', ['route', '-f', 'ARTICLE', '--port', '80', '--path', 'api'], /--path 'api' does not start with '\/'$/],
    ['a bad method', ['route', '-f', 'ARTICLE', '--port', '80', '--method', 'G T'], /--method 'G T' is not an HTTP method$/],
    ['a gateway that is not NS/NAME', ['route', '-f', 'ARTICLE', '--port', '80', '--gateway', 'ingress'], /--gateway 'ingress' is not NS\/NAME/],
    ['an unknown gateway', ['route', '-f', 'ARTICLE', '--port', '80', '--gateway', 'istio-system/nope'],
      /: no gateway workload is named istio-system\/nope; use NS\/NAME of its Service, Deployment or a Gateway selecting it \(istio-system\/istio-ingressgateway\)$/],
    ['a bad namespace', ['route', '-f', 'ARTICLE', '--port', '80', '-n', 'a/b'], /--namespace 'a\/b' is not a name$/],
    ['an unknown flag', ['route', '-f', 'ARTICLE', '--hots', 'x'], /: unknown option '--hots' \(Did you mean --host\?\); see 'cdk8s-istio-gateway route --help'$/],
    ['an extra argument', ['route', '--port', '80', 'extra', '-f', 'ARTICLE'], /too many arguments for 'route'/],
    ['no -f', ['route', '--port', '80'],
      /: required option '-f, --filename <path\.\.\.>' or '--config-dump <file>' not specified; see 'cdk8s-istio-gateway route --help'$/],
    ['an empty -f', ['route', '-f', ',', '--port', '80'], /option '-f, --filename' got no path/],
  ])('%s: exit 2 with one line on stderr', async (_name, argv, pattern) => {
    expectUsageError(await cli(...argv.map((a) => (a === 'ARTICLE' ? fx.article : a))), pattern);
  });

  test('without --gateway, the one workload the manifests define is chosen beside one implied by a Gateway (engine contract, A request)', async () => {
    const deployment = fx.write('route/gw-a-deployment.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: {name: gw-a, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: gw-a}}
  template:
    metadata: {labels: {istio: gw-a}, annotations: {inject.istio.io/templates: gateway}}
    spec: {containers: [{name: istio-proxy, image: auto}]}
`);
    const result = await cli('route', '-f', fx.twoGateways, '-f', deployment, '--port', '80', '--host', 'web.example.com', '--json');
    expect(result.code).toBe(0);
    const decision = JSON.parse(result.stdout);
    expect(decision.gateway).toBe('istio-system/gw-a');
    expect(decision.trace[0]).toBe('gateway workload istio-system/gw-a');
  });

  test('several workloads without --gateway: the message names the flag and the workloads', async () => {
    expectUsageError(await cli('route', '-f', fx.twoGateways, '--port', '80', '--host', 'web.example.com'),
      /^cdk8s-istio-gateway: the manifests hold 2 gateway workloads \(istio-system\/istio=gw-a, istio-system\/istio=gw-b\); say which with --gateway NS\/NAME$/);
  });
});
