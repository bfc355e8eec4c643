/**
 * `objectDependencies`: which objects of a list each Kubernetes object refers to and must be created after (its
 * namespace, the CRD of its kind, what its pod template mounts, the Role a RoleBinding grants, the Secret or
 * Certificate a Gateway reads, the Gateways, delegates and Services of a VirtualService, ...), with `explicit`
 * dependencies kept, `defaultNamespace` for objects without one, cycles broken and malformed fields tolerated.
 */
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { articleGateway } from '../../examples/article-gateway';
import { httpsOnly } from '../../examples/https-only';
import { objectDependencies, PlainObject } from '../../src/pulumi/object-dependencies';

const ISTIO = 'networking.istio.io/v1';
const RBAC = 'rbac.authorization.k8s.io/v1';
const CERT_MANAGER = 'cert-manager.io/v1';

/** A Kubernetes object: its `apiVersion`, `kind`, `metadata.name` (and `metadata.namespace` when given) and other fields. */
function k8s(apiVersion: string, kind: string, name: string, namespace?: string, fields: Record<string, unknown> = {}): PlainObject {
  return { apiVersion, kind, metadata: namespace === undefined ? { name } : { name, namespace }, ...fields };
}

/** An object of the core (`v1`) API group. */
function core(kind: string, name: string, namespace?: string, fields: Record<string, unknown> = {}): PlainObject {
  return k8s('v1', kind, name, namespace, fields);
}

const namespaceObject = (name: string): PlainObject => core('Namespace', name);
const gateway = (name: string, namespace: string, servers: unknown): PlainObject => k8s(ISTIO, 'Gateway', name, namespace, { spec: { servers } });
const virtualService = (name: string, namespace: string | undefined, spec: Record<string, unknown>): PlainObject =>
  k8s(ISTIO, 'VirtualService', name, namespace, { spec });
const certificate = (name: string, namespace: string, spec: Record<string, unknown>): PlainObject =>
  k8s(CERT_MANAGER, 'Certificate', name, namespace, { spec });
/** An HTTP rule routing everything to `host`. */
const routeTo = (host: string) => ({ route: [{ destination: { host } }] });
/** A Deployment whose pod template is `pod`. */
const deployment = (name: string, namespace: string | undefined, pod: Record<string, unknown>): PlainObject =>
  k8s('apps/v1', 'Deployment', name, namespace, { spec: { template: { spec: pod } } });

/** `Kind namespace/name`, or `Kind name` for an object written without a namespace. */
function label(object: PlainObject): string {
  const metadata = object.metadata as { name?: unknown; namespace?: unknown } | undefined;
  const name = String(metadata?.name);
  return metadata?.namespace === undefined ? `${String(object.kind)} ${name}` : `${String(object.kind)} ${String(metadata.namespace)}/${name}`;
}

/** The dependencies of each object, by label (the objects of a test have distinct labels). */
function dependenciesByLabel(
  objects: readonly PlainObject[], explicit?: ReadonlyArray<readonly number[]>, defaultNamespace?: string,
): Record<string, string[]> {
  const labels = objects.map(label);
  expect(new Set(labels).size).toBe(labels.length);
  const dependencies = objectDependencies(objects, explicit, defaultNamespace);
  return Object.fromEntries(labels.map((l, i) => [l, dependencies[i].map((d) => labels[d])]));
}

/** The dependencies of the last object of `objects`, by label. */
function dependenciesOfLast(objects: readonly PlainObject[], defaultNamespace?: string): string[] {
  const dependencies = dependenciesByLabel(objects, undefined, defaultNamespace);
  return dependencies[label(objects[objects.length - 1])];
}

/** True when following the edges of `dependencies` never comes back to where it started. */
function isAcyclic(dependencies: readonly number[][]): boolean {
  const state = dependencies.map(() => 'new' as 'new' | 'open' | 'done');
  const visit = (at: number): boolean => {
    if (state[at] !== 'new') {
      return state[at] === 'done';
    }
    state[at] = 'open';
    const ok = dependencies[at].every(visit);
    state[at] = 'done';
    return ok;
  };
  return dependencies.every((_, i) => visit(i));
}

/**
 * The objects of an ingress gateway in `istio-ingress` and an app in `apps` routed through it, listed so that some
 * objects come before what they refer to. The gateway's certificate is a Secret, or a cert-manager Certificate
 * (issued by a ClusterIssuer) writing that Secret.
 */
