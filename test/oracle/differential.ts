/**
 * One differential check: a configuration's manifests, compiled by this engine, against the config dump istiod
 * generates from the same manifests (through the oracle), request by request; and this analyzer's findings against
 * istioctl analyze's, for the codes both report.
 */
import * as yaml from 'js-yaml';
import { Manifest } from './config-arbitrary';
import { OracleFinding, OracleResult } from './oracle-process';
import { analyze } from '../../src/analyze/analyze';
import { Decision } from '../../src/engine/decision';
import { TrafficRequest } from '../../src/engine/request';
import { TrafficEngine } from '../../src/engine/traffic-engine';

/** What two decisions are compared on: the fields the issue names, as plain data. */
export interface ComparedDecision {
  readonly action: string;
  readonly status: number | null;
  /** `virtual host #position` of the HTTP route that decided, or null. */
  readonly route: string | null;
  readonly destinations: string[];
  readonly redirect: string | null;
  readonly rewrite: string | null;
}

/** A request on which the two disagree. */
export interface DecisionDifference {
  readonly request: TrafficRequest;
  readonly ours: ComparedDecision | string;
  readonly istiod: ComparedDecision | string;
}

/** The outcome of one configuration. */
export type CheckOutcome =
  | { readonly kind: 'refused'; readonly error: string }
  | { readonly kind: 'unreadable'; readonly error: string }
  | { readonly kind: 'checked'; readonly decisions: DecisionDifference[]; readonly findings: FindingDifference[]; readonly requests: number };

/** A finding only one side reports. */
export interface FindingDifference {
  readonly side: 'ours' | 'istioctl';
  /** `CODE Kind ns/name`. */
  readonly finding: string;
  readonly message: string;
}

/**
 * The `istioctl analyze` codes this analyzer also reports, compared finding by finding. Not IST0145
 * (ConflictingGateways): istioctl's analyzer records each server's hosts into the shared map of the Gateways it
 * compares against while it walks Go maps (`pkg/config/analysis/analyzers/gateway/conflictinggateway.go`,
 * `isGWConflict` through `model.CheckDuplicates`), so which Gateways it reports changes from run to run on the same
 * files.
 */
export const SHARED_CODES = new Set(['IST0101', 'IST0106', 'IST0132', 'IST0162', 'IST0173']);

/** The manifests as the multi-document YAML the oracle reads (and a reproduction prints). */
export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => yaml.dump(m, { lineWidth: -1, noRefs: true })).join('---\n');
}

/** The gateway Service's ports: port, nodePort, and the pod's port they lead to. */
type ServicePorts = ReadonlyArray<{ readonly port: number; readonly nodePort?: number; readonly targetPort?: number }>;

/**
 * The request as a user reading the dump gives it, or undefined when the dump cannot express it: a request that names
 * a gateway workload (the dump is of one), a request to no port
 * of the gateway Service (the dump has no Service to refuse it with), or to a Service port whose pod port is also a
 * port the dump's virtual hosts name (the dump reads it as that server port). A nodePort becomes its Service port; a
 * Service port stays when the dump's virtual hosts name it (`shop.example.com:80`), else becomes the pod's port Envoy
 * listens on.
 */
function dumpRequest(request: TrafficRequest, ports: ServicePorts, named: ReadonlySet<number>): TrafficRequest | undefined {
  if (request.gateway !== undefined) {
    // The oracle generates the configuration of one gateway proxy: a request that picks a workload is not compared.
    return undefined;
  }
  const entry = ports.find((p) => (request.nodePort === undefined ? p.port === request.port : p.nodePort === request.nodePort));
  if (entry === undefined) {
    return undefined;
  }
  const { nodePort: _, ...rest } = request;
  if (named.has(entry.port)) {
    return { ...rest, port: entry.port };
  }
  const target = typeof entry.targetPort === 'number' ? entry.targetPort : entry.port;
  return named.has(target) ? undefined : { ...rest, port: target };
}

/** The gateway workload the oracle builds the config of: the namespace and pod labels of the engine's default workload. */
export function gatewayOf(manifests: readonly Manifest[]): { namespace: string; labels: Record<string, string> } | undefined {
  const key = TrafficEngine.fromManifests(manifests).defaultGatewayWorkload;
  const workload = manifests.find((m) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(String(m.kind))
    && `${(m.metadata as Manifest).namespace ?? 'default'}/${(m.metadata as Manifest).name}` === key);
  const labels = ((workload?.spec as Manifest | undefined)?.template as Manifest | undefined)?.metadata as Manifest | undefined;
  return workload === undefined ? undefined
    : { namespace: String((workload.metadata as Manifest).namespace ?? 'default'), labels: labels?.labels as Record<string, string> };
}

/** The pod the oracle runs as the gateway when the manifests define no gateway workload: istio-system, istio=ingressgateway. */
export const DEFAULT_GATEWAY_POD: Manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'istio-ingressgateway-0', namespace: 'istio-system', labels: { istio: 'ingressgateway' } },
  spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] },
  status: { phase: 'Running', podIP: '10.244.0.10' },
};

