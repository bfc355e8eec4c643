/**
 * The boundaries the lint step keeps (set in .projenrc.ts): the one-way flow of src/ (DESIGN.md), where cdk8s may be
 * loaded, and no import cycles, types included. Each test lints a few lines with the project's .eslintrc.json and
 * expects the rule to report them.
 *
 * Type information is left out (`parserOptions.project: null`, and the two rules that need it are off): the rules
 * under test read imports only, and a program of the whole repository would take most of the test's time.
 */
import * as path from 'path';
import { LegacyESLint } from 'eslint/use-at-your-own-risk';
import { useTempDir } from '../support/manifests';

const ROOT = path.resolve(__dirname, '..', '..');
const WITHOUT_TYPES = {
  parserOptions: { project: null },
  rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/return-await': 'off' },
} as const;

/** The rule and message of each problem ESLint reports for `text` as the file `file` (relative to the repository). */
async function problems(file: string, text: string): Promise<Array<[string | null, string]>> {
  // import/no-cycle needs the linted file on disk (it fails on text that is no file); it has its own test below.
  const eslint = new LegacyESLint({ cwd: ROOT, overrideConfig: { ...WITHOUT_TYPES, rules: { ...WITHOUT_TYPES.rules, 'import/no-cycle': 'off' } } });
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => [m.ruleId, m.message]);
}

describe('the one-way flow of src/', () => {
  test('the engine may not import a construct', async () => {
    expect(await problems('src/engine/x.ts', "import { HttpRoute } from '../constructs/http-route';\n\nexport const route = HttpRoute;\n"))
      .toEqual([['import/no-restricted-paths', expect.stringContaining('src/engine may import only src/istio, src/manifests')]]);
  });

  test.each([
    ['src/engine/x.ts', '../analyze/analyze'],
    ['src/engine/x.ts', '../verify/verify'],
    ['src/analyze/x.ts', '../verify/verify'],
    ['src/verify/x.ts', '../analyze/analyze'],
    ['src/engine/x.ts', '../format/route-table'],
    ['src/verify/x.ts', '../format/verify-report'],
    ['src/format/x.ts', '../cli/output-format'],
    ['src/format/x.ts', '../constructs/ingress-gateway'],
    ['src/engine/x.ts', '../schema/crd-schema-validator'],
    ['src/manifests/x.ts', '../engine/traffic-engine'],
    ['src/istio/x.ts', '../manifests/kube-object'],
    ['src/cli/x.ts', '../constructs/ingress-gateway'],
    ['src/engine/x.ts', '../imports/networking.istio.io'],
    ['src/plugin/x.ts', '../index'],
  ])('%s may not import %s', async (file, module) => {
    expect((await problems(file, `import * as m from '${module}';\n\nexport const x = m;\n`)).map(([rule]) => rule))
      .toEqual(['import/no-restricted-paths']);
  });

  test('a layer may import the layers below it', async () => {
    expect(await problems('src/analyze/x.ts', "import { TrafficEngine } from '../engine/traffic-engine';\n\nexport const engine = TrafficEngine;\n")).toEqual([]);
    expect(await problems('src/format/x.ts', "import { VerifyReport } from '../verify/verify';\n\nexport type R = VerifyReport;\n")).toEqual([]);
    expect(await problems('src/cli/x.ts', "import { formatDecision } from '../format/decision';\n\nexport const f = formatDecision;\n")).toEqual([]);
  });
});

describe('packages', () => {
  test.each([
    ['src/analyze/x.ts', 'cdk8s'],
    ['src/engine/x.ts', 'constructs'],
    ['src/verify/x.ts', 'cdk8s-plus-33'],
    ['src/plugin/x.ts', 'cdk8s-cli/lib/plugins/validation'],
    ['src/engine/x.ts', 'commander'],
    ['src/engine/x.ts', 'ajv'],
  ])('%s may not import %s', async (file, name) => {
    expect(await problems(file, `import * as p from '${name}';\n\nexport const x = p;\n`))
      .toContainEqual(['no-restricted-imports', expect.stringContaining(`'${name}' import is restricted`)]);
  });

  test('the constructs may import cdk8s', async () => {
    expect(await problems('src/constructs/x.ts', "import { App } from 'cdk8s';\n\nexport const app = App;\n")).toEqual([]);
  });
});

describe('import cycles', () => {
  const dir = useTempDir('lint-cycle-');

  test('a cycle of plain imports of types is reported', async () => {
    dir.write({
      'a.ts': "import { B } from './b';\n\nexport interface A { readonly b?: B }\n",
      'b.ts': "import { A } from './a';\n\nexport interface B { readonly a?: A }\n",
    });
    // The project's configuration as a file, since the files are outside the repository.
    const eslint = new LegacyESLint({ cwd: ROOT, useEslintrc: false, overrideConfigFile: path.join(ROOT, '.eslintrc.json'), overrideConfig: WITHOUT_TYPES });
    const [result] = await eslint.lintFiles([path.join(dir.root, 'a.ts')]);
    expect(result.messages.map((m) => m.ruleId)).toEqual(['import/no-cycle']);
  });

  test('src/ imports types of its own modules with plain imports, which import/no-cycle sees', async () => {
    expect(await problems('src/engine/x.ts', "import type { Decision } from './decision';\n\nexport type X = Decision;\n"))
      .toEqual([['no-restricted-syntax', expect.stringContaining('import/no-cycle does not see `import type`')]]);
    expect(await problems('src/engine/x.ts', "import { type Decision } from './decision';\n\nexport type X = Decision;\n"))
      .toEqual([['no-restricted-syntax', expect.stringContaining('import/no-cycle does not see')]]);
  });
});

describe('typed data below the loader', () => {
  test.each(['src/analyze/x.ts', 'src/model/x.ts', 'src/engine/x.ts', 'src/format/x.ts'])('%s may not use any', async (file) => {
    expect((await problems(file, 'export function f(value: any): string {\n  return String(value);\n}\n')).map(([rule]) => rule))
      .toEqual(['@typescript-eslint/no-explicit-any']);
  });

  test('the model may import the schema validator, the engine the model', async () => {
    expect(await problems('src/model/x.ts', "import { CrdSchemaValidator } from '../schema/crd-schema-validator';\n\nexport const v = CrdSchemaValidator;\n")).toEqual([]);
    expect(await problems('src/engine/x.ts', "import { admit } from '../model/admission';\n\nexport const a = admit;\n")).toEqual([]);
  });

  test('the model may not import the engine', async () => {
    expect((await problems('src/model/x.ts', "import { compile } from '../engine/compile';\n\nexport const c = compile;\n")).map(([rule]) => rule))
      .toEqual(['import/no-restricted-paths']);
  });
});
