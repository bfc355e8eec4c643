/**
 * A cdk8s validation plugin: the analyzer's checks on `cdk8s synth` for apps written with plain cdk8s (or with any
 * constructs), configured in the `validations:` section of `cdk8s.yaml`.
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-istio-gateway/lib/plugin/validation-plugin.js
 *     version: 1.0.0            # any exact version: cdk8s-cli requires one, and does not check it for local paths
 *     class: IstioGatewayValidation
 *     properties:                   # all optional
 *       failOn: error               # error | warning | info
 *       namespace: default          # namespace of objects without metadata.namespace
 *       includeOutOfApp: false      # also fail on findings whose cause may be outside the app
 *       assumeDefaultIngress: true  # assume Istio's default ingress gateway is installed, as analyze does
 * ```
 *
 * The plugin implements cdk8s-cli's `Validation` interface (`cdk8s-cli/plugins`) structurally, so this module does
 * not load cdk8s-cli.
 */
import { analyzeLoaded } from '../analyze/analyze';
import { EVERY_FINDING } from '../analyze/analyzer';
import { appScopeOf, hasOutOfAppCause } from '../analyze/app-scope';
import { ANALYZERS } from '../analyze/catalogue';
import { Finding, FindingLevel } from '../analyze/finding';
import { KubeObject } from '../manifests/kube-object';
import { loadFiles } from '../manifests/load';
import { ManifestError } from '../manifests/manifest-error';

/** The `properties` of the plugin in `cdk8s.yaml`. */
export interface IstioGatewayValidationProps {
  /**
   * The lowest level that fails the validation: `error`, `warning` or `info` (any case).
   * @default 'error'
   */
  readonly failOn?: string;
  /**
   * The namespace of objects without `metadata.namespace`, as `kubectl apply` would place them.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Also fail on findings whose cause may be outside the app: references to destination hosts, ports and subsets,
   * mirror hosts, credential Secrets, gateway pods, and Gateways in namespaces where the app defines none, and the
   * codes `IST0173`, `IST0174`, `IST0149` and `CIG1012` (see `hasOutOfAppCause`). By default these are left out, as at construct
   * synth, because the manifests of one app are rarely everything the cluster holds.
   * @default false
   */
  readonly includeOutOfApp?: boolean;
  /**
   * Assume Istio's default ingress gateway (`istio: ingressgateway` pods and Service `istio-system/istio-ingressgateway`)
   * is installed beside the manifests, as `analyze` does (see `AnalyzeOptions.assumeDefaultIngress`). With `false`, and
   * `includeOutOfApp`, a Gateway selecting those pods fails when the manifests lack them.
   * @default true
   */
  readonly assumeDefaultIngress?: boolean;
}

/** A resource in violation, as cdk8s-cli's `ValidationViolatingResource`. */
export interface PluginViolatingResource {
  /** `metadata.name` of the object: cdk8s-cli looks up the construct path by it. */
  readonly resourceName: string;
  /** What is wrong with it: `Kind NS/NAME: message`. */
  readonly locations: readonly string[];
  /** The manifest file that holds the object. */
  readonly manifestPath: string;
}