function gatewayObjects(tls: 'secret' | 'certificate'): PlainObject[] {
  return [
    virtualService('app', 'apps', { hosts: ['app.example.com'], gateways: ['istio-ingress/gw'], http: [routeTo('app')] }),
    gateway('gw', 'istio-ingress', [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'gw-tls' } },
    ]),
    deployment('gw', 'istio-ingress', {
      serviceAccountName: 'gw',
      containers: [{ name: 'istio-proxy', image: 'auto', volumeMounts: [{ name: 'certs', mountPath: '/etc/certs' }] }],
      volumes: [{ name: 'certs', secret: { secretName: 'gw-tls' } }],
    }),
    namespaceObject('istio-ingress'),
    namespaceObject('apps'),
    core('ServiceAccount', 'gw', 'istio-ingress'),
    k8s(RBAC, 'Role', 'gw', 'istio-ingress', { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }] }),
    k8s(RBAC, 'RoleBinding', 'gw', 'istio-ingress', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gw' },
      subjects: [{ kind: 'ServiceAccount', name: 'gw' }],
    }),
    ...tls === 'secret'
      ? [core('Secret', 'gw-tls', 'istio-ingress', { type: 'kubernetes.io/tls' })]
      : [
        k8s(CERT_MANAGER, 'ClusterIssuer', 'letsencrypt', undefined, { spec: { acme: {} } }),
        certificate('gw-cert', 'istio-ingress', {
          secretName: 'gw-tls',
          dnsNames: ['app.example.com'],
          issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' },
        }),
      ],
    core('Service', 'gw', 'istio-ingress', { spec: { selector: { istio: 'ingress' }, ports: [{ port: 443 }] } }),
    core('Service', 'app', 'apps', { spec: { selector: { app: 'app' }, ports: [{ port: 80 }] } }),
  ];
}

describe('the objects of a gateway and a routed app', () => {
  test('with a Secret: each object depends on its namespace and on what it names', () => {
    expect(dependenciesByLabel(gatewayObjects('secret'))).toEqual({
      'VirtualService apps/app': ['Gateway istio-ingress/gw', 'Namespace apps', 'Service apps/app'],
      'Gateway istio-ingress/gw': ['Namespace istio-ingress', 'Secret istio-ingress/gw-tls'],
      'Deployment istio-ingress/gw': ['Namespace istio-ingress', 'ServiceAccount istio-ingress/gw', 'Secret istio-ingress/gw-tls'],
      'Namespace istio-ingress': [],
      'Namespace apps': [],
      'ServiceAccount istio-ingress/gw': ['Namespace istio-ingress'],
      'Role istio-ingress/gw': ['Namespace istio-ingress'],
      'RoleBinding istio-ingress/gw': ['Namespace istio-ingress', 'ServiceAccount istio-ingress/gw', 'Role istio-ingress/gw'],
      'Secret istio-ingress/gw-tls': ['Namespace istio-ingress'],
      'Service istio-ingress/gw': ['Namespace istio-ingress'],
      'Service apps/app': ['Namespace apps'],
    });
  });

  test('with a cert-manager Certificate: the Gateway and the Deployment depend on the Certificate writing their Secret', () => {
    const dependencies = dependenciesByLabel(gatewayObjects('certificate'));
    expect(dependencies['Gateway istio-ingress/gw']).toEqual(['Namespace istio-ingress', 'Certificate istio-ingress/gw-cert']);
    expect(dependencies['Deployment istio-ingress/gw']).toEqual([
      'Namespace istio-ingress', 'ServiceAccount istio-ingress/gw', 'Certificate istio-ingress/gw-cert',
    ]);
    expect(dependencies['Certificate istio-ingress/gw-cert']).toEqual(['Namespace istio-ingress', 'ClusterIssuer letsencrypt']);
    expect(dependencies['ClusterIssuer letsencrypt']).toEqual([]);
  });

  test('indices are in ascending order and never the object itself', () => {
    const dependencies = objectDependencies(gatewayObjects('certificate'));
    dependencies.forEach((targets, i) => {
      expect(targets).toEqual([...targets].sort((a, b) => a - b));
      expect(targets).not.toContain(i);
    });
  });

  test('references to objects not in the list add nothing', () => {
    const objects = gatewayObjects('secret').filter((o) => !['Namespace', 'ServiceAccount', 'Secret', 'Service', 'Gateway'].includes(String(o.kind)));
    expect(dependenciesByLabel(objects)).toEqual({
      'VirtualService apps/app': [],
      'Deployment istio-ingress/gw': [],
      'Role istio-ingress/gw': [],
      'RoleBinding istio-ingress/gw': ['Role istio-ingress/gw'],
    });
  });

  test('an empty list has no dependencies', () => {
    expect(objectDependencies([])).toEqual([]);
  });
});

