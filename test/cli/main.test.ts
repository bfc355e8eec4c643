import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createFixtures, Fixtures, REPO_ROOT } from './cli-fixtures';

let fx: Fixtures;
beforeAll(() => {
  fx = createFixtures();
});
afterAll(() => fx.remove());

test('the executable routes a request and sets the exit code', () => {
  const node = (...args: string[]) => spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
  const ok = node('route', '-f', fx.article, '--port', '80', '--host', 'counter.lab.example.com', '--json');
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ action: 'route', destinations: [{ host: 'counter.default.svc.cluster.local', port: 80, weight: 100 }] });

  const bad = node('route', '-f', fx.article, '--port', 'abc');
  expect(bad.status).toBe(2);
  expect(bad.stdout).toBe('');
  expect(bad.stderr).toBe("cdk8s-istio-gateway: --port 'abc' is not a port number (an integer from 1 to 65535)\n");
}, 30_000);

test('the executable reads -f - from its standard input', () => {
  const text = fs.readdirSync(fx.article).sort().map((f) => fs.readFileSync(path.join(fx.article, f), 'utf8')).join('\n---\n');
  const piped = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/main.ts', 'routes', '-f', '-', '-o', 'yaml'],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000, input: text });
  expect(piped.stderr).toBe('');
  expect(piped.status).toBe(0);
  expect(piped.stdout).toMatch(/^- workload: istio-system\/istio-ingressgateway\n {2}listenerPort: 80\n/);
}, 30_000);
