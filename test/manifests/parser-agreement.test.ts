/**
 * Manifests are parsed with js-yaml unless the text has a feature the two parsers read differently, and with the
 * `yaml` library otherwise (src/manifests/yaml-differences.ts). These tests hold the result to be the `yaml` library's
 * own reading, values and error messages alike: on every YAML file of the repository, on synthesized manifests, on
 * texts chosen for the known differences, and on generated texts.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { yamlTextArbitrary } from './yaml-text-arbitrary';
import { manifestsYaml, manyVirtualServices } from '../../bench/configs';
import { EXAMPLES } from '../../examples';
import { parseDocuments, parseDocumentsWithYaml } from '../../src/manifests/parse-documents';
import { GATEWAY_WORKLOAD, publicGateway } from '../analyze/support';
import { CHART_GATEWAY, gateway, httpServer, routeAllTo, virtualService } from '../engine/gateway-fixtures';
import { httpGateway } from '../support/istio-yaml';
import { synthApp } from '../support/synth';

const root = path.join(__dirname, '..', '..');

/** What a parse gives: the documents, or the message of the error it throws. */
type Outcome = { documents: unknown[] } | { error: string };

function outcome(parse: (text: string, source: string) => { documents: unknown[] }, text: string): Outcome {
  try {
    return { documents: parse(text, 'x.yaml').documents };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** True when js-yaml read the text (the `yaml` library's documents are never `fresh`; JSON's are). */
function readByJsYaml(text: string): boolean {
  return !/^\uFEFF?\s*[[{]/.test(text) && parseDocuments(text, 'x.yaml').fresh;
}

/** Every YAML file of the repository outside node_modules and build output, by path. */
function repositoryYamlFiles(): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory() && !['node_modules', 'lib', 'coverage', '.git', 'test-reports'].includes(entry.name)) {
        visit(relative);
      } else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) {
        found.push(relative);
      }
    }
  };
  visit('.');
  return found.sort();
}

