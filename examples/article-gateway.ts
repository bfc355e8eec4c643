/**
 * The book chapter's ingress: a load balancer forwards 80, 443 and 3306 to node ports 30080,
 * 30443 and 30306 of the gateway Service; the `default-gateway` Gateway in istio-system serves
 * HTTP on 80, HTTPS (TLS SIMPLE, certificate files mounted into the pod) on 443 and MySQL (TCP)
 * on 3306; the `counter` VirtualService routes counter.lab.example.com to the counter Service.
 *
 * It keeps the article's layout: the gateway in istio-system, and every server accepting any host (`hosts: ['*']`,
 * written out, so synth does not warn that it was left out). A gateway that mounts its certificate from files holds no
 * Secret access, so istio-system is no risk here; with a cert-manager certificate, synth would warn and the gateway
 * belongs in a namespace of its own (see examples/https-only.ts).
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Certificate, Destination, HttpAction, HttpRoute, IngressGateway, PathMatch, Protocol, TcpRoute, TlsMode } from 'cdk8s-istio-gateway';

/** Adds the article's gateway and routes to `app`. */
export function articleGateway(app: App): void {
  const ingress = new Chart(app, 'article-ingress', { namespace: 'istio-system' });
  const gateway = new IngressGateway(ingress, 'default-gateway');
  // The article's Gateway accepts any host on every server.
  const http = gateway.addListener('http', { port: 80, nodePort: 30080, protocol: Protocol.HTTP, name: 'http2', hosts: ['*'] });
  const https = gateway.addListener('https', {
    port: 443,
    nodePort: 30443,
    protocol: Protocol.HTTPS,
    name: 'https',
    hosts: ['*'],
    tls: { mode: TlsMode.SIMPLE, certificate: Certificate.fromFiles() },
  });
  const mysql = gateway.addListener('mysql', { port: 3306, nodePort: 30306, protocol: Protocol.TCP, name: 'mysql', hosts: ['*'] });

  const apps = new Chart(app, 'article-apps', { namespace: 'default' });
  const counter = new kplus.Service(apps, 'counter-service', { metadata: { name: 'counter' }, ports: [{ port: 80, name: 'http' }] });
  counter.selectLabel('app', 'counter');
  const database = new kplus.Service(apps, 'mysql-service', { metadata: { name: 'mysql' }, ports: [{ port: 3306, name: 'mysql' }] });
  database.selectLabel('app', 'mysql');
  new HttpRoute(apps, 'counter', {
    listeners: [http, https],
    hosts: ['counter.lab.example.com'],
    rules: [{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.service(counter, 80)]) }],
  });
  new TcpRoute(apps, 'mysql', { listener: mysql, destinations: [Destination.service(database, 3306)] });
}

if (require.main === module) {
  const app = new App();
  articleGateway(app);
  app.synth();
}
