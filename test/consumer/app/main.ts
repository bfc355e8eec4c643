import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Certificate, Destination, HttpAction, HttpRoute, IngressGateway, PathMatch, Protocol, TcpRoute, TlsMode } from 'cdk8s-istio-gateway';

const app = new App();

// ServiceAccount, Deployment (Istio's gateway injection), NodePort Service, and the Gateway
// `default-gateway` selecting { istio: ingressgateway } (plus a Role for credentialName Secrets),
// in a namespace of their own rather than the control plane's (see Security).
const ingress = new Chart(app, 'ingress', { namespace: 'istio-ingress' });
const gateway = new IngressGateway(ingress, 'default-gateway');

// One listener = one Service port + one Gateway server + one container port.
const http = gateway.addListener('http', { port: 80, nodePort: 30080, protocol: Protocol.HTTP, hosts: ['counter.lab.example.com'] });
const https = gateway.addListener('https', {
  port: 443,
  nodePort: 30443,
  protocol: Protocol.HTTPS,
  hosts: ['counter.lab.example.com'],
  tls: { mode: TlsMode.SIMPLE, certificate: Certificate.fromFiles() },
});
// A TCP connection names no host: this server takes any.
const mysql = gateway.addListener('mysql', { port: 3306, nodePort: 30306, protocol: Protocol.TCP, hosts: ['*'] });

// Routes live in a Chart with a namespace: short host names and gateway references resolve in it.
const apps = new Chart(app, 'apps', { namespace: 'default' });
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

app.synth();
