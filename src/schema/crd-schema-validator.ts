import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { problemsFromAjvErrors, type SchemaProblem } from './schema-problem';

export type { SchemaProblem } from './schema-problem';

/**
 * Options for {@link CrdSchemaValidator.fromFiles}.
 */
export interface CrdSchemaValidatorOptions {
  /**
   * Accept fields that the schema does not declare. By default they are reported as
   * `unknown field 'x'`, as the API server does with strict field validation.
   *
   * @defaultValue false
   */
  readonly allowUnknownFields?: boolean;
}

type JsonSchema = Record<string, unknown>;

interface SchemaEntry {
  readonly schema: JsonSchema;
  validate?: ValidateFunction;
}

/** Formats whose ajv-formats meaning matches Kubernetes; any other format is accepted as is. */
const CHECKED_FORMATS = ['date-time', 'byte', 'int32', 'int64', 'float', 'double'] as const;

/** Fields every Kubernetes object (and every embedded resource) may carry without a schema for them. */
const OBJECT_FIELDS: JsonSchema = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };

/**
 * Validates Kubernetes custom resources against the OpenAPI v3 schemas of their CustomResourceDefinitions.
 *
 * CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
export class CrdSchemaValidator {
  /**
   * Reads multi-document YAML files and indexes the schema of every served version of every CRD in them.
   *
   * @param paths - YAML files holding `apiextensions.k8s.io/v1` CustomResourceDefinition documents.
   * @param options - validation options.
   */
  public static fromFiles(paths: string[], options: CrdSchemaValidatorOptions = {}): CrdSchemaValidator {
    const entries = new Map<string, SchemaEntry>();
    for (const file of paths) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
        const crd = doc.toJS() as CustomResourceDefinition | null;
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const schema = version.schema?.openAPIV3Schema;
          if (!version.served || !schema) continue;
          entries.set(key(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), { schema });
        }
      }
    }
    return new CrdSchemaValidator(entries, options.allowUnknownFields ?? false);
  }

  /**
   * The validator for the CRDs vendored with this package (Istio networking and cert-manager Certificate).
   */
  public static bundled(): CrdSchemaValidator {
    const dir = path.join(__dirname, '..', '..', 'crds');
    CrdSchemaValidator.bundledInstance ??= CrdSchemaValidator.fromFiles([
      path.join(dir, 'istio-networking.yaml'),
      path.join(dir, 'cert-manager-certificate.yaml'),
    ]);
    return CrdSchemaValidator.bundledInstance;
  }

  private static bundledInstance?: CrdSchemaValidator;

  private readonly ajv: Ajv;

  private constructor(private readonly entries: Map<string, SchemaEntry>, private readonly allowUnknownFields: boolean) {
    this.ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
    addFormats(this.ajv, [...CHECKED_FORMATS]);
  }

  /**
   * Whether a schema is known for this apiVersion (`group/version`) and kind.
   */
  public knows(apiVersion: string, kind: string): boolean {
    return this.entries.has(key(apiVersion, kind));
  }

  /**
   * Validates an object against the schema of its apiVersion and kind; returns no problems for unknown kinds.
   *
   * @param obj - a Kubernetes object as plain JSON, e.g. one element of `Testing.synth(chart)`.
   */
  public validate(obj: unknown): SchemaProblem[] {
    if (!isObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [];
    const entry = this.entries.get(key(obj.apiVersion, obj.kind));
    if (!entry) return [];
    entry.validate ??= this.compile(entry.schema);
    return entry.validate(obj) ? [] : problemsFromAjvErrors(entry.validate.errors ?? [], obj);
  }

  private compile(schema: JsonSchema): ValidateFunction {
    this.adapt(schema, true);
    return this.ajv.compile(schema);
  }

  /**
   * Rewrites the Kubernetes-specific parts of a structural schema, in place, into plain JSON Schema.
   */
  private adapt(node: JsonSchema, isResource: boolean): void {
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

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
