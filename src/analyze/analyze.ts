/**
 * Running every analyzer over a set of manifests.
 */
import { AnalysisContext } from './analysis-context';
import { ANALYZERS } from './catalogue';
import { Finding } from './finding';
import { AppLike, ChartLike, loadChart, loadObjects, LoadOptions } from '../manifests/load';

const LEVEL_ORDER = { Error: 0, Warning: 1, Info: 2 };

/**
 * Finds what would break in the cluster: every analyzer of the catalogue over plain manifests
 * (objects a Pulumi program builds, parsed YAML, `loadFiles(...)`) or a cdk8s Chart or App.
 * Findings are sorted by resource, then level, then code.
 */
export function analyze(input: readonly unknown[] | ChartLike | AppLike, options?: LoadOptions): Finding[] {
  const objects = Array.isArray(input) ? loadObjects(input, options) : loadChart(input as ChartLike | AppLike, options);
  const context = new AnalysisContext(objects);
  const findings = ANALYZERS.flatMap((analyzer) => analyzer.analyze(context));
  const unique = [...new Map(findings.map((f) => [`${f.code}|${f.resource}|${f.message}`, f])).values()];
  return unique.sort((a, b) => a.resource.localeCompare(b.resource) || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
}
