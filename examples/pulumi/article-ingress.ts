/**
 * The book chapter's ingress (examples/article-gateway.ts) as a Pulumi component: the `default-gateway` Gateway in
 * istio-system, serving HTTP on 80 (node port 30080), HTTPS on 443 (node port 30443, TLS SIMPLE with the certificate
 * files mounted into the gateway pod) and MySQL on 3306 (node port 30306), with the `counter` and `mysql` routes in
 * the default namespace.
 */
import * as pulumi from '@pulumi/pulumi';
import { Certificate, Destination, HttpAction, PathMatch, Protocol, ServiceType, TlsMode } from 'cdk8s-istio-gateway';
import { IstioIngress } from 'cdk8s-istio-gateway/pulumi';

/**
 * Deploys the article's gateway and routes as one {@link IstioIngress} named `default-gateway` (the Gateway's name).
 *
 * @param opts - the component's resource options, e.g. `{ provider }` for a cluster other than the current context.
 * @returns the component: its outputs are what the program exports.
 */
export function articleIngress(opts?: pulumi.ComponentResourceOptions): IstioIngress {
  return new IstioIngress('default-gateway', {
    namespace: 'istio-system',
    gateway: { serviceType: ServiceType.NODE_PORT },
    // Listeners are named as Service ports: routes pick them by these names.
    listeners: [
      { id: 'http', name: 'http2', port: 80, nodePort: 30080, protocol: Protocol.HTTP, hosts: ['*'] },
      {
        id: 'https',
        name: 'https',
        port: 443,
        nodePort: 30443,
        protocol: Protocol.HTTPS,
        hosts: ['*'],
        tls: { mode: TlsMode.SIMPLE, certificate: Certificate.fromFiles() },
      },
      { id: 'mysql', name: 'mysql', port: 3306, nodePort: 30306, protocol: Protocol.TCP, hosts: ['*'] },
    ],
    // The routes live with the applications they send traffic to.
    routesNamespace: 'default',
    httpRoutes: [{
      id: 'counter',
      listeners: ['http2', 'https'],
      hosts: ['counter.lab.example.com'],
      rules: [{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.host('counter', 80)]) }],
    }],
    tcpRoutes: [{ id: 'mysql', listeners: ['mysql'], destinations: [Destination.host('mysql', 3306)] }],
  }, opts);
}