/**
 * The manifests as the cluster of a check holds them: with the oracle's default gateway pod when they define no
 * gateway workload, so that both analyzers see the pod istiod's config generation assumed.
 */
export function withGatewayPod(manifests: readonly Manifest[]): Manifest[] {
  return gatewayOf(manifests) === undefined ? [...manifests, DEFAULT_GATEWAY_POD] : [...manifests];
}

/** The ports of the gateway Service that selects the gateway's pods. */
function gatewayServicePorts(manifests: readonly Manifest[], gateway: ReturnType<typeof gatewayOf>): ServicePorts {
  const service = manifests.find((m) => m.kind === 'Service' && (m.metadata as Manifest).namespace === gateway?.namespace
    && Object.entries(((m.spec as Manifest).selector ?? {}) as Record<string, string>).every(([k, v]) => gateway?.labels[k] === v));
  return ((service?.spec as Manifest | undefined)?.ports ?? []) as ServicePorts;
}

/** A decision as compared, or the one-line error the engine threw. */
function compared(engine: TrafficEngine, request: TrafficRequest): ComparedDecision | string {
  let route: string | null = null;
  let decision: Decision;
  try {
    decision = engine.route(request, { trace: false, _onRoute: (vhost, position) => (route = `${vhost} #${position}`) });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
  return {
    action: decision.action,
    status: decision.status,
    route,
    destinations: decision.destinations.map((d) => `${d.host}|${d.port ?? ''}|${d.subset ?? ''} ${d.weight}%`),
    redirect: decision.redirect?.location ?? null,
    rewrite: decision.rewrite === null ? null : `path=${decision.rewrite.path ?? '-'} authority=${decision.rewrite.authority ?? '-'}`,
  };
}

/** Findings of the shared codes by comparable line (`CODE Kind ns/name`), with a message each. */
function findingLines(findings: ReadonlyArray<{ code: string; resource: string; message: string }>): Map<string, string> {
  return new Map(findings.filter((f) => SHARED_CODES.has(f.code)).map((f) => [`${f.code} ${f.resource}`, f.message]));
}

/** Compares one configuration's decisions on `requests`, and its findings, with the oracle's result for it. */
export function check(manifests: readonly Manifest[], requests: readonly TrafficRequest[], oracle: OracleResult): CheckOutcome {
  if (oracle.error !== null) {
    return { kind: 'refused', error: oracle.error };
  }
  let theirs: TrafficEngine;
  try {
    theirs = TrafficEngine.fromConfigDump(oracle.configDump, 'istiod');
  } catch (e) {
    return { kind: 'unreadable', error: (e as Error).message };
  }
  const ours = TrafficEngine.fromManifests(manifests);
  const named = namedPorts(oracle.configDump);
  const ports = gatewayServicePorts(manifests, gatewayOf(manifests) ?? { namespace: 'istio-system', labels: { istio: 'ingressgateway' } });
  const decisions: DecisionDifference[] = [];
  let comparable = 0;
  for (const request of requests) {
    const onDump = dumpRequest(request, ports, named);
    if (onDump === undefined) {
      continue;
    }
    comparable++;
    const a = compared(ours, request);
    const b = compared(theirs, onDump);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      decisions.push({ request, ours: a, istiod: b });
    }
  }
  const mine = findingLines(analyze(manifests, { assumeDefaultIngress: false }));
  const istioctl = findingLines(oracle.analysis ?? []);
  const findings: FindingDifference[] = [
    ...[...mine].filter(([f]) => !istioctl.has(f)).map(([finding, message]) => ({ side: 'ours' as const, finding, message })),
    ...[...istioctl].filter(([f]) => !mine.has(f)).map(([finding, message]) => ({ side: 'istioctl' as const, finding, message })),
  ];
  return { kind: 'checked', decisions, findings, requests: comparable };
}

/** The Service ports the dump's virtual hosts name (`shop.example.com:80`, whatever port its listener has). */
function namedPorts(dump: unknown): Set<number> {
  const ports = new Set<number>();
  for (const match of JSON.stringify(dump).matchAll(/"name":"[^"|]*:(\d+)"/g)) {
    ports.add(Number(match[1]));
  }
  return ports;
}

/** A difference as text, for a reproduction. */
export function describeDifference(d: DecisionDifference): string {
  return [
    `request: ${JSON.stringify(d.request)}`,
    `  ours:   ${JSON.stringify(d.ours)}`,
    `  istiod: ${JSON.stringify(d.istiod)}`,
  ].join('\n');
}

/** The findings a check disagreed on, as text. */
export function describeFindings(findings: readonly FindingDifference[]): string {
  return findings.map((f) => `  only ${f.side}: ${f.finding}: ${f.message}`).join('\n');
}

export type { OracleFinding };