describe('namespaces', () => {
  test('a namespaced object depends on its Namespace only', () => {
    expect(dependenciesOfLast([namespaceObject('a'), namespaceObject('b'), core('ConfigMap', 'c', 'b')])).toEqual(['Namespace b']);
  });

  test('cluster-scoped kinds have no namespace dependency, even when written with a namespace', () => {
    const objects = [
      namespaceObject('default'),
      namespaceObject('istio-system'),
      k8s(RBAC, 'ClusterRole', 'reader', 'istio-system'),
      k8s(RBAC, 'ClusterRoleBinding', 'reader', undefined, { roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [] }),
      k8s('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
      k8s(CERT_MANAGER, 'ClusterIssuer', 'ca'),
      core('PersistentVolume', 'pv'),
      k8s('storage.k8s.io/v1', 'StorageClass', 'fast'),
      k8s('scheduling.k8s.io/v1', 'PriorityClass', 'high'),
      k8s('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'check'),
      k8s('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'inject'),
    ];
    expect(dependenciesByLabel(objects)).toEqual({
      'Namespace default': [],
      'Namespace istio-system': [],
      'ClusterRole istio-system/reader': [],
      'ClusterRoleBinding reader': ['ClusterRole istio-system/reader'],
      'CustomResourceDefinition widgets.example.com': [],
      'ClusterIssuer ca': [],
      'PersistentVolume pv': [],
      'StorageClass fast': [],
      'PriorityClass high': [],
      'ValidatingWebhookConfiguration check': [],
      'MutatingWebhookConfiguration inject': [],
    });
  });

  test('objects without a namespace are read as in defaultNamespace', () => {
    const objects = [
      namespaceObject('default'), namespaceObject('apps'), core('ServiceAccount', 'sa'), deployment('web', undefined, { serviceAccountName: 'sa' }),
    ];
    expect(dependenciesByLabel(objects, undefined, 'apps')['Deployment web']).toEqual(['Namespace apps', 'ServiceAccount sa']);
    expect(dependenciesByLabel(objects, undefined, 'apps')['ServiceAccount sa']).toEqual(['Namespace apps']);
  });

  test('defaultNamespace is `default` when not given', () => {
    expect(dependenciesOfLast([namespaceObject('default'), namespaceObject('apps'), core('ConfigMap', 'c')])).toEqual(['Namespace default']);
  });

  test('an object without a namespace matches an object written in defaultNamespace, not in another one', () => {
    const objects = [
      core('ServiceAccount', 'sa', 'apps'), core('ServiceAccount', 'sa', 'other'), deployment('web', undefined, { serviceAccountName: 'sa' }),
    ];
    expect(dependenciesOfLast(objects, 'apps')).toEqual(['ServiceAccount apps/sa']);
    expect(dependenciesOfLast(objects, 'elsewhere')).toEqual([]);
  });

  test('a VirtualService without a namespace finds short-named Services in defaultNamespace', () => {
    const objects = [core('Service', 'api', 'apps'), core('Service', 'api', 'default'), virtualService('api', undefined, { http: [routeTo('api')] })];
    expect(dependenciesOfLast(objects, 'apps')).toEqual(['Service apps/api']);
    expect(dependenciesOfLast(objects)).toEqual(['Service default/api']);
  });
});

describe('pod templates', () => {
  /** A pod spec naming one object of each kind a pod can refer to. */
  const pod = {
    serviceAccountName: 'runner',
    imagePullSecrets: [{ name: 'registry' }],
    volumes: [
      { name: 'tls', secret: { secretName: 'tls' } },
      { name: 'settings', configMap: { name: 'settings' } },
      { name: 'bundle', projected: { sources: [{ secret: { name: 'projected-secret' } }, { configMap: { name: 'projected-config' } }] } },
    ],
    initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'init-env' } }, { configMapRef: { name: 'init-config' } }] }],
    containers: [{
      name: 'main',
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'password', key: 'value' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'mode', key: 'value' } } },
        { name: 'PLAIN', value: 'x' },
      ],
    }],
  };
  const referenced = [
    core('ServiceAccount', 'runner', 'jobs'),
    ...['registry', 'tls', 'projected-secret', 'init-env', 'password'].map((name) => core('Secret', name, 'jobs')),
    ...['settings', 'projected-config', 'init-config', 'mode'].map((name) => core('ConfigMap', name, 'jobs')),
  ];
  const expected = referenced.map(label).sort();

  test.each([
    ['Deployment', 'apps/v1', { spec: { template: { spec: pod } } }],
    ['DaemonSet', 'apps/v1', { spec: { template: { spec: pod } } }],
    ['StatefulSet', 'apps/v1', { spec: { template: { spec: pod } } }],
    ['ReplicaSet', 'apps/v1', { spec: { template: { spec: pod } } }],
    ['Job', 'batch/v1', { spec: { template: { spec: pod } } }],
    ['CronJob', 'batch/v1', { spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: pod } } } } }],
    ['Pod', 'v1', { spec: pod }],
  ])('a %s depends on its ServiceAccount, Secrets and ConfigMaps', (kind, apiVersion, fields) => {
    expect(dependenciesOfLast([...referenced, k8s(apiVersion, kind, 'work', 'jobs', fields)]).sort()).toEqual(expected);
  });

  test('the deprecated serviceAccount field names the ServiceAccount too', () => {
    const objects = [core('ServiceAccount', 'old', 'jobs'), deployment('web', 'jobs', { serviceAccount: 'old' })];
    expect(dependenciesOfLast(objects)).toEqual(['ServiceAccount jobs/old']);
  });

  test('a secret mounted by the pod is the Secret or the cert-manager Certificate writing it', () => {
    const objects = [
      certificate('web-cert', 'jobs', { secretName: 'web-tls', issuerRef: { name: 'ca' } }),
      core('Secret', 'web-tls', 'jobs'),
      deployment('web', 'jobs', { volumes: [{ name: 'tls', secret: { secretName: 'web-tls' } }] }),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['Certificate jobs/web-cert', 'Secret jobs/web-tls']);
  });

  test('names are looked up in the pod\'s namespace and by kind', () => {
    const objects = [
      core('ServiceAccount', 'runner', 'other'),
      core('Secret', 'tls', 'other'),
      core('ConfigMap', 'tls', 'jobs'),
      core('Secret', 'settings', 'jobs'),
      deployment('web', 'jobs', { serviceAccountName: 'runner', volumes: [{ secret: { secretName: 'tls' } }, { configMap: { name: 'settings' } }] }),
    ];
    expect(dependenciesOfLast(objects)).toEqual([]);
  });

  test('a kind with a pod template\'s name in a custom API group is not read as a pod template', () => {
    expect(dependenciesOfLast([core('ServiceAccount', 'runner', 'jobs'), k8s('example.com/v1', 'Deployment', 'web', 'jobs', {
      spec: { template: { spec: { serviceAccountName: 'runner' } } },
    })])).toEqual([]);
  });
});

