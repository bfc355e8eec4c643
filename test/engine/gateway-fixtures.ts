/**
 * Shared fixtures for the gateway-level engine tables: YAML builders for the objects most cases
 * need (gateway Deployment, its Service, Gateways) and a runner for `{ name, source, manifests,
 * request, expect }` tables.
 *
 * Every case says where its expectation comes from (`source`): a section of
 * /work/shared/reference/ISTIO-ROUTING-SEMANTICS.md, an istio.io page, or an Istio/Envoy source
 * file with the function or test name. Istio's own cases are re-expressed in our own YAML.
 */
import { parseAllDocuments } from 'yaml';
import { collectCase } from './case-collector';
import { Decision } from '../../src/engine/decision';
import { TrafficRequest } from '../../src/engine/request';
import { RequestError } from '../../src/engine/request-error';
import { TrafficEngine } from '../../src/engine/traffic-engine';

/** What a case expects: a subset of the decision, or a RequestError whose message matches. */
export type Expectation = Record<string, unknown> | { readonly requestError: RegExp };

/** One row of an engine table. */
export interface EngineCase {
  /** What the case shows. */
  readonly name: string;
  /** Where the expectation comes from. */
  readonly source: string;
  /** The manifests, as multi-document YAML. */
  readonly manifests: string;
  /** The request. */
  readonly request: TrafficRequest;
  /** The decision fields the case cares about, or the RequestError it expects. */
  readonly expect: Expectation;
}

/** An engine for multi-document YAML. */
export function engineFromYaml(yaml: string): TrafficEngine {
  return TrafficEngine.fromManifests(parseAllDocuments(yaml).map((d) => d.toJS()));
}

/** Runs a table: one jest test per case, named after the case and its source. */
export function runCases(cases: readonly EngineCase[]): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) {
      throw new Error(`duplicate case name: ${c.name}`);
    }
    names.add(c.name);
  }
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    collectCase(c.name, c.source, c.manifests, c.request);
    const engine = engineFromYaml(c.manifests);
    if ('requestError' in c.expect) {
      const pattern = c.expect.requestError as RegExp;
      expect(() => engine.route(c.request)).toThrow(RequestError);
      expect(() => engine.route(c.request)).toThrow(pattern);
      return;
    }
    const decision: Decision = engine.route(c.request);
    try {
      expect(decision).toMatchObject(c.expect);
    } catch (e) {
      (e as Error).message += `\n\nsource: ${c.source}\ntrace:\n  ${decision.trace.join('\n  ')}`;
      throw e;
    }
  });
}

/** Indents every line of `text` by `spaces`. */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.trim().split('\n').map((line) => (line.trim() === '' ? '' : pad + line)).join('\n');
}

/** Options of {@link gatewayDeployment}. */
export interface DeploymentOptions {
  /** Deployment name. */
  readonly name?: string;
  /** Namespace. */
  readonly namespace?: string;
  /** Pod labels as `k: v` YAML lines. */
  readonly labels?: string;
  /** Container ports as YAML list items. */
  readonly ports?: string;
  /** Container env as YAML list items. */
  readonly env?: string;
}

/**
 * A gateway Deployment as the `istio/gateway` chart renders it (gateway injection template,
 * `istio-proxy` container with `image: auto`), by default `istio-system/istio-ingressgateway`
 * labelled `istio: ingressgateway`.
 */
export function gatewayDeployment(options: DeploymentOptions = {}): string {
  const labels = options.labels ?? 'istio: ingressgateway';
  return `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name ?? 'istio-ingressgateway'}
  namespace: ${options.namespace ?? 'istio-system'}
spec:
  selector:
    matchLabels:
${indent(labels, 6)}
  template:
    metadata:
      labels:
${indent(labels, 8)}
      annotations:
        inject.istio.io/templates: gateway
    spec:
      containers:
      - name: istio-proxy
        image: auto
${options.ports ? `        ports:\n${indent(options.ports, 8)}` : ''}
${options.env ? `        env:\n${indent(options.env, 8)}` : ''}
---
`;
}

