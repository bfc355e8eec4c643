/**
 * Whole-app analysis at synth: the analyzer runs over every object of the app, and its errors fail `cdk8s synth`
 * with the path of the construct that rendered the object at fault.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { printSynthWarnings } from './synth-warnings';
import { analyzeLoaded } from '../analyze/analyze';
import { appScopeOf, synthBlockingFindings, synthScope } from '../analyze/app-scope';
import { ANALYZERS } from '../analyze/catalogue';
import { Finding } from '../analyze/finding';
import { loadObjects } from '../manifests/load';

/**
 * The context key that turns the whole-app analysis at synth off for an app: set it to `false` on the App, before any
 * construct is added to it.
 *
 * ```ts
 * const app = new App();
 * app.node.setContext(SYNTH_ANALYSIS_CONTEXT_KEY, false); // 'cdk8s-istio-gateway:synthAnalysis'
 * ```
 *
 * The analysis is on by default (the key unset, or any value but `false` and `'false'`). Turning it off skips only
 * the analysis of the whole app: the checks each construct makes of its own properties still fail at the line of the
 * mistake, or at synth on the construct's path. `analyze(app)` and `cdk8s-istio-gateway analyze` still report
 * everything.
 */
export const SYNTH_ANALYSIS_CONTEXT_KEY = 'cdk8s-istio-gateway:synthAnalysis';

/** One `app.synth()` or `app.synthYaml()` in progress. */
interface Synthesis {
  /** The root's errors of the first validation pass; undefined until that pass has run. */
  own?: string[];
  /** ApiObjects whose `toJson()` returns, until the synth ends, what the analysis rendered. */
  readonly pinned: ApiObject[];
}

/** The analysis of one app root: which constructs registered, and the errors of the latest validation pass. */
interface AppAnalysis {
  /** Constructs that called {@link registerAppAnalysis}: the objects they render are reported on them. */
  readonly owners: WeakSet<IConstruct>;
  /** Errors of the latest pass, by the construct they are reported on (the root for objects no owner rendered). */
  errors: Map<IConstruct, string[]>;
  /** The synth of the app in progress, if any. */
  synthesis?: Synthesis;
}

/** App roots that already carry the analysis validation, with its state. */
const ANALYZED_ROOTS = new WeakMap<IConstruct, AppAnalysis>();

/**
 * Makes `construct` take part in the whole-app analysis at synth. Constructs of this library call it once, in their
 * constructor.
 *
 * The first call for an app adds one validation to the app root (`scope.node.root`). cdk8s runs validations in
 * pre-order before it writes anything (`app.synth()`, `app.synthYaml()`, `Chart.toJson()`, `Testing.synth()`), so
 * the root's runs first: it renders every `ApiObject` of the app (with `ApiObject.toJson()`, not `Chart.toJson()`,
 * which would validate the app again) and runs the analyzer over them, within the scope of the errors that fail
 * synth ({@link synthBlockingFindings}: `Error` findings whose cause cannot be outside the app; warnings and infos
 * never fail synth, nor do references to Services, DestinationRule subsets, Secrets or Gateways the cluster may hold
 * elsewhere), so no other finding is made. Each registered construct then reports, with its own validation, the
 * errors about the objects it rendered, so cdk8s prints them as `[apps/shop] IST0101 ReferencedResourceNotFound
 * (VirtualService default/shop): ...`. Errors about objects no registered construct rendered (a plain `ApiObject`, a
 * cdk8s-plus Service) are reported on those objects' own constructs, and errors about no rendered object by the root
 * validation itself.
 *
 * `app.synth()` and `app.synthYaml()` validate the app once, then once more before they write each chart. The first
 * call for an app therefore also makes the App's `synth()` and `synthYaml()` mark where one synth starts and ends:
 * within one of them the objects are rendered and analyzed once, in the first pass; the later passes report the same
 * errors, and cdk8s writes the objects as that pass rendered them, without rendering them again. Outside them
 * (`Chart.toJson()`, `Testing.synth()`, `app.node.validate()`), each pass renders and analyzes the app anew.
 *
 * An object that cannot be rendered is left out of the analysis: synth reports its error itself. The context key
 * {@link SYNTH_ANALYSIS_CONTEXT_KEY} set to `false` on the app turns the analysis off.
 *
 * @param construct - an IngressGateway, route, DestinationRule or Certificate (or any construct rendering objects
 *   its validation should answer for).
 */
