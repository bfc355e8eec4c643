import { ANALYZE_BROKEN, ANALYZE_CLEAN, cli, createFixtures, expectOneLine, expectUsageError, Fixtures, shopRoute } from './cli-fixtures';
import { analyze } from '../../src/analyze/analyze';
import { formatFindings } from '../../src/format/findings';
import { loadFiles } from '../../src/manifests/load';
import { httpGateway } from '../support/istio-yaml';

/** {@link ANALYZE_CLEAN} and the `shop` VirtualService, bound to its Gateway. */
const CLEAN = `${ANALYZE_CLEAN}---\n${shopRoute('shop', 'shop.example.com', 'istio-system/public')}`;

let fx: Fixtures;
let clean: string;
let broken: string;
let warningOnly: string;
beforeAll(() => {
  fx = createFixtures();
  clean = fx.write('analyze/clean/all.yaml', CLEAN);
  broken = fx.write('analyze/broken.yaml', ANALYZE_BROKEN);
  warningOnly = fx.write('analyze/warning.yaml', `${CLEAN}---${ANALYZE_BROKEN.split('---')[1]}`);
});
afterAll(() => fx.remove());

describe('analyze', () => {
  test('clean manifests: one line, exit 0', async () => {
    const result = await cli('analyze', '-f', clean);
    expect(result).toEqual({ code: 0, stdout: `\u2714 No validation issues found when analyzing 5 objects from ${clean}.\n`, stderr: '' });
  });

  test('findings are grouped by resource, in istioctl analyze lines, with a summary; an error exits 1', async () => {
    const result = await cli('analyze', '-f', `${clean},${broken}`, '-n', 'apps');
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, /^cdk8s-istio-gateway: 1 finding at or above level error$/);
    const blocks = result.stdout.trimEnd().split('\n\n');
    expect(blocks[0].split('\n')).toEqual([
      'Gateway istio-system/extra',
      expect.stringMatching(/^ {2}Warning \[IST0162\] \(Gateway istio-system\/extra\) server http-extra listens on port 8081, which no Service/),
    ]);
    expect(blocks[1].split('\n')).toEqual([
      'VirtualService apps/cart',
      expect.stringMatching(/^ {2}Error \[IST0101\] \(VirtualService apps\/cart\) Referenced gateway not found: "istio-system\/missing"/),
      expect.stringMatching(/^ {2}Warning \[IST0132\] \(VirtualService apps\/cart\) none of the hosts cart\.example\.com can match a server host of Gateway istio-system\/missing, which the manifests do not hold/),
    ]);
    expect(blocks[blocks.length - 1]).toMatch(
      new RegExp(`^\\d+ findings in \\d+ resources \\(1 error, \\d+ warnings?, \\d+ infos?\\) when analyzing 7 objects from ${clean}, ${broken}\\.$`));
  });

  test('--json prints the findings of analyze on stdout alone', async () => {
    const result = await cli('analyze', '-f', broken, '-f', clean, '--json', '--namespace', 'apps');
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout);
    expect(findings).toEqual(analyze(loadFiles([broken, clean], { namespace: 'apps' })));
    expect(findings).toContainEqual({
      code: 'IST0101',
      level: 'Error',
      resource: 'VirtualService apps/cart',
      message: expect.stringMatching(/^Referenced gateway not found/),
    });
    expect(findings.every((f: object) => Object.keys(f).join() === 'code,level,resource,message')).toBe(true);

    const none = await cli('analyze', '-f', clean, '--json');
    expect(none).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  test('--fail-on sets the level that fails the run', async () => {
    expect((await cli('analyze', '-f', warningOnly)).code).toBe(0);
    expect((await cli('analyze', '-f', warningOnly, '--fail-on', 'error')).code).toBe(0);
    const warning = await cli('analyze', '-f', warningOnly, '--fail-on', 'Warning');
    expect(warning.code).toBe(1);
    expectOneLine(warning.stderr, /at or above level warning$/);
    expect((await cli('analyze', '-f', warningOnly, '--fail-on', 'info', '--json')).code).toBe(1);
    expect((await cli('analyze', '-f', clean, '--fail-on', 'info')).code).toBe(0);
  });

  test('bad flags and files are one-line errors with exit code 2', async () => {
    expectUsageError(await cli('analyze', '-f', clean, '--fail-on', 'fatal'), /--fail-on 'fatal' is not a level \(error, warning or info\)/);
    expectUsageError(await cli('analyze'), /required option '-f, --filename <path\.\.\.>' not specified/);
    expectUsageError(await cli('analyze', '-f', ','), /option '-f, --filename' got no path/);
    expectUsageError(await cli('analyze', '-f', clean, '--port', '80'), /unknown option '--port'; see 'cdk8s-istio-gateway analyze --help'$/);
    const bad = fx.write('analyze/bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {namespace: x}\n');
    expectUsageError(await cli('analyze', '-f', bad), /analyze\/bad\.yaml \(document 1, Service\): /);
  });

  test('a directory is read recursively, like the other commands', async () => {
    const result = await cli('analyze', '-f', fx.article, '--json');
    expect(JSON.parse(result.stdout)).toEqual(analyze(loadFiles([fx.article])));
  });
});

