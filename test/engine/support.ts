/**
 * Table-driven engine tests, in the style of Istio's own gateway simulation tests
 * (istio/istio `pilot/pkg/networking/core/gateway_simulation_test.go`): each case names the
 * manifests, one request, the decision fields it expects, and where that expectation comes from.
 */
import { parseAllDocuments } from 'yaml';
import { collectCase } from './case-collector';
import { Decision, TrafficEngine, TrafficRequest } from '../../src/engine-entry';

/** Manifests: multi-document YAML text, or plain objects. */
export type Manifests = string | readonly unknown[];

/** One request and what the gateway must do with it. */
export interface EngineCase {
  /** What the case shows (unique within a file). */
  readonly name: string;
  /** Where the expectation comes from: reference section, Istio doc URL, or Istio/Envoy source file and function. */
  readonly source: string;
  /** The manifests. */
  readonly manifests: Manifests;
  /** The request. */
  readonly request: TrafficRequest;
  /** Decision fields that must match (`toMatchObject`: arrays must match element by element). */
  readonly expect: Record<string, unknown>;
  /** Optional decision fields the decision must not have (not even as a key whose value is undefined). */
  readonly absent?: readonly (keyof Decision)[];
}

/** Namespace of the gateway pods, Service and Gateway of the standard fixture. */
export const GATEWAY_NAMESPACE = 'istio-system';

/** The pod labels of the standard gateway Deployment. */
export const GATEWAY_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/** The standard plaintext server: HTTP on port 80 for every host. */
export const HTTP_SERVER = httpServer(['*']);

/** A plaintext HTTP server on port 80 (or `port`) for `hosts`. */
export function httpServer(hosts: readonly string[], options: { port?: number; name?: string; httpsRedirect?: boolean } = {}): string {
  return `
- port: {number: ${options.port ?? 80}, name: ${options.name ?? 'http'}, protocol: HTTP}
  hosts: ${JSON.stringify(hosts)}${options.httpsRedirect ? '\n  tls: {httpsRedirect: true}' : ''}`;
}

/** An HTTPS server on port 443 terminating TLS with the `cert` Secret of the fixture. */
export function httpsServer(hosts: readonly string[], options: { httpsRedirect?: boolean } = {}): string {
  return `
- port: {number: 443, name: https, protocol: HTTPS}
  hosts: ${JSON.stringify(hosts)}
  tls: {mode: SIMPLE, credentialName: cert${options.httpsRedirect ? ', httpsRedirect: true' : ''}}`;
}

/**
 * The gateway pods (Deployment `istio-system/istio-ingressgateway`, container ports 8080 and 8443),
 * their NodePort Service (80 -> 8080 on nodePort 30080, 443 -> 8443 on nodePort 30443), the TLS
 * Secret `cert`, and a Gateway selecting them with `servers` (YAML list items, see `httpServer`).
 */
export function gatewayFixture(servers: string = HTTP_SERVER, gateway: { name?: string; namespace?: string } = {}): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: ${GATEWAY_NAMESPACE}}
spec:
  selector: {matchLabels: ${JSON.stringify(GATEWAY_LABELS)}}
  template:
    metadata: {labels: ${JSON.stringify(GATEWAY_LABELS)}}
    spec:
      containers:
      - name: istio-proxy
        image: auto
        ports: [{containerPort: 8080, name: http}, {containerPort: 8443, name: https}]
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: ${GATEWAY_NAMESPACE}}
spec:
  type: NodePort
  selector: ${JSON.stringify(GATEWAY_LABELS)}
  ports:
  - {name: http2, port: 80, targetPort: 8080, nodePort: 30080}
  - {name: https, port: 443, targetPort: 8443, nodePort: 30443}
---
apiVersion: v1
kind: Secret
metadata: {name: cert, namespace: ${GATEWAY_NAMESPACE}}
type: kubernetes.io/tls
data: {tls.crt: Y2VydA==, tls.key: a2V5}
${gatewayResource(servers, gateway)}`;
}

/** Just a Gateway selecting the standard pods (for a second Gateway next to `gatewayFixture`). */
export function gatewayResource(servers: string, gateway: { name?: string; namespace?: string } = {}): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${gateway.name ?? 'gw'}, namespace: ${gateway.namespace ?? GATEWAY_NAMESPACE}}
spec:
  selector: {istio: ingressgateway}
  servers:${indent(dedent(servers), 2)}
`;
}

