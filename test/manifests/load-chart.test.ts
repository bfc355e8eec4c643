import { ApiObject, Chart, Testing } from 'cdk8s';
import { loadChart, loadObjects, ManifestError, originOf } from '../../src/manifests';

describe('loadChart', () => {
  test('loads a real cdk8s chart, without writing files', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
    new ApiObject(chart, 'vs', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { hosts: ['web.example.com'] },
    });
    const objects = loadChart(chart, { namespace: 'team' });
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'team' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'apps' }, spec: { hosts: ['web.example.com'] } },
    ]);
    expect(objects.map(originOf)).toEqual(['chart test (document 1)', 'chart test (document 2)']);
    expect(loadObjects(chart.toJson())).toEqual(objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace === 'team' ? 'default' : 'apps' } })));
  });

  test('loads every chart of a real cdk8s app, with the chart namespace', () => {
    const app = Testing.app();
    const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
    new ApiObject(ingress, 'gw', { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw' } });
    const apps = new Chart(app, 'apps');
    new ApiObject(apps, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    const objects = loadChart(app);
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Gateway istio-system/gw', 'Service default/web']);
    expect(objects.map(originOf)).toEqual(['chart ingress (document 1)', 'chart apps (document 1)']);
  });

  test('loads an App-like object whose charts have no construct path', () => {
    const charts = [
      { toJson: () => [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }] },
      { toJson: () => [{ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }] }] },
    ];
    const objects = loadChart({ charts });
    expect(objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(objects.map(originOf)).toEqual(['chart 1 (document 1)', 'chart 2 (document 1, item 1)']);
    expect(originOf(loadChart(charts[0])[0])).toBe('chart (document 1)');
  });

  test('reports a malformed synthesized object with its chart', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { version: 2 as unknown as string } } });
    expect(() => loadChart(chart)).toThrow(ManifestError);
    expect(() => loadChart(chart)).toThrow('chart test (document 1, Service default/web): metadata.labels.version is a number, not a string; '
      + 'write labels as key: value pairs with string values (quote numbers and booleans)');
  });

  test('rejects something that is neither a chart nor an app', () => {
    expect(() => loadChart({} as never)).toThrow(new TypeError('loadChart: expected a cdk8s Chart (with toJson()) or App (with charts), found a mapping'));
  });
});
