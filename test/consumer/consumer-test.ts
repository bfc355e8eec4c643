/**
 * The consumer test: the package as its users get it. Packs the library as `npm publish` would, lays out fresh apps
 * exactly as the cdk8s `typescript-app` template does (its package.json, tsconfig.json, jest.config.js, cdk8s.yaml,
 * with today's cdk8s-plus-33 and with cdk8s-plus-28), installs the tarball into them from the npm cache, and then
 * runs what a user runs: `tsc` under the template's tsconfig (node10 resolution, no skipLibCheck) and under node16
 * and bundler resolution, the real `cdk8s synth` with the validation plugin on a clean app and on one with a mistake,
 * the app's own jest test with the matchers, and the CLI through `npx` on the app's `dist/`. Then the Pulumi example
 * (examples/pulumi/) in a fresh directory of its own, with the tarball and its own package.json's dependencies:
 * `tsc` under its tsconfig and under node16 and bundler resolution, and the example run under Pulumi's unit-test mocks.
 *
 * Run with `npx projen test:consumer`; exits 1 on the first failed check, printing what the command said.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
const FIXTURES = path.join(__dirname, 'app');
const APP_NAME = 'consumer-app';
const PULUMI_EXAMPLE = path.join(ROOT, 'examples', 'pulumi');
/** The files of the Pulumi example, copied as they are into its fresh directory. */
const PULUMI_EXAMPLE_FILES = ['Pulumi.yaml', 'index.ts', 'article-ingress.ts', 'package.json', 'tsconfig.json'];

/** One fresh app: which cdk8s-plus it depends on, and whether the CLI checks run in it too. */
interface Variant {
  readonly plus: 'cdk8s-plus-33' | 'cdk8s-plus-28';
  readonly cli: boolean;
}

const VARIANTS: readonly Variant[] = [
  { plus: 'cdk8s-plus-33', cli: true },
  { plus: 'cdk8s-plus-28', cli: false },
];

/** Files the tarball must ship, and prefixes it must not. */
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'API.md', 'lib/index.js', 'lib/index.d.ts',
  'lib/verify/jest.js', 'lib/verify/jest.d.ts', 'lib/plugin/validation-plugin.js',
  'lib/cli/bin.js', 'lib/cli/bundle.js', 'lib/cli/bundle.js.LICENSES.txt',
  'lib/engine-entry.js', 'lib/engine-entry.d.ts', 'lib/analyze-entry.js', 'lib/analyze-entry.d.ts', 'lib/proxy-entry.js', 'lib/proxy-entry.d.ts',
  'crd-validators/index.js', 'crd-validators/index.d.ts', 'crd-validators/gateway.js',
  'crds/istio-networking.yaml', 'crds/cert-manager-certificate.yaml'];
const FORBIDDEN_PREFIXES = ['src/', 'test/', '.ci/', 'bench/', 'scripts/', 'examples/', 'projenrc/', '.projen/',
  'node_modules/', 'dist/', 'coverage/', 'tsconfig'];

/** The result of a command that ran to its end. */
interface Ran {
  readonly status: number | null;
  readonly output: string;
}

/** A user's environment: this script's own ts-node and npm-script settings left out. */
const USER_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env)
  .filter(([name]) => !name.startsWith('TS_NODE_') && !name.startsWith('npm_') && name !== 'INIT_CWD'));

let failures = 0;

