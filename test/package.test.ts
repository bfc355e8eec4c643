/**
 * The package manifest as npm and TypeScript read it: every sub-path export resolves under node10 resolution too, the
 * package builds itself when packed, and no cdk8s-plus release is needed at runtime. (The consumer test,
 * `npx projen test:consumer`, packs and installs the package for real.)
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  scripts: Record<string, string>;
  files: string[];
};

const subPaths = Object.entries(manifest.exports).filter(([name]) => name !== '.' && name !== './package.json');

test.each(subPaths)('the sub-path %s has types for node10 resolution (typesVersions) and node16 (exports), built from src/', (name, target) => {
  expect(typeof target).toBe('object');
  const { types, default: js } = target as { types: string; default: string };
  expect(manifest.typesVersions['*'][name.replace(/^\.\//, '')]).toEqual([types.replace(/^\.\//, '')]);
  expect(js.replace(/\.js$/, '.d.ts')).toEqual(types);
  expect(fs.existsSync(path.join(root, types.replace(/^\.\/lib\//, 'src/').replace(/\.d\.ts$/, '.ts')))).toBe(true);
});

test('typesVersions maps nothing that is not exported', () => {
  expect(Object.keys(manifest.typesVersions['*']).sort()).toEqual(subPaths.map(([name]) => name.replace(/^\.\//, '')).sort());
});

test('npm pack builds lib/ first and ships the build, the CRDs the schema validator reads, and the docs', () => {
  expect(manifest.scripts.prepack).toBeDefined();
  expect(manifest.files).toEqual(expect.arrayContaining(['lib/**/*.js', 'lib/**/*.d.ts', 'crds/*.yaml', 'API.md']));
});

test('every cdk8s-plus release from 28 to 33 is an optional peer', () => {
  const plus = Object.keys(manifest.peerDependencies).filter((name) => name.startsWith('cdk8s-plus-'));
  expect(plus.sort()).toEqual(['28', '29', '30', '31', '32', '33'].map((v) => `cdk8s-plus-${v}`));
  for (const name of plus) {
    expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
  }
});

test('no module of the library imports a cdk8s-plus release: a user may have any one, or none', () => {
  const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
  const importing = sources(path.join(root, 'src'))
    .filter((file) => /(from\s+|require\()\s*'cdk8s-plus-\d+'/.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(root, file));
  expect(importing).toEqual([]);
});
