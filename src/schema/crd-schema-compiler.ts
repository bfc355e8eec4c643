/**
 * Compiling CRD schemas with ajv: reading the OpenAPI v3 schemas of CustomResourceDefinitions from YAML files, and
 * turning each into an ajv validate function. `CrdSchemaValidator.fromFiles` does this at run time; the build does
 * it once for the vendored CRDs (`scripts/generate-crd-validators.ts` writes src/schema/generated/ with ajv's
 * standalone code), so `CrdSchemaValidator.bundled()` never loads ajv's compiler or parses a CRD.
 */
import * as fs from 'fs';
import Ajv, { type CodeOptions, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { withSharedSubschemas } from './shared-subschemas';

/** A JSON schema, as read from a CRD. */
export type JsonSchema = Record<string, unknown>;

/** Formats whose ajv-formats meaning matches Kubernetes; any other format is accepted as is. */
const CHECKED_FORMATS = ['date-time', 'byte', 'int32', 'int64', 'float', 'double'] as const;

/** Fields every Kubernetes object (and every embedded resource) may carry without a schema for them. */
const OBJECT_FIELDS: JsonSchema = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };

/**
 * The schema of every served version of every CRD in multi-document YAML files, by `group/version/Kind`, in file and
 * document order.
 *
 * @param paths - YAML files holding `apiextensions.k8s.io/v1` CustomResourceDefinition documents.
 * @throws Error naming the file on a YAML syntax error.
 */
export function readCrdSchemas(paths: readonly string[]): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const file of paths) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const crd = doc.toJS() as CustomResourceDefinition | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (!version.served || !schema) continue;
        schemas.set(crdSchemaKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), schema);
      }
    }
  }
  return schemas;
}

/** The key of a schema: `group/version/Kind`, the object's `apiVersion` and `kind`. */
export function crdSchemaKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/**
 * Compiles CRD schemas into ajv validate functions, rewriting their Kubernetes-specific parts into plain JSON Schema
 * first (int-or-string, embedded resources, unknown fields, formats). One ajv instance serves every schema.
 */
export class CrdSchemaCompiler {
  /** The ajv instance the schemas are compiled with (standalone code generation reads it). */
  public readonly ajv: Ajv;

  /**
   * @param allowUnknownFields - accept fields a schema does not declare, instead of reporting `unknown field 'x'`.
   * @param code - ajv's code options, e.g. `{ source: true }` to generate standalone code.
   */
  constructor(private readonly allowUnknownFields: boolean, code?: CodeOptions) {
    // inlineRefs: false keeps each shared definition (withSharedSubschemas) a function of its own.
    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true, inlineRefs: false, ...(code ? { code } : {}) });
    addFormats(this.ajv, [...CHECKED_FORMATS]);
  }

  /**
   * Compiles the schema of a custom resource. The schema is rewritten in place (and its descriptions dropped).
   *
   * @param schema - the `openAPIV3Schema` of a CRD version.
   */
  public compile(schema: JsonSchema): ValidateFunction {
    this.adapt(schema, true);
    return this.ajv.compile(withSharedSubschemas(schema));
  }

  /**
   * Rewrites the Kubernetes-specific parts of a structural schema, in place, into plain JSON Schema.
   */
  private adapt(node: JsonSchema, isResource: boolean): void {
    // Documentation only; standalone code would carry it in every schema constant it keeps for error objects.
    delete node.description;
    if (node['x-kubernetes-int-or-string'] === true) {
      // Kubernetes writes `anyOf: [{type: integer}, {type: string}]`, or nothing; either means one of the two types.
      const anyOf = node.anyOf;
      const onlyTypes = anyOf === undefined || (Array.isArray(anyOf) && anyOf.every(b => isObject(b) && Object.keys(b).join() === 'type'));
      delete node.type;
      if (onlyTypes) {
        delete node.anyOf;
        node.type = ['integer', 'string'];
      }
    }
    if (typeof node.format === 'string' && !(node.format in this.ajv.formats)) {
      this.ajv.addFormat(node.format, true);
    }
    if (isResource || node['x-kubernetes-embedded-resource'] === true) {
      node.properties = { ...OBJECT_FIELDS, ...(isObject(node.properties) ? node.properties : {}) };
    }
    if (isObject(node.properties)) {
      const open = this.allowUnknownFields || node['x-kubernetes-preserve-unknown-fields'] === true;
      if (!open && node.additionalProperties === undefined) node.additionalProperties = false;
      for (const child of Object.values(node.properties)) {
        if (isObject(child)) this.adapt(child, false);
      }
    }
    for (const child of [node.items, node.additionalProperties]) {
      if (isObject(child)) this.adapt(child, false);
    }
  }
}

interface CustomResourceDefinition {
  readonly kind: string;
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served: boolean;
      readonly schema?: { readonly openAPIV3Schema?: JsonSchema };
    }>;
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
