/**
 * Lookups the reference analyzers share: VirtualService destinations, destination hosts
 * (Services and ServiceEntries, as istioctl's service lookup sees them) and the pods a Gateway
 * selects.
 */
import { AnalysisContext, AnalyzedPod } from './analysis-context';
import { Json, selects, specOf } from '../engine/model';
import { CLUSTER_DOMAIN, hostCovers, resolveShortName } from '../istio/host';
import { KubeObject } from '../manifests/kube-object';

/** One destination of a VirtualService, with where it was written. */
export interface VirtualServiceDestination {
  /** The `destination` object (`host`, `subset`, `port`). */
  readonly destination: Json;
  /** True for `mirror` / `mirrors[]` destinations. */
  readonly mirror: boolean;
  /** Where it was written, e.g. `http[0].route[1]`. */
  readonly where: string;
}

/** Every route and mirror destination of a VirtualService (`http`, `tcp`, `tls` routes; `http` mirrors). */
export function destinationsOf(vs: KubeObject): VirtualServiceDestination[] {
  const spec = specOf(vs);
  const result: VirtualServiceDestination[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    (spec[section] ?? []).forEach((rule: Json, i: number) => {
      (rule?.route ?? []).forEach((route: Json, j: number) => {
        if (route?.destination?.host) {
          result.push({ destination: route.destination, mirror: false, where: `${section}[${i}].route[${j}]` });
        }
      });
      if (section !== 'http') {
        return;
      }
      if (rule?.mirror?.host) {
        result.push({ destination: rule.mirror, mirror: true, where: `http[${i}].mirror` });
      }
      (rule?.mirrors ?? []).forEach((m: Json, j: number) => {
        if (m?.destination?.host) {
          result.push({ destination: m.destination, mirror: true, where: `http[${i}].mirrors[${j}]` });
        }
      });
    });
  }
  return result;
}

/** A Service or ServiceEntry a destination host resolves to. */
export interface DestinationService {
  /** The Service or ServiceEntry. */
  readonly object: KubeObject;
  /** The registry host it was found under (`name.ns.svc.cluster.local` or the ServiceEntry host). */
  readonly host: string;
  /** Its port numbers. */
  readonly ports: number[];
  /** The labels its endpoints are selected by (Service selector or ServiceEntry workloadSelector), if any. */
  readonly selector?: Record<string, string>;
}

/** True when an `exportTo` list (`*` when empty, `.` for the owner's namespace, `~` for none) makes an object of `owner` visible in `namespace`. */
export function exportedTo(exportTo: readonly string[] | undefined, owner: string, namespace: string): boolean {
  if (!exportTo || exportTo.length === 0) {
    return true;
  }
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && owner === namespace));
}

/** The registry host of a Kubernetes Service. */
export function serviceHost(service: KubeObject): string {
  return `${service.metadata.name}.${service.metadata.namespace}.${CLUSTER_DOMAIN}`;
}

/**
 * The Service or ServiceEntry that `host`, written in an object of `namespace`, resolves to:
 * short names are completed with that namespace; Services count when their
 * `networking.istio.io/exportTo` annotation lets `namespace` see them, ServiceEntries (exact or
 * wildcard hosts) when their `exportTo` does. Undefined when none does.
 */
export function lookupHost(context: AnalysisContext, host: string, namespace: string): DestinationService | undefined {
  const index = hostIndexOf(context);
  if (index === undefined) {
    return lookupHostLinear(context, host, namespace);
  }
  const fqdn = resolveShortName(host, namespace);
  for (const service of index.services.get(fqdn) ?? []) {
    if (serviceExportedTo(service, namespace)) {
      return serviceDestination(service, fqdn);
    }
  }
  for (const entry of index.exactEntries.get(fqdn) ?? []) {
    if (exportedTo(specOf(entry).exportTo, entry.metadata.namespace, namespace)) {
      return entryDestination(entry, fqdn);
    }
  }
  // No visible entry names the host itself: only entries with a wildcard host can cover it.
  for (const entry of index.wildcardEntries) {
    if (exportedTo(specOf(entry).exportTo, entry.metadata.namespace, namespace)) {
      const match = (specOf(entry).hosts ?? []).find((h: string) => hostCovers(h, fqdn));
      if (match !== undefined) {
        return entryDestination(entry, match);
      }
    }
  }
  return undefined;
}