describe('RBAC', () => {
  const binding = (kind: string, namespace: string | undefined, roleRef: unknown, subjects: unknown): PlainObject =>
    k8s(RBAC, kind, 'binding', namespace, { roleRef, subjects });

  test('a RoleBinding depends on the Role or ClusterRole it grants and on its ServiceAccount subjects', () => {
    const objects = [
      k8s(RBAC, 'Role', 'reader', 'apps'),
      k8s(RBAC, 'ClusterRole', 'reader'),
      core('ServiceAccount', 'a', 'apps'),
      core('ServiceAccount', 'b', 'ops'),
      binding('RoleBinding', 'apps', { kind: 'ClusterRole', name: 'reader' }, [
        { kind: 'ServiceAccount', name: 'a' },
        { kind: 'ServiceAccount', name: 'b', namespace: 'ops' },
        { kind: 'User', name: 'a' },
        { kind: 'Group', name: 'b' },
      ]),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['ClusterRole reader', 'ServiceAccount apps/a', 'ServiceAccount ops/b']);
  });

  test('a roleRef without a kind names a Role in the binding\'s namespace', () => {
    const roles = [k8s(RBAC, 'Role', 'reader', 'other'), k8s(RBAC, 'Role', 'reader', 'apps')];
    const objects = [...roles, binding('RoleBinding', 'apps', { name: 'reader' }, [])];
    expect(dependenciesOfLast(objects)).toEqual(['Role apps/reader']);
  });

  test('a ClusterRoleBinding depends on its ClusterRole and on subjects in the namespaces they name', () => {
    const objects = [
      k8s(RBAC, 'ClusterRole', 'admin'),
      core('ServiceAccount', 'ops', 'tools'),
      core('ServiceAccount', 'nowhere', 'default'),
      binding('ClusterRoleBinding', undefined, { kind: 'ClusterRole', name: 'admin' }, [
        { kind: 'ServiceAccount', name: 'ops', namespace: 'tools' },
        { kind: 'ServiceAccount', name: 'nowhere' },
      ]),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['ClusterRole admin', 'ServiceAccount tools/ops']);
  });
});

