/**
 * The YAML libraries, each loaded the first time a module needs it: requiring `yaml` costs about as much CPU as
 * starting node, and many runs need none of it (JSON input, no `-o yaml`). Manifests are read with `js-yaml` (several
 * times faster, and cheaper to require), and with `yaml` where the two would read a text differently
 * (see parse-documents.ts).
 */

let library: typeof import('yaml') | undefined;
let jsYaml: typeof import('js-yaml') | undefined;

/** The `yaml` module, required on the first call. */
export function yamlLibrary(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require('yaml') as typeof import('yaml');
  return library;
}

/** The `js-yaml` module, required on the first call. */
export function jsYamlLibrary(): typeof import('js-yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jsYaml ??= require('js-yaml') as typeof import('js-yaml');
  return jsYaml;
}
