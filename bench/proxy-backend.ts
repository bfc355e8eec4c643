/**
 * The backend of the proxy benchmark, run in a process of its own (`bench/proxy.ts` starts it): a Node HTTP server on
 * a free port of 127.0.0.1 that answers every request with the same short body. It prints `{"port": N}` once it
 * listens, and stops on SIGTERM.
 */
import * as http from 'http';
import * as net from 'net';

/** The body of every response. */
const BODY = 'hello from the backend\n';

const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(BODY) });
  response.end(BODY);
});

server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as net.AddressInfo).port }));
});

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