describe('HorizontalPodAutoscaler', () => {
  const hpa = (target: unknown): PlainObject => k8s('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 'apps', { spec: { scaleTargetRef: target } });

  test('depends on its scale target in its namespace', () => {
    const objects = [
      deployment('web', 'apps', {}),
      deployment('web', 'other', {}),
      k8s('apps/v1', 'StatefulSet', 'web', 'apps'),
      hpa({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['Deployment apps/web']);
  });

  test('a target without an apiVersion is read as apps/v1; a custom kind is matched by its group', () => {
    const targets = [k8s('apps/v1', 'StatefulSet', 'web', 'apps'), k8s('example.com/v1', 'Scaler', 'web', 'apps')];
    expect(dependenciesOfLast([...targets, hpa({ kind: 'StatefulSet', name: 'web' })])).toEqual(['StatefulSet apps/web']);
    expect(dependenciesOfLast([...targets, hpa({ apiVersion: 'example.com/v1', kind: 'Scaler', name: 'web' })])).toEqual(['Scaler apps/web']);
  });
});

describe('Istio Gateway', () => {
  test('depends on the Secret each TLS server names, in its own namespace', () => {
    const objects = [
      core('Secret', 'a', 'istio-system'),
      core('Secret', 'b', 'istio-system'),
      core('Secret', 'c', 'other'),
      core('ConfigMap', 'd', 'istio-system'),
      gateway('gw', 'istio-system', [
        { port: { number: 80 }, hosts: ['*'] },
        { port: { number: 443 }, hosts: ['a.example.com'], tls: { mode: 'SIMPLE', credentialName: 'a' } },
        { port: { number: 8443 }, hosts: ['b.example.com'], tls: { mode: 'MUTUAL', credentialName: 'b' } },
        { port: { number: 9443 }, hosts: ['a2.example.com'], tls: { mode: 'SIMPLE', credentialName: 'a' } },
        { port: { number: 9444 }, hosts: ['c.example.com'], tls: { mode: 'SIMPLE', credentialName: 'c' } },
        { port: { number: 9445 }, hosts: ['d.example.com'], tls: { mode: 'SIMPLE', credentialName: 'd' } },
      ]),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['Secret istio-system/a', 'Secret istio-system/b']);
  });

  test('a Certificate is matched by the secretName it writes, not by its own name, in the Gateway\'s namespace', () => {
    const objects = [
      certificate('public-cert', 'istio-system', { secretName: 'public-tls' }),
      certificate('public-tls', 'istio-system', { secretName: 'other-tls' }),
      certificate('public-cert', 'other', { secretName: 'public-tls' }),
      gateway('gw', 'istio-system', [{ port: { number: 443 }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'public-tls' } }]),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['Certificate istio-system/public-cert']);
  });

  test('a Certificate kind of another API group is not read as cert-manager\'s', () => {
    const objects = [
      k8s('example.com/v1', 'Certificate', 'cert', 'istio-system', { spec: { secretName: 'tls' } }),
      gateway('gw', 'istio-system', [{ tls: { credentialName: 'tls' } }]),
    ];
    expect(dependenciesOfLast(objects)).toEqual([]);
  });
});

describe('VirtualService gateways', () => {
  const objects = [gateway('gw', 'istio-system', []), gateway('gw', 'apps', []), gateway('other', 'istio-system', [])];
  const bound = (namespace: string, gateways: unknown, rules: Record<string, unknown> = {}) =>
    dependenciesOfLast([...objects, virtualService('vs', namespace, { hosts: ['a.example.com'], gateways, ...rules })]);

  test.each([
    ['ns/name in another namespace', 'apps', 'istio-system/gw', 'Gateway istio-system/gw'],
    ['ns/name in its own namespace', 'apps', 'apps/gw', 'Gateway apps/gw'],
    ['a bare name in its own namespace', 'apps', 'gw', 'Gateway apps/gw'],
    ['./name', 'istio-system', './gw', 'Gateway istio-system/gw'],
    ['the legacy name.ns', 'apps', 'gw.istio-system', 'Gateway istio-system/gw'],
    ['the legacy name.ns.svc.cluster.local', 'apps', 'gw.istio-system.svc.cluster.local', 'Gateway istio-system/gw'],
  ])('%s', (_form, namespace, reference, expected) => {
    expect(bound(namespace, [reference])).toEqual([expected]);
  });

  test('a bare name does not match a same-named Gateway of another namespace', () => {
    expect(bound('default', ['gw'])).toEqual([]);
    expect(bound('apps', ['other'])).toEqual([]);
  });

  test('mesh and malformed references add nothing', () => {
    expect(bound('apps', ['mesh', 'a/b/c', 'istio-system/', '/gw', 'Not_A_Name'])).toEqual([]);
  });

  test('gateways named by http, tcp and tls matches count too, once each', () => {
    expect(bound('apps', ['istio-system/gw'], {
      http: [{ match: [{ gateways: ['istio-system/gw'] }, { gateways: ['mesh'] }], ...routeTo('a') }],
      tcp: [{ match: [{ gateways: ['gw'] }] }],
      tls: [{ match: [{ gateways: ['istio-system/other'], sniHosts: ['a.example.com'] }] }],
    })).toEqual(['Gateway istio-system/gw', 'Gateway apps/gw', 'Gateway istio-system/other']);
  });
});

describe('VirtualService destinations', () => {
  const services = [['api', 'apps'], ['api', 'other'], ['db', 'data'], ['shadow', 'apps']]
    .map(([name, namespace]) => core('Service', name, namespace));
  const routed = (spec: Record<string, unknown>) => dependenciesOfLast([...services, virtualService('vs', 'apps', spec)]);

  test('a short host names the Service in the VirtualService\'s namespace', () => {
    expect(routed({ http: [routeTo('api')] })).toEqual(['Service apps/api']);
  });

  test('name.ns.svc.cluster.local names the Service of that namespace', () => {
    expect(routed({ http: [routeTo('api.other.svc.cluster.local')] })).toEqual(['Service other/api']);
  });

  test('name.ns is not expanded, as Istio does not expand it', () => {
    expect(routed({ http: [routeTo('api.other'), routeTo('db.data'), routeTo('db.data.svc')] })).toEqual([]);
  });

  test('external hosts and wildcards add nothing', () => {
    expect(routed({ http: [routeTo('api.example.com'), routeTo('*'), routeTo('10.0.0.1')] })).toEqual([]);
  });

  test('tcp and tls routes, mirror and mirrors name Services too', () => {
    expect(routed({
      http: [
        { ...routeTo('api'), mirror: { host: 'shadow' } },
        { ...routeTo('api'), mirrors: [{ destination: { host: 'api.other.svc.cluster.local' } }] },
      ],
      tcp: [{ route: [{ destination: { host: 'db.data.svc.cluster.local', port: { number: 5432 } } }] }],
      tls: [{ match: [{ sniHosts: ['a.example.com'] }], route: [{ destination: { host: 'api' } }] }],
    })).toEqual(['Service apps/api', 'Service other/api', 'Service data/db', 'Service apps/shadow']);
  });

  test('a Service of another namespace does not match a short host', () => {
    expect(routed({ http: [routeTo('db')] })).toEqual([]);
  });
});

describe('VirtualService delegates', () => {
  const delegating = (name: string, namespace: string, delegate: Record<string, unknown>): PlainObject =>
    virtualService(name, namespace, { hosts: [`${name}.example.com`], http: [{ match: [{ uri: { prefix: '/' } }], delegate }] });

  test('a delegate without a namespace is in the VirtualService\'s namespace; with one, in that namespace', () => {
    const objects = [
      virtualService('child', 'apps', { http: [routeTo('x')] }),
      virtualService('child', 'teams', { http: [routeTo('x')] }),
      delegating('root', 'apps', { name: 'child' }),
      delegating('root', 'edge', { name: 'child', namespace: 'teams' }),
    ];
    const dependencies = dependenciesByLabel(objects);
    expect(dependencies['VirtualService apps/root']).toEqual(['VirtualService apps/child']);
    expect(dependencies['VirtualService edge/root']).toEqual(['VirtualService teams/child']);
  });

  test('two VirtualServices delegating to each other give no cycle: the edge of the later one is dropped', () => {
    const objects = [delegating('a', 'apps', { name: 'b' }), delegating('b', 'apps', { name: 'a' })];
    expect(objectDependencies(objects)).toEqual([[1], []]);
    expect(objectDependencies(objects)).toEqual(objectDependencies(objects));
    expect(objectDependencies([...objects].reverse())).toEqual([[1], []]);
  });

  test('a longer delegation cycle loses exactly one edge', () => {
    const objects = [delegating('a', 'apps', { name: 'b' }), delegating('b', 'apps', { name: 'c' }), delegating('c', 'apps', { name: 'a' })];
    expect(objectDependencies(objects)).toEqual([[1], [2], []]);
  });

  test('a VirtualService delegating to itself does not depend on itself', () => {
    expect(objectDependencies([delegating('a', 'apps', { name: 'a' })])).toEqual([[]]);
  });

  test('whatever the delegations, the result has no cycle and drops only edges that would close one', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.nat(6), { maxLength: 3 }), { minLength: 1, maxLength: 6 }), (delegations) => {
      const objects = delegations.map((targets, i) =>
        virtualService(`vs${i}`, 'apps', { http: targets.map((t) => ({ delegate: { name: `vs${t}` } })) }));
      const dependencies = objectDependencies(objects);
      expect(isAcyclic(dependencies)).toBe(true);
      delegations.forEach((targets, i) => {
        const asked = new Set(targets.filter((t) => t !== i && t < objects.length));
        expect(dependencies[i].every((d) => asked.has(d))).toBe(true);
        const dropped = [...asked].filter((t) => !dependencies[i].includes(t));
        dropped.forEach((t) => expect(isAcyclic(dependencies.map((kept, j) => (j === i ? [...kept, t] : kept)))).toBe(false));
      });
    }));
  });
});

