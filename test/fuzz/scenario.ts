/**
 * A fuzz scenario: generated manifests with their mutations, how they are laid out in files, and the flags of each
 * command; written to a directory as YAML and JSON files, then turned into command lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { GATEWAY_NAMES, GATEWAY_NAMESPACE, GATEWAY_WORKLOAD, Json, JsonObject, manifests, NODE_PORTS, REQUEST_HOSTS, SERVICE_PORTS } from './manifest-arbitraries';
import { applyMutations, MutatedObject, withMutations } from './mutations';

/** The `-f` argument that reads standard input. */
export const STDIN = '-';

/** The name of standard input in messages. */
export const STDIN_NAME = '<stdin>';

/** The commands under test. */
export const COMMANDS = ['route', 'routes', 'dump', 'analyze', 'verify'] as const;

/** A command under test. */
export type CommandName = typeof COMMANDS[number];

/** How a file is written. */
export type FileFormat =
  /** YAML documents separated by `---` (a leading comment and an empty document sometimes). */
  | 'yaml'
  /** A `kind: List` in YAML. */
  | 'yaml-list'
  /** One JSON object, or a JSON array for several. */
  | 'json'
  /** A `kind: List` in JSON. */
  | 'json-list';

/** How the documents are split into files and passed to `-f`. */
export interface Layout {
  /** How many files (1 to 3). */
  readonly files: number;
  /** File (modulo `files`) of document i; documents past the end go to the last file. */
  readonly assignment: number[];
  /** Format of each file. */
  readonly formats: FileFormat[];
  /** Pass the first file twice. */
  readonly twice: boolean;
  /** Pass the directory instead of the files. */
  readonly directory: boolean;
  /** Pass the last file on standard input (`-f -`) instead of by name (when the files are passed by name). */
  readonly stdin: boolean;
  /** `--namespace` for objects without one. */
  readonly namespace?: string;
}

/** A request as `route`'s flags give it. */
export interface RouteFlags {
  readonly port?: number;
  readonly nodePort?: number;
  readonly host?: string;
  readonly path?: string;
  readonly method?: string;
  readonly scheme?: string;
  readonly headers: string[];
  readonly sni?: string;
  readonly gateway?: string;
  /** Decide the request from a `--requests` file instead of flags. */
  readonly viaFile: boolean;
  readonly output?: 'json' | 'yaml';
}

/** Flags of `routes` and `dump`. */
export interface ListingFlags {
  readonly gateway?: string;
  readonly output?: 'json' | 'yaml' | 'wide';
}

/** Flags of `analyze`. */
export interface AnalyzeFlags {
  readonly output?: 'json' | 'yaml' | 'log' | '--json';
  readonly failureThreshold?: 'error' | 'warning' | 'info';
  readonly suppress?: string;
}

/** Flags of `verify`, and its cases. */
export interface VerifyFlags {
  readonly cases: JsonObject[];
  readonly output?: 'json' | 'yaml';
  readonly minCoverage?: number;
}

/** The flags of every command, and how the manifests are laid out in files. */
export interface Flags {
  readonly layout: Layout;
  /** `--strict`, for the commands that offer it: a refused or duplicated object is an error instead of a warning. */
  readonly strict: boolean;
  readonly route: RouteFlags;
  readonly routes: ListingFlags;
  readonly dump: ListingFlags;
  readonly analyze: AnalyzeFlags;
  readonly verify: VerifyFlags;
}

/** Everything one fuzz run is made of: generated objects with their mutations, and the flags. */
export interface Scenario extends Flags {
  readonly objects: MutatedObject[];
}

/** A scenario with its mutations applied: the documents to write. */
export interface Concrete extends Flags {
  /** The documents, in order. */
  readonly documents: Json[];
  /** What the mutations did, one line each. */
  readonly mutations: readonly string[];
}

