/**
 * Warnings the constructs report at synth: configurations that work, but carry a risk the user should know of. They
 * never fail synth; `app.synth()` and `app.synthYaml()` print each on standard error, and
 * {@link appSynthWarnings} lists them.
 */
import { IConstruct } from 'constructs';

/** A warning about one construct of the app. */
export interface SynthWarning {
  /** The construct's path, e.g. `ingress/gateway`. */
  readonly path: string;
  /** `field: problem; fix`, as the constructs' errors read. */
  readonly message: string;
}

/** The constructs of each app root that report warnings, with how to compute them (when the app is complete). */
const SOURCES = new WeakMap<IConstruct, Map<IConstruct, () => string[]>>();

/**
 * Makes `construct` report the warnings `warnings` returns, computed at synth (after every listener and route is
 * added).
 *
 * @param construct - the construct the warnings are about.
 * @param warnings - its warnings, as `field: problem; fix` lines.
 */
export function registerSynthWarnings(construct: IConstruct, warnings: () => string[]): void {
  const root = construct.node.root;
  const sources = SOURCES.get(root) ?? new Map<IConstruct, () => string[]>();
  sources.set(construct, warnings);
  SOURCES.set(root, sources);
}

/**
 * The warnings of the whole app, in the order the constructs were created: what `app.synth()` prints. Use it in
 * tests, e.g. to assert an app synthesizes without a warning.
 *
 * @param scope - any construct of the app.
 */
export function appSynthWarnings(scope: IConstruct): SynthWarning[] {
  const sources = SOURCES.get(scope.node.root) ?? new Map<IConstruct, () => string[]>();
  return [...sources].flatMap(([construct, warnings]) => warnings().map((message) => ({ path: construct.node.path, message })));
}

/**
 * Prints the app's warnings on standard error, one line each:
 * `cdk8s-istio-gateway: Warning [ingress/gateway] namespace: ...`.
 *
 * @param scope - any construct of the app.
 */
export function printSynthWarnings(scope: IConstruct): void {
  for (const { path, message } of appSynthWarnings(scope)) {
    process.stderr.write(`cdk8s-istio-gateway: Warning [${path}] ${message}\n`);
  }
}
