// The same mistake made with the constructs: a route bound to a Gateway by a misspelt name. The constructs' own
// checks fail `app.synth()`, naming the construct.
import { App, Chart } from 'cdk8s';
import { HttpRoute, IngressGateway, Protocol } from 'cdk8s-istio-gateway';

const app = new App();
const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
new IngressGateway(ingress, 'default-gateway').addListener('http', { port: 80, protocol: Protocol.HTTP });

const apps = new Chart(app, 'apps', { namespace: 'default' });
new HttpRoute(apps, 'shop', {
  gateways: ['istio-system/default-gatway'],
  hosts: ['shop.example.com'],
  rules: [{ destinations: [{ host: 'shop', port: 80 }] }],
});
app.synth();
