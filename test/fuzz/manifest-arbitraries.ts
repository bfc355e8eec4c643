/**
 * Arbitraries of plausible gateway manifests: a gateway Deployment and its Service, Gateways with HTTP, HTTPS, TLS and
 * TCP servers, VirtualServices with http, tcp and tls rules (matches, weighted routes, subsets, redirects, rewrites,
 * direct responses, faults, delegation), DestinationRules with subsets, backend Services and TLS Secrets. Names, hosts
 * and ports come from small sets, so that objects reference each other the way real manifests do.
 */
import * as fc from 'fast-check';
import { KEY, VALID_CERT } from '../analyze/pem-fixtures';

/** A JSON value as YAML and JSON manifests hold it (numbers may be NaN or infinite: YAML has `.nan` and `.inf`). */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON mapping. */
export interface JsonObject {
  [key: string]: Json;
}

/** The namespace of the gateway workload. */
export const GATEWAY_NAMESPACE = 'istio-system';

/** Namespaces of the other objects. */
const NAMESPACES = ['istio-system', 'default', 'apps'] as const;

/** The gateway workload's name: its Deployment and Service. */
export const GATEWAY_WORKLOAD = 'istio-ingressgateway';

/** Names of Gateway resources. */
export const GATEWAY_NAMES = ['public', 'internal', 'edge'] as const;

/** Hosts a request may carry. */
export const REQUEST_HOSTS = ['shop.example.com', 'api.example.com', 'web.lab.example.com', 'other.test', 'shop.example.com:8080', '10.0.0.1'] as const;

/** Service ports of the gateway Service (and Gateway server ports). */
export const SERVICE_PORTS = [80, 443, 8080, 8443, 3306, 15443] as const;

/** Node ports of the gateway Service. */
export const NODE_PORTS = [30080, 30443, 30306, 31443, 32000] as const;

/** Container ports of the gateway pods. */
const CONTAINER_PORTS = [8080, 8443, 3306, 15443, 80] as const;

/** Backend Service names (short), for destinations and DestinationRules. */
const BACKENDS = ['shop', 'api', 'web'] as const;

/** Destination hosts: short, qualified, fully qualified, external. */
const DESTINATION_HOSTS = ['shop', 'api', 'web', 'shop.apps', 'api.default.svc.cluster.local', 'web.apps.svc.cluster.local', 'httpbin.org'] as const;

/** DestinationRule subsets. */
const SUBSETS = ['v1', 'v2', 'canary'] as const;

/** The names of TLS Secrets. */
const CREDENTIALS = ['shop-cert', 'api-cert', 'missing-cert'] as const;

/** Names of delegate VirtualServices. */
const DELEGATES = ['shop-delegate', 'api-delegate'] as const;

/** Paths of matches, rewrites and redirects. */
const PATHS = ['/', '/api', '/api/', '/api/v1', '/old', '/static', '/login', '/%2e%2e/admin'] as const;

/** The labels of the gateway pods. */
export const GATEWAY_LABELS: JsonObject = { istio: 'ingressgateway' };

/**
 * A mapping from arbitraries of its fields; the keys in `optional` are sometimes absent (and shrink to absent).
 */
export function mapping(fields: Record<string, fc.Arbitrary<Json>>, optional: readonly string[] = []): fc.Arbitrary<JsonObject> {
  const requiredKeys = Object.keys(fields).filter((k) => !optional.includes(k));
  return fc.record(fields, { requiredKeys }).map((record) => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(record)) {
      if (value !== undefined) {
        out[key] = value;
      }
    }
    return out;
  });
}

/** One of some constants. */
function oneOf<T extends Json>(values: readonly T[]): fc.Arbitrary<Json> {
  return fc.constantFrom(...values);
}

/** A short list (0 to `max` items) of values of `item`. */
function list(item: fc.Arbitrary<Json>, min: number, max: number): fc.Arbitrary<Json> {
  return fc.array(item, { minLength: min, maxLength: max });
}

/** `metadata` with `name` and, most of the time, a namespace (else the default namespace applies). */
function metadata(name: fc.Arbitrary<Json>, namespace: fc.Arbitrary<Json>): fc.Arbitrary<JsonObject> {
  return mapping({
    name,
    namespace,
    labels: fc.constant({ 'app.kubernetes.io/managed-by': 'fuzz' }),
    creationTimestamp: oneOf(['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z']),
  }, ['namespace', 'labels', 'creationTimestamp']);
}

