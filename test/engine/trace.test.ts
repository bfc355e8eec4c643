import { parseAllDocuments } from 'yaml';
import { TrafficEngine } from '../../src/engine-entry';

const GATEWAY = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template: {metadata: {labels: {istio: ingressgateway}}, spec: {containers: [{name: istio-proxy, image: auto}]}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a-http, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b-tcp, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: ['*']}]
`;

function vs(name: string, timestamp: string | undefined, http: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default${timestamp ? `, creationTimestamp: '${timestamp}'` : ''}}
spec: {hosts: [shop.example.com], gateways: [istio-system/a-http], http: ${http}}`;
}

function engine(yaml: string): TrafficEngine {
  return TrafficEngine.fromManifests(parseAllDocuments(yaml).map((d) => d.toJS()));
}

describe('the trace says when Istio order decided and what it rested on', () => {
  test('VirtualServices merged on one host, without creationTimestamp: by name', () => {
    const e = engine(GATEWAY + vs('zeta', undefined, '[{route: [{destination: {host: z}}]}]')
      + vs('alpha', undefined, '[{match: [{uri: {prefix: /api}}], route: [{destination: {host: a}}]}]'));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/api' });
    expect(d.virtualService).toBe('default/alpha');
    expect(d.trace).toContain('virtual host merges VirtualServices default/alpha, default/zeta in that order '
      + '(no creationTimestamp in the manifests: ordered by name, then namespace, as for equal timestamps; catch-all routes last)');
  });

  test('with creationTimestamp the older VirtualService comes first and the trace says so', () => {
    const e = engine(GATEWAY + vs('zeta', '2024-01-01T00:00:00Z', '[{match: [{uri: {prefix: /}, headers: {x: {exact: "1"}}}], route: [{destination: {host: z}}]}]')
      + vs('alpha', '2025-01-01T00:00:00Z', '[{match: [{uri: {prefix: /}, headers: {x: {exact: "1"}}}], route: [{destination: {host: a}}]}]'));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/', headers: { x: '1' } });
    expect(d.virtualService).toBe('default/zeta');
    expect(d.trace.some((t) => t.includes('default/zeta, default/alpha in that order (by creationTimestamp'))).toBe(true);
  });

  test('a server dropped by a port conflict is named in the trace of requests to that port', () => {
    const d = engine(GATEWAY + vs('alpha', undefined, '[{route: [{destination: {host: a}}]}]')).route({ port: 80, host: 'shop.example.com' });
    expect(d.action).toBe('route');
    expect(d.trace.some((t) => /server tcp \(TCP\) of Gateway istio-system\/b-tcp dropped: .* on port 80 \(Gateways merged by name, then namespace/.test(t))).toBe(true);
  });
});

// A route table of this size is slow to build: it lives here rather than beside the index's own tests, which the
// mutation tests run against every mutant of the index.
describe('what a trace says about a Host no virtual host serves', () => {
  test('a 404 trace on a gateway with 10,000 hosts names how many, not each of them', () => {
    const objects = parseAllDocuments(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
`).map((d) => d.toJS());
    for (let i = 0; i < 10_000; i++) {
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: `svc-${i}`, namespace: 'apps' },
        spec: { hosts: [`svc-${i}.example.com`], gateways: ['istio-system/gw'], http: [{ route: [{ destination: { host: `svc-${i}` } }] }] },
      });
    }
    const decision = TrafficEngine.fromManifests(objects).route({ port: 80, host: 'unknown.example.com' });
    expect(decision).toMatchObject({ action: 'no_route', reason: 'no_virtual_host' });
    // VirtualServices without creationTimestamp are merged by name: svc-10 comes before svc-2.
    expect(decision.trace[decision.trace.length - 1])
      .toBe("route configuration http.80: no virtual host for 'unknown.example.com' (10,000 domains; nearest: svc-0.example.com, svc-1.example.com, svc-10.example.com, ...): 404");
  });
});
