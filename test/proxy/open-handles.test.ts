/**
 * A gateway leaves nothing behind once closed: jest's own open-handle detection, run on the tests that start gateways
 * with every protocol (HTTP/1.1, HTTP/2, TLS, MUTUAL, passthrough, TCP, WebSocket, the admin endpoint), reports
 * nothing.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

test('jest --detectOpenHandles finds no handle left open by the gateways of the protocol and article tests', () => {
  const root = path.join(__dirname, '..', '..');
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--detectOpenHandles', '--runInBand', '--ci', '--coverage=false',
    'test/proxy/protocols.test.ts', 'test/proxy/article-gateway.test.ts', 'test/proxy/grpc.test.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const output = `${run.stdout}${run.stderr}`;
  expect(output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
  expect(output).not.toMatch(/open handle|Jest has detected/i);
  expect(run.status).toBe(0);
}, 150_000);
