/**
 * `routes -o wide`: the route table with the columns the normal table leaves out, as `kubectl get -o wide` adds
 * columns: the rule's name, what the rule does besides choosing where (redirect target, rewrite, timeout, retries,
 * mirrors, fault, CORS, header edits), and the file and document that define the VirtualService.
 */
import { routeTableLines } from './route-table';
import { columnWidths } from './text-table';
import { RouteRow } from '../engine/route-listing';
import { KubeObject, originOf } from '../manifests/kube-object';

/** The columns `-o wide` adds after the normal ones. */
export const WIDE_ROUTE_COLUMNS = ['RULE NAME', 'DETAILS', 'SOURCE'] as const;

/** A field of a manifest, as parsed from YAML or JSON. */
type Json = Record<string, unknown>;

/** For cells without a value, as the normal table writes them. */
const NONE = '-';

/**
 * The route table with {@link WIDE_ROUTE_COLUMNS} appended: the normal columns are exactly those of
 * `formatRouteTable`, and each row's rule is looked up in the VirtualService among `objects`.
 *
 * @param rows - the rows, e.g. from `TrafficEngine.routes()`.
 * @param objects - the loaded objects the rows were compiled from (`TrafficEngine.objects`), for rules and origins.
 * @returns the table, without a final newline.
 */
export function formatWideRouteTable(rows: readonly RouteRow[], objects: readonly KubeObject[]): string {
  return [...wideRouteTableLines(rows, objects)].join('\n');
}

/** The lines of `formatWideRouteTable`, header first, one at a time (for output in chunks). */
export function* wideRouteTableLines(rows: readonly RouteRow[], objects: readonly KubeObject[]): Generator<string> {
  const lines = [...routeTableLines(rows)];
  const virtualServices = new Map(objects.filter((o) => o.kind === 'VirtualService')
    .map((o) => [`${o.metadata.name}.${o.metadata.namespace}`, o]));
  const extra: string[][] = [[...WIDE_ROUTE_COLUMNS], ...rows.map((row) => wideCells(row, virtualServices))];
  const lineWidth = lines.reduce((width, line) => Math.max(width, line.length), 0);
  const widths = columnWidths(extra);
  for (let i = 0; i < lines.length; i++) {
    const cells = extra[i].map((cell, j) => (j === widths.length - 1 ? cell : cell.padEnd(widths[j])));
    yield [lines[i].padEnd(lineWidth), ...cells].join('  ');
  }
}

/** RULE NAME, DETAILS and SOURCE of a row. */
function wideCells(row: RouteRow, virtualServices: ReadonlyMap<string, KubeObject>): string[] {
  const vs = row.virtualService === null ? undefined : virtualServices.get(row.virtualService);
  if (vs === undefined) {
    return [NONE, NONE, NONE];
  }
  const section = row.name === 'tcp' || row.name === 'tls' ? row.name : 'http';
  const list = asJson(vs.spec)?.[section];
  const rule = row.rule !== null && Array.isArray(list) ? asJson(list[row.rule]) : undefined;
  const name = typeof rule?.name === 'string' && rule.name !== '' ? rule.name : NONE;
  const details = rule === undefined ? [] : ruleDetails(rule);
  return [name, details.length > 0 ? details.join('; ') : NONE, originOf(vs) ?? NONE];
}

/**
 * What an HTTP rule does besides choosing destinations, one note each: `redirect uri=/new`, `rewrite uri=/`,
 * `timeout 5s`, `retries attempts=3`, `mirror web:80 subset v2 50%`, `fault abort 503 10%`, `cors`,
 * `request headers set x-a`.
 */
export function ruleDetails(rule: Json): string[] {
  const notes: string[] = [];
  for (const field of ['redirect', 'rewrite'] as const) {
    const value = asJson(rule[field]);
    if (value !== undefined) {
      notes.push(`${field} ${fieldsOf(value)}`.trimEnd());
    }
  }
  if (typeof rule.timeout === 'string') {
    notes.push(`timeout ${rule.timeout}`);
  }
  const retries = asJson(rule.retries);
  if (retries !== undefined) {
    notes.push(`retries ${fieldsOf(retries)}`.trimEnd());
  }
  const mirror = asJson(rule.mirror);
  if (mirror !== undefined) {
    notes.push(`mirror ${destination(mirror)}${percent(rule.mirrorPercentage)}`);
  }
  for (const item of Array.isArray(rule.mirrors) ? rule.mirrors : []) {
    const target = asJson(asJson(item)?.destination);
    if (target !== undefined) {
      notes.push(`mirror ${destination(target)}${percent(asJson(item)?.percentage)}`);
    }
  }
  notes.push(...faultNotes(asJson(rule.fault)));
  if (asJson(rule.corsPolicy) !== undefined) {
    notes.push('cors');
  }
  const headers = asJson(rule.headers);
  for (const side of ['request', 'response'] as const) {
    const operations = asJson(headers?.[side]);
    for (const operation of ['set', 'add', 'remove'] as const) {
      const value = operations?.[operation];
      const names = Array.isArray(value) ? value.map(String) : Object.keys(asJson(value) ?? {});
      if (names.length > 0) {
        notes.push(`${side} headers ${operation} ${names.join(',')}`);
      }
    }
  }
  return notes;
}

/** `fault delay 5s 10%`, `fault abort 503 50%`. */
function faultNotes(fault: Json | undefined): string[] {
  const notes: string[] = [];
  const delay = asJson(fault?.delay);
  if (delay !== undefined) {
    notes.push(`fault delay ${String(delay.fixedDelay ?? delay.exponentialDelay ?? '?')}${percent(delay.percentage ?? delay.percent)}`);
  }
  const abort = asJson(fault?.abort);
  if (abort !== undefined) {
    notes.push(`fault abort ${String(abort.httpStatus ?? abort.grpcStatus ?? abort.http2Error ?? '?')}${percent(abort.percentage)}`);
  }
  return notes;
}

/** `host:port subset v1` of a Destination. */
function destination(target: Json): string {
  const port = asJson(target.port)?.number;
  return `${String(target.host ?? '?')}${port === undefined ? '' : `:${String(port)}`}${typeof target.subset === 'string' ? ` subset ${target.subset}` : ''}`;
}

/** ` 50%` from a Percent (`{value: 50}`) or a number; empty when absent. */
function percent(value: unknown): string {
  const n = typeof value === 'number' ? value : asJson(value)?.value;
  return typeof n === 'number' ? ` ${n}%` : '';
}

/** `uri=/ authority=api.internal`: scalar fields as written, others as compact JSON. */
function fieldsOf(value: Json): string {
  return Object.entries(value)
    .map(([key, field]) => `${key}=${field !== null && typeof field === 'object' ? JSON.stringify(field) : String(field)}`)
    .join(' ');
}

/** The value when it is a mapping. */
function asJson(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : undefined;
}
