import { ARTICLE_CASES, cli, createFixtures, expectOneLine, expectUsageError, Fixtures } from './cli-fixtures';

let fx: Fixtures;
beforeAll(() => {
  fx = createFixtures();
});
afterAll(() => fx.remove());

/** A case file where the first case passes, the second expects the wrong destination and the third cannot be evaluated. */
const FAILING_CASES = `
cases:
  - name: counter root
    request: {port: 80, host: counter.lab.example.com}
    expect: {action: route, destinations: [{host: counter, port: 80}]}
  - name: counter goes elsewhere
    request: {port: 80, host: counter.lab.example.com}
    expect: {action: route, destinations: [{host: other, port: 8080}], rule: {index: 1}}
  - name: an unknown gateway
    request: {port: 80, host: counter.lab.example.com, gateway: nowhere/gw}
    expect: {action: route}
`;

describe('verify', () => {
  test('the article cases pass with coverage 100%', async () => {
    const result = await cli('verify', '-f', fx.article, '--cases', ARTICLE_CASES, '--min-coverage', '100');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^PASS {2}counter over plain HTTP on port 80\n/);
    expect(result.stdout).toContain('\n6 passed, 0 failed\n\ncoverage 100%\n');
    expect(result.stdout).toContain('  reached      rule default/mysql tcp[0]\n');
    expect(result.stdout).not.toContain('FAIL');
  });

  test('--json prints {passed, results, coverage}', async () => {
    const result = await cli('verify', '-f', fx.article, '--cases', ARTICLE_CASES, '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['passed', 'results', 'coverage']);
    expect(report.passed).toBe(true);
    expect(report.results).toHaveLength(6);
    expect(report.results[0]).toEqual({
      name: 'counter over plain HTTP on port 80',
      passed: true,
      differences: [],
      decision: expect.objectContaining({ action: 'route', virtualService: 'default/counter' }),
      error: null,
    });
    expect(report.coverage).toMatchObject({ percent: 100, servers: expect.any(Array), rules: expect.any(Array) });
    expect(report.coverage.servers).toHaveLength(3);
  });

  test('a failing case exits 1, prints the diff and says so on stderr', async () => {
    const cases = fx.write('failing.cases.yaml', FAILING_CASES);
    const result = await cli('verify', '-f', fx.article, '--cases', cases);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('PASS  counter root\nFAIL  counter goes elsewhere\n');
    expect(result.stdout).toMatch(/\n {6}destinations: expected \[\{"host":"other","port":8080\}\], got \[\{"host":"counter\.default\.svc\.cluster\.local"/);
    expect(result.stdout).toContain('\n      rule.index: expected 1, got 0\n');
    expect(result.stdout).toMatch(/\n {8}\| VirtualService default\/counter rule 0 matched prefix \/\n/);
    expect(result.stdout).toMatch(/FAIL {2}an unknown gateway\n {6}error: no gateway workload is named nowhere\/gw/);
    expect(result.stdout).toContain('\n1 passed, 2 failed\n');
    expectOneLine(result.stderr, /^cdk8s-istio-gateway: 2 of 3 cases failed$/);
  });

  test('--json of a failing run: passed false, differences and errors per result, exit 1', async () => {
    const cases = fx.write('failing.cases.yaml', FAILING_CASES);
    const result = await cli('verify', '-f', fx.article, '--cases', cases, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.passed).toBe(false);
    expect(report.results.map((r: { passed: boolean }) => r.passed)).toEqual([true, false, false]);
    expect(report.results[1].differences).toEqual([
      { field: 'destinations', expected: [{ host: 'other', port: 8080 }], actual: [expect.objectContaining({ host: 'counter.default.svc.cluster.local' })] },
      { field: 'rule.index', expected: 1, actual: 0 },
    ]);
    expect(report.results[2]).toMatchObject({ decision: null, error: expect.stringMatching(/no gateway workload is named nowhere\/gw/) });
    expect(report.coverage.percent).toBeLessThan(100);
  });

  test('--min-coverage fails a passing run whose coverage is below it, and accepts a % sign', async () => {
    const cases = fx.write('partial.cases.yaml', `
cases:
  - name: counter root
    request: {port: 80, host: counter.lab.example.com}
    expect: {action: route}
`);
    const low = await cli('verify', '-f', fx.article, '--cases', cases, '--min-coverage', '80');
    expect(low.code).toBe(1);
    expect(low.stdout).toContain('1 passed, 0 failed\n\ncoverage 40%\n');
    expect(low.stdout).toContain('  NOT REACHED  server istio-system/default-gateway https (443)\n');
    expectOneLine(low.stderr, /^cdk8s-istio-gateway: coverage 40% is below --min-coverage 80$/);

    const lowJson = await cli('verify', '-f', fx.article, '--cases', cases, '--min-coverage', '80%', '--json');
    expect(lowJson.code).toBe(1);
    expect(JSON.parse(lowJson.stdout)).toMatchObject({ passed: true, coverage: { percent: 40 } });
    expectOneLine(lowJson.stderr, /coverage 40% is below --min-coverage 80$/);

    const enough = await cli('verify', '-f', fx.article, '--cases', cases, '--min-coverage', '40');
    expect(enough).toMatchObject({ code: 0, stderr: '' });
  });

  test('--namespace places objects without a namespace', async () => {
    const cases = fx.write('web.cases.yaml', `
cases:
  - name: web in shop
    request: {port: 80, host: web.example.com, gateway: istio-system/gw-b}
    expect: {virtualService: shop/web, destinations: [{host: web.shop.svc.cluster.local}]}
`);
    expect((await cli('verify', '-f', fx.twoGateways, '--cases', cases, '-n', 'shop')).code).toBe(0);
    expect((await cli('verify', '-f', fx.twoGateways, '--cases', cases)).code).toBe(1);
  });

  test.each([
    ['no cases: list', 'requests: []\n', /bad\.cases\.yaml: no 'cases:' list/],
    ['a case without a name', 'cases: [{request: {port: 80}, expect: {}}]\n', /bad\.cases\.yaml: case 1: name is missing/],
    ['an unknown expect field', 'cases: [{name: a, request: {port: 80}, expect: {destination: []}}]\n',
      /bad\.cases\.yaml: case 1 \(a\): expect\.destination is not a decision field/],
    ['a YAML syntax error', 'cases: [\n', /bad\.cases\.yaml: /],
  ])('a case file with %s is a one-line error (exit 2)', async (_name, text, pattern) => {
    const cases = fx.write('bad.cases.yaml', text);
    expectUsageError(await cli('verify', '-f', fx.article, '--cases', cases), pattern);
  });

  test('usage errors: missing --cases, a missing case file, a bad --min-coverage', async () => {
    expectUsageError(await cli('verify', '-f', fx.article), /required option '--cases <file>' not specified; see 'cdk8s-istio-gateway verify --help'$/);
    expectUsageError(await cli('verify', '-f', fx.article, '--cases', 'missing.cases.yaml'), /missing\.cases\.yaml: cannot read the file$/);
    expectUsageError(await cli('verify', '-f', fx.article, '--cases', ARTICLE_CASES, '--min-coverage', 'lots'),
      /--min-coverage 'lots' is not a percentage \(a number from 0 to 100\)$/);
    expectUsageError(await cli('verify', '-f', fx.article, '--cases', ARTICLE_CASES, '--min-coverage', '101'), /--min-coverage '101' is not a percentage/);
  });
});
