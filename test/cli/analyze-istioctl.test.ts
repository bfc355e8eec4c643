import { parse } from 'yaml';
import { ANALYZE_BROKEN, ANALYZE_CLEAN, cli, createFixtures, expectOneLine, expectUsageError, Fixtures, shopRoute } from './cli-fixtures';
import { globMatches, isSuppressed, parseSuppression } from '../../src/cli/suppression';
import { istioctlResourceName } from '../../src/format/istioctl-messages';

/**
 * With `-n apps`: Warning IST0162 (Gateway istio-system/extra), Info IST0118 (Service apps/legacy), Error IST0101 and
 * Warning IST0132 (VirtualService apps/cart, bound to a Gateway that does not exist) and Warning CIG1004
 * (VirtualService apps/short).
 */
const PROBLEMS = `${ANALYZE_BROKEN}---
${shopRoute('short', 'shop', 'istio-system/public')}---
apiVersion: v1
kind: Service
metadata: {name: legacy}
spec:
  selector: {app: legacy}
  ports: [{name: web, port: 80, targetPort: 8080}]
`;

let fx: Fixtures;
let clean: string;
let problems: string;
beforeAll(() => {
  fx = createFixtures();
  clean = fx.write('istioctl/clean.yaml', ANALYZE_CLEAN);
  problems = fx.write('istioctl/problems.yaml', PROBLEMS);
});
afterAll(() => fx.remove());

/** `analyze -f clean,problems -n apps ARGV`. */
function analyzeAll(...argv: string[]) {
  return cli('analyze', '-f', `${clean},${problems}`, '-n', 'apps', ...argv);
}

/** The codes `analyze --json` prints, in order. */
async function codes(...argv: string[]): Promise<string[]> {
  return (JSON.parse((await analyzeAll('--json', ...argv)).stdout) as Array<{ code: string }>).map((f) => f.code);
}

describe('analyze --suppress (-S), as istioctl analyze takes it', () => {
  test("istioctl's 'Kind name.namespace' drops the finding, which then no longer fails the run", async () => {
    expect(await codes()).toEqual(['IST0162', 'IST0118', 'IST0101', 'IST0132', 'CIG1004']);
    const result = await analyzeAll('-S', 'IST0101=VirtualService cart.apps');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).not.toContain('IST0101');
    expect(result.stdout).toMatch(/^4 findings in 4 resources \(0 errors, 3 warnings, 1 info\)/m);
  });

  test("this project's 'Kind namespace/name' is accepted too, with --suppress", async () => {
    expect(await codes('--suppress', 'IST0101=VirtualService apps/cart')).toEqual(['IST0162', 'IST0118', 'IST0132', 'CIG1004']);
  });

  test('* matches any run of characters in the resource, in either spelling; repeated flags add up', async () => {
    expect(await codes('-S', 'IST0162=Gateway *.istio-system')).toEqual(['IST0118', 'IST0101', 'IST0132', 'CIG1004']);
    expect(await codes('-S', 'IST0118=*')).toEqual(['IST0162', 'IST0101', 'IST0132', 'CIG1004']);
    expect(await codes('-S', 'CIG1004=VirtualService apps/*', '-S', 'IST0101=*.apps')).toEqual(['IST0162', 'IST0118', 'IST0132']);
    expect(await codes('-S', 'IST0101=VirtualService *.default', '-S', 'IST0101=Gateway *')).toEqual(['IST0162', 'IST0118', 'IST0101', 'IST0132', 'CIG1004']);
  });

  test('the code must match exactly, case included, as in istioctl', async () => {
    const result = await analyzeAll('--json', '-S', 'ist0101=VirtualService cart.apps');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('"IST0101"');
  });

  test('a code no analyzer reports gets a warning and has no effect; an istioctl code is taken silently', async () => {
    const unknown = await analyzeAll('--json', '-S', 'FOO1=Pod *', '--failure-threshold', 'info', '-S', 'FOO1=Service *');
    expect(unknown.stderr).toBe("cdk8s-istio-gateway: warning: --suppress code 'FOO1' is not a code analyze reports; it has no effect\n"
      + 'cdk8s-istio-gateway: 5 findings at or above level info\n');
    expect(JSON.parse(unknown.stdout)).toHaveLength(5);
    const istioctl = await cli('analyze', '-f', clean, '-S', 'IST0102=Namespace *', '-S', 'IST0107=Pod *.default');
    expect(istioctl).toMatchObject({ code: 0, stderr: '' });
  });

  test.each([
    ['IST0101', /--suppress 'IST0101' is not CODE=RESOURCE; e\.g\. -S "IST0101=VirtualService cart\.apps"$/],
    ['IST0101=VirtualService a=b', /--suppress 'IST0101=VirtualService a=b' is not CODE=RESOURCE/],
    ['=VirtualService cart.apps', /--suppress '=VirtualService cart\.apps' has no code before '='/],
    ['IST 0101=VirtualService cart.apps', /has no code before '='/],
    ['IST0101=', /--suppress 'IST0101=' does not name a resource as 'Kind name\.namespace' or 'Kind namespace\/name'/],
    ['IST0101=cart.apps', /does not name a resource/],
  ])('a malformed suppression (%s) is a one-line usage error', async (value, pattern) => {
    expectUsageError(await analyzeAll('-S', value), pattern);
  });
});