/** Options of {@link gatewayService}. */
export interface ServiceOptions {
  /** Service name. */
  readonly name?: string;
  /** Namespace. */
  readonly namespace?: string;
  /** Selector as `k: v` YAML lines. */
  readonly selector?: string;
  /** Metadata labels as `k: v` YAML lines. */
  readonly labels?: string;
}

/** A gateway Service with `ports` (YAML list items), by default `istio-system/istio-ingressgateway`. */
export function gatewayService(ports: string, options: ServiceOptions = {}): string {
  return `
apiVersion: v1
kind: Service
metadata:
  name: ${options.name ?? 'istio-ingressgateway'}
  namespace: ${options.namespace ?? 'istio-system'}
${options.labels ? `  labels:\n${indent(options.labels, 4)}` : ''}
spec:
  type: NodePort
  selector:
${indent(options.selector ?? 'istio: ingressgateway', 4)}
  ports:
${indent(ports, 2)}
---
`;
}

/**
 * The ports of the current `istio/gateway` chart's Service (status-port 15021, http2 80->80,
 * https 443->443), with node ports 30080 and 30443.
 */
export const CHART_SERVICE_PORTS = `
- {name: status-port, port: 15021, targetPort: 15021, protocol: TCP}
- {name: http2, port: 80, targetPort: 80, nodePort: 30080, protocol: TCP}
- {name: https, port: 443, targetPort: 443, nodePort: 30443, protocol: TCP}
`;

/** The default gateway pods and chart Service (80->80, 443->443) in istio-system. */
export const CHART_GATEWAY = gatewayDeployment() + gatewayService(CHART_SERVICE_PORTS);

/** Options of {@link gateway}. */
export interface GatewayOptions {
  /** Namespace. */
  readonly namespace?: string;
  /** Selector as `k: v` YAML lines, `{}` for an empty selector, or `none` for no selector field. */
  readonly selector?: string;
  /** creationTimestamp. */
  readonly created?: string;
}

/** A Gateway `name` with `servers` (YAML list items), by default in istio-system selecting `istio: ingressgateway`. */
export function gateway(name: string, servers: string, options: GatewayOptions = {}): string {
  const selector = options.selector ?? 'istio: ingressgateway';
  const selectorYaml = selector === 'none' ? '' : selector === '{}' ? '  selector: {}' : `  selector:\n${indent(selector, 4)}`;
  return `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${options.namespace ?? 'istio-system'}
${options.created ? `  creationTimestamp: "${options.created}"` : ''}
spec:
${selectorYaml}
  servers:
${indent(servers, 2)}
---
`;
}

/** A plain HTTP server on `port` for `hosts` (YAML flow list), named `name`. */
export function httpServer(port: number, hosts: string, name = `http-${port}`): string {
  return `
- port: {number: ${port}, name: ${name}, protocol: HTTP}
  hosts: ${hosts}
`;
}

/** A VirtualService with `hosts` and `gateways` (YAML flow lists) and a `body` (http/tcp/tls sections). */
export function virtualService(name: string, namespace: string, hosts: string, gateways: string, body: string, created?: string): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${namespace}
${created ? `  creationTimestamp: "${created}"` : ''}
spec:
  hosts: ${hosts}
  gateways: ${gateways}
${indent(body, 2)}
---
`;
}

/** An `http` section with one catch-all rule to `host` (port `port` when given). */
export function routeAllTo(host: string, port?: number): string {
  return `
http:
- route:
  - destination:
      host: ${host}${port ? `\n      port: {number: ${port}}` : ''}
`;
}

/** A `tcp` section with one rule (no match) to `host:port`. */
export function tcpTo(host: string, port: number): string {
  return `
tcp:
- route:
  - destination: {host: ${host}, port: {number: ${port}}}
`;
}

/** The expected destinations field for one destination with all the traffic. */
export function onlyTo(host: string, port: number | null, subset: string | null = null): Record<string, unknown> {
  return { destinations: [{ host, port, subset, weight: 100 }] };
}

/** `NAME.NAMESPACE.svc.cluster.local`. */
export function fqdn(name: string, namespace = 'default'): string {
  return `${name}.${namespace}.svc.cluster.local`;
}
