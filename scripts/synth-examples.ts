/**
 * The main job: synthesizes every example into dist/<chart>.k8s.yaml, running the
 * constructs' checks as `cdk8s synth` does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from '../examples';

const outdir = path.join(__dirname, '..', 'dist');
fs.rmSync(outdir, { recursive: true, force: true });
for (const [name, build] of Object.entries(EXAMPLES)) {
  const app = new App({ outdir });
  try {
    build(app);
    app.synth();
  } catch (e) {
    console.error(`examples/${name}.ts: ${(e as Error).message}`);
    process.exit(1);
  }
}
for (const file of fs.readdirSync(outdir).sort()) {
  console.log(`dist/${file}`);
}
