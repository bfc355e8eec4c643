/**
 * BENCHMARKS.md with the decision figures of a run of the decision benchmarks alone (`BENCH_ONLY=decisions`) put in
 * place of those of the last whole run: their rows of the targets table, and their sections.
 */
import { DecisionBenchmarks } from './decisions';
import { BenchRow } from './support';

/** The line that says where the decision figures come from, when they come from a run of their own. */
const SEPARATE_RUN = 'Decision rows and sections (bench/decisions.ts): ';

/**
 * `text` (a BENCHMARKS.md) with `decisions` in it: each row replaces the row of the targets table with the same name
 * (new rows go after the last decision row), each section the section with the same heading (new sections go before
 * the first section that is not theirs), and a line under the title says they were measured by `run`.
 */
export function withDecisionFigures(text: string, decisions: DecisionBenchmarks, run: string): string {
  const lines = text.split('\n');
  const tableStart = lines.indexOf('## Targets');
  if (tableStart < 0) {
    throw new Error('BENCHMARKS.md has no "## Targets" section: run the whole benchmark (npm run bench) first');
  }
  let out = withRows(lines, tableStart, decisions.rows);
  for (const section of decisions.sections) {
    out = withSection(out, section);
  }
  const note = `${SEPARATE_RUN}${run}.`;
  const noted = out.findIndex((l) => l.startsWith(SEPARATE_RUN));
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

function withSection(lines: readonly string[], section: string): string[] {
  const heading = section.split('\n')[0];
  const start = lines.indexOf(heading);
  const body = section.split('\n');
  if (start >= 0) {
    let end = start + 1;
    while (end < lines.length && !lines[end].startsWith('## ')) end++;
    return [...lines.slice(0, start), ...body, '', ...lines.slice(end)];
  }
  const analyzer = lines.findIndex((l) => l.startsWith('## ') && l !== '## Targets' && !l.startsWith('## Decision'));
  const at = analyzer < 0 ? lines.length : analyzer;
  return [...lines.slice(0, at), ...body, '', ...lines.slice(at)];
}
