/**
 * TLS passthrough: the gateway forwards encrypted connections for db.example.com by SNI to a
 * database that terminates TLS itself; the gateway never sees the plaintext.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination, IngressGateway, Protocol, TlsMode, TlsRoute } from 'cdk8s-istio-gateway';

/** Adds the passthrough gateway and route to `app`. */
export function tlsPassthrough(app: App): void {
  const ingress = new Chart(app, 'passthrough-ingress', { namespace: 'istio-ingress' });
  const gateway = new IngressGateway(ingress, 'passthrough-gateway');
  const tls = gateway.addListener('tls', {
    port: 443,
    nodePort: 30443,
    protocol: Protocol.TLS,
    hosts: ['db.example.com'],
    tls: { mode: TlsMode.PASSTHROUGH },
  });

  const data = new Chart(app, 'passthrough-data', { namespace: 'data' });
  const postgres = new kplus.Service(data, 'postgres', { metadata: { name: 'postgres' }, ports: [{ port: 5432, name: 'tcp-postgres' }] });
  postgres.selectLabel('app', 'postgres');
  new TlsRoute(data, 'db', { listeners: [tls], hosts: ['db.example.com'], destinations: [Destination.service(postgres, 5432)] });
}

if (require.main === module) {
  const app = new App();
  tlsPassthrough(app);
  app.synth();
}
