import { JsonFile, javascript, typescript } from 'projen';

/** The cdk8s-plus releases a destination Service may come from (one package per Kubernetes minor). */
const CDK8S_PLUS_PEERS = ['cdk8s-plus-28@^2.5.6', 'cdk8s-plus-29@^2', 'cdk8s-plus-30@^2', 'cdk8s-plus-31@^2',
  'cdk8s-plus-32@^2', 'cdk8s-plus-33@^2'];
/** Pulumi, for the `/pulumi` sub-path only: optional, and loaded by no other entry. */
const PULUMI_PEERS = ['@pulumi/pulumi@^3.142.0', '@pulumi/kubernetes@^4.18.0'];

/** The package's sub-path exports, by the module under src/ (and lib/) that each one is. */
const SUB_PATHS: Record<string, string> = {
  jest: 'verify/jest',
  plugin: 'plugin/validation-plugin',
  // Without cdk8s or the constructs: load manifests, compile, decide, list routes, dump, verify; analyze.
  engine: 'engine-entry',
  analyze: 'analyze-entry',
  // The Pulumi adapter: loads @pulumi/pulumi and @pulumi/kubernetes, which no other entry does.
  pulumi: 'pulumi-entry',
  // The local gateway: Node's networking modules, which the main entry and /engine never load.
  proxy: 'proxy-entry',
};
/** Inside this repository, the package's own name (as examples and tests import it) means src/. */
const SELF_PATHS: Record<string, string> = {
  'cdk8s-istio-gateway': 'src/index.ts',
  ...Object.fromEntries(Object.entries(SUB_PATHS).map(([sub, file]) => [`cdk8s-istio-gateway/${sub}`, `src/${file}.ts`])),
};

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
  // kubernetes-types: types only (no code), for the core objects the gateway workload renders.
  // @peculiar/x509 (with the Reflect metadata polyfill it requires): certificates the in-process gateway makes for a
  // test, loaded only when it needs one (src/proxy/test-certificates.ts).
  deps: ['yaml@^2.9.0', 'js-yaml@^4.3.2', 'ajv@^8.20.0', 'ajv-formats@^3.0.1', 're2js@^2.10.0', 'commander@^14.0.0', 'kubernetes-types@^1.30.0',
    '@peculiar/x509@^2.2.0', 'reflect-metadata@^0.2.2', 'undici@^6.29.1'],
  // cdk8s-plus is optional: routes accept a Service of any cdk8s-plus version by its shape.
  peerDeps: ['cdk8s@^2.68.11', 'constructs@^10.3.0', ...CDK8S_PLUS_PEERS, ...PULUMI_PEERS],
  peerDependencyOptions: { pinnedDevDependency: false },
  devDeps: [
    'cdk8s@^2.70.0', 'cdk8s-plus-28@^2.5.6', 'cdk8s-plus-33@^2', 'constructs@^10.4.0', 'cdk8s-cli@^2', 'tsconfig-paths@^4',
    'typedoc@^0.28', 'typedoc-plugin-markdown@^4', 'fast-check@^4', 'kubernetes-models@^4.5.0', '@types/js-yaml@^4.0.9',
    'esbuild@^0.28.2',
    // @pulumi/pulumi 3.249 and later want Node 22: the development copy stays on the last release for Node 20.
    '@pulumi/pulumi@~3.248.0', '@pulumi/kubernetes@^4.34.0',
    // Stryker 10 wants Node 22; the jest runner's release must equal the core's.
    '@stryker-mutator/core@~9.6.1', '@stryker-mutator/jest-runner@~9.6.1',
  ],
  // Tests are transpiled file by file (fast); `typecheck` type-checks src, tests, examples and scripts once.
  tsJestOptions: { transformOptions: { tsconfig: typescript.TsJestTsconfig.fromFile('tsconfig.jest.json') } },
  jestOptions: {
    jestVersion: '^29',
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/', '/crd-validators/'],
      testTimeout: 30_000,
      // Both cores (jest's default leaves one idle, which runs every file in one process on a 2-core machine), and
      // no coverage in `npm test`: it more than doubles the run. `npx projen test:coverage` measures it.
      maxWorkers: '100%',
      collectCoverage: false,
      // test/consumer/ runs in a fresh app against the packed tarball (`test:consumer`), not in this project's jest.
      testPathIgnorePatterns: ['/node_modules/', '/test/consumer/'],
      // A mutation run's copy of the project (stryker.config.mjs) is not a second package.
      modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
      moduleNameMapper: Object.fromEntries(Object.entries(SELF_PATHS).map(([name, file]) => [`^${name}$`, `<rootDir>/${file}`])),
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
  // Declarations keep @internal symbols: public classes extend internal bases, and a consumer's tsc
  // (without skipLibCheck) must find them. Source maps sit beside the code (.js.map, with the sources in them), not
  // inline: inline they double every file Node reads and scans when the CLI starts, and nobody reads them unless
  // asked to (`node --enable-source-maps`).
  tsconfig: { compilerOptions: { stripInternal: false, inlineSourceMap: false, sourceMap: true, inlineSources: true } },
  tsconfigDev: {
    include: ['examples/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules', 'lib', 'dist', 'coverage'],
    // Examples import the package by name, as its users do; in this repository the name means src/.
    compilerOptions: {
      skipLibCheck: true,
      baseUrl: '.',
      paths: Object.fromEntries(Object.entries(SELF_PATHS).map(([name, file]) => [name, [file]])),
    },
  },
  gitignore: ['dist/', '.typedoc-out/', '/reports/mutation/', '.stryker-tmp/', '/tools/istio-oracle/bin/'],
});

