/**
 * Fixtures for the CLI tests: the article example synthesized into a temp dir, small hand-written manifests, and
 * an in-process runner that captures what a run writes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { run } from '../../src/cli/run';
import { gatewayWorkload, publicGateway } from '../analyze/support';
import { httpGateway } from '../support/istio-yaml';

/** The repository root. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

/** The article example's traffic cases. */
export const ARTICLE_CASES = path.join(REPO_ROOT, 'examples', 'article-gateway.cases.yaml');

/**
 * Manifests for `analyze` with no finding: the gateway pods (container port 80), their NodePort Service (port 80
 * only), the Gateway istio-system/public on port 80 and the `shop` Service (port 80 to 8080).
 */
export const ANALYZE_CLEAN = `${gatewayWorkload('[{name: http2, port: 80, targetPort: 80}]', '[{containerPort: 80}]')}${publicGateway()}---
apiVersion: v1
kind: Service
metadata: {name: shop}
spec:
  selector: {app: shop}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

/**
 * A VirtualService `NAME` (without namespace) for `host`, bound to `gateway` (`namespace/name`), that routes to the
 * `shop` Service on port 80: one YAML document, without a `---` separator.
 */
export function shopRoute(name: string, host: string, gateway: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}}
spec:
  hosts: [${host}]
  gateways: [${gateway}]
  http: [{route: [{destination: {host: shop, port: {number: 80}}}]}]
`;
}

/**
 * Beside {@link ANALYZE_CLEAN}: VirtualService `cart` bound to a Gateway that does not exist (Error IST0101, Warning
 * IST0132), and
 * Gateway istio-system/extra on port 8081, which the gateway Service does not expose (Warning IST0162).
 */
export const ANALYZE_BROKEN = `
${shopRoute('cart', 'cart.example.com', 'istio-system/missing')}---
${httpGateway('extra', { port: 8081, portName: 'http-extra' })}`;

/** What one run wrote and returned. */
export interface CliResult {
  /** The exit code. */
  readonly code: number;
  /** Everything written to stdout. */
  readonly stdout: string;
  /** Everything written to stderr. */
  readonly stderr: string;
}

/** Runs the CLI in-process with `argv`, capturing its output. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

/** What a run with standard input wrote and returned, and how often it read standard input. */
export interface CliStdinResult extends CliResult {
  /** How many times the run called the `stdin` reader. */
  readonly stdinReads: number;
}

/**
 * Runs the CLI in-process with `argv` and `stdin` as its standard input (a reader that rejects with an Error when
 * `stdin` is one), capturing its output.
 */
export async function cliWithStdin(stdin: string | Error, ...argv: string[]): Promise<CliStdinResult> {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const code = await run(argv, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    stdin: async () => {
      stdinReads += 1;
      if (stdin instanceof Error) {
        throw stdin;
      }
      return stdin;
    },
  });
  return { code, stdout, stderr, stdinReads };
}

/** Asserts a failed run: exit code 2, nothing on stdout, one `cdk8s-istio-gateway: ...` line on stderr matching `pattern`. */
export function expectUsageError(result: CliResult, pattern: RegExp): void {
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expectOneLine(result.stderr, pattern);
}

/** Asserts that `stderr` is exactly one line `cdk8s-istio-gateway: ...` whose text (without the newline) matches `pattern`. */
export function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(/^cdk8s-istio-gateway: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.slice(0, -1)).toMatch(pattern);
}

/** The fixture files of a test file, under one temp dir. */
export interface Fixtures {
  /** The temp dir; removed by `remove()`. */
  readonly root: string;
  /** Directory with the synthesized article example (`article-ingress.k8s.yaml`, `article-apps.k8s.yaml`). */
  readonly article: string;
  /** Directory with two implied gateway workloads (istio-system/gw-a behind a Service, istio-system/gw-b) and the `web` routes. */
  readonly twoGateways: string;
  /** Writes `text` to `name` under the temp dir and returns its path. */
  write(name: string, text: string): string;
  /** Removes the temp dir. */
  remove(): void;
}

/** Gateways of {@link Fixtures.twoGateways}: gw-a (Service port 80 -> 8080, nodePort 31080) and gw-b (no Service). */
const TWO_GATEWAYS = `
apiVersion: v1
kind: Service
metadata: {name: gw-a, namespace: istio-system}
spec:
  type: NodePort
  selector: {istio: gw-a}
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 31080}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-a, namespace: istio-system}
spec:
  selector: {istio: gw-a}
  servers: [{port: {number: 8080, name: http, protocol: HTTP}, hosts: ['*/*']}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-b, namespace: istio-system}
spec:
  selector: {istio: gw-b}
  servers: [{port: {number: 80, name: http-b, protocol: HTTP}, hosts: ['*/*']}]
`;

/** Routes of {@link Fixtures.twoGateways}, without namespaces: a redirect, a weighted rewrite with subsets, a default route. */
const WEB_ROUTES = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web.example.com]
  gateways: [istio-system/gw-a, istio-system/gw-b]
  http:
  - name: legacy
    match: [{uri: {prefix: /old}}]
    redirect: {uri: /new}
  - name: api
    match: [{uri: {prefix: /api/}, headers: {x-canary: {exact: "yes"}}}]
    rewrite: {uri: /, authority: api.internal}
    route:
    - {destination: {host: web-api, subset: v1, port: {number: 8080}}, weight: 90}
    - {destination: {host: web-api, subset: v2, port: {number: 8080}}, weight: 10}
    timeout: 5s
  - route: [{destination: {host: web, port: {number: 80}}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web-api}
spec:
  host: web-api
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
`;

/** Creates the fixtures in a new temp dir (call in `beforeAll`, and `remove()` in `afterAll`). */
export function createFixtures(): Fixtures {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-cli-'));
  const write = (name: string, text: string): string => {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const article = path.join(root, 'article');
  const app = new App({ outdir: article });
  EXAMPLES['article-gateway'](app);
  app.synth();
  write('two-gateways/gateways.yaml', TWO_GATEWAYS);
  write('two-gateways/routes/web.yaml', WEB_ROUTES);
  return {
    root,
    article,
    twoGateways: path.join(root, 'two-gateways'),
    write,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
