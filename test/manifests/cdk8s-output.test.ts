import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { KubeObject, loadFiles, loadObjects, loadYaml, originOf } from '../../src/manifests';
import { errorOf, useTempDir } from '../support/manifests';

/** What `cdk8s synth` writes as construct-metadata.json (cdk8s `App.writeConstructMetadata`). */
const CONSTRUCT_METADATA = JSON.stringify({ version: '1.0.0', resources: { web: { path: 'apps/web' }, shop: { path: 'apps/shop/Resource' } } });

/** What `cdk8s synth --format helm --chart-version 1.0.0` writes as Chart.yaml (cdk8s-cli `createHelmScaffolding`). */
const HELM_CHART = 'apiVersion: v2\nname: project\nversion: 1.0.0\ndescription: Generated chart for project\ntype: application\n';

/** What `cdk8s synth --validation-reports-output-file FILE` writes (cdk8s-cli `validateApp`, `ValidationReport.toJson`). */
const VALIDATION_REPORTS = JSON.stringify({
  reports: [{
    title: 'Validation Report (cdk8s-istio-gateway@1.0.0)',
    violations: [{
      ruleName: 'IST0101 ReferencedResourceNotFound',
      recommendation: 'Referenced gateway not found',
      violatingConstructs: [{ resourceName: 'route', locations: ['Error VirtualService apps/route'], constructPath: 'apps/route', manifestPath: 'dist/apps.k8s.yaml' }],
      fix: 'create the Gateway',
    }],
    summary: { status: 'failure', plugin: 'cdk8s-istio-gateway', version: '1.0.0', metadata: { failOn: 'error' } },
  }],
}, null, 2);

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: apps}\n';

