import * as fs from 'fs';
import * as path from 'path';
import { KubeObject, loadFiles, originOf } from '../../src/manifests';
import { errorOf, useTempDir } from '../support/manifests';

const service = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}`;

const names = (objects: KubeObject[]) => objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('loadFiles', () => {
  const tmp = useTempDir('manifests-');
  const { write } = tmp;

  test('reads a directory recursively, only *.yaml, *.yml and *.json, in lexical order within each directory', () => {
    write({
      'z.yaml': service('z'),
      'a/b.yaml': service('a-b'),
      'a-c.yml': service('a-c'),
      'b.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } }),
      'c.yaml': `${service('c1')}---\n${service('c2', 'apps')}`,
      'a/deeper/d.yml': service('d'),
      'README.md': 'not a manifest',
      'notes.txt': 'apiVersion: v1',
      'x.YAML': service('upper-case-extension'),
      'kustomization.yaml.bak': service('backup'),
      'empty.yaml': '',
      'empty-dir/.keep': '',
    });
    process.chdir(tmp.root);
    const objects = loadFiles(['.']);
    expect(names(objects)).toEqual(['default/a-b', 'default/d', 'default/a-c', 'default/b', 'default/c1', 'apps/c2', 'default/z']);
    expect(objects.map(originOf)).toEqual([
      `.${path.sep}a${path.sep}b.yaml (document 1)`,
      `.${path.sep}a${path.sep}deeper${path.sep}d.yml (document 1)`,
      `.${path.sep}a-c.yml (document 1)`,
      `.${path.sep}b.json (document 1)`,
      `.${path.sep}c.yaml (document 1)`,
      `.${path.sep}c.yaml (document 2)`,
      `.${path.sep}z.yaml (document 1)`,
    ]);
    expect(loadFiles([tmp.root]).map(originOf)).toEqual(objects.map((o) => originOf(o)!.replace(/^\./, tmp.root)));
  });

  test('keeps paths as given: relative stays relative, a trailing separator is not doubled', () => {
    write({ 'manifests/web.yaml': service('web') });
    process.chdir(tmp.root);
    expect(originOf(loadFiles(['./manifests/'])[0])).toBe('./manifests/web.yaml (document 1)');
    expect(originOf(loadFiles(['manifests'])[0])).toBe(`manifests${path.sep}web.yaml (document 1)`);
    expect(originOf(loadFiles(['manifests/web.yaml'])[0])).toBe('manifests/web.yaml (document 1)');
  });

  test('reads files named explicitly whatever their extension, in the order given', () => {
    write({ 'one.txt': service('one'), 'two.yaml': service('two') });
    expect(names(loadFiles([path.join(tmp.root, 'two.yaml'), path.join(tmp.root, 'one.txt')]))).toEqual(['default/two', 'default/one']);
  });

  test('applies the namespace option to objects without a namespace', () => {
    write({ 'a.yaml': `${service('a')}---\n${service('b', 'apps')}` });
    expect(names(loadFiles([tmp.root], { namespace: 'team' }))).toEqual(['team/a', 'apps/b']);
  });

  test('a directory without manifest files, or an empty list of paths, loads nothing', () => {
    write({ 'docs/readme.md': '# hi', 'nested/deeper/.keep': '' });
    expect(loadFiles([tmp.root])).toEqual([]);
    expect(loadFiles([])).toEqual([]);
  });

  test('follows symlinked files but not symlinked directories', () => {
    write({ 'real/a.yaml': service('a'), 'outside/b.yaml': service('b') });
    fs.symlinkSync(path.join(tmp.root, 'outside', 'b.yaml'), path.join(tmp.root, 'real', 'b.yaml'));
    fs.symlinkSync(path.join(tmp.root, 'outside'), path.join(tmp.root, 'real', 'linked-dir.yaml'));
    fs.symlinkSync(path.join(tmp.root, 'real'), path.join(tmp.root, 'real', 'loop'));
    expect(names(loadFiles([path.join(tmp.root, 'real')]))).toEqual(['default/a', 'default/b']);
  });

  test('a missing path is a one-line error naming the path as given', () => {
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['missing/app.yaml']))).toBe('missing/app.yaml: no such file or directory');
  });

  test('a path through a file is "not a directory"', () => {
    write({ 'a.yaml': service('a') });
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['a.yaml/b.yaml']))).toBe('a.yaml/b.yaml: not a directory');
  });

  test('a dangling symlink in a directory is reported by its path', () => {
    write({ 'dir/a.yaml': service('a') });
    fs.symlinkSync(path.join(tmp.root, 'nowhere.yaml'), path.join(tmp.root, 'dir', 'b.yaml'));
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['dir']))).toBe(`dir${path.sep}b.yaml: no such file or directory`);
  });

  test('a symlink loop is reported by its path', () => {
    fs.symlinkSync(path.join(tmp.root, 'loop.yaml'), path.join(tmp.root, 'loop.yaml'));
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['loop.yaml']))).toBe('loop.yaml: too many levels of symbolic links');
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? test.skip : test)('an unreadable file is "permission denied"', () => {
    write({ 'secret.yaml': service('s') });
    fs.chmodSync(path.join(tmp.root, 'secret.yaml'), 0o000);
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['secret.yaml']))).toBe('secret.yaml: permission denied');
  });

  test('YAML syntax errors name the file and the line', () => {
    write({ 'apps/bad.yaml': `${service('a')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n name: c\n` });
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['apps/bad.yaml']))).toBe('apps/bad.yaml: YAML syntax error at line 10, column 1: All mapping items must start at the same column');
  });

  test('object errors name the file, the document and the object', () => {
    write({ 'examples/bad.yaml': `${service('web')}---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {namespace: default}\n` });
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['examples/bad.yaml']))).toBe(
      'examples/bad.yaml (document 2, VirtualService): metadata.name is missing; give every object a metadata.name');
  });
});
