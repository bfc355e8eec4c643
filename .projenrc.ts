import { JsonFile, javascript, typescript } from 'projen';

const project = new typescript.TypeScriptProject({
  name: 'cdk8s-istio-gateway',
  description: 'Typed cdk8s constructs for an Istio ingress gateway and its routes, synthesized consistently and checked before deploy.',
  keywords: ['cdk8s', 'istio', 'ingress', 'gateway', 'virtualservice', 'kubernetes', 'envoy'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',
  typescriptVersion: '~5.9.3',
  github: false,
  release: false,
  depsUpgrade: false,
  sampleCode: false,
  deps: ['yaml@^2.9.0', 'ajv@^8.20.0', 'ajv-formats@^3.0.1', 're2js@^2.10.0', 'commander@^14.0.0'],
  peerDeps: ['cdk8s@^2.68.11', 'cdk8s-plus-28@^2.5.6', 'constructs@^10.3.0'],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'cdk8s@^2.70.0', 'cdk8s-plus-28@^2.5.6', 'constructs@^10.4.0', 'cdk8s-cli@^2',
    'typedoc@^0.28', 'typedoc-plugin-markdown@^4', 'fast-check@^4', 'kubernetes-models@^4.5.0',
  ],
  jestOptions: {
    jestVersion: '^29',
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
      testTimeout: 30_000,
    },
  },
  eslintOptions: {
    dirs: ['src', 'test', 'examples', 'scripts', 'bench'],
    ignorePatterns: ['src/imports/**', '*.d.ts', '*.js', 'node_modules/', 'coverage', 'dist/'],
    commandOptions: { fix: false },
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    compilerOptions: { skipLibCheck: true },
  },
  gitignore: ['dist/', '.typedoc-out/'],
});

// The main entry never loads the CLI or the jest matchers: they are sub-path exports.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './jest': { types: './lib/verify/jest.d.ts', default: './lib/verify/jest.js' },
  './plugin': { types: './lib/plugin/validation-plugin.d.ts', default: './lib/plugin/validation-plugin.js' },
  './package.json': './package.json',
});
project.addBins({ 'cdk8s-istio-gateway': 'lib/cli/main.js' });

// Typed classes for the Istio and cert-manager kinds, generated from the vendored CRDs.
project.addTask('import', {
  description: 'Generate src/imports/ from the vendored CRDs in crds/',
  exec: 'node scripts/import-crds.js',
});

// API.md from TSDoc; the test task fails when it or src/imports/ is stale.
const typedoc = 'typedoc --plugin typedoc-plugin-markdown --entryPoints src/index.ts --tsconfig tsconfig.json '
  + '--router module --outputFileStrategy modules --entryFileName API.md --mergeReadme false --readme none '
  + '--hidePageHeader --hideBreadcrumbs --disableSources --excludePrivate --excludeInternal --excludeExternals '
  + '--validation.notDocumented --treatWarningsAsErrors --logLevel Warn --out';
const docgen = project.addTask('docgen', {
  description: 'Generate API.md from the TSDoc of the public API',
  exec: `${typedoc} .typedoc-out && mv .typedoc-out/API.md API.md && rm -rf .typedoc-out`,
});
project.addTask('docgen:to', {
  description: 'Generate API.md into the directory given as argument',
  exec: typedoc,
  receiveArgs: true,
});
project.testTask.spawn(project.addTask('api:check', {
  description: 'Fail when API.md does not match the public API (run `npx projen docgen`)',
  exec: 'node scripts/check-generated.js api',
}));
project.testTask.spawn(project.addTask('imports:check', {
  description: 'Fail when src/imports/ does not match crds/ (run `npx projen import`)',
  exec: 'node scripts/check-generated.js imports',
}));
project.postCompileTask.spawn(docgen);

// The main job: synthesize every example into dist/*.k8s.yaml.
project.addTask('synth', {
  description: 'Synthesize examples/ into dist/*.k8s.yaml',
  exec: 'ts-node --project tsconfig.dev.json scripts/synth-examples.ts',
});

// Engine benchmarks; results go to BENCHMARKS.md.
project.addTask('bench', {
  description: 'Run the engine benchmarks and write BENCHMARKS.md',
  exec: 'node --expose-gc -r ts-node/register/transpile-only bench/run.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
});

new JsonFile(project, 'tsdoc.json', {
  marker: false,
  obj: { extends: ['typedoc/tsdoc.json'], tagDefinitions: [{ tagName: '@schema', syntaxKind: 'block' }] },
});

project.synth();
