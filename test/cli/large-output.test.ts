/**
 * Formatters and listings on inputs far larger than any test fixture: a route table of 200,000 rows is what 20,000
 * VirtualServices of 10 rules give. Spreading every row into `Math.max(...)` or `push(...)` overflows the call stack
 * from about 120,000 arguments; these must work by loops.
 */
import { writeLines } from '../../src/cli/chunked-output';
import { Decision } from '../../src/engine/decision';
import { RouteRow } from '../../src/engine/route-listing';
import { formatDecision } from '../../src/format/decision';
import { findingLines, formatFindings } from '../../src/format/findings';
import { formatRouteTable, routeTableLines } from '../../src/format/route-table';
import { columnWidths } from '../../src/format/text-table';
import { formatWideRouteTable } from '../../src/format/wide-route-table';
import { KubeObject } from '../../src/manifests/kube-object';

const ROWS = 200_000;

function row(i: number): RouteRow {
  return {
    workload: 'istio-system/istio-ingressgateway',
    listenerPort: 80,
    name: 'http.80',
    virtualHost: `svc-${i}.example.com:80`,
    domains: [`svc-${i}.example.com`],
    match: '/api/v1/*',
    virtualService: `svc-${i}.apps`,
    rule: 1,
    action: `outbound|8080||svc-${i}.apps.svc.cluster.local`,
  };
}

describe('output of 200,000 rows', () => {
  const rows = Array.from({ length: ROWS }, (_, i) => row(i));

  test('the route table lays out every row, aligned to the longest cell', () => {
    const lines = formatRouteTable(rows).split('\n');
    expect(lines).toHaveLength(ROWS + 1);
    const last = lines[ROWS];
    expect(last).toContain('svc-199999.example.com:80');
    // The widest virtual host is the last one: every row's next column starts at the same place.
    expect(lines[1].indexOf('svc-0.example.com ')).toBe(last.indexOf('svc-199999.example.com '));
  });

  test('the wide route table too', () => {
    const objects: KubeObject[] = [{
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'svc-7', namespace: 'apps' },
      spec: { http: [{}, { name: 'v1', timeout: '5s' }] },
    } as KubeObject];
    const lines = formatWideRouteTable(rows, objects).split('\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[8]).toMatch(/svc-7\.apps #1 .* v1 +timeout 5s +-$/);
  });

  test('a decision with 200,000 destinations and trace steps', () => {
    const decision: Decision = {
      action: 'route',
      status: null,
      gateway: 'istio-system/gw',
      server: { port: 80, protocol: 'HTTP', name: 'http' },
      virtualService: 'apps/web',
      rule: { index: 0, name: null },
      destinations: rows.map((r, i) => ({ host: r.virtualService!, port: 80, subset: null, weight: i === 0 ? 100 : 0 })),
      mirrors: [{ host: 'shadow.apps.svc.cluster.local', port: 80, subset: null, percentage: 1 }],
      redirect: null,
      rewrite: null,
      trace: rows.map((r) => r.match),
    };
    const lines = formatDecision(decision).split('\n');
    expect(lines).toHaveLength(6 + 1 + ROWS + 2 + 1 + ROWS);
    expect(lines[7]).toBe(`  ${'svc-0.apps:80'.padEnd('svc-199999.apps:80'.length)}  100%`);
    expect(lines[lines.length - 1]).toBe(`  ${ROWS}. /api/v1/*`);
  });

  test('findings: 200,000 on one resource', () => {
    const findings = rows.map((r) => ({ code: 'IST0101', level: 'Error' as const, resource: 'VirtualService apps/web', message: r.action }));
    const text = formatFindings(findings, '1 object from a.yaml');
    expect(text.split('\n')).toHaveLength(ROWS + 4);
    expect(text.endsWith('200000 findings in 1 resource (200000 errors, 0 warnings, 0 infos) when analyzing 1 object from a.yaml.\n')).toBe(true);
  });

  test('writing in chunks gives the text the lines joined give', () => {
    const some = rows.slice(0, 20_000);
    const chunks: string[] = [];
    writeLines({ stdout: (s) => chunks.push(s), stderr: () => undefined }, routeTableLines(some));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(`${formatRouteTable(some)}\n`);
    const findingChunks: string[] = [];
    writeLines({ stdout: (s) => findingChunks.push(s), stderr: () => undefined }, findingLines([], 'nothing'));
    expect(findingChunks).toEqual([formatFindings([], 'nothing')]);
  });
});

describe('columnWidths', () => {
  test('is the longest cell of each column, rows of any length', () => {
    expect(columnWidths([['a', 'bbb'], ['cc'], ['', 'd', 'eeee']])).toEqual([2, 3, 4]);
    expect(columnWidths([])).toEqual([]);
  });
});
