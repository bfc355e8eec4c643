import { KubeObject, loadObjects, loadYaml, ManifestError, originOf } from '../../src/manifests';
import { errorOf } from '../support/manifests';

const ids = (objects: KubeObject[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } };

describe('loadYaml', () => {
  test('reads multi-document YAML, skipping empty documents and counting them in origins', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web, namespace: apps}',
      '---',
      '---',
      '# only a comment',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata:',
      '  name: web',
      'spec: {hosts: [web.example.com]}',
      '---',
      '',
    ].join('\n');
    const objects = loadYaml(text, 'dist/a.k8s.yaml');
    expect(ids(objects)).toEqual(['Service apps/web', 'VirtualService default/web']);
    expect(objects[1].spec).toEqual({ hosts: ['web.example.com'] });
    expect(objects.map(originOf)).toEqual(['dist/a.k8s.yaml (document 1)', 'dist/a.k8s.yaml (document 4)']);
  });

  test('an empty text or a text of comments loads nothing', () => {
    expect(loadYaml('', 'empty.yaml')).toEqual([]);
    expect(loadYaml('# nothing here\n', 'empty.yaml')).toEqual([]);
    expect(loadYaml('---\n---\n', 'empty.yaml')).toEqual([]);
  });

  test('expands kind: List and *List kinds, recursively, with item positions in origins', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: Service, metadata: {name: a}}',
      '- apiVersion: v1',
      '  kind: ServiceList',
      '  items:',
      '  - {apiVersion: v1, kind: Service, metadata: {name: b}}',
      '  - {apiVersion: v1, kind: Service, metadata: {name: c}}',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items: []',
      '---',
      'apiVersion: v1',
      'kind: List',
      'metadata: {}',
    ].join('\n');
    const objects = loadYaml(text, 'list.yaml');
    expect(ids(objects)).toEqual(['Service default/a', 'Service default/b', 'Service default/c']);
    expect(objects.map(originOf)).toEqual(['list.yaml (document 1, item 1)', 'list.yaml (document 1, item 2.1)', 'list.yaml (document 1, item 2.2)']);
  });

  test('a *List kind without an items array is an ordinary object', () => {
    const objects = loadYaml('apiVersion: example.com/v1\nkind: AllowList\nmetadata: {name: ips}\nspec: {cidrs: []}\n', 'allow.yaml');
    expect(ids(objects)).toEqual(['AllowList default/ips']);
  });

  test('reads a JSON object and a JSON array of objects', () => {
    const object = loadYaml(JSON.stringify(SERVICE, undefined, 2), 'svc.json');
    expect(ids(object)).toEqual(['Service default/web']);
    expect(originOf(object[0])).toBe('svc.json (document 1)');

    const array = loadYaml(`\uFEFF${JSON.stringify([SERVICE, { ...SERVICE, metadata: { name: 'api', namespace: 'apps' } }])}`, 'all.json');
    expect(ids(array)).toEqual(['Service default/web', 'Service apps/api']);
    expect(array.map(originOf)).toEqual(['all.json (document 1, item 1)', 'all.json (document 1, item 2)']);
  });

  test('reports object errors in JSON with the document', () => {
    expect(errorOf(() => loadYaml('[{"kind": "Service", "metadata": {"name": "web"}}]', 'all.json'))).toBe(
      'all.json (document 1, item 1, Service default/web): apiVersion is missing; give every object an apiVersion, e.g. v1 or networking.istio.io/v1');
  });

  test('reads JSON-looking text that is not JSON as YAML', () => {
    const text = '{apiVersion: v1, kind: Service, metadata: {name: a}}\n---\n{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b"}}\n';
    expect(ids(loadYaml(text, 'flow.yaml'))).toEqual(['Service default/a', 'Service default/b']);
  });

  test('reads YAML 1.2: merge keys are honoured, yes/no stay strings', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: &meta',
      '    name: settings',
      '    labels: {app: web}',
      '  data:',
      '    enabled: yes',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    <<: *meta',
      '    name: copy',
    ].join('\n');
    const [settings, copy] = loadYaml(text, 'merge.yaml');
    expect(settings.data).toEqual({ enabled: 'yes' });
    expect(copy.metadata).toEqual({ name: 'copy', labels: { app: 'web' }, namespace: 'default' });
  });

  test('reports the first YAML syntax error with its line and column in the whole file', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: a}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: b',
      '  name: c',
      '---',
      'a: b: c',
    ].join('\n');
    expect(errorOf(() => loadYaml(text, 'bad.yaml'))).toBe('bad.yaml: YAML syntax error at line 9, column 3: Map keys must be unique');
  });

  test.each([
    ['an unclosed flow sequence', 'apiVersion: v1\nkind: [Service\n', 'bad.yaml: YAML syntax error at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['an unclosed quote', 'apiVersion: v1\nkind: "Service\n', 'bad.yaml: YAML syntax error at line 3, column 1: Missing closing "quote'],
    ['a compact nested mapping', 'metadata: name: a\n', 'bad.yaml: YAML syntax error at line 1, column 11: Nested mappings are not allowed in compact mappings'],
    ['an invalid JSON that is invalid YAML too', '{"apiVersion": "v1",\n  "kind": \n', 'bad.yaml: YAML syntax error at line 2, column 11: Flow map must end with a }'],
  ])('reports %s', (_why, text, message) => {
    expect(errorOf(() => loadYaml(text, 'bad.yaml'))).toBe(message);
  });

  test('reports an alias to an anchor of another document with its document', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: &m {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: *m\n';
    expect(errorOf(() => loadYaml(text, 'alias.yaml'))).toMatch(/^alias\.yaml \(document 2\): YAML error: Unresolved alias/);
  });

  test('object errors name the file, the document and the object', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      '---',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata: {name: counter, namespace: 7}',
    ].join('\n');
    expect(errorOf(() => loadYaml(text, 'examples/bad.yaml'))).toBe(
      'examples/bad.yaml (document 2, VirtualService counter): metadata.namespace is a number, not a string; '
      + 'quote it, or leave it out to use the default namespace');
  });

  test.each([
    ['a scalar document', 'hello\n', 'x.yaml (document 1): expected a Kubernetes object, found a string; write each document as a mapping with apiVersion, kind and metadata'],
    ['a number document', '42\n', 'x.yaml (document 1): expected a Kubernetes object, found a number; write each document as a mapping with apiVersion, kind and metadata'],
    ['a null List item', 'kind: List\nitems: [~]\n', 'x.yaml (document 1, item 1): expected a Kubernetes object, found null; write each item as a mapping with apiVersion, kind and metadata'],
    ['a nested list in an array', '- []\n', 'x.yaml (document 1, item 1): expected a Kubernetes object, found a list; write each item as a mapping with apiVersion, kind and metadata'],
    ['List items that are not a list', 'kind: List\nitems: {a: 1}\n', 'x.yaml (document 1, List): items is a mapping, not a list; give a List an items array of objects'],
  ])('rejects %s', (_why, text, message) => {
    expect(errorOf(() => loadYaml(text, 'x.yaml'))).toBe(message);
  });
});

