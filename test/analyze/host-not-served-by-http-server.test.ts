/**
 * CIG1013 VirtualServiceHostNotServedByHttpServer: a VirtualService with http rules whose host only a server of the
 * bound Gateway that does not serve HTTP admits (here a TCP server for `*`). istioctl's IST0132 is silent there: it
 * compares the VirtualService's hosts with the hosts of every server, whatever its protocol (istio/istio
 * `pkg/config/analysis/analyzers/virtualservice/gateways.go` `vsHostInGateway`), and the VirtualService's host
 * matches `*`. istiod builds an HTTP server's virtual hosts from the VirtualService hosts that server admits (istio/istio
 * `pilot/pkg/networking/core/gateway.go` `buildGatewayVirtualHosts`), so the engine answers a request for that host on
 * the HTTP port with 404 (no virtual host), and the finding must agree.
 */
import { parseAllDocuments } from 'yaml';
import { findings, findingsOf, gatewayWorkload } from './support';
import { TrafficEngine } from '../../src';

const WORKLOAD = gatewayWorkload('[{name: http2, port: 80, targetPort: 80}, {name: tcp, port: 9000, targetPort: 9000}]');

/** The Gateway `istio-system/edge`: HTTP on port 80 for `httpHosts` (a YAML flow list), TCP on 9000 for any host. */
function edge(httpHosts: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ${httpHosts}}
  - {port: {number: 9000, name: tcp, protocol: TCP}, hosts: ['*']}
`;
}

const BACKENDS = `
---
apiVersion: v1
kind: Service
metadata: {name: blog, namespace: apps}
spec: {selector: {app: blog}, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: apps}
spec: {selector: {app: db}, ports: [{name: tcp, port: 5432}]}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: db, namespace: apps}
spec:
  hosts: ['*']
  gateways: [istio-system/edge]
  tcp: [{route: [{destination: {host: db, port: {number: 5432}}}]}]
`;

/** The VirtualService `apps/blog` for `hosts` on istio-system/edge with `rules` (`http: [...]` by default). */
function blog(hosts = '[blog.example.com]', rules = 'http: [{route: [{destination: {host: blog, port: {number: 80}}}]}]'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: blog, namespace: apps}
spec:
  hosts: ${hosts}
  gateways: [istio-system/edge]
  ${rules}
`;
}

function engine(yaml: string): TrafficEngine {
  return TrafficEngine.fromManifests(parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean));
}

describe('CIG1013 VirtualServiceHostNotServedByHttpServer', () => {
  const broken = WORKLOAD + edge('[shop.example.com]') + BACKENDS + blog();
  const fixed = WORKLOAD + edge('[shop.example.com, blog.example.com]') + BACKENDS + blog();

  test('a host only the TCP server admits is a warning naming the host, the Gateway, the servers and the 404', () => {
    expect(findingsOf('CIG1013', broken)).toEqual([{
      code: 'CIG1013',
      level: 'Warning',
      resource: 'VirtualService apps/blog',
      message: 'hosts[0] blog.example.com is admitted by no HTTP server of Gateway istio-system/edge, only by servers[1] (port 9000, TCP), '
        + 'so the http rules never apply to it (a request for blog.example.com to server port 80 gets 404): add blog.example.com to an HTTP or '
        + 'HTTPS server of istio-system/edge, or bind the VirtualService to a Gateway that serves it over HTTP',
    }]);
    // istioctl reports nothing about the host (IST0132 counts the TCP server's `*`), nor do we under its code.
    expect(findingsOf('IST0132', broken)).toEqual([]);
  });

  test('the engine agrees: the request is a 404 on the HTTP port, and not HTTP-routed on the TCP port', () => {
    expect(engine(broken).route({ port: 80, host: 'blog.example.com', path: '/' })).toMatchObject({ action: 'no_route', status: 404 });
    expect(engine(broken).route({ port: 9000 })).toMatchObject({ action: 'route', virtualService: 'apps/db' });
  });

  test('with the host on the HTTP server, no finding, and the engine routes the request by the VirtualService', () => {
    expect(findingsOf('CIG1013', fixed)).toEqual([]);
    expect(engine(fixed).route({ port: 80, host: 'blog.example.com', path: '/' })).toMatchObject({ action: 'route', virtualService: 'apps/blog' });
  });

  test('a host covered by a wildcard HTTP server host is served', () => {
    expect(findingsOf('CIG1013', WORKLOAD + edge("['*.example.com']") + BACKENDS + blog())).toEqual([]);
  });

  test.each([
    ['an HTTPS server that terminates TLS serves it', 'SIMPLE, credentialName: blog-cert', []],
    ['an HTTPS passthrough server does not', 'PASSTHROUGH', ['hosts[0] blog.example.com']],
  ])('%s', (_case, mode, expected) => {
    const https = edge('[shop.example.com]').replace(/\n {2}- \{port: \{number: 9000.*/,
      `\n  - {port: {number: 443, name: https, protocol: HTTPS}, hosts: [blog.example.com], tls: {mode: ${mode}}}`);
    expect(findingsOf('CIG1013', WORKLOAD + https + BACKENDS + blog()).map((f) => f.message.split(' is ')[0])).toEqual(expected);
  });

  test('each host is judged on its own', () => {
    const found = findingsOf('CIG1013', WORKLOAD + edge('[shop.example.com]') + BACKENDS + blog('[shop.example.com, blog.example.com]'));
    expect(found.map((f) => f.message.split(' is ')[0])).toEqual(['hosts[1] blog.example.com']);
  });

  test('a VirtualService with tcp rules only is not judged', () => {
    expect(findingsOf('CIG1013', WORKLOAD + edge('[shop.example.com]') + BACKENDS.replace(/hosts: \['\*'\]/, 'hosts: [db.example.com]'))).toEqual([]);
  });

  test('a Gateway without the TCP server: IST0132 reports the host, CIG1013 does not', () => {
    const httpOnly = WORKLOAD + edge('[shop.example.com]').replace(/\n {2}- \{port: \{number: 9000.*/, '') + BACKENDS + blog();
    expect(findings(httpOnly).filter((f) => f.resource === 'VirtualService apps/blog').map((f) => f.code)).toEqual(['IST0132']);
  });
});
