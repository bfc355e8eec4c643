import * as fs from 'fs';
import * as path from 'path';
import { ARTICLE_CASES, cli, cliWithStdin, createFixtures, expectOneLine, expectUsageError, Fixtures } from './cli-fixtures';

let fx: Fixtures;
let gateways: string;
let routes: string;
beforeAll(() => {
  fx = createFixtures();
  gateways = path.join(fx.twoGateways, 'gateways.yaml');
  routes = fs.readFileSync(path.join(fx.twoGateways, 'routes', 'web.yaml'), 'utf8');
});
afterAll(() => fx.remove());

/** The article example's manifests as one YAML text, as `cat dist/*.yaml` would give them. */
function articleText(): string {
  return fs.readdirSync(fx.article).sort().map((f) => fs.readFileSync(path.join(fx.article, f), 'utf8')).join('\n---\n');
}

describe('-f - reads manifests from standard input', () => {
  test('routes -f - prints what the same manifests give from a file', async () => {
    const fromFiles = await cli('routes', '-f', fx.article, '-o', 'json');
    const fromStdin = await cliWithStdin(articleText(), 'routes', '-f', '-', '-o', 'json');
    expect(fromStdin).toEqual({ ...fromFiles, stdinReads: 1 });
  });

  test('mixes with files and directories, in the order given, as repeated flags or a comma list', async () => {
    const expected = await cli('routes', '-f', fx.twoGateways, '-o', 'json');
    for (const argv of [['-f', gateways, '-f', '-'], ['-f', `${gateways},-`]]) {
      expect(await cliWithStdin(routes, 'routes', ...argv, '-o', 'json')).toEqual({ ...expected, stdinReads: 1 });
    }
    // The namespace applies to objects from standard input as to those from files.
    const shop = await cliWithStdin(routes, 'routes', '-f', '-', '-f', gateways, '-n', 'shop', '-o', 'json');
    expect(JSON.parse(shop.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ virtualService: 'web.shop' })]));
  });

  test('route, verify, dump and analyze read it too', async () => {
    const text = articleText();
    const route = await cliWithStdin(text, 'route', '-f', '-', '--port', '80', '--host', 'counter.lab.example.com', '-o', 'json');
    expect(route).toMatchObject({ code: 0, stderr: '', stdinReads: 1 });
    expect(JSON.parse(route.stdout)).toMatchObject({ action: 'route' });
    expect(await cliWithStdin(text, 'verify', '-f', '-', '--cases', ARTICLE_CASES)).toMatchObject({ code: 0, stderr: '', stdinReads: 1 });
    expect((await cliWithStdin(text, 'dump', '-f', '-')).stdout).toBe((await cli('dump', '-f', fx.article)).stdout);
    const analyze = await cliWithStdin(text, 'analyze', '-f', '-');
    expect(analyze.stdout).toMatch(/ when analyzing \d+ objects from <stdin>\.\n$/);
  });

  test('analyze names <stdin> among the files, and as the reference of its -o json messages', async () => {
    const broken = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: cart}\nspec:\n'
      + '  hosts: [cart.example.com]\n  gateways: [istio-system/missing]\n  http: [{route: [{destination: {host: web, port: {number: 80}}}]}]\n';
    const text = await cliWithStdin(broken, 'analyze', '-f', fx.twoGateways, '-f', '-');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`when analyzing \\d+ objects from ${fx.twoGateways}, <stdin>\\.\\n$`));
    const json = await cliWithStdin(broken, 'analyze', '-f', `${fx.twoGateways},-`, '-o', 'json');
    expect(JSON.parse(json.stdout)).toContainEqual(expect.objectContaining({ code: 'IST0101', origin: 'VirtualService cart.default', reference: '<stdin>' }));
  });

  test('standard input is read only when -f names it, and only once', async () => {
    expect(await cliWithStdin('ignored', 'routes', '-f', fx.article)).toMatchObject({ code: 0, stdinReads: 0 });
    for (const argv of [['-f', '-', '-f', '-'], ['-f', '-,-'], ['-f', `-,${fx.article},-`]]) {
      const result = await cliWithStdin(routes, 'routes', ...argv);
      expectUsageError(result, /^cdk8s-istio-gateway: option '-f, --filename' names '-' \(standard input\) more than once; it can be read only once$/);
      expect(result.stdinReads).toBe(0);
    }
  });

  test('errors in standard input name <stdin> as the file', async () => {
    expectUsageError(await cliWithStdin('apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n', 'routes', '-f', fx.article, '-f', '-'),
      /^cdk8s-istio-gateway: <stdin>: YAML syntax error at line \d+, column \d+: /);
    expectUsageError(await cliWithStdin('apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: b}\n', 'analyze', '-f', '-'),
      /^cdk8s-istio-gateway: <stdin> \(document 2, Service default\/b\): apiVersion is missing/);
    expectUsageError(await cliWithStdin('{"kind": ', 'dump', '-f', '-'), /^cdk8s-istio-gateway: <stdin>: YAML syntax error/);
    expectUsageError(await cliWithStdin(new Error('EIO: i/o error, read\n    at stack'), 'verify', '-f', '-', '--cases', ARTICLE_CASES),
      /^cdk8s-istio-gateway: <stdin>: cannot be read \(EIO: i\/o error, read\)$/);
  });

  test('empty standard input adds no object, with a warning', async () => {
    const warning = 'cdk8s-istio-gateway: warning: <stdin>: holds no objects (it is empty, or only comments and document separators)\n';
    const result = await cliWithStdin('', 'analyze', '-f', '-');
    expect(result).toMatchObject({ code: 0, stdout: '\u2714 No validation issues found when analyzing 0 objects from <stdin>.\n', stderr: warning });
    const route = await cliWithStdin('', 'route', '-f', '-', '--port', '80');
    expect(route).toMatchObject({ code: 2, stdout: '' });
    expect(route.stderr.startsWith(warning)).toBe(true);
    expectOneLine(route.stderr.slice(warning.length), /^cdk8s-istio-gateway: the manifests hold no gateway workload/);
  });
});

describe('odd standard input', () => {
  test('bytes that are not text are a one-line error naming <stdin>', async () => {
    const { Readable } = await import('stream');
    const { readStream } = await import('../../src/cli/common');
    await expect(readStream(Readable.from([Buffer.from([0x61, 0x00, 0x62])]))).rejects.toThrow(/^<stdin>: is not a text file \(it contains NUL bytes\)/);
  });
});
