/**
 * TLS passthrough: the gateway forwards encrypted connections for db.example.com by SNI to a
 * database that terminates TLS itself; the gateway never sees the plaintext.
 */
import { App, Chart } from 'cdk8s';
import { IngressGateway, Protocol, TlsMode, TlsRoute } from '../src';

/** Adds the passthrough gateway and route to `app`. */
export function tlsPassthrough(app: App): void {
  const ingress = new Chart(app, 'passthrough-ingress', { namespace: 'istio-system' });
  const gateway = new IngressGateway(ingress, 'passthrough-gateway');
  const tls = gateway.addListener('tls', {
    port: 443,
    nodePort: 30443,
    protocol: Protocol.TLS,
    hosts: ['db.example.com'],
    tls: { mode: TlsMode.PASSTHROUGH },
  });

  const data = new Chart(app, 'passthrough-data', { namespace: 'data' });
  new TlsRoute(data, 'db', { listeners: [tls], hosts: ['db.example.com'], destinations: [{ host: 'postgres', port: 5432 }] });
}

if (require.main === module) {
  const app = new App();
  tlsPassthrough(app);
  app.synth();
}
