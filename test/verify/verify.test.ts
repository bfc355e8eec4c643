import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { CaseFileError, checkCases, formatReport, loadCaseFile, TrafficEngine, verify } from '../../src';

const CASES = path.join(__dirname, '..', '..', 'examples', 'article-gateway.cases.yaml');

function articleEngine(): TrafficEngine {
  const app = new App({ outdir: '/tmp/unused' });
  EXAMPLES['article-gateway'](app);
  return TrafficEngine.fromChart(app);
}

describe('verify', () => {
  const engine = articleEngine();

  test('every case of the article passes, and every server and rule is reached', () => {
    const report = verify(engine, loadCaseFile(CASES));
    expect(report.results.filter((r) => !r.passed).map((r) => r.case.name)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.coverage?.percent).toBe(100);
    expect(report.coverage?.servers.map((s) => `${s.name}:${s.reached}`)).toEqual(['http2:true', 'https:true', 'mysql:true']);
  });

  test('a wrong expectation fails with the field, both values and the trace', () => {
    const report = verify(engine, checkCases([{
      name: 'wrong port',
      request: { port: 80, host: 'counter.lab.example.com' },
      expect: { destinations: [{ host: 'counter', port: 8080 }], rule: { index: 1 } },
    }]));
    expect(report.passed).toBe(false);
    expect(report.results[0].differences.map((d) => d.field)).toEqual(['destinations', 'rule.index']);
    const text = formatReport(report);
    expect(text).toContain('FAIL  wrong port');
    expect(text).toContain('rule.index: expected 1, got 0');
    expect(text).toContain('| VirtualService default/counter rule 0 matched prefix /');
    expect(text).toContain('0 passed, 1 failed');
  });

  test('coverage lists the servers and rules no case reached', () => {
    const report = verify(engine, checkCases([{ name: 'http only', request: { port: 80, host: 'counter.lab.example.com' }, expect: { action: 'route' } }]));
    expect(report.coverage?.servers.filter((s) => !s.reached).map((s) => s.name)).toEqual(['https', 'mysql']);
    expect(report.coverage?.rules).toEqual([
      { virtualService: 'default/counter', section: 'http', index: 0, name: null, reached: true },
      { virtualService: 'default/mysql', section: 'tcp', index: 0, name: null, reached: false },
    ]);
    expect(report.coverage?.percent).toBe(40);
  });

  test('a case may expect the reason: a 404 for an unknown Host is no_virtual_host, not no_route', () => {
    const report = verify(engine, checkCases([
      { name: 'unknown host', request: { port: 80, host: 'unknown.example.com' }, expect: { action: 'no_route', reason: 'no_virtual_host' } },
      { name: 'unknown host, wrong reason', request: { port: 80, host: 'unknown.example.com' }, expect: { action: 'no_route', reason: 'no_route' } },
      { name: 'counter', request: { port: 80, host: 'counter.lab.example.com' }, expect: { reason: 'matched' } },
    ]));
    expect(report.results.map((r) => r.passed)).toEqual([true, false, true]);
    expect(report.results[1].differences).toEqual([{ field: 'reason', expected: 'no_route', actual: 'no_virtual_host' }]);
  });

  test('a request the engine cannot evaluate fails the case with the reason', () => {
    const report = verify(engine, checkCases([{ name: 'elsewhere', request: { port: 80, gateway: 'x/y' }, expect: { action: 'route' } }]));
    expect(report.results[0]).toMatchObject({ passed: false, error: expect.stringMatching(/no gateway workload is named x\/y/) });
  });

  test.each([
    [[{ request: { port: 80 }, expect: {} }], /case 1: name is missing/],
    [[{ name: 'a', expect: {} }], /case 1 \(a\): request is missing/],
    [[{ name: 'a', request: { port: 80, url: '/' }, expect: {} }], /case 1 \(a\): request: url is not a request field/],
    [[{ name: 'a', request: { host: 'x' }, expect: {} }], /case 1 \(a\): request: give port/],
    [[{ name: 'a', request: { port: '80' }, expect: {} }], /request: port is '80', not a port number/],
    [[{ name: 'a', request: { port: 80, nodePort: 30080 }, expect: {} }], /case 1 \(a\): request: give port or nodePort, not both/],
    [[{ name: 'a', request: { port: 80, host: 'shop example.com' }, expect: {} }], /case 1 \(a\): request: host 'shop example.com' cannot be a Host header/],
    [[{ name: 'a', request: { port: 80, host: 'shop.example.com:70000' }, expect: {} }], /request: host 'shop.example.com:70000' has port 70000, above 65535/],
    [[{ name: 'a', request: { port: 80 } }], /expect is missing/],
    [[{ name: 'a', request: { port: 80 }, expect: ['route'] }], /case 1 \(a\): expect is a list, not a mapping; list the decision fields the case checks/],
    [[{ name: 'a', request: { port: 80 }, expect: { destination: [] } }], /expect.destination is not a decision field/],
    [[{ name: 'a', request: { port: 80 }, expect: { reason: 'no_vhost' } }], /case 1 \(a\): expect.reason is 'no_vhost', not a decision reason \(matched, no_service_port, .*, no_route\)/],
    [[{ name: 'a', request: { port: 80 }, expect: { reason: 404 } }], /expect.reason is number 404, not a decision reason/],
  ])('malformed cases are rejected with a one-line reason (%#)', (cases, message) => {
    expect(() => checkCases(cases as unknown[])).toThrow(CaseFileError);
    expect(() => checkCases(cases as unknown[])).toThrow(message);
  });

  test("on the engine's config dump the cases run, but for what a dump does not record; coverage is null, and the text says why", () => {
    const cases = loadCaseFile(CASES).filter((c) => c.request.nodePort === undefined);
    const dumped = TrafficEngine.fromConfigDump(JSON.parse(JSON.stringify(engine.configDump())), 'dump.json');
    const report = verify(dumped, cases);
    expect(verify(engine, cases).passed).toBe(true);
    // A plaintext route configuration (http.80) names no Gateway, and no server name.
    expect(report.results.map((r) => [r.case.name, r.differences.map((d) => d.field)])).toEqual([
      ['counter over plain HTTP on port 80', ['gateway', 'server.name']],
      ['a host the gateway does not route gets 404', []],
    ]);
    expect(report.coverage).toBeNull();
    const text = formatReport(report);
    expect(text).toMatch(/ passed, \d+ failed\n\ncoverage not available: /);
    expect(text).toMatch(/: a config dump holds no Gateway servers or VirtualService rules to count; coverage needs the manifests$/);
  });

  test('a case file without cases: is rejected', () => {
    expect(() => loadCaseFile(path.join(__dirname, '..', '..', 'package.json'))).toThrow(/no 'cases:' list/);
    expect(() => loadCaseFile('/nonexistent/cases.yaml')).toThrow(/cannot read the file/);
  });
});