/**
 * Services and ServiceEntries by host, so that looking up each of 200,000 destinations does not scan every Service
 * and ServiceEntry. Built once per analysis; undefined when a ServiceEntry's `hosts` or `exportTo` is malformed
 * (not a list), for which `lookupHostLinear` keeps its behaviour.
 */
interface HostIndex {
  /** Services by registry host, in manifest order. */
  readonly services: ReadonlyMap<string, readonly KubeObject[]>;
  /** ServiceEntries by each host they list, in manifest order. */
  readonly exactEntries: ReadonlyMap<string, readonly KubeObject[]>;
  /** ServiceEntries with a host that can cover another host (`*`, `*.suffix`, or not a string), in manifest order. */
  readonly wildcardEntries: readonly KubeObject[];
}

const hostIndexes = new WeakMap<AnalysisContext, HostIndex | undefined>();

function hostIndexOf(context: AnalysisContext): HostIndex | undefined {
  if (hostIndexes.has(context)) {
    return hostIndexes.get(context);
  }
  const services = new Map<string, KubeObject[]>();
  for (const service of context.services) {
    append(services, serviceHost(service), service);
  }
  const exactEntries = new Map<string, KubeObject[]>();
  const wildcardEntries: KubeObject[] = [];
  let index: HostIndex | undefined = { services, exactEntries, wildcardEntries };
  for (const entry of context.serviceEntries) {
    const spec = specOf(entry);
    const hosts: unknown = spec.hosts ?? [];
    if (!Array.isArray(hosts) || (spec.exportTo && !Array.isArray(spec.exportTo))) {
      index = undefined;
      break;
    }
    for (const host of new Set(hosts)) {
      if (typeof host === 'string') {
        append(exactEntries, host, entry);
      }
    }
    if (hosts.some((h) => typeof h !== 'string' || h === '*' || h.startsWith('*.'))) {
      wildcardEntries.push(entry);
    }
  }
  hostIndexes.set(context, index);
  return index;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

/** True when a Service's `networking.istio.io/exportTo` annotation lets `namespace` see it. */
function serviceExportedTo(service: KubeObject, namespace: string): boolean {
  const annotation = service.metadata.annotations?.['networking.istio.io/exportTo'];
  const exportTo = annotation ? annotation.split(',').map((e: string) => e.trim()) : undefined;
  return exportedTo(exportTo, service.metadata.namespace, namespace);
}

function serviceDestination(service: KubeObject, fqdn: string): DestinationService {
  const spec = specOf(service);
  return { object: service, host: fqdn, ports: (spec.ports ?? []).map((p: Json) => p.port), selector: spec.selector };
}

function entryDestination(entry: KubeObject, host: string): DestinationService {
  const spec = specOf(entry);
  return { object: entry, host, ports: (spec.ports ?? []).map((p: Json) => p.number), selector: spec.workloadSelector?.labels };
}

/** `lookupHost` by scanning every Service and ServiceEntry: the definition the index must agree with. */
export function lookupHostLinear(context: AnalysisContext, host: string, namespace: string): DestinationService | undefined {
  const fqdn = resolveShortName(host, namespace);
  for (const service of context.services) {
    const annotation = service.metadata.annotations?.['networking.istio.io/exportTo'];
    const exportTo = annotation ? annotation.split(',').map((e: string) => e.trim()) : undefined;
    if (serviceHost(service) === fqdn && exportedTo(exportTo, service.metadata.namespace, namespace)) {
      const spec = specOf(service);
      return { object: service, host: fqdn, ports: (spec.ports ?? []).map((p: Json) => p.port), selector: spec.selector };
    }
  }
  const entries = context.serviceEntries.filter((se) => exportedTo(specOf(se).exportTo, se.metadata.namespace, namespace));
  for (const exact of [true, false]) {
    for (const entry of entries) {
      const spec = specOf(entry);
      const match = (spec.hosts ?? []).find((h: string) => (exact ? h === fqdn : hostCovers(h, fqdn)));
      if (match !== undefined) {
        return { object: entry, host: match, ports: (spec.ports ?? []).map((p: Json) => p.number), selector: spec.workloadSelector?.labels };
      }
    }
  }
  return undefined;
}

/**
 * The pods in `namespace` that `selector` selects (an empty selector selects every pod of the namespace), in manifest
 * order: what `context.pods().filter((p) => p.namespace === namespace && selects(selector, p.labels))` gives, looked
 * up by label instead of by testing every pod (a Service or DestinationRule each, 20,000 times 20,000 pods otherwise).
 */
export function podsSelectedBy(context: AnalysisContext, namespace: string, selector: Record<string, string> | undefined): AnalyzedPod[] {
  const index = podIndexOf(context);
  const entries = Object.entries(selector ?? {});
  // Only string values (what manifests hold): a function or object value could equal an inherited property.
  if (index === undefined || entries.length === 0 || entries.some(([, value]) => typeof value !== 'string')) {
    return context.pods().filter((p) => p.namespace === namespace && selects(selector, p.labels));
  }
  // The pods carrying the rarest of the selector's labels, then the whole selector on those.
  let candidates: readonly AnalyzedPod[] | undefined;
  for (const [key, value] of entries) {
    const found = index.get(namespace)?.get(key)?.get(value) ?? [];
    if (candidates === undefined || found.length < candidates.length) {
      candidates = found;
    }
  }
  return candidates!.filter((p) => selects(selector, p.labels));
}

/** Pods by namespace, label name and label value (manifest order kept); undefined when some pod's labels are not a mapping. */
type PodIndex = Map<string, Map<string, Map<unknown, AnalyzedPod[]>>>;

const podIndexes = new WeakMap<AnalysisContext, PodIndex | undefined>();

function podIndexOf(context: AnalysisContext): PodIndex | undefined {
  if (podIndexes.has(context)) {
    return podIndexes.get(context);
  }
  let index: PodIndex | undefined = new Map();
  for (const pod of context.pods()) {
    const labels: unknown = pod.labels;
    const prototype = labels !== null && typeof labels === 'object' ? Object.getPrototypeOf(labels) : undefined;
    if (prototype !== Object.prototype && prototype !== null) {
      // A list or a string as labels: `selects` reads it in ways an index by entries would not.
      index = undefined;
      break;
    }
    let byName = index.get(pod.namespace);
    if (byName === undefined) {
      byName = new Map();
      index.set(pod.namespace, byName);
    }
    for (const [name, value] of Object.entries(labels as Record<string, unknown>)) {
      let byValue = byName.get(name);
      if (byValue === undefined) {
        byValue = new Map();
        byName.set(name, byValue);
      }
      append(byValue, value, pod);
    }
  }
  podIndexes.set(context, index);
  return index;
}

/** The namespaces of the pods a Gateway selects (an empty selector selects every pod), in manifest order. */
export function gatewayPodNamespaces(context: AnalysisContext, gateway: KubeObject): string[] {
  const selector: Record<string, string> = specOf(gateway).selector ?? {};
  return [...new Set(context.pods().filter((p) => selects(selector, p.labels)).map((p) => p.namespace))];
}

/** A label selector written as `k=v,k2=v2`, keys sorted, as Kubernetes prints it. */
export function selectorString(selector: Record<string, string> | undefined): string {
  return Object.keys(selector ?? {}).sort().map((k) => `${k}=${selector![k]}`).join(',');
}

/** The `credentialName`s of a Gateway's TLS servers (`credentialName` and `credentialNames`), with the server index. */
export function credentialNamesOf(gateway: KubeObject): Array<{ server: number; name: string }> {
  return (specOf(gateway).servers ?? []).flatMap((server: Json, i: number) => {
    const tls = server?.tls ?? {};
    const names: string[] = [...(tls.credentialName ? [tls.credentialName] : []), ...(tls.credentialNames ?? [])];
    return [...new Set(names)].map((name) => ({ server: i, name }));
  });
}