describe('DestinationRule', () => {
  test('depends on the Service its host names', () => {
    const rule = (host: unknown) => k8s(ISTIO, 'DestinationRule', 'dr', 'apps', { spec: { host, trafficPolicy: {} } });
    const services = [core('Service', 'api', 'apps'), core('Service', 'api', 'other')];
    expect(dependenciesOfLast([...services, rule('api')])).toEqual(['Service apps/api']);
    expect(dependenciesOfLast([...services, rule('api.other.svc.cluster.local')])).toEqual(['Service other/api']);
    expect(dependenciesOfLast([...services, rule('api.other')])).toEqual([]);
  });
});

describe('cert-manager Certificate issuers', () => {
  const issuers = [
    k8s(CERT_MANAGER, 'Issuer', 'ca', 'apps'),
    k8s(CERT_MANAGER, 'Issuer', 'ca', 'other'),
    k8s(CERT_MANAGER, 'ClusterIssuer', 'ca'),
  ];
  const issued = (issuerRef: unknown) => dependenciesOfLast([...issuers, certificate('cert', 'apps', { secretName: 'tls', issuerRef })]);

  test('an Issuer is looked up in the Certificate\'s namespace', () => {
    expect(issued({ kind: 'Issuer', name: 'ca', group: 'cert-manager.io' })).toEqual(['Issuer apps/ca']);
  });

  test('an issuerRef without a kind names an Issuer', () => {
    expect(issued({ name: 'ca' })).toEqual(['Issuer apps/ca']);
  });

  test('a ClusterIssuer is cluster-scoped', () => {
    expect(issued({ kind: 'ClusterIssuer', name: 'ca' })).toEqual(['ClusterIssuer ca']);
  });

  test('an issuer not in the list adds nothing', () => {
    expect(issued({ kind: 'Issuer', name: 'missing' })).toEqual([]);
  });
});

