// Mutation testing of the engine's matching core: `npm run test:mutation` (reports in reports/mutation/).
//
// Every mutant runs all the tests that cover it, and most code here runs while a route table is built, which every
// engine test does: the files are mutated in groups, each against the tests written for it, so that a run takes
// minutes rather than hours. MUTATION_GROUP names the group; scripts/mutation-scores.mjs then checks each file's score.

/** The groups: the files mutated, and the tests run against their mutants. */
const GROUPS = {
  // HTTPMatchRequest conditions, and StringMatch and Envoy StringMatcher matchers.
  matching: {
    mutate: ['src/engine/route-matcher.ts', 'src/engine/string-matcher.ts'],
    // The trace tests pin what the trace says of JWT claims; the match cover tests read the matchers' tests; Envoy's
    // string matchers (a config dump's) have tests of their own.
    tests: ['test/engine/http-routing.test.ts', 'test/engine/trace.test.ts', 'test/analyze/match-cover.test.ts', 'test/engine/envoy-string-match.test.ts'],
  },
  // Redirects, rewrites, direct responses, faults, mirrors and the settings a decision reports.
  actions: {
    mutate: ['src/engine/http-actions.ts'],
    tests: ['test/engine/http-actions.test.ts'],
  },
  // Virtual host selection by domain, and Istio host names (validation, wildcards, intersections).
  domains: {
    mutate: ['src/engine/virtual-host-index.ts', 'src/istio/host.ts'],
    tests: ['test/engine/virtual-host-index.test.ts', 'test/engine/virtual-hosts.test.ts', 'test/istio/host.test.ts'],
  },
};

const name = process.env.MUTATION_GROUP;
const group = GROUPS[name];
if (group === undefined) {
  throw new Error(`MUTATION_GROUP must be one of ${Object.keys(GROUPS).join(', ')} (it is ${name ?? 'unset'})`);
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: group.mutate,
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // package.json's jest configuration, narrowed to the group's tests.
    config: {
      testMatch: group.tests.map((file) => `<rootDir>/${file}`),
      reporters: ['default'],
    },
  },
  coverageAnalysis: 'perTest',
  // Two cores, shared.
  concurrency: 2,
  // On top of 1.5 times the time the tests took unmutated: a mutant that loops forever is a timeout, counted as detected.
  timeoutMS: 10000,
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
