/**
 * `npm run test:oracle [-- --runs N] [--seed S] [--requests N] [--report FILE] [--no-engine-cases]`: the differential
 * test against istiod.
 *
 * Builds tools/istio-oracle when Go is installed (and skips, saying so, when it is not), then checks every example
 * and oracle fixture of the repository, the configurations of the engine case tables of test/engine (unless
 * `--no-engine-cases`), and `--runs` random configurations (default 1,000) with `--requests` random requests each
 * (default 40): this engine's decisions on the manifests against its decisions on the config dump istiod
 * generates from them, and this analyzer's findings against istioctl analyze's. A disagreement is shrunk by
 * fast-check to a minimal configuration and request, printed as a reproduction, and fails the run unless it is one
 * of the known differences (known-differences.ts), which are counted and printed.
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { gatewayConfig, Manifest } from './config-arbitrary';
import { check, CheckOutcome, describeDifference, describeFindings, gatewayOf, manifestsYaml, withGatewayPod } from './differential';
import { knownDecisionDifference, knownFindingDifference } from './known-differences';
import { buildOracle, goVersion, Oracle } from './oracle-process';
import { engineCaseConfigs, fixtureConfigs } from './repository-configs';
import { gatewayRequest } from './request-arbitrary';
import { TrafficRequest } from '../../src/engine/request';

/** Where a shrunk disagreement's manifests are written. */
const REPRODUCTION_DIR = path.resolve(__dirname, '../../test-reports');

interface Options {
  readonly runs: number;
  readonly seed: number;
  readonly requests: number;
  readonly report?: string;
  /** Also compare the configurations of the engine case tables (test/engine), collected by running them under jest (default: yes). */
  readonly engineCases: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Record<string, number | string | boolean> = { runs: 1000, seed: 20261202, requests: 40, engineCases: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].replace(/^--/, '');
    if (flag === 'no-engine-cases') {
      options.engineCases = false;
      continue;
    }
    const value = argv[i + 1];
    if (!['runs', 'seed', 'requests', 'report'].includes(flag) || value === undefined) {
      throw new Error(`unknown or incomplete option '${argv[i]}'; use --runs N, --seed S, --requests N, --report FILE, --no-engine-cases`);
    }
    options[flag] = flag === 'report' ? value : Number(value);
    i++;
  }
  return options as unknown as Options;
}

/** Tallies of a run. */
interface Tally {
  configs: number;
  refused: number;
  requests: number;
  agreed: number;
  findingDifferences: number;
  known: Map<string, number>;
  refusals: Map<string, number>;
}

/** The outcome's unexplained disagreements: none when it agrees or differs only in known ways (which are tallied). */
function unexplained(outcome: CheckOutcome, tally: Tally, manifests: readonly Manifest[]): CheckOutcome | undefined {
  if (outcome.kind === 'refused') {
    tally.refused++;
    const key = outcome.error.replace(/"[^"]*"/g, '"…"').slice(0, 160);
    tally.refusals.set(key, (tally.refusals.get(key) ?? 0) + 1);
    return undefined;
  }
  if (outcome.kind === 'unreadable') {
    return outcome;
  }
  tally.requests += outcome.requests;
  const known = (reason: string | undefined) => {
    if (reason !== undefined) {
      tally.known.set(reason, (tally.known.get(reason) ?? 0) + 1);
    }
    return reason !== undefined;
  };
  const decisions = outcome.decisions.filter((d) => !known(knownDecisionDifference(d, manifests)));
  const findings = outcome.findings.filter((f) => !known(knownFindingDifference(f, manifests)));
  tally.agreed += outcome.requests - outcome.decisions.length;
  tally.findingDifferences += outcome.findings.length;
  return decisions.length === 0 && findings.length === 0 ? undefined : { ...outcome, decisions, findings };
}

