/**
 * `dump`: the Envoy-shaped configuration of a gateway workload, like its admin `/config_dump`.
 */
import { Command } from 'commander';
import { addManifestOptions, CommandContext, gatewayOption, loadEngine, ManifestOptions, PROGRAM, requireGatewayChoice, writeJson } from './common';

/** The options of `dump`, as commander parses them. */
interface DumpOptions extends ManifestOptions {
  readonly gateway?: string;
}

const EXAMPLES = `
Examples:
  # The listeners and route configurations of the only gateway workload
  $ ${PROGRAM} dump -f dist/

  # One of several workloads, filtered with jq
  $ ${PROGRAM} dump -f dist/ --gateway istio-system/istio-ingressgateway | jq '.configs'`;

/** Builds the `dump` command; its action writes to `context.io`. */
export function dumpCommand(context: CommandContext): Command {
  const command = new Command('dump')
    .description("print a gateway workload's Envoy configuration (listeners, filter chains, route configurations) as JSON, like its /config_dump");
  addManifestOptions(command)
    .addOption(gatewayOption('NS/NAME of the gateway Service, Deployment or a Gateway selecting it; needed when the manifests hold several workloads'))
    .addHelpText('after', EXAMPLES)
    .action((options: DumpOptions) => {
      const engine = loadEngine(options);
      requireGatewayChoice(engine, options.gateway);
      writeJson(context.io, engine.configDump(options.gateway));
    });
  return command;
}
