/**
 * `dump`: the Envoy-shaped configuration of a gateway workload, like its admin `/config_dump`.
 */
import { Command } from 'commander';
import { addManifestOptions, addStrictOption, CommandContext, gatewayOption, loadEngine, ManifestOptions, PROGRAM, requireGatewayChoice } from './common';
import { outputOption, OutputOptions, writeData } from './output-format';

/** The options of `dump`, as commander parses them. */
interface DumpOptions extends ManifestOptions, OutputOptions {
  readonly gateway?: string;
}

const EXAMPLES = `
Examples:
  # The listeners and route configurations of the only gateway workload
  $ ${PROGRAM} dump -f dist/

  # One of several workloads, filtered with jq
  $ ${PROGRAM} dump -f dist/ --gateway istio-system/istio-ingressgateway | jq '.configs'

  # As YAML
  $ ${PROGRAM} dump -f dist/ -o yaml

  # Manifests rendered by another tool, on standard input
  $ kustomize build overlays/prod | ${PROGRAM} dump -f - -o yaml`;

/** Builds the `dump` command; its action writes to `context.io`. */
export function dumpCommand(context: CommandContext): Command {
  const command = new Command('dump')
    .description("print a gateway workload's Envoy configuration (listeners, filter chains, route configurations) as JSON or YAML, like its /config_dump");
  addStrictOption(addManifestOptions(command))
    .addOption(gatewayOption('NS/NAME of the gateway Service, Deployment or a Gateway selecting it; needed when the manifests define several workloads, or none and imply several'))
    .addOption(outputOption('dump', ['json', 'yaml'], 'json (the default) or yaml'))
    .addHelpText('after', EXAMPLES)
    .action(async (options: DumpOptions) => {
      const engine = await loadEngine(options, context.io);
      requireGatewayChoice(engine, options.gateway);
      writeData(context.io, options.output === 'yaml' ? 'yaml' : 'json', engine.configDump(options.gateway));
    });
  return command;
}
