/**
 * The command line, as a function: parses `argv`, runs the command, and returns the exit code instead of exiting, so
 * tests run it in-process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import { CliIo, CommandContext, errorMessage, PROGRAM } from './common';

/**
 * The commands, in the order of the help. Each module is loaded only when it is needed, and with it only what its
 * command uses: `route` never loads the analyzers or the schema validator, `analyze` never loads the route tables'
 * formatting.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<(context: CommandContext) => Command>]> = [
  ['route', async () => (await import('./route-command')).routeCommand],
  ['routes', async () => (await import('./routes-command')).routesCommand],
  ['verify', async () => (await import('./verify-command')).verifyCommand],
  ['analyze', async () => (await import('./analyze-command')).analyzeCommand],
  ['dump', async () => (await import('./dump-command')).dumpCommand],
  ['serve', async () => (await import('./serve-command')).serveCommand],
];

const EXAMPLES = `
Examples:
  # What the gateway does with a request
  $ ${PROGRAM} route -f dist/ --port 80 --host counter.lab.example.com --path /api

  # Check traffic cases in CI
  $ ${PROGRAM} verify -f dist/ --cases traffic.cases.yaml --min-coverage 80

  # Report configuration problems, like istioctl analyze, in istioctl's JSON shape
  $ ${PROGRAM} analyze -f dist/ -o json

  # Manifests from standard input, as kubectl apply -f - reads them
  $ kustomize build overlays/prod | ${PROGRAM} routes -f - -o wide

  # Run the gateway locally, forwarding to services started on this machine
  $ ${PROGRAM} serve -f dist/ --upstream counter.default:80=127.0.0.1:8080

  # route, routes and verify on a running gateway's Envoy configuration instead of manifests
  $ istioctl proxy-config all deploy/istio-ingressgateway -n istio-system -o json > dump.json
  $ ${PROGRAM} route --config-dump dump.json --port 80 --host counter.lab.example.com --path /api

Exit status: 0 on success, 1 when verification fails or analyze finds a problem at the --failure-threshold level, 2 on bad flags, files, manifests or requests.
Run '${PROGRAM} COMMAND --help' for the flags and examples of a command.`;

/**
 * Runs the command line.
 *
 * Exit codes: 0 on success (a request that gets `no_route` or `reject` is a successful evaluation), 1 when `verify`
 * fails or `analyze` finds a problem at its `--failure-threshold` (alias `--fail-on`) level, 2 for usage errors,
 * unreadable or malformed files, malformed manifests, cases or requests, and unanswerable requests. Every error is one
 * line on stderr, `cdk8s-istio-gateway: <message>`, never a stack trace.
 *
 * @param argv - the arguments after the executable, e.g. `process.argv.slice(2)`.
 * @param io - where to write standard output and standard error (each call gets text with its newlines), and where
 *   `-f -` reads standard input from (`process.stdin` when `io.stdin` is omitted).
 * @returns the exit code.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const context: CommandContext = { io, exitCode: 0 };
  // Commander writes to stderr only the help it shows for a missing or unknown command; that becomes one error line.
  let helpForError = false;
  const program = new Command(PROGRAM)
    .description('Decide, list, verify and analyze how an Istio ingress gateway routes traffic, from Kubernetes manifests, without a cluster'
      + " (or from a running gateway's Envoy config dump).")
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: () => {
        helpForError = true;
      },
      outputError: () => undefined,
    })
    .addHelpText('after', EXAMPLES);
  // A run names its command first (the program has no options of its own but --help and --version): only that command
  // is built. The help, --version, `help NAME` and a missing or unknown command build them all, to list or suggest them.
  const named = COMMANDS.filter(([name]) => name === argv[0]);
  for (const [, load] of named.length > 0 ? named : COMMANDS) {
    program.addCommand((await load())(context).copyInheritedSettings(program));
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) && !helpForError) {
      return 0;
    }
    io.stderr(`${PROGRAM}: ${describeFailure(error, program, argv)}\n`);
    return 2;
  }
}

/** The error line's message; commander's usage errors point at the help of the command. */
function describeFailure(error: unknown, program: Command, argv: readonly string[]): string {
  if (!(error instanceof CommanderError)) {
    return errorMessage(error);
  }
  const names = program.commands.map((c) => c.name()).filter((n) => n !== 'help');
  if (error.code === 'commander.help') {
    // `help NAME` with an unknown NAME, or no command at all.
    const problem = argv[0] === 'help' && argv[1] !== undefined ? `unknown command '${argv[1]}'` : 'missing command';
    return `${problem} (${names.join(', ')}); see '${PROGRAM} --help'`;
  }
  const command = argv.find((arg) => names.includes(arg));
  return `${errorMessage(error).replace(/\.$/, '')}; see '${PROGRAM}${command ? ` ${command}` : ''} --help'`;
}

/** The version in package.json, two levels above this module (src/cli/ in development, lib/cli/ when installed). */
function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
