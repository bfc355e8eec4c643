/**
 * What a trace says at scale: a 404 on a gateway with 10,000 hosts.
 */
import { parseAllDocuments } from 'yaml';
import { TrafficEngine } from '../../src/engine-entry';

// A route table of this size is slow to build: it has a file of its own, apart from the tests the mutation tests run
// against every mutant of the route matchers and the domain index.
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
