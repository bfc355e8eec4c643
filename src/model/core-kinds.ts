/**
 * The built-in kinds the engine reads (Service, Deployment, DaemonSet, StatefulSet, Pod, Secret), checked on the fields
 * it reads against the types the Kubernetes API declares for them: a value of the wrong type makes the API server refuse
 * the object.
 */
import { ProblemList } from './object-problem';
import { checkShape, Shape } from './shape';
import { KubeObject } from '../manifests/kube-object';

const CONTAINER: Shape = {
  fields: {
    name: 'string',
    ports: { listOf: { fields: { containerPort: 'port', name: 'string', protocol: { oneOf: ['TCP', 'UDP', 'SCTP'] }, hostPort: 'port' } } },
  },
};

const POD_SPEC: Shape = {
  fields: {
    containers: { listOf: CONTAINER },
    initContainers: { listOf: CONTAINER },
    serviceAccountName: 'string',
    volumes: { listOf: { fields: { name: 'string', secret: { fields: { secretName: 'string' } } } } },
  },
};

const POD_TEMPLATE: Shape = {
  fields: {
    metadata: { fields: { labels: 'stringMap', annotations: 'stringMap' } },
    spec: POD_SPEC,
  },
};

const WORKLOAD_SPEC: Shape = {
  fields: {
    replicas: 'integer',
    selector: { fields: { matchLabels: 'stringMap' } },
    template: POD_TEMPLATE,
  },
};

/** The shape of `spec` (or of the whole object, for Secrets) of each built-in kind, by `apiVersion/kind`. */
const SHAPES: ReadonlyMap<string, { readonly field: string; readonly shape: Shape }> = new Map([
  ['v1/Service', {
    field: 'spec',
    shape: {
      fields: {
        type: { oneOf: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
        selector: 'stringMap',
        clusterIP: 'string',
        externalName: 'string',
        ports: {
          listOf: {
            fields: {
              name: 'string',
              protocol: { oneOf: ['TCP', 'UDP', 'SCTP'] },
              appProtocol: 'string',
              port: 'port',
              targetPort: 'portOrName',
              nodePort: 'port',
            },
          },
        },
      },
    },
  }],
  ['apps/v1/Deployment', { field: 'spec', shape: WORKLOAD_SPEC }],
  ['apps/v1/DaemonSet', { field: 'spec', shape: WORKLOAD_SPEC }],
  ['apps/v1/StatefulSet', { field: 'spec', shape: WORKLOAD_SPEC }],
  ['v1/Pod', { field: 'spec', shape: POD_SPEC }],
  ['v1/Secret', { field: 'data', shape: 'stringMap' }],
]);

/** True when `obj` is one of the built-in kinds checked here. */
export function isCheckedCoreKind(obj: KubeObject): boolean {
  return SHAPES.has(`${obj.apiVersion}/${obj.kind}`);
}

/**
 * The problems of a built-in object on the fields the engine reads, or none for other kinds. A Service port without
 * `port` is refused too, as the API server requires it.
 */
export function coreKindProblems(obj: KubeObject): ProblemList {
  const problems = new ProblemList('schema');
  const entry = SHAPES.get(`${obj.apiVersion}/${obj.kind}`);
  if (entry === undefined) {
    return problems;
  }
  checkShape(obj[entry.field], entry.shape, entry.field, problems);
  if (obj.kind === 'Secret') {
    checkShape(obj.stringData, 'stringMap', 'stringData', problems);
  }
  if (obj.kind === 'Service' && problems.problems.length === 0) {
    const ports = (obj.spec as { ports?: Array<{ port?: unknown } | null> } | undefined)?.ports ?? [];
    ports.forEach((port, i) => {
      if (port === null) {
        problems.error(`spec.ports[${i}]`, 'is empty', 'remove the entry, or give it a port');
      } else if (port.port === undefined || port.port === null) {
        problems.error(`spec.ports[${i}].port`, 'is required', 'add the port number the Service exposes');
      }
    });
  }
  return problems;
}
