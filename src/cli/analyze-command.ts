/**
 * `analyze`: reports configuration problems, like `istioctl analyze`, without a cluster; a CI gate. It takes istioctl
 * analyze's flags where they mean the same: `--suppress/-S`, `--failure-threshold`, `--output-threshold` and
 * `-o json|yaml` (istioctl's message shape).
 */
import { Command, Option } from 'commander';
import { writeLines } from './chunked-output';
import { addManifestOptions, CommandContext, describePaths, loadManifests, ManifestOptions, printModelWarnings, PROGRAM, UsageError } from './common';
import { jsonOption, outputOption, OutputOptions, writeData } from './output-format';
import { collectSuppression, isSuppressed, Suppression } from './suppression';
import { AnalysisContext } from '../analyze/analysis-context';
import { analyzeContext } from '../analyze/analyze';
import { ANALYZERS } from '../analyze/catalogue';
import { FindingLevel } from '../analyze/finding';
import { count, findingLines } from '../format/findings';
import { istioctlMessages } from '../format/istioctl-messages';

/** The options of `analyze`, as commander parses them. */
interface AnalyzeOptions extends ManifestOptions, OutputOptions {
  readonly failureThreshold: FindingLevel;
  readonly failOn?: FindingLevel;
  readonly outputThreshold: FindingLevel;
  readonly suppress?: Suppression[];
  /** False with `--no-default-ingress`. */
  readonly defaultIngress: boolean;
}

/** Severity rank of each level: a finding fails the run when its rank is at least the failure threshold's. */
const RANK: Record<FindingLevel, number> = { Error: 3, Warning: 2, Info: 1 };

/** The exit codes of `analyze`, beside those of `istioctl analyze`, for the help. */
const EXIT_STATUS = `
Exit status (istioctl analyze's in brackets):
  0  no finding (left after --suppress) at or above --failure-threshold  [0]
  1  a finding at or above --failure-threshold                           [79]
  2  bad flags, unreadable or malformed files or manifests               [64 bad flags, 65 files that do not parse]
Unlike istioctl, which sets 79 only with its default (log) output, the status is the same with every -o.
--output-threshold hides findings from the output only; hidden findings still count for the exit status, as in istioctl.`;

const EXAMPLES = `
Examples:
  # Problems in the synthesized manifests, grouped by resource
  $ ${PROGRAM} analyze -f dist/

  # In CI: fail on warnings too, keep the findings in istioctl analyze's JSON shape
  $ ${PROGRAM} analyze -f dist/ --failure-threshold warning -o json > findings.json

  # Hide info findings; ignore IST0162 on every Gateway in istio-system and IST0101 on VirtualService apps/cart
  $ ${PROGRAM} analyze -f dist/ --output-threshold warning -S "IST0162=Gateway *.istio-system" -S "IST0101=VirtualService cart.apps"

  # Gateways for Istio's default ingress gateway count as selecting nothing when the cluster has none
  $ ${PROGRAM} analyze -f dist/ --no-default-ingress

  # Manifests from another tool, on standard input
  $ helm template charts/shop | ${PROGRAM} analyze -f - -f dist/
${EXIT_STATUS}`;

