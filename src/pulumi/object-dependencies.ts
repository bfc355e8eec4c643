/**
 * What each Kubernetes object refers to among a set of objects, so that a deployment tool creates nothing before what
 * it refers to: the namespace, the ServiceAccount, Secrets, ConfigMaps and cert-manager Certificates a pod template
 * mounts, the Role a RoleBinding grants, the CRD a custom resource is an instance of, the Secret (or the Certificate
 * writing it) a Gateway server reads, the Gateway a VirtualService binds to, the Services its destinations name.
 *
 * Plain objects in, indices out: no Pulumi here.
 */
import { resolveGatewayReference } from '../istio/gateway-reference';
import { CLUSTER_DOMAIN, resolveShortName } from '../istio/host';

/** A Kubernetes object as synthesized: plain JSON. */
export type PlainObject = Readonly<Record<string, unknown>>;

/** An object's place in a set: its identity and what it refers to. */
interface Entry {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: PlainObject;
}

/**
 * For each object of `objects`, the indices of the objects it refers to (and must come after), in ascending order.
 * Objects without a namespace are read as in `defaultNamespace`. An edge that would close a cycle is left out (a
 * cycle can only come from objects referring to each other, such as two VirtualServices delegating to each other).
 *
 * @param objects - the objects, e.g. what a cdk8s chart synthesizes.
 * @param explicit - dependencies known otherwise (cdk8s `addDependency`), by index: kept as given.
 */
export function objectDependencies(objects: readonly PlainObject[], explicit: ReadonlyArray<readonly number[]> = [], defaultNamespace = 'default'): number[][] {
  const entries = objects.map((object) => entryOf(object, defaultNamespace));
  const index = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const key = keyOf(entry.group, entry.kind, entry.namespace, entry.name);
    index.set(key, [...index.get(key) ?? [], i]);
  });
  const find = (group: string, kind: string, namespace: string, name: unknown): number[] =>
    (typeof name === 'string' ? index.get(keyOf(group, kind, namespace, name)) ?? [] : []);
  const certificatesBySecret = new Map<string, number[]>();
  entries.forEach((entry, i) => {
    const secretName = entry.group === 'cert-manager.io' && entry.kind === 'Certificate' ? field(entry.object, 'spec', 'secretName') : undefined;
    if (typeof secretName === 'string') {
      const key = `${entry.namespace}/${secretName}`;
      certificatesBySecret.set(key, [...certificatesBySecret.get(key) ?? [], i]);
    }
  });
  /** The Secret named `name` in `namespace`, and the cert-manager Certificates that write it. */
  const secret = (namespace: string, name: unknown): number[] => (typeof name === 'string'
    ? [...find('', 'Secret', namespace, name), ...certificatesBySecret.get(`${namespace}/${name}`) ?? []]
    : []);

  const edges = entries.map((entry, i) => {
    const refs = new Set<number>(explicit[i] ?? []);
    const add = (targets: readonly number[]) => targets.forEach((t) => refs.add(t));
    if (isNamespaced(entry)) {
      add(find('', 'Namespace', '', entry.namespace));
    }
    if (!BUILT_IN_GROUPS.has(entry.group)) {
      entries.forEach((other, j) => {
        if (other.kind === 'CustomResourceDefinition' && other.group === 'apiextensions.k8s.io'
          && field(other.object, 'spec', 'group') === entry.group && field(other.object, 'spec', 'names', 'kind') === entry.kind) {
          refs.add(j);
        }
      });
    }
    for (const reference of referencesOf(entry)) {
      switch (reference.type) {
        case 'object':
          add(find(reference.group, reference.kind, reference.namespace, reference.name));
          break;
        case 'secret':
          add(secret(reference.namespace, reference.name));
          break;
        case 'service':
          add(find('', 'Service', reference.namespace, reference.name));
          break;
      }
    }
    refs.delete(i);
    return refs;
  });
  return withoutCycles(edges);
}

/** A reference from one object to another, by what identifies the other. */
type Reference =
  | { readonly type: 'object'; readonly group: string; readonly kind: string; readonly namespace: string; readonly name: unknown }
  | { readonly type: 'secret'; readonly namespace: string; readonly name: unknown }
  | { readonly type: 'service'; readonly namespace: string; readonly name: string };

