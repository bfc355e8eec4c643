/**
 * The built-in kinds the engine and the analyzers read (Service, Deployment, DaemonSet, StatefulSet, Pod, Secret), checked
 * on the fields they read against the types the Kubernetes API declares for them: a value of the wrong type, or a
 * required field left out, makes the API server refuse the object. Every field core-types.ts names is checked here.
 */
import { ProblemList } from './object-problem';
import { checkShape, Shape } from './shape';
import { KubeObject } from '../manifests/kube-object';

const CONTAINER: Shape = {
  fields: {
    name: 'string',
    image: 'string',
    args: { listOf: 'string' },
    env: { listOf: { fields: { name: 'string', value: 'string' }, required: { name: 'name the variable' } } },
    ports: {
      listOf: {
        fields: { containerPort: 'port', name: 'string', protocol: { oneOf: ['TCP', 'UDP', 'SCTP'] }, hostPort: 'port' },
        required: { containerPort: 'add the port number the container listens on' },
      },
    },
  },
};

const POD_SPEC: Shape = {
  fields: {
    containers: { listOf: CONTAINER },
    initContainers: { listOf: CONTAINER },
    serviceAccountName: 'string',
    nodeName: 'string',
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

const SERVICE: Shape = {
  fields: {
    spec: {
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
            required: { port: 'add the port number the Service exposes' },
          },
        },
      },
    },
  },
};

/** The shape of each built-in kind checked here, by `apiVersion/kind`. */
const SHAPES: ReadonlyMap<string, Shape> = new Map<string, Shape>([
  ['v1/Service', SERVICE],
  ['apps/v1/Deployment', { fields: { spec: WORKLOAD_SPEC } }],
  ['apps/v1/DaemonSet', { fields: { spec: WORKLOAD_SPEC } }],
  ['apps/v1/StatefulSet', { fields: { spec: WORKLOAD_SPEC } }],
  ['v1/Pod', { fields: { spec: POD_SPEC } }],
  ['v1/Secret', {
    fields: {
      type: 'string',
      // Bytes: the API server decodes each value as base64, and checks every key.
      data: { mapOf: 'base64', keys: 'configKey' },
      stringData: { mapOf: 'string', keys: 'configKey' },
    },
  }],
]);

/** True when `obj` is one of the built-in kinds checked here. */
export function isCheckedCoreKind(obj: KubeObject): boolean {
  return SHAPES.has(`${obj.apiVersion}/${obj.kind}`);
}

/** The problems of a built-in object on the fields the engine and the analyzers read, or none for other kinds. */
export function coreKindProblems(obj: KubeObject): ProblemList {
  const problems = new ProblemList('schema');
  const shape = SHAPES.get(`${obj.apiVersion}/${obj.kind}`);
  if (shape !== undefined) {
    checkShape(obj, shape, '', problems);
  }
  return problems;
}
