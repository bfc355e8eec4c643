/**
 * The analyzers read typed views of the objects (src/model/istio-types.ts, core-types.ts): a field an analyzer reads
 * that holds a value of the wrong type (or a required field left out) makes the model stage refuse its object, so the
 * analysis never throws, reports the field as IST0106, and finds everything else as if the object were absent.
 */
import { KEY, VALID_CERT } from './pem-fixtures';
import { analyze, Finding } from '../../src';

/** A JSON value as manifests hold it. */
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A manifest object. */
type Manifest = { [key: string]: JsonValue };

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/**
 * A gateway and its backends that most analyzers have something to say about: the gateway pods ask for no injection
 * (IST0146), the Service targets a container port nobody declares (CIG1008), subset v2 selects no pod (IST0173), a
 * destination of a two-port ServiceEntry has no port (IST0112), one credential is a Secret and one a Certificate's (so
 * the gateway, in istio-system, may read the Secrets there: CIG1014).
 */
function manifests(): Manifest[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'istio-injection': 'enabled' } } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ingress', namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: { istio: 'ingressgateway' } },
        template: {
          metadata: { labels: { istio: 'ingressgateway' }, annotations: { 'inject.istio.io/templates': 'gateway' } },
          spec: {
            containers: [{
              name: 'istio-proxy',
              image: 'auto',
              env: [{ name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' }],
              ports: [{ name: 'http', containerPort: 80 }, { name: 'https', containerPort: 443 }],
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ingress', namespace: 'istio-system' },
      spec: {
        type: 'NodePort',
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'http2', port: 80, targetPort: 'http', nodePort: 30080 },
          { name: 'https', port: 443, targetPort: 'https', nodePort: 30443, protocol: 'TCP', appProtocol: 'https' },
          { name: 'status', port: 15021, targetPort: 'status-port' },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'istio-system' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'] },
          { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['shop.example.com'], tls: { mode: 'SIMPLE', credentialName: 'shop-cert' } },
          { port: { number: 443, name: 'https-api', protocol: 'HTTPS' }, hosts: ['api.example.com'], tls: { mode: 'SIMPLE', credentialName: 'api-cert' } },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-cert', namespace: 'istio-system' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': base64(VALID_CERT), 'tls.key': base64(KEY) },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'api', namespace: 'istio-system' },
      spec: { secretName: 'api-cert', dnsNames: ['api.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop', namespace: 'apps' },
      spec: {
        hosts: ['shop.example.com', 'api.example.com'],
        gateways: ['istio-system/public'],
        http: [
          { name: 'api', match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } } }] },
          { match: [{ uri: { prefix: '/api/v2' } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
          { route: [{ destination: { host: 'external.example.com' } }], mirror: { host: 'reviews' } },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'reviews', namespace: 'apps' },
      spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080, targetPort: 'http' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'reviews-v1', namespace: 'apps' },
      spec: {
        selector: { matchLabels: { app: 'reviews', version: 'v1' } },
        template: {
          metadata: { labels: { app: 'reviews', version: 'v1' } },
          spec: { containers: [{ name: 'reviews', image: 'reviews:1', ports: [{ name: 'http', containerPort: 9080 }] }] },
        },
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'apps' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'external', namespace: 'apps' },
      spec: {
        hosts: ['external.example.com'],
        exportTo: ['*'],
        ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }, { number: 80, name: 'http', protocol: 'HTTP' }],
        workloadSelector: { labels: { app: 'external' } },
      },
    },
  ];
}

/** `Kind namespace/name` of a manifest, as findings name it. */
function resourceOf(manifest: Manifest): string {
  const metadata = manifest.metadata as Manifest;
  return `${String(manifest.kind)} ${String(metadata.namespace ?? 'default')}/${String(metadata.name)}`;
}

/** The mapping or list at `path` below `value`. */
function containerAt(value: JsonValue, path: ReadonlyArray<string | number>): { [key: string]: JsonValue } | JsonValue[] {
  let at = value;
  for (const step of path) {
    if (at === null || typeof at !== 'object') {
      throw new Error(`no container at ${path.join('.')}`);
    }
    at = Array.isArray(at) ? at[Number(step)] : at[String(step)];
  }
  if (at === null || typeof at !== 'object') {
    throw new Error(`no container at ${path.join('.')}`);
  }
  return at;
}

/** Sets the field at `path` (undefined deletes it). */
function setField(manifest: Manifest, path: ReadonlyArray<string | number>, value: JsonValue | undefined): void {
  const container = containerAt(manifest, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(container)) {
    container[Number(last)] = value ?? null;
  } else if (value === undefined) {
    delete container[String(last)];
  } else {
    container[String(last)] = value;
  }
}

