/**
 * `routes`: the route table of the gateway workloads, like `istioctl proxy-config routes`.
 */
import { Command } from 'commander';
import { addManifestOptions, CommandContext, gatewayOption, loadEngine, ManifestOptions, PROGRAM, writeJson } from './common';
import { formatRouteTable } from '../engine/route-listing';

/** The options of `routes`, as commander parses them. */
interface RoutesOptions extends ManifestOptions {
  readonly gateway?: string;
  readonly json?: boolean;
}

const EXAMPLES = `
Examples:
  # Every route of every gateway workload in dist/
  $ ${PROGRAM} routes -f dist/

  # The routes of one workload, as JSON rows
  $ ${PROGRAM} routes -f ingress.yaml -f apps.yaml --gateway istio-system/istio-ingressgateway --json`;

/** Builds the `routes` command; its action writes to `context.io`. */
export function routesCommand(context: CommandContext): Command {
  const command = new Command('routes')
    .description('list the routes Envoy would hold, one row per route: port, route configuration, virtual host, match, VirtualService rule, action');
  addManifestOptions(command)
    .addOption(gatewayOption('NS/NAME of the gateway Service, Deployment or a Gateway selecting it (default: every workload)'))
    .option('--json', 'print the rows as a JSON array')
    .addHelpText('after', EXAMPLES)
    .action((options: RoutesOptions) => {
      const rows = loadEngine(options).routes(options.gateway);
      if (options.json) {
        writeJson(context.io, rows);
      } else {
        context.io.stdout(`${formatRouteTable(rows)}\n`);
      }
    });
  return command;
}
