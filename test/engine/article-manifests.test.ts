/**
 * The article's setup written as plain manifests (reference ARTICLE.md): Gateway `default-gateway`
 * in istio-system with HTTP 80, HTTPS 443 (SIMPLE, certificate files) and TCP 3306 for `*`;
 * VirtualService `counter` bound with the legacy `default-gateway.istio-system.svc.cluster.local`
 * reference; node ports 30080 / 30443 / 30306 on Service ports http2 80, https 443, mysql 3306.
 * The gateway pods follow the legacy `istio-ingress` chart: unprivileged, 80 -> 8080, 443 -> 8443.
 */
import { EngineCase, fqdn, gatewayDeployment, gatewayService, onlyTo, runCases } from './gateway-fixtures';

const ARTICLE = '/work/shared/reference/ARTICLE.md';
const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md';

const PODS = gatewayDeployment({
  env: '- {name: ISTIO_META_UNPRIVILEGED_POD, value: "true"}',
  ports: `
- {name: http2, containerPort: 8080, protocol: TCP}
- {name: https, containerPort: 8443, protocol: TCP}
- {name: mysql, containerPort: 3306, protocol: TCP}
`,
});

const SERVICE = gatewayService(`
- {name: status-port, port: 15021, targetPort: 15021}
- {name: http2, port: 80, targetPort: 8080, nodePort: 30080}
- {name: https, port: 443, targetPort: 8443, nodePort: 30443}
- {name: mysql, port: 3306, targetPort: 3306, nodePort: 30306}
`);

const GATEWAY = `
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: default-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls:
      mode: SIMPLE
      serverCertificate: /etc/istio/ingressgateway-certs/tls.crt
      privateKey: /etc/istio/ingressgateway-certs/tls.key
  - port: {number: 3306, name: mysql, protocol: TCP}
    hosts: ["*"]
---
`;

/** The counter VirtualService, bound with `reference` (the article's legacy form by default). */
function counter(reference = 'default-gateway.istio-system.svc.cluster.local'): string {
  return `
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: counter
  namespace: default
spec:
  hosts: [counter.lab.example.com]
  gateways: [${reference}]
  http:
  - match:
    - uri: {prefix: /}
    route:
    - destination:
        host: counter
        port: {number: 80}
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: mysql
  namespace: default
spec:
  hosts: ["*"]
  gateways: [istio-system/default-gateway]
  tcp:
  - route:
    - destination:
        host: mysql
        port: {number: 3306}
---
`;
}

const SETUP = PODS + SERVICE + GATEWAY + counter();
const HTTP_SERVER = { port: 80, protocol: 'HTTP', name: 'http' };
const TO_COUNTER = { virtualService: 'default/counter', rule: { index: 0, name: null }, ...onlyTo(fqdn('counter'), 80) };

const CASES: EngineCase[] = [
  {
    name: 'the load balancer port 80 -> nodePort 30080 reaches counter',
    source: `${ARTICLE} (node port 30080 -> Service port 80); ${REF} §a.3 (listener 8080), §c.1 (legacy gateway reference)`,
    manifests: SETUP,
    request: { nodePort: 30080, host: 'counter.lab.example.com', path: '/' },
    expect: { action: 'route', status: null, gateway: 'istio-system/default-gateway', server: HTTP_SERVER, ...TO_COUNTER },
  },
  {
    name: 'Service port 80 reaches counter',
    source: `${ARTICLE}; ${REF} §a.3`,
    manifests: SETUP,
    request: { port: 80, host: 'counter.lab.example.com', path: '/api/count' },
    expect: { action: 'route', server: HTTP_SERVER, ...TO_COUNTER },
  },
  {
    name: 'a node port in the Host header is ignored for vhost selection',
    source: `${REF} §c.5 step 1 (ignore_port_in_host_matching, >= 1.15)`,
    manifests: SETUP,
    request: { nodePort: 30080, host: 'counter.lab.example.com:30080' },
    expect: { action: 'route', ...TO_COUNTER },
  },
  {
    name: 'an unknown Host on port 80 is 404',
    source: `${REF} §c.5 step 6`,
    manifests: SETUP,
    request: { nodePort: 30080, host: 'other.lab.example.com' },
    expect: { action: 'no_route', status: 404, gateway: 'istio-system/default-gateway', virtualService: null },
  },
  {
    name: 'HTTPS on nodePort 30443 terminates (SIMPLE, certificate files) and reaches counter',
    source: `${ARTICLE} (HTTPS, TLS mode SIMPLE); ${REF} §b.1, §b.7 (files are assumed present)`,
    manifests: SETUP,
    request: { nodePort: 30443, host: 'counter.lab.example.com', path: '/' },
    expect: { action: 'route', gateway: 'istio-system/default-gateway', server: { port: 443, protocol: 'HTTPS', name: 'https' }, ...TO_COUNTER },
  },
  {
    name: 'HTTPS for * takes any SNI; an unknown Host is then 404',
    source: `${REF} §b.4 (a * server has no server_names), §b.5`,
    manifests: SETUP,
    request: { port: 443, host: 'other.lab.example.com', scheme: 'https' },
    expect: { action: 'no_route', status: 404, server: { port: 443, protocol: 'HTTPS' } },
  },
  {
    name: 'plaintext HTTP to 443 fails the TLS handshake',
    source: `${REF} §b.4 (plain HTTP to a TLS-only port)`,
    manifests: SETUP,
    request: { nodePort: 30443, host: 'counter.lab.example.com', scheme: 'http' },
    expect: { action: 'reject' },
  },
  {
    name: 'MySQL on nodePort 30306 is forwarded to mysql:3306',
    source: `${ARTICLE} (TCP on 3306); ${REF} §f.1`,
    manifests: SETUP,
    request: { nodePort: 30306 },
    expect: {
      action: 'route',
      gateway: 'istio-system/default-gateway',
      server: { port: 3306, protocol: 'TCP', name: 'mysql' },
      virtualService: 'default/mysql',
      rule: { index: 0, name: null },
      ...onlyTo(fqdn('mysql'), 3306),
    },
  },
  {
    name: 'without the translation 80 -> 8080 the unprivileged proxy would have no listener for port 80',
    source: `${REF} §a.4 (unprivileged proxies skip ports below 1024)`,
    manifests: PODS + SERVICE.replace('targetPort: 8080', 'targetPort: 80') + GATEWAY + counter(),
    request: { nodePort: 30080, host: 'counter.lab.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'the short reference default-gateway would mean default/default-gateway: nothing bound, 404',
    source: `${REF} §c.1 (a name without / or . is taken in the VirtualService's namespace)`,
    manifests: PODS + SERVICE + GATEWAY + counter('default-gateway'),
    request: { nodePort: 30080, host: 'counter.lab.example.com' },
    expect: { action: 'no_route', status: 404, virtualService: null },
  },
  {
    name: 'the reference istio-system/default-gateway binds the same as the legacy form',
    source: `${REF} §c.1`,
    manifests: PODS + SERVICE + GATEWAY + counter('istio-system/default-gateway'),
    request: { nodePort: 30080, host: 'counter.lab.example.com' },
    expect: { action: 'route', ...TO_COUNTER },
  },
];

describe('the article setup as manifests', () => runCases(CASES));
