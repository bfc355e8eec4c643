/**
 * `route`: what the gateway does with one request given by flags, or with each request of a `--requests` file.
 */
import { Command, Option } from 'commander';
import { CommandContext, gatewayOption, parseInteger, PROGRAM, requireGatewayChoice, UsageError } from './common';
import { addEngineInputOptions, EngineInputOptions, loadInputEngine } from './engine-input';
import { jsonOption, outputFormat, outputOption, OutputOptions, writeData } from './output-format';
import { flagParser, loadRequestFile, parseHeaders, requestFromFlags } from './requests';
import { Decision } from '../engine/decision';
import { TrafficRequest } from '../engine/request';
import { RequestError } from '../engine/request-error';
import { formatDecision, labelled } from '../format/decision';
import { describeRequest } from '../format/request';

/** The options of `route`, as commander parses them. */
interface RouteOptions extends EngineInputOptions, OutputOptions {
  readonly requests?: string;
  readonly port?: number;
  readonly nodePort?: number;
  readonly host?: string;
  readonly path?: string;
  readonly method?: string;
  readonly scheme?: string;
  readonly header?: string[];
  readonly sni?: string;
  readonly gateway?: string;
}

/** The flags that describe a single request, which a `--requests` file replaces. */
const REQUEST_FLAGS = ['port', 'nodePort', 'host', 'path', 'method', 'scheme', 'header', 'sni'];

const EXAMPLES = `
Examples:
  # What happens to http://counter.lab.example.com/api on port 80
  $ ${PROGRAM} route -f dist/ --port 80 --host counter.lab.example.com --path /api

  # The same through a node port, with a header, as JSON
  $ ${PROGRAM} route -f ingress.yaml,apps.yaml --node-port 30080 --host counter.lab.example.com --header x-user:alice --json

  # Every request of a file (a YAML/JSON list, or requests: [...]), as a YAML list of decisions in the same order
  $ ${PROGRAM} route -f dist/ --requests requests.yaml -o yaml

  # Manifests on standard input (kubectl-style '-f -'), mixed with a file
  $ cat apps/*.yaml | ${PROGRAM} route -f ingress.yaml -f - --port 80 --host shop.example.com -o json

  # Pick the gateway workload when the manifests hold several
  $ ${PROGRAM} route -f dist/ --gateway istio-system/istio-ingressgateway --port 443 --host shop.example.com

  # On a running gateway's Envoy configuration instead of manifests (port: a Service port its routes name, or a
  # listener port; no --node-port)
  $ kubectl -n istio-system exec deploy/istio-ingressgateway -c istio-proxy -- curl -s localhost:15000/config_dump > dump.json
  $ ${PROGRAM} route --config-dump dump.json --port 80 --host shop.example.com --path /api

  # The same, with the dump on standard input
  $ istioctl proxy-config all deploy/istio-ingressgateway -n istio-system -o json \\
      | ${PROGRAM} route --config-dump - --port 80 --host shop.example.com`;

/** Builds the `route` command; its action writes to `context.io`. */
export function routeCommand(context: CommandContext): Command {
  const command = new Command('route')
    .description('show what the gateway does with a request: the decision (action, server, VirtualService rule, destinations) and its trace');
  addEngineInputOptions(command)
    .addOption(new Option('--requests <file>', 'decide every request of a YAML/JSON file (a list, or requests: [...]) instead of one from flags')
      .conflicts(REQUEST_FLAGS))
    .addOption(new Option('--port <port>', 'a port of the gateway Service').argParser(parseInteger('--port', 'a port number', 1, 65535))
      .conflicts('nodePort'))
    .addOption(new Option('--node-port <port>', 'a nodePort of the gateway Service (not with --config-dump: a dump holds no Service)')
      .argParser(parseInteger('--node-port', 'a port number', 1, 65535)))
    .addOption(new Option('--host <host>', 'the Host / :authority header, may carry :port').argParser(flagParser('--host')))
    .option('--path <path>', 'the path with its query string (default: /)', flagParser('--path'))
    .option('--method <method>', 'the HTTP method (default: GET)', flagParser('--method'))
    .addOption(new Option('--scheme <scheme>', 'http or https (default: https when the accepting server uses TLS)').choices(['http', 'https']))
    .option('--header <name:value>', 'a request header; repeat for more', collectHeader)
    .option('--sni <name>', 'the TLS SNI (default: the host without its port, when TLS is used)')
    .addOption(gatewayOption('NS/NAME of the gateway Service, Deployment or a Gateway selecting it; needed when the manifests define several workloads, or none and imply several' +
      ' (with --requests: for requests that name none); with --config-dump, the pod its bootstrap names, if any'))
    .addOption(outputOption('route', ['json', 'yaml'], 'json or yaml: the decision as data (with --requests: a list of decisions)'))
    .addOption(jsonOption('print the decision as JSON, the same as -o json (with --requests: a JSON array of decisions)'))
    .addHelpText('after', EXAMPLES)
    .action(async (options: RouteOptions) => {
      const engine = await loadInputEngine(options, context.io);
      if (options.requests !== undefined) {
        routeFile(context, options, options.requests, engine.route.bind(engine));
        return;
      }
      if (options.port === undefined && options.nodePort === undefined) {
        throw new UsageError('route needs --port, --node-port or --requests; e.g. route -f dist/ --port 80 --host example.com');
      }
      requireGatewayChoice(engine, options.gateway);
      const request = requestFromFlags(options);
      const decision = engine.route(request);
      const format = outputFormat(options);
      if (format === 'json' || format === 'yaml') {
        writeData(context.io, format, decision);
      } else {
        context.io.stdout(`${labelled('Request', describeRequest(request))}\n${formatDecision(decision)}\n`);
      }
    });
  return command;
}

/** Decides every request of a `--requests` file; nothing is printed unless every request can be decided. */
function routeFile(context: CommandContext, options: RouteOptions, file: string, route: (request: TrafficRequest) => Decision): void {
  const requests = loadRequestFile(file)
    .map((r) => (r.gateway === undefined && options.gateway !== undefined ? { ...r, gateway: options.gateway } : r));
  const decisions = requests.map((request, i) => {
    try {
      return route(request);
    } catch (e) {
      if (e instanceof RequestError) {
        throw new UsageError(`${file}: request ${i + 1}: ${e.message}`);
      }
      throw e;
    }
  });
  const format = outputFormat(options);
  if (format === 'json' || format === 'yaml') {
    writeData(context.io, format, decisions);
    return;
  }
  const blocks = decisions.map((d, i) => `${labelled(`Request ${i + 1}`, describeRequest(requests[i]))}\n${formatDecision(d)}\n`);
  context.io.stdout(blocks.join('\n'));
}

/** Collects `--header` values, checking each as it comes. */
function collectHeader(value: string, previous: string[] | undefined): string[] {
  parseHeaders([value]);
  return [...(previous ?? []), value];
}
