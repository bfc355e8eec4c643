/**
 * `routes`: the route table as aligned text columns, like `istioctl proxy-config routes`.
 */
import { columnWidths } from './text-table';
import { RouteRow } from '../engine/route-listing';

/** The route table as aligned text columns, like `istioctl proxy-config routes`. */
export function formatRouteTable(rows: readonly RouteRow[]): string {
  return [...routeTableLines(rows)].join('\n');
}

/** @internal The lines of `formatRouteTable`, header first, made one at a time as they are taken (for output in chunks). */
export function* routeTableLines(rows: readonly RouteRow[]): Generator<string> {
  const header = ['WORKLOAD', 'PORT', 'NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE', 'ACTION'];
  const via = (r: RouteRow) => (r.delegatedFrom ? ` (via ${r.delegatedFrom})` : '');
  const cells = rows.map((r) => [r.workload, String(r.listenerPort), r.name, r.virtualHost, r.domains.join(','), r.match,
    r.virtualService === null ? '-' : `${r.virtualService}${r.rule === null ? '' : ` #${r.rule}`}${via(r)}`, r.action]);
  const widths = columnWidths([header, ...cells]);
  const line = (row: readonly string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  yield line(header);
  for (const row of cells) {
    yield line(row);
  }
}