describe('custom resource definitions', () => {
  const crd = (name: string, group: string, kind: string): PlainObject =>
    k8s('apiextensions.k8s.io/v1', 'CustomResourceDefinition', name, undefined, {
      spec: { group, names: { kind, plural: `${kind.toLowerCase()}s` }, scope: 'Namespaced' },
    });

  test('a custom resource depends on the CRD of its group and kind, wherever the CRD is in the list', () => {
    const objects = [
      k8s('example.com/v1', 'Widget', 'w', 'apps'),
      crd('widgets.example.com', 'example.com', 'Widget'),
      crd('gadgets.example.com', 'example.com', 'Gadget'),
      crd('widgets.other.io', 'other.io', 'Widget'),
      k8s('example.com/v1alpha1', 'Gadget', 'g', 'apps'),
    ];
    expect(dependenciesByLabel(objects)).toEqual({
      'Widget apps/w': ['CustomResourceDefinition widgets.example.com'],
      'CustomResourceDefinition widgets.example.com': [],
      'CustomResourceDefinition gadgets.example.com': [],
      'CustomResourceDefinition widgets.other.io': [],
      'Gadget apps/g': ['CustomResourceDefinition gadgets.example.com'],
    });
  });

  test('Istio and cert-manager objects depend on their CRDs when the list has them', () => {
    const objects = [
      crd('gateways.networking.istio.io', 'networking.istio.io', 'Gateway'),
      crd('certificates.cert-manager.io', 'cert-manager.io', 'Certificate'),
      certificate('cert', 'istio-system', { secretName: 'tls' }),
      gateway('gw', 'istio-system', [{ tls: { credentialName: 'tls' } }]),
    ];
    expect(dependenciesOfLast(objects)).toEqual(['CustomResourceDefinition gateways.networking.istio.io', 'Certificate istio-system/cert']);
  });

  test('a built-in kind never depends on a CRD, even one claiming its group and kind', () => {
    expect(dependenciesOfLast([crd('deployments.apps', 'apps', 'Deployment'), deployment('web', 'apps', {})])).toEqual([]);
  });

  test('a CRD of another API group is not read as a CRD', () => {
    const fake = k8s('example.com/v1', 'CustomResourceDefinition', 'fake', undefined, { spec: { group: 'example.com', names: { kind: 'Widget' } } });
    expect(dependenciesOfLast([fake, k8s('example.com/v1', 'Widget', 'w', 'apps')])).toEqual([]);
  });
});

describe('explicit dependencies', () => {
  const objects = [namespaceObject('apps'), core('ConfigMap', 'a', 'apps'), core('ConfigMap', 'b', 'apps'), deployment('web', 'apps', {})];

  test('are kept alongside the inferred ones, in ascending order and once each', () => {
    expect(objectDependencies(objects, [[], [], [], [2, 1, 0, 2]])).toEqual([[], [0], [0], [0, 1, 2]]);
  });

  test('are kept where nothing is inferred, and a missing entry means none', () => {
    expect(objectDependencies(objects.slice(1), [[1]])).toEqual([[1], [], []]);
  });

  test('an explicit dependency on the object itself is left out', () => {
    expect(objectDependencies(objects.slice(1), [[0]])).toEqual([[], [], []]);
  });

  test('explicit dependencies forming a cycle lose the edge that closes it', () => {
    expect(objectDependencies(objects.slice(1), [[1], [2], [0]])).toEqual([[1], [2], []]);
  });

  const mounting = deployment('web', 'apps', { volumes: [{ secret: { secretName: 'tls' } }] });
  const secret = core('Secret', 'tls', 'apps');

  test('an explicit dependency contradicting an inferred one is kept when its object comes first', () => {
    expect(objectDependencies([secret, mounting], [[1], []])).toEqual([[1], []]);
  });

  // Bug: an explicit dependency is dropped when an inferred edge of an object earlier in the list closes a cycle
  // with it (withoutCycles handles explicit and inferred edges alike, in object order), so whether `explicit` is
  // "kept as given" depends on the order of the objects: [Deployment, Secret] with explicit [[], [0]] gives [[1], []].
  test.failing('an explicit dependency contradicting an inferred one is kept whatever the order of the objects', () => {
    expect(objectDependencies([mounting, secret], [[], [0]])).toEqual([[], [0]]);
  });
});

