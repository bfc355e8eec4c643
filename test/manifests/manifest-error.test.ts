import * as fs from 'fs';
import * as path from 'path';
import { describeObject, loadObjects, loadYaml, ManifestError, originOf } from '../../src/manifests';

describe('ManifestError', () => {
  test('formats file, document, item and object', () => {
    expect(new ManifestError({ source: 'a.yaml', document: 2, items: [1, 3], object: 'Service default/web' }, 'it is wrong', 'fix it').message)
      .toBe('a.yaml (document 2, item 1.3, Service default/web): it is wrong; fix it');
    expect(new ManifestError({ document: 4 }, 'it is wrong').message).toBe('object 4: it is wrong');
    expect(new ManifestError({ source: 'a.yaml' }, 'no such file or directory').message).toBe('a.yaml: no such file or directory');
    expect(new ManifestError({ source: 'a.yaml', object: 'Service default/web' }, 'x').message).toBe('a.yaml (Service default/web): x');
    expect(new ManifestError({ object: 'Service default/web' }, 'x').message).toBe('Service default/web: x');
    expect(new ManifestError({}, 'x').message).toBe('manifests: x');
  });

  test('syntax errors', () => {
    const error = ManifestError.syntax('bad.yaml', 4, 3, 'Map keys must be unique');
    expect(error.message).toBe('bad.yaml: YAML syntax error at line 4, column 3: Map keys must be unique');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ManifestError');
  });

  test('about a loaded object uses its origin', () => {
    const [, vs] = loadYaml('apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n'
      + 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: counter}\n', 'dist/apps.k8s.yaml');
    expect(describeObject(vs)).toBe('VirtualService default/counter');
    expect(ManifestError.about(vs, 'spec.gateways[0] is empty', 'name a Gateway as NS/NAME').message)
      .toBe('dist/apps.k8s.yaml (document 2, VirtualService default/counter): spec.gateways[0] is empty; name a Gateway as NS/NAME');
    const [fromObjects] = loadObjects([null, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }]);
    expect(ManifestError.about(fromObjects, 'x').message).toBe('object 2 (Service default/web): x');
  });

  test('about an object that was not loaded names the object only', () => {
    const obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'apps' } };
    expect(originOf(obj)).toBeUndefined();
    expect(ManifestError.about(obj, 'x', 'y').message).toBe('Service apps/web: x; y');
  });
});

describe('originOf', () => {
  test('is not a property of the object and does not survive copies', () => {
    const [obj] = loadObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }]);
    expect(originOf(obj)).toBe('object 1');
    expect(Object.keys(obj)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(JSON.parse(JSON.stringify(obj))).toEqual(obj);
    expect(originOf({ ...obj })).toBeUndefined();
  });
});

describe('src/manifests', () => {
  test('imports nothing upstream: no cdk8s, cdk8s-plus, constructs or src/constructs', () => {
    const dir = path.join(__dirname, '..', '..', 'src', 'manifests');
    for (const file of fs.readdirSync(dir)) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => /^(cdk8s|constructs)|constructs\/|\.\.\//.test(i))).toEqual([]);
    }
  });
});
