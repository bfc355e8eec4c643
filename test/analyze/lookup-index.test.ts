/**
 * The indexed lookups the analyzers use on large inputs, held to the scans they replace: a destination host's Service
 * or ServiceEntry, and the pods a selector picks in a namespace.
 */
import * as fc from 'fast-check';
import { AnalysisContext } from '../../src/analyze/analysis-context';
import { lookupHost, lookupHostLinear, podsSelectedBy } from '../../src/analyze/lookup';
import { selects } from '../../src/engine/model';
import { loadObjects } from '../../src/manifests/load';

const namespace = fc.constantFrom('apps', 'shop', 'istio-system');
const name = fc.constantFrom('web', 'api', 'db', 'cart');

const service = fc.record({
  name,
  namespace,
  exportTo: fc.option(fc.constantFrom('*', '.', '~', 'apps', 'shop,apps', '.,istio-system'), { nil: undefined }),
  app: fc.option(name, { nil: undefined }),
}).map(({ name: n, namespace: ns, exportTo, app }) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: n, namespace: ns, ...(exportTo === undefined ? {} : { annotations: { 'networking.istio.io/exportTo': exportTo } }) },
  spec: { ports: [{ port: 80 }], ...(app === undefined ? {} : { selector: { app } }) },
}));

const entryHost = fc.constantFrom('web.apps.svc.cluster.local', 'api.example.com', '*.example.com', '*', 'db.shop.svc.cluster.local', '*.svc.cluster.local');
const serviceEntry = fc.record({
  name,
  namespace,
  hosts: fc.array(entryHost, { minLength: 1, maxLength: 3 }),
  exportTo: fc.option(fc.array(fc.constantFrom('*', '.', '~', 'apps', 'shop'), { maxLength: 2 }), { nil: undefined }),
}).map(({ name: n, namespace: ns, hosts, exportTo }) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: n, namespace: ns },
  spec: { hosts, ports: [{ number: 443, name: 'https' }], ...(exportTo === undefined ? {} : { exportTo }) },
}));

const labels = fc.dictionary(fc.constantFrom('app', 'version', 'tier'), fc.constantFrom('web', 'api', 'v1', 'v2', 'front'), { maxKeys: 3 });
const workload = fc.record({ name, namespace, labels, pod: fc.boolean() }).map(({ name: n, namespace: ns, labels: l, pod }) => (pod
  ? { apiVersion: 'v1', kind: 'Pod', metadata: { name: n, namespace: ns, labels: l }, spec: { containers: [] } }
  : { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: n, namespace: ns }, spec: { template: { metadata: { labels: l }, spec: {} } } }));

describe('lookupHost', () => {
  test('finds what scanning every Service and ServiceEntry finds', () => {
    const query = fc.record({
      host: fc.constantFrom('web', 'db', 'api.example.com', 'x.example.com', 'web.apps.svc.cluster.local', 'db.shop.svc.cluster.local', 'cart.shop'),
      namespace,
    });
    const queries = fc.array(query, { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(fc.array(service, { maxLength: 6 }), fc.array(serviceEntry, { maxLength: 4 }), queries, (services, entries, asked) => {
      const context = new AnalysisContext(loadObjects([...services, ...entries]));
      for (const q of asked) {
        expect(lookupHost(context, q.host, q.namespace)).toEqual(lookupHostLinear(context, q.host, q.namespace));
      }
    }), { numRuns: 400, seed: 3 });
  });

  test('a malformed ServiceEntry (hosts a string) never reaches the lookups: the model stage leaves it out', () => {
    const context = new AnalysisContext(loadObjects([
      { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'bad' }, spec: { hosts: 'a.example.com' } },
    ]));
    expect(context.admission.refused.map((r) => r.object.metadata.name)).toEqual(['bad']);
    expect(lookupHost(context, 'a.example.com', 'default')).toEqual(lookupHostLinear(context, 'a.example.com', 'default'));
  });
});

describe('podsSelectedBy', () => {
  test('picks the pods the scan with selects picks, in the same order', () => {
    const queries = fc.array(fc.tuple(namespace, labels), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.array(workload, { maxLength: 12 }), queries, (workloads, asked) => {
      const context = new AnalysisContext(loadObjects(workloads));
      for (const [ns, selector] of asked) {
        expect(podsSelectedBy(context, ns, selector)).toEqual(context.pods().filter((p) => p.namespace === ns && selects(selector, p.labels)));
      }
    }), { numRuns: 400, seed: 4 });
  });
});
