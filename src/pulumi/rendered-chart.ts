/**
 * A cdk8s chart or app rendered the way `cdk8s synth` renders it, object by object, with the construct path of each
 * object and the dependencies cdk8s knows of (`addDependency`). The app is validated first, as synth validates it:
 * the checks of this library's constructs and the whole-app analysis (for an app with none of our constructs, the
 * same analysis runs here), so a mistake fails with the messages synth prints.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { analysisDisabled, appSynthFindings, describeSynthFinding, isAnalyzedAtSynth } from '../constructs/app-analysis';

/** One synthesized object, where it comes from and what cdk8s orders it after. */
export interface RenderedObject {
  /** The construct path of the ApiObject that rendered it, e.g. `ingress/gateway/Deployment`. */
  readonly path: string;
  /** The object, as synth writes it. */
  readonly object: Readonly<Record<string, unknown>>;
  /** Indices (in the rendered list) of the objects this one was made to depend on with cdk8s `addDependency`. */
  readonly dependsOn: readonly number[];
}

/** Why a chart or app cannot be rendered: its validation failed, or it is not a chart. Lines as synth prints them. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/**
 * Renders every object of `source` (a Chart: its objects; an App: the objects of each chart, in synth order).
 *
 * @param analyze - run the whole-app analysis for an app with none of our constructs (an app with ours runs it in its
 *   own validation); the app's `cdk8s-istio-gateway:synthAnalysis` context key set to `false` turns it off as for synth.
 * @throws RenderError when the app's validation fails, with cdk8s's lines (`[path] message`).
 */
export function renderChart(source: Chart | App, analyze = true): RenderedObject[] {
  const charts = chartsOf(source);
  const rendered: Array<{ apiObject: ApiObject; object: Record<string, unknown> }> = [];
  for (const chart of charts) {
    let objects: unknown[];
    try {
      objects = chart.toJson();
    } catch (error) {
      throw new RenderError(error instanceof Error ? error.message : String(error));
    }
    rendered.push(...matchApiObjects(chart, objects));
  }
  const root = (charts[0] ?? source).node.root;
  if (analyze && !isAnalyzedAtSynth(root) && !analysisDisabled(root)) {
    reportFindings(root, rendered);
  }
  const position = new Map(rendered.map((r, i) => [r.apiObject, i]));
  return rendered.map(({ apiObject, object }) => ({
    path: apiObject.node.path,
    object,
    dependsOn: [...new Set(explicitDependencies(apiObject).map((d) => position.get(d)).filter((i): i is number => i !== undefined))],
  }));
}

/** The charts of an App, or the Chart itself. */
function chartsOf(source: Chart | App): Chart[] {
  if (Chart.isChart(source)) {
    return [source];
  }
  const charts = (source as { charts?: unknown } | null | undefined)?.charts;
  if (Array.isArray(charts)) {
    return charts as Chart[];
  }
  throw new RenderError(`expected a cdk8s Chart or App, found ${source === null ? 'null' : typeof source}; pass the chart (or the app) your constructs are in`);
}

/** Pairs each object `chart.toJson()` returned with the ApiObject that rendered it (by kind, namespace and name). */
function matchApiObjects(chart: Chart, objects: readonly unknown[]): Array<{ apiObject: ApiObject; object: Record<string, unknown> }> {
  const candidates = new Map<string, ApiObject[]>();
  for (const child of chart.node.findAll()) {
    if (ApiObject.isApiObject(child) && Chart.of(child) === chart) {
      const key = identity(child.apiVersion, child.kind, child.metadata.namespace, child.name);
      candidates.set(key, [...candidates.get(key) ?? [], child]);
    }
  }
  return objects.map((value) => {
    const object = value as Record<string, unknown>;
    const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
    const key = identity(object.apiVersion as string, object.kind as string, metadata.namespace, metadata.name);
    const apiObject = candidates.get(key)?.shift();
    if (apiObject === undefined) {
      throw new RenderError(`chart ${chart.node.path}: the ${object.kind} '${metadata.name}' it synthesizes has no ApiObject of that kind and name (was it changed by a JSON patch?); rename the ApiObject instead of patching metadata`);
    }
    return { apiObject, object };
  });
}

function identity(apiVersion: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${apiVersion}|${kind}|${namespace ?? ''}|${name ?? ''}`;
}

/** The ApiObjects `apiObject`, or its chart, were made to depend on (`addDependency` on them or on a scope of them). */
function explicitDependencies(apiObject: ApiObject): ApiObject[] {
  const targets: IConstruct[] = [...apiObject.node.dependencies, ...Chart.of(apiObject).node.dependencies];
  return targets.flatMap((target) => target.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c !== apiObject));
}

/** Fails, as synth does, on the analysis errors of an app none of our constructs analyze. */
function reportFindings(root: IConstruct, rendered: ReadonlyArray<{ apiObject: ApiObject; object: Record<string, unknown> }>): void {
  const findings = appSynthFindings(root);
  if (findings.length === 0) {
    return;
  }
  const pathOf = new Map<string, string>();
  for (const { apiObject, object } of rendered) {
    const metadata = (object.metadata ?? {}) as { name?: string; namespace?: string };
    pathOf.set(`${object.kind} ${metadata.namespace ?? 'default'}/${metadata.name}`, apiObject.node.path);
  }
  const lines = findings.map((f) => `[${pathOf.get(f.resource) ?? ''}] ${describeSynthFinding(f)}`);
  throw new RenderError(`Validation failed with the following errors:\n  ${lines.join('\n  ')}`);
}