/** API groups whose kinds are built into Kubernetes (no CRD defines them). */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'networking.k8s.io',
  'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io']);

/** Kinds that have no namespace. */
const CLUSTER_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'ClusterIssuer',
  'PersistentVolume', 'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'Node']);

function isNamespaced(entry: Entry): boolean {
  return !CLUSTER_KINDS.has(entry.kind);
}

/** Kinds with a pod template, and where it is. */
const POD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

/** What `entry` refers to by name. */
function referencesOf(entry: Entry): Reference[] {
  const { group, kind, namespace, object } = entry;
  const podPath = BUILT_IN_GROUPS.has(group) ? POD_TEMPLATES[kind] : undefined;
  if (podPath !== undefined) {
    return podSpecReferences(field(object, ...podPath), namespace);
  }
  const same = (refGroup: string, refKind: string, name: unknown): Reference => ({ type: 'object', group: refGroup, kind: refKind, namespace, name });
  if (group === 'rbac.authorization.k8s.io' && (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')) {
    const roleKind = field(object, 'roleRef', 'kind');
    const roleName = field(object, 'roleRef', 'name');
    const subjects = asArray(field(object, 'subjects')).filter((s) => field(s, 'kind') === 'ServiceAccount');
    return [
      roleKind === 'ClusterRole' ? { type: 'object', group, kind: 'ClusterRole', namespace: '', name: roleName } : same(group, 'Role', roleName),
      ...subjects.map((s): Reference => ({ type: 'object', group: '', kind: 'ServiceAccount', namespace: stringOr(field(s, 'namespace'), namespace), name: field(s, 'name') })),
    ];
  }
  if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler') {
    const target = field(object, 'spec', 'scaleTargetRef');
    return [same(groupOf(stringOr(field(target, 'apiVersion'), 'apps/v1')), stringOr(field(target, 'kind'), ''), field(target, 'name'))];
  }
  if (group === 'networking.istio.io' && kind === 'Gateway') {
    return asArray(field(object, 'spec', 'servers'))
      .map((server): Reference => ({ type: 'secret', namespace, name: field(server, 'tls', 'credentialName') }));
  }
  if (group === 'networking.istio.io' && kind === 'VirtualService') {
    return virtualServiceReferences(object, namespace);
  }
  if (group === 'networking.istio.io' && kind === 'DestinationRule') {
    return serviceReferences([field(object, 'spec', 'host')], namespace);
  }
  if (group === 'cert-manager.io' && kind === 'Certificate') {
    const issuerKind = stringOr(field(object, 'spec', 'issuerRef', 'kind'), 'Issuer');
    const issuerName = field(object, 'spec', 'issuerRef', 'name');
    return [issuerKind === 'ClusterIssuer'
      ? { type: 'object', group: 'cert-manager.io', kind: 'ClusterIssuer', namespace: '', name: issuerName }
      : same('cert-manager.io', issuerKind, issuerName)];
  }
  return [];
}

/** The ServiceAccount, Secrets and ConfigMaps a pod spec names. */
function podSpecReferences(pod: unknown, namespace: string): Reference[] {
  const refs: Reference[] = [];
  const configMap = (name: unknown) => refs.push({ type: 'object', group: '', kind: 'ConfigMap', namespace, name });
  const secret = (name: unknown) => refs.push({ type: 'secret', namespace, name });
  const account = field(pod, 'serviceAccountName') ?? field(pod, 'serviceAccount');
  if (account !== undefined) {
    refs.push({ type: 'object', group: '', kind: 'ServiceAccount', namespace, name: account });
  }
  asArray(field(pod, 'imagePullSecrets')).forEach((s) => secret(field(s, 'name')));
  for (const volume of asArray(field(pod, 'volumes'))) {
    secret(field(volume, 'secret', 'secretName'));
    configMap(field(volume, 'configMap', 'name'));
    for (const source of asArray(field(volume, 'projected', 'sources'))) {
      secret(field(source, 'secret', 'name'));
      configMap(field(source, 'configMap', 'name'));
    }
  }
  for (const container of [...asArray(field(pod, 'initContainers')), ...asArray(field(pod, 'containers'))]) {
    for (const from of asArray(field(container, 'envFrom'))) {
      secret(field(from, 'secretRef', 'name'));
      configMap(field(from, 'configMapRef', 'name'));
    }
    for (const env of asArray(field(container, 'env'))) {
      secret(field(env, 'valueFrom', 'secretKeyRef', 'name'));
      configMap(field(env, 'valueFrom', 'configMapKeyRef', 'name'));
    }
  }
  return refs;
}

