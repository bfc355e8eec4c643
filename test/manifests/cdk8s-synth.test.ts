import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TrafficEngine } from '../../src/engine/traffic-engine';
import { KubeObject, loadFiles } from '../../src/manifests';
import { cdk8sSynth, gatewayAndRoute, writeCdk8sProject } from '../support/cdk8s-cli';

/** A Gateway, a VirtualService bound to it and its destination Service: passes the plugin at `failOn: error`. */
const MANIFESTS = `${gatewayAndRoute('istio-system/gw', '{host: shop, port: {number: 80}}')}---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: apps}
spec:
  selector: {app: shop}
  ports: [{port: 80}]
`;

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const ids = (objects: KubeObject[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

let root: string;
let project: string;
let manifests: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-synth-'));
  project = writeCdk8sProject(path.join(root, 'project'));
  manifests = path.join(root, 'manifests.yaml');
  fs.writeFileSync(manifests, MANIFESTS);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the output directory of cdk8s synth with the validation plugin configured loads', () => {
  test('plain format, with the validation reports written beside the manifests', () => {
    const synth = cdk8sSynth(project, manifests, '--validation-reports-output-file', 'dist/validation-reports.json');
    expect(synth.stdout).toContain('Validations ended succesfully');
    expect(synth.status).toBe(0);
    const dist = path.join(project, 'dist');
    expect(listFiles(dist)).toEqual(['apps.k8s.yaml', 'construct-metadata.json', 'validation-reports.json']);

    const objects = loadFiles([`${dist}/`]);
    expect(ids(objects)).toEqual(['Gateway istio-system/gw', 'VirtualService apps/route', 'Service apps/shop']);
    expect(objects).toEqual(loadFiles([path.join(dist, 'apps.k8s.yaml')]));
    expect(TrafficEngine.fromFiles([dist]).route({ port: 80, host: 'shop.example.com' })).toMatchObject({
      action: 'route', destinations: [{ host: 'shop.apps.svc.cluster.local', port: 80 }],
    });
    expect(() => loadFiles([path.join(dist, 'construct-metadata.json')])).toThrow(/construct-metadata\.json: is cdk8s's construct metadata/);
    expect(() => loadFiles([path.join(dist, 'validation-reports.json')])).toThrow(/validation-reports\.json: is a cdk8s validation reports file/);
  }, 60_000);

  test('helm format', () => {
    const synth = cdk8sSynth(project, manifests, '--format', 'helm', '--chart-version', '1.0.0');
    expect(synth.stdout).toContain('Validations ended succesfully');
    expect(synth.status).toBe(0);
    const dist = path.join(project, 'dist');
    expect(listFiles(dist)).toEqual(['Chart.yaml', 'README.md', path.join('templates', 'apps.k8s.yaml'), path.join('templates', 'construct-metadata.json')]);

    expect(ids(loadFiles([dist]))).toEqual(['Gateway istio-system/gw', 'VirtualService apps/route', 'Service apps/shop']);
    expect(() => loadFiles([path.join(dist, 'Chart.yaml')])).toThrow(/Chart\.yaml: is a Helm chart's Chart\.yaml/);
  }, 60_000);
});
