export { describeObject, KubeMetadata, KubeObject, originOf } from './kube-object';
export { ManifestError, ManifestErrorContext } from './manifest-error';
export { AppLike, ChartLike, loadChart, loadFiles, loadObjects, loadYaml, LoadOptions } from './load';
export { LoadWarning } from './load-warning';
