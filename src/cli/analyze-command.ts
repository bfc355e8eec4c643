/**
 * `analyze`: reports configuration problems, like `istioctl analyze`, without a cluster; a CI gate.
 */
import { Command, Option } from 'commander';
import { addManifestOptions, CommandContext, ManifestOptions, PROGRAM, UsageError, writeJson } from './common';
import { analyze } from '../analyze/analyze';
import { Finding, FindingLevel } from '../analyze/finding';
import { loadFiles } from '../manifests/load';

/** The options of `analyze`, as commander parses them. */
interface AnalyzeOptions extends ManifestOptions {
  readonly json?: boolean;
  readonly failOn: FindingLevel;
}

/** Severity rank of each level: a finding fails the run when its rank is at least the `--fail-on` level's. */
const RANK: Record<FindingLevel, number> = { Error: 3, Warning: 2, Info: 1 };

const EXAMPLES = `
Examples:
  # Problems in the synthesized manifests, grouped by resource
  $ ${PROGRAM} analyze -f dist/

  # In CI: fail on warnings too, keep the findings as JSON
  $ ${PROGRAM} analyze -f dist/ --fail-on warning --json > findings.json

Exit status: 0 when no finding is at or above the --fail-on level (default error), 1 when one is, 2 on bad flags or files.`;

/** Builds the `analyze` command; its action writes to `context.io` and sets exit code 1 when a finding reaches `--fail-on`. */
export function analyzeCommand(context: CommandContext): Command {
  const command = new Command('analyze')
    .description('report configuration problems with istioctl analyze codes (IST0101 ReferencedResourceNotFound, ...), grouped by resource');
  addManifestOptions(command)
    .option('--json', 'print the findings as a JSON array of {code, level, resource, message}')
    .addOption(new Option('--fail-on <level>', 'exit with status 1 when a finding is at or above this level: error, warning or info')
      .argParser(parseLevel).default('Error', 'error'))
    .addHelpText('after', EXAMPLES)
    .action((options: AnalyzeOptions) => {
      if (options.filename.length === 0) {
        throw new UsageError("option '-f, --filename' got no path; name manifest files or directories");
      }
      const objects = loadFiles(options.filename, { namespace: options.namespace });
      const findings = analyze(objects, { namespace: options.namespace });
      if (options.json) {
        writeJson(context.io, findings.map(({ code, level, resource, message }) => ({ code, level, resource, message })));
      } else {
        context.io.stdout(formatFindings(findings, `${objects.length} object${objects.length === 1 ? '' : 's'} from ${options.filename.join(', ')}`));
      }
      const failing = findings.filter((f) => RANK[f.level] >= RANK[options.failOn]).length;
      if (failing > 0) {
        context.io.stderr(`${PROGRAM}: ${count(failing, 'finding')} at or above level ${options.failOn.toLowerCase()}\n`);
        context.exitCode = 1;
      }
    });
  return command;
}

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
  if (findings.length === 0) {
    return `\u2714 No validation issues found when analyzing ${analyzed}.\n`;
  }
  const byResource = new Map<string, Finding[]>();
  for (const finding of findings) {
    byResource.set(finding.resource, [...byResource.get(finding.resource) ?? [], finding]);
  }
  const lines: string[] = [];
  for (const [resource, group] of byResource) {
    lines.push(resource, ...group.map((f) => `  ${f.level} [${f.code}] (${f.resource}) ${f.message}`), '');
  }
  const levels = (['Error', 'Warning', 'Info'] as const).map((level) => count(findings.filter((f) => f.level === level).length, level.toLowerCase()));
  lines.push(`${count(findings.length, 'finding')} in ${count(byResource.size, 'resource')} (${levels.join(', ')}) when analyzing ${analyzed}.`);
  return `${lines.join('\n')}\n`;
}

/** Parses `--fail-on`: error, warning or info, in any case. */
function parseLevel(value: string): FindingLevel {
  const level = (['Error', 'Warning', 'Info'] as const).find((l) => l.toLowerCase() === value.trim().toLowerCase());
  if (level === undefined) {
    throw new UsageError(`--fail-on '${value}' is not a level (error, warning or info)`);
  }
  return level;
}

/** `1 error`, `2 errors`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