const names = (objects: KubeObject[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

const tmp = useTempDir('cdk8s-output-');
const { write } = tmp;

describe('a cdk8s output directory', () => {
  test('construct-metadata.json that cdk8s writes beside the manifests is skipped: the directory loads what its manifests hold', () => {
    const outdir = path.join(tmp.root, 'dist');
    const app = new App({ outdir, recordConstructMetadata: true });
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    new ApiObject(chart, 'web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    new ApiObject(new Chart(app, 'infra'), 'gw', { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'istio-system' } });
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['apps.k8s.yaml', 'construct-metadata.json', 'infra.k8s.yaml']);

    const objects = loadFiles([`${outdir}/`]);
    expect(names(objects)).toEqual(['Service apps/web', 'Gateway istio-system/gw']);
    expect(objects.map(originOf)).toEqual([`${outdir}/apps.k8s.yaml (document 1)`, `${outdir}/infra.k8s.yaml (document 1)`]);
  });

  test('named explicitly, construct-metadata.json is a one-line error saying what it is', () => {
    write({ 'dist/construct-metadata.json': CONSTRUCT_METADATA });
    process.chdir(tmp.root);
    expect(errorOf(() => loadFiles(['dist/construct-metadata.json']))).toBe(
      "dist/construct-metadata.json: is cdk8s's construct metadata (cdk8s synth writes it beside the manifests when validations are configured), "
      + 'not a manifest; load the *.k8s.yaml files, or their directory (which skips this file)');
  });

  test.each([
    ['construct metadata', 'construct-metadata.json', CONSTRUCT_METADATA, /^dist\/construct-metadata\.json: is cdk8s's construct metadata .*, not a manifest; /],
    ['an empty construct metadata', 'construct-metadata.json', '{"version":"1.0.0","resources":{}}', /is cdk8s's construct metadata/],
    ['the Chart.yaml of --format helm', 'Chart.yaml', HELM_CHART,
      /^dist\/Chart\.yaml: is a Helm chart's Chart\.yaml \(cdk8s synth --format helm writes it\), not a manifest; load the chart's templates\/ directory/],
    ['a validation reports file', 'validation-reports.json', VALIDATION_REPORTS,
      /^dist\/validation-reports\.json: is a cdk8s validation reports file \(cdk8s synth --validation-reports-output-file writes it\), not a manifest; /],
    ['a validation reports file under another name', 'reports.yaml', VALIDATION_REPORTS, /is a cdk8s validation reports file/],
  ])('%s is skipped in a directory and named explicitly is an error saying what it is', (_, name, content, message) => {
    write({ 'dist/apps.k8s.yaml': SERVICE, [`dist/${name}`]: content });
    expect(names(loadFiles([path.join(tmp.root, 'dist')]))).toEqual(['Service apps/web']);
    expect(errorOf(() => loadYaml(content, `dist/${name}`))).toMatch(message);
    expect(errorOf(() => loadFiles([path.join(tmp.root, 'dist', name)]))).toMatch(/: is .*, not a manifest; .*\(which skips this file\)$/);
    // What is skipped could never load as a manifest.
    expect(() => loadObjects([parse(content)])).toThrow(/apiVersion is missing|kind is missing/);
  });

  test('the whole --format helm layout loads: Chart.yaml and templates/construct-metadata.json skipped, crds/ and templates/ read', () => {
    write({
      'dist/Chart.yaml': HELM_CHART,
      'dist/README.md': 'This Helm chart is generated using cdk8s.',
      'dist/crds/gateways.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gateways.networking.istio.io}\n',
      'dist/templates/apps.k8s.yaml': SERVICE,
      'dist/templates/construct-metadata.json': CONSTRUCT_METADATA,
    });
    expect(names(loadFiles([path.join(tmp.root, 'dist')]))).toEqual([
      'CustomResourceDefinition default/gateways.networking.istio.io', 'Service apps/web',
    ]);
  });
});

describe('recognition is precise: nothing else is skipped', () => {
  test.each([
    ['a manifest named construct-metadata.json', 'construct-metadata.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'construct-metadata' } })],
    ['a manifest named Chart.yaml', 'Chart.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: chart}\n'],
    ['a List named construct-metadata.json', 'construct-metadata.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'listed' } }] })],
  ])('%s is loaded', (_, name, content) => {
    write({ [`dist/${name}`]: content });
    expect(loadFiles([path.join(tmp.root, 'dist')])).toHaveLength(1);
  });

  test.each([
    ['construct metadata with an extra field', 'construct-metadata.json', JSON.stringify({ version: '1.0.0', resources: {}, kind: 'x' }), /apiVersion is missing/],
    ['construct metadata whose resource has no path', 'construct-metadata.json', JSON.stringify({ version: '1.0.0', resources: { web: {} } }), /apiVersion is missing/],
    ['construct metadata with a second document', 'construct-metadata.json', `${JSON.stringify({ version: '1.0.0', resources: {} })}\n---\n${SERVICE}`, /document 1\): apiVersion is missing/],
    ['a Chart.yaml with a kind', 'Chart.yaml', `${HELM_CHART}kind: Chart\n`, /metadata\.name is missing/],
    ['a Chart.yaml with a Helm apiVersion it does not have', 'Chart.yaml', HELM_CHART.replace('v2', 'v3'), /kind is missing/],
    ['a reports file with a report of another shape', 'validation-reports.json', JSON.stringify({ reports: [{ title: 'mine' }] }), /apiVersion is missing/],
  ])('%s, almost a cdk8s file, is not skipped: it fails as the manifest it is not', (_, name, content, message) => {
    write({ 'dist/apps.k8s.yaml': SERVICE, [`dist/${name}`]: content });
    const error = errorOf(() => loadFiles([path.join(tmp.root, 'dist')]));
    expect(error).toContain(`${path.join(tmp.root, 'dist', name)} (document 1`);
    expect(error).toMatch(message);
  });

  test.each([
    ['construct metadata', 'metadata.json', CONSTRUCT_METADATA, /is cdk8s's construct metadata/],
    ['a Chart.yaml', 'chart.yaml', HELM_CHART, /is a Helm chart's Chart\.yaml/],
  ])('%s under a name cdk8s does not give it is not skipped: an error says what it is', (_, name, content, message) => {
    write({ 'dist/apps.k8s.yaml': SERVICE, [`dist/${name}`]: content });
    const error = errorOf(() => loadFiles([path.join(tmp.root, 'dist')]));
    expect(error.startsWith(`${path.join(tmp.root, 'dist', name)}: `)).toBe(true);
    expect(error).toMatch(message);
  });
});
