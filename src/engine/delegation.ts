/**
 * VirtualService delegation (`http[].delegate`), expanded at config time the way istiod merges
 * a root VirtualService with its delegates (reference §c.6; istio/istio
 * `pilot/pkg/model/virtualservice.go` `mergeVirtualServicesIfNeeded`, `mergeHTTPRoute`,
 * `mergeHTTPMatchRequests`, `hasConflict`, `stringMatchConflict`).
 */
import { CompileDiagnostic, DelegateProblem, diagnose } from './compile-diagnostic';
import { VirtualServiceView } from './virtual-services';
import { resolveGatewayReference } from '../istio/gateway-reference';
import { resolveShortName } from '../istio/host';
import { IstioHttpMatch, IstioHttpRoute, IstioStringMatch } from '../model/istio-types';

/** The root rule a delegated rule replaces. */
export interface DelegationOrigin {
  /** The root VirtualService. */
  readonly virtualService: VirtualServiceView;
  /** Index of the delegating rule in the root's `http` list. */
  readonly ruleIndex: number;
}

/** One `http` rule of a VirtualService after delegation is expanded. */
export interface ExpandedHttpRule {
  /** The VirtualService the rule was written in: the delegate for a delegated rule. */
  readonly virtualService: VirtualServiceView;
  /** Index of the rule in that VirtualService's `http` list. */
  readonly ruleIndex: number;
  /** The rule; for a delegated rule, merged with the root rule. */
  readonly rule: IstioHttpRoute;
  /** The root rule it replaces, for a delegated rule. */
  readonly delegatedFrom?: DelegationOrigin;
}

/**
 * The `http` rules of `root` in order, each delegating rule replaced by the merged rules of its
 * delegate (found in `all`); a delegating rule whose delegate is unusable disappears, with a diagnostic
 * in `diagnostics` saying why.
 */
export function expandHttpRules(root: VirtualServiceView, all: readonly VirtualServiceView[], diagnostics: CompileDiagnostic[]): ExpandedHttpRule[] {
  const rules: ExpandedHttpRule[] = [];
  for (const [ruleIndex, rule] of root.http.entries()) {
    if (!rule.delegate) {
      rules.push({ virtualService: root, ruleIndex, rule });
      continue;
    }
    const key = `${rule.delegate.namespace || root.namespace}/${rule.delegate.name}`;
    const delegate = all.find((vs) => vs.key === key);
    const problem = delegateProblem(delegate, root);
    if (problem !== undefined) {
      note(diagnostics, diagnose({ kind: 'delegate-unusable', root, ruleIndex, delegate: key, problem }));
      continue;
    }
    const origin: DelegationOrigin = { virtualService: root, ruleIndex };
    for (const [index, delegated] of delegate!.http.entries()) {
      const merged = mergeRule(rule, root.namespace, delegated, delegate!.namespace);
      if (merged === undefined) {
        note(diagnostics, diagnose({ kind: 'delegated-rule-uncovered', delegate: delegate!, ruleIndex: index, root, rootRuleIndex: ruleIndex }));
        continue;
      }
      rules.push({ virtualService: delegate!, ruleIndex: index, rule: merged, delegatedFrom: origin });
    }
  }
  return rules;
}

/** Why `delegate` cannot serve `root`, or undefined when it can. */
function delegateProblem(delegate: VirtualServiceView | undefined, root: VirtualServiceView): DelegateProblem | undefined {
  if (delegate === undefined) {
    return 'missing';
  }
  if (delegate.hosts.length > 0) {
    return 'has-hosts';
  }
  if ((delegate.object.spec?.gateways ?? []).length > 0 || delegate.tcp.length > 0 || delegate.tls.length > 0) {
    return 'not-a-delegate';
  }
  if (delegate.http.some((r) => r.delegate)) {
    return 'nested';
  }
  const exportTo = delegate.exportTo.map((e) => (e === '.' ? delegate.namespace : e));
  if (exportTo.length > 0 && !exportTo.includes('*') && !exportTo.includes(root.namespace)) {
    return 'not-exported';
  }
  return undefined;
}

