/**
 * The gateway of the proxy benchmark, run in a process of its own (bench/proxy.ts starts it): `startGateway` on the
 * article example, where counter:80 (the Service the route to counter.lab.example.com names) is served by the
 * upstream given as the first argument (`ADDRESS:PORT`). It prints `{"port": N}`, the local port of gateway port 80,
 * once it listens, and closes the gateway and exits on SIGTERM (so that `node --cpu-prof` writes its profile).
 */
import * as os from 'os';
import { App } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { startGateway } from '../src/proxy-entry';

async function serve(upstream: string): Promise<void> {
  const app = new App({ outdir: os.tmpdir() });
  EXAMPLES['article-gateway'](app);
  const gateway = await startGateway(app, { upstreams: { 'counter:80': upstream } });
  process.on('SIGTERM', () => {
    void gateway.close().then(() => process.exit(0));
  });
  console.log(JSON.stringify({ port: gateway.port(80) }));
}

const upstream = process.argv[2];
if (upstream === undefined) {
  console.error('usage: proxy-gateway.ts ADDRESS:PORT (the counter Service\'s stand-in)');
  process.exit(2);
}
serve(upstream).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