/**
 * Without a cluster, istioctl analyze assumes Istio's default ingress gateway is installed: a pod labelled istio:
 * ingressgateway and the Service istio-ingressgateway (ports 80, 443, 31400, 15443) in istio-system (istio/istio
 * pkg/config/analysis/local/defaults.go, added by IstiodAnalyzer.AddDefaultResources; the analyzer tests add them in
 * setupAnalyzerForCase, analyzers_test.go, which is why gatewayCorrectPort is clean and gatewayBadPort an IST0162).
 */
describe('analyze and the default ingress gateway', () => {
  const NOTE = 'selector istio=ingressgateway matches no pod of the manifests: the Gateway was checked against the default ingress gateway '
    + 'assumed installed, as istioctl analyze assumes for files (pods labelled istio=ingressgateway in istio-system, Service '
    + 'istio-system/istio-ingressgateway (ports 80, 443, 31400, 15443)); if the cluster runs no such gateway, add the gateway workload '
    + 'to the manifests or analyze with --no-default-ingress';
  let bare: string;
  let badPort: string;
  beforeAll(() => {
    bare = fx.write('analyze/default-ingress/gateway.yaml', httpGateway('public'));
    badPort = fx.write('analyze/default-ingress/port.yaml', httpGateway('public', { port: 8080 }));
  });

  test('a Gateway for it needs no pods in the files: an Info line under the Gateway says it was assumed, exit 0', async () => {
    expect(await cli('analyze', '-f', bare)).toEqual({
      code: 0,
      stdout: `Gateway istio-system/public\n  Info [CIG1012] (Gateway istio-system/public) ${NOTE}\n\n`
        + `1 finding in 1 resource (0 errors, 0 warnings, 1 info) when analyzing 1 object from ${bare}.\n`,
      stderr: '',
    });
  });

  test('--no-default-ingress: the same Gateway selects nothing, an error that says the gateway was not assumed', async () => {
    const result = await cli('analyze', '-f', bare, '--no-default-ingress');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      'Gateway istio-system/public',
      expect.stringMatching(/^ {2}Error \[IST0101\] \(Gateway istio-system\/public\) Referenced selector not found: "istio=ingressgateway" \(no pod or pod template in the manifests carries these labels; the default ingress gateway is not assumed in this analysis\); /),
    ]);
    expect(result.stdout).not.toContain('CIG1012');
    expectOneLine(result.stderr, /^cdk8s-istio-gateway: 1 finding at or above level error$/);
  });

  test('a port its Service does not expose is an IST0162 naming that Service, next to the note', async () => {
    const lines = (await cli('analyze', '-f', badPort)).stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Gateway istio-system/public',
      expect.stringMatching(/^ {2}Warning \[IST0162\] \(Gateway istio-system\/public\) server http listens on port 8080, which no Service of the gateway pods \(selector istio=ingressgateway\) exposes, the assumed default ingress Service istio-system\/istio-ingressgateway \(ports 80, 443, 31400, 15443\) included; /),
      `  Info [CIG1012] (Gateway istio-system/public) ${NOTE}`,
    ]);
    expect((await cli('analyze', '-f', badPort, '--no-default-ingress', '--json')).stdout).not.toContain('IST0162');
  });

  test('the note is a finding in every format: --json, -o json (no istio.io link for a CIG code), --suppress, --output-threshold', async () => {
    expect(JSON.parse((await cli('analyze', '-f', bare, '--json')).stdout))
      .toEqual([{ code: 'CIG1012', level: 'Info', resource: 'Gateway istio-system/public', message: NOTE }]);
    expect(JSON.parse((await cli('analyze', '-f', bare, '-o', 'json')).stdout))
      .toEqual([{ code: 'CIG1012', level: 'Info', message: NOTE, origin: 'Gateway public.istio-system', reference: bare }]);
    expect((await cli('analyze', '-f', bare, '-S', 'CIG1012=Gateway *')).stdout).toMatch(/^\u2714 No validation issues found/);
    expect((await cli('analyze', '-f', bare, '--output-threshold', 'warning')).stdout)
      .toMatch(/^\u2714 No validation issues found [^\n]*\n1 finding below level warning not shown \(--output-threshold\)\.\n$/);
  });

  test('--help lists the flag', async () => {
    const help = (await cli('analyze', '--help')).stdout;
    expect(help).toMatch(/\n {2}--no-default-ingress +do not assume the default ingress gateway/);
    expect(help).toContain('$ cdk8s-istio-gateway analyze -f dist/ --no-default-ingress');
  });
});

describe('formatFindings', () => {
  test('counts in the singular and plural', () => {
    const text = formatFindings([{ code: 'IST0118', level: 'Info', resource: 'Service default/a', message: 'm' }], '1 object from a.yaml');
    expect(text).toBe('Service default/a\n  Info [IST0118] (Service default/a) m\n\n1 finding in 1 resource (0 errors, 0 warnings, 1 info) when analyzing 1 object from a.yaml.\n');
  });
});
