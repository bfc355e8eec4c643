import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { nginxConfig, startNginx } from '../../bench/nginx';
import { BenchProcesses } from '../../bench/processes';

const hasNginx = spawnSync('nginx', ['-v']).error === undefined;

function get(port: number, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', agent: false, headers: host === undefined ? {} : { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the proxy benchmark\'s servers', () => {
  test('nginx passes to the upstream through a keep-alive pool, HTTP/1.1 with an empty Connection header', () => {
    const conf = nginxConfig('/tmp/x', 8080, 9000);
    expect(conf).toContain('listen 127.0.0.1:8080;');
    expect(conf).toMatch(/upstream backend \{\n\s+server 127\.0\.0\.1:9000;\n\s+keepalive 64;/);
    expect(conf).toMatch(/proxy_pass http:\/\/backend;\n\s+proxy_http_version 1\.1;\n\s+proxy_set_header Connection "";/);
    expect(conf).toContain('worker_processes 1;');
    expect(conf).toContain('access_log off;');
  });

  (hasNginx ? test : test.skip)('the backend answers through nginx as directly, and stopping leaves no process behind', async () => {
    const processes = new BenchProcesses();
    let dir: string | undefined;
    try {
      const backend = await processes.startScript<{ port: number }>('proxy-backend.ts', []);
      const nginx = await startNginx(processes, backend.ready.port);
      dir = nginx.dir;
      const direct = await get(backend.ready.port);
      expect(direct.status).toBe(200);
      expect(await get(nginx.port)).toEqual(direct);
      const nginxPid = Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8'));
      const workers = spawnSync('ps', ['-o', 'pid=', '--ppid', String(nginxPid)], { encoding: 'utf8' }).stdout.trim().split(/\s+/).map(Number);
      expect(workers).toHaveLength(1);
      await processes.stopAll();
      expect([backend.child.pid!, nginxPid, ...workers].filter(alive)).toEqual([]);
    } finally {
      await processes.stopAll();
      if (dir !== undefined) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 60_000);

  test('the gateway process serves the article host from the backend, other hosts get 404, and it stops on SIGTERM', async () => {
    const processes = new BenchProcesses();
    try {
      const backend = await processes.startScript<{ port: number }>('proxy-backend.ts', []);
      const gateway = await processes.startScript<{ port: number }>('proxy-gateway.ts', [`127.0.0.1:${backend.ready.port}`]);
      const direct = await get(backend.ready.port);
      expect(await get(gateway.ready.port, 'counter.lab.example.com')).toEqual(direct);
      expect((await get(gateway.ready.port, 'other.example.com')).status).toBe(404);
      await processes.stopAll();
      expect(gateway.child.exitCode).toBe(0);
      expect(backend.child.exitCode).toBe(0);
    } finally {
      await processes.stopAll();
    }
  }, 60_000);
});
