/**
 * `routes`: the route table of the gateway workloads, like `istioctl proxy-config routes`.
 */
import { Command } from 'commander';
import { writeLines } from './chunked-output';
import { CommandContext, gatewayOption, PROGRAM } from './common';
import { addEngineInputOptions, EngineInputOptions, loadInputEngine } from './engine-input';
import { jsonOption, outputFormat, outputOption, OutputOptions, writeData } from './output-format';
import { routeTableLines } from '../format/route-table';
import { wideRouteTableLines } from '../format/wide-route-table';

/** The options of `routes`, as commander parses them. */
interface RoutesOptions extends EngineInputOptions, OutputOptions {
  readonly gateway?: string;
}

const EXAMPLES = `
Examples:
  # Every route of every gateway workload in dist/
  $ ${PROGRAM} routes -f dist/

  # The routes of one workload, as JSON rows (or -o yaml)
  $ ${PROGRAM} routes -f ingress.yaml -f apps.yaml --gateway istio-system/istio-ingressgateway -o json

  # More columns: the rule's name, its rewrite, timeout, retries, mirrors, fault, CORS and header edits, and the file
  # that defines the VirtualService
  $ ${PROGRAM} routes -f dist/ -o wide

  # Manifests on standard input, with the gateway from a file
  $ kustomize build overlays/prod | ${PROGRAM} routes -f gateway.yaml -f -

  # The routes a running gateway holds, from its Envoy config dump (no rule index; -o wide adds no details)
  $ istioctl proxy-config all deploy/istio-ingressgateway -n istio-system -o json > dump.json
  $ ${PROGRAM} routes --config-dump dump.json`;

/** Builds the `routes` command; its action writes to `context.io`. */
export function routesCommand(context: CommandContext): Command {
  const command = new Command('routes')
    .description('list the routes Envoy would hold, one row per route: port, route configuration, virtual host, match, VirtualService rule, action');
  addEngineInputOptions(command)
    .addOption(gatewayOption('NS/NAME of the gateway Service, Deployment or a Gateway selecting it (default: every workload); with'
      + ' --config-dump, the pod its bootstrap names, if any'))
    .addOption(outputOption('routes', ['json', 'yaml', 'wide'],
      'json or yaml: the rows as data; wide: the table with RULE NAME, DETAILS (rewrite, timeout, retries, mirrors, fault, CORS, headers) and SOURCE,'
      + " read from the manifests' VirtualServices (with --config-dump, these columns are '-')"))
    .addOption(jsonOption('print the rows as a JSON array (the same as -o json)'))
    .addHelpText('after', EXAMPLES)
    .action(async (options: RoutesOptions) => {
      const engine = await loadInputEngine(options, context.io);
      const rows = engine.routes(options.gateway);
      const format = outputFormat(options);
      if (format === 'json' || format === 'yaml') {
        writeData(context.io, format, rows);
      } else {
        // In chunks: a table of 200,000 rows is 40 MB of text.
        writeLines(context.io, format === 'wide' ? wideRouteTableLines(rows, engine.objects) : routeTableLines(rows));
      }
    });
  return command;
}