describe('manifest parsing reads what the yaml library reads', () => {
  const files = repositoryYamlFiles();

  // `yaml` warns (a process warning) for each collection key it stringifies; the generated texts have many.
  let emitWarning: jest.SpyInstance;
  beforeAll(() => {
    emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterAll(() => emitWarning.mockRestore());

  test('the repository has YAML files to compare (vendored CRDs, example cases)', () => {
    expect(files).toEqual(expect.arrayContaining([path.join('crds', 'istio-networking.yaml'), path.join('examples', 'canary.cases.yaml')]));
  });

  test.each(files)('%s', (file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    expect(outcome(parseDocuments, text)).toEqual(outcome(parseDocumentsWithYaml, text));
  });

  test('the vendored CRDs (multi-line quoted and block scalars, CEL rules) are read by js-yaml', () => {
    for (const file of files.filter((f) => f.startsWith('crds'))) {
      expect([file, readByJsYaml(fs.readFileSync(path.join(root, file), 'utf8'))]).toEqual([file, true]);
    }
  });

  test.each(Object.keys(EXAMPLES))('the synthesized example %s is read by js-yaml, to the same documents', (name) => {
    const { yaml } = synthApp(EXAMPLES[name]);
    expect(outcome(parseDocuments, yaml)).toEqual(outcome(parseDocumentsWithYaml, yaml));
    expect(readByJsYaml(yaml)).toBe(true);
  });

  test('hand-written fixtures and the benchmark manifests read the same', () => {
    const texts = [
      GATEWAY_WORKLOAD, publicGateway(), httpGateway('public', { hosts: "['a.example.com', '*.b.example.com']" }), CHART_GATEWAY,
      gateway('public', httpServer(80, "['*']")), virtualService('web', 'apps', "['web.example.com']", "['istio-system/public']", routeAllTo('web', 80)),
      manifestsYaml(manyVirtualServices(20, 10)),
    ];
    for (const text of texts) {
      expect(outcome(parseDocuments, text)).toEqual(outcome(parseDocumentsWithYaml, text));
    }
    expect(readByJsYaml(manifestsYaml(manyVirtualServices(20, 10)))).toBe(true);
  });

  // Texts where js-yaml alone reads another value (or accepts what `yaml` rejects), with what `yaml` reads.
  const differences: Array<[string, string, unknown[] | string]> = [
    ['numbers of the core schema', 'a: [0o17, 017, 0x1F, 1e3, -.5, +.5, .inf, -.Inf, .nan, -0]', [{ a: [15, 17, 31, 1000, -0.5, 0.5, Infinity, -Infinity, NaN, -0] }]],
    ['strings that other schemas read as numbers', 'a: [0b101, -0x1F, +0o17, 1_000, 0X1F]', [{ a: ['0b101', '-0x1F', '+0o17', '1_000', '0X1F'] }]],
    ['YAML 1.1 booleans, timestamps, null', 'a: [yes, no, on, off, y, 2001-12-14, ~, null, Null]', [{ a: ['yes', 'no', 'on', 'off', 'y', '2001-12-14', null, null, null] }]],
    ['a tag that does not resolve', 'a: !!float 1\nb: !!str 12\nc: !!int "7"', [{ a: '1', b: '12', c: 7 }]],
    ['an unknown tag', 'a: !foo bar', [{ a: 'bar' }]],
    ['a %YAML 1.1 directive', '%YAML 1.1\n---\na: yes', [{ a: true }]],
    ['null keys', '~: a\n', [{ '': 'a' }]],
    ['a sequence as a key', '? [a]\n: x\n', [{ '[ a ]': 'x' }]],
    ['a mapping as a key in a flow mapping', '{{a: 1}, b: 2}', [{ '{ a: 1 }': null, 'b': 2 }]],
    ['anchors, aliases and merge keys', 'base: &b {x: 1, y: 2}\ncopy: *b\nmerged: {<<: *b, y: 3}', [{ base: { x: 1, y: 2 }, copy: { x: 1, y: 2 }, merged: { x: 1, y: 3 } }]],
    ['a merge key without an anchor', 'a: {<<: {x: 1}, y: 2}', [{ a: { x: 1, y: 2 } }]],
    ['an empty entry before a less indented one', '- -\n- b', [[[null], 'b']]],
    ['keep chomping at the end of the text', 'a: |+\n  x\n  ', [{ a: 'x\n' }]],
    ['an indentation indicator at the top of a document', '|1\n x', ['x\n']],
    ['a stream of comments', '# nothing\n', []],
    ['duplicate keys', 'a: 1\na: 2', 'x.yaml: YAML syntax error at line 2, column 1: Map keys must be unique'],
    ['content on a --- line', '--- a: 1', 'x.yaml: YAML syntax error at line 1, column 5: Block collection cannot start on same line with directives-end marker'],
    ['a comment glued to a quoted scalar', 'a: "b"#c', 'x.yaml: YAML syntax error at line 1, column 7: Comments must be separated from other tokens by white space characters'],
    ['an empty entry followed by a less indented one under a key', 'k:\n  -\n- b', 'x.yaml: YAML syntax error at line 2, column 4: A block sequence may not be used as an implicit map key'],
    ['a quoted scalar continued at its key\'s indentation', 'a:\n  b: "x\n  y"', 'x.yaml: YAML syntax error at line 2, column 8: Missing closing "quote'],
    ['a flow sequence continued at its key\'s indentation', 'spec:\n  hosts: [\n  a]\n', 'x.yaml: YAML syntax error at line 3, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['a tab in indentation at the top', '\ta: 1', 'x.yaml: YAML syntax error at line 1, column 1: Tabs are not allowed as indentation'],
    ['an implicit key of more than 1024 characters', `${'k'.repeat(1030)}: v`, 'x.yaml: YAML syntax error at line 1, column 1: The : indicator must be at most 1024 chars after the start of an implicit block mapping key'],
  ];

  test.each(differences)('%s', (_what, text, expected) => {
    const reference = outcome(parseDocumentsWithYaml, text);
    expect(reference).toEqual(typeof expected === 'string' ? { error: expected } : { documents: expected });
    expect(outcome(parseDocuments, text)).toEqual(reference);
  });

  test.each([
    ['js-yaml', 'x: {__proto__: [a, b]}'],
    ['the yaml library', 'x: &anchor {__proto__: [a, b]}'],
  ])('a __proto__ key is data when %s reads it', (parser, text) => {
    const [document] = parseDocuments(text, 'x.yaml').documents as Array<{ x: object }>;
    expect(Object.getPrototypeOf(document.x)).toBe(Object.prototype);
    expect(Object.keys(document.x)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(document.x, '__proto__')?.value).toEqual(['a', 'b']);
    expect(readByJsYaml(text)).toBe(parser === 'js-yaml');
  });

  test('generated YAML texts (styles, tricky scalars, typos) read the same, most valid ones by js-yaml', () => {
    let valid = 0;
    let byJsYaml = 0;
    fc.assert(fc.property(yamlTextArbitrary, (text) => {
      const reference = outcome(parseDocumentsWithYaml, text);
      expect(outcome(parseDocuments, text)).toEqual(reference);
      if ('documents' in reference) {
        valid++;
        byJsYaml += readByJsYaml(text) ? 1 : 0;
      }
    }), { numRuns: 1000 });
    // The property would hold trivially if every text went to the yaml library.
    expect(byJsYaml).toBeGreaterThan(valid / 2);
  });

  test('generated token soups (YAML indicators, blanks, line breaks, markers) read the same', () => {
    const tokens = ['a', 'k: ', '1', '0x1', '- ', '-', ':', ': ', ' ', '\n', '\n  ', '\t', '[', ']', '{', '}', ', ', '#', ' #c', "'", '"',
      '|', '>', '|-', '>+', '|2', '? ', '!', '!!str ', '%', '@', '---', '--- ', '\n---\n', '\n...\n', '~', 'null', '\\', '\r\n', '\r', '<<: ',
      '.5', 'x y', '"q"', "'s'", '\n- ', '\n  - ', '\u00a0', '\ufeff', '\u2028', '\x01', ': |\n  ', '*a', '&a ', '&', '"a b', "'a b"];
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 16 }), (parts) => {
      const text = parts.join('');
      expect(outcome(parseDocuments, text)).toEqual(outcome(parseDocumentsWithYaml, text));
    }), { numRuns: 3000 });
  });
});
