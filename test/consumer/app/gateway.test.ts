import * as http from 'http';
import { AddressInfo } from 'net';
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination, HttpAction, HttpRoute, IngressGateway, PathMatch, Protocol } from 'cdk8s-istio-gateway';
import { withGateway } from 'cdk8s-istio-gateway/proxy';

test('the gateway serves real HTTP from the chart to a local stand-in of the Service', async () => {
  const app = Testing.app();
  const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
  const listener = new IngressGateway(ingress, 'gw').addListener('http', { port: 80, protocol: Protocol.HTTP });
  const apps = new Chart(app, 'apps', { namespace: 'shop' });
  const web = new kplus.Service(apps, 'web-service', { metadata: { name: 'web' }, ports: [{ port: 8080 }] });
  new HttpRoute(apps, 'web', {
    listeners: [listener],
    hosts: ['shop.example.com'],
    rules: [{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.service(web, 8080)]) }],
  });

  const backend = http.createServer((req, res) => res.end(`web saw ${req.headers.host} ${req.url}`));
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', () => resolve()));
  const port = (backend.address() as AddressInfo).port;
  try {
    const body = await withGateway(app, { 'web.shop:8080': `127.0.0.1:${port}` }, (gw) => new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: gw.port(80), path: '/cart', headers: { host: 'shop.example.com' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => text += chunk.toString());
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      }).on('error', reject);
    }));
    expect(body).toBe('200 web saw shop.example.com /cart');
  } finally {
    backend.close();
  }
});
