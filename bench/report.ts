/**
 * BENCHMARKS.md with the figures of a group of benchmarks run alone (`BENCH_ONLY=decisions`, `BENCH_ONLY=proxy`) put
 * in place of those of the last whole run: their rows of the targets table, and their sections.
 */
import { BenchFigures, BenchRow } from './support';

/** A group of benchmarks that runs alone, and where its figures go in BENCHMARKS.md. */
export interface SeparateRunGroup {
  /** How the line under the title that says where the group's figures come from begins. */
  readonly label: string;
  /**
   * The heading of the section that the group's sections go before, when BENCHMARKS.md does not have them yet.
   *
   * @default the end of the file
   */
  readonly sectionsBefore?: string;
}

/** The decision benchmarks (bench/decisions.ts), `BENCH_ONLY=decisions`. */
export const DECISION_GROUP: SeparateRunGroup = {
  label: 'Decision rows and sections (bench/decisions.ts): ',
  sectionsBefore: '## Analyzer memory by input size',
};

/** The proxy benchmarks (bench/proxy.ts), `BENCH_ONLY=proxy`. */
export const PROXY_GROUP: SeparateRunGroup = { label: 'Proxy rows and section (bench/proxy.ts): ' };

/**
 * `text` (a BENCHMARKS.md) with `figures` of `group` in it: each row replaces the row of the targets table with the
 * same name (new rows go after the last row replaced, or at the end of the table), each section the section with the
 * same heading (new sections go where `group` says), and a line under the title says they were measured by `run`.
 */
export function withSeparateRunFigures(text: string, figures: BenchFigures, group: SeparateRunGroup, run: string): string {
  const lines = text.split('\n');
  const tableStart = lines.indexOf('## Targets');
  if (tableStart < 0) {
    throw new Error('BENCHMARKS.md has no "## Targets" section: run the whole benchmark (npm run bench) first');
  }
  let out = withRows(lines, tableStart, figures.rows);
  for (const section of figures.sections) {
    out = withSection(out, section, group.sectionsBefore);
  }
  const note = `${group.label}${run}.`;
  const noted = out.findIndex((l) => l.startsWith(group.label));
  if (noted >= 0) {
    out[noted] = note;
  } else {
    out.splice(out.indexOf('## Targets') - 1, 0, '', note);
  }
  return out.join('\n');
}

function withRows(lines: readonly string[], tableStart: number, rows: readonly BenchRow[]): string[] {
  const out = [...lines];
  const cell = (line: string) => line.split(' | ')[0].replace(/^\| /, '');
  const tableEnd = (() => {
    let i = tableStart + 1;
    while (i < out.length && !out[i].startsWith('|')) i++;
    while (i < out.length && out[i].startsWith('|')) i++;
    return i;
  })();
  let insertAt = tableEnd;
  let shift = 0;
  for (const row of rows) {
    const line = `| ${row.name} | ${row.value} | ${row.target ?? '-'} | ${row.ratio ?? '-'} |`;
    const at = out.findIndex((l, i) => i > tableStart && i < tableEnd + shift && l.startsWith('| ') && cell(l) === row.name);
    if (at >= 0) {
      out[at] = line;
      insertAt = at + 1;
    } else {
      out.splice(insertAt, 0, line);
      insertAt++;
      shift++;
    }
  }
  return out;
}

function withSection(lines: readonly string[], section: string, before: string | undefined): string[] {
  const heading = section.split('\n')[0];
  const start = lines.indexOf(heading);
  const body = section.split('\n');
  if (start >= 0) {
    let end = start + 1;
    while (end < lines.length && !lines[end].startsWith('## ')) end++;
    return [...lines.slice(0, start), ...body, '', ...lines.slice(end)];
  }
  const next = before === undefined ? -1 : lines.indexOf(before);
  if (next < 0) {
    const kept = lines[lines.length - 1] === '' ? lines.slice(0, -1) : [...lines];
    return [...kept, ...(kept.length > 0 && kept[kept.length - 1] !== '' ? [''] : []), ...body, ''];
  }
  return [...lines.slice(0, next), ...body, '', ...lines.slice(next)];
}
