/**
 * `cdk8s-istio-gateway/analyze`: the analyzer without the constructs. `analyze` reports what would break in the
 * cluster, with `istioctl analyze` codes, over plain manifests (`loadFiles`, `loadYaml`, the objects a Pulumi program
 * builds) or anything shaped like a cdk8s Chart or App; `ANALYZERS` is the catalogue of checks.
 *
 * It loads no cdk8s, cdk8s-plus, constructs or construct module. The CRD schemas it checks Istio objects against are
 * compiled when the package is built, and each is loaded the first time an object of its kind is analyzed. The main
 * entry exports the same functions (the same objects), with the constructs.
 *
 * @example
 * ```ts
 * import { analyze, loadFiles } from 'cdk8s-istio-gateway/analyze';
 *
 * for (const finding of analyze(loadFiles(['dist/']))) {
 *   console.log(`${finding.level} [${finding.code}] (${finding.resource}) ${finding.message}`);
 * }
 * ```
 *
 * @packageDocumentation
 */
export * from './manifests';
export * from './analyze/finding';
export { Analyzer } from './analyze/analyzer';
export { analyze, AnalyzeOptions } from './analyze/analyze';
export { ANALYZERS } from './analyze/catalogue';
