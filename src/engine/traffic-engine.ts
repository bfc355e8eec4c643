/**
 * The traffic engine: manifests in, what Istio + Envoy would do with a request out.
 */
import { compile, CompiledConfig } from './compile';
import { configDump } from './config-dump';
import { readConfigDump } from './config-dump-reader';
import { CoverageTargets, coverageTargetsOf } from './coverage-targets';
import { DecidableConfig } from './decidable';
import { decide, DecideOptions, defaultWorkload, pickWorkload } from './decide';
import { Decision } from './decision';
import { TrafficRequest } from './request';
import { RequestError } from './request-error';
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

  /**
   * From a real gateway's Envoy configuration: the JSON its admin `/config_dump` prints (`curl localhost:15000/config_dump`,
   * or `istioctl proxy-config all POD -o json`). Requests are decided on its listeners and routes as they are; `port` is a
   * server port its route configurations name (such as 80 for `http.8080`) or a listener port, and no nodePort.
   * @param dump - the parsed JSON.
   * @param origin - where it came from (a file name), which errors and traces name.
   * @throws ConfigDumpError for JSON that is no config dump, or holds what a decision cannot follow, naming where.
   */
  public static fromConfigDump(dump: unknown, origin = 'config dump'): TrafficEngine {
    return new TrafficEngine([], {}, readConfigDump(dump, origin));
  }

  /** @internal The compiled configuration (empty for an engine read from a config dump). */
  public readonly _config: CompiledConfig;

  /** What decisions walk: the compiled configuration, or the config dump's. */
  private readonly decidable: DecidableConfig;

  /**
   * What the engine left out or replaced, one warning each: objects the API server or Istio's validating webhook would
   * refuse (decisions are made without them, as the cluster would hold the manifests), and objects given twice (the
   * later copy is kept, as applying the files in order would). Empty with `strict`, which throws instead.
   */
  public readonly warnings: readonly ModelWarning[];

  private constructor(
    /** The loaded objects, refused and duplicated ones included. */
    public readonly objects: readonly KubeObject[],
    options: EngineOptions = {},
    dump?: DecidableConfig) {
    const admission = admit(objects, options);
    this.warnings = admission.warnings;
    this._config = compile(admission.objects, admission.refused);
    this.decidable = dump ?? this._config;
  }

  /** What the gateway does with `request`. Throws a RequestError when the request is not one the manifests can answer. */
  public route(request: TrafficRequest, options?: DecideOptions): Decision {
    return decide(this.decidable, request, options);
  }

  /**
   * The route table, one row per route (like `istioctl proxy-config routes`). For an engine read from a config dump,
   * the rows of its listeners: each route names its VirtualService where istiod recorded it in the route's metadata,
   * and no rule index (`rule` is null).
   * @param gateway `NS/NAME` of a gateway Service, Deployment or Gateway (for a config dump, of the pod its bootstrap
   *   names); every workload when omitted
   */
  public routes(gateway?: string): RouteRow[] {
    return listRoutes(this.decidable, gateway === undefined ? undefined : [pickWorkload(this.decidable, gateway)]);
  }

  /**
   * The Envoy-shaped configuration of a gateway workload, as its admin `/config_dump` shows it.
   * @param gateway `NS/NAME` of a gateway Service, Deployment or Gateway; optional when {@link defaultGatewayWorkload}
   *   names one
   */
  public configDump(gateway?: string): Record<string, unknown> {
    this.refuseForDump('a config dump of its own');
    return configDump(this._config, pickWorkload(this._config, gateway));
  }

  /**
   * What route coverage counts: every server of every Gateway that configures a gateway workload, and every rule of
   * every VirtualService bound to one of those Gateways (with the VirtualServices they delegate to). `verify` reports
   * which of them its cases' decisions reached. Not available for an engine read from a config dump (see
   * {@link configDumpOrigin}), which holds no Gateways or VirtualServices to count.
   */
  public coverageTargets(): CoverageTargets {
    this.refuseForDump('route coverage');
    return coverageTargetsOf(this._config);
  }

  /** Throws for an engine read from a config dump, which has listeners and routes but no Gateways or VirtualServices. */
  private refuseForDump(what: string): void {
    if (this.configDumpOrigin !== undefined) {
      throw new RequestError(`${what} is not available for an engine read from a config dump; it decides requests and lists routes only`);
    }
  }

  /** For an engine read from a config dump ({@link fromConfigDump}), where the dump came from; undefined for manifests. */
  public get configDumpOrigin(): string | undefined {
    return this.decidable.workloads[0]?.dump?.origin;
  }

  /**
   * `NS/NAME` of every gateway workload in the manifests; for a config dump, its one workload: the pod its bootstrap
   * names, or, without a bootstrap, {@link configDumpOrigin}.
   */
  public get gatewayWorkloads(): string[] {
    return this.decidable.workloads.map((w) => w.workload.key);
  }

  /**
   * `NS/NAME` of the gateway workload a request without `gateway` goes to: the only one whose pods the manifests define
   * (a Deployment, DaemonSet or StatefulSet that Gateways select), even beside workloads implied by Gateway selectors
   * that match pods installed elsewhere; when the manifests define none, the only implied one. Undefined when the
   * manifests hold no workload, or leave the choice open (such a request is then refused).
   */
  public get defaultGatewayWorkload(): string | undefined {
    return defaultWorkload(this.decidable)?.workload.key;
  }
}
