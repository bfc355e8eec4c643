/**
 * The repository's own configurations, for the differential test: every example (synthesized as `npm run synth`
 * does, with the requests of its traffic cases) and every manifest fixture of the oracle, each with requests drawn
 * from the random request pool as well; and the manifests of every engine case table (test/engine), with the
 * requests of their cases, collected by running those tables under jest.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { Manifest } from './config-arbitrary';
import { ORACLE_DIR } from './oracle-process';
import { gatewayRequest } from './request-arbitrary';
import { EXAMPLES } from '../../examples';
import { TrafficRequest } from '../../src/engine/request';
import { loadCaseFile } from '../../src/verify/traffic-case';
import { synthApp } from '../support/synth';

/** A named configuration with the requests to decide on it. */
export interface RepositoryConfig {
  readonly name: string;
  readonly manifests: Manifest[];
  readonly requests: TrafficRequest[];
}

/** Random requests, the same for every run. */
function poolRequests(seed: number): TrafficRequest[] {
  return fc.sample(gatewayRequest(), { seed, numRuns: 60 });
}

/** Every example and oracle fixture. */
export function fixtureConfigs(): RepositoryConfig[] {
  const examplesDir = path.resolve(__dirname, '../../examples');
  const configs: RepositoryConfig[] = Object.entries(EXAMPLES).map(([name, build], i) => ({
    name: `example ${name}`,
    manifests: synthApp(build).objects,
    requests: [...loadCaseFile(path.join(examplesDir, `${name}.cases.yaml`)).map((c) => c.request), ...poolRequests(i)],
  }));
  const testdata = path.join(ORACLE_DIR, 'testdata');
  for (const file of readdirSync(testdata).filter((f) => f.endsWith('.yaml')).sort()) {
    configs.push({
      name: `fixture tools/istio-oracle/testdata/${file}`,
      manifests: yaml.loadAll(readFileSync(path.join(testdata, file), 'utf8')).filter((m): m is Manifest => m !== null && typeof m === 'object'),
      requests: poolRequests(100 + configs.length),
    });
  }
  return configs;
}

/**
 * The engine case tables' configurations: jest runs test/engine with `ORACLE_CASES_FILE` set (test/engine/case-collector.ts),
 * and cases with the same manifests become one configuration with all their requests.
 */
export function engineCaseConfigs(): RepositoryConfig[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oracle-cases-'));
  const file = path.join(dir, 'cases.jsonl');
  try {
    execFileSync('npx', ['jest', 'test/engine', '--silent', '--ci'], {
      cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ORACLE_CASES_FILE: file }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    const byManifests = new Map<string, RepositoryConfig>();
    for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')) {
      const c = JSON.parse(line) as { name: string; source: string; manifests: Manifest[]; request: TrafficRequest };
      const key = JSON.stringify(c.manifests);
      const config = byManifests.get(key) ?? { name: `engine case table: ${c.name}`, manifests: c.manifests, requests: [] };
      config.requests.push(c.request);
      byManifests.set(key, config);
    }
    return [...byManifests.values()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
