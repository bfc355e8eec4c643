/**
 * The model stage: what the cluster would hold after applying the objects in order. Each object of a kind the engine
 * reads is checked as it enters, against its schema (the vendored CRDs for Istio and cert-manager kinds, the Kubernetes
 * API's field types for built-in kinds) and against istiod's validating webhook; an object either would refuse is left
 * out, with a warning. A later object with the same group, kind, namespace and name replaces the earlier one. Fields
 * written as `null` are dropped first, as the API server drops them.
 */
import { coreKindProblems } from './core-kinds';
import { destinationRuleProblems } from './destination-rule-rules';
import { gatewayProblems } from './gateway-rules';
import { IstioDestinationRule, IstioGateway, IstioVirtualService } from './istio-types';
import { ModelWarning, refusedWarning, replacedWarning, warningError } from './model-warning';
import { dropNullFields } from './null-fields';
import { ObjectProblem } from './object-problem';
import { crdSchemaProblems } from './schema-check';
import { virtualServiceProblems } from './virtual-service-rules';
import { KubeObject } from '../manifests/kube-object';

/** Options of the model stage. */
export interface AdmissionOptions {
  /**
   * Refuse the whole input (throw a ManifestError, the first warning as an error) instead of leaving out refused objects
   * and keeping the last of duplicated ones.
   *
   * @defaultValue false
   */
  readonly strict?: boolean;
}

/** An object the cluster would refuse, with why. */
export interface RefusedObject {
  /** The object. */
  readonly object: KubeObject;
  /** Every problem found; at least one is an error. */
  readonly problems: readonly ObjectProblem[];
  /**
   * True when the object failed its schema (a field of the wrong type, a required field missing): only objects that
   * passed the schema may be read by typed code.
   */
  readonly failedSchema: boolean;
}

/** What the model stage made of a list of loaded objects. */
export interface Admission {
  /** What the cluster would hold: duplicates resolved (the last copy, at the first copy's position), refused objects left out. */
  readonly objects: KubeObject[];
  /** Duplicates resolved, objects that failed their schema left out (objects refused only by the webhook stay). */
  readonly wellTyped: KubeObject[];
  /** The refused objects, in input order. */
  readonly refused: RefusedObject[];
  /** Problems of admitted objects that the cluster only warns about. */
  readonly accepted: ReadonlyArray<{ readonly object: KubeObject; readonly problems: readonly ObjectProblem[] }>;
  /** One per refused object and per replaced duplicate, in input order. */
  readonly warnings: ModelWarning[];
}

/** Runs the model stage over loaded objects (see the module's description). */
export function admit(objects: readonly KubeObject[], options: AdmissionOptions = {}): Admission {
  const warnings: ModelWarning[] = [];
  const unique = withoutDuplicates(objects, warnings);
  const admitted: KubeObject[] = [];
  const wellTyped: KubeObject[] = [];
  const refused: RefusedObject[] = [];
  const accepted: Array<{ object: KubeObject; problems: ObjectProblem[] }> = [];
  for (const object of unique) {
    dropNullFields(object);
    const schema = schemaProblems(object);
    const problems = schema.length > 0 ? schema : webhookProblems(object);
    if (schema.length === 0) {
      wellTyped.push(object);
    }
    if (problems.some((p) => p.severity === 'error')) {
      refused.push({ object, problems, failedSchema: schema.length > 0 });
      warnings.push(refusedWarning(object, problems));
    } else {
      admitted.push(object);
      if (problems.length > 0) {
        accepted.push({ object, problems });
      }
    }
  }
  if (options.strict && warnings.length > 0) {
    throw warningError(warnings[0]);
  }
  return { objects: admitted, wellTyped, refused, accepted, warnings };
}

/** The objects with each duplicate resolved: the last copy's content at the first copy's position. */
function withoutDuplicates(objects: readonly KubeObject[], warnings: ModelWarning[]): KubeObject[] {
  const positions = new Map<string, number>();
  const unique: KubeObject[] = [];
  for (const object of objects) {
    const key = identityOf(object);
    const position = positions.get(key);
    if (position === undefined) {
      positions.set(key, unique.length);
      unique.push(object);
    } else {
      warnings.push(replacedWarning(object, unique[position]));
      unique[position] = object;
    }
  }
  return unique;
}

/** `group/Kind/namespace/name`: objects of one kind in two versions of its group are the same object. */
function identityOf(object: KubeObject): string {
  const slash = object.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  return `${group}/${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
}

function schemaProblems(object: KubeObject): ObjectProblem[] {
  return crdSchemaProblems(object) ?? coreKindProblems(object).problems;
}

/** The webhook's problems with an object that passed its schema. */
function webhookProblems(object: KubeObject): ObjectProblem[] {
  if (!object.apiVersion.startsWith('networking.istio.io/')) {
    return [];
  }
  switch (object.kind) {
    case 'Gateway': return gatewayProblems(object as IstioGateway).problems;
    case 'VirtualService': return virtualServiceProblems(object as IstioVirtualService).problems;
    case 'DestinationRule': return destinationRuleProblems(object as IstioDestinationRule).problems;
    default: return [];
  }
}