export function registerAppAnalysis(construct: IConstruct): void {
  const root = construct.node.root;
  let analysis = ANALYZED_ROOTS.get(root);
  if (analysis === undefined) {
    const state: AppAnalysis = { owners: new WeakSet(), errors: new Map() };
    analysis = state;
    ANALYZED_ROOTS.set(root, state);
    root.node.addValidation({ validate: () => runAnalysis(root, state) });
    delimitSynthesis(root, state);
  }
  analysis.owners.add(construct);
  const state = analysis;
  construct.node.addValidation({ validate: () => state.errors.get(construct) ?? [] });
}

/**
 * True when constructs of this library registered the analysis on the app of `construct`: its validation runs the
 * whole-app analysis (unless {@link SYNTH_ANALYSIS_CONTEXT_KEY} turns it off).
 *
 * @param construct - any construct of the app.
 */
export function isAnalyzedAtSynth(construct: IConstruct): boolean {
  return ANALYZED_ROOTS.has(construct.node.root);
}

/** `namespace/name` of the Gateways each app root imports (registerExternalGateway). */
const EXTERNAL_GATEWAYS = new WeakMap<IConstruct, Set<string>>();

/**
 * Declares that a Gateway exists outside the app (`IngressGateway.fromGatewayReference`): the synth-time analysis
 * never reports references to it as missing.
 *
 * @param construct - the construct standing for the Gateway.
 * @param reference - its `namespace/name`.
 */
export function registerExternalGateway(construct: IConstruct, reference: string): void {
  const root = construct.node.root;
  const references = EXTERNAL_GATEWAYS.get(root) ?? new Set<string>();
  references.add(reference);
  EXTERNAL_GATEWAYS.set(root, references);
}

/**
 * The findings of the whole app that would fail its synth, without failing it: what the validations registered by
 * {@link registerAppAnalysis} report, as findings. Use it in tests, e.g. to assert an app synthesizes cleanly. It
 * analyzes the app whatever {@link SYNTH_ANALYSIS_CONTEXT_KEY} says.
 *
 * @param root - any construct of the app (its root is analyzed).
 */
export function appSynthFindings(root: IConstruct): Finding[] {
  return synthFindings(root.node.root, renderedObjects(root.node.root));
}

/**
 * True when the app's context turns the synth-time analysis off ({@link SYNTH_ANALYSIS_CONTEXT_KEY}).
 *
 * @param root - the app root.
 */
export function analysisDisabled(root: IConstruct): boolean {
  const value: unknown = root.node.tryGetContext(SYNTH_ANALYSIS_CONTEXT_KEY);
  return value === false || value === 'false';
}

/** An ApiObject and what it renders to. */
interface Rendered {
  readonly apiObject: ApiObject;
  readonly json: { kind?: string; metadata?: { name?: string; namespace?: string } };
}

/** Every ApiObject of the app that renders, in construct order. */
function renderedObjects(root: IConstruct): Rendered[] {
  const rendered: Rendered[] = [];
  for (const child of root.node.findAll()) {
    if (!ApiObject.isApiObject(child)) {
      continue;
    }
    try {
      rendered.push({ apiObject: child, json: child.toJson() });
    } catch {
      // Synth fails on this object with its own error.
    }
  }
  return rendered;
}

/**
 * The findings that fail synth, of the analysis of `rendered` within the synth scope. Gateways the app imports
 * (`IngressGateway.fromGatewayReference`) exist outside it: references to them are never missing.
 */
function synthFindings(root: IConstruct, rendered: readonly Rendered[]): Finding[] {
  // Loading copies the objects: the analysis never changes what cdk8s writes.
  const objects = loadObjects(rendered.map((r) => r.json));
  const scope = appScopeOf(objects, undefined, [...(EXTERNAL_GATEWAYS.get(root) ?? [])]);
  // Nothing outside the app fails its synth: not even the default ingress gateway `analyze` assumes installed, whose
  // pods would otherwise let two of the app's Gateways conflict (IST0145) or send a credential lookup to istio-system.
  return synthBlockingFindings(analyzeLoaded(objects, synthScope(scope), { assumeDefaultIngress: false }), scope);
}

/**
 * Makes `app.synth()` and `app.synthYaml()` of the root (when it is an App) delimit a {@link Synthesis}, so that the
 * validation passes cdk8s runs within one of them share one rendering and analysis of the app.
 */
function delimitSynthesis(root: IConstruct, state: AppAnalysis): void {
  const app = root as unknown as Record<string, unknown>;
  for (const method of ['synth', 'synthYaml']) {
    const original = app[method];
    if (typeof original !== 'function') {
      continue;
    }
    Object.defineProperty(app, method, {
      configurable: true,
      writable: true,
      value: function synthesizing(this: unknown, ...args: unknown[]): unknown {
        return withinSynthesis(root, state, () => original.apply(this, args));
      },
    });
  }
}

