/**
 * What `route`, `routes` and `verify` decide on: manifests (`-f`), or a running gateway's Envoy configuration
 * (`--config-dump FILE`, the JSON of its admin `/config_dump`), exactly one of the two.
 */
import { Command, Option } from 'commander';
import {
  addNamespaceOption, addStrictOption, CliIo, filenameOption, loadEngine, ManifestOptions, readStdin, STDIN_PATH, STDIN_SOURCE, UsageError,
} from './common';
import { TrafficEngine } from '../engine/traffic-engine';
import { readManifestText } from '../manifests/load';
import { ManifestError } from '../manifests/manifest-error';

/** How to save a config dump, for the help and for the message about a file that is none. */
const SAVE_A_DUMP = 'kubectl exec POD -c istio-proxy -- curl -s localhost:15000/config_dump, or istioctl proxy-config all POD -o json';

/** The options of a command that decides on manifests or on a config dump. */
export interface EngineInputOptions extends Omit<ManifestOptions, 'filename'> {
  /** `-f` paths, unless `--config-dump` is given. */
  readonly filename?: string[];
  /** `--config-dump`: the file (or `-` for standard input) of a gateway's Envoy config dump. */
  readonly configDump?: string;
}

/**
 * Adds `-f, --filename`, `-n, --namespace`, `--strict` and `--config-dump` to a command: one of `-f` and
 * `--config-dump` is required, and they conflict (so do the options that only manifests read, `--namespace` and
 * `--strict`), each a usage error as commander words its own.
 */
export function addEngineInputOptions(command: Command): Command {
  return addStrictOption(addNamespaceOption(command.addOption(filenameOption('; or give --config-dump instead'))))
    .addOption(new Option('--config-dump <file>', "decide on a running gateway's Envoy config dump (JSON) instead of manifests, or '-' for"
      + ` standard input; save one with ${SAVE_A_DUMP}`).conflicts(['filename', 'namespace', 'strict']))
    .hook('preAction', (self) => {
      const { filename, configDump } = self.opts<EngineInputOptions>();
      if (filename === undefined && configDump === undefined) {
        self.error("error: required option '-f, --filename <path...>' or '--config-dump <file>' not specified",
          { code: 'commander.missingMandatoryOptionValue' });
      }
    });
}

/**
 * The engine of `-f` (as {@link loadEngine} loads it, warnings printed) or of `--config-dump`.
 *
 * @param options - the command's options; `gateway`, when the command has it, must name the dump's workload.
 * @param io - where standard input is read from.
 * @throws UsageError when the dump cannot be read or is not JSON, or `--gateway` names another workload than the
 *   dump's; ConfigDumpError (naming the file) when the JSON is not a config dump the engine reads.
 */
export async function loadInputEngine(options: EngineInputOptions & { readonly gateway?: string }, io: CliIo): Promise<TrafficEngine> {
  if (options.configDump === undefined) {
    return loadEngine({ ...options, filename: options.filename ?? [] }, io);
  }
  const source = options.configDump === STDIN_PATH ? STDIN_SOURCE : options.configDump;
  const text = await readDumpText(options.configDump, source, io);
  let json: unknown;
  try {
    // A byte order mark is no JSON, but an editor may write one.
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${source}: not JSON (${(e as Error).message.split('\n')[0]}); save a config dump with ${SAVE_A_DUMP}`);
  }
  const engine = TrafficEngine.fromConfigDump(json, source);
  checkDumpGateway(engine, source, options.gateway);
  return engine;
}

/**
 * The text of a config dump: of standard input for `-`, else of the file, read as a manifest file is (UTF-8, or UTF-16
 * with a byte order mark); a UsageError naming `source` when it cannot be read or is not text.
 */
async function readDumpText(given: string, source: string, io: CliIo): Promise<string> {
  try {
    return given === STDIN_PATH ? await readStdin(io) : readManifestText(given, false);
  } catch (e) {
    // The problem without the advice for manifests.
    throw e instanceof ManifestError ? new UsageError(`${source}: ${e.problem}`) : e;
  }
}

/**
 * Throws a UsageError when `--gateway` names another workload than the dump's one: the pod its bootstrap names, or,
 * for a dump without a bootstrap, none that a flag can name (the engine then keys the workload by the dump's origin).
 */
function checkDumpGateway(engine: TrafficEngine, source: string, gateway: string | undefined): void {
  const [workload] = engine.gatewayWorkloads;
  if (gateway === undefined || gateway === workload) {
    return;
  }
  throw new UsageError(workload === source
    ? `--gateway ${gateway}: the config dump ${source} names no gateway pod (it has no BootstrapConfigDump); leave --gateway out`
    : `--gateway ${gateway}: the config dump ${source} is of gateway pod ${workload}; name that pod or leave --gateway out`);
}
