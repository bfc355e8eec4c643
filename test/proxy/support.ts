/**
 * What the gateway tests share: local stand-ins for the cluster's services (an HTTP server that echoes what it
 * received, a TCP server that speaks first like MySQL), requests over real sockets, and the examples' manifests.
 */
import * as http from 'http';
import * as net from 'net';
import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';

/** What the echo backend saw of a request. */
export interface Echoed {
  readonly backend: string;
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A local server that stops with `close()`. */
export interface LocalServer {
  readonly server: net.Server;
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1, an ephemeral port; `close()` destroys its connections. */
export function listen(server: http.Server | net.Server): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        server,
        port,
        address: `127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

/** An HTTP backend named `name` that answers 200 with a JSON echo of the request (or `handler`'s answer). */
export function echoBackend(
  name: string, handler?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean,
): Promise<LocalServer> {
  return listen(http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (handler?.(req, res, body)) {
        return;
      }
      const echoed: Echoed = { backend: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
      res.end(JSON.stringify(echoed));
    });
  }));
}

/** A TCP backend that greets first (as a MySQL server does), then echoes what it receives, upper-cased. */
export function greetingTcpBackend(greeting: string): Promise<LocalServer> {
  return listen(net.createServer((socket) => {
    socket.write(greeting);
    socket.on('data', (d: Buffer) => socket.write(d.toString('utf8').toUpperCase()));
    socket.on('error', () => socket.destroy());
  }));
}

/** A response read whole. */
export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** What {@link request} sends. */
export interface RequestOptions {
  readonly host?: string;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: http.OutgoingHttpHeaders;
  readonly body?: string;
}

/** Sends one HTTP/1.1 request to 127.0.0.1:port (no keep-alive pool) and reads the whole response. */
export function request(port: number, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: options.method ?? 'GET',
      path: options.path ?? '/',
      agent: false,
      headers: { ...(options.host === undefined ? {} : { host: options.host }), ...options.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The manifests of an example, as plain objects. */
export function exampleManifests(name: string): unknown[] {
  const app = new App({ outdir: '/tmp' });
  EXAMPLES[name](app);
  return app.charts.flatMap((c) => c.toJson());
}
