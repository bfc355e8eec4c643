import { findingsOf } from './support';
import { isAnalyzedNamespace } from '../../src/analyze/ignored-namespaces';
import { KubeObject } from '../../src/manifests/kube-object';

// istioctl analyze leaves every object in kube-system, kube-public, kube-node-lease and local-path-storage out of
// every analyzer's input (istio/istio pkg/config/analysis/local/istiod_analyze.go addReaderKubeSourceInternal,
// SetNamespacesFilter with pkg/kube/inject/initializer.go IgnoredNamespaces).

/** A VirtualService in `namespace` routing to a host nobody defines, bound to the Gateway `gateway`. */
function routeIn(namespace: string, gateway = 'mesh'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: dns, namespace: ${namespace}}
spec:
  hosts: [dns.example.com]
  gateways: [${gateway}]
  http: [{route: [{destination: {host: coredns-missing}}]}]
`;
}

function gatewayIn(namespace: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: ${namespace}}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*/*']}]
`;
}

describe('namespaces istioctl analyze ignores', () => {
  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'])('an object in %s is not analyzed at all', (namespace) => {
    expect(findingsOf('IST0101', routeIn(namespace))).toEqual([]);
  });

  test('the same object in another namespace is', () => {
    expect(findingsOf('IST0101', routeIn('istio-system'))).toEqual([
      expect.objectContaining({ resource: 'VirtualService istio-system/dns', message: expect.stringMatching(/^Referenced host not found: "coredns-missing"/) }),
    ]);
  });

  test('a Gateway in an ignored namespace is not seen by the routes that name it', () => {
    const route = (namespace: string) => routeIn('shop', `${namespace}/edge`).replace('coredns-missing', 'dns.example.com');
    const serviceEntry = `
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: dns, namespace: shop}
spec: {hosts: [dns.example.com], ports: [{number: 80, name: http, protocol: HTTP}], resolution: DNS}
`;
    const routeFindings = (yaml: string) => findingsOf('IST0101', yaml).filter((f) => f.resource === 'VirtualService shop/dns');
    expect(routeFindings(gatewayIn('edge') + route('edge') + serviceEntry)).toEqual([]);
    expect(routeFindings(gatewayIn('kube-system') + route('kube-system') + serviceEntry)).toEqual([
      expect.objectContaining({ resource: 'VirtualService shop/dns', message: expect.stringMatching(/kube-system\/edge/) }),
    ]);
  });

  test('a Namespace counts by its name; a Node, which has no namespace, is always read', () => {
    const object = (kind: string, name: string, namespace: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace } });
    expect(isAnalyzedNamespace(object('Namespace', 'kube-system', 'default'))).toBe(false);
    expect(isAnalyzedNamespace(object('Namespace', 'shop', 'kube-system'))).toBe(true);
    expect(isAnalyzedNamespace(object('Node', 'worker-1', 'kube-system'))).toBe(true);
    expect(isAnalyzedNamespace(object('ConfigMap', 'coredns', 'kube-system'))).toBe(false);
  });
});