describe('analyze --failure-threshold and --output-threshold', () => {
  test('--failure-threshold sets the level that fails the run, in any case; --fail-on is its older name', async () => {
    const noError = ['-S', 'IST0101=*'];
    expect((await analyzeAll(...noError)).code).toBe(0);
    expect((await analyzeAll(...noError, '--failure-threshold', 'Error')).code).toBe(0);
    const warning = await analyzeAll(...noError, '--failure-threshold', 'WARNING');
    expect(warning.code).toBe(1);
    expectOneLine(warning.stderr, /^cdk8s-istio-gateway: 3 findings at or above level warning$/);
    expect(await analyzeAll(...noError, '--fail-on', 'warning')).toEqual(warning);
    const noWarning = [...noError, '-S', 'IST0162=*', '-S', 'IST0132=*', '-S', 'CIG1004=*'];
    expect((await analyzeAll(...noWarning, '--failure-threshold', 'warning')).code).toBe(0);
    expect((await analyzeAll(...noWarning, '--failure-threshold', 'info')).code).toBe(1);
  });

  test('bad levels, and both spellings at once, are one-line usage errors', async () => {
    expectUsageError(await analyzeAll('--failure-threshold', 'fatal'), /^cdk8s-istio-gateway: --failure-threshold 'fatal' is not a level \(error, warning or info\)$/);
    expectUsageError(await analyzeAll('--output-threshold', 'debug'), /^cdk8s-istio-gateway: --output-threshold 'debug' is not a level \(error, warning or info\)$/);
    expectUsageError(await analyzeAll('--fail-on', 'warning', '--failure-threshold', 'error'),
      /option '--fail-on <level>' cannot be used with option '--failure-threshold <level>'; see 'cdk8s-istio-gateway analyze --help'$/);
  });

  test('--output-threshold hides findings below it from every format; they still count for the exit status', async () => {
    const errors = await analyzeAll('--output-threshold', 'error');
    expect(errors.code).toBe(1);
    expect(errors.stdout).toMatch(/^VirtualService apps\/cart\n {2}Error \[IST0101\]/);
    expect(errors.stdout).not.toMatch(/IST0162|IST0118|IST0132|CIG1004/);
    expect(errors.stdout).toMatch(/\n4 findings below level error not shown \(--output-threshold\)\.\n$/);

    const hiddenWarnings = await analyzeAll('-S', 'IST0101=*', '--output-threshold', 'error', '--failure-threshold', 'warning');
    expect(hiddenWarnings.code).toBe(1);
    expect(hiddenWarnings.stdout).toBe(`\u2714 No validation issues found when analyzing 8 objects from ${clean}, ${problems}.\n`
      + '4 findings below level error not shown (--output-threshold).\n');

    expect(await codes('--output-threshold', 'Warning')).toEqual(['IST0162', 'IST0101', 'IST0132', 'CIG1004']);
    const json = JSON.parse((await analyzeAll('-o', 'json', '--output-threshold', 'warning')).stdout) as object[];
    expect(json).toHaveLength(4);
  });
});

