import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/** A synthesized Kubernetes object, as plain JSON. */
export type Manifest = Record<string, any>;

/** Synthesizes an app the way `cdk8s synth` does (validations included) and parses the YAML. */
export function synthApp(build: (app: App) => void): { yaml: string; objects: Manifest[] } {
  const app = Testing.app();
  build(app);
  const yaml = app.synthYaml();
  return { yaml, objects: parseAllDocuments(yaml).map((d) => d.toJS()).filter((o) => o) };
}

/** The objects of one kind. */
export function ofKind(objects: Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}
