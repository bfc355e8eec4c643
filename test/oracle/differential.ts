/**
 * One differential check: a configuration's manifests, compiled by this engine, against the config dump istiod
 * generates from the same manifests (through the oracle), request by request; and this analyzer's findings against
 * istioctl analyze's, for the codes both report.
 */
import * as yaml from 'js-yaml';
import { Manifest } from './config-arbitrary';
import { OracleFinding, OracleResult } from './oracle-process';
import { analyze } from '../../src/analyze/analyze';
import { readConfigDump } from '../../src/engine/config-dump-reader';
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
 * The `istioctl analyze` codes this analyzer also reports, compared finding by finding (IST0133 being istiod's webhook
 * warnings, which istioctl reports as SchemaWarning). Not IST0145
 * (ConflictingGateways): istioctl's analyzer records each server's hosts into the shared map of the Gateways it
 * compares against while it walks Go maps (`pkg/config/analysis/analyzers/gateway/conflictinggateway.go`,
 * `isGWConflict` through `model.CheckDuplicates`), so which Gateways it reports changes from run to run on the same
 * files.
 */
export const SHARED_CODES = new Set(['IST0101', 'IST0106', 'IST0132', 'IST0133', 'IST0162', 'IST0173']);

/** The manifests as the multi-document YAML the oracle reads (and a reproduction prints). */
export function manifestsYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => yaml.dump(m, { lineWidth: -1, noRefs: true })).join('---\n');
}

/** The gateway Service's ports: port, nodePort, and the pod's port they lead to (a number or a container port's name). */
type ServicePorts = ReadonlyArray<{ readonly port: number; readonly nodePort?: number; readonly targetPort?: number | string }>;

/** The pod port a Service port leads to: its targetPort, resolved by name through the pod's containers; the port itself by default. */
function targetPortOf(entry: ServicePorts[number], containers: readonly unknown[]): number | undefined {
  if (entry.targetPort === undefined) {
    return entry.port;
  }
  if (typeof entry.targetPort === 'number') {
    return entry.targetPort;
  }
  const ports = containers.flatMap((c) => ((c as Manifest).ports ?? []) as Array<{ name?: string; containerPort: number }>);
  return ports.find((p) => p.name === entry.targetPort)?.containerPort;
}

/**
 * The request as the dump can take it, or undefined when the dump cannot express it. A dump has no Service: a request
 * names a server port its virtual hosts name (`shop.example.com:80`, read first), or a listener port. So the request
 * names its Service port when the dump leads that server port to the listener the Service forwards to, else the
 * listener port itself, unless that number is also a server port the dump leads elsewhere; then, and for a request that
 * picks a gateway workload (the dump is of one) or names no port of the gateway Service, it is not compared.
 */
function dumpRequest(
  request: TrafficRequest, ports: ServicePorts, dumpPorts: ReadonlyMap<number, number>, containers: readonly unknown[],
): TrafficRequest | undefined {
  if (request.gateway !== undefined) {
    return undefined;
  }
  const entry = ports.find((p) => (request.nodePort === undefined ? p.port === request.port : p.nodePort === request.nodePort));
  if (entry === undefined) {
    return undefined;
  }
  const { nodePort: _, ...rest } = request;
  const target = targetPortOf(entry, containers);
  if (target === undefined) {
    // A named targetPort no container port carries: the Service forwards nowhere, which a dump cannot say.
    return undefined;
  }
  if (dumpPorts.get(entry.port) === target) {
    return { ...rest, port: entry.port };
  }
  const shadowing = dumpPorts.get(target);
  return shadowing === undefined || shadowing === target ? { ...rest, port: target } : undefined;
}

/** The gateway proxy the oracle builds the configuration of. */
export interface OracleGateway {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** The containers of its pod template (ports, and the environment istiod reads as proxy metadata). */
  readonly containers?: unknown[];
}

/** The gateway workload the oracle builds: the namespace, pod labels and containers of the engine's default workload. */
export function gatewayOf(manifests: readonly Manifest[]): OracleGateway | undefined {
  const key = TrafficEngine.fromManifests(manifests).defaultGatewayWorkload;
  const workload = manifests.find((m) => ['Deployment', 'DaemonSet', 'StatefulSet'].includes(String(m.kind))
    && `${(m.metadata as Manifest).namespace ?? 'default'}/${(m.metadata as Manifest).name}` === key);
  if (workload === undefined) {
    return undefined;
  }
  const template = (workload.spec as Manifest | undefined)?.template as Manifest | undefined;
  const containers = (template?.spec as Manifest | undefined)?.containers as unknown[] | undefined;
  return {
    namespace: String((workload.metadata as Manifest).namespace ?? 'default'),
    labels: (template?.metadata as Manifest | undefined)?.labels as Record<string, string>,
    ...(containers === undefined ? {} : { containers }),
  };
}

/**
 * This analyzer's findings on what the oracle's cluster holds. When the harness added the oracle's gateway pod and the
 * manifests hold no gateway Service either, istioctl also has its default ingress pod and Service (ports 80, 443, 31400,
 * 15443), which is what `assumeDefaultIngress` assumes; otherwise nothing is assumed.
 */
function ourFindings(manifests: readonly Manifest[]): ReturnType<typeof analyze> {
  const service = manifests.some((m) => m.kind === 'Service' && (m.metadata as Manifest).name === 'istio-ingressgateway'
    && (m.metadata as Manifest).namespace === 'istio-system');
  if (manifests.includes(DEFAULT_GATEWAY_POD) && !service) {
    return analyze(manifests.filter((m) => m !== DEFAULT_GATEWAY_POD), { assumeDefaultIngress: true });
  }
  return analyze(manifests, { assumeDefaultIngress: false });
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
  const dumpPorts = readConfigDump(oracle.configDump, 'istiod').workloads[0].dump?.listenerPorts ?? new Map<number, number>();
  const gateway = gatewayOf(manifests) ?? { namespace: 'istio-system', labels: { istio: 'ingressgateway' } };
  const ports = gatewayServicePorts(manifests, gateway);
  const decisions: DecisionDifference[] = [];
  let comparable = 0;
  // Manifests with several gateway workloads, or none, leave the workload to the request; the oracle builds one proxy.
  const oneWorkload = ours.defaultGatewayWorkload !== undefined;
  for (const request of oneWorkload ? requests : []) {
    const onDump = dumpRequest(request, ports, dumpPorts, gateway.containers ?? []);
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
  const mine = findingLines(ourFindings(manifests));
  const istioctl = findingLines(oracle.analysis ?? []);
  const findings: FindingDifference[] = [
    ...[...mine].filter(([f]) => !istioctl.has(f)).map(([finding, message]) => ({ side: 'ours' as const, finding, message })),
    ...[...istioctl].filter(([f]) => !mine.has(f)).map(([finding, message]) => ({ side: 'istioctl' as const, finding, message })),
  ];
  return { kind: 'checked', decisions, findings, requests: comparable };
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
