/**
 * `analyze`'s text output: the findings as `istioctl analyze` prints them, grouped by resource, then a summary.
 */
import { Finding } from '../analyze/finding';

/**
 * The findings as `istioctl analyze` prints them, one line each (`Error [IST0101] (VirtualService apps/shop)
 * Referenced gateway not found: ...`), grouped under a heading per resource, then a summary line; or one line saying
 * nothing was found.
 *
 * @param findings - the findings, in the order of `analyze` (by resource).
 * @param analyzed - what was analyzed, for the summary, e.g. `12 objects from dist/`.
 * @returns the text, with a final newline.
 */
export function formatFindings(findings: readonly Finding[], analyzed: string): string {
  return `${[...findingLines(findings, analyzed)].join('\n')}\n`;
}

/** The lines of `formatFindings`, without newlines, one at a time (for output in chunks). */
export function* findingLines(findings: readonly Finding[], analyzed: string): Generator<string> {
  if (findings.length === 0) {
    yield `\u2714 No validation issues found when analyzing ${analyzed}.`;
    return;
  }
  const byResource = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = byResource.get(finding.resource);
    if (group === undefined) {
      byResource.set(finding.resource, [finding]);
    } else {
      group.push(finding);
    }
  }
  for (const [resource, group] of byResource) {
    yield resource;
    for (const f of group) {
      yield `  ${f.level} [${f.code}] (${f.resource}) ${f.message}`;
    }
    yield '';
  }
  const levels = (['Error', 'Warning', 'Info'] as const).map((level) => count(findings.filter((f) => f.level === level).length, level.toLowerCase()));
  yield `${count(findings.length, 'finding')} in ${count(byResource.size, 'resource')} (${levels.join(', ')}) when analyzing ${analyzed}.`;
}

/** `1 error`, `2 errors`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
