// A plain cdk8s app, written without this library's constructs: a VirtualService bound to a Gateway the app does not
// define, in a namespace where it defines one. `cdk8s synth` must fail through the validation plugin in cdk8s.yaml.
import { ApiObject, App, Chart } from 'cdk8s';

const app = new App();
const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
new ApiObject(ingress, 'gateway', {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'default-gateway' },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
});

const apps = new Chart(app, 'apps', { namespace: 'default' });
new ApiObject(apps, 'shop', {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'shop' },
  spec: {
    hosts: ['shop.example.com'],
    gateways: ['istio-system/default-gatway'],
    http: [{ route: [{ destination: { host: 'shop' } }] }],
  },
});
app.synth();
