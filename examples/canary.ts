/**
 * A canary release: 90 % of shop.example.com goes to subset v1 of the reviews Service, 10 % to
 * v2; testers who send `x-canary: always` always reach v2.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Destination, DestinationRule, HttpAction, HttpRoute, IngressGateway, PathMatch, Protocol, StringMatch } from 'cdk8s-istio-gateway';

/** Adds the canary gateway and routes to `app`. */
export function canary(app: App): void {
  const ingress = new Chart(app, 'canary-ingress', { namespace: 'istio-ingress' });
  const gateway = new IngressGateway(ingress, 'shop-gateway', { serviceType: kplus.ServiceType.LOAD_BALANCER });
  const http = gateway.addListener('http', { port: 80, protocol: Protocol.HTTP, hosts: ['shop.example.com'] });

  const shop = new Chart(app, 'canary-shop', { namespace: 'shop' });
  const reviews = new kplus.Service(shop, 'reviews', {
    metadata: { name: 'reviews' },
    ports: [{ port: 9080, name: 'http' }],
  });
  reviews.selectLabel('app', 'reviews');
  new DestinationRule(shop, 'reviews-versions', {
    host: reviews,
    subsets: { v1: { version: 'v1' }, v2: { version: 'v2' } },
  });
  new HttpRoute(shop, 'reviews-canary', {
    listeners: [http],
    hosts: ['shop.example.com'],
    rules: [
      {
        name: 'testers',
        match: [{ path: PathMatch.prefix('/reviews'), headers: { 'x-canary': StringMatch.exact('always') } }],
        action: HttpAction.forward([Destination.service(reviews, 9080, { subset: 'v2' })]),
      },
      {
        name: 'split',
        match: [{ path: PathMatch.prefix('/reviews') }],
        action: HttpAction.forward([
          Destination.service(reviews, 9080, { subset: 'v1', weight: 90 }),
          Destination.service(reviews, 9080, { subset: 'v2', weight: 10 }),
        ]),
      },
    ],
  });
}

if (require.main === module) {
  const app = new App();
  canary(app);
  app.synth();
}