function describeOutcome(outcome: CheckOutcome): string {
  if (outcome.kind !== 'checked') {
    return `${outcome.kind}: ${outcome.error}`;
  }
  return [...outcome.decisions.map(describeDifference), ...(outcome.findings.length ? ['findings:', describeFindings(outcome.findings)] : [])].join('\n');
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const go = goVersion();
  if (go === undefined) {
    log('test:oracle skipped: Go is not installed (the oracle is built from tools/istio-oracle with go test -c)');
    return 0;
  }
  log(go);
  const oracle = Oracle.start(buildOracle(log));
  const tally: Tally = { configs: 0, refused: 0, requests: 0, agreed: 0, findingDifferences: 0, known: new Map(), refusals: new Map() };
  const failures: string[] = [];
  let id = 0;
  const runCase = async (given: readonly Manifest[], requests: readonly TrafficRequest[]) => {
    const manifests = withGatewayPod(given);
    const result = await oracle.run({
      id: String(id++), manifests: manifestsYaml(manifests), gateway: gatewayOf(manifests), analyze: true, allNamespaces: true,
    });
    return check(manifests, requests, result);
  };
  try {
    if (options.engineCases) {
      log('collecting the engine case tables (jest test/engine)');
    }
    for (const fixture of [...fixtureConfigs(), ...options.engineCases ? engineCaseConfigs() : []]) {
      tally.configs++;
      const outcome = unexplained(await runCase(fixture.manifests, fixture.requests), tally, fixture.manifests);
      if (outcome !== undefined) {
        failures.push(`${fixture.name}:\n${describeOutcome(outcome)}`);
      }
    }
    const repositoryFailures = failures.length;
    log(`repository configurations: ${tally.configs}, requests ${tally.requests}, failures ${repositoryFailures}`);
    const started = Date.now();
    const property = fc.asyncProperty(gatewayConfig(), fc.array(gatewayRequest(), { minLength: options.requests, maxLength: options.requests }),
      async (config, requests) => {
        const counting = { ...tally, known: new Map<string, number>(), refusals: new Map<string, number>() };
        return unexplained(await runCase(config.manifests, requests), counting, withGatewayPod(config.manifests)) === undefined;
      });
    // Tallies come from a separate pass over the same seeded values, so that shrinking does not count.
    const samples = fc.sample(fc.tuple(gatewayConfig(), fc.array(gatewayRequest(), { minLength: options.requests, maxLength: options.requests })),
      { seed: options.seed, numRuns: options.runs });
    let random = 0;
    const failing: string[] = [];
    for (const [config, requests] of samples) {
      tally.configs++;
      random++;
      const outcome = unexplained(await runCase(config.manifests, requests), tally, withGatewayPod(config.manifests));
      if (outcome !== undefined) {
        failing.push(`random configuration ${random} (the fixed manifests of config-arbitrary.ts, and):\n${manifestsYaml(config.generated)}`
          + `--- differences\n${describeOutcome(outcome)}`);
      }
      if (random % 250 === 0) {
        log(`  ${random}/${options.runs} random configurations, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    if (failing.length > 0) {
      log(`${failing.length} random configurations disagree; shrinking the first`);
      const details = await fc.check(property, { seed: options.seed, numRuns: options.runs, endOnFailure: false });
      if (details.counterexample !== null) {
        const [config, requests] = details.counterexample;
        const outcome = await runCase(config.manifests, requests);
        // The whole reproduction, fixed manifests included, to feed `cdk8s-istio-gateway route -f` or the oracle.
        mkdirSync(REPRODUCTION_DIR, { recursive: true });
        const file = path.join(REPRODUCTION_DIR, 'oracle-reproduction.yaml');
        writeFileSync(file, manifestsYaml(withGatewayPod(config.manifests)));
        log(`the shrunk configuration's manifests: ${path.relative(process.cwd(), file)}`);
        failures.push(`random configuration (seed ${options.seed}, path ${details.counterexamplePath}), shrunk ${details.numShrinks} times:\n`
          + `--- manifests (the fixed manifests of config-arbitrary.ts, and)\n${manifestsYaml(config.generated)}--- differences\n${describeOutcome(outcome)}`);
      }
      failures.push(...failing.slice(1, 6));
    }
    const summary = {
      seed: options.seed,
      configs: tally.configs,
      refusedByIstio: tally.refused,
      requests: tally.requests,
      agreed: tally.agreed,
      agreement: tally.requests === 0 ? 1 : tally.agreed / tally.requests,
      findingDifferences: tally.findingDifferences,
      knownDifferences: Object.fromEntries(tally.known),
      refusals: Object.fromEntries(tally.refusals),
      failingRepositoryConfigs: repositoryFailures,
      failingRandomConfigs: failing.length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    log(JSON.stringify(summary, null, 2));
    if (options.report !== undefined) {
      writeFileSync(options.report, `${JSON.stringify({ ...summary, failureDetails: failures }, null, 2)}\n`);
    }
    for (const f of failures) {
      log(`\nDISAGREEMENT ${f}`);
    }
    return failures.length === 0 ? 0 : 1;
  } finally {
    await oracle.stop();
  }
}

main().then((code) => process.exit(code), (e: Error) => {
  process.stderr.write(`test:oracle: ${e.message}\n`);
  process.exit(2);
});
