/**
 * Warnings the constructs report at synth: configurations that work, but carry a risk the user should know of. They
 * never fail synth; `app.synth()` and `app.synthYaml()` print each on standard error, and
 * {@link appSynthWarnings} lists them. A warning taken knowingly is acknowledged with
 * {@link acknowledgeSynthWarning}, as the AWS CDK's `Annotations.of(scope).acknowledgeWarning(id)` does.
 */
import { IConstruct } from 'constructs';
import { ConfigError } from './errors';
import { checkOptionalString, describeInput } from './input-check';

/** What a synth warning is about: the id to acknowledge it by. */
export enum SynthWarningId {
  /** A listener whose `hosts` were left out, so it accepts any host from routes of any namespace. */
  IMPLICIT_HOSTS = 'implicit-hosts',
  /** A gateway that may list the Secrets of istio-system, where istiod keeps the mesh's CA key. */
  CONTROL_PLANE_SECRETS = 'control-plane-secrets',
  /** A minimum or maximum TLS version below 1.2. */
  OLD_TLS_VERSION = 'old-tls-version',
  /** A cipher suite without forward secrecy, or with 3DES. */
  WEAK_CIPHER_SUITE = 'weak-cipher-suite',
  /** Client certificates verified against the CA that issued the server certificate. */
  CLIENT_CA_FROM_ISSUER = 'client-ca-from-issuer',
  /** Istio's `sidecar` injection template on the gateway pods. */
  SIDECAR_TEMPLATE = 'sidecar-template',
  /** An AUTO_PASSTHROUGH listener for every host on a Service reachable from outside the cluster. */
  OPEN_AUTO_PASSTHROUGH = 'open-auto-passthrough',
}

/** A warning as a construct reports it: its id, and `field: problem; fix` as the constructs' errors read. */
export interface ConstructWarning {
  /** What it is about. */
  readonly id: SynthWarningId;
  /** `field: problem; fix`. */
  readonly message: string;
}

/** A warning about one construct of the app. */
export interface SynthWarning extends ConstructWarning {
  /** The construct's path, e.g. `ingress/gateway`. */
  readonly path: string;
}

/** The constructs of each app root that report warnings, with how to compute them (when the app is complete). */
const SOURCES = new WeakMap<IConstruct, Map<IConstruct, () => ConstructWarning[]>>();

/** The warnings acknowledged on each construct, by id, with the reason given. */
const ACKNOWLEDGED = new WeakMap<IConstruct, Map<SynthWarningId, string>>();

/**
 * Makes `construct` report the warnings `warnings` returns, computed at synth (after every listener and route is
 * added).
 *
 * @param construct - the construct the warnings are about.
 * @param warnings - its warnings.
 */
export function registerSynthWarnings(construct: IConstruct, warnings: () => ConstructWarning[]): void {
  const root = construct.node.root;
  const sources = SOURCES.get(root) ?? new Map<IConstruct, () => ConstructWarning[]>();
  sources.set(construct, warnings);
  SOURCES.set(root, sources);
}

/**
 * Acknowledges the synth warnings with `id` on `scope` and every construct under it: synth no longer prints them, and
 * {@link appSynthWarnings} no longer lists them. Each printed warning ends with the id that acknowledges it
 * (`[ack: old-tls-version]`).
 *
 * ```ts
 * // Legacy clients still speak TLS 1.1; the risk is accepted until they are gone.
 * acknowledgeSynthWarning(legacyListener, SynthWarningId.OLD_TLS_VERSION, 'point-of-sale terminals speak TLS 1.1 until 2027');
 * ```
 *
 * @param scope - the construct whose warnings, and whose children's, are acknowledged: a listener, a gateway, a Chart
 *   or the App.
 * @param id - which warnings.
 * @param reason - why the risk is taken, for the reader of the code (optional).
 */
export function acknowledgeSynthWarning(scope: IConstruct, id: SynthWarningId, reason?: string): void {
  const known = Object.values(SynthWarningId) as string[];
  if (!known.includes(id)) {
    throw new ConfigError(scope, 'id', `${describeInput(id)} is not a synth warning id`, `use one of ${known.map((k) => `'${k}'`).join(', ')} (SynthWarningId)`);
  }
  const why = checkOptionalString(scope, 'reason', reason, 'say why the risk is taken, as a string') ?? '';
  const acknowledged = ACKNOWLEDGED.get(scope) ?? new Map<SynthWarningId, string>();
  acknowledged.set(id, why);
  ACKNOWLEDGED.set(scope, acknowledged);
}

/** True when `id` is acknowledged on `construct` or one of its scopes. */
function isAcknowledged(construct: IConstruct, id: SynthWarningId): boolean {
  return construct.node.scopes.some((scope) => ACKNOWLEDGED.get(scope)?.has(id) === true);
}

/**
 * The warnings of the whole app that are not acknowledged, in the order the constructs were created: what
 * `app.synth()` prints. Use it in tests, e.g. to assert an app synthesizes without a warning.
 *
 * @param scope - any construct of the app.
 */
export function appSynthWarnings(scope: IConstruct): SynthWarning[] {
  const sources = SOURCES.get(scope.node.root) ?? new Map<IConstruct, () => ConstructWarning[]>();
  return [...sources].flatMap(([construct, warnings]) => warnings()
    .filter(({ id }) => !isAcknowledged(construct, id))
    .map(({ id, message }) => ({ path: construct.node.path, id, message })));
}

/**
 * Prints the app's warnings on standard error, one line each:
 * `cdk8s-istio-gateway: Warning [ingress/gateway] namespace: ... [ack: control-plane-secrets]`.
 *
 * @param scope - any construct of the app.
 */
export function printSynthWarnings(scope: IConstruct): void {
  for (const { path, id, message } of appSynthWarnings(scope)) {
    process.stderr.write(`cdk8s-istio-gateway: Warning [${path}] ${message} [ack: ${id}]\n`);
  }
}
