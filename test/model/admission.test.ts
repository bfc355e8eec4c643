/**
 * The model stage: decisions are made as the cluster would hold the manifests. An object the API server (CRD schema,
 * Kubernetes field types) or Istio's validating webhook would refuse is left out with a one-line warning naming the
 * file, document, object, field and fix; a later copy of an object replaces the earlier one, as `kubectl apply` of the
 * files in order would; `strict` makes either an error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze, ManifestError, TrafficEngine } from '../../src';
import { gatewayWorkload, publicGateway } from '../analyze/support';
import { cli, shopRoute } from '../cli/cli-fixtures';

const WORKLOAD = gatewayWorkload('[{name: http2, port: 80, targetPort: 80}]', '[{containerPort: 80}]');
const SHOP = shopRoute('shop', 'shop.example.com', 'istio-system/public');
const REQUEST = { port: 80, host: 'shop.example.com', path: '/' };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a file in the temp dir and returns its path. */
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

describe('objects the API server refuses are left out, with a warning naming file, document, object, field and fix', () => {
  test('a Gateway with port.number "80" (a string) is left out (no gateway to ask), and analyze reports IST0106', () => {
    const gateway = publicGateway().replace('number: 80', 'number: "80"');
    expect(gateway).toContain('number: "80"');
    const p = file('quoted-port.yaml', `${WORKLOAD}${gateway}---\n${SHOP}`);
    const engine = TrafficEngine.fromFiles([p]);
    expect(engine.warnings.map((w) => w.message)).toEqual([
      `${p} (document 3, Gateway istio-system/public): spec.servers[0].port.number: must be integer; `
      + 'write a number, without quotes; the API server refuses the object, so it is left out',
    ]);
    expect(() => engine.route(REQUEST)).toThrow(/the manifests hold no gateway workload/);
    const ist0106 = analyze(engine.objects).filter((f) => f.code === 'IST0106');
    expect(ist0106.map((f) => [f.resource, f.message])).toEqual([
      ['Gateway istio-system/public', 'spec.servers[0].port.number: must be integer; the API server refuses the object'],
    ]);
  });

  test('a destination host: 42 is refused, not routed to 42.default.svc.cluster.local', () => {
    const engine = TrafficEngine.fromFiles([file('host-42.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP.replace('host: shop,', 'host: 42,')}`)]);
    expect(engine.warnings).toHaveLength(1);
    expect(engine.warnings[0].message).toMatch(/\(document 4, VirtualService default\/shop\): spec\.http\[0\]\.route\[0\]\.destination\.host: must be string; quote the value;/);
    const decision = engine.route(REQUEST);
    expect(decision.action).toBe('no_route');
    expect(JSON.stringify(decision)).not.toContain('42.default');
  });

  test('a match written as a mapping is refused, not evaluated', () => {
    const vs = SHOP.replace('http: [{route:', 'http: [{match: {uri: {prefix: /}}, route:');
    const engine = TrafficEngine.fromFiles([file('match-map.yaml', `${WORKLOAD}${publicGateway()}---\n${vs}`)]);
    expect(engine.warnings.map((w) => w.message)).toEqual([expect.stringContaining('spec.http[0].match: must be array; write it as a YAML list')]);
    expect(engine.route(REQUEST).action).toBe('no_route');
  });

  test('a VirtualService whose hosts is a string breaks no command: each warns and goes on', async () => {
    const p = file('hosts-string.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP.replace('hosts: [shop.example.com]', 'hosts: shop.example.com')}`);
    const cases = file('cases.yaml', 'cases:\n- name: shop\n  request: {port: 80, host: shop.example.com}\n  expect: {action: no_route}\n');
    const warning = /^cdk8s-istio-gateway: warning: .*hosts-string\.yaml \(document 4, VirtualService default\/shop\): spec\.hosts: must be array; write it as a YAML list/;
    for (const argv of [['route', '-f', p, '--port', '80', '--host', 'shop.example.com'], ['routes', '-f', p], ['dump', '-f', p], ['verify', '-f', p, '--cases', cases]]) {
      const result = await cli(...argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 0 });
      expect(result.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(warning)]);
    }
    const analyzed = await cli('analyze', '-f', p);
    expect(analyzed.code).toBe(1);
    expect(analyzed.stdout).toMatch(/Error \[IST0106\] \(VirtualService default\/shop\) spec\.hosts: must be array/);
  });

  test('built-in kinds are checked on the fields the engine reads: a Service port "80" is refused', () => {
    const workload = gatewayWorkload('[{name: http2, port: "80", targetPort: 80}]', '[{containerPort: 80}]');
    const engine = TrafficEngine.fromFiles([file('service-port.yaml', `${workload}${publicGateway()}---\n${SHOP}`)]);
    expect(engine.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/\(document 2, Service istio-system\/istio-ingressgateway\): spec\.ports\[0\]\.port: must be a port number \(1-65535\), found a string \("80"\); write a number from 1 to 65535, without quotes; the API server refuses/),
    ]);
  });

  test('a null entry in a list the engine reads is refused, not a crash', () => {
    const workload = gatewayWorkload('[null]');
    const engine = TrafficEngine.fromFiles([file('null-port.yaml', `${workload}${publicGateway()}`)]);
    expect(engine.warnings.map((w) => w.message)).toEqual([expect.stringContaining('spec.ports[0]: is an empty entry (null); remove the empty `-` line')]);
  });
});

