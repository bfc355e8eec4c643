/**
 * `verify`'s text output: a verification report as a PASS/FAIL line per case, then the coverage.
 */
import { formatDifference } from '../verify/compare';
import { VerifyReport } from '../verify/verify';

/** Why a report on a config dump has no coverage. */
const COVERAGE_NEEDS_MANIFESTS = 'a config dump holds no Gateway servers or VirtualService rules to count; coverage needs the manifests';

/** The report as text: a PASS/FAIL line per case with differences and trace, then the coverage table. */
export function formatReport(report: VerifyReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.case.name}`);
    if (!r.passed) {
      if (r.error) lines.push(`      error: ${r.error}`);
      r.differences.forEach((d) => lines.push(`      ${formatDifference(d)}`));
      r.decision?.trace.forEach((t) => lines.push(`        | ${t}`));
    }
  }
  const passed = report.results.filter((r) => r.passed).length;
  lines.push('', `${passed} passed, ${report.results.length - passed} failed`, '');
  if (report.coverage === null) {
    lines.push(`coverage not available: ${COVERAGE_NEEDS_MANIFESTS}`);
    return lines.join('\n');
  }
  lines.push(`coverage ${report.coverage.percent}%`);
  for (const s of report.coverage.servers) {
    lines.push(`  ${s.reached ? 'reached    ' : 'NOT REACHED'}  server ${s.gateway} ${s.name} (${s.port})`);
  }
  for (const r of report.coverage.rules) {
    lines.push(`  ${r.reached ? 'reached    ' : 'NOT REACHED'}  rule ${r.virtualService} ${r.section}[${r.index}]${r.name ? ` (${r.name})` : ''}`);
  }
  return lines.join('\n');
}
