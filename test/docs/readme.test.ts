/**
 * The README's "Use" example is the program the consumer test runs in a fresh cdk8s app (test/consumer/app/main.ts),
 * it analyzes to zero findings, and the decision the README prints for it is the engine's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyze, Decision, loadFiles, TrafficEngine } from '../../src';

const root = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const example = fs.readFileSync(path.join(root, 'test', 'consumer', 'app', 'main.ts'), 'utf8');

/** The first fenced block of `language` after the heading `heading`. */
function blockAfter(heading: string, language: string): string {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) {
    throw new Error(`README.md has no ${language} block after '${heading}'`);
  }
  return match[1];
}

let outdir: string;
beforeAll(() => {
  // Runs the example as `cdk8s synth` would, writing into a temporary output directory.
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-use-'));
  process.env.CDK8S_OUTDIR = outdir;
  try {
    // The example is a program, not a module: requiring it runs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    jest.isolateModules(() => require('../consumer/app/main'));
  } finally {
    delete process.env.CDK8S_OUTDIR;
  }
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('the Use example is the consumer app\'s main.ts', () => {
  expect(blockAfter('## Use', 'ts')).toEqual(example);
});

test('the Use example synthesizes both charts and analyzes to zero findings', () => {
  expect(fs.readdirSync(outdir).sort()).toEqual(['apps.k8s.yaml', 'ingress.k8s.yaml']);
  expect(analyze(loadFiles([outdir]))).toEqual([]);
});

test('the decision the README shows for the Use example is the engine\'s', () => {
  const decision: Decision = TrafficEngine.fromFiles([outdir]).route({ nodePort: 30443, host: 'counter.lab.example.com', path: '/' });
  const [destination] = decision.destinations;
  const shown = blockAfter('## Verify traffic before you deploy', 'ts');
  expect(shown).toContain([
    `// { action: '${decision.action}', reason: '${decision.reason}', status: ${decision.status}, gateway: '${decision.gateway}',`,
    `//   server: { port: ${decision.server?.port}, protocol: '${decision.server?.protocol}', name: '${decision.server?.name}' }, virtualService: '${decision.virtualService}',`,
    `//   rule: { index: ${decision.rule?.index}, name: ${decision.rule?.name} },`,
    `//   destinations: [{ host: '${destination.host}', port: ${destination.port}, subset: ${destination.subset}, weight: ${destination.weight} }],`,
  ].join('\n'));
  expect(decision.destinations).toHaveLength(1);
});
