/**
 * nginx as the reference proxy of the proxy benchmark: one worker, `proxy_pass` to an upstream with a pool of
 * keep-alive connections (`keepalive 64`, HTTP/1.1 and an empty Connection header towards the upstream, as nginx's
 * documentation of `keepalive` asks), access log off. It runs from a temporary directory of its own (configuration,
 * pid file, logs, temporary files), in the foreground, on a free port of 127.0.0.1.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchProcesses, freePort, waitForPort } from './processes';

/** An nginx the benchmark started. */
export interface StartedNginx {
  /** The port of 127.0.0.1 it listens on. */
  readonly port: number;
  /** Its directory (configuration, logs); remove it once nginx has stopped. */
  readonly dir: string;
}

/** The nginx.conf of the benchmark: listen on 127.0.0.1:`port`, pass every request to 127.0.0.1:`upstreamPort`. */
export function nginxConfig(dir: string, port: number, upstreamPort: number): string {
  return [
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    // Debian's nginx is built with temporary directories under /var/lib/nginx: keep everything in `dir`.
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind}_temp;`),
    '  upstream backend {',
    `    server 127.0.0.1:${upstreamPort};`,
    '    keepalive 64;',
    '  }',
    '  server {',
    `    listen 127.0.0.1:${port};`,
    '    location / {',
    '      proxy_pass http://backend;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Starts nginx in front of 127.0.0.1:`upstreamPort`; resolves once it accepts connections. */
export async function startNginx(processes: BenchProcesses, upstreamPort: number): Promise<StartedNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, upstreamPort));
  // -e: the error log before the configuration is read (else the one nginx was built with, under /var/log).
  const child = processes.spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;']);
  try {
    await waitForPort(port, child);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    throw new Error(`nginx did not start: ${(error as Error).message}${log ? `\n${log}` : ''}`);
  }
  return { port, dir };
}