describe("analyze -o json|yaml: istioctl analyze's message shape", () => {
  test("-o json prints istioctl's fields in istioctl's order; IST codes link istio.io, CIG codes do not", async () => {
    const result = await analyzeAll('-o', 'json');
    expect(result.code).toBe(1);
    const messages = JSON.parse(result.stdout) as Array<Record<string, string>>;
    expect(messages.map((m) => Object.keys(m).join())).toEqual([
      'code,documentationUrl,level,message,origin,reference',
      'code,documentationUrl,level,message,origin,reference',
      'code,documentationUrl,level,message,origin,reference',
      'code,documentationUrl,level,message,origin,reference',
      'code,level,message,origin,reference',
    ]);
    expect(messages[2]).toEqual({
      code: 'IST0101',
      documentationUrl: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      level: 'Error',
      message: expect.stringMatching(/^Referenced gateway not found: "istio-system\/missing"/),
      origin: 'VirtualService cart.apps',
      reference: problems,
    });
    expect(messages.map((m) => m.origin)).toEqual(['Gateway extra.istio-system', 'Service legacy.apps', 'VirtualService cart.apps', 'VirtualService cart.apps',
      'VirtualService short.apps']);
    expect(messages[4]).toMatchObject({ code: 'CIG1004', level: 'Warning', origin: 'VirtualService short.apps' });
  });

  test('-o yaml holds the same messages; --json keeps its own shape, {code, level, resource, message}', async () => {
    const json = await analyzeAll('-o', 'json');
    const yaml = await analyzeAll('-o', 'yaml');
    expect(yaml).toMatchObject({ code: json.code, stderr: json.stderr });
    expect(yaml.stdout).toMatch(/^- code: IST0162\n {2}documentationUrl: https:\/\/istio\.io\//);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
    const legacy = JSON.parse((await analyzeAll('--json')).stdout) as object[];
    expect(legacy.map((f) => Object.keys(f).join())).toEqual(Array(5).fill('code,level,resource,message'));
  });

  test('no findings: an empty list, exit 0', async () => {
    expect(await cli('analyze', '-f', clean, '-o', 'json')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await cli('analyze', '-f', clean, '-o', 'yaml')).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  test("-o log is the default text (istioctl's name for it)", async () => {
    expect(await analyzeAll('-o', 'log')).toEqual(await analyzeAll());
    expect(await analyzeAll('-o', 'LOG', '-S', 'IST0101=*')).toEqual(await analyzeAll('-S', 'IST0101=*'));
  });
});

describe('analyze --help', () => {
  test('shows the istioctl flags, examples and the exit codes beside istioctl analyze\'s', async () => {
    const help = (await cli('analyze', '--help')).stdout;
    for (const flag of ['-o, --output <format>', '-S, --suppress <CODE=RESOURCE>', '--failure-threshold <level>', '--fail-on <level>',
      '--output-threshold <level>', '--json']) {
      expect(help).toContain(`  ${flag}`);
    }
    expect(help).toMatch(/\$ cdk8s-istio-gateway analyze -f dist\/ --output-threshold warning -S "IST0162=Gateway \*\.istio-system"/);
    expect(help).toMatch(/\$ cdk8s-istio-gateway analyze -f dist\/ --failure-threshold warning -o json/);
    expect(help).toMatch(/\n {2}1 {2}a finding at or above --failure-threshold +\[79\]\n/);
    expect(help).toMatch(/\n {2}2 {2}bad flags, [^\n]*\[64 bad flags, 65 files that do not parse\]\n/);
  });
});

describe('suppression helpers', () => {
  test("istioctlResourceName: 'Kind name.namespace', without the namespace for cluster-scoped kinds", () => {
    expect(istioctlResourceName('VirtualService apps/cart')).toBe('VirtualService cart.apps');
    expect(istioctlResourceName('Namespace default/apps')).toBe('Namespace apps');
    expect(istioctlResourceName('app root')).toBe('app root');
  });

  test('globMatches: * is any run of characters, the rest is literal, the whole text must match', () => {
    expect(globMatches('Pod *.default', 'Pod web.default')).toBe(true);
    expect(globMatches('Pod *.default', 'Pod web.default2')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('a*b*c', 'abc')).toBe(true);
    expect(globMatches('a*b*c', 'acb')).toBe(false);
    expect(globMatches('ab*ba', 'aba')).toBe(false);
    expect(globMatches('Pod web?default', 'Pod web.default')).toBe(false);
    expect(globMatches('Pod web.default', 'Pod web.default')).toBe(true);
  });

  test('isSuppressed and parseSuppression', () => {
    const finding = { code: 'IST0101', level: 'Error' as const, resource: 'VirtualService apps/cart', message: 'm' };
    expect(parseSuppression(' IST0101 = VirtualService cart.* ')).toEqual({ code: 'IST0101', resource: 'VirtualService cart.*' });
    expect(isSuppressed(finding, [parseSuppression('IST0101=VirtualService cart.*')])).toBe(true);
    expect(isSuppressed(finding, [parseSuppression('IST0102=VirtualService cart.*')])).toBe(false);
    expect(isSuppressed(finding, [])).toBe(false);
  });
});
