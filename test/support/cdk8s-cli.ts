/**
 * A cdk8s project that runs the real cdk8s-cli with this library's validation plugin configured in its cdk8s.yaml,
 * for tests of what `cdk8s synth` does with the plugin and writes to its output directory.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { httpGateway } from './istio-yaml';

/** The repository root. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * Writes a cdk8s project into `root` (created if needed): an app (`main.js`) that adds the objects of the YAML file
 * named by `$MANIFESTS` to a chart `apps`, and a cdk8s.yaml configuring the plugin (`IstioGatewayValidation`, run
 * from the TypeScript sources) with `failOn: error`.
 *
 * @returns `root`.
 */
export function writeCdk8sProject(root: string): string {
  fs.mkdirSync(root, { recursive: true });
  const cdk8s = JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'cdk8s'));
  fs.writeFileSync(path.join(root, 'main.js'), `
const { App, Chart, ApiObject, Yaml } = require(${cdk8s});
const app = new App();
const chart = new Chart(app, 'apps');
for (const object of Yaml.load(process.env.MANIFESTS)) new ApiObject(chart, object.metadata.name, object);
app.synth();
`);
  fs.writeFileSync(path.join(root, 'plugin.js'), `
require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(REPO_ROOT, 'tsconfig.json'))} });
module.exports = require(${JSON.stringify(path.join(REPO_ROOT, 'src', 'plugin', 'validation-plugin.ts'))});
`);
  fs.writeFileSync(path.join(root, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\nvalidations:\n'
    + '  - {package: ./plugin.js, version: 1.0.0, class: IstioGatewayValidation, properties: {failOn: error}}\n');
  return root;
}

/**
 * Runs `cdk8s synth` of the real cdk8s-cli in `project` (see {@link writeCdk8sProject}), its app reading `manifests`.
 *
 * @param project - the project directory.
 * @param manifests - the YAML file the app reads its objects from.
 * @param args - more arguments for `cdk8s synth`, e.g. `--output`, `--format helm`.
 */
export function cdk8sSynth(project: string, manifests: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade', ...args], {
    cwd: project, env: { ...process.env, MANIFESTS: manifests }, encoding: 'utf8', timeout: 60_000,
  });
}

/**
 * Manifests for the app of {@link writeCdk8sProject}: the Gateway `istio-system/gw` (HTTP on port 80 for any host)
 * and a VirtualService `apps/route` for shop.example.com bound to `gateway`, routing to `destination` (a YAML flow
 * mapping).
 */
export function gatewayAndRoute(gateway: string, destination = '{host: shop}'): string {
  return `
${httpGateway('gw')}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: route, namespace: apps}
spec:
  hosts: [shop.example.com]
  gateways: [${gateway}]
  http: [{route: [{destination: ${destination}}]}]
`;
}