/** Applies a scenario's mutations. */
export function concretize({ objects, ...flags }: Scenario): Concrete {
  const { documents, applied } = applyMutations(objects);
  return { ...flags, documents, mutations: applied };
}

/**
 * `--gateway` values: mostly the gateway Service (or Deployment) and the Gateway that most configurations hold; also
 * other Gateways, an implied workload's key and a name that does not exist.
 */
function gatewayFlag(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(`${GATEWAY_NAMESPACE}/${GATEWAY_WORKLOAD}`, `${GATEWAY_NAMESPACE}/${GATEWAY_NAMES[0]}`), weight: 6 },
    { arbitrary: fc.constantFrom(...GATEWAY_NAMES.slice(1).map((g) => `${GATEWAY_NAMESPACE}/${g}`), 'default/edge'), weight: 2 },
    { arbitrary: fc.constantFrom(`${GATEWAY_NAMESPACE}/istio=ingressgateway`, `${GATEWAY_NAMESPACE}/nothing`), weight: 1 },
  );
}

function optional<T>(arbitrary: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined, freq });
}

/** A request's port: a Service port or a node port. */
function requestPort(): fc.Arbitrary<{ port?: number; nodePort?: number }> {
  return fc.oneof(
    fc.constantFrom(...SERVICE_PORTS, 9999).map((port) => ({ port })),
    fc.constantFrom(...NODE_PORTS).map((nodePort) => ({ nodePort })),
  );
}

const REQUEST_PATHS = ['/', '/api', '/api/v1/items?debug=1', '/old/page', '/static/logo.png', '/login', '/API/V2', '/a/b/../c'];

function routeFlags(): fc.Arbitrary<RouteFlags> {
  return fc.record({
    port: requestPort(),
    host: optional(fc.constantFrom(...REQUEST_HOSTS), 6),
    path: optional(fc.constantFrom(...REQUEST_PATHS), 4),
    method: optional(fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH')),
    scheme: optional(fc.constantFrom('http', 'https')),
    headers: fc.subarray(['x-canary:yes', 'x-user:alice', 'user-agent:curl'], { maxLength: 2 }),
    sni: optional(fc.constantFrom('shop.example.com', 'api.example.com', 'unknown.test'), 1),
    gateway: optional(gatewayFlag(), 1),
    viaFile: fc.boolean(),
    output: optional(fc.constantFrom<'json' | 'yaml'>('json', 'yaml')),
  }).map(({ port, ...rest }) => ({ ...port, ...rest }));
}

function listingFlags(outputs: ReadonlyArray<'json' | 'yaml' | 'wide'>): fc.Arbitrary<ListingFlags> {
  return fc.record({ gateway: optional(gatewayFlag(), 1), output: optional(fc.constantFrom(...outputs)) });
}

function analyzeFlags(): fc.Arbitrary<AnalyzeFlags> {
  return fc.record({
    output: optional(fc.constantFrom<AnalyzeFlags['output']>('json', 'yaml', 'log', '--json')),
    failureThreshold: optional(fc.constantFrom<AnalyzeFlags['failureThreshold']>('error', 'warning', 'info')),
    suppress: optional(fc.constantFrom('IST0101=VirtualService *', 'IST0162=Gateway *.istio-system', 'IST0106=*'), 1),
  });
}

/** A traffic case: a request and a few expected fields. */
function trafficCase(): fc.Arbitrary<JsonObject> {
  const request = fc.record({
    port: requestPort(),
    host: optional(fc.constantFrom(...REQUEST_HOSTS), 6),
    path: optional(fc.constantFrom(...REQUEST_PATHS)),
    gateway: optional(gatewayFlag(), 1),
  }).map(({ port, ...rest }) => strip({ ...port, ...rest }));
  const expect = fc.record({
    action: optional(fc.constantFrom<Json>('route', 'no_route', 'redirect', 'direct_response', 'no_listener', 'reject')),
    status: optional(fc.constantFrom<Json>(200, 301, 404)),
    destinations: optional(fc.constantFrom<Json>([{ host: 'shop' }], [{ host: 'api', port: 8080 }], [{ host: 'web', subset: 'v1', weight: 100 }]), 1),
    virtualService: optional(fc.constantFrom<Json>('default/shop', 'apps/api'), 1),
  }).map(strip);
  return fc.record({ name: fc.constantFrom('home page', 'api', 'tls', 'mysql'), request, expect });
}

function verifyFlags(): fc.Arbitrary<VerifyFlags> {
  return fc.record({
    cases: fc.array(trafficCase(), { minLength: 1, maxLength: 3 }),
    output: optional(fc.constantFrom<'json' | 'yaml'>('json', 'yaml'), 1),
    minCoverage: optional(fc.constantFrom(0, 50, 100), 1),
  });
}

function layout(): fc.Arbitrary<Layout> {
  return fc.record({
    files: fc.integer({ min: 1, max: 3 }),
    assignment: fc.array(fc.nat({ max: 2 }), { maxLength: 16 }),
    formats: fc.array(fc.constantFrom<FileFormat>('yaml', 'yaml', 'yaml', 'json', 'yaml-list', 'json-list'), { minLength: 3, maxLength: 3 }),
    twice: fc.boolean(),
    directory: fc.boolean(),
    stdin: fc.boolean(),
    namespace: optional(fc.constantFrom('apps', 'istio-system'), 1),
  });
}

/**
 * Scenarios: plausible manifests, about two thirds of them with mutated objects, in one to three files, with the
 * flags of every command.
 */
export function scenario(): fc.Arbitrary<Scenario> {
  return fc.record({
    objects: manifests(withMutations),
    layout: layout(),
    strict: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
    route: routeFlags(),
    routes: listingFlags(['json', 'yaml', 'wide']),
    dump: listingFlags(['json', 'yaml']),
    analyze: analyzeFlags(),
    verify: verifyFlags(),
  });
}

/** An object without its undefined fields. */
function strip(value: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) {
      out[key] = item;
    }
  }
  return out;
}