/** The Gateways a VirtualService binds to, the VirtualServices it delegates to, and the Services its destinations name. */
function virtualServiceReferences(object: PlainObject, namespace: string): Reference[] {
  const refs: Reference[] = [];
  const gateways = [
    ...asArray(field(object, 'spec', 'gateways')),
    ...['http', 'tcp', 'tls'].flatMap((section) => asArray(field(object, 'spec', section))
      .flatMap((rule) => asArray(field(rule, 'match')).flatMap((m) => asArray(field(m, 'gateways'))))),
  ];
  for (const gateway of gateways) {
    const resolved = typeof gateway === 'string' ? resolveGatewayReference(gateway, namespace) : undefined;
    if (resolved !== undefined) {
      const [gatewayNamespace, name] = resolved.split('/');
      refs.push({ type: 'object', group: 'networking.istio.io', kind: 'Gateway', namespace: gatewayNamespace, name });
    }
  }
  const hosts: unknown[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const rule of asArray(field(object, 'spec', section))) {
      const delegate = field(rule, 'delegate');
      if (delegate !== undefined) {
        refs.push({ type: 'object', group: 'networking.istio.io', kind: 'VirtualService', namespace: stringOr(field(delegate, 'namespace'), namespace), name: field(delegate, 'name') });
      }
      asArray(field(rule, 'route')).forEach((route) => hosts.push(field(route, 'destination', 'host')));
      hosts.push(field(rule, 'mirror', 'host'));
      asArray(field(rule, 'mirrors')).forEach((mirror) => hosts.push(field(mirror, 'destination', 'host')));
    }
  }
  return [...refs, ...serviceReferences(hosts, namespace)];
}

/**
 * The Services that host names name, as Istio reads them: a short name in the object's namespace, or
 * `name.namespace.svc.cluster.local`.
 */
function serviceReferences(hosts: readonly unknown[], namespace: string): Reference[] {
  const refs: Reference[] = [];
  for (const host of hosts) {
    if (typeof host !== 'string') {
      continue;
    }
    const labels = resolveShortName(host, namespace).split('.');
    if (labels.length === 5 && `${labels[2]}.${labels[3]}.${labels[4]}` === CLUSTER_DOMAIN) {
      refs.push({ type: 'service', namespace: labels[1], name: labels[0] });
    }
  }
  return refs;
}

/** Keeps each object's references in ascending order, leaving out an edge that would close a cycle. */
function withoutCycles(edges: ReadonlyArray<Set<number>>): number[][] {
  const kept: number[][] = edges.map(() => []);
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (at === to) {
        return true;
      }
      if (!seen.has(at)) {
        seen.add(at);
        stack.push(...kept[at]);
      }
    }
    return false;
  };
  edges.forEach((targets, i) => {
    for (const target of [...targets].sort((a, b) => a - b)) {
      if (!reaches(target, i)) {
        kept[i].push(target);
      }
    }
  });
  return kept;
}

function entryOf(object: PlainObject, defaultNamespace: string): Entry {
  const kind = stringOr(object.kind, '');
  const entry = { group: groupOf(stringOr(object.apiVersion, '')), kind, name: stringOr(field(object, 'metadata', 'name'), ''), object };
  return { ...entry, namespace: CLUSTER_KINDS.has(kind) ? '' : stringOr(field(object, 'metadata', 'namespace'), defaultNamespace) };
}

function keyOf(group: string, kind: string, namespace: string, name: string): string {
  return `${group}|${kind}|${namespace}|${name}`;
}

/** `apps` of `apps/v1`, `` of `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The value at `path` in `value`, or undefined where a step is not an object. */
function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) {
      return undefined;
    }
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