/**
 * Runs `synthesize` as one {@link Synthesis} (or within the one in progress); once the outermost one has written the
 * app, prints the constructs' warnings ({@link printSynthWarnings}).
 */
function withinSynthesis<T>(root: IConstruct, state: AppAnalysis, synthesize: () => T): T {
  if (state.synthesis !== undefined) {
    return synthesize();
  }
  const synthesis: Synthesis = { pinned: [] };
  state.synthesis = synthesis;
  try {
    const result = synthesize();
    printSynthWarnings(root);
    return result;
  } finally {
    for (const apiObject of synthesis.pinned) {
      Reflect.deleteProperty(apiObject, 'toJson');
    }
    state.synthesis = undefined;
  }
}

/** Makes each object's `toJson()` return its rendering until the synthesis ends: cdk8s then writes what was analyzed. */
function pin(rendered: readonly Rendered[], synthesis: Synthesis): void {
  for (const { apiObject, json } of rendered) {
    Object.defineProperty(apiObject, 'toJson', { configurable: true, writable: true, value: () => json });
    synthesis.pinned.push(apiObject);
  }
}

/** The root's validation: analyzes the app, stores the errors of registered constructs, returns the others. */
function runAnalysis(root: IConstruct, state: AppAnalysis): string[] {
  if (analysisDisabled(root)) {
    state.errors = new Map();
    return [];
  }
  const synthesis = state.synthesis;
  if (synthesis?.own !== undefined) {
    // A later pass of the same synth: nothing has changed since the first one.
    return synthesis.own;
  }
  const rendered = renderedObjects(root);
  if (synthesis !== undefined) {
    pin(rendered, synthesis);
  }
  const own = reportFindings(synthFindings(root, rendered), rendered, state);
  if (synthesis !== undefined) {
    synthesis.own = own;
  }
  return own;
}

/** Stores the errors of `findings` by the construct each is reported on, and returns those of no rendered object. */
function reportFindings(findings: readonly Finding[], rendered: readonly Rendered[], state: AppAnalysis): string[] {
  const errors = new Map<IConstruct, string[]>();
  const own: string[] = [];
  if (findings.length === 0) {
    state.errors = errors;
    return own;
  }
  const byResource = new Map<string, Rendered[]>();
  for (const r of rendered) {
    const key = `${r.json.kind} ${r.json.metadata?.namespace ?? 'default'}/${r.json.metadata?.name}`;
    const list = byResource.get(key);
    if (list === undefined) {
      byResource.set(key, [r]);
    } else {
      list.push(r);
    }
  }
  for (const finding of findings) {
    const sources = byResource.get(finding.resource) ?? [];
    const owners = new Set(sources.map((s) => ownerOf(s.apiObject, state.owners)));
    if (owners.size === 0) {
      own.push(describeSynthFinding(finding));
    }
    for (const owner of owners) {
      const reporters = owner === undefined
        ? sources.filter((s) => ownerOf(s.apiObject, state.owners) === undefined).map((s) => reportingOn(s.apiObject, state))
        : [owner];
      for (const reporter of reporters) {
        errors.set(reporter, [...errors.get(reporter) ?? [], describeSynthFinding(finding)]);
      }
    }
  }
  state.errors = errors;
  return own;
}

/**
 * Makes an object no registered construct rendered (a plain `ApiObject`) report its own errors, so cdk8s prints them
 * with its path. The root's validation runs first in cdk8s's pre-order pass, so a validation added here still runs
 * in the same pass.
 */
function reportingOn(apiObject: ApiObject, state: AppAnalysis): IConstruct {
  if (!state.owners.has(apiObject)) {
    state.owners.add(apiObject);
    apiObject.node.addValidation({ validate: () => state.errors.get(apiObject) ?? [] });
  }
  return apiObject;
}

/** The nearest registered construct that contains `apiObject`, if any. */
function ownerOf(apiObject: ApiObject, owners: WeakSet<IConstruct>): IConstruct | undefined {
  return [...apiObject.node.scopes].reverse().find((scope) => owners.has(scope));
}

/**
 * A finding as synth reports it: `IST0101 ReferencedResourceNotFound (VirtualService apps/shop): message`.
 *
 * @param finding - a finding of the analysis.
 */
export function describeSynthFinding(finding: Finding): string {
  const name = ANALYZERS.find((a) => a.code === finding.code)?.name;
  return `${finding.code}${name ? ` ${name}` : ''} (${finding.resource}): ${finding.message}`;
}
