/**
 * Entry points load only what they use (DESIGN.md): `/engine` and `/analyze` load no cdk8s, cdk8s-plus, constructs or
 * construct module; the main entry loads no networking code; the command line loads, for a command, only what that
 * command uses. Each check runs in a fresh node process (from src/, through ts-node) and reads its module cache.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gatewayWorkload, publicGateway } from './analyze/support';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};

/** What a child process loaded: module files (relative to the repository) and the networking modules it asked for. */
interface Loaded {
  /** Files that entered the module cache, relative to the repository root. */
  readonly files: string[];
  /** Node's own modules that were loaded, by name (`net`, `http`, ...). */
  readonly builtins: string[];
  /** `name <- file` for every `require` of a networking module by a module file. */
  readonly networkRequires: string[];
}

const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns'];

/**
 * Runs in the child: notes the cache, requires the module named by argv[1] (or runs the CLI with the arguments after
 * it), and prints what entered the cache, which of Node's modules were loaded, and who asked for a networking module.
 */
const CHILD = `
const Module = require('module');
const network = new Set(${JSON.stringify(NETWORK_MODULES)});
const networkRequires = [];
const original = Module.prototype.require;
Module.prototype.require = function (id) {
  if (network.has(String(id).replace(/^node:/, ''))) networkRequires.push(id + ' <- ' + this.filename);
  return original.apply(this, arguments);
};
const files = new Set(Object.keys(require.cache));
const builtins = new Set(process.moduleLoadList);
const report = () => {
  const loaded = {
    files: Object.keys(require.cache).filter((f) => !files.has(f)),
    builtins: process.moduleLoadList.filter((m) => !builtins.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13)),
    networkRequires,
  };
  require('fs').writeSync(3, JSON.stringify(loaded));
};
const [target, ...cli] = process.argv.slice(1);
const loaded = require(target);
if (cli.length === 0) {
  report();
} else {
  const io = { stdout: () => undefined, stderr: (s) => process.stderr.write(s) };
  loaded.run(cli, io).then((code) => { process.exitCode = code; report(); });
}
`;

/** Runs CHILD on `target` (a file under src/) with `args`, and returns what it loaded; `exitCodes` are those allowed. */
function loadedBy(target: string, args: string[] = [], exitCodes = [0]): Loaded {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', CHILD, path.join(root, target), ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  expect(child.stderr).toBe('');
  expect(exitCodes).toContain(child.status);
  const loaded = JSON.parse(String(child.output[3])) as Loaded;
  return { ...loaded, files: loaded.files.map((f) => path.relative(root, f).split(path.sep).join('/')) };
}

