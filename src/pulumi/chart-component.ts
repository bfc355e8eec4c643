/**
 * The Pulumi component every component of this sub-path is: it renders a cdk8s chart or app (validated and analyzed
 * as synth would), registers each object as a `@pulumi/kubernetes` resource parented to itself, ordered after what
 * it refers to, and answers `toJson()` with the objects, so the engine, `verify` and the jest matchers read it as they
 * read a chart.
 */
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { kubernetesResource } from './kubernetes-resource';
import { logicalNames } from './logical-names';
import { objectDependencies } from './object-dependencies';
import { renderChart } from './rendered-chart';
import { SYNTH_ANALYSIS_CONTEXT_KEY } from '../constructs/app-analysis';
import { appSynthWarnings } from '../constructs/synth-warnings';

/** Options shared by the components of `cdk8s-istio-gateway/pulumi`. */
export interface ChartComponentArgs {
  /**
   * Resource options given to every Kubernetes resource the component registers, e.g. `{ deleteBeforeReplace: true }`
   * or `{ ignoreChanges: ['metadata.annotations'] }`. Each resource is parented to the component (whose provider it
   * inherits, as Pulumi children do) and depends on the objects it refers to; a `dependsOn` given here (resources, or
   * an array of them) is added to those.
   * @default - none
   */
  readonly resourceOptions?: pulumi.CustomResourceOptions;
  /**
   * Run the whole-app analysis on the objects when the component is constructed, and fail on its errors as
   * `cdk8s synth` does. `false` turns it off for `IstioIngress`, `IstioRoutes` and a `Cdk8sChart` of any other
   * chart; an app given to `Cdk8sChart` that holds this library's constructs runs the analysis in its own validation,
   * which the app's `cdk8s-istio-gateway:synthAnalysis` context key set to `false` turns off.
   * @default true
   */
  readonly analysis?: boolean;
}

/**
 * A new cdk8s App for the constructs a component makes itself, with the synth-time analysis off when
 * `args.analysis` is `false`.
 */
export function appFor(args: ChartComponentArgs | undefined): App {
  const app = new App();
  if (args?.analysis === false) {
    app.node.setContext(SYNTH_ANALYSIS_CONTEXT_KEY, false);
  }
  return app;
}

/** One synthesized object and the Pulumi resource registered for it. */
export interface RegisteredObject {
  /** The construct path of the ApiObject that rendered it, e.g. `ingress/default-gateway/Deployment`. */
  readonly path: string;
  /** The Pulumi logical name of the resource: the component's name and the construct path. */
  readonly logicalName: string;
  /** The object's `apiVersion`. */
  readonly apiVersion: string;
  /** The object's `kind`. */
  readonly kind: string;
  /** The object's `metadata.namespace`, if it has one. */
  readonly namespace?: string;
  /** The object's `metadata.name`. */
  readonly name: string;
  /** The resource: a typed class for built-in kinds, a `k8s.apiextensions.CustomResource` for the others. */
  readonly resource: pulumi.CustomResource;
}

/**
 * A Pulumi component made of the objects of a cdk8s chart or app. It is a `ChartLike` (it has `toJson()`), so
 * `TrafficEngine.fromChart(component)`, `expect(component).toRouteTo(...)` and `verify` read its objects.
 */
export abstract class ChartComponent extends pulumi.ComponentResource {
  /** The registered objects, in synth order. */
  public readonly objects: readonly RegisteredObject[];
  private readonly synthesized: ReadonlyArray<Readonly<Record<string, unknown>>>;
  private readonly logicalName: string;

  /**
   * @param type - the component's type token, `cdk8s-istio-gateway:index:<Name>`.
   * @param name - the component's logical name.
   * @param build - makes the chart or app to register (called once, after the component is created, so that a
   *   mistake is reported on the component).
   * @param args - the options of every component.
   * @param opts - the component's own resource options (provider, providers, protect, ...).
   */
  protected constructor(
    type: string, name: string, build: () => Chart | App, args: ChartComponentArgs | undefined, opts: pulumi.ComponentResourceOptions | undefined,
  ) {
    super(type, name, {}, opts);
    this.logicalName = name;
    const source = this.failOnError(build);
    const rendered = this.failOnError(() => renderChart(source, args?.analysis !== false));
    // What `app.synth()` prints on standard error, Pulumi shows as the component's warnings.
    for (const { path, id, message } of appSynthWarnings(source)) {
      void pulumi.log.warn(`[${path}] ${message} [ack: ${id}]`, this);
    }
    const names = this.failOnError(() => logicalNames(name, rendered.map((r) => r.path)));
    this.synthesized = rendered.map((r) => r.object);
    const dependencies = objectDependencies(this.synthesized, rendered.map((r) => r.dependsOn));
    const own = args?.resourceOptions ?? {};
    const extra = this.failOnError(() => dependsOnList(own.dependsOn));
    const objects: RegisteredObject[] = [];
    rendered.forEach(({ path, object }, i) => {
      const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
      const resource = kubernetesResource(names[i], object, {
        ...own,
        parent: this,
        dependsOn: [...extra, ...dependencies[i].map((d) => objects[d]?.resource).filter((r): r is pulumi.CustomResource => r !== undefined)],
      });
      objects.push({
        path,
        logicalName: names[i],
        apiVersion: object.apiVersion as string,
        kind: object.kind as string,
        ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
        name: metadata.name ?? '',
        resource,
      });
    });
    this.objects = objects;
  }

  /** The objects as synthesized (copies), in synth order: what `TrafficEngine.fromChart` and the matchers read. */
  public toJson(): unknown[] {
    return this.synthesized.map((o) => structuredClone(o));
  }

  /**
   * The resource registered for the object of this kind and name.
   *
   * @param kind - e.g. `Service`, `Gateway`.
   * @param name - its `metadata.name`.
   * @param namespace - its namespace, when objects of the kind and name exist in several.
   * @throws Error when there is no such object, or several.
   */
  public resource(kind: string, name: string, namespace?: string): pulumi.CustomResource {
    const found = this.objects.filter((o) => o.kind === kind && o.name === name && (namespace === undefined || o.namespace === namespace));
    if (found.length !== 1) {
      const have = this.objects.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`).join(', ');
      throw new pulumi.ResourceError(found.length === 0
        ? `${this.describe()} has no ${kind} '${name}'${namespace ? ` in ${namespace}` : ''}; it has ${have || 'no objects'}`
        : `${this.describe()} has ${found.length} ${kind}s named '${name}'; give the namespace too`, this, true);
    }
    return found[0].resource;
  }

  /** Runs `step`, turning an error into a one-line `ResourceError` on this component (no stack trace). */
  protected failOnError<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof pulumi.ResourceError) {
        throw error;
      }
      throw new pulumi.ResourceError(`${this.describe()}: ${error instanceof Error ? error.message : String(error)}`, this, true);
    }
  }

  /** `IstioIngress 'public'`: the component's class and name. */
  private describe(): string {
    return `${this.constructor.name} '${this.logicalName}'`;
  }
}

/** @internal A `dependsOn` resource option as a list of resources. */
export function dependsOnList(value: pulumi.CustomResourceOptions['dependsOn']): pulumi.Input<pulumi.Resource>[] {
  if (value === undefined) {
    return [];
  }
  if (Array.isArray(value)) {
    return value;
  }
  if (pulumi.Resource.isInstance(value)) {
    return [value];
  }
  throw new Error('resourceOptions.dependsOn is not a resource or an array of resources; give the resources themselves (or give dependsOn to the component)');
}
