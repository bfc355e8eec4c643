/**
 * Files that cdk8s writes into its output directory beside the manifests. A directory read skips them; loading one
 * as a manifest is a one-line error saying what it is.
 *
 * Each is recognised by its content shape, which never has a `kind` (so a Kubernetes manifest never matches), and,
 * where cdk8s chooses the name, by its file name too.
 */

/** A file cdk8s writes beside the manifests. */
export interface Cdk8sOutputFile {
  /** The file name cdk8s gives it; undefined when the user chooses the name. */
  readonly fileName?: string;
  /** What it is, as the problem of a ManifestError: `is cdk8s's construct metadata (...), not a manifest`. */
  readonly problem: string;
  /** How to load the manifests instead. */
  readonly fix: string;
  /** True when `document`, the file's only document, has this file's content shape. */
  matches(document: unknown): boolean;
}

/** The fields of a Helm `Chart.yaml` (https://helm.sh/docs/topics/charts/#the-chartyaml-file). */
const HELM_CHART_FIELDS = ['apiVersion', 'name', 'version', 'kubeVersion', 'description', 'type', 'keywords', 'home',
  'sources', 'dependencies', 'maintainers', 'icon', 'appVersion', 'deprecated', 'annotations'];

const SKIPPED_IN_DIRECTORIES = 'which skips this file';

/** What cdk8s 2 and cdk8s-cli 2 write beside the manifests. */
const CDK8S_OUTPUT_FILES: readonly Cdk8sOutputFile[] = [
  {
    // cdk8s `App.synth()` with `recordConstructMetadata` (set by `cdk8s synth` when validations are configured):
    // `{"version":"1.0.0","resources":{"<object name>":{"path":"<construct path>"}}}`.
    fileName: 'construct-metadata.json',
    problem: "is cdk8s's construct metadata (cdk8s synth writes it beside the manifests when validations are configured), not a manifest",
    fix: `load the *.k8s.yaml files, or their directory (${SKIPPED_IN_DIRECTORIES})`,
    matches: (document) => isMapping(document)
      && hasKeys(document, ['version', 'resources'], [])
      && typeof document.version === 'string'
      && isMapping(document.resources)
      && Object.values(document.resources).every((resource) => isMapping(resource)
        && hasKeys(resource, ['path'], []) && typeof resource.path === 'string'),
  },
  {
    // `cdk8s synth --format helm` writes the manifests to templates/ and this file beside that directory.
    fileName: 'Chart.yaml',
    problem: "is a Helm chart's Chart.yaml (cdk8s synth --format helm writes it), not a manifest",
    fix: `load the chart's templates/ directory, or the chart directory (${SKIPPED_IN_DIRECTORIES})`,
    matches: (document) => isMapping(document)
      && hasKeys(document, ['apiVersion', 'name', 'version'], HELM_CHART_FIELDS)
      && (document.apiVersion === 'v1' || document.apiVersion === 'v2')
      && typeof document.name === 'string'
      && typeof document.version === 'string',
  },
  {
    // `cdk8s synth --validation-reports-output-file FILE`, under a name the user gives:
    // `{"reports":[{"title":"Validation Report (PKG@VERSION)","violations":[...],"summary":{"status":...,"plugin":...}}]}`.
    problem: 'is a cdk8s validation reports file (cdk8s synth --validation-reports-output-file writes it), not a manifest',
    fix: `load the manifests, or their directory (${SKIPPED_IN_DIRECTORIES})`,
    matches: (document) => isMapping(document)
      && hasKeys(document, ['reports'], [])
      && Array.isArray(document.reports)
      && document.reports.every((report) => isMapping(report)
        && hasKeys(report, ['title', 'violations', 'summary'], [])
        && typeof report.title === 'string' && report.title.startsWith('Validation Report (')
        && Array.isArray(report.violations)
        && isMapping(report.summary)
        && typeof report.summary.status === 'string'
        && typeof report.summary.plugin === 'string'),
  },
];

/**
 * The file cdk8s writes beside the manifests that `documents` are the content of, whatever the file's name: for the
 * message when such a file is loaded as a manifest.
 *
 * @param documents - the parsed documents of one file.
 * @returns the recognised file, or undefined (also for anything with more than one document).
 */
export function cdk8sOutputFileOf(documents: readonly unknown[]): Cdk8sOutputFile | undefined {
  return documents.length === 1 ? CDK8S_OUTPUT_FILES.find((file) => file.matches(documents[0])) : undefined;
}

/**
 * True when a directory read skips this file: its content is that of a file cdk8s writes beside the manifests, and its
 * name is the one cdk8s gives that file (when cdk8s chooses the name).
 *
 * @param fileName - the file's base name, e.g. `construct-metadata.json`.
 * @param documents - the file's parsed documents.
 */
export function isCdk8sOutputFile(fileName: string, documents: readonly unknown[]): boolean {
  const file = cdk8sOutputFileOf(documents);
  return file !== undefined && (file.fileName === undefined || file.fileName === fileName);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when `value` has every `required` key and no key outside `required` and `optional`. */
function hasKeys(value: Record<string, unknown>, required: readonly string[], optional: readonly string[]): boolean {
  const keys = Object.keys(value);
  return required.every((key) => keys.includes(key)) && keys.every((key) => required.includes(key) || optional.includes(key));
}
