import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = Record<string, any>;

/**
 * Synthesizes an app the way `cdk8s synth` does (validations included) and parses the YAML. The lines synth writes on
 * standard error (the constructs' warnings) are kept in `stderr` instead of the test output.
 */
export function synthApp(build: (app: App) => void): { yaml: string; objects: Manifest[]; stderr: string[] } {
  const app = Testing.app();
  build(app);
  const stderr: string[] = [];
  const write = Object.getOwnPropertyDescriptor(process.stderr, 'write');
  // Plain replacement rather than jest.spyOn: the differential test (test/oracle) calls this outside jest.
  process.stderr.write = (chunk: string | Uint8Array): boolean => {
    stderr.push(...String(chunk).split('\n').filter((line) => line !== ''));
    return true;
  };
  let yaml: string;
  try {
    yaml = app.synthYaml();
  } finally {
    if (write) {
      Object.defineProperty(process.stderr, 'write', write);
    } else {
      Reflect.deleteProperty(process.stderr, 'write');
    }
  }
  return { yaml, objects: parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o), stderr };
}

/** The objects of one kind. */
export function ofKind(objects: Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}
