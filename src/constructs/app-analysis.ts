/**
 * Whole-app analysis at synth: the analyzer runs over every object of the app, and its errors fail `cdk8s synth`
 * with the path of the construct that rendered the object at fault.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { analyze } from '../analyze/analyze';
import { appScopeOf, synthBlockingFindings } from '../analyze/app-scope';
import { ANALYZERS } from '../analyze/catalogue';
import { Finding } from '../analyze/finding';

/** The analysis of one app root: which constructs registered, and the errors of the latest validation pass. */
interface AppAnalysis {
  /** Constructs that called {@link registerAppAnalysis}: the objects they render are reported on them. */
  readonly owners: WeakSet<IConstruct>;
  /** Errors of the latest pass, by the construct they are reported on (the root for objects no owner rendered). */
  errors: Map<IConstruct, string[]>;
  /** The objects of the latest pass, serialized, and their findings: a pass over unchanged objects reuses them. */
  cache?: { readonly input: string; readonly findings: readonly Finding[] };
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
 * which would validate the app again), runs {@link analyze} over them and keeps the errors that fail synth
 * ({@link synthBlockingFindings}: `Error` findings whose cause cannot be outside the app; warnings and infos never
 * fail synth, nor do references to Services, DestinationRule subsets, Secrets or Gateways the cluster may hold
 * elsewhere). Each registered construct then reports, with its own validation, the errors about the objects it
 * rendered, so cdk8s prints them as `[apps/shop] IST0101 ReferencedResourceNotFound (VirtualService default/shop):
 * ...`. Errors about objects no registered construct rendered (a plain `ApiObject`, a cdk8s-plus Service) are
 * reported on those objects' own constructs, and errors about no rendered object by the root validation itself.
 *
 * An object that cannot be rendered is left out of the analysis: synth reports its error itself.
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
  }
  analysis.owners.add(construct);
  const state = analysis;
  construct.node.addValidation({ validate: () => state.errors.get(construct) ?? [] });
}

/**
 * The findings of the whole app that would fail its synth, without failing it: what the validations registered by
 * {@link registerAppAnalysis} report, as findings. Use it in tests, e.g. to assert an app synthesizes cleanly.
 *
 * @param root - any construct of the app (its root is analyzed).
 */
export function appSynthFindings(root: IConstruct): Finding[] {
  const objects = renderedObjects(root.node.root).map((o) => o.json);
  return synthBlockingFindings(analyze(objects), appScopeOf(objects));
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

/** The root's validation: analyzes the app, stores the errors of registered constructs, returns the others. */
function runAnalysis(root: IConstruct, state: AppAnalysis): string[] {
  const rendered = renderedObjects(root);
  const objects = rendered.map((r) => r.json);
  const input = JSON.stringify(objects);
  const cache = state.cache?.input === input ? state.cache : { input, findings: synthBlockingFindings(analyze(objects), appScopeOf(objects)) };
  state.cache = cache;
  const byResource = new Map<string, Rendered[]>();
  for (const r of rendered) {
    const key = `${r.json.kind} ${r.json.metadata?.namespace ?? 'default'}/${r.json.metadata?.name}`;
    byResource.set(key, [...byResource.get(key) ?? [], r]);
  }
  const errors = new Map<IConstruct, string[]>();
  const own: string[] = [];
  for (const finding of cache.findings) {
    const sources = byResource.get(finding.resource) ?? [];
    const owners = new Set(sources.map((s) => ownerOf(s.apiObject, state.owners)));
    if (owners.size === 0) {
      own.push(describeFinding(finding));
    }
    for (const owner of owners) {
      const reporters = owner === undefined
        ? sources.filter((s) => ownerOf(s.apiObject, state.owners) === undefined).map((s) => reportingOn(s.apiObject, state))
        : [owner];
      for (const reporter of reporters) {
        errors.set(reporter, [...errors.get(reporter) ?? [], describeFinding(finding)]);
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

/** `IST0101 ReferencedResourceNotFound (VirtualService apps/shop): message`. */
function describeFinding(finding: Finding): string {
  const name = ANALYZERS.find((a) => a.code === finding.code)?.name;
  return `${finding.code}${name ? ` ${name}` : ''} (${finding.resource}): ${finding.message}`;
}