describe("objects Istio's validating webhook refuses are left out too (reference §i; istio/istio pkg/config/validation)", () => {
  test.each([
    ['a Gateway with two servers named alike', publicGateway().replace(/servers: \[(.*)\]\n/s, (_match, server: string) => `servers: [${server}, ${server.replace('port: {number: 80', 'port: {number: 81')}]\n`),
      /Gateway istio-system\/public\): spec\.servers\[1\]\.port\.name: port name 'http' is already used by spec\.servers\[0\]/],
    ['an http rule with route and redirect', `${publicGateway()}---\n${SHOP.replace('http: [{route:', 'http: [{redirect: {uri: /x}, route:')}`,
      /VirtualService default\/shop\): spec\.http\[0\]\.route: redirect cannot be combined with route; remove route, or split the rule in two; Istio's validating webhook refuses the object/],
    ['a header regex that is not RE2', `${publicGateway()}---\n${SHOP.replace('http: [{route:', 'http: [{match: [{headers: {x-a: {regex: "(?=a)"}}}], route:')}`,
      /spec\.http\[0\]\.match\[0\]\.headers\.x-a\.regex: regex '\(\?=a\)' is not valid RE2 syntax/],
    ['a DestinationRule with two subsets named alike',
      '---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: shop}\nspec: {host: shop, subsets: [{name: v1, labels: {v: "1"}}, {name: v1, labels: {v: "2"}}]}\n',
      /DestinationRule default\/shop\): spec\.subsets\[1\]\.name: subset name 'v1' is already used by spec\.subsets\[0\]/],
  ])('%s', (_name, manifests, message) => {
    const engine = TrafficEngine.fromFiles([file('webhook.yaml', `${WORKLOAD}${manifests}`)]);
    expect(engine.warnings.map((w) => w.message)).toEqual([expect.stringMatching(message)]);
    const refused = engine.warnings[0].object;
    expect(analyze(engine.objects).filter((f) => f.code === 'IST0106').map((f) => f.resource)).toEqual([`${refused.kind} ${refused.metadata.namespace}/${refused.metadata.name}`]);
  });

  test('a redirect code 0 is accepted (it means 301), as validateHTTPRedirect skips 0', () => {
    const engine = TrafficEngine.fromFiles([file('code-0.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP.replace('http: [{route: [{destination: {host: shop, port: {number: 80}}}]}]', 'http: [{redirect: {uri: /new, redirectCode: 0}}]')}`)]);
    expect(engine.warnings).toEqual([]);
    expect(engine.route(REQUEST)).toMatchObject({ action: 'redirect', status: 301 });
  });
});

describe('the same object twice: the later copy replaces the earlier one, as kubectl apply of the files in order would', () => {
  const other = SHOP.replace('host: shop,', 'host: other,');

  test('two copies in one stream: the last one decides, with a warning naming both places', () => {
    const p = file('twice.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP}---\n${other}`);
    const engine = TrafficEngine.fromFiles([p]);
    expect(engine.warnings.map((w) => w.message)).toEqual([
      `${p} (document 5, VirtualService default/shop): replaces the earlier copy of VirtualService default/shop at ${p} (document 4); `
      + 'the later copy is kept, as applying the files in order would; remove one of them',
    ]);
    expect(engine.route(REQUEST).destinations.map((d) => d.host)).toEqual(['other.default.svc.cluster.local']);
  });

  test('one file passed twice decides as once, with one warning per object', async () => {
    const p = file('once.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP}`);
    const result = await cli('route', '-f', p, '-f', p, '--port', '80', '--host', 'shop.example.com', '-o', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'route', virtualService: 'default/shop' });
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(4);
    expect(result.stderr).toContain('replaces the earlier copy of Gateway istio-system/public');
  });

  test('analyze warns of the duplicate on stderr and analyzes the last copy', async () => {
    const p = file('analyze-twice.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP}---\n${SHOP.replace('istio-system/public', 'istio-system/missing')}`);
    const result = await cli('analyze', '-f', p);
    expect(result.stderr).toMatch(/^cdk8s-istio-gateway: warning: \S+analyze-twice\.yaml \(document 5, VirtualService default\/shop\): replaces the earlier copy/);
    expect(result.stdout).toMatch(/IST0101\] \(VirtualService default\/shop\) Referenced gateway not found: "istio-system\/missing"/);
  });

  test('two versions of one kind (v1beta1, then v1) are one object', () => {
    const engine = TrafficEngine.fromFiles([file('versions.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP.replace('networking.istio.io/v1', 'networking.istio.io/v1beta1')}---\n${other}`)]);
    expect(engine.warnings).toHaveLength(1);
    expect(engine.route(REQUEST).destinations.map((d) => d.host)).toEqual(['other.default.svc.cluster.local']);
  });
});

describe('strict', () => {
  test('the API refuses the input with the first warning as a one-line ManifestError', () => {
    const p = file('strict.yaml', `${WORKLOAD}${publicGateway().replace('number: 80', 'number: "80"')}`);
    expect(() => TrafficEngine.fromFiles([p], { strict: true })).toThrow(ManifestError);
    expect(() => TrafficEngine.fromFiles([p], { strict: true })).toThrow(/^\S+strict\.yaml \(document 3, Gateway istio-system\/public\): spec\.servers\[0\]\.port\.number: must be integer;[^\n]*$/);
  });

  test('--strict: exit 2 with one line, nothing on stdout', async () => {
    const p = file('strict-cli.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP}---\n${SHOP}`);
    const result = await cli('routes', '-f', p, '--strict');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^cdk8s-istio-gateway: \S+strict-cli\.yaml \(document 5, VirtualService default\/shop\): replaces the earlier copy[^\n]*\n$/);
    expect((await cli('routes', '-f', p)).code).toBe(0);
  });

  test('valid input gives no warning and passes --strict', async () => {
    const p = file('valid.yaml', `${WORKLOAD}${publicGateway()}---\n${SHOP}`);
    expect(TrafficEngine.fromFiles([p]).warnings).toEqual([]);
    const result = await cli('route', '-f', p, '--strict', '--port', '80', '--host', 'shop.example.com');
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('null fields', () => {
  test('a field written as null is dropped, as the API server drops it: a Service with selector: null selects nothing', async () => {
    const workload = gatewayWorkload('[{name: http2, port: 80, targetPort: 80, nodePort: 30080}]', '[{containerPort: 80}]').replace('selector: {istio: ingressgateway}\n  ports', 'selector: null\n  ports');
    expect(workload).toContain('selector: null');
    const p = file('null-selector.yaml', `${workload}${publicGateway()}---\n${SHOP}`);
    const engine = TrafficEngine.fromFiles([p]);
    expect(engine.warnings).toEqual([]);
    expect(engine.objects.find((o) => o.kind === 'Service')).not.toHaveProperty('spec.selector');
    const result = await cli('route', '-f', p, '--node-port', '30080', '--host', 'shop.example.com');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no_listener/);
  });

  test('a null entry of a list is an empty entry, which is refused', () => {
    const engine = TrafficEngine.fromManifests([{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { servers: [null] } }]);
    expect(engine.warnings.map((w) => w.message)).toEqual([expect.stringContaining('spec.servers[0]: must be object')]);
  });
});

describe('API versions', () => {
  test('an Istio kind in a version its CRD does not serve is refused (the API server has no such resource)', () => {
    const engine = TrafficEngine.fromManifests([{ apiVersion: 'networking.istio.io/v9', kind: 'Gateway', metadata: { name: 'g' }, spec: { servers: 'x' } }]);
    expect(engine.warnings.map((w) => w.message)).toEqual([
      'object 1 (Gateway default/g): apiVersion: networking.istio.io/v9 is not a version the Gateway CRD serves '
      + '(networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1); use networking.istio.io/v1; '
      + 'the API server refuses the object, so it is left out',
    ]);
  });

  test('kinds of groups no vendored CRD defines are kept as they are', () => {
    const engine = TrafficEngine.fromManifests([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: 'anything' }]);
    expect(engine.warnings).toEqual([]);
  });
});

describe('empty input', () => {
  test('a file or directory without manifests is a warning on stderr, not a silent empty table', async () => {
    const empty = file('empty.yaml', '# nothing here\n---\n');
    const emptyDir = path.join(dir, 'no-manifests');
    fs.mkdirSync(emptyDir, { recursive: true });
    fs.writeFileSync(path.join(emptyDir, 'notes.txt'), 'not a manifest');
    const result = await cli('routes', '-f', empty, '-f', emptyDir);
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      `cdk8s-istio-gateway: warning: ${empty}: holds no objects (it is empty, or only comments and document separators)`,
      expect.stringMatching(/^cdk8s-istio-gateway: warning: \S+no-manifests: holds no manifest files/),
    ]);
  });
});
