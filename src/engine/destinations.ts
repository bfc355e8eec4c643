/**
 * Where a rule sends traffic: destination hosts resolved, ports defaulted, weights turned into
 * percentages, subsets checked against DestinationRules (reference §e.1, §e.2, §f.4).
 */
import { DecisionDestination } from './decision';
import { isKind, ISTIO_NETWORKING } from './model';
import { resolveShortName } from '../istio/host';
import { KubeObject } from '../manifests/kube-object';
import { KubeService } from '../model/core-types';
import { IstioDestination, IstioDestinationRule, IstioRouteDestination } from '../model/istio-types';

/** A v1 Service (admitted, so its fields have the types {@link KubeService} declares). */
const isService = (o: KubeObject): o is KubeService => o.kind === 'Service' && o.apiVersion === 'v1';

/** A DestinationRule (admitted, so its fields have the types {@link IstioDestinationRule} declares). */
const isDestinationRule = (o: KubeObject): o is IstioDestinationRule => isKind(o, ISTIO_NETWORKING, 'DestinationRule');

/** A cluster a rule forwards to, with its weight as written. */
export interface ClusterTarget {
  /** Envoy's cluster name, e.g. `outbound|80||counter.default.svc.cluster.local`. */
  readonly name: string;
  /** The weight as written (0 when omitted or not positive); only meaningful with several targets. */
  readonly weight: number;
}

/** Services and DestinationRules by fully qualified host. */
export class ServiceRegistry {
  private readonly services = new Map<string, KubeService>();
  private readonly subsets = new Map<string, Set<string>>();

  /** @param objects - admitted objects: each has passed its schema, so the typed views read it soundly. */
  constructor(objects: readonly KubeObject[]) {
    for (const o of objects) {
      if (isService(o)) {
        this.services.set(`${o.metadata.name}.${o.metadata.namespace}.svc.cluster.local`, o);
      } else if (isDestinationRule(o)) {
        const spec = o.spec ?? {};
        const host = resolveShortName(spec.host ?? '', o.metadata.namespace);
        const names = this.subsets.get(host) ?? new Set<string>();
        for (const subset of spec.subsets ?? []) {
          names.add(subset.name);
        }
        this.subsets.set(host, names);
      }
    }
  }

  /** The Service for a fully qualified host, if the manifests hold it. */
  public service(host: string): KubeService | undefined {
    return this.services.get(host);
  }

  /** Every Service by fully qualified host, in manifest order. */
  public servicesByHost(): IterableIterator<[string, KubeService]> {
    return this.services.entries();
  }

  /** The subsets the DestinationRules for a fully qualified host define, in manifest order. */
  public subsetsOf(host: string): readonly string[] {
    return [...this.subsets.get(host) ?? []];
  }

  /** True when a DestinationRule for the host defines the subset. */
  public hasSubset(host: string, subset: string): boolean {
    return this.subsets.get(host)?.has(subset) ?? false;
  }
}

/** A rule's `route` list compiled once: what Envoy's route (or tcp_proxy) holds, and what a decision reports. */
export class CompiledDestinations {
  private traceText?: string;

  constructor(
    /** The destinations as a decision reports them: fully qualified, weights in percent; frozen, shared by every decision. */
    public readonly destinations: readonly DecisionDestination[],
    /** The weight of each destination as written (0 when omitted or not positive); undefined for a single destination. */
    private readonly weights: readonly number[] | undefined,
    /** What a client would notice (defaulted ports, 503s), for the trace. */
    public readonly notes: readonly string[],
  ) {}

  /**
   * The clusters Envoy receives, with their weights as written (weighted clusters when there are several); made
   * when asked (the route table, the config dump), not kept.
   */
  public get clusters(): ClusterTarget[] {
    return this.destinations.map((d, i) => ({ name: clusterName(d), weight: this.weights?.[i] ?? 0 }));
  }