/** Renames the key `from` of the mapping at `path` to `to`. */
function renameKey(manifest: Manifest, path: ReadonlyArray<string | number>, from: string, to: string): void {
  const mapping = containerAt(manifest, path);
  if (Array.isArray(mapping)) {
    throw new Error(`${path.join('.')} is a list`);
  }
  mapping[to] = mapping[from];
  delete mapping[from];
}

/** A change that breaks one field of one object: the object, the change, and the field IST0106 must name. */
interface Breakage {
  readonly resource: string;
  readonly change: (manifest: Manifest) => void;
  readonly field: string;
}

const set = (resource: string, path: Array<string | number>, value: JsonValue | undefined, field = fieldPath(path)): Breakage => ({
  resource, change: (m) => setField(m, path, value), field,
});

/** `spec.ports[0].name` or `metadata.annotations['a.b/c']`, as the model stage writes paths. */
function fieldPath(path: ReadonlyArray<string | number>): string {
  return path.map((step, i) => {
    if (typeof step === 'number') return `[${step}]`;
    return /^[A-Za-z_$][\w$-]*$/.test(step) ? `${i === 0 ? '' : '.'}${step}` : `['${step}']`;
  }).join('');
}

const GATEWAY_SERVICE = 'Service istio-system/ingress';
const GATEWAY_DEPLOYMENT = 'Deployment istio-system/ingress';
const PROXY = ['spec', 'template', 'spec', 'containers', 0];

/** The fields whose checks core-kinds.ts adds for the analyzers: base64 Secret data, Secret keys, required fields. */
const ADDED_TO_SHAPES: Array<[string, Breakage]> = [
  ['a Secret data value that is not base64', set('Secret istio-system/shop-cert', ['data', 'tls.crt'], VALID_CERT, "data['tls.crt']")],
  ['a Secret data value without its padding', set('Secret istio-system/shop-cert', ['data', 'tls.key'], base64(KEY).replace(/=+$/, '').concat('A'), "data['tls.key']")],
  ['a Secret data key with a space', {
    resource: 'Secret istio-system/shop-cert', change: (m) => renameKey(m, ['data'], 'tls.crt', 'tls crt'), field: "data['tls crt']",
  }],
  ['a Secret stringData key with a slash', {
    resource: 'Secret istio-system/shop-cert',
    change: (m) => setField(m, ['stringData'], { 'ca/crt': VALID_CERT }),
    field: "stringData['ca/crt']",
  }],
  ['a container port without containerPort', set(GATEWAY_DEPLOYMENT, [...PROXY, 'ports', 0, 'containerPort'], undefined)],
  ['an environment variable without name', set(GATEWAY_DEPLOYMENT, [...PROXY, 'env', 0, 'name'], undefined)],
  ['a Service port without port', set(GATEWAY_SERVICE, ['spec', 'ports', 2, 'port'], undefined)],
];

