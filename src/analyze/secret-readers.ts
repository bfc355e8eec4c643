/**
 * Who may read the Secrets of a namespace, as the RBAC objects of the manifests grant it: the Roles and ClusterRoles
 * whose rules allow `get`, `list`, `watch` (or `*`) on `secrets` in the core API group, and the RoleBindings and
 * ClusterRoleBindings that give them to a ServiceAccount. RBAC objects are not modelled by the engine, so they are read
 * here from the loaded objects, field by field, and a field of the wrong shape grants nothing.
 */
import { KubeObject } from '../manifests/kube-object';
import { isMapping } from '../model/shape';

/** The verbs that let a subject read a Secret's data. */
const READING_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch', '*']);

/**
 * The Secrets of the control plane's namespace that hold istiod's CA key: `istio-ca-secret` (its self-signed CA) and
 * `cacerts` (a plugged-in CA). A rule limited to `resourceNames` reads only those names, so it counts when it names one
 * of these.
 */
export const CA_SECRET_NAMES: readonly string[] = ['istio-ca-secret', 'cacerts'];

/** One way the manifests let a ServiceAccount read Secrets: a binding, and the role it binds. */
export interface SecretReadGrant {
  /** The binding, as findings name objects: `RoleBinding NS/NAME` or `ClusterRoleBinding NAME`. */
  readonly binding: string;
  /** The role the binding refers to: `Role NS/NAME` or `ClusterRole NAME`. */
  readonly role: string;
  /** The reading verbs its rules grant on `secrets`, sorted. */
  readonly verbs: readonly string[];
}

const RBAC_GROUP = 'rbac.authorization.k8s.io/';

function isRbac(object: KubeObject, kind: string): boolean {
  return object.kind === kind && object.apiVersion.startsWith(RBAC_GROUP);
}

/** The strings of a list field, or none when it is not a list. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The reading verbs a role's rules grant on Secrets (core group), sorted; empty when they grant none. */
function secretReadingVerbs(role: KubeObject): string[] {
  const rules = Array.isArray(role.rules) ? role.rules.filter(isMapping) : [];
  const verbs = new Set<string>();
  for (const rule of rules) {
    const groups = strings(rule.apiGroups);
    const resources = strings(rule.resources);
    const names = strings(rule.resourceNames);
    if (!groups.some((g) => g === '' || g === '*') || !resources.some((r) => r === 'secrets' || r === '*')) continue;
    if (names.length > 0 && !names.some((n) => CA_SECRET_NAMES.includes(n))) continue;
    strings(rule.verbs).filter((v) => READING_VERBS.has(v)).forEach((v) => verbs.add(v));
  }
  return [...verbs].sort();
}

/** True when a binding subject is ServiceAccount `namespace/name` (or a group or user name standing for it). */
function subjectIs(subject: Record<string, unknown>, bindingNamespace: string | undefined, namespace: string, name: string): boolean {
  switch (subject.kind) {
    case 'ServiceAccount':
      // A RoleBinding's ServiceAccount subject without a namespace is in the binding's namespace.
      return subject.name === name && (subject.namespace ?? bindingNamespace) === namespace;
    case 'User':
      return subject.name === `system:serviceaccount:${namespace}:${name}`;
    case 'Group':
      return subject.name === 'system:serviceaccounts' || subject.name === `system:serviceaccounts:${namespace}` || subject.name === 'system:authenticated';
    default:
      return false;
  }
}

/**
 * The bindings of the manifests that let ServiceAccount `namespace/serviceAccount` read Secrets of `namespace`: a
 * RoleBinding in that namespace (to a Role there or a ClusterRole), or a ClusterRoleBinding (to a ClusterRole). A
 * ClusterRole's `aggregationRule` is not followed.
 */
export function secretReadGrants(objects: readonly KubeObject[], namespace: string, serviceAccount: string): SecretReadGrant[] {
  const grants: SecretReadGrant[] = [];
  for (const binding of objects) {
    const cluster = isRbac(binding, 'ClusterRoleBinding');
    if (!cluster && !(isRbac(binding, 'RoleBinding') && binding.metadata.namespace === namespace)) continue;
    const bindingNamespace = cluster ? undefined : binding.metadata.namespace;
    const subjects = Array.isArray(binding.subjects) ? binding.subjects.filter(isMapping) : [];
    if (!subjects.some((s) => subjectIs(s, bindingNamespace, namespace, serviceAccount))) continue;
    const ref = isMapping(binding.roleRef) ? binding.roleRef : {};
    const roleKind = ref.kind === 'Role' && !cluster ? 'Role' : ref.kind === 'ClusterRole' ? 'ClusterRole' : undefined;
    if (roleKind === undefined || typeof ref.name !== 'string') continue;
    const role = objects.find((o) => isRbac(o, roleKind) && o.metadata.name === ref.name
      && (roleKind === 'ClusterRole' || o.metadata.namespace === bindingNamespace));
    const verbs = role === undefined ? [] : secretReadingVerbs(role);
    if (verbs.length > 0) {
      grants.push({
        binding: cluster ? `ClusterRoleBinding ${binding.metadata.name}` : `RoleBinding ${namespace}/${binding.metadata.name}`,
        role: roleKind === 'Role' ? `Role ${namespace}/${ref.name}` : `ClusterRole ${ref.name}`,
        verbs,
      });
    }
  }
  return grants;
}