/** Builds the `analyze` command; its action writes to `context.io` and sets exit code 1 when a finding reaches the failure threshold. */
export function analyzeCommand(context: CommandContext): Command {
  const command = new Command('analyze')
    .description('report configuration problems with istioctl analyze codes (IST0101 ReferencedResourceNotFound, ...), grouped by resource');
  addManifestOptions(command)
    .addOption(outputOption('analyze', ['json', 'yaml', 'log'],
      'json or yaml: the findings as istioctl analyze -o json|yaml prints them ([{code, documentationUrl, level, message, origin, reference}]);'
      + ' log: the default text'))
    .addOption(jsonOption("print the findings as a JSON array of {code, level, resource, message} (this project's shape; -o json prints istioctl's)"))
    .addOption(new Option('-S, --suppress <CODE=RESOURCE>', "drop findings with CODE on RESOURCE, named 'Kind name.namespace' as istioctl does"
      + " or 'Kind namespace/name'; * matches any text; repeat for more").argParser(collectSuppression))
    .addOption(new Option('--failure-threshold <level>', 'exit with status 1 when a finding is at or above this level: error, warning or info')
      .argParser(parseLevel('--failure-threshold')).default('Error', 'error'))
    .addOption(new Option('--fail-on <level>', 'the same as --failure-threshold (its older name)').argParser(parseLevel('--fail-on'))
      .conflicts('failureThreshold'))
    .addOption(new Option('--output-threshold <level>', 'print only findings at or above this level: error, warning or info')
      .argParser(parseLevel('--output-threshold')).default('Info', 'info'))
    .addOption(new Option('--no-default-ingress', 'do not assume the default ingress gateway (istio: ingressgateway pods and Service'
      + ' istio-system/istio-ingressgateway) is installed, as istioctl analyze assumes for files: report every Gateway whose pods'
      + ' the manifests lack (IST0101)'))
    .addHelpText('after', EXAMPLES)
    .action(async (options: AnalyzeOptions) => {
      const suppressions = options.suppress ?? [];
      warnUnknownCodes(context, suppressions);
      const objects = await loadManifests(options, context.io);
      // The objects are loaded (with --namespace) already: analyzing them as they are spares a copy of every object.
      const analysis = new AnalysisContext(objects, { assumeDefaultIngress: options.defaultIngress });
      // Refused objects are findings (IST0106); a duplicate, which istioctl does not report, is a warning line.
      printModelWarnings(analysis.admission.warnings.filter((w) => w.kind === 'replaced'), context.io);
      const findings = analyzeContext(analysis).filter((f) => !isSuppressed(f, suppressions));
      const shown = findings.filter((f) => RANK[f.level] >= RANK[options.outputThreshold]);
      if (options.json) {
        // This project's shape, unlike -o json (which cannot be given with --json).
        writeData(context.io, 'json', shown.map(({ code, level, resource, message }) => ({ code, level, resource, message })));
      } else if (options.output === 'json' || options.output === 'yaml') {
        writeData(context.io, options.output, istioctlMessages(shown, objects));
      } else {
        const hidden = findings.length - shown.length;
        const note = hidden === 0 ? '' : `${count(hidden, 'finding')} below level ${options.outputThreshold.toLowerCase()} not shown (--output-threshold).\n`;
        writeLines(context.io, findingLines(shown, `${objects.length} object${objects.length === 1 ? '' : 's'} from ${describePaths(options.filename)}`));
        if (note !== '') {
          context.io.stdout(note);
        }
      }
      const threshold = options.failOn ?? options.failureThreshold;
      const failing = findings.filter((f) => RANK[f.level] >= RANK[threshold]).length;
      if (failing > 0) {
        context.io.stderr(`${PROGRAM}: ${count(failing, 'finding')} at or above level ${threshold.toLowerCase()}\n`);
        context.exitCode = 1;
      }
    });
  return command;
}

/**
 * Warns (on stderr, without failing) about suppressions whose code no analyzer reports, as istioctl warns about codes
 * it does not know. Codes shaped like istioctl's (`IST` and digits) are taken silently, so a suppression list shared
 * with istioctl works unchanged.
 */
function warnUnknownCodes(context: CommandContext, suppressions: readonly Suppression[]): void {
  const known = new Set(ANALYZERS.map((a) => a.code));
  for (const code of new Set(suppressions.map((s) => s.code))) {
    if (!known.has(code) && !/^IST\d{4}$/.test(code)) {
      context.io.stderr(`${PROGRAM}: warning: --suppress code '${code}' is not a code analyze reports; it has no effect\n`);
    }
  }
}

/** A parser for a level flag: error, warning or info, in any case (as istioctl takes them). */
function parseLevel(flag: string): (value: string) => FindingLevel {
  return (value) => {
    const level = (['Error', 'Warning', 'Info'] as const).find((l) => l.toLowerCase() === value.trim().toLowerCase());
    if (level === undefined) {
      throw new UsageError(`${flag} '${value}' is not a level (error, warning or info)`);
    }
    return level;
  };
}
