/**
 * `verify`: runs the traffic cases of a `cases:` file against the manifests (or a gateway's config dump); a CI gate.
 */
import { Command } from 'commander';
import { CommandContext, parsePercent, PROGRAM, UsageError } from './common';
import { addEngineInputOptions, EngineInputOptions, loadInputEngine } from './engine-input';
import { jsonOption, outputFormat, outputOption, OutputOptions, writeData } from './output-format';
import { formatReport } from '../format/verify-report';
import { loadCaseFile } from '../verify/traffic-case';
import { verify, VerifyReport } from '../verify/verify';

/** The options of `verify`, as commander parses them. */
interface VerifyOptions extends EngineInputOptions, OutputOptions {
  readonly cases: string;
  readonly minCoverage?: number;
}

const EXAMPLES = `
Examples:
  # Check the cases of the article example against its synthesized manifests
  $ ${PROGRAM} verify -f dist/article-ingress.k8s.yaml,dist/article-apps.k8s.yaml --cases examples/article-gateway.cases.yaml

  # In CI: fail when a case fails or when the cases reach less than 90% of the servers and rules
  $ ${PROGRAM} verify -f dist/ --cases traffic.cases.yaml --min-coverage 90 -o json > verify-report.json

  # Manifests rendered by another tool, read from standard input
  $ helm template charts/gateway | ${PROGRAM} verify -f - --cases traffic.cases.yaml -o yaml

  # The same cases against a running gateway's Envoy config dump (no coverage: a dump holds no Gateways or
  # VirtualServices to count, and cases name no nodePort)
  $ kubectl -n istio-system exec deploy/istio-ingressgateway -c istio-proxy -- curl -s localhost:15000/config_dump > dump.json
  $ ${PROGRAM} verify --config-dump dump.json --cases traffic.cases.yaml

Exit status: 0 when every case passes (and coverage is at least --min-coverage), 1 when not, 2 on bad flags or files.`;

/** Builds the `verify` command; its action writes to `context.io` and sets exit code 1 when verification fails. */
export function verifyCommand(context: CommandContext): Command {
  const command = new Command('verify')
    .description('check traffic cases (cases: [{name, request, expect}]): a PASS/FAIL line per case with a diff, then which servers and rules no case reached');
  addEngineInputOptions(command)
    .requiredOption('--cases <file>', 'YAML or JSON file with a cases: list')
    .option('--min-coverage <pct>', 'fail when the cases reach less than this percentage of the servers and VirtualService rules (needs -f)',
      parsePercent)
    .addOption(outputOption('verify', ['json', 'yaml'],
      'json or yaml: {passed, results: [{name, passed, differences, decision, error}], coverage} (coverage null with --config-dump)'))
    .addOption(jsonOption('print the report as JSON (the same as -o json)'))
    .addHelpText('after', EXAMPLES)
    .action(async (options: VerifyOptions) => {
      if (options.configDump !== undefined && options.minCoverage !== undefined) {
        throw new UsageError('--min-coverage needs the manifests (-f): a config dump holds no Gateway servers or VirtualService rules to count');
      }
      const engine = await loadInputEngine(options, context.io);
      const report = verify(engine, loadCaseFile(options.cases));
      const format = outputFormat(options);
      if (format === 'json' || format === 'yaml') {
        writeData(context.io, format, reportJson(report));
      } else {
        context.io.stdout(`${formatReport(report)}\n`);
      }
      const failed = report.results.filter((r) => !r.passed).length;
      if (failed > 0) {
        context.io.stderr(`${PROGRAM}: ${failed} of ${report.results.length} cases failed\n`);
        context.exitCode = 1;
      }
      if (options.minCoverage !== undefined && report.coverage !== null && report.coverage.percent < options.minCoverage) {
        context.io.stderr(`${PROGRAM}: coverage ${report.coverage.percent}% is below --min-coverage ${options.minCoverage}\n`);
        context.exitCode = 1;
      }
    });
  return command;
}

/** The report in the contract's JSON shape: every result carries every field, `null` when absent. */
function reportJson(report: VerifyReport): unknown {
  return {
    passed: report.passed,
    results: report.results.map((r) => ({
      name: r.case.name,
      passed: r.passed,
      differences: r.differences,
      decision: r.decision ?? null,
      error: r.error ?? null,
    })),
    coverage: report.coverage,
  };
}