/** Runs a command in `cwd` and returns its exit status and its output (stdout then stderr). */
function run(cwd: string, command: string, args: readonly string[]): Ran {
  const result = spawnSync(command, args, {
    cwd, encoding: 'utf8', env: USER_ENV, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/** Records one check: prints `ok` or `FAIL` with the command's output. */
function check(label: string, passed: boolean, ran?: Ran, why = ''): void {
  if (passed) {
    console.log(`  ok    ${label}`);
    return;
  }
  failures += 1;
  console.log(`  FAIL  ${label}${why ? `: ${why}` : ''}`);
  if (ran) {
    console.log(ran.output.split('\n').slice(-60).map((l) => `        | ${l}`).join('\n'));
  }
}

/** Runs a command that must exit 0 and, when given, print every string of `expected`. */
function expectSuccess(label: string, cwd: string, command: string, args: readonly string[], expected: readonly string[] = []): Ran {
  const ran = run(cwd, command, args);
  const missing = expected.filter((e) => !ran.output.includes(e));
  check(label, ran.status === 0 && missing.length === 0, ran,
    ran.status !== 0 ? `exit status ${ran.status}` : missing.length > 0 ? `output lacks ${JSON.stringify(missing)}` : '');
  return ran;
}

/** Packs the library into `dir` (its `prepack` builds lib/) and checks what the tarball holds. */
function pack(dir: string): string {
  const ran = run(ROOT, 'npm', ['pack', '--json', '--pack-destination', dir]);
  const jsonStart = ran.output.indexOf('[');
  check('npm pack builds the package', ran.status === 0 && jsonStart >= 0, ran);
  if (ran.status !== 0 || jsonStart < 0) {
    finish();
  }
  const [info] = JSON.parse(ran.output.slice(jsonStart, ran.output.lastIndexOf(']') + 1)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = info.files.map((f) => f.path);
  const missing = REQUIRED_FILES.filter((f) => !files.includes(f));
  check('the tarball ships lib/, declarations, README, LICENSE, API.md and the CRDs', missing.length === 0, undefined, `missing ${missing.join(', ')}`);
  const extra = files.filter((f) => FORBIDDEN_PREFIXES.some((p) => f.startsWith(p)) || f.endsWith('.test.js') || f.endsWith('.ts') && !f.endsWith('.d.ts'));
  check('the tarball ships no sources, tests, CI, benchmarks, scripts or examples', extra.length === 0, undefined, `ships ${extra.slice(0, 10).join(', ')}`);
  return path.join(dir, info.filename);
}

/** The version of a package installed in this repository's node_modules. */
function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Fills the template's `{{ name }}` placeholders; an unknown one is an error, so a template change is noticed. */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([$\w]+)\s*\}\}/g, (_, key: string) => {
    if (!(key in values)) {
      throw new Error(`the cdk8s typescript-app template has a placeholder {{ ${key} }} this test does not know`);
    }
    return values[key];
  });
}

/** Lays out a fresh app as `cdk8s init typescript-app` does, depending on `variant.plus` and on the tarball. */
function layOutApp(dir: string, variant: Variant, tarball: string): void {
  const values: Record<string, string> = {
    $base: APP_NAME,
    cdk8s_core_version: installedVersion('cdk8s'),
    cdk8s_plus_version: installedVersion(variant.plus),
    constructs_version: installedVersion('constructs'),
    cdk8s_cli_spec: `^${installedVersion('cdk8s-cli')}`,
  };
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['package.json', 'tsconfig.json', 'jest.config.js', 'cdk8s.yaml', '{{}}.gitignore']) {
    fs.writeFileSync(path.join(dir, name.replace('{{}}', '')), fill(fs.readFileSync(path.join(TEMPLATE, name), 'utf8'), values));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const templatePlus = Object.keys(manifest.dependencies).find((d) => d.startsWith('cdk8s-plus-'));
  if (templatePlus === undefined) {
    throw new Error('the cdk8s typescript-app template no longer depends on a cdk8s-plus package');
  }
  delete manifest.dependencies[templatePlus];
  manifest.dependencies[variant.plus] = `^${values.cdk8s_plus_version}`;
  manifest.dependencies['cdk8s-istio-gateway'] = `file:${tarball}`;
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // The user's code: the README's example as main.ts, a mistake, a jest test and traffic cases.
  for (const name of fs.readdirSync(FIXTURES)) {
    const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8').replace(/cdk8s-plus-33/g, variant.plus);
    fs.writeFileSync(path.join(dir, name), text);
  }
  // The plugin, as the README configures it.
  fs.appendFileSync(path.join(dir, 'cdk8s.yaml'), [
    'validations:',
    '  - package: ./node_modules/cdk8s-istio-gateway/lib/plugin/validation-plugin.js',
    '    version: 1.0.0',
    '    class: IstioGatewayValidation',
    '',
  ].join('\n'));
  writeResolutionVariants(dir);
}

/** The same code under the other module resolutions a user may choose: `tsconfig.node16.json`, `tsconfig.bundler.json`. */
function writeResolutionVariants(dir: string): void {
  for (const [file, moduleKind, resolution] of [['tsconfig.node16.json', 'node16', 'node16'], ['tsconfig.bundler.json', 'esnext', 'bundler']]) {
    const config = { extends: './tsconfig.json', compilerOptions: { module: moduleKind, moduleResolution: resolution } };
    fs.writeFileSync(path.join(dir, file), JSON.stringify(config, null, 2));
  }
}

/** `tsc` under node16 and bundler resolution, in a directory {@link writeResolutionVariants} prepared. */
function checkResolutionVariants(dir: string): void {
  expectSuccess('tsc under node16 resolution', dir, 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node16.json']);
  expectSuccess('tsc under bundler resolution', dir, 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.bundler.json']);
}

/** `npm install` in `dir` (`what` and the tarball, from the npm cache); true when it succeeded. */
function npmInstall(dir: string, what: string): boolean {
  return expectSuccess(`npm install (${what} and the tarball, from the npm cache)`, dir, 'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']).status === 0;
}

/** Every check in one fresh app. */
function testApp(work: string, variant: Variant, tarball: string): void {
  const dir = path.join(work, variant.plus);
  console.log(`\n${variant.plus} app in ${dir}`);
  layOutApp(dir, variant, tarball);
  if (!npmInstall(dir, 'the template\'s dependencies')) {
    return;
  }
  expectSuccess('tsc under the template tsconfig (node10 resolution, strict, no skipLibCheck)', dir, 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  checkResolutionVariants(dir);

  const clean = expectSuccess('cdk8s synth with the validation plugin passes on the clean app', dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade'],
    ['Validations ended succesfully']);
  check('the clean app (the README\'s example) synthesizes without a warning', !clean.output.includes('cdk8s-istio-gateway: Warning'), clean);
  expectSuccess('cdk8s synth of an app with risky settings writes it and prints a warning for each, naming the construct', dir, 'npx',
    ['cdk8s', 'synth', '--no-check-upgrade', '--app', 'npx ts-node warned.ts', '--output', 'dist-warned'], [
      'cdk8s-istio-gateway: Warning [ingress/default-gateway] namespace: the gateway serves credentialName certificates',
      'cdk8s-istio-gateway: Warning [ingress/default-gateway/https] hosts: not given, so the server accepts any host',
    ]);
  const written = fs.existsSync(path.join(dir, 'dist')) ? fs.readdirSync(path.join(dir, 'dist')).sort() : [];
  check('cdk8s synth wrote the charts', written.includes('ingress.k8s.yaml') && written.includes('apps.k8s.yaml'), undefined, `dist/ holds ${written.join(', ')}`);

  const mistake = run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade', '--app', 'npx ts-node mistake.ts', '--output', 'dist-mistake']);
  check('cdk8s synth of a plain cdk8s app fails in the validation plugin on a missing Gateway, naming the code and the construct',
    mistake.status === 2 && mistake.output.includes('IST0101 ReferencedResourceNotFound') && mistake.output.includes('Construct Path: apps/shop')
      && mistake.output.includes('istio-system/default-gatway'), mistake, `exit status ${mistake.status}`);
  const constructMistake = run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade', '--app', 'npx ts-node construct-mistake.ts', '--output', 'dist-mistake']);
  check('cdk8s synth fails at the constructs\' own check on the same mistake made with an HttpRoute',
    constructMistake.status === 1 && constructMistake.output.includes('[apps/shop] IST0101 ReferencedResourceNotFound (VirtualService default/shop)')
      && constructMistake.output.includes('istio-system/default-gatway'), constructMistake, `exit status ${constructMistake.status}`);

  expectSuccess('the app\'s jest tests: the matchers, and real HTTP through withGateway', dir, 'npx', ['jest', '--ci'], ['2 passed']);

  if (!variant.cli) {
    return;
  }
  const cli = ['cdk8s-istio-gateway'];
  expectSuccess('npx cdk8s-istio-gateway routes -f dist/', dir, 'npx', [...cli, 'routes', '-f', 'dist/'], ['counter.lab.example.com', 'counter.default #0', 'mysql.default #0']);
  expectSuccess('npx cdk8s-istio-gateway route -f dist', dir, 'npx',
    [...cli, 'route', '-f', 'dist', '--port', '80', '--host', 'counter.lab.example.com', '--path', '/api'], ['counter']);
  expectSuccess('npx cdk8s-istio-gateway verify -f dist --cases cases.yaml', dir, 'npx', [...cli, 'verify', '-f', 'dist', '--cases', 'cases.yaml'], ['4 passed']);
  expectSuccess('npx cdk8s-istio-gateway analyze -f dist (the command the plugin suggests)', dir, 'npx', [...cli, 'analyze', '-f', 'dist'],
    ['No validation issues found']);
  expectSuccess('cdk8s-istio-gateway serve -f dist/ answers a request, logs it, and exits 0 on SIGINT', dir, 'node', ['serve-check.js'],
    ['serve answered 200: counter saw /hits', 'serve exited 0', 'access log line written']);
  const dump = expectSuccess('npx cdk8s-istio-gateway dump -f dist', dir, 'npx', [...cli, 'dump', '-f', 'dist']);
  let parsed = false;
  try {
    parsed = JSON.stringify(JSON.parse(dump.output)).includes('counter.lab.example.com');
  } catch {
    parsed = false;
  }
  check('dump prints the config as JSON', parsed, dump);
}

/** The dependencies a package.json declares, development ones included. */
interface Manifest {
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * The Pulumi example in a fresh directory: its own package.json with the tarball in place of the library, installed
 * as the apps are; `tsc` under its own tsconfig (strict) and the other resolutions; and the example under Pulumi's
 * mocks (no Pulumi CLI needed).
 */
function testPulumiExample(work: string, tarball: string): void {
  const dir = path.join(work, 'pulumi');
  console.log(`\nPulumi example in ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of PULUMI_EXAMPLE_FILES) {
    fs.copyFileSync(path.join(PULUMI_EXAMPLE, name), path.join(dir, name));
  }
  fs.copyFileSync(path.join(__dirname, 'pulumi', 'mock-check.js'), path.join(dir, 'mock-check.js'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  // The example declares the versions this repository develops and tests with.
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const declared = { ...manifest.dependencies, ...manifest.devDependencies };
  const drifted = Object.entries(declared).filter(([name, spec]) => name !== 'cdk8s-istio-gateway' && own.devDependencies?.[name] !== spec);
  check('the example\'s package.json asks for the versions the repository develops with', drifted.length === 0, undefined,
    drifted.map(([name, spec]) => `${name}@${spec} (the repository has ${own.devDependencies?.[name] ?? 'none'})`).join(', '));
  manifest.dependencies['cdk8s-istio-gateway'] = `file:${tarball}`;
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeResolutionVariants(dir);

  if (!npmInstall(dir, 'the example\'s dependencies')) {
    return;
  }
  expectSuccess('tsc --noEmit -p . (the example\'s tsconfig: strict, commonjs)', dir, 'npx', ['tsc', '--noEmit', '-p', '.']);
  checkResolutionVariants(dir);
  expectSuccess('the example under Pulumi\'s mocks registers the gateway\'s typed resources and routes', dir, 'node', ['mock-check.js'], [
    'kubernetes:apps/v1:Deployment', 'kubernetes:networking.istio.io/v1:Gateway', 'kubernetes:networking.istio.io/v1:VirtualService',
    'nodePorts: {"http2":30080,"https":30443,"mysql":30306}', 'route: route to counter.default.svc.cluster.local:80',
  ]);
}

/** Prints the summary and exits. */
function finish(): never {
  console.log(failures === 0 ? '\nconsumer test passed' : `\nconsumer test: ${failures} check${failures === 1 ? '' : 's'} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-consumer-'));
try {
  const tarball = pack(work);
  for (const variant of VARIANTS) {
    testApp(work, variant, tarball);
  }
  testPulumiExample(work, tarball);
} finally {
  if (failures === 0) {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
finish();
