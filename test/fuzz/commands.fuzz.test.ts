/**
 * Property test of every command on random gateway configurations: plausible manifests (a gateway Deployment and
 * Service, Gateways, VirtualServices, DestinationRules, Services, Secrets), two thirds of them with mutated fields
 * (wrong types, null, empty strings, huge, negative and NaN-like numbers, odd unicode, missing required fields,
 * duplicated objects), written as YAML and JSON files (some multi-document, some `kind: List`, a file sometimes
 * passed twice), each run through `route`, `routes`, `dump`, `analyze` and `verify` in-process.
 *
 * Whatever the input, a run must exit 0, 1 or 2 (1 only for `verify` and `analyze`); an exit 2 must write exactly one
 * line `cdk8s-istio-gateway: <message>` that names the file (and the document when a field of an object is at fault),
 * never an unexpected error, a JavaScript error name or a stack frame; and nothing may print `undefined`,
 * `[object Object]` or `NaN` that the input does not hold.
 *
 * Deterministic: the seed is fixed (`FUZZ_SEED` overrides it); `FUZZ_RUNS` sets the runs per command; `FUZZ_PATH` with
 * `FUZZ_SEED` replays the counterexample a failure report names. `FUZZ_CATALOGUE=FILE` (with a large `FUZZ_RUNS`)
 * writes a Markdown catalogue of every distinct failure, each with a shrunk example, instead of the per-command checks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCatalogue, captureErrors, catalogueMarkdown, checkCommand, runCount, SEED } from './harness';
import { CliRun, violations } from './invariants';
import { COMMANDS } from './scenario';

/** Runs per command by default: 150 per command (750 runs) take about 15 s on two cores; FUZZ_RUNS=750 finds rarer failures. */
const DEFAULT_RUNS = 150;

/** How long shrinking, then minimizing, may each take per failing command before the smallest failure so far is reported. */
const SHRINK_MS = Number(process.env.FUZZ_SHRINK_MS ?? 1500);

const CATALOGUE = process.env.FUZZ_CATALOGUE;

let root: string;
let restore: () => void;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-fuzz-'));
  restore = captureErrors();
});

afterAll(() => {
  restore();
  // Failure reports keep their files (under failures/ and catalogue/); everything else is gone already.
  if (!fs.existsSync(path.join(root, 'failures')) && !fs.existsSync(path.join(root, 'catalogue'))) {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** The invariants themselves, on runs written by hand: each broken one is reported, a good run passes. */
describe('the invariants tell good runs from bad ones', () => {
  const input = { text: 'kind: Gateway', manifestFiles: ['/tmp/x/1-manifests.yaml'], otherFiles: ['/tmp/x/traffic.cases.yaml'] };
  const rules = (run: Partial<CliRun>): string[] =>
    violations({ command: 'routes', argv: [], code: 0, stdout: '', stderr: '', ...run }, input).map((v) => v.rule);

  test('a located error, a warning before it, and a table pass', () => {
    expect(rules({
      code: 2,
      stderr: 'cdk8s-istio-gateway: warning: /tmp/x/1-manifests.yaml (document 2, Gateway a/b): spec.servers: must be array; left out\n'
        + 'cdk8s-istio-gateway: /tmp/x/1-manifests.yaml (document 1, Service a/b): spec.ports[0].port is a string, not a number\n',
    })).toEqual([]);
    expect(rules({ code: 0, stdout: 'WORKLOAD  PORT\nistio-system/gw  80\n' })).toEqual([]);
    expect(rules({ code: 2, stderr: 'cdk8s-istio-gateway: the manifests hold no gateway workload: no Gateway resource selects any pods\n' })).toEqual([]);
  });

  test('crashes, bad error lines, stray text and undocumented exit codes are reported', () => {
    expect(rules({ code: 2, stderr: 'cdk8s-istio-gateway: unexpected error: servers.map is not a function\n' })).toEqual(['crash']);
    expect(rules({ code: 2, stderr: 'cdk8s-istio-gateway: TypeError: x is undefined\n' })).toEqual(['js-error-name', 'error-without-file']);
    expect(rules({ code: 2, stderr: 'cdk8s-istio-gateway: /tmp/x/1-manifests.yaml: bad\n    at f (src/a.ts:1:2)\n' }))
      .toEqual(['stack-trace', 'stderr-shape', 'error-shape']);
    expect(rules({ code: 2, stderr: 'cdk8s-istio-gateway: /tmp/x/1-manifests.yaml: spec.servers is a mapping, not a list\n' }))
      .toEqual(['error-without-document']);
    expect(rules({ code: 2, stderr: 'cdk8s-istio-gateway: port 80 is wrong\n' })).toEqual(['error-without-file']);
    expect(rules({ code: 0, stdout: 'server default/gw (undefined)\n[object Object]\nNaN%\n' })).toEqual(['stray-text', 'stray-text', 'stray-text']);
    expect(rules({ code: 1 })).toEqual(['exit-code']);
  });
});

if (CATALOGUE === undefined) {
  describe(`every command keeps its output contract on random manifests (seed ${SEED})`, () => {
    test.each(COMMANDS)('%s', async (command) => {
      const report = await checkCommand(command, root, runCount(DEFAULT_RUNS), SHRINK_MS);
      if (report !== undefined) {
        throw new Error(report);
      }
    }, 600_000);
  });
} else {
  test('catalogue of failures', async () => {
    const result = await buildCatalogue(COMMANDS, root, runCount(750), SHRINK_MS, (line) => process.stderr.write(`fuzz: ${line}\n`));
    fs.writeFileSync(CATALOGUE, catalogueMarkdown(result, COMMANDS));
    process.stderr.write(`fuzz: catalogue written to ${CATALOGUE}\n`);
  }, 24 * 3600_000);
}