/** A rule or match being built by a merge. */
type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** Fields of the root rule a delegated rule takes when it lacks them (istiod's `mergeHTTPRoute`). */
const INHERITED = [
  'rewrite', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercent', 'mirrorPercentage', 'corsPolicy', 'mirrors', 'headers',
] as const satisfies ReadonlyArray<keyof IstioHttpRoute>;

/** The string-match fields of a match: the delegate's, else the root's. */
const STRING_MATCH_FIELDS = ['uri', 'scheme', 'method', 'authority'] as const satisfies ReadonlyArray<keyof IstioHttpMatch>;

/** The string-match map fields of a match: the root's and the delegate's entries unioned. */
const STRING_MATCH_MAP_FIELDS = ['headers', 'withoutHeaders', 'queryParams'] as const satisfies ReadonlyArray<keyof IstioHttpMatch>;

/** The delegated rule merged with its root rule, or undefined when a match conflicts. */
function mergeRule(root: IstioHttpRoute, rootNamespace: string, delegated: IstioHttpRoute, delegateNamespace: string): IstioHttpRoute | undefined {
  const rootMatches = (root.match ?? []).map((m) => withResolvedGateways(m, rootNamespace));
  const ownMatches = (delegated.match ?? []).map((m) => withResolvedGateways(m, delegateNamespace));
  const match = mergeMatches(rootMatches, ownMatches);
  if (match === undefined) {
    return undefined;
  }
  const merged: Draft<IstioHttpRoute> = { ...delegated, match: match.length > 0 ? match : undefined, name: joinNames(root.name, delegated.name) };
  for (const field of INHERITED) {
    inherit(merged, root, field);
  }
  // Hosts are resolved per VirtualService before the merge: an inherited mirror keeps the root's namespace.
  if (delegated.mirror === undefined && root.mirror?.host) {
    merged.mirror = { ...root.mirror, host: resolveShortName(root.mirror.host, rootNamespace) };
  }
  if (delegated.mirrors === undefined && root.mirrors !== undefined) {
    merged.mirrors = root.mirrors.map((m) => (m.destination.host
      ? { ...m, destination: { ...m.destination, host: resolveShortName(m.destination.host, rootNamespace) } } : m));
  }
  return merged;
}

/** Sets `field` of `merged` to the root's when the merged rule lacks it. */
function inherit<K extends keyof IstioHttpRoute>(merged: Draft<IstioHttpRoute>, root: IstioHttpRoute, field: K): void {
  if (merged[field] === undefined && root[field] !== undefined) {
    merged[field] = root[field];
  }
}

/**
 * istiod's `mergeHTTPMatchRequests`: without root matches the delegate's stand; without delegate
 * matches the root's do; otherwise every delegate match is merged with each root match it does not
 * conflict with, and one delegate match without such a root match drops the whole rule (undefined).
 */
function mergeMatches(root: readonly IstioHttpMatch[], delegated: readonly IstioHttpMatch[]): readonly IstioHttpMatch[] | undefined {
  if (root.length === 0) {
    return delegated;
  }
  if (delegated.length === 0) {
    return root;
  }
  const out: IstioHttpMatch[] = [];
  for (const leaf of delegated) {
    const compatible = root.filter((r) => !conflicts(r, leaf));
    if (compatible.length === 0) {
      return undefined;
    }
    for (const r of compatible) {
      out.push(mergeMatch(r, leaf));
    }
  }
  return out;
}

/** istiod's `mergeHTTPMatchRequest`: the delegate's fields, missing ones from the root, maps unioned. */
function mergeMatch(root: IstioHttpMatch, leaf: IstioHttpMatch): IstioHttpMatch {
  const out: Draft<IstioHttpMatch> = { ...leaf, name: joinNames(root.name, leaf.name) };
  for (const field of STRING_MATCH_FIELDS) {
    out[field] ??= root[field];
  }
  for (const field of STRING_MATCH_MAP_FIELDS) {
    if (root[field] !== undefined || leaf[field] !== undefined) {
      out[field] = { ...root[field], ...leaf[field] };
    }
  }
  if (root.sourceLabels !== undefined || leaf.sourceLabels !== undefined) {
    out.sourceLabels = { ...root.sourceLabels, ...leaf.sourceLabels };
  }
  out.port = leaf.port || root.port;
  out.sourceNamespace = leaf.sourceNamespace || root.sourceNamespace;
  out.gateways = leaf.gateways?.length ? leaf.gateways : root.gateways;
  for (const field of Object.keys(out) as Array<keyof IstioHttpMatch>) {
    if (out[field] === undefined) {
      delete out[field];
    }
  }
  return out;
}

/** istiod's `hasConflict`: the delegate match is not narrower than the root match. */
function conflicts(root: IstioHttpMatch, leaf: IstioHttpMatch): boolean {
  if (STRING_MATCH_FIELDS.some((f) => stringConflict(root[f], leaf[f]))) {
    return true;
  }
  for (const field of STRING_MATCH_MAP_FIELDS) {
    if (Object.entries(leaf[field] ?? {}).some(([k, v]) => stringConflict(root[field]?.[k], v))) {
      return true;
    }
  }
  if (Boolean(root.ignoreUriCase) !== Boolean(leaf.ignoreUriCase)) {
    return true;
  }
  if (root.port !== undefined && leaf.port !== undefined && root.port > 0 && leaf.port > 0 && root.port !== leaf.port) {
    return true;
  }
  if (root.sourceNamespace && leaf.sourceNamespace !== root.sourceNamespace) {
    return true;
  }
  if (Object.entries(leaf.sourceLabels ?? {}).some(([k, v]) => root.sourceLabels?.[k] !== undefined && root.sourceLabels[k] !== v)) {
    return true;
  }
  const rootGateways = root.gateways ?? [];
  const leafGateways = leaf.gateways ?? [];
  return rootGateways.length > 0 && leafGateways.length > 0 && leafGateways.some((g) => !rootGateways.includes(g));
}

/** istiod's `stringMatchConflict`: no conflict when either side is unset; regex conflicts; else the leaf must be narrower. */
function stringConflict(root: IstioStringMatch | undefined, leaf: IstioStringMatch | undefined): boolean {
  if (root === undefined || leaf === undefined) {
    return false;
  }
  if (root.regex || leaf.regex) {
    return true;
  }
  if (root.exact) {
    return leaf.prefix ? true : leaf.exact !== root.exact;
  }
  if (root.prefix) {
    const narrower = leaf.prefix || leaf.exact;
    return !narrower || !narrower.startsWith(root.prefix);
  }
  return true;
}

/** `match.gateways` as `namespace/name` (resolved in the VirtualService that wrote them, as istiod does before merging). */
function withResolvedGateways(match: IstioHttpMatch, namespace: string): IstioHttpMatch {
  if (!match.gateways?.length) {
    return match;
  }
  return { ...match, gateways: match.gateways.map((g) => resolveGatewayReference(g, namespace) ?? g) };
}

/** istiod's naming: `root-delegate`, or whichever is set. */
function joinNames(root: string | undefined, delegated: string | undefined): string | undefined {
  return delegated ? (root ? `${root}-${delegated}` : delegated) : root;
}

/** Adds `diagnostic` unless one with the same message is there (a root bound to several servers is expanded once per server). */
function note(diagnostics: CompileDiagnostic[], diagnostic: CompileDiagnostic): void {
  if (!diagnostics.some((d) => d.message === diagnostic.message)) {
    diagnostics.push(diagnostic);
  }
}