/** A Kubernetes object of `apiVersion` and `kind`. */
function kubeObject(apiVersion: string, kind: string, meta: fc.Arbitrary<JsonObject>,
  spec: Record<string, fc.Arbitrary<Json>>): fc.Arbitrary<JsonObject> {
  return mapping({ apiVersion: fc.constant(apiVersion), kind: fc.constant(kind), metadata: meta, ...spec });
}

// --- the gateway workload ---------------------------------------------------------------------------------------------

/** The gateway pods' Deployment: an `istio-proxy` router container (or the gateway injection template). */
export function gatewayDeployment(): fc.Arbitrary<JsonObject> {
  const containerPort = mapping({ containerPort: oneOf(CONTAINER_PORTS), name: oneOf(['http', 'https', 'tcp-mysql', 'tls']), protocol: fc.constant('TCP') },
    ['name', 'protocol']);
  const container = mapping({
    name: fc.constant('istio-proxy'),
    image: oneOf(['auto', 'docker.io/istio/proxyv2:1.24.0']),
    args: oneOf([['proxy', 'router'], ['proxy', 'sidecar']]),
    ports: list(containerPort, 0, 4),
    env: oneOf([[{ name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' }], [{ name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'false' }]]),
  }, ['args', 'ports', 'env']);
  const template = mapping({
    metadata: mapping({
      labels: fc.constant(GATEWAY_LABELS),
      annotations: fc.constant({ 'inject.istio.io/templates': 'gateway' }),
    }, ['annotations']),
    spec: mapping({ containers: list(container, 1, 2) }),
  });
  return kubeObject('apps/v1', 'Deployment', metadata(fc.constant(GATEWAY_WORKLOAD), fc.constant(GATEWAY_NAMESPACE)), {
    spec: mapping({
      replicas: fc.integer({ min: 1, max: 3 }),
      selector: fc.constant({ matchLabels: GATEWAY_LABELS }),
      template,
    }, ['replicas']),
  });
}

/** The gateway Service: ports from {@link SERVICE_PORTS}, to numeric or named target ports, with node ports. */
export function gatewayService(): fc.Arbitrary<JsonObject> {
  const port = mapping({
    name: oneOf(['http2', 'https', 'tcp-mysql', 'tls', 'status-port']),
    port: oneOf(SERVICE_PORTS),
    targetPort: oneOf([...CONTAINER_PORTS, 'http', 'https', 'tls']),
    nodePort: oneOf(NODE_PORTS),
    protocol: oneOf(['TCP', 'UDP']),
  }, ['name', 'targetPort', 'nodePort', 'protocol']);
  return kubeObject('v1', 'Service', metadata(fc.constant(GATEWAY_WORKLOAD), fc.constant(GATEWAY_NAMESPACE)), {
    spec: mapping({
      type: oneOf(['NodePort', 'LoadBalancer', 'ClusterIP']),
      selector: fc.constant(GATEWAY_LABELS),
      ports: list(port, 1, 4),
    }, ['type']),
  });
}

// --- Gateways -----------------------------------------------------------------------------------------------------------

/** Hosts of a Gateway server, with and without namespace. */
const SERVER_HOSTS = ['*', 'shop.example.com', '*.example.com', 'apps/shop.example.com', './api.example.com', '*/web.lab.example.com', 'default/*', 'api.example.com'];

/** A Gateway server of one of the protocol families. */
function gatewayServer(): fc.Arbitrary<JsonObject> {
  const hosts = fc.subarray(SERVER_HOSTS, { minLength: 1, maxLength: 3 });
  const port = (numbers: readonly number[], names: readonly string[], protocols: readonly string[]): fc.Arbitrary<JsonObject> =>
    mapping({ number: oneOf(numbers), name: oneOf(names), protocol: oneOf(protocols) });
  const http = mapping({
    port: port([80, 8080], ['http', 'http2', 'http-alt'], ['HTTP', 'HTTP2', 'http']),
    hosts,
    tls: mapping({ httpsRedirect: fc.boolean() }),
  }, ['tls']);
  const https = mapping({
    port: port([443, 8443], ['https', 'https-alt'], ['HTTPS']),
    hosts,
    tls: mapping({
      mode: oneOf(['SIMPLE', 'MUTUAL', 'PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']),
      credentialName: oneOf(CREDENTIALS),
      minProtocolVersion: oneOf(['TLSV1_2', 'TLSV1_3']),
    }, ['mode', 'credentialName', 'minProtocolVersion']),
  });
  const tls = mapping({
    port: port([443, 15443], ['tls', 'tls-passthrough'], ['TLS']),
    hosts,
    tls: mapping({ mode: oneOf(['PASSTHROUGH', 'AUTO_PASSTHROUGH', 'SIMPLE']), credentialName: oneOf(CREDENTIALS) }, ['credentialName']),
  }, ['tls']);
  const tcp = mapping({
    port: port([3306, 9000], ['tcp-mysql', 'mongo'], ['TCP', 'MONGO']),
    hosts,
  });
  return fc.oneof(http, https, tls, tcp);
}

/** A Gateway selecting the gateway pods (or other pods, or every gateway when it has no selector). */
export function gateway(): fc.Arbitrary<JsonObject> {
  const namespace = fc.oneof({ arbitrary: fc.constant<Json>(GATEWAY_NAMESPACE), weight: 4 }, { arbitrary: fc.constant<Json>('default'), weight: 1 });
  return kubeObject('networking.istio.io/v1', 'Gateway', metadata(oneOf(GATEWAY_NAMES), namespace), {
    spec: mapping({
      selector: fc.oneof(
        { arbitrary: fc.constant(GATEWAY_LABELS), weight: 5 },
        { arbitrary: fc.constant({ app: 'other-gateway' }), weight: 1 },
      ),
      servers: list(gatewayServer(), 1, 3),
    }, ['selector']),
  });
}

// --- VirtualServices ----------------------------------------------------------------------------------------------------

/** A string match of one kind. */
function stringMatch(values: readonly string[]): fc.Arbitrary<JsonObject> {
  return fc.oneof(
    mapping({ prefix: oneOf(values) }),
    mapping({ exact: oneOf(values) }),
    mapping({ regex: oneOf(['/api/v[0-9]+', '.*\\.png', '^/(a|b)/.*', '/static/.+']) }),
  );
}

/** An HTTP match request. */
function httpMatch(): fc.Arbitrary<JsonObject> {
  return mapping({
    name: oneOf(['m1', 'm2']),
    uri: stringMatch(PATHS),
    headers: fc.dictionary(oneOf(['x-canary', 'x-user', 'user-agent']).map(String), stringMatch(['yes', 'alice', 'curl']), { maxKeys: 2 }),
    queryParams: fc.dictionary(oneOf(['debug', 'v']).map(String), mapping({ exact: oneOf(['1', 'true']) }), { maxKeys: 1 }),
    method: mapping({ exact: oneOf(['GET', 'POST', 'DELETE']) }),
    port: oneOf(SERVICE_PORTS),
    ignoreUriCase: fc.boolean(),
    authority: mapping({ exact: oneOf(['shop.example.com', 'api.example.com']) }),
    scheme: mapping({ exact: oneOf(['http', 'https']) }),
  }, ['name', 'uri', 'headers', 'queryParams', 'method', 'port', 'ignoreUriCase', 'authority', 'scheme']);
}

/** A destination: host, maybe subset and port. */
function destination(ports: readonly number[]): fc.Arbitrary<JsonObject> {
  return mapping({
    host: oneOf(DESTINATION_HOSTS),
    subset: oneOf(SUBSETS),
    port: mapping({ number: oneOf(ports) }),
  }, ['subset', 'port']);
}

/** A route list: one destination, or weighted destinations. */
function routeDestinations(ports: readonly number[]): fc.Arbitrary<Json> {
  return list(mapping({ destination: destination(ports), weight: oneOf([0, 10, 25, 50, 90, 100]) }, ['weight']), 1, 3);
}

/** What an HTTP rule does: route, redirect, direct response or delegate. */
function httpAction(): fc.Arbitrary<JsonObject> {
  const route = mapping({ route: routeDestinations([80, 8080, 443]) });
  const redirect = mapping({
    redirect: mapping({
      uri: oneOf(PATHS),
      authority: oneOf(['new.example.com', 'shop.example.com']),
      redirectCode: oneOf([301, 302, 308]),
      scheme: oneOf(['https', 'http']),
      port: oneOf([443, 8443]),
    }, ['uri', 'authority', 'redirectCode', 'scheme', 'port']),
  });
  const directResponse = mapping({
    directResponse: mapping({ status: oneOf([200, 403, 404, 503]), body: mapping({ string: oneOf(['ok', 'denied', '']) }) }, ['body']),
  });
  const delegate = mapping({ delegate: mapping({ name: oneOf(DELEGATES), namespace: oneOf(['apps', 'default']) }, ['namespace']) });
  return fc.oneof(
    { arbitrary: route, weight: 5 },
    { arbitrary: redirect, weight: 1 },
    { arbitrary: directResponse, weight: 1 },
    { arbitrary: delegate, weight: 1 },
  );
}

/** An `http` rule: matches, an action, and optional rewrite, fault, timeout, retries and header edits. */
function httpRule(withDelegation: boolean): fc.Arbitrary<JsonObject> {
  const extras = mapping({
    name: oneOf(['legacy', 'api', 'canary', 'default']),
    match: list(httpMatch(), 1, 2),
    rewrite: mapping({ uri: oneOf(PATHS), authority: oneOf(['api.internal', 'shop.internal']) }, ['uri', 'authority']),
    fault: mapping({
      abort: mapping({ httpStatus: oneOf([500, 503]), percentage: mapping({ value: oneOf([0, 50, 100]) }) }, ['percentage']),
      delay: mapping({ fixedDelay: oneOf(['1s', '100ms']), percentage: mapping({ value: oneOf([10, 100]) }) }, ['percentage']),
    }, ['abort', 'delay']),
    timeout: oneOf(['5s', '0.5s', '1m']),
    retries: mapping({ attempts: fc.integer({ min: 0, max: 5 }), perTryTimeout: oneOf(['2s']) }, ['perTryTimeout']),
    headers: fc.constant({ request: { set: { 'x-forwarded-env': 'fuzz' } }, response: { remove: ['x-powered-by'] } }),
    mirror: mapping({ host: oneOf(BACKENDS) }),
    corsPolicy: fc.constant({ allowOrigins: [{ exact: 'https://shop.example.com' }], allowMethods: ['GET'] }),
  }, ['name', 'match', 'rewrite', 'fault', 'timeout', 'retries', 'headers', 'mirror', 'corsPolicy']);
  const action = withDelegation ? httpAction() : httpAction().filter((a) => a.delegate === undefined);
  return fc.tuple(extras, action).map(([rule, act]) => ({ ...rule, ...act }));
}

/** A `tcp` rule. */
function tcpRule(): fc.Arbitrary<JsonObject> {
  return mapping({
    match: list(mapping({ port: oneOf([3306, 9000, 15443]) }), 1, 2),
    route: routeDestinations([3306, 9000]),
  }, ['match']);
}

/** A `tls` rule, matched by SNI. */
function tlsRule(): fc.Arbitrary<JsonObject> {
  return mapping({
    match: list(mapping({ sniHosts: fc.subarray(['shop.example.com', '*.example.com', 'api.example.com'], { minLength: 1 }), port: oneOf([443, 15443]) },
      ['port']), 1, 2),
    route: routeDestinations([443, 8443]),
  });
}

/** Hosts of a VirtualService. */
const VS_HOSTS = ['shop.example.com', 'api.example.com', '*.example.com', 'web.lab.example.com', '*', 'shop'];

/** Gateway references of a VirtualService. */
const VS_GATEWAYS = ['istio-system/public', 'istio-system/internal', 'public', 'default/edge', 'mesh', 'istio-system/missing'];

/** A root VirtualService bound to Gateways, with http, tcp and tls rules. */
export function virtualService(): fc.Arbitrary<JsonObject> {
  return kubeObject('networking.istio.io/v1', 'VirtualService', metadata(oneOf(['shop', 'api', 'web', 'mysql']), oneOf(NAMESPACES)), {
    spec: mapping({
      hosts: fc.subarray(VS_HOSTS, { minLength: 1, maxLength: 3 }),
      gateways: fc.subarray(VS_GATEWAYS, { minLength: 1, maxLength: 2 }),
      exportTo: oneOf([['*'], ['.'], ['istio-system'], ['~']]),
      http: list(httpRule(true), 1, 3),
      tcp: list(tcpRule(), 1, 2),
      tls: list(tlsRule(), 1, 2),
    }, ['exportTo', 'http', 'tcp', 'tls']),
  });
}

/** A delegate VirtualService: no hosts, no gateways, http rules only. */
export function delegateVirtualService(): fc.Arbitrary<JsonObject> {
  return kubeObject('networking.istio.io/v1', 'VirtualService', metadata(oneOf(DELEGATES), oneOf(['apps', 'default'])), {
    spec: mapping({ http: list(httpRule(false), 1, 3), exportTo: oneOf([['*'], ['.']]) }, ['exportTo']),
  });
}

// --- DestinationRules, backends, Secrets --------------------------------------------------------------------------------

/** A DestinationRule with subsets. */
export function destinationRule(): fc.Arbitrary<JsonObject> {
  const subset = mapping({ name: oneOf(SUBSETS), labels: fc.constantFrom<JsonObject>({ version: 'v1' }, { version: 'v2' }, { track: 'canary' }) });
  return kubeObject('networking.istio.io/v1', 'DestinationRule', metadata(oneOf(BACKENDS), oneOf(NAMESPACES)), {
    spec: mapping({
      host: oneOf(DESTINATION_HOSTS),
      subsets: list(subset, 1, 3),
      trafficPolicy: fc.constant({ tls: { mode: 'ISTIO_MUTUAL' }, connectionPool: { http: { http2MaxRequests: 100 } } }),
      exportTo: oneOf([['*'], ['.']]),
    }, ['trafficPolicy', 'exportTo']),
  });
}

/** A backend Service (`shop`, `api`, `web`) with an http port. */
export function backendService(): fc.Arbitrary<JsonObject> {
  const port = mapping({ name: oneOf(['http', 'http-web', 'grpc', 'tcp']), port: oneOf([80, 8080, 443, 3306]), targetPort: oneOf([8080, 'http']) }, ['name', 'targetPort']);
  return fc.constantFrom(...BACKENDS).chain((name) => kubeObject('v1', 'Service', metadata(fc.constant(name), oneOf(NAMESPACES)), {
    spec: mapping({ selector: fc.constant({ app: name }), ports: list(port, 1, 2) }),
  }));
}

/** A TLS Secret: a valid certificate and key, or data that is not PEM. */
export function tlsSecret(): fc.Arbitrary<JsonObject> {
  const base64 = (text: string): string => Buffer.from(text).toString('base64');
  return kubeObject('v1', 'Secret', metadata(oneOf(CREDENTIALS), fc.constant(GATEWAY_NAMESPACE)), {
    type: oneOf(['kubernetes.io/tls', 'Opaque']),
    data: fc.oneof(
      fc.constant({ 'tls.crt': base64(VALID_CERT), 'tls.key': base64(KEY) }),
      fc.constant({ 'tls.crt': base64('not a certificate'), 'tls.key': base64('not a key') }),
      fc.constant({ cert: base64(VALID_CERT), key: base64(KEY), cacert: base64(VALID_CERT) }),
    ),
  });
}

/**
 * A plausible gateway configuration: the workload, its Gateways and routes, and what they reference, in that order;
 * `decorate` wraps each object's arbitrary (to attach mutations to it).
 */
export function manifests<T>(decorate: (object: fc.Arbitrary<JsonObject>) => fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.record({
    deployment: fc.option(decorate(gatewayDeployment()), { freq: 4, nil: undefined }),
    service: fc.option(decorate(gatewayService()), { freq: 5, nil: undefined }),
    gateways: fc.array(decorate(gateway()), { minLength: 1, maxLength: 3 }),
    virtualServices: fc.array(decorate(virtualService()), { minLength: 0, maxLength: 3 }),
    delegates: fc.array(decorate(delegateVirtualService()), { maxLength: 1 }),
    destinationRules: fc.array(decorate(destinationRule()), { maxLength: 2 }),
    backends: fc.array(decorate(backendService()), { maxLength: 2 }),
    secrets: fc.array(decorate(tlsSecret()), { maxLength: 1 }),
  }).map((m) => [
    ...(m.deployment !== undefined ? [m.deployment] : []),
    ...(m.service !== undefined ? [m.service] : []),
    ...m.gateways, ...m.virtualServices, ...m.delegates, ...m.destinationRules, ...m.backends, ...m.secrets,
  ]);
}
