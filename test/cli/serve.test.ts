/**
 * `serve`: the gateway of the manifests on this machine, until stopped. Each run is in-process and stopped through
 * the io's abort signal, as SIGINT stops it from a shell.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { cli, createFixtures, expectUsageError, Fixtures, REPO_ROOT } from './cli-fixtures';
import { run } from '../../src/cli/run';
import { echoBackend, LocalServer, request } from '../proxy/support';

let fixtures: Fixtures;
let counter: LocalServer;

beforeAll(async () => {
  fixtures = createFixtures();
  counter = await echoBackend('counter');
});

afterAll(async () => {
  fixtures.remove();
  await counter.close();
});

/** A `serve` run in progress: its output so far, a promise of the line `ready`, and how to stop it. */
interface ServeRun {
  stdout: string;
  stderr: string;
  readonly ready: Promise<void>;
  stop(): Promise<number>;
}

function serve(...argv: string[]): ServeRun {
  const controller = new AbortController();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const state: ServeRun = {
    stdout: '',
    stderr: '',
    ready,
    stop: async () => {
      controller.abort();
      return exit;
    },
  };
  const exit = run(['serve', ...argv], {
    stdout: (s) => {
      state.stdout += s;
      if (state.stdout.endsWith('ready\n')) {
        markReady();
      }
    },
    stderr: (s) => {
      state.stderr += s;
    },
    stop: controller.signal,
  }).finally(() => markReady());
  return state;
}

/** The local port `serve` printed for a gateway port. */
function localPort(stdout: string, gatewayPort: number): number {
  const line = stdout.split('\n').find((l) => l.startsWith(`listening ${gatewayPort} `));
  return Number(/:(\d+)$/.exec(line ?? '')?.[1]);
}

test('prints one line per listener (gateway port, protocol, local address), the admin address, then ready; serves; stops cleanly', async () => {
  const running = serve('-f', fixtures.article, '--upstream', `counter.default:80=${counter.address}`, '--seed', '7');
  await running.ready;
  expect(running.stdout).toMatch(/^listening 80 HTTP on 127\.0\.0\.1:\d+\nlistening 443 HTTPS on 127\.0\.0\.1:\d+\nlistening 3306 TCP on 127\.0\.0\.1:\d+\nadmin on 127\.0\.0\.1:\d+\nready\n$/);
  const reply = await request(localPort(running.stdout, 80), { host: 'counter.lab.example.com', path: '/hello', headers: { 'user-agent': 'test-agent' } });
  expect(reply.status).toBe(200);
  expect(await running.stop()).toBe(0);
  // The MySQL destination has no upstream: one warning says so; then the access log line of the request.
  expect(running.stderr).toMatch(/^cdk8s-istio-gateway: warning: no upstream for outbound\|3306\|\|mysql\.default\.svc\.cluster\.local: /);
  expect(running.stderr).toMatch(/\n\[\d{4}-\d\d-\d\dT[\d:.]+Z\] "GET \/hello HTTP\/1\.1" 200 - 0 \d+ \d+ \d+ "127\.0\.0\.1" "test-agent" "[0-9a-f-]{36}" "counter\.lab\.example\.com" "127\.0\.0\.1:\d+"\n$/);
});

test('--port and --port-offset choose the local ports', async () => {
  const base = 20000 + Math.floor(Math.random() * 20000);
  const running = serve('-f', fixtures.article, '--upstream', `counter:80=${counter.port}`, '--port', `80=${base}`, '--port-offset', String(base - 400),
    '--no-access-log');
  await running.ready;
  expect(localPort(running.stdout, 80)).toBe(base);
  expect(localPort(running.stdout, 443)).toBe(base + 43);
  expect(localPort(running.stdout, 3306)).toBe(base - 400 + 3306);
  const reply = await request(base, { host: 'counter.lab.example.com' });
  expect(reply.status).toBe(200);
  expect(await running.stop()).toBe(0);
  expect(running.stderr).not.toMatch(/"GET/);
});

test('a local port in use is a one-line error naming the gateway port', async () => {
  const first = serve('-f', fixtures.article, '--upstream', `counter:80=${counter.port}`, '--no-access-log');
  await first.ready;
  const taken = localPort(first.stdout, 80);
  const second = await cli('serve', '-f', fixtures.article, '--port', `80=${taken}`);
  expectUsageError(second, new RegExp(`^cdk8s-istio-gateway: gateway port 80: cannot listen on 127\\.0\\.0\\.1:${taken} \\(EADDRINUSE\\); choose another local port`));
  expect(await first.stop()).toBe(0);
});

test.each([
  [['--upstream', 'counter:80'], /--upstream 'counter:80' is not HOST:PORT=ADDRESS:PORT/],
  [['--upstream', 'counter:80=nowhere'], /--upstream 'counter:80': the local address 'nowhere' is not ADDRESS:PORT/],
  [['--upstream', 'bad host:80=8080'], /--upstream 'bad host:80': write the destination as HOST:PORT/],
  [['--port', '80'], /--port '80' is not GATEWAY_PORT=LOCAL_PORT/],
  [['--admin-port', '70000'], /--admin-port '70000' is not a port/],
])('bad flags %j are one-line usage errors', async (flags, pattern) => {
  expectUsageError(await cli('serve', '-f', fixtures.article, ...flags), pattern);
});

test.each(['SIGTERM', 'SIGINT'] as const)('the executable serves until %s, then closes and exits 0', async (signal) => {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'src', 'cli', 'main.ts'),
    'serve', '-f', fixtures.article, '--upstream', `counter:80=${counter.address}`, '--no-access-log'], {
    cwd: REPO_ROOT, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.endsWith('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready`)));
  });
  const reply = await request(localPort(stdout, 80), { host: 'counter.lab.example.com' });
  expect(reply.status).toBe(200);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  expect(await exited).toBe(0);
}, 60_000);