/** The module under src/ that a sub-path export (`.`, `./engine`) names in package.json. */
function sourceOf(subPath: string): string {
  const target = manifest.exports[subPath];
  const js = typeof target === 'string' ? target : target.default;
  return js.replace(/^\.\/lib\//, 'src/').replace(/\.js$/, '.ts');
}

/** Files of cdk8s, any cdk8s-plus release, constructs, the construct modules and their generated classes. */
const CDK8S = /^node_modules\/(cdk8s|cdk8s-plus-\d+|constructs)\/|^src\/(constructs|imports)\//;

/** The analyzers, the schema validator, its generated code and ajv. */
const ANALYSIS = /^src\/(analyze|schema)\/|^crd-validators\/|^node_modules\/(ajv|ajv-formats)\//;

/** Pulumi's packages and the adapter. */
const PULUMI = /^node_modules\/@pulumi\/|^src\/pulumi\//;

describe.each(['./engine', './analyze'])('the sub-path %s', (subPath) => {
  test('loads no cdk8s, cdk8s-plus, constructs or construct module, no Pulumi, and no networking module', () => {
    const loaded = loadedBy(sourceOf(subPath));
    expect(loaded.files).toContain(sourceOf(subPath));
    expect(loaded.files.filter((f) => CDK8S.test(f))).toEqual([]);
    expect(loaded.files.filter((f) => PULUMI.test(f))).toEqual([]);
    expect(loaded.builtins.filter((m) => NETWORK_MODULES.includes(m))).toEqual([]);
    if (subPath === './engine') {
      expect(loaded.files.filter((f) => ANALYSIS.test(f))).toEqual([]);
    }
  }, 60_000);
});

test('the main entry loads no networking, proxy or Pulumi code', () => {
  const loaded = loadedBy(sourceOf('.'));
  expect(loaded.files).toContain('src/constructs/ingress-gateway.ts');
  expect(loaded.files.filter((f) => /^src\/proxy\//.test(f) || PULUMI.test(f))).toEqual([]);
  // cdk8s spawns processes (child_process, which itself loads Node's `net`); no module asks for a networking module.
  expect(loaded.networkRequires).toEqual([]);
  expect(loaded.builtins.filter((m) => ['http', 'https', 'http2', 'tls', 'dns'].includes(m))).toEqual([]);
}, 60_000);

test('the sub-path ./proxy loads the networking it serves with, but no cdk8s, no Pulumi, no analyzer, and no X.509 library until a certificate is made', () => {
  const loaded = loadedBy(sourceOf('./proxy'));
  expect(loaded.files).toEqual(expect.arrayContaining(['src/proxy/start-gateway.ts', 'src/proxy/listener-server.ts']));
  expect(loaded.networkRequires.map((r) => r.split(' <- ')[0].replace(/^node:/, ''))).toEqual(expect.arrayContaining(['net', 'http', 'http2', 'tls']));
  expect(loaded.files.filter((f) => CDK8S.test(f) || PULUMI.test(f) || ANALYSIS.test(f))).toEqual([]);
  expect(loaded.files.filter((f) => /^node_modules\/(@peculiar|reflect-metadata)\/|^src\/proxy\/test-certificates/.test(f))).toEqual([]);
}, 60_000);

test('the sub-path ./pulumi is where Pulumi loads', () => {
  const loaded = loadedBy(sourceOf('./pulumi'));
  expect(loaded.files).toEqual(expect.arrayContaining(['src/pulumi/istio-ingress.ts', 'node_modules/@pulumi/pulumi/index.js']));
}, 60_000);

describe('the command line', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entry-points-'));
    file = path.join(dir, 'gateway.yaml');
    fs.writeFileSync(file, `${gatewayWorkload('[{name: http2, port: 80, targetPort: 80}]', '[{containerPort: 80}]')}${publicGateway()}`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('route loads the generated schema code of the kinds it reads (the model stage checks them), but no analyzer, no ajv compiler and no cdk8s', () => {
    const loaded = loadedBy('src/cli/run.ts', ['route', '-f', file, '--port', '80', '--host', 'shop.example.com']);
    expect(loaded.files).toEqual(expect.arrayContaining(['src/cli/route-command.ts', 'crd-validators/gateway.js']));
    // The input holds no regex: the RE2 engine stays unloaded.
    expect(loaded.files.filter((f) => /^node_modules\/re2js\//.test(f))).toEqual([]);
    // The input holds no VirtualService or DestinationRule: their (larger) validators stay unloaded.
    expect(loaded.files.filter((f) => /^crd-validators\/(virtual-service|destination-rule)/.test(f))).toEqual([]);
    expect(loaded.files.filter((f) => /^src\/analyze\/|^node_modules\/ajv\/dist\/(core|ajv|compile)|^src\/schema\/crd-schema-compiler/.test(f))).toEqual([]);
    expect(loaded.files.filter((f) => CDK8S.test(f) || /^src\/cli\/(analyze|verify|dump|routes|serve)-command|^src\/proxy\//.test(f))).toEqual([]);
    expect(loaded.networkRequires).toEqual([]);
  }, 60_000);

  test('analyze loads the generated schema code, not ajv\'s compiler, and no other command', () => {
    // Exit code 1 when it finds an error: what it loads is the point here.
    const loaded = loadedBy('src/cli/run.ts', ['analyze', '-f', file], [0, 1]);
    expect(loaded.files).toEqual(expect.arrayContaining(['src/cli/analyze-command.ts', 'crd-validators/gateway.js']));
    expect(loaded.files.filter((f) => /^node_modules\/ajv\/dist\/(core|ajv|compile)|^src\/schema\/crd-schema-compiler/.test(f))).toEqual([]);
    expect(loaded.files.filter((f) => CDK8S.test(f) || /^src\/cli\/(route|routes|verify|dump)-command/.test(f))).toEqual([]);
  }, 60_000);
});
