/**
 * Inputs that are not manifests, or hardly: files that are not text, nesting deep enough to exhaust a recursive
 * parser, and paths that hold no objects. Each is one line naming the file (and the document), never a stack trace.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadFiles, LoadOptions, loadObjects, loadYaml, LoadWarning, ManifestError } from '../../src/manifests';
import { errorOf, useTempDir } from '../support/manifests';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n';

/** The message of the ManifestError `load` throws, checked to be one line. */
function oneLineError(load: () => unknown): string {
  const message = errorOf(load);
  expect(message).not.toContain('\n');
  return message;
}

/** Loads with a warning collector; returns the object names and the warning messages. */
function withWarnings(load: (options: LoadOptions) => Array<{ metadata: { name: string } }>): { names: string[]; warnings: string[] } {
  const warnings: LoadWarning[] = [];
  const names = load({ onWarning: (warning) => warnings.push(warning) }).map((o) => o.metadata.name);
  for (const warning of warnings) {
    expect(warning.message).toBe(`${warning.source}: ${warning.problem}`);
  }
  return { names, warnings: warnings.map((w) => w.message) };
}

describe('files that are not text', () => {
  const tmp = useTempDir('odd-inputs-');

  test('a file with NUL bytes, named explicitly, is not a text file', () => {
    fs.writeFileSync(path.join(tmp.root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    process.chdir(tmp.root);
    expect(oneLineError(() => loadFiles(['logo.png']))).toBe('logo.png: is not a text file (it contains NUL bytes); give a YAML or JSON manifest');
  });

  test('a file that is not UTF-8 is not a text file', () => {
    fs.writeFileSync(path.join(tmp.root, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: caf\xe9}\n', 'latin1'));
    process.chdir(tmp.root);
    expect(oneLineError(() => loadFiles(['latin1.yaml']))).toBe('latin1.yaml: is not a text file (it is not valid UTF-8); give a YAML or JSON manifest');
  });

  test('in a directory, a binary *.yaml is an error (kubectl reads it too) and a binary file of another name is skipped', () => {
    tmp.write({ 'manifests/a.yaml': SERVICE });
    fs.writeFileSync(path.join(tmp.root, 'manifests', 'archive.tar.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]));
    process.chdir(tmp.root);
    expect(loadFiles(['manifests']).map((o) => o.metadata.name)).toEqual(['web']);

    fs.writeFileSync(path.join(tmp.root, 'manifests', 'b.yaml'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]));
    expect(oneLineError(() => loadFiles(['manifests']))).toBe(`manifests${path.sep}b.yaml: is not a text file (it contains NUL bytes); `
      + 'move it out of the directory, or rename it: every *.yaml, *.yml and *.json file in a directory is read (as kubectl reads them)');
  });

  test('UTF-16 with a byte order mark is read, as kubectl reads it', () => {
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICE, 'utf16le')]);
    const utf16be = Buffer.from(utf16le.subarray(2)).swap16();
    fs.writeFileSync(path.join(tmp.root, 'le.yaml'), utf16le);
    fs.writeFileSync(path.join(tmp.root, 'be.yaml'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]));
    expect(loadFiles([path.join(tmp.root, 'le.yaml'), path.join(tmp.root, 'be.yaml')]).map((o) => o.metadata.name)).toEqual(['web', 'web']);
  });

  test('UTF-16 that is cut in the middle of a character is not a text file', () => {
    fs.writeFileSync(path.join(tmp.root, 'cut.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SERVICE, 'utf16le').subarray(1)]));
    process.chdir(tmp.root);
    expect(oneLineError(() => loadFiles(['cut.yaml']))).toBe(
      'cut.yaml: is not a text file (it starts with a UTF-16 byte order mark but is not valid UTF-16LE); give a YAML or JSON manifest');
  });

  test('text with NUL characters, e.g. from standard input, is refused too', () => {
    expect(oneLineError(() => loadYaml(`${SERVICE}\0\0`, '<stdin>'))).toBe('<stdin>: is not a text file (it contains NUL characters); give a YAML or JSON manifest');
  });
});

describe('nesting', () => {
  const fix = 'Kubernetes objects nest a few dozen levels at most: look for an unclosed [ or {, or a file that is not a manifest';

  /** A document whose deepest value, a number, is at `levels` (the document itself being level 1). */
  const nested = (levels: number) => `${'['.repeat(levels - 1)}1${']'.repeat(levels - 1)}`;

  test.each([
    ['100,000 unclosed [ (neither JSON nor YAML)', '['.repeat(100_000)],
    ['100,000 nested lists in JSON', nested(100_001)],
    ['100,000 nested lists in YAML', `# flow\n${nested(100_001)}`],
    ['100,000 nested mappings in JSON', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['100,000 nested block sequences in YAML', `${'- '.repeat(100_000)}x\n`],
  ])('%s: one line, no RangeError', (_what, text) => {
    expect(oneLineError(() => loadYaml(text, 'deep.yaml'))).toBe(`deep.yaml (document 1): nesting deeper than 500 levels; ${fix}`);
  });

  test('the document is named', () => {
    const deep = Array.from({ length: 600 }, (_, i) => `${' '.repeat(2 * i)}a:`).join('\n');
    expect(oneLineError(() => loadYaml(`${SERVICE}---\n${deep}\n`, 'deep.yaml'))).toBe(`deep.yaml (document 2): nesting deeper than 500 levels; ${fix}`);
  });

  // JSON, YAML read by js-yaml, and YAML read by the yaml library (an anchor sends it there) draw the line alike.
  test.each([
    ['JSON', (levels: number) => nested(levels)],
    ['YAML read by js-yaml', (levels: number) => `# flow\n${nested(levels)}`],
    ['YAML read by the yaml library', (levels: number) => `&anchor ${nested(levels)}`],
  ])('%s: 500 levels load, 501 do not', (_what, text) => {
    // A document of lists only is not an object: reaching that message means the nesting was accepted.
    expect(oneLineError(() => loadYaml(text(500), 'x.yaml'))).toMatch(/^x\.yaml \(document 1, item 1\): expected a Kubernetes object, found a list/);
    expect(oneLineError(() => loadYaml(text(501), 'x.yaml'))).toBe(`x.yaml (document 1): nesting deeper than 500 levels; ${fix}`);
  });

  test('objects passed in memory are not copied past the limit', () => {
    let spec: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) {
      spec = { spec };
    }
    expect(oneLineError(() => loadObjects([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, data: spec }]))).toBe(
      `object 1 (ConfigMap default/deep): nesting deeper than 500 levels; ${fix}`);
  });
});

describe('paths that hold no objects', () => {
  const tmp = useTempDir('empty-inputs-');

  test.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing yet\n'],
    ['a file of separators', '---\n---\n'],
    ['a file of blank lines and a byte order mark', '\uFEFF\n\n'],
  ])('%s loads nothing and is reported', (_what, content) => {
    tmp.write({ 'empty.yaml': content });
    process.chdir(tmp.root);
    expect(withWarnings((options) => loadFiles(['empty.yaml'], options))).toEqual({
      names: [],
      warnings: ['empty.yaml: holds no objects (it is empty, or only comments and document separators)'],
    });
  });

  test('a file of empty Lists is reported as such', () => {
    tmp.write({ 'lists.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' });
    process.chdir(tmp.root);
    expect(withWarnings((options) => loadFiles(['lists.yaml'], options)).warnings).toEqual(['lists.yaml: holds no objects (only Lists or arrays without items)']);
  });

  test('in a directory, each file without objects is reported, and the others load', () => {
    tmp.write({ 'dir/a.yaml': SERVICE, 'dir/b.yml': '# placeholder\n', 'dir/c.json': '[]' });
    process.chdir(tmp.root);
    expect(withWarnings((options) => loadFiles(['dir'], options))).toEqual({
      names: ['web'],
      warnings: [
        `dir${path.sep}b.yml: holds no objects (it is empty, or only comments and document separators)`,
        `dir${path.sep}c.json: holds no objects (only Lists or arrays without items)`,
      ],
    });
  });

  test('a directory without manifest files is reported', () => {
    tmp.write({ 'docs/readme.md': '# hi', 'docs/nested/.keep': '' });
    process.chdir(tmp.root);
    expect(withWarnings((options) => loadFiles(['docs'], options)).warnings).toEqual(
      ['docs: holds no manifest files (a directory is read for *.yaml, *.yml, *.json files)']);
  });

  test('a directory of only the files cdk8s writes beside the manifests is reported', () => {
    tmp.write({ 'dist/construct-metadata.json': '{"version":"1.0.0","resources":{}}' });
    process.chdir(tmp.root);
    expect(withWarnings((options) => loadFiles(['dist'], options)).warnings).toEqual(
      ['dist: holds no manifests (only files cdk8s writes beside them, which a directory read skips)']);
  });

  test('loadYaml reports a text without objects under its label', () => {
    expect(withWarnings((options) => loadYaml('---\n# empty\n', '<stdin>', options)).warnings).toEqual(
      ['<stdin>: holds no objects (it is empty, or only comments and document separators)']);
  });

  test('paths with objects are not reported, and without a listener nothing is', () => {
    tmp.write({ 'a.yaml': SERVICE, 'empty.yaml': '' });
    process.chdir(tmp.root);
    expect(withWarnings((options) => loadFiles(['a.yaml'], options)).warnings).toEqual([]);
    expect(loadFiles(['a.yaml', 'empty.yaml']).map((o) => o.metadata.name)).toEqual(['web']);
  });

  test('an error is still an error: a listener does not turn it into a warning', () => {
    tmp.write({ 'bad.yaml': 'a: [' });
    process.chdir(tmp.root);
    expect(() => loadFiles(['bad.yaml'], { onWarning: () => undefined })).toThrow(ManifestError);
  });
});