  /** The trace's line, `-> outbound|80||counter.default.svc.cluster.local (100%)`: each cluster with its share. */
  public get description(): string {
    if (this.traceText === undefined) {
      this.traceText = `-> ${this.destinations.map((d) => `${clusterName(d)} (${d.weight}%)`).join(', ')}`;
    }
    return this.traceText;
  }
}

const NO_NOTES: readonly string[] = Object.freeze([]);

/**
 * Compiles a `route` list. One destination takes all the traffic whatever its weight; with several, those of weight 0
 * (or none) are dropped and the rest share the traffic in proportion to their weights (reference §e.2, §f.4).
 */
export function compileDestinations(
  routes: readonly IstioRouteDestination[], namespace: string, serverPort: number, registry: ServiceRegistry,
): CompiledDestinations {
  const notes: string[] = [];
  const kept = keptDestinations(routes);
  if (kept.length === 0 && routes.length > 0) {
    notes.push('every destination has weight 0: Istio rejects such a VirtualService, and Envoy could route nowhere');
  }
  const shares = routes.length > 1 ? percentages(kept.map(weightOf)) : [100];
  const destinations = kept.map((r, i) => {
    const { host, port, subset } = resolveDestination(r.destination, namespace, serverPort, registry, notes);
    return Object.freeze({ host, port, subset, weight: shares[i] });
  });
  // A single destination takes all the traffic: its weight as written matters to nobody, and is not kept.
  const weights = kept.length > 1 ? Object.freeze(kept.map(weightOf)) : undefined;
  return new CompiledDestinations(Object.freeze(destinations), weights, notes.length === 0 ? NO_NOTES : Object.freeze(notes));
}

/**
 * The destinations of a `route` list that take traffic, in order: the only one, whatever its weight; of several,
 * those of positive weight (istiod leaves out weight 0 when there are others).
 */
export function keptDestinations<R extends IstioRouteDestination>(routes: readonly R[]): readonly R[] {
  return routes.length > 1 ? routes.filter((r) => weightOf(r) > 0) : routes;
}

function weightOf(route: IstioRouteDestination): number {
  return typeof route.weight === 'number' && route.weight > 0 ? route.weight : 0;
}

/**
 * Positive weights as percentages with two decimals that sum to 100: each share rounded (but
 * never below 0.01), the rounding difference given to the largest share (the last of equals).
 */
export function percentages(weights: readonly number[]): number[] {
  if (weights.length === 0) {
    return [];
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  const shares = weights.map((w) => Math.max(0.01, round2((w * 100) / total)));
  let largest = 0;
  shares.forEach((share, i) => {
    if (share >= shares[largest]) largest = i;
  });
  shares[largest] = round2(shares[largest] + 100 - shares.reduce((sum, w) => sum + w, 0));
  return shares;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Resolves one destination (host, port, subset) without a weight. */
export function resolveDestination(
  destination: IstioDestination, namespace: string, serverPort: number, registry: ServiceRegistry, notes: string[],
): Omit<DecisionDestination, 'weight'> {
  const host = resolveShortName(destination.host, namespace);
  const service = registry.service(host);
  let port: number | null = destination.port?.number ?? null;
  if (port === null) {
    const ports = service?.spec?.ports ?? [];
    port = ports.length === 1 ? ports[0].port : serverPort;
    notes.push(ports.length === 1
      ? `destination ${host} has no port: the Service's only port ${port} is used`
      : `destination ${host} has no port: the server port ${port} is used`);
  }
  const subset = destination.subset ?? null;
  if (service && port !== null && !(service.spec?.ports ?? []).some((p) => p.port === port)) {
    notes.push(`Service ${host} has no port ${port}: requests get 503 (no cluster)`);
  }
  if (subset !== null && !registry.hasSubset(host, subset)) {
    notes.push(`no DestinationRule in the manifests defines subset ${subset} of ${host}: requests get 503 unless one exists in the cluster`);
  }
  return { host, port, subset };
}

/** Envoy's cluster name for a destination. */
export function clusterName(d: Omit<DecisionDestination, 'weight'>): string {
  return `outbound|${d.port ?? ''}|${d.subset ?? ''}|${d.host}`;
}

