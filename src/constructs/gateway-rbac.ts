import type { ServiceAccount } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Role, RoleBinding } from 'kubernetes-types/rbac/v1';

/** The ServiceAccount the gateway pods run as. */
export function gatewayServiceAccount(metadata: ObjectMeta): ServiceAccount & { apiVersion: 'v1'; kind: 'ServiceAccount' } {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
}

/** The Role that lets the gateway read the TLS Secrets of its namespace (`credentialName`). */
export function gatewayRole(metadata: ObjectMeta): Role & { apiVersion: 'rbac.authorization.k8s.io/v1'; kind: 'Role' } {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata,
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
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