/** Fields the analyzers read that the schema or shape already checked: they must keep being refused. */
const ALREADY_CHECKED: Array<[string, Breakage]> = [
  ['a Service port name that is a number', set(GATEWAY_SERVICE, ['spec', 'ports', 0, 'name'], 80)],
  ['a Service targetPort that is a mapping', set(GATEWAY_SERVICE, ['spec', 'ports', 2, 'targetPort'], { name: 'status-port' })],
  ['a Service nodePort that is a string', set(GATEWAY_SERVICE, ['spec', 'ports', 0, 'nodePort'], '30080')],
  ['a Service port protocol in lower case', set(GATEWAY_SERVICE, ['spec', 'ports', 1, 'protocol'], 'tcp')],
  ['a Service appProtocol that is a number', set(GATEWAY_SERVICE, ['spec', 'ports', 1, 'appProtocol'], 2)],
  ['a Service selector value that is a boolean', set(GATEWAY_SERVICE, ['spec', 'selector', 'istio'], true)],
  ['a Service ports field that is a mapping', set('Service apps/reviews', ['spec', 'ports'], { http: 9080 })],
  ['pod template labels with a number', set(GATEWAY_DEPLOYMENT, ['spec', 'template', 'metadata', 'labels', 'istio'], 1)],
  ['pod template annotations with a list', set(GATEWAY_DEPLOYMENT, ['spec', 'template', 'metadata', 'annotations', 'inject.istio.io/templates'], ['gateway'])],
  ['a container name that is a number', set(GATEWAY_DEPLOYMENT, [...PROXY, 'name'], 7)],
  ['a container image that is a boolean', set(GATEWAY_DEPLOYMENT, [...PROXY, 'image'], false)],
  ['a container port name that is a number', set('Deployment apps/reviews-v1', [...PROXY, 'ports', 0, 'name'], 9080)],
  ['containers that are a mapping', set('Deployment apps/reviews-v1', ['spec', 'template', 'spec', 'containers'], { reviews: 'reviews:1' })],
  ['Secret stringData with a number', set('Secret istio-system/shop-cert', ['stringData'], { cert: 1 }, 'stringData.cert')],
  ['Secret data that is a list', set('Secret istio-system/shop-cert', ['data'], ['tls.crt'])],
  ['a Gateway selector value that is a number', set('Gateway istio-system/public', ['spec', 'selector', 'istio'], 1)],
  ['Gateway server hosts that are a string', set('Gateway istio-system/public', ['spec', 'servers', 0, 'hosts'], '*.example.com')],
  ['a credentialName that is a number', set('Gateway istio-system/public', ['spec', 'servers', 1, 'tls', 'credentialName'], 5)],
  ['a VirtualService gateways field that is a string', set('VirtualService apps/shop', ['spec', 'gateways'], 'istio-system/public')],
  ['a destination host that is a number', set('VirtualService apps/shop', ['spec', 'http', 0, 'route', 0, 'destination', 'host'], 42)],
  ['a destination subset that is a number', set('VirtualService apps/shop', ['spec', 'http', 0, 'route', 0, 'destination', 'subset'], 1)],
  ['a uri prefix that is a number', set('VirtualService apps/shop', ['spec', 'http', 1, 'match', 0, 'uri', 'prefix'], 2)],
  ['a mirror that is a string', set('VirtualService apps/shop', ['spec', 'http', 2, 'mirror'], 'reviews')],
  ['a DestinationRule host that is a number', set('DestinationRule apps/reviews', ['spec', 'host'], 9080)],
  ['a subset name that is a number', set('DestinationRule apps/reviews', ['spec', 'subsets', 1, 'name'], 2)],
  ['subset labels with a number', set('DestinationRule apps/reviews', ['spec', 'subsets', 0, 'labels', 'version'], 1)],
  ['ServiceEntry hosts that are a string', set('ServiceEntry apps/external', ['spec', 'hosts'], 'external.example.com')],
  ['a ServiceEntry port number that is a string', set('ServiceEntry apps/external', ['spec', 'ports', 0, 'number'], '443')],
  ['a ServiceEntry exportTo that is a string', set('ServiceEntry apps/external', ['spec', 'exportTo'], '*')],
  ['ServiceEntry workloadSelector labels with a number', set('ServiceEntry apps/external', ['spec', 'workloadSelector', 'labels', 'app'], 1)],
  ['a Certificate secretName that is a number', set('Certificate istio-system/api', ['spec', 'secretName'], 5)],
];

/** The findings of the manifests with `breakage` applied (every analyzer runs: none may throw). */
function analyzeBroken(breakage: Breakage): { all: Finding[]; without: Finding[] } {
  const broken = manifests();
  const target = broken.find((m) => resourceOf(m) === breakage.resource);
  if (target === undefined) {
    throw new Error(`no ${breakage.resource} in the manifests`);
  }
  breakage.change(target);
  return { all: analyze(broken), without: analyze(broken.filter((m) => m !== target)) };
}

test('the manifests themselves pass their schemas and give most analyzers something to report', () => {
  const found = analyze(manifests());
  expect(found.filter((f) => f.code === 'IST0106')).toEqual([]);
  expect(new Set(found.map((f) => f.code))).toEqual(new Set(['IST0146', 'CIG1008', 'IST0173', 'IST0112', 'IST0118', 'IST0131', 'CIG1014']));
});

describe.each([
  ['checked by the shapes added for the analyzers', ADDED_TO_SHAPES],
  ['already checked', ALREADY_CHECKED],
])('a wrong field the analyzers read, %s, refuses its object', (_group, cases) => {
  test.each(cases)('%s', (_what, breakage) => {
    const { all, without } = analyzeBroken(breakage);
    const refusals = all.filter((f) => f.code === 'IST0106');
    expect(refusals.map((f) => f.resource)).toEqual(refusals.map(() => breakage.resource));
    expect(refusals.map((f) => f.message)).toContainEqual(expect.stringMatching(new RegExp(`^${escape(breakage.field)}: .*; the API server refuses the object$`)));
    expect(all.filter((f) => f.code !== 'IST0106')).toEqual(without);
  });
});

/** `value` as a literal in a regular expression. */
function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