/** Metadata options of a VirtualService. */
export interface VirtualServiceMeta {
  /** @default 'default' */
  readonly namespace?: string;
  /** RFC 3339, e.g. `2020-01-01T00:00:00Z`. @default - none */
  readonly creationTimestamp?: string;
}

/**
 * A VirtualService document; `spec` is YAML (indented as convenient: common indentation is removed).
 * Bind it to the fixture's Gateway with `gateways: [istio-system/gw]` in the spec.
 */
export function virtualService(name: string, spec: string, meta: VirtualServiceMeta = {}): string {
  const timestamp = meta.creationTimestamp ? `\n  creationTimestamp: "${meta.creationTimestamp}"` : '';
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${meta.namespace ?? 'default'}${timestamp}
spec:${indent(dedent(spec), 2)}
`;
}

/** Any other document (Service, DestinationRule, ...), YAML with common indentation removed. */
export function doc(yaml: string): string {
  return `\n---\n${dedent(yaml)}\n`;
}

/** A Service `name.namespace` with the given ports (for destination port defaulting). */
export function service(name: string, ports: readonly number[], namespace = 'default'): string {
  return doc(`
    apiVersion: v1
    kind: Service
    metadata: {name: ${name}, namespace: ${namespace}}
    spec:
      selector: {app: ${name}}
      ports: [${ports.map((p) => `{name: http-${p}, port: ${p}}`).join(', ')}]`);
}

/** `name.namespace.svc.cluster.local`. */
export function fqdn(name: string, namespace = 'default'): string {
  return `${name}.${namespace}.svc.cluster.local`;
}

/** Expectation fields for a route to one destination taking all the traffic. */
export function onlyTo(host: string, port: number | null, subset: string | null = null): Record<string, unknown> {
  return { action: 'route', status: null, destinations: [{ host, port, subset, weight: 100 }] };
}

/** Expectation fields for a 404 from the proxy. */
export const NO_ROUTE = { action: 'no_route', status: 404, virtualService: null, rule: null, destinations: [] };

const parsed = new Map<string, readonly unknown[]>();

/**
 * The engine for `manifests`, compiled afresh for each call (YAML text is parsed once): a test compiles the engine it
 * asks about, so no test depends on a compilation another test ran.
 */
export function engineOf(manifests: Manifests): TrafficEngine {
  return TrafficEngine.fromManifests(typeof manifests === 'string' ? parsedYaml(manifests) : manifests);
}

function parsedYaml(text: string): readonly unknown[] {
  let objects = parsed.get(text);
  if (objects === undefined) {
    objects = parseAllDocuments(text).map((d) => d.toJS());
    parsed.set(text, objects);
  }
  return objects;
}

/** Runs a table of cases, one jest test each; a failure shows the case's source and the decision trace. */
export function runCases(cases: readonly EngineCase[]): void {
  test('case names are unique', () => {
    const names = cases.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    collectCase(c.name, c.source, c.manifests, c.request);
    const decision = engineOf(c.manifests).route(c.request);
    try {
      expect(decision).toMatchObject(c.expect);
      for (const field of c.absent ?? []) {
        // Absent means no such key, not a key whose value is undefined.
        expect(field in decision ? { [field]: decision[field] } : {}).toStrictEqual({});
      }
    } catch (e) {
      (e as Error).message += `\n\nsource: ${c.source}\ntrace:\n  ${decision.trace.join('\n  ')}`;
      throw e;
    }
  });
}

/** Removes the indentation common to all non-blank lines and leading/trailing blank lines. */
export function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const depth = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(Number.isFinite(depth) ? depth : 0)).join('\n');
}

function indent(text: string, spaces: number): string {
  return text.split('\n').map((l) => `\n${' '.repeat(spaces)}${l}`).join('');
}
