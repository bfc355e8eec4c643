import { type ValidateFunction } from 'ajv';
import { problemsFromAjvErrors, SchemaProblem } from './schema-problem';
import { BUNDLED_CRD_VALIDATORS } from '../../crd-validators';

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

/** A validate function, made on first use: compiled from a CRD, or loaded from crd-validators/ (generated at build time). */
type ValidatorLoader = () => ValidateFunction;

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
    // ajv's compiler and the YAML reader load only here: the bundled validator runs code generated at build time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CrdSchemaCompiler, readCrdSchemas } = require('./crd-schema-compiler') as typeof import('./crd-schema-compiler');
    const schemas = readCrdSchemas(paths);
    const compiler = new CrdSchemaCompiler(options.allowUnknownFields ?? false);
    return new CrdSchemaValidator(new Map([...schemas].map(([k, schema]) => [k, () => compiler.compile(schema)])));
  }

  /**
   * The validator for the CRDs vendored with this package (Istio networking and cert-manager Certificate), compiled
   * when the package is built: it parses no CRD and compiles no schema at run time.
   */
  public static bundled(): CrdSchemaValidator {
    CrdSchemaValidator.bundledInstance ??= new CrdSchemaValidator(BUNDLED_CRD_VALIDATORS);
    return CrdSchemaValidator.bundledInstance;
  }

  private static bundledInstance?: CrdSchemaValidator;

  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(private readonly loaders: ReadonlyMap<string, ValidatorLoader>) {}

  /**
   * Whether a schema is known for this apiVersion (`group/version`) and kind.
   */
  public knows(apiVersion: string, kind: string): boolean {
    return this.loaders.has(key(apiVersion, kind));
  }

  /**
   * The API versions (`group/version`) served for a kind of `group`, e.g. `['networking.istio.io/v1',
   * 'networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1']` for `Gateway`; empty when no CRD defines the kind.
   */
  public versionsOf(group: string, kind: string): string[] {
    return [...this.loaders.keys()]
      .filter((k) => k.startsWith(`${group}/`) && k.endsWith(`/${kind}`) && k.split('/').length === 3)
      .map((k) => k.slice(0, -kind.length - 1));
  }

  /**
   * Validates an object against the schema of its apiVersion and kind; returns no problems for unknown kinds.
   *
   * @param obj - a Kubernetes object as plain JSON, e.g. one element of `Testing.synth(chart)`.
   */
  public validate(obj: unknown): SchemaProblem[] {
    if (!isObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [];
    const k = key(obj.apiVersion, obj.kind);
    const load = this.loaders.get(k);
    if (!load) return [];
    let validate = this.validators.get(k);
    if (validate === undefined) {
      validate = load();
      this.validators.set(k, validate);
    }
    return validate(obj) ? [] : problemsFromAjvErrors(validate.errors ?? [], obj);
  }
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
