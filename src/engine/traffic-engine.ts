/**
 * The traffic engine: manifests in, what Istio + Envoy would do with a request out.
 */
import { compile, CompiledConfig } from './compile';
import { configDump } from './config-dump';
import { CoverageTargets, coverageTargetsOf } from './coverage-targets';
import { decide, DecideOptions, defaultWorkload, pickWorkload } from './decide';
import { Decision } from './decision';
import { TrafficRequest } from './request';
import { listRoutes, RouteRow } from './route-listing';
import { AppLike, ChartLike, KubeObject, loadChart, loadFiles, loadObjects, LoadOptions } from '../manifests';
import { admit, AdmissionOptions } from '../model/admission';
import { ModelWarning } from '../model/model-warning';

/** How an engine reads its manifests: the default namespace, and whether objects the cluster would refuse are errors. */
export interface EngineOptions extends LoadOptions, AdmissionOptions {}

/**
 * Decides requests against a set of manifests the way a real Istio ingress gateway would: the
 * Gateways, VirtualServices, DestinationRules, Services and Deployments are compiled once into
 * Envoy-shaped listeners and route tables, and every decision walks them as Envoy does.
 */
export class TrafficEngine {
  /** From plain objects (a Pulumi program's, parsed YAML, `chart.toJson()`). */
  public static fromManifests(objects: readonly unknown[], options?: EngineOptions): TrafficEngine {
    return new TrafficEngine(loadObjects(objects, options), options);
  }

  /** From a cdk8s Chart or App (its synthesized objects). */
  public static fromChart(chartOrApp: ChartLike | AppLike, options?: EngineOptions): TrafficEngine {
    return new TrafficEngine(loadChart(chartOrApp, options), options);
  }

  /** From YAML or JSON files and directories. */
  public static fromFiles(paths: readonly string[], options?: EngineOptions): TrafficEngine {
    return new TrafficEngine(loadFiles(paths, options), options);
  }

  /**
   * @internal From objects a load function returned (`loadFiles`, `loadYaml`, `loadObjects`), read as they are: loading
   * them again would copy them and lose their origins, which warnings name.
   */
  public static _fromLoaded(objects: readonly KubeObject[], options?: AdmissionOptions): TrafficEngine {
    return new TrafficEngine(objects, options);
  }

  /** @internal The compiled configuration. */
  public readonly _config: CompiledConfig;

  /**
   * What the engine left out or replaced, one warning each: objects the API server or Istio's validating webhook would
   * refuse (decisions are made without them, as the cluster would hold the manifests), and objects given twice (the
   * later copy is kept, as applying the files in order would). Empty with `strict`, which throws instead.
   */
  public readonly warnings: readonly ModelWarning[];

  private constructor(
    /** The loaded objects, refused and duplicated ones included. */
    public readonly objects: readonly KubeObject[],
    options: EngineOptions = {}) {
    const admission = admit(objects, options);
    this.warnings = admission.warnings;
    this._config = compile(admission.objects, admission.refused);
  }

  /** What the gateway does with `request`. Throws a RequestError when the request is not one the manifests can answer. */
  public route(request: TrafficRequest, options?: DecideOptions): Decision {
    return decide(this._config, request, options);
  }

  /**
   * The route table, one row per route (like `istioctl proxy-config routes`).
   * @param gateway `NS/NAME` of a gateway Service, Deployment or Gateway; every workload when omitted
   */
  public routes(gateway?: string): RouteRow[] {
    return listRoutes(this._config, gateway === undefined ? undefined : [pickWorkload(this._config, gateway)]);
  }

  /**
   * The Envoy-shaped configuration of a gateway workload, as its admin `/config_dump` shows it.
   * @param gateway `NS/NAME` of a gateway Service, Deployment or Gateway; optional when {@link defaultGatewayWorkload}
   *   names one
   */
  public configDump(gateway?: string): Record<string, unknown> {
    return configDump(this._config, pickWorkload(this._config, gateway));
  }

  /**
   * What route coverage counts: every server of every Gateway that configures a gateway workload, and every rule of
   * every VirtualService bound to one of those Gateways (with the VirtualServices they delegate to). `verify` reports
   * which of them its cases' decisions reached.
   */
  public coverageTargets(): CoverageTargets {
    return coverageTargetsOf(this._config);
  }

  /** `NS/NAME` of every gateway workload in the manifests. */
  public get gatewayWorkloads(): string[] {
    return this._config.workloads.map((w) => w.workload.key);
  }

  /**
   * `NS/NAME` of the gateway workload a request without `gateway` goes to: the only one whose pods the manifests define
   * (a Deployment, DaemonSet or StatefulSet that Gateways select), even beside workloads implied by Gateway selectors
   * that match pods installed elsewhere; when the manifests define none, the only implied one. Undefined when the
   * manifests hold no workload, or leave the choice open (such a request is then refused).
   */
  public get defaultGatewayWorkload(): string | undefined {
    return defaultWorkload(this._config)?.workload.key;
  }
}