project.package.addField('peerDependenciesMeta',
  Object.fromEntries([...CDK8S_PLUS_PEERS, ...PULUMI_PEERS].map((spec) => [spec.replace(/(.)@.*$/, '$1'), { optional: true }])));

// Boundaries the lint step keeps (DESIGN.md, "Data flows one way"; test/lint/boundaries.test.ts shows they bite).
// Each directory of src/ may import only itself and the directories listed for it: the model, engine, analyzer,
// verifier and adapters take plain objects and never reach the constructs (or cdk8s); the constructs sit on top and
// may call down (the analyzer at synth). src/imports (generated, loads cdk8s) is for the constructs only; nothing in
// src/ imports src/index.ts or another entry module at the top of src/.
const SRC_LAYERS: Record<string, string[]> = {
  istio: [], // shared Istio facts: names, hosts, protocols, regexes
  manifests: ['istio'],
  schema: ['istio'], // CRD schema validation (generated from crds/): loaded on first use, by the model stage
  model: ['istio', 'manifests', 'schema'], // what the cluster would hold: schema and webhook checks, duplicates
  engine: ['istio', 'manifests', 'model'],
  analyze: ['istio', 'manifests', 'schema', 'model', 'engine'],
  verify: ['istio', 'manifests', 'model', 'engine'],
  // the text output of the commands (route, routes, analyze, verify), and formatRouteTable / formatReport of /engine
  format: ['manifests', 'engine', 'analyze', 'verify'],
  plugin: ['istio', 'manifests', 'schema', 'model', 'engine', 'analyze'],
  // the local gateway: sockets serving the engine's compiled routes
  proxy: ['istio', 'manifests', 'model', 'engine'],
  cli: ['istio', 'manifests', 'schema', 'model', 'engine', 'analyze', 'verify', 'format', 'proxy'],
  constructs: ['istio', 'manifests', 'schema', 'model', 'engine', 'analyze', 'imports'],
  // the Pulumi adapter sits on top, as a cdk8s app does: it builds and renders charts of the constructs
  pulumi: ['istio', 'manifests', 'model', 'engine', 'analyze', 'constructs'],
};
/** Packages only some directories may import: cdk8s and the construct tree, the CLI's parser, the schema validator. */
const CDK8S_PACKAGES = { names: ['cdk8s', 'constructs', 'cdk8s-cli'], patterns: ['cdk8s/*', 'constructs/*', 'cdk8s-cli/*', 'cdk8s-plus-*'] };
const PACKAGE_HOMES: Array<{ names: string[]; patterns: string[]; dirs: string[]; why: string }> = [
  { ...CDK8S_PACKAGES, dirs: ['constructs', 'pulumi'], why: 'only src/constructs and the Pulumi adapter above it may load cdk8s: everything below takes plain objects' },
  { names: [], patterns: ['@pulumi/*'], dirs: ['pulumi'], why: 'Pulumi belongs to src/pulumi, the /pulumi sub-path: no other entry may load it' },
  { names: ['commander'], patterns: [], dirs: ['cli'], why: 'the command line parser belongs to src/cli' },
  { names: ['ajv', 'ajv-formats'], patterns: ['ajv/*'], dirs: ['schema'], why: 'the schema validator belongs to src/schema' },
  {
    names: ['undici', '@peculiar/x509', 'reflect-metadata'],
    patterns: ['undici/*'],
    dirs: ['proxy'],
    why: 'the upstream HTTP client and the X.509 library belong to src/proxy, the /proxy sub-path',
  },
];
const layerList = (dirs: string[]) => (dirs.length === 0 ? 'nothing else of src/' : dirs.map((d) => `src/${d}`).join(', '));
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: Object.entries(SRC_LAYERS).map(([dir, allowed]) => ({
      target: `./src/${dir}`,
      from: './src',
      except: [dir, ...allowed].map((d) => `./${d}`),
      message: `src/${dir} may import only ${layerList(allowed)} (DESIGN.md: data flows one way).`,
    })),
  }],
  // Type-only imports count: src/ writes no `import type` between its own modules (see the override below).
  'import/no-cycle': ['error', { maxDepth: 10 }],
});
// import/no-cycle follows imports through parsed modules: packages and the generated src/imports (which import only
// packages) cannot close a cycle through src/, and parsing them would triple the lint step's time.
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/ignore', ['node_modules', 'src/imports/']);
for (const dir of Object.keys(SRC_LAYERS)) {
  const banned = PACKAGE_HOMES.filter((p) => !p.dirs.includes(dir));
  project.eslint?.addOverride({
    files: [`src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        paths: banned.flatMap((p) => p.names.map((name) => ({ name, message: `${p.why}.` }))),
        patterns: banned.filter((p) => p.patterns.length > 0).map((p) => ({ group: p.patterns, message: `${p.why}.` })),
      }],
    },
  });
}
// Below the loader, data is typed: the model stage checks every object against its schema before anything reads it.
project.eslint?.addOverride({
  files: ['src/analyze/**/*.ts', 'src/engine/**/*.ts', 'src/format/**/*.ts', 'src/model/**/*.ts'],
  rules: { '@typescript-eslint/no-explicit-any': 'error' },
});
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    // import/no-cycle skips type-only imports; a plain import of a type is erased by tsc all the same.
    'no-restricted-syntax': ['error', {
      selector: "ImportDeclaration[importKind='type'][source.value=/^\\.\\.?\\//]",
      message: 'Import types of this package with a plain import: import/no-cycle does not see `import type`.',
    }, {
      selector: "ImportDeclaration[source.value=/^\\.\\.?\\//]:has(ImportSpecifier):not(:has(ImportSpecifier[importKind='value'], ImportDefaultSpecifier, ImportNamespaceSpecifier))",
      message: 'Import types of this package with a plain import: import/no-cycle does not see `import { type ... }`.',
    }],
  },
});

// The main entry never loads the CLI or the jest matchers: they are sub-path exports. `typesVersions` repeats
// each sub-path for TypeScript's node10 resolution (the cdk8s app template's), which ignores `exports`.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  ...Object.fromEntries(Object.entries(SUB_PATHS).map(([sub, file]) =>
    [`./${sub}`, { types: `./lib/${file}.d.ts`, default: `./lib/${file}.js` }])),
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': Object.fromEntries(Object.entries(SUB_PATHS).map(([sub, file]) => [sub, [`lib/${file}.d.ts`]])),
});

// What the package ships: the compiled library and its source maps, the CRD validators generated at build time, the
// CRDs (which CrdSchemaValidator.fromFiles users may read), and the documents.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.js.map', 'lib/**/*.d.ts', 'lib/cli/bundle.js.LICENSES.txt',
  'crd-validators/*.js', 'crd-validators/*.d.ts', 'crds/*.yaml',
  'crds/README.md', 'API.md', 'docs/']);
project.addScripts({ prepack: 'node scripts/prepack.js' });
// The executable is the command line bundled into one file (scripts/bundle-cli.js): a command reads one file where it
// would resolve and read some 150.
project.addBins({ 'cdk8s-istio-gateway': 'lib/cli/bin.js' });
project.postCompileTask.spawn(project.addTask('bundle:cli', {
  description: 'Bundle the command line into lib/cli/bundle.js, run by lib/cli/bin.js (the package\'s executable)',
  exec: 'node scripts/bundle-cli.js',
}));

// Typed classes for the Istio and cert-manager kinds, generated from the vendored CRDs.
project.addTask('import', {
  description: 'Generate src/imports/ from the vendored CRDs in crds/',
  exec: 'node scripts/import-crds.js',
});

// API.md from TSDoc; the test task fails when it or src/imports/ is stale.
// scripts/typedoc-api-md.mjs adds the `api-md` router (path anchors), theme (package of external types) and
// the table of contents; typedoc.json holds the anchor options and the links of external types.
const typedoc = 'typedoc --plugin typedoc-plugin-markdown --plugin ./scripts/typedoc-api-md.mjs --options typedoc.json '
  + '--entryPoints src/index.ts --tsconfig tsconfig.json '
  + '--router api-md --theme api-md --outputFileStrategy modules --entryFileName API.md --mergeReadme false --readme none '
  + '--hidePageHeader --hideBreadcrumbs --disableSources --excludePrivate --excludeInternal --excludeExternals '
  // The type check is tsc's (typecheck, compile): typedoc only documents.
  + '--validation.notDocumented --treatWarningsAsErrors --skipErrorChecking --logLevel Warn --out';
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

// The vendored CRDs' schemas compiled once, at build time, into crd-validators/ (ajv standalone code, committed):
// CrdSchemaValidator.bundled() runs it, so no process parses a CRD or loads ajv's compiler.
project.preCompileTask.spawn(project.addTask('schemas', {
  description: 'Generate crd-validators/ from the vendored CRDs in crds/',
  exec: 'node -r ts-node/register/transpile-only scripts/generate-crd-validators.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
}));
project.testTask.spawn(project.addTask('schemas:check', {
  description: 'Fail when crd-validators/ does not match crds/ (run `npx projen schemas`)',
  exec: 'node scripts/check-generated.js schemas',
}));

// The main job: synthesize every example into dist/*.k8s.yaml.
project.addTask('synth', {
  description: 'Synthesize examples/ into dist/*.k8s.yaml',
  exec: 'node -r ts-node/register -r tsconfig-paths/register scripts/synth-examples.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
});

// Engine benchmarks; results go to BENCHMARKS.md.
project.addTask('bench', {
  description: 'Run the engine benchmarks and write BENCHMARKS.md',
  exec: 'node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register bench/run.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
});

project.addTask('test:coverage', {
  description: 'Run the jest tests with coverage (reports in coverage/)',
  exec: 'jest --ci --coverage',
  receiveArgs: true,
});

// Mutation testing of the engine's matching core (stryker.config.mjs), group by group, then each file's score against
// the floor. Not part of `test`: it runs for a quarter of an hour.
const mutation = project.addTask('test:mutation', {
  description: 'Mutate the route, string and domain matchers, the HTTP actions and Istio host names, run their tests against each mutant, and check each file scores at least 90% (reports in reports/mutation/)',
});
for (const group of ['matching', 'actions', 'domains']) {
  mutation.exec('stryker run', { env: { MUTATION_GROUP: group }, name: `mutation group ${group}` });
}
mutation.exec('node scripts/mutation-scores.mjs');

// The differential test against istiod (tools/istio-oracle, a Go module): skipped, saying so, without Go.
project.addTask('test:oracle', {
  description: 'Build tools/istio-oracle and check the engine and analyzer against istiod and istioctl analyze on the examples and random configurations (--runs N, --seed S)',
  exec: 'node -r ts-node/register/transpile-only -r tsconfig-paths/register test/oracle/run.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
  receiveArgs: true,
});

// The package as its users get it: pack, install into fresh cdk8s apps, type-check, synth, test, CLI.
project.addTask('test:consumer', {
  description: 'Pack the library and use it from fresh cdk8s typescript-app apps (cdk8s-plus-33 and -28)',
  exec: 'node -r ts-node/register/transpile-only test/consumer/consumer-test.ts',
  env: { TS_NODE_PROJECT: 'tsconfig.dev.json' },
});

new JsonFile(project, 'tsconfig.jest.json', {
  marker: false,
  obj: { extends: './tsconfig.dev.json', compilerOptions: { isolatedModules: true } },
});
project.testTask.prependSpawn(project.addTask('typecheck', {
  description: 'Type-check src, tests, examples, scripts and benchmarks',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
}));

new JsonFile(project, 'tsdoc.json', {
  marker: false,
  obj: { extends: ['typedoc/tsdoc.json'], tagDefinitions: [{ tagName: '@schema', syntaxKind: 'block' }] },
});

project.synth();
