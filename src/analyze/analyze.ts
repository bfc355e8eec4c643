/**
 * Running every analyzer over a set of manifests.
 */
import { AnalysisContext, AnalysisContextOptions } from './analysis-context';
import { EVERY_FINDING, FindingScope } from './analyzer';
import { ANALYZERS } from './catalogue';
import { Finding } from './finding';
import { KubeObject } from '../manifests/kube-object';
import { AppLike, ChartLike, loadChart, loadObjects, LoadOptions } from '../manifests/load';

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 };

/** How {@link analyze} reads the manifests, and what it assumes the cluster holds beside them. */
export interface AnalyzeOptions extends LoadOptions {
  /**
   * Assume Istio's default ingress gateway is installed beside the manifests, as `istioctl analyze` does when it reads
   * files without a cluster: pods labelled `istio: ingressgateway` and the Service `istio-ingressgateway` (ports 80,
   * 443, 31400, 15443), both in `istio-system`. A Gateway selecting those labels is then not reported as selecting no
   * pod (`IST0101`); its ports are checked against that Service (`IST0162`) and its `credentialName` Secrets looked
   * for in `istio-system`, and an Info finding `CIG1012` DefaultIngressAssumed on the Gateway says so.
   *
   * Nothing is assumed when the manifests define that gateway themselves: a Pod, Deployment, DaemonSet or
   * StatefulSet whose pods carry `istio: ingressgateway`, or a Service `istio-system/istio-ingressgateway`. Set it to
   * `false` when the cluster has no such gateway, to have every Gateway whose pods the manifests lack reported.
   *
   * @default true
   */
  readonly assumeDefaultIngress?: boolean;
}

/**
 * Finds what would break in the cluster: every analyzer of the catalogue over plain manifests
 * (objects a Pulumi program builds, parsed YAML, `loadFiles(...)`) or a cdk8s Chart or App.
 * Findings are sorted by resource, then level, then code.
 */
export function analyze(input: readonly unknown[] | ChartLike | AppLike, options?: AnalyzeOptions): Finding[] {
  const objects = Array.isArray(input) ? loadObjects(input, options) : loadChart(input as ChartLike | AppLike, options);
  return analyzeLoaded(objects, EVERY_FINDING, options);
}

/**
 * @internal `analyze` for objects a load function returned (`loadFiles`, `loadYaml`, `loadObjects`), which it reads
 * as they are: loading them again would only copy them (the command line's objects, for one, are loaded already).
 * With a `scope`, only the findings it admits are made: analyzers it rules out do not run. `options` say what to
 * assume beside the objects (the default ingress gateway, unless `assumeDefaultIngress` is false).
 */
export function analyzeLoaded(objects: readonly KubeObject[], scope: FindingScope = EVERY_FINDING, options?: AnalysisContextOptions): Finding[] {
  return analyzeContext(new AnalysisContext(objects, options), scope);
}

/**
 * @internal `analyzeLoaded` for a context made already, e.g. by a caller that also reports what the model stage did
 * (`context.admission.warnings`).
 */
export function analyzeContext(context: AnalysisContext, scope: FindingScope = EVERY_FINDING): Finding[] {
  const findings: Finding[] = [];
  for (const analyzer of ANALYZERS) {
    if (!scope.admitsAnalyzer(analyzer)) {
      continue;
    }
    for (const found of analyzer.analyze(context, scope)) {
      findings.push(found);
    }
  }
  return sortFindings(uniqueFindings(findings));
}

/**
 * The findings without repeats of a code, resource and message: each at the position of its first occurrence, as its
 * last occurrence (what a Map keyed by `code|resource|message` keeps). Nested maps, so no key string is built per
 * finding (a key holds a copy of the message: as much memory again as the findings).
 *
 * @internal
 */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const positions = new Map<string, Map<string, Map<string, number>>>();
  const unique: Finding[] = [];
  for (const found of findings) {
    let byResource = positions.get(found.code);
    if (byResource === undefined) {
      byResource = new Map();
      positions.set(found.code, byResource);
    }
    let byMessage = byResource.get(found.resource);
    if (byMessage === undefined) {
      byMessage = new Map();
      byResource.set(found.resource, byMessage);
    }
    const position = byMessage.get(found.message);
    if (position === undefined) {
      byMessage.set(found.message, unique.length);
      unique.push(found);
    } else {
      unique[position] = found;
    }
  }
  return unique;
}

/**
 * Sorts findings by resource (`localeCompare`), then level, then code (`localeCompare`), keeping the order of equal
 * ones. Each distinct resource and code is compared by `localeCompare` once, to rank it: sorting then compares ranks,
 * the same order as comparing the strings every time (collation is a total preorder), without hundreds of thousands
 * of collations.
 *
 * @internal
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const resourceRank = collationRanks(findings.map((f) => f.resource));
  const codeRank = collationRanks(findings.map((f) => f.code));
  return findings.sort((a, b) => resourceRank.get(a.resource)! - resourceRank.get(b.resource)!
    || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]
    || codeRank.get(a.code)! - codeRank.get(b.code)!);
}

/** The rank of each distinct string in `localeCompare` order; strings that compare as equal share a rank. */
function collationRanks(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const ranks = new Map<string, number>();
  let rank = 0;
  distinct.forEach((value, i) => {
    if (i > 0 && distinct[i - 1].localeCompare(value) !== 0) {
      rank++;
    }
    ranks.set(value, rank);
  });
  return ranks;
}