/** A violation of one rule, as cdk8s-cli's `ValidationViolation`. */
export interface PluginViolation {
  /** `CODE Name`, e.g. `IST0101 ReferencedResourceNotFound`. */
  readonly ruleName: string;
  /** When the rule fires. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The objects in violation. */
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface PluginValidationContext {
  /** Paths of the synthesized manifest files. */
  readonly manifests: readonly string[];
  /** The report the plugin fills in and submits. */
  readonly report: {
    /** Adds a violation. */
    addViolation(violation: PluginViolation): void;
    /** Submits the report with its status. */
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  /** Where the plugin logs. */
  readonly logger: {
    /** Logs a line. */
    log(message: string): void;
  };
}

const RANK: Record<FindingLevel, number> = { Error: 3, Warning: 2, Info: 1 };

/**
 * The cdk8s validation plugin: analyzes the synthesized manifests together (`analyze`) and fails `cdk8s synth` when
 * a finding is at or above `failOn`, one violation per code, each object named with its manifest file (cdk8s-cli adds
 * the construct path when it recorded construct metadata). Warnings that do not fail the validation are logged one
 * line each, as `istioctl analyze` prints them; the other findings are counted in one log line, and
 * `cdk8s-istio-gateway analyze -f dist/` lists them.
 */
export class IstioGatewayValidation {
  private readonly failOn: FindingLevel;
  private readonly namespace: string;
  private readonly includeOutOfApp: boolean;
  private readonly assumeDefaultIngress: boolean;

  /**
   * @param props - the `properties` of the plugin in `cdk8s.yaml`.
   * @throws Error when `failOn` is not a level.
   */
  constructor(props: IstioGatewayValidationProps = {}) {
    const failOn = (['Error', 'Warning', 'Info'] as const).find((l) => l.toLowerCase() === (props.failOn ?? 'error').toLowerCase());
    if (failOn === undefined) {
      throw new Error(`IstioGatewayValidation: failOn '${props.failOn}' is not a level (error, warning or info)`);
    }
    this.failOn = failOn;
    this.namespace = props.namespace ?? 'default';
    this.includeOutOfApp = props.includeOutOfApp ?? false;
    this.assumeDefaultIngress = props.assumeDefaultIngress ?? true;
  }

  /**
   * Runs the analysis over `context.manifests` and submits the report: `failure` when a finding fails the validation
   * or a manifest cannot be read, `success` otherwise.
   *
   * @param context - cdk8s-cli's `ValidationContext`.
   */
  public async validate(context: PluginValidationContext): Promise<void> {
    const files = new Map<string, string>();
    let objects: KubeObject[];
    try {
      objects = context.manifests.flatMap((manifest) => {
        const loaded = loadFiles([manifest], { namespace: this.namespace });
        loaded.forEach((o) => files.set(resourceOf(o), manifest));
        return loaded;
      });
    } catch (error) {
      if (!(error instanceof ManifestError)) {
        throw error;
      }
      context.report.addViolation({
        ruleName: 'ManifestError',
        recommendation: 'Every manifest must be a well-formed Kubernetes object.',
        fix: 'Fix the object the message names.',
        violatingResources: [{ resourceName: error.object?.split('/').pop() ?? '', locations: [error.message], manifestPath: error.source ?? '' }],
      });
      context.report.submit('failure', { failOn: this.failOn.toLowerCase() });
      return;
    }
    const findings = analyzeLoaded(objects, EVERY_FINDING, { assumeDefaultIngress: this.assumeDefaultIngress });
    const scope = appScopeOf(objects);
    const failing = findings.filter((f) => RANK[f.level] >= RANK[this.failOn] && (this.includeOutOfApp || !hasOutOfAppCause(f, scope)));
    const byCode = new Map<string, Finding[]>();
    for (const finding of failing) {
      byCode.set(finding.code, [...byCode.get(finding.code) ?? [], finding]);
    }
    for (const [code, group] of byCode) {
      const analyzer = ANALYZERS.find((a) => a.code === code);
      context.report.addViolation({
        ruleName: `${code}${analyzer ? ` ${analyzer.name}` : ''}`,
        recommendation: analyzer?.description ?? 'See the message.',
        fix: analyzer?.fix ?? 'See the message.',
        violatingResources: group.map((f) => ({
          resourceName: f.resource.split('/').slice(1).join('/'),
          locations: [`${f.level} ${f.resource}: ${f.message}`],
          manifestPath: files.get(f.resource) ?? '',
        })),
      });
    }
    // Warnings of the app below failOn do not fail synth, but are printed as `istioctl analyze` prints them.
    const warnings = findings.filter((f) => f.level === 'Warning' && !failing.includes(f) && (this.includeOutOfApp || !hasOutOfAppCause(f, scope)));
    for (const f of warnings) {
      context.logger.log(`cdk8s-istio-gateway: ${f.level} [${f.code}] (${f.resource}) ${f.message}`);
    }
    const others = findings.length - failing.length - warnings.length;
    if (others > 0) {
      context.logger.log(`cdk8s-istio-gateway: ${others} more finding${others === 1 ? '' : 's'} below level ${this.failOn.toLowerCase()}`
        + `${this.includeOutOfApp ? '' : ' or with causes that may be outside the app'}; run 'cdk8s-istio-gateway analyze -f ${commonDir(context.manifests)}' to list them`);
    }
    context.report.submit(failing.length > 0 ? 'failure' : 'success', {
      failOn: this.failOn.toLowerCase(),
      objects: String(objects.length),
      findings: String(findings.length),
    });
  }
}

/** `Kind NS/NAME`, as findings name objects. */
function resourceOf(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;
}

/** The directory the manifests share (cdk8s writes them to one outdir), or `.`. */
function commonDir(manifests: readonly string[]): string {
  const dirs = [...new Set(manifests.map((m) => m.replace(/[/\\][^/\\]*$/, '')))];
  return dirs.length === 1 && dirs[0] !== manifests[0] ? dirs[0] : '.';
}
