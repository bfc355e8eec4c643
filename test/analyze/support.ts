import { parseAllDocuments } from 'yaml';
import { analyze, AnalyzeOptions, Finding } from '../../src';
import { httpGateway } from '../support/istio-yaml';

/**
 * The gateway pods (label istio: ingressgateway) in istio-system, their istio-proxy container declaring
 * `containerPorts` when given, and their NodePort Service with `servicePorts` (YAML flow lists).
 */
export function gatewayWorkload(servicePorts: string, containerPorts?: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata:
      labels: {istio: ingressgateway, sidecar.istio.io/inject: "true"}
      annotations: {inject.istio.io/templates: gateway}
    spec: {containers: [{name: istio-proxy, image: auto${containerPorts ? `, ports: ${containerPorts}` : ''}}]}
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  type: NodePort
  selector: {istio: ingressgateway}
  ports: ${servicePorts}
`;
}

/** The gateway pods (label istio: ingressgateway) in istio-system and their NodePort Service 80, 443. */
export const GATEWAY_WORKLOAD = gatewayWorkload('[{name: http2, port: 80, targetPort: 80}, {name: https, port: 443, targetPort: 443}]');

/** Findings of a YAML stream. */
export function findings(yaml: string, options?: AnalyzeOptions): Finding[] {
  return analyze(parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean), options);
}

/** Findings of one code. */
export function findingsOf(code: string, yaml: string, options?: AnalyzeOptions): Finding[] {
  return findings(yaml, options).filter((f) => f.code === code);
}

/** The Gateway `istio-system/public` selecting the gateway pods, HTTP on 80 for `hosts` (a YAML flow list). */
export function publicGateway(hosts = "['*']"): string {
  return `
---
${httpGateway('public', { hosts })}`;
}
