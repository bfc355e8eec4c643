import type { ErrorObject } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { SchemaProblem } from '../../src/schema/crd-schema-validator';
import { problemsFromAjvErrors } from '../../src/schema/schema-problem';

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: any): { validate(): void };
}

const MODELS: ReadonlyMap<string, ModelClass> = new Map([
  Service, ServiceAccount, Secret, ConfigMap, Namespace,
  Deployment,
  Role, RoleBinding, ClusterRole, ClusterRoleBinding,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  NetworkPolicy,
].map((model: ModelClass) => [`${model.apiVersion}/${model.kind}`, model]));

/**
 * Validates a built-in Kubernetes object with the schemas of `kubernetes-models`.
 *
 * Unknown fields are not reported: the upstream OpenAPI schemas do not forbid them.
 *
 * @param obj - a Kubernetes object as plain JSON.
 * @returns the problems found, or `undefined` when the apiVersion and kind are not supported.
 */
export function validateCoreObject(obj: unknown): SchemaProblem[] | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  const Model = MODELS.get(`${apiVersion}/${kind}`);
  if (!Model) return undefined;
  const model = new Model(obj);
  try {
    model.validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) throw error;
    return problemsFromAjvErrors(foldOneOfTypes(errors), model);
  }
}

/**
 * kubernetes-models checks IntOrString with a separately compiled `oneOf: [{type: string}, {type: integer}]`, whose
 * branch errors therefore do not nest under the oneOf's schemaPath. Fold them into a single type error.
 */
function foldOneOfTypes(errors: ErrorObject[]): ErrorObject[] {
  const typesAt = (instancePath: string) => errors
    .filter(e => e.keyword === 'type' && e.instancePath === instancePath)
    .map(e => String(e.params.type));
  return errors.flatMap(error => {
    const types = typesAt(error.instancePath);
    const folded = types.length > 1 && errors.some(e => e.keyword === 'oneOf' && e.instancePath === error.instancePath);
    if (!folded) return [error];
    if (error.keyword === 'oneOf') return [{ ...error, keyword: 'type', params: { type: types.join(',') } }];
    return error.keyword === 'type' ? [] : [error];
  });
}
