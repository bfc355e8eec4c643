/**
 * Where a rule sends traffic: destination hosts resolved, ports defaulted, weights turned into
 * percentages, subsets checked against DestinationRules (reference §e.1, §e.2, §f.4).
 */
import { DecisionDestination } from './decision';
import { isKind, ISTIO_NETWORKING, Json, specOf } from './model';
import { resolveShortName } from '../istio/host';
import { KubeObject } from '../manifests/kube-object';

/** Services and DestinationRules by fully qualified host. */
export class ServiceRegistry {
  private readonly services = new Map<string, KubeObject>();
  private readonly subsets = new Map<string, Set<string>>();

  constructor(objects: readonly KubeObject[]) {
    for (const o of objects) {
      if (o.kind === 'Service' && o.apiVersion === 'v1') {
        this.services.set(`${o.metadata.name}.${o.metadata.namespace}.svc.cluster.local`, o);
      } else if (isKind(o, ISTIO_NETWORKING, 'DestinationRule')) {
        const spec = specOf(o);
        const host = resolveShortName(String(spec.host ?? ''), o.metadata.namespace);
        const names = this.subsets.get(host) ?? new Set<string>();
        for (const subset of (spec.subsets ?? []) as Json[]) {
          names.add(subset.name);
        }
        this.subsets.set(host, names);
      }
    }
  }

  /** The Service for a fully qualified host, if the manifests hold it. */
  public service(host: string): KubeObject | undefined {
    return this.services.get(host);
  }

  /** True when a DestinationRule for the host defines the subset. */
  public hasSubset(host: string, subset: string): boolean {
    return this.subsets.get(host)?.has(subset) ?? false;
  }
}

/** Resolves a `route` list into decision destinations; `notes` receives what a client would notice (503s). */
export function resolveDestinations(
  routes: Json[], namespace: string, serverPort: number, registry: ServiceRegistry, notes: string[],
): DecisionDestination[] {
  const weighted = routes.length > 1 ? routes.filter((r) => (r.weight ?? 0) > 0) : routes;
  const total = weighted.reduce((sum, r) => sum + (routes.length > 1 ? r.weight : 1), 0);
  const destinations = weighted.map((r) => {
    const destination = resolveDestination(r.destination ?? {}, namespace, serverPort, registry, notes);
    const share = routes.length > 1 ? r.weight : 1;
    return { ...destination, weight: Math.round((share * 10000) / total) / 100 };
  });
  if (destinations.length > 1) {
    const others = destinations.slice(0, -1).reduce((sum, d) => sum + d.weight, 0);
    destinations[destinations.length - 1].weight = Math.round((100 - others) * 100) / 100;
  }
  return destinations;
}

/** Resolves one destination (host, port, subset) without a weight. */
export function resolveDestination(
  destination: Json, namespace: string, serverPort: number, registry: ServiceRegistry, notes: string[],
): Omit<DecisionDestination, 'weight'> {
  const host = resolveShortName(String(destination.host ?? ''), namespace);
  const service = registry.service(host);
  let port: number | null = destination.port?.number ?? null;
  if (port === null) {
    const ports: Json[] = service ? specOf(service).ports ?? [] : [];
    port = ports.length === 1 ? ports[0].port : serverPort;
    notes.push(ports.length === 1
      ? `destination ${host} has no port: the Service's only port ${port} is used`
      : `destination ${host} has no port: the server port ${port} is used`);
  }
  const subset: string | null = destination.subset ?? null;
  if (service && port !== null && !(specOf(service).ports ?? []).some((p: Json) => p.port === port)) {
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
