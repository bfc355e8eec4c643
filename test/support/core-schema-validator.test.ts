import { validateCoreObject } from './core-schema-validator';

const labels = { 'app.kubernetes.io/name': 'web' };
const metadata = { name: 'web', namespace: 'default', labels };

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata,
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
    },
  },
};

function service(port: unknown, targetPort: unknown = 8080) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { selector: labels, ports: [{ name: 'http', port, targetPort }] },
  };
}

describe('validateCoreObject', () => {
  test.each([
    deployment,
    service(80),
    service(80, 'http'),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { key: 'value' } },
    { apiVersion: 'v1', kind: 'Secret', metadata, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x', 'tls.key': 'y' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' },
      subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'default' }],
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
  ])('a valid $kind passes', obj => {
    expect(validateCoreObject(obj)).toEqual([]);
  });

  test('a Service port given as a string fails', () => {
    expect(validateCoreObject(service('eighty'))).toEqual([{ path: 'spec.ports[0].port', message: 'must be integer' }]);
  });

  test('an int-or-string field of the wrong type is reported once', () => {
    expect(validateCoreObject(service(80, { port: 8080 }))).toEqual([{ path: 'spec.ports[0].targetPort', message: 'must be string or integer' }]);
  });

  test('a container without name fails', () => {
    const spec = { ...deployment.spec, template: { metadata: { labels }, spec: { containers: [{ image: 'nginx' }] } } };
    expect(validateCoreObject({ ...deployment, spec })).toEqual([
      { path: 'spec.template.spec.containers[0]', message: "must have required property 'name'" },
    ]);
  });

  test('a Deployment without selector and template reports both', () => {
    expect(validateCoreObject({ ...deployment, spec: { replicas: 1 } })).toEqual([
      { path: 'spec', message: "must have required property 'selector'" },
      { path: 'spec', message: "must have required property 'template'" },
    ]);
  });

  test.each([
    { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' },
    { apiVersion: 'apps/v1beta1', kind: 'Deployment' },
    { kind: 'Service' },
    'Service',
    null,
  ])('%j is not supported', obj => {
    expect(validateCoreObject(obj)).toBeUndefined();
  });
});
