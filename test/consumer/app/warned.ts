// An app that works but takes risks the constructs warn about at synth: a gateway serving a Secret's certificate from
// istio-system, and a listener whose hosts were left out. `cdk8s synth` writes the charts and prints the warnings.
import { App, Chart } from 'cdk8s';
import { Certificate, IngressGateway, Protocol } from 'cdk8s-istio-gateway';

const app = new App();
const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
new IngressGateway(ingress, 'default-gateway')
  .addListener('https', { port: 443, protocol: Protocol.HTTPS, tls: { certificate: Certificate.fromSecret('web-tls') } });
app.synth();
