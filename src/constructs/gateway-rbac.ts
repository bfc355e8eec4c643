import type { ServiceAccount } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Role, RoleBinding } from 'kubernetes-types/rbac/v1';

/**
 * The ServiceAccount the gateway pods run as. It mounts no Kubernetes API token into pods: the gateway's proxy
 * never calls the API server (istiod does, for it), and it authenticates to istiod with the projected `istio-token`
 * the injection template adds itself.
 */
export function gatewayServiceAccount(metadata: ObjectMeta): ServiceAccount & { apiVersion: 'v1'; kind: 'ServiceAccount' } {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: false };
}

/**
 * The Role istiod checks before it serves the gateway the `credentialName` Secrets of its namespace, and nothing more.
 *
 * istiod asks the API server, with a SubjectAccessReview, whether the gateway's ServiceAccount may `list` `secrets` in
 * its namespace, naming no Secret (istio/istio pilot/pkg/credentials/kube/secrets.go, `Authorize`; called once per
 * proxy by pilot/pkg/xds/sds.go `filterAuthorizedResources`). istiod reads the Secrets with its own informer; the
 * gateway pod never reads them. So `list` is the one verb needed, and `resourceNames` cannot narrow it: Kubernetes RBAC
 * matches a rule with `resourceNames` only against a request that names an object, which this review never does, so
 * such a Role would fail istiod's check and no certificate would be served.
 */
export function gatewayRole(metadata: ObjectMeta): Role & { apiVersion: 'rbac.authorization.k8s.io/v1'; kind: 'Role' } {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata,
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }],
  };
}

/** Binds the gateway {@link gatewayRole} Role to its ServiceAccount; both are named `name`. */
export function gatewayRoleBinding(metadata: ObjectMeta, name: string): RoleBinding & { apiVersion: 'rbac.authorization.k8s.io/v1'; kind: 'RoleBinding' } {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name }],
  };
}
