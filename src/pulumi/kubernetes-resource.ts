/**
 * One Kubernetes object as a `@pulumi/kubernetes` resource: the built-in kinds the gateway and its neighbours use
 * through their typed classes (`k8s.core.v1.Service`, `k8s.apps.v1.Deployment`, ...), every other kind (Istio's
 * Gateway and VirtualService, cert-manager's Certificate, any CRD's kind) through `k8s.apiextensions.CustomResource`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** Creates the typed resource of one built-in kind. */
type TypedResource = (name: string, object: Record<string, unknown>, options: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** A typed resource class: `new k8s.core.v1.Service(name, args, opts)`. */
type ResourceClass<A> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The maker of a typed class's resources. The class is looked up when the first resource of its kind is made
 * (`@pulumi/kubernetes` loads each class's module on first use).
 */
function typed<A>(resourceClass: () => ResourceClass<A>): TypedResource {
  return (name, object, options) => new (resourceClass())(name, object as unknown as A, options);
}

/**
 * The typed classes, by `apiVersion/kind`. The object is passed whole: the typed classes take the same fields
 * (`metadata`, `spec`, `data`, `rules`, ...) that the object has, and the object was checked by its construct (or is
 * what the user's chart synthesizes), so it is given as the class's args type.
 */
const TYPED_RESOURCES: Readonly<Record<string, TypedResource>> = {
  'v1/Namespace': typed(() => k8s.core.v1.Namespace),
  'v1/ServiceAccount': typed(() => k8s.core.v1.ServiceAccount),
  'v1/Service': typed(() => k8s.core.v1.Service),
  'v1/Secret': typed(() => k8s.core.v1.Secret),
  'v1/ConfigMap': typed(() => k8s.core.v1.ConfigMap),
  'v1/Pod': typed(() => k8s.core.v1.Pod),
  'v1/PersistentVolumeClaim': typed(() => k8s.core.v1.PersistentVolumeClaim),
  'apps/v1/Deployment': typed(() => k8s.apps.v1.Deployment),
  'apps/v1/DaemonSet': typed(() => k8s.apps.v1.DaemonSet),
  'apps/v1/StatefulSet': typed(() => k8s.apps.v1.StatefulSet),
  'batch/v1/Job': typed(() => k8s.batch.v1.Job),
  'batch/v1/CronJob': typed(() => k8s.batch.v1.CronJob),
  'rbac.authorization.k8s.io/v1/Role': typed(() => k8s.rbac.v1.Role),
  'rbac.authorization.k8s.io/v1/RoleBinding': typed(() => k8s.rbac.v1.RoleBinding),
  'rbac.authorization.k8s.io/v1/ClusterRole': typed(() => k8s.rbac.v1.ClusterRole),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': typed(() => k8s.rbac.v1.ClusterRoleBinding),
  'autoscaling/v2/HorizontalPodAutoscaler': typed(() => k8s.autoscaling.v2.HorizontalPodAutoscaler),
  'autoscaling/v1/HorizontalPodAutoscaler': typed(() => k8s.autoscaling.v1.HorizontalPodAutoscaler),
  'policy/v1/PodDisruptionBudget': typed(() => k8s.policy.v1.PodDisruptionBudget),
  'networking.k8s.io/v1/NetworkPolicy': typed(() => k8s.networking.v1.NetworkPolicy),
  'networking.k8s.io/v1/Ingress': typed(() => k8s.networking.v1.Ingress),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': typed(() => k8s.apiextensions.v1.CustomResourceDefinition),
};

/** True when `apiVersion/kind` is registered through a typed class (the others are `CustomResource`s). */
export function hasTypedResource(apiVersion: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(TYPED_RESOURCES, `${apiVersion}/${kind}`);
}

/**
 * Registers `object` as a `@pulumi/kubernetes` resource named `name`.
 *
 * @param name - the Pulumi logical name.
 * @param object - the Kubernetes object, as synthesized (with `apiVersion` and `kind`).
 * @param options - the resource options (parent, provider, dependsOn, ...).
 */
export function kubernetesResource(
  name: string, object: Readonly<Record<string, unknown>>, options: pulumi.CustomResourceOptions,
): pulumi.CustomResource {
  const apiVersion = object.apiVersion as string;
  const kind = object.kind as string;
  const make = hasTypedResource(apiVersion, kind) ? TYPED_RESOURCES[`${apiVersion}/${kind}`] : undefined;
  if (make !== undefined) {
    return make(name, { ...object }, options);
  }
  return new k8s.apiextensions.CustomResource(name, { ...object, apiVersion, kind }, options);
}
