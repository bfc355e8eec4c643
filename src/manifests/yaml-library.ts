/**
 * The `yaml` library, loaded the first time a module needs it: requiring `yaml` costs about as much CPU as starting
 * node, and many runs need none of it (JSON input, no `-o yaml`).
 */

let library: typeof import('yaml') | undefined;

/** The `yaml` module, required on the first call. */
export function yamlLibrary(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  library ??= require('yaml') as typeof import('yaml');
  return library;
}
