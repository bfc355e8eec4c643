/**
 * The main job: synthesizes every example into dist/<chart>.k8s.yaml, running the constructs'
 * checks as `cdk8s synth` does, then verifies each example that ships a cases file
 * (examples/<name>.cases.yaml) with the traffic engine and prints its route table.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { formatReport, formatRouteTable, loadCaseFile, TrafficEngine, verify } from '../src';

const root = path.join(__dirname, '..');
const outdir = path.join(root, 'dist');
fs.rmSync(outdir, { recursive: true, force: true });
let failed = false;
for (const [name, build] of Object.entries(EXAMPLES)) {
  const app = new App({ outdir });
  try {
    build(app);
    app.synth();
  } catch (e) {
    console.error(`examples/${name}.ts: ${(e as Error).message}`);
    process.exit(1);
  }
  const casesFile = path.join(root, 'examples', `${name}.cases.yaml`);
  if (fs.existsSync(casesFile)) {
    const engine = TrafficEngine.fromChart(app);
    const report = verify(engine, loadCaseFile(casesFile));
    console.log(`\nexamples/${name}.ts: route table\n${formatRouteTable(engine.routes())}`);
    console.log(`\nexamples/${name}.cases.yaml\n${formatReport(report)}`);
    failed ||= !report.passed;
  }
}
console.log('');
for (const file of fs.readdirSync(outdir).sort()) {
  console.log(`dist/${file}`);
}
process.exit(failed ? 1 : 0);
