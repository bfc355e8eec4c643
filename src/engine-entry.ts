/**
 * `cdk8s-istio-gateway/engine`: the traffic engine without the constructs. Load manifests (files, YAML, plain objects,
 * or anything shaped like a cdk8s Chart or App), compile them the way istiod does, decide what the gateway does with a
 * request, list the route table, dump the Envoy-shaped config, and verify traffic cases with coverage.
 *
 * It loads no cdk8s, cdk8s-plus, constructs or construct module, no analyzer and no schema validator: a Pulumi program,
 * a GitOps pipeline or a test that reads YAML pays only for the engine (and `yaml`). The main entry exports the same
 * classes and functions (the same objects: `instanceof` holds across entries), with the constructs.
 *
 * @example
 * ```ts
 * import { TrafficEngine } from 'cdk8s-istio-gateway/engine';
 *
 * const engine = TrafficEngine.fromFiles(['dist/']);
 * engine.route({ port: 80, host: 'counter.lab.example.com', path: '/' });
 * ```
 *
 * @packageDocumentation
 */
export * from './manifests';
export * from './engine/request';
export * from './engine/decision';
export * from './engine/request-error';
export { ConfigDumpError } from './engine/config-dump-reader';
export * from './engine/traffic-engine';
export * from './engine/coverage-targets';
export * from './engine/route-listing';
export { DecideOptions } from './engine/decide';
export * from './verify/traffic-case';
export * from './verify/compare';
export * from './verify/coverage';
export * from './verify/verify';
// The text of the route table and of a verification report: these two modules only, not src/format/ as a whole.
export * from './format/route-table';
export * from './format/verify-report';
export { AdmissionOptions } from './model/admission';
export { ModelWarning, RefusedObjectWarning, ReplacedObjectWarning } from './model/model-warning';
export { ObjectProblem, ProblemSeverity, ProblemSource } from './model/object-problem';