describe('loadObjects', () => {
  test('skips null and undefined entries and keeps object positions in origins', () => {
    const objects = loadObjects([null, SERVICE, undefined, { ...SERVICE, metadata: { name: 'api' } }]);
    expect(ids(objects)).toEqual(['Service default/web', 'Service default/api']);
    expect(objects.map(originOf)).toEqual(['object 2', 'object 4']);
  });

  test('labels origins with the source when one is given', () => {
    expect(originOf(loadObjects([SERVICE], {}, 'pulumi stack dev')[0])).toBe('pulumi stack dev (document 1)');
  });

  test('expands Lists and nested arrays of objects', () => {
    const objects = loadObjects([{ apiVersion: 'v1', kind: 'List', items: [SERVICE] }, [SERVICE]]);
    expect(objects.map(originOf)).toEqual(['object 1 (item 1)', 'object 2 (item 1)']);
  });

  test('keeps unknown kinds and all fields', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', uid: 'x' }, spec: { size: 3 }, status: { ready: true } };
    expect(loadObjects([widget])).toEqual([{ ...widget, metadata: { name: 'w', uid: 'x', namespace: 'default' } }]);
  });

  describe('namespaces', () => {
    const objects = [
      SERVICE,
      { ...SERVICE, metadata: { name: 'a', namespace: 'apps' } },
      { ...SERVICE, metadata: { name: 'b', namespace: '' } },
      { ...SERVICE, metadata: { name: 'c', namespace: null } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
    ];

    test('default to "default"', () => {
      expect(ids(loadObjects(objects))).toEqual([
        'Service default/web', 'Service apps/a', 'Service default/b', 'Service default/c', 'Namespace default/apps',
      ]);
    });

    test('default to the namespace option', () => {
      expect(ids(loadObjects(objects, { namespace: 'team' }))).toEqual([
        'Service team/web', 'Service apps/a', 'Service team/b', 'Service team/c', 'Namespace team/apps',
      ]);
    });

    test('an empty namespace option means "default"', () => {
      expect(ids(loadObjects([SERVICE], { namespace: '' }))).toEqual(['Service default/web']);
    });
  });

  test('returns deep copies and never changes the caller\'s objects', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { ports: [{ port: 80 }] },
      extra: undefined,
    };
    const before = JSON.parse(JSON.stringify(input));
    const list = { apiVersion: 'v1', kind: 'List', items: [input] };
    const [loaded, fromList] = loadObjects([input, list]);

    expect(input).toEqual(before);
    expect('namespace' in input.metadata).toBe(false);
    expect(loaded).toEqual({ ...before, metadata: { ...before.metadata, namespace: 'default' } });
    expect('extra' in loaded).toBe(false);
    expect(loaded).not.toBe(input);
    expect(loaded.metadata).not.toBe(input.metadata);
    expect(loaded.metadata.labels).not.toBe(input.metadata.labels);
    expect(loaded.spec).not.toBe(input.spec);
    expect((loaded.spec as any).ports[0]).not.toBe(input.spec.ports[0]);
    expect(fromList).not.toBe(loaded);
    expect(list.items[0]).toBe(input);
  });

  test('drops null labels, annotations and creationTimestamp', () => {
    const [loaded] = loadObjects([{ ...SERVICE, metadata: { name: 'web', labels: null, annotations: null, creationTimestamp: null } }]);
    expect(loaded.metadata).toEqual({ name: 'web', namespace: 'default' });
  });

  test('keeps a __proto__ key as data', () => {
    const input = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"x"}}');
    const [loaded] = loadObjects([input]);
    expect(Object.getPrototypeOf(loaded.data)).toBe(Object.prototype);
    expect(Object.keys(loaded.data as object)).toEqual(['__proto__']);
  });

  test('keeps values that are not plain data as they are', () => {
    const when = new Date(0);
    const [loaded] = loadObjects([{ ...SERVICE, spec: { when } }]);
    expect((loaded.spec as { when: Date }).when).toBe(when);
  });

  test('accepts objects without a prototype', () => {
    const input = Object.assign(Object.create(null), SERVICE);
    expect(ids(loadObjects([input]))).toEqual(['Service default/web']);
  });

  const errors: Array<[string, unknown, string]> = [
    ['a string', 'Service', 'object 1: expected a Kubernetes object, found a string; write each document as a mapping with apiVersion, kind and metadata'],
    ['a class instance', new Date(0),
      'object 1: expected a Kubernetes object as plain JSON, found a Date instance; pass plain objects, e.g. from chart.toJson() or JSON.parse'],
    ['a missing apiVersion', { kind: 'Service', metadata: { name: 'web' } },
      'object 1 (Service default/web): apiVersion is missing; give every object an apiVersion, e.g. v1 or networking.istio.io/v1'],
    ['an empty apiVersion', { ...SERVICE, apiVersion: '' },
      'object 1 (Service default/web): apiVersion is empty; give every object an apiVersion, e.g. v1 or networking.istio.io/v1'],
    ['a numeric apiVersion', { ...SERVICE, apiVersion: 1 },
      'object 1 (Service default/web): apiVersion is a number, not a string; give every object an apiVersion, e.g. v1 or networking.istio.io/v1'],
    ['a missing kind', { apiVersion: 'v1', metadata: { name: 'web', namespace: 'apps' } },
      'object 1 (apps/web): kind is missing; give every object a kind, e.g. Service or VirtualService'],
    ['a kind that is a list', { ...SERVICE, kind: ['Service'] },
      'object 1 (default/web): kind is a list, not a string; give every object a kind, e.g. Service or VirtualService'],
    ['missing metadata', { apiVersion: 'v1', kind: 'Service' }, 'object 1 (Service): metadata.name is missing; give every object a metadata.name'],
    ['metadata that is a string', { apiVersion: 'v1', kind: 'Service', metadata: 'web' },
      'object 1 (Service): metadata is a string, not a mapping; give every object a metadata mapping with a name'],
    ['a missing name', { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'apps' } },
      'object 1 (Service): metadata.name is missing; give every object a metadata.name'],
    ['a generateName without a name', { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-' } },
      'object 1 (Job): metadata.name is missing (metadata.generateName is not enough: the name must be known before the object is created); '
      + 'give the object a fixed metadata.name'],
    ['an empty name', { apiVersion: 'v1', kind: 'Service', metadata: { name: '' } },
      'object 1 (Service): metadata.name is empty; give every object a metadata.name'],
    ['a numeric name', { apiVersion: 'v1', kind: 'Service', metadata: { name: 8080 } },
      'object 1 (Service): metadata.name is a number, not a string; quote it'],
    ['a namespace that is not a string', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: true } },
      'object 1 (Service web): metadata.namespace is a boolean, not a string; quote it, or leave it out to use the default namespace'],
    ['labels that are a list', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: ['app'] } },
      'object 1 (Service default/web): metadata.labels is a list, not a mapping; write labels as key: value pairs with string values (quote numbers and booleans)'],
    ['a numeric label value', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { version: 1 } } },
      'object 1 (Service default/web): metadata.labels.version is a number, not a string; write labels as key: value pairs with string values (quote numbers and booleans)'],
    ['a boolean annotation value', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', annotations: { 'sidecar.istio.io/inject': false } } },
      "object 1 (Service default/web): metadata.annotations['sidecar.istio.io/inject'] is a boolean, not a string; "
      + 'write annotations as key: value pairs with string values (quote numbers and booleans)'],
    ['a numeric creationTimestamp', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', creationTimestamp: 0 } },
      'object 1 (Service default/web): metadata.creationTimestamp is a number, not a string; quote it, or leave it out'],
    ['a List whose item lacks a kind', { kind: 'List', items: [{ apiVersion: 'v1', metadata: { name: 'a' } }] },
      'object 1 (item 1, default/a): kind is missing; give every object a kind, e.g. Service or VirtualService'],
  ];
  test.each(errors)('rejects %s with a one-line message', (_why, value, message) => {
    const text = errorOf(() => loadObjects([value]));
    expect(text).toBe(message);
    expect(text).not.toContain('\n');
  });

  test('names the position of the bad object', () => {
    expect(errorOf(() => loadObjects([SERVICE, null, { kind: 'Service', metadata: { name: 'x' } }]))).toMatch(/^object 3 \(Service default\/x\): apiVersion is missing/);
  });

  test('the error carries its parts', () => {
    let error: ManifestError | undefined;
    try {
      loadObjects([SERVICE, { kind: 'Service', metadata: { name: 'x' } }], {}, 'a.yaml');
    } catch (e) {
      error = e as ManifestError;
    }
    expect(error).toMatchObject({
      name: 'ManifestError',
      source: 'a.yaml',
      document: 2,
      object: 'Service default/x',
      problem: 'apiVersion is missing',
      fix: 'give every object an apiVersion, e.g. v1 or networking.istio.io/v1',
    });
  });

  test('rejects a reference cycle', () => {
    const spec: Record<string, unknown> = {};
    spec.self = spec;
    expect(errorOf(() => loadObjects([{ ...SERVICE, spec }]))).toBe(
      'object 1 (Service default/web): the object contains a reference cycle; pass plain JSON data');
  });

  test('shared (non-cyclic) references are copied', () => {
    const ports = [{ port: 80 }];
    const [loaded] = loadObjects([{ ...SERVICE, spec: { a: ports, b: ports } }]);
    expect(loaded.spec).toEqual({ a: [{ port: 80 }], b: [{ port: 80 }] });
  });

  test('a non-array argument is a TypeError', () => {
    expect(() => loadObjects(SERVICE as unknown as unknown[])).toThrow(new TypeError('loadObjects: expected an array of objects, found a mapping'));
  });
});
