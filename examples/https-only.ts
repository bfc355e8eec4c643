/**
 * An HTTPS-only host: plain HTTP on 80 answers every request with a redirect to https, and 443
 * terminates TLS with a certificate issued by cert-manager into the gateway's namespace.
 *
 * The gateway lives in a namespace of its own, istio-ingress, as Istio's install guides recommend: serving a
 * credentialName certificate lets its ServiceAccount list the Secrets of its namespace, which in istio-system would
 * include istiod's CA key.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Certificate, Destination, HttpAction, HttpRoute, IngressGateway, PathMatch, Protocol } from 'cdk8s-istio-gateway';

/** Adds the HTTPS-only gateway and routes to `app`. */
export function httpsOnly(app: App): void {
  const ingress = new Chart(app, 'https-only-ingress', { namespace: 'istio-ingress' });
  const gateway = new IngressGateway(ingress, 'secure-gateway');
  const certificate = new Certificate(ingress, 'secure-cert', {
    dnsNames: ['secure.example.com'],
    issuer: { kind: 'ClusterIssuer', name: 'letsencrypt' },
    duration: Duration.days(90),
    renewBefore: Duration.days(30),
  });
  gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['secure.example.com'], tls: { httpsRedirect: true } });
  const https = gateway.addListener('https', { port: 443, protocol: Protocol.HTTPS, hosts: ['secure.example.com'], tls: { certificate } });

  const apps = new Chart(app, 'https-only-apps', { namespace: 'web' });
  const web = new kplus.Service(apps, 'secure-web', { metadata: { name: 'secure-web' }, ports: [{ port: 8080, name: 'http' }] });
  web.selectLabel('app', 'secure-web');
  new HttpRoute(apps, 'secure', {
    listeners: [https],
    hosts: ['secure.example.com'],
    rules: [{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.service(web, 8080)]) }],
  });
}

if (require.main === module) {
  const app = new App();
  httpsOnly(app);
  app.synth();
}
