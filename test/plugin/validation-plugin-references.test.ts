/**
 * The validation plugin on two reference mistakes, with the messages `cdk8s-istio-gateway analyze` reports:
 *
 * - `gateways: [gw]` in a VirtualService of `apps` while the app's Gateway `gw` is in `istio-system`: the short name
 *   resolves to `apps/gw` (istio/istio `pkg/config/analysis/analyzers/virtualservice/gateways.go`
 *   `analyzeVirtualService`), a mistake in the app, so it fails synth;
 * - CIG1013, a host only a TCP server of the bound Gateway admits: a warning, which fails synth with `failOn: warning`
 *   and is counted in the plugin's log line otherwise (as every finding below `failOn`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Validation, ValidationReportJson } from 'cdk8s-cli/lib/plugins/validation';
import { parseAllDocuments } from 'yaml';
import { analyze, Finding } from '../../src';
import { IstioGatewayValidation } from '../../src/plugin/validation-plugin';
import { gatewayWorkload } from '../analyze/support';
import { gatewayAndRoute } from '../support/cdk8s-cli';

// cdk8s-cli exports its plugin classes as `cdk8s-cli/plugins` only, which this project's module resolution does not see.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidationContext } = require('cdk8s-cli/plugins') as typeof import('cdk8s-cli/lib/plugins/validation');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-plugin-references-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` in the test directory. */
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs the plugin as cdk8s-cli does, with a real ValidationContext: the report, its status and the log lines. */
async function validate(file: string, props = {}): Promise<{ report: ValidationReportJson; success: boolean; logs: string[] }> {
  const plugin: Validation = new IstioGatewayValidation(props);
  const context = new ValidationContext([file], 'cdk8s-istio-gateway', '0.0.0', {}, false);
  const logs: string[] = [];
  jest.spyOn(context.logger, 'log').mockImplementation((m) => { logs.push(m); });
  await plugin.validate(context);
  return { report: context.report.toJson(), success: context.report.success, logs };
}

/** The message `analyze` gives the one finding of `yaml` that `which` picks. */
function analyzeMessage(yaml: string, which: (f: Finding) => boolean): string {
  const found = analyze(parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean)).filter(which);
  expect(found).toHaveLength(1);
  return found[0].message;
}

describe('a short gateway name that resolves to the VirtualService\'s namespace, the app\'s Gateway of that name elsewhere', () => {
  test('fails, with the analyze message', async () => {
    const yaml = gatewayAndRoute('gw');
    const { report, success } = await validate(write('short-name.k8s.yaml', yaml));
    expect(success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['IST0101 ReferencedResourceNotFound']);
    expect(report.violations[0].violatingConstructs.map((c) => c.locations)).toEqual([
      [`Error VirtualService apps/route: ${analyzeMessage(yaml, (f) => f.reference?.variant === 'gateway')}`],
    ]);
    expect(report.violations[0].violatingConstructs[0].locations[0]).toMatch(/Referenced gateway not found: "gw" \(apps\/gw\); .*name an existing Gateway as namespace\/name, e\.g\. istio-system\/gw$/);
  });

  test('passes once the reference names the Gateway\'s namespace', async () => {
    expect((await validate(write('full-name.k8s.yaml', gatewayAndRoute('istio-system/gw')))).success).toBe(true);
  });
});

describe('CIG1013 VirtualServiceHostNotServedByHttpServer', () => {
  /** The gateway pods and Service, a Gateway with HTTP on 80 for `httpHosts` and TCP on 9000 for any host, and a route for blog.example.com. */
  const manifests = (httpHosts: string): string => `${gatewayWorkload('[{name: http2, port: 80, targetPort: 80}, {name: tcp, port: 9000, targetPort: 9000}]')}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - {port: {number: 80, name: http, protocol: HTTP}, hosts: ${httpHosts}}
  - {port: {number: 9000, name: tcp, protocol: TCP}, hosts: ['*']}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: blog, namespace: apps}
spec:
  hosts: [blog.example.com]
  gateways: [istio-system/edge]
  http: [{route: [{destination: {host: blog, port: {number: 80}}}]}]
`;

  test('with failOn: warning, fails with the analyze message', async () => {
    const yaml = manifests('[shop.example.com]');
    const { report, success } = await validate(write('tcp-only.k8s.yaml', yaml), { failOn: 'warning' });
    expect(success).toBe(false);
    const violation = report.violations.find((v) => v.ruleName === 'CIG1013 VirtualServiceHostNotServedByHttpServer');
    expect(violation?.violatingConstructs.map((c) => c.locations)).toEqual([
      [`Warning VirtualService apps/blog: ${analyzeMessage(yaml, (f) => f.code === 'CIG1013')}`],
    ]);
  });

  test('with the default failOn, passes and logs the warning with the analyze message', async () => {
    const yaml = manifests('[shop.example.com]');
    const found = analyze(parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean));
    const { report, success, logs } = await validate(write('tcp-only-default.k8s.yaml', yaml));
    expect(success).toBe(true);
    expect(report.violations).toEqual([]);
    expect(logs).toContain(`cdk8s-istio-gateway: Warning [CIG1013] (VirtualService apps/blog) ${analyzeMessage(yaml, (f) => f.code === 'CIG1013')}`);
    const warnings = logs.filter((l) => l.startsWith('cdk8s-istio-gateway: Warning ')).length;
    expect(logs[logs.length - 1]).toMatch(new RegExp(`^cdk8s-istio-gateway: ${found.length - warnings} more findings? below level error`));
  });

  test('with the host on the HTTP server, no CIG1013 even with failOn: warning', async () => {
    const { report } = await validate(write('served.k8s.yaml', manifests('[shop.example.com, blog.example.com]')), { failOn: 'warning' });
    expect(report.violations.map((v) => v.ruleName)).not.toContain('CIG1013 VirtualServiceHostNotServedByHttpServer');
  });
});