/** A file written for a run. */
export interface WrittenFile {
  /** The path as passed on the command line. */
  readonly path: string;
  /** Its content. */
  readonly text: string;
}

/** A scenario written to a directory. */
export interface Materialized {
  /** The manifest files. */
  readonly manifestFiles: WrittenFile[];
  /** The `--cases` file of `verify`. */
  readonly casesFile: WrittenFile;
  /** The `--requests` file of `route`. */
  readonly requestsFile: WrittenFile;
  /** The `-f` arguments. */
  readonly filenameArgs: string[];
  /** What standard input holds (the text of the file passed as `-f -`), if anything. */
  readonly stdin?: string;
}

/** The text of a file holding `documents` in `format`. */
export function renderFile(documents: readonly Json[], format: FileFormat, index: number): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(documents.length === 1 ? documents[0] : documents, undefined, index % 2 === 0 ? 2 : undefined)}\n`;
    case 'json-list':
      return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: documents }, undefined, 2)}\n`;
    case 'yaml-list':
      return stringify({ apiVersion: 'v1', kind: 'List', items: documents });
    case 'yaml': {
      const docs = documents.map((d) => stringify(d));
      // Sometimes a comment first and an empty document among the others, as generators write them.
      const head = index % 2 === 1 ? '# generated by the fuzz test\n---\n' : '';
      return head + (docs.length === 0 ? '' : docs.join('---\n'));
    }
  }
}