describe('malformed fields', () => {
  test.each<[string, PlainObject]>([
    ['metadata null', { apiVersion: 'v1', kind: 'ConfigMap', metadata: null }],
    ['no apiVersion, kind or metadata', {}],
    ['apiVersion and kind not strings', { apiVersion: 5, kind: ['Deployment'], metadata: { name: 7, namespace: false } }],
    ['spec an array', { ...deployment('a', 'apps', {}), spec: [] }],
    ['pod template fields of the wrong type', deployment('b', 'apps', {
      serviceAccountName: 42,
      imagePullSecrets: 'registry',
      volumes: [null, 'tls', { secret: null }, { projected: { sources: 'x' } }],
      initContainers: null,
      containers: [null, { env: 'x', envFrom: [null, { secretRef: 'x' }] }, { env: [{ valueFrom: null }] }],
    })],
    ['a CronJob without a jobTemplate', k8s('batch/v1', 'CronJob', 'c', 'apps', { spec: { jobTemplate: null } })],
    ['a pod spec null', core('Pod', 'p', 'apps', { spec: null })],
    ['RBAC fields null', k8s(RBAC, 'RoleBinding', 'r', 'apps', { roleRef: null, subjects: 'sa' })],
    ['subjects of the wrong type', k8s(RBAC, 'ClusterRoleBinding', 'r', undefined, {
      roleRef: 'admin',
      subjects: [null, 'x', { kind: 'ServiceAccount' }],
    })],
    ['an HPA without a target', k8s('autoscaling/v2', 'HorizontalPodAutoscaler', 'h', 'apps', { spec: { scaleTargetRef: null } })],
    ['Gateway servers a string', gateway('g', 'apps', 'servers')],
    ['Gateway servers with nulls', gateway('g', 'apps', [null, { tls: null }, { tls: { credentialName: 3 } }])],
    ['VirtualService gateways a string', virtualService('v', 'apps', { gateways: 'istio-system/gw', http: 'route' })],
    ['VirtualService rules with nulls', virtualService('v', 'apps', {
      gateways: [null, 5],
      http: [null, { match: 'x', route: 'y', mirror: null, mirrors: 'z', delegate: null }, { match: [null, { gateways: 'gw' }] }],
      tcp: [{ route: [null, { destination: null }, { destination: { host: 5 } }] }],
      tls: null,
    })],
    ['a delegate of the wrong type', virtualService('v', 'apps', { http: [{ delegate: 'child' }, { delegate: { name: null, namespace: 4 } }] })],
    ['a DestinationRule without a host', k8s(ISTIO, 'DestinationRule', 'd', 'apps', { spec: null })],
    ['a Certificate with a string issuerRef', certificate('c', 'apps', { secretName: null, issuerRef: 'ca' })],
    ['a CRD without names', k8s('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'x', undefined, { spec: { names: null } })],
  ])('%s does not throw', (_case, object) => {
    const neighbours = [...gatewayObjects('certificate'), k8s('example.com/v1', 'Widget', 'w', 'apps')];
    let dependencies: number[][] = [];
    expect(() => {
      dependencies = objectDependencies([object, ...neighbours]);
    }).not.toThrow();
    expect(dependencies).toHaveLength(neighbours.length + 1);
  });
});

describe('a cdk8s app built with this library', () => {
  test('the gateway Deployment comes after its ServiceAccount, the counter VirtualService after its Gateway and Service', () => {
    const app = new App();
    articleGateway(app);
    const objects = app.charts.flatMap((chart) => chart.toJson() as PlainObject[]);
    const dependencies = dependenciesByLabel(objects);
    expect(dependencies['Deployment istio-system/istio-ingressgateway']).toContain('ServiceAccount istio-system/istio-ingressgateway');
    expect(dependencies['VirtualService default/counter']).toEqual(
      expect.arrayContaining(['Gateway istio-system/default-gateway', 'Service default/counter']));
    expect(dependencies['VirtualService default/mysql']).toEqual(
      expect.arrayContaining(['Gateway istio-system/default-gateway', 'Service default/mysql']));
    expect(isAcyclic(objectDependencies(objects))).toBe(true);
  });

  test('the RoleBinding of a gateway serving a credentialName Secret comes after its Role and ServiceAccount', () => {
    const app = new App();
    httpsOnly(app);
    const objects = app.charts.flatMap((chart) => chart.toJson() as PlainObject[]);
    expect(dependenciesByLabel(objects)['RoleBinding istio-ingress/istio-ingressgateway']).toEqual(
      expect.arrayContaining(['Role istio-ingress/istio-ingressgateway', 'ServiceAccount istio-ingress/istio-ingressgateway']));
  });
});
