/**
 * `serve`: run the gateway of a set of manifests on this machine, forwarding to services started locally, until
 * SIGINT or SIGTERM.
 */
import { Command, Option } from 'commander';
import {
  addManifestOptions, addStrictOption, CommandContext, gatewayOption, loadEngine, ManifestOptions, parseInteger, PROGRAM, requireGatewayChoice,
  UsageError,
} from './common';
import { GatewayStartError, RunningGateway, startGateway } from '../proxy/start-gateway';
import { UpstreamError, UpstreamMap } from '../proxy/upstream-map';

/** The options of `serve`, as commander parses them. */
interface ServeOptions extends ManifestOptions {
  readonly gateway?: string;
  readonly upstream: Record<string, string>;
  readonly address: string;
  readonly portOffset?: number;
  readonly port: Record<number, number>;
  readonly adminPort: number;
  readonly seed?: number;
  readonly accessLog: boolean;
}

const EXAMPLES = `
Examples:
  # The article's gateway, with the counter service and MySQL running locally
  $ ${PROGRAM} serve -f dist/ --upstream counter.default:80=127.0.0.1:8080 --upstream mysql.default:3306=127.0.0.1:3306
  listening 80 HTTP on 127.0.0.1:41007
  listening 443 HTTPS on 127.0.0.1:40331
  listening 3306 TCP on 127.0.0.1:38845
  admin on 127.0.0.1:39217
  ready
  $ curl -H 'Host: counter.lab.example.com' http://127.0.0.1:41007/

  # Gateway ports on fixed local ports: 80 on 8080, 443 on 8443 (the others at +8000)
  $ ${PROGRAM} serve -f dist/ --upstream counter:80=8081 --port 80=8080 --port 443=8443 --port-offset 8000

  # The admin endpoint, like Envoy's on 15000
  $ ${PROGRAM} serve -f dist/ --upstream counter:80=8081 --admin-port 15000 &
  $ curl -s localhost:15000/config_dump | jq '.configs[1]'

Each request (and TCP connection) is logged on standard error in Envoy's default access log format.
Destinations without --upstream answer 503 (no healthy upstream), as a Service without endpoints does.`;

/** Builds the `serve` command; its action writes to `context.io` and returns when the gateway is stopped. */
export function serveCommand(context: CommandContext): Command {
  const command = new Command('serve')
    .description("run a gateway workload's listeners on this machine from the manifests, forwarding to local services, until interrupted");
  addStrictOption(addManifestOptions(command))
    .addOption(gatewayOption('NS/NAME of the gateway Service, Deployment or a Gateway selecting it; needed when the manifests define several workloads'))
    .addOption(new Option('--upstream <host:port=address:port>', 'where a destination runs locally (repeatable): HOST:PORT of a Service '
      + '(counter.default:80, counter:80, the full name, or an Envoy cluster name) = ADDRESS:PORT or a local port')
      .argParser(collectUpstream).default({}, 'none'))
    .addOption(new Option('--address <ip>', 'the local address to listen on').default('127.0.0.1'))
    .addOption(new Option('--port-offset <n>', 'listen on each gateway port plus N (e.g. 8000: port 80 on 8080)')
      .argParser(parseInteger('--port-offset', 'a port offset', 0, 65535)))
    .addOption(new Option('--port <gateway=local>', 'listen for a gateway port on a fixed local port (repeatable), e.g. 80=8080')
      .argParser(collectPort).default({}, 'ephemeral ports'))
    .addOption(new Option('--admin-port <n>', 'the admin endpoint\'s port').argParser(parseInteger('--admin-port', 'a port', 0, 65535)).default(0, 'ephemeral'))
    .addOption(new Option('--seed <n>', 'seed of weighted picks and fault percentages, to repeat a run').argParser(parseInteger('--seed', 'a seed', 0, 2 ** 31 - 1)))
    .addOption(new Option('--no-access-log', 'do not log requests on standard error'))
    .addHelpText('after', EXAMPLES)
    .action(async (options: ServeOptions) => {
      const engine = await loadEngine(options, context.io);
      requireGatewayChoice(engine, options.gateway);
      let gateway: RunningGateway;
      try {
        gateway = await startGateway(engine, {
          upstreams: options.upstream,
          gateway: options.gateway,
          address: options.address,
          ports: options.port,
          portOffset: options.portOffset,
          adminPort: options.adminPort,
          seed: options.seed,
          accessLog: options.accessLog ? context.io.stderr : undefined,
        });
      } catch (e) {
        throw e instanceof GatewayStartError ? new UsageError(e.message) : e;
      }
      for (const warning of gateway.warnings) {
        context.io.stderr(`${PROGRAM}: warning: ${warning}\n`);
      }
      for (const listener of gateway.listeners) {
        context.io.stdout(`listening ${listener.gatewayPort} ${listener.protocol} on ${listener.address.includes(':') ? `[${listener.address}]` : listener.address}:${listener.port}\n`);
      }
      context.io.stdout(`admin on ${gateway.adminUrl.replace(/^http:\/\//, '')}\n`);
      context.io.stdout('ready\n');
      await stopped(context);
      await gateway.close();
    });
  return command;
}

/** Resolves when the run is asked to stop: the io's signal, else SIGINT or SIGTERM. */
function stopped(context: CommandContext): Promise<void> {
  const signal = context.io.stop;
  if (signal !== undefined) {
    return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Parses one `--upstream HOST:PORT=ADDRESS:PORT` into the map of those given so far. */
function collectUpstream(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) {
    throw new UsageError(`--upstream '${value}' is not HOST:PORT=ADDRESS:PORT (e.g. counter.default:80=127.0.0.1:8080)`);
  }
  const upstreams = { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
  try {
    UpstreamMap.parse(upstreams);
  } catch (e) {
    throw e instanceof UpstreamError ? new UsageError(`--upstream ${e.message.replace(/^upstream /, '')}`) : e;
  }
  return upstreams;
}

/** Parses one `--port GATEWAY=LOCAL` into the map of those given so far. */
function collectPort(value: string, previous: Record<number, number>): Record<number, number> {
  const match = /^(\d{1,5})=(\d{1,5})$/.exec(value.trim());
  const gatewayPort = Number(match?.[1]);
  const localPort = Number(match?.[2]);
  if (!match || gatewayPort < 1 || gatewayPort > 65535 || localPort > 65535) {
    throw new UsageError(`--port '${value}' is not GATEWAY_PORT=LOCAL_PORT (e.g. 80=8080)`);
  }
  return { ...previous, [gatewayPort]: localPort };
}