/** Writes the scenario's files under `dir` (which must exist and be empty). */
export function materialize(s: Concrete, dir: string): Materialized {
  const documents = s.documents;
  const manifestDir = path.join(dir, 'manifests');
  fs.mkdirSync(manifestDir);
  const perFile: Json[][] = Array.from({ length: s.layout.files }, () => []);
  documents.forEach((doc, i) => {
    const file = i < s.layout.assignment.length ? s.layout.assignment[i] % s.layout.files : s.layout.files - 1;
    perFile[file].push(doc);
  });
  const manifestFiles: WrittenFile[] = perFile.map((docs, i) => {
    const format = s.layout.formats[i % s.layout.formats.length];
    const file = path.join(manifestDir, `${i + 1}-manifests.${format.startsWith('json') ? 'json' : 'yaml'}`);
    const text = renderFile(docs, format, i);
    fs.writeFileSync(file, text);
    return { path: file, text };
  });
  const filenameArgs = s.layout.directory ? [manifestDir] : manifestFiles.map((f) => f.path);
  if (s.layout.twice) {
    filenameArgs.push(manifestFiles[0].path);
  }
  let stdin: string | undefined;
  if (s.layout.stdin && !s.layout.directory) {
    const last = manifestFiles.length - 1;
    filenameArgs[last] = STDIN;
    stdin = manifestFiles[last].text;
  }
  const casesFile = writeFile(path.join(dir, 'traffic.cases.yaml'), stringify({ cases: s.verify.cases }));
  const { viaFile: _viaFile, output: _output, headers, ...request } = s.route;
  const requestObject = strip({ ...request, headers: headers.length === 0 ? undefined : Object.fromEntries(headers.map(splitHeader)) });
  const requestsFile = writeFile(path.join(dir, 'requests.yaml'), stringify({ requests: [requestObject] }));
  return { manifestFiles, casesFile, requestsFile, filenameArgs, stdin };
}

function splitHeader(header: string): [string, string] {
  const colon = header.indexOf(':');
  return [header.slice(0, colon), header.slice(colon + 1)];
}

function writeFile(file: string, text: string): WrittenFile {
  fs.writeFileSync(file, text);
  return { path: file, text };
}

/**
 * The arguments of `command` for a materialized scenario; `offers` tells whether the command has a flag that not every
 * version has (`--strict`).
 */
export function commandLine(command: CommandName, s: Concrete, m: Materialized, offers: (flag: string) => boolean): string[] {
  const args: string[] = [command];
  for (const f of m.filenameArgs) {
    args.push('-f', f);
  }
  if (s.layout.namespace !== undefined) {
    args.push('-n', s.layout.namespace);
  }
  if (s.strict && offers('--strict')) {
    args.push('--strict');
  }
  const gateway = (g: string | undefined): string[] => (g === undefined ? [] : ['--gateway', g]);
  const output = (o: string | undefined): string[] => (o === undefined ? [] : o === '--json' ? ['--json'] : ['-o', o]);
  switch (command) {
    case 'route': {
      const r = s.route;
      if (r.viaFile) {
        args.push('--requests', m.requestsFile.path);
      } else {
        args.push(...(r.port !== undefined ? ['--port', String(r.port)] : ['--node-port', String(r.nodePort)]));
        for (const [flag, value] of [['--host', r.host], ['--path', r.path], ['--method', r.method], ['--scheme', r.scheme], ['--sni', r.sni]] as const) {
          if (value !== undefined) {
            args.push(flag, value);
          }
        }
        for (const header of r.headers) {
          args.push('--header', header);
        }
      }
      args.push(...gateway(r.gateway), ...output(r.output));
      break;
    }
    case 'routes':
    case 'dump':
      args.push(...gateway(s[command].gateway), ...output(s[command].output));
      break;
    case 'analyze': {
      const a = s.analyze;
      args.push(...output(a.output));
      if (a.failureThreshold !== undefined) {
        args.push('--failure-threshold', a.failureThreshold);
      }
      if (a.suppress !== undefined) {
        args.push('-S', a.suppress);
      }
      break;
    }
    case 'verify':
      args.push('--cases', m.casesFile.path, ...output(s.verify.output));
      if (s.verify.minCoverage !== undefined) {
        args.push('--min-coverage', String(s.verify.minCoverage));
      }
      break;
  }
  return args;
}
