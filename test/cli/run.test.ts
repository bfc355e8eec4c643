import * as fs from 'fs';
import * as path from 'path';
import { cli, createFixtures, expectUsageError, Fixtures, REPO_ROOT } from './cli-fixtures';
import { TrafficEngine } from '../../src/engine/traffic-engine';

let fx: Fixtures;
beforeAll(() => {
  fx = createFixtures();
});
afterAll(() => fx.remove());

describe('help and version', () => {
  test('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      expect(await cli(flag)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  test.each([['--help'], ['help']])('%s lists the commands', async (flag) => {
    const result = await cli(flag);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: cdk8s-istio-gateway \[options\] \[command\]/);
    for (const command of ['route', 'routes', 'verify', 'analyze', 'dump']) {
      expect(result.stdout).toMatch(new RegExp(`\\n  ${command} \\[options\\] +\\S`));
    }
    expect(result.stdout).toContain('Exit status: 0 on success, 1 when verification fails or analyze finds a problem at the --failure-threshold level, 2 on bad flags');
  });

  test.each([
    ['route', ['--requests <file>', '--port <port>', '--node-port <port>', '--host <host>', '--path <path>', '--method <method>', '--scheme <scheme>',
      '--header <name:value>', '--sni <name>', '--gateway <ns/name>', '-n, --namespace <ns>', '--json', '-o, --output <format>', '-f, --filename <path...>']],
    ['routes', ['--gateway <ns/name>', '--json', '-o, --output <format>', '-f, --filename <path...>', '-n, --namespace <ns>']],
    ['verify', ['--cases <file>', '--min-coverage <pct>', '--json', '-o, --output <format>', '-f, --filename <path...>', '-n, --namespace <ns>']],
    ['analyze', ['--json', '--fail-on <level>', '--failure-threshold <level>', '--output-threshold <level>', '-S, --suppress <CODE=RESOURCE>',
      '-o, --output <format>', '-f, --filename <path...>', '-n, --namespace <ns>']],
    ['dump', ['--gateway <ns/name>', '-o, --output <format>', '-f, --filename <path...>', '-n, --namespace <ns>']],
  ])('%s --help shows its flags and examples', async (command, flags) => {
    for (const argv of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const result = await cli(...argv);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(new RegExp(`^Usage: cdk8s-istio-gateway ${command} \\[options\\]\\n`));
      for (const flag of flags) {
        expect(result.stdout).toContain(`  ${flag}`);
      }
      expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n[^]*\\$ cdk8s-istio-gateway ${command} -f `));
      // Examples of the output flag and of reading manifests from standard input.
      expect(result.stdout).toMatch(new RegExp(`\\$ cdk8s-istio-gateway ${command} -f [^\\n]* -o (json|yaml|wide)`));
      expect(result.stdout).toMatch(new RegExp(`\\| cdk8s-istio-gateway ${command} [^\\n]*-f -( |$)`, 'm'));
    }
  });
});

describe('errors are one line on stderr with exit code 2', () => {
  test('no command', async () => {
    expectUsageError(await cli(), /^cdk8s-istio-gateway: missing command \(route, routes, verify, analyze, dump, serve\); see 'cdk8s-istio-gateway --help'$/);
  });

  test('an unknown command or top-level flag', async () => {
    expectUsageError(await cli('help', 'nope'), /^cdk8s-istio-gateway: unknown command 'nope' \(route, routes, verify, analyze, dump, serve\); see 'cdk8s-istio-gateway --help'$/);
    expectUsageError(await cli('rout', '-f', fx.article), /unknown command 'rout' \(Did you mean route\?\); see 'cdk8s-istio-gateway --help'$/);
    expectUsageError(await cli('--json'), /unknown option '--json'; see 'cdk8s-istio-gateway --help'$/);
  });

  test.each(['route', 'routes', 'verify', 'analyze', 'dump'])('%s: a missing -f path names it', async (command) => {
    const missing = path.join(fx.root, 'nope.yaml');
    const extra = command === 'route' ? ['--port', '80'] : command === 'verify' ? ['--cases', 'c.yaml'] : [];
    expectUsageError(await cli(command, '-f', missing, ...extra), new RegExp(`^cdk8s-istio-gateway: ${missing.replace(/[.]/g, '\\.')}: no such file or directory$`));
  });

  test('a YAML syntax error names the file, line and column', async () => {
    const bad = fx.write('broken/bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n');
    for (const argv of [['route', '-f', `${fx.article},${bad}`, '--port', '80'], ['routes', '-f', path.dirname(bad)], ['dump', '-f', bad]]) {
      expectUsageError(await cli(...argv), /^cdk8s-istio-gateway: \S*broken\/bad\.yaml: YAML syntax error at line \d+, column \d+: /);
    }
  });

  test('a malformed manifest names the file, the document and the object', async () => {
    const bad = fx.write('bad-object.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: 3\n');
    expectUsageError(await cli('verify', '-f', bad, '--cases', 'c.yaml'),
      /bad-object\.yaml \(document 2, Service web\): metadata\.namespace is a number, not a string; quote it/);
  });

  test('an unexpected exception is one line too, never a stack trace', async () => {
    const spy = jest.spyOn(TrafficEngine, '_fromLoaded').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'spec')\n    at compile (src/engine/compile.ts:1:1)");
    });
    try {
      expectUsageError(await cli('routes', '-f', fx.article), /^cdk8s-istio-gateway: unexpected error: Cannot read properties of undefined \(reading 'spec'\) at compile/);
    } finally {
      spy.mockRestore();
    }
  });
});
