import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import type { Validation, ValidationReportJson } from 'cdk8s-cli/lib/plugins/validation';
import { EXAMPLES } from '../../examples';
import { IstioGatewayValidation } from '../../src/plugin/validation-plugin';
import { cdk8sSynth, gatewayAndRoute, writeCdk8sProject } from '../support/cdk8s-cli';
import { CONTROL_PLANE_SECRETS_WARNING, expectOnlySynthWarnings, IMPLICIT_HOSTS_WARNING } from '../support/synth-warnings';

// Fixtures here put gateways that serve credentialName Secrets in istio-system, which synth warns about.
expectOnlySynthWarnings(CONTROL_PLANE_SECRETS_WARNING, IMPLICIT_HOSTS_WARNING);

// cdk8s-cli exports its plugin classes as `cdk8s-cli/plugins` only, which this project's module resolution does not see.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins/validation');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-plugin-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Runs the plugin as cdk8s-cli does, with a real ValidationContext, and returns the report and the log lines. */
async function validate(files: string[], props = {}, metadata = {}): Promise<{ report: ValidationReportJson; success: boolean; logs: string[] }> {
  const plugin: Validation = new IstioGatewayValidation(props);
  const context = new ValidationContext(files, 'cdk8s-istio-gateway', '0.0.0', metadata, false);
  const logs: string[] = [];
  jest.spyOn(context.logger, 'log').mockImplementation((m) => { logs.push(m); });
  await plugin.validate(context);
  return { report: context.report.toJson(), success: context.report.success, logs };
}

describe('IstioGatewayValidation', () => {
  test('a missing Gateway in a namespace of the app fails, one violation per code, with the construct path cdk8s recorded', async () => {
    const file = write('broken/app.k8s.yaml', gatewayAndRoute('istio-system/missing'));
    const { report, success, logs } = await validate([file], {}, { route: { path: 'apps/route' } });
    expect(success).toBe(false);
    expect(report.summary).toEqual({ status: 'failure', plugin: 'cdk8s-istio-gateway', version: '0.0.0', metadata: { failOn: 'error', objects: '2', findings: expect.any(String) } });
    expect(report.violations).toEqual([{
      ruleName: 'IST0101 ReferencedResourceNotFound',
      recommendation: expect.stringContaining('Gateway'),
      fix: expect.any(String),
      violatingConstructs: [{
        resourceName: 'route',
        constructPath: 'apps/route',
        manifestPath: file,
        locations: [expect.stringMatching(/^Error VirtualService apps\/route: Referenced gateway not found: "istio-system\/missing"/)],
      }],
    }]);
    // The warning that follows from the mistake is logged as istioctl prints it. The Gateway selects no pod of the app
    // (CIG1012: the default ingress gateway is assumed) and the destination host is not in the app: counted, and
    // listed by analyze.
    expect(logs).toEqual([
      expect.stringMatching(/^cdk8s-istio-gateway: Warning \[IST0132\] \(VirtualService apps\/route\) none of the hosts shop\.example\.com can match a server host of Gateway istio-system\/missing/),
      expect.stringMatching(/^cdk8s-istio-gateway: \d+ more findings below level error or with causes that may be outside the app; run 'cdk8s-istio-gateway analyze -f \S+broken' to list them$/),
    ]);
  });

  test('findings whose cause may be outside the app pass, unless includeOutOfApp', async () => {
    const file = write('external/app.k8s.yaml', gatewayAndRoute('other/ext'));
    expect((await validate([file])).success).toBe(true);
    const strict = await validate([file], { includeOutOfApp: true });
    expect(strict.success).toBe(false);
    expect(strict.report.violations.map((v) => v.ruleName)).toEqual(['IST0101 ReferencedResourceNotFound']);
    // The Gateway selects istio=ingressgateway: the default ingress gateway istioctl analyze assumes for files (istio/istio
    // pkg/config/analysis/local/defaults.go) serves it, so only the route's references are missing.
    expect(strict.report.violations[0].violatingConstructs.map((c) => c.locations[0].split(':')[0])).toEqual([
      'Error VirtualService apps/route',
      'Error VirtualService apps/route',
    ]);
    const noDefault = await validate([file], { includeOutOfApp: true, assumeDefaultIngress: false });
    expect(noDefault.report.violations[0].violatingConstructs.map((c) => c.locations[0].split(':')[0])).toEqual([
      'Error Gateway istio-system/gw',
      'Error VirtualService apps/route',
      'Error VirtualService apps/route',
    ]);
  });

  test('failOn sets the lowest level that fails', async () => {
    const gateway = gatewayAndRoute('istio-system/gw').split('---')[0];
    const workload = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template: {metadata: {labels: {istio: ingressgateway}}, spec: {containers: [{name: istio-proxy, image: auto}]}}
`;
    const file = write('warning/app.k8s.yaml', `${gateway}---${workload}`);
    expect((await validate([file])).success).toBe(true);
    const warning = await validate([file], { failOn: 'Warning' });
    expect(warning.success).toBe(false);
    expect(warning.report.violations.map((v) => v.ruleName)).toContain('IST0162 GatewayPortNotDefinedOnService');
    expect(() => new IstioGatewayValidation({ failOn: 'fatal' })).toThrow(/failOn 'fatal' is not a level \(error, warning or info\)/);
  });

  test('a malformed manifest fails with the file and the object', async () => {
    const file = write('bad/app.k8s.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: 3}\n');
    const { report, success } = await validate([file]);
    expect(success).toBe(false);
    expect(report.violations).toEqual([expect.objectContaining({
      ruleName: 'ManifestError',
      violatingConstructs: [expect.objectContaining({ manifestPath: file, locations: [expect.stringMatching(/bad\/app\.k8s\.yaml \(document 1, Service web\): metadata\.namespace/)] })],
    })]);
  });

  test.each(Object.keys(EXAMPLES))('example %s passes', async (name) => {
    const outdir = path.join(dir, 'examples', name);
    const app = new App({ outdir });
    EXAMPLES[name](app);
    app.synth();
    const files = fs.readdirSync(outdir).map((f) => path.join(outdir, f));
    const { report, success } = await validate(files);
    expect(report.violations).toEqual([]);
    expect(success).toBe(true);
  });
});

describe('cdk8s synth with the plugin in cdk8s.yaml', () => {
  const synth = (gateway: string) => cdk8sSynth(writeCdk8sProject(path.join(dir, 'project')), write(`cli-${gateway.replace('/', '-')}.yaml`, gatewayAndRoute(gateway)));

  test('fails on an error, passes when fixed', () => {
    const broken = synth('istio-system/missing');
    expect(broken.stdout).toContain('IST0101 ReferencedResourceNotFound (1 occurrences)');
    expect(broken.stdout).toContain('Construct Path: apps/route');
    expect(broken.status).toBe(2);

    const fixed = synth('istio-system/gw');
    expect(fixed.stdout).toContain('Validations ended succesfully');
    expect(fixed.status).toBe(0);
  }, 60_000);
});
