/**
 * Lookups the reference analyzers share: VirtualService destinations, destination hosts
 * (Services and ServiceEntries, as istioctl's service lookup sees them) and the pods a Gateway
 * selects.
 */
import { AnalysisContext, AnalyzedPod } from './analysis-context';
import { RuleSection } from './istio-fields';
import { selects } from '../engine/model';
import { CLUSTER_DOMAIN, hostCovers, resolveShortName } from '../istio/host';
import { KubeObject } from '../manifests/kube-object';
import { KubeService } from '../model/core-types';
import { IstioDestination, IstioGateway, IstioHttpRoute, IstioL4Route, IstioServiceEntry, IstioVirtualService } from '../model/istio-types';
import { isMapping } from '../model/shape';

/** One destination of a VirtualService, with where it was written. */
export interface VirtualServiceDestination {
  /** The `destination` object (`host`, `subset`, `port`). */
  readonly destination: IstioDestination;
  /** True for `mirror` / `mirrors[]` destinations. */
  readonly mirror: boolean;
  /** Where it was written, e.g. `http[0].route[1]`. */
  readonly where: string;
}

/**
 * Every route and mirror destination of a VirtualService (`http`, `tcp`, `tls` routes; `http` mirrors).
 *
 * @param withEmptyHost - also the destinations whose `host` is empty, which `istioctl analyze` looks up (and reports as
 *   host `""` not found) like any other.
 * @default false
 */
export function destinationsOf(vs: IstioVirtualService, withEmptyHost = false): VirtualServiceDestination[] {
  const spec = vs.spec ?? {};
  const result: VirtualServiceDestination[] = [];
  const named = (destination: IstioDestination | undefined): destination is IstioDestination =>
    destination !== undefined && (withEmptyHost || destination.host !== '');
  const routesOf = (section: RuleSection, rule: IstioHttpRoute | IstioL4Route, i: number): void => {
    (rule.route ?? []).forEach((route, j) => {
      if (named(route.destination)) {
        result.push({ destination: route.destination, mirror: false, where: `${section}[${i}].route[${j}]` });
      }
    });
  };
  (spec.http ?? []).forEach((rule, i) => {
    routesOf('http', rule, i);
    if (named(rule.mirror)) {
      result.push({ destination: rule.mirror, mirror: true, where: `http[${i}].mirror` });
    }
    (rule.mirrors ?? []).forEach((m, j) => {
      if (named(m.destination)) {
        result.push({ destination: m.destination, mirror: true, where: `http[${i}].mirrors[${j}]` });
      }
    });
  });
  for (const section of ['tcp', 'tls'] as const) {
    (spec[section] ?? []).forEach((rule, i) => routesOf(section, rule, i));
  }
  return result;
}

/** A Service or ServiceEntry a destination host resolves to. */
export interface DestinationService {
  /** The Service or ServiceEntry. */
  readonly object: KubeService | IstioServiceEntry;
  /** The registry host it was found under (`name.ns.svc.cluster.local` or the ServiceEntry host). */
  readonly host: string;
  /** Its port numbers. */
  readonly ports: number[];
  /** The labels its endpoints are selected by (Service selector or ServiceEntry workloadSelector), if any. */
  readonly selector?: Readonly<Record<string, string>>;
}

/** True when an `exportTo` list (`*` when empty, `.` for the owner's namespace, `~` for none) makes an object of `owner` visible in `namespace`. */
export function exportedTo(exportTo: readonly string[] | undefined, owner: string, namespace: string): boolean {
  if (!exportTo || exportTo.length === 0) {
    return true;
  }
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && owner === namespace));
}

/** The registry host of a Kubernetes Service. */
export function serviceHost(service: KubeService): string {
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
  const fqdn = resolveShortName(host, namespace);
  for (const service of index.services.get(fqdn) ?? []) {
    if (serviceExportedTo(service, namespace)) {
      return serviceDestination(service, fqdn);
    }
  }
  for (const entry of index.exactEntries.get(fqdn) ?? []) {
    if (entryExportedTo(entry, namespace)) {
      return entryDestination(entry, fqdn);
    }
  }
  // No visible entry names the host itself: only entries with a wildcard host can cover it.
  for (const entry of index.wildcardEntries) {
    if (entryExportedTo(entry, namespace)) {
      const match = (entry.spec?.hosts ?? []).find((h) => hostCovers(h, fqdn));
      if (match !== undefined) {
        return entryDestination(entry, match);
      }
    }
  }
  return undefined;
}

/**
 * Services and ServiceEntries by host, so that looking up each of 200,000 destinations does not scan every Service
 * and ServiceEntry. Built once per analysis.
 */
interface HostIndex {
  /** Services by registry host, in manifest order. */
  readonly services: ReadonlyMap<string, readonly KubeService[]>;
  /** ServiceEntries by each host they list, in manifest order. */
  readonly exactEntries: ReadonlyMap<string, readonly IstioServiceEntry[]>;
  /** ServiceEntries with a host that can cover another host (`*` or `*.suffix`), in manifest order. */
  readonly wildcardEntries: readonly IstioServiceEntry[];
}

const hostIndexes = new WeakMap<AnalysisContext, HostIndex>();

function hostIndexOf(context: AnalysisContext): HostIndex {
  let index = hostIndexes.get(context);
  if (index !== undefined) {
    return index;
  }
  const services = new Map<string, KubeService[]>();
  for (const service of context.services) {
    append(services, serviceHost(service), service);
  }
  const exactEntries = new Map<string, IstioServiceEntry[]>();
  const wildcardEntries: IstioServiceEntry[] = [];
  for (const entry of context.serviceEntries) {
    const hosts = entry.spec?.hosts ?? [];
    for (const host of new Set(hosts)) {
      append(exactEntries, host, entry);
    }
    if (hosts.some((h) => h === '*' || h.startsWith('*.'))) {
      wildcardEntries.push(entry);
    }
  }
  index = { services, exactEntries, wildcardEntries };
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
function serviceExportedTo(service: KubeService, namespace: string): boolean {
  const annotation = service.metadata.annotations?.['networking.istio.io/exportTo'];
  const exportTo = annotation ? annotation.split(',').map((e) => e.trim()) : undefined;
  return exportedTo(exportTo, service.metadata.namespace, namespace);
}

/** True when a ServiceEntry's `exportTo` lets `namespace` see it. */
function entryExportedTo(entry: IstioServiceEntry, namespace: string): boolean {
  return exportedTo(entry.spec?.exportTo, entry.metadata.namespace, namespace);
}

/** A Service as the destination `fqdn` resolves to. */
export function serviceDestination(service: KubeService, fqdn: string): DestinationService {
  return { object: service, host: fqdn, ports: (service.spec?.ports ?? []).map((p) => p.port), selector: service.spec?.selector };
}

/** A ServiceEntry as the destination its `host` resolves to. */
export function entryDestination(entry: IstioServiceEntry, host: string): DestinationService {
  return { object: entry, host, ports: (entry.spec?.ports ?? []).map((p) => p.number), selector: entry.spec?.workloadSelector?.labels };
}

/** `lookupHost` by scanning every Service and ServiceEntry: the definition the index must agree with. */
export function lookupHostLinear(context: AnalysisContext, host: string, namespace: string): DestinationService | undefined {
  const fqdn = resolveShortName(host, namespace);
  const service = context.services.find((s) => serviceHost(s) === fqdn && serviceExportedTo(s, namespace));
  if (service !== undefined) {
    return serviceDestination(service, fqdn);
  }
  const entries = context.serviceEntries.filter((se) => entryExportedTo(se, namespace));
  for (const exact of [true, false]) {
    for (const entry of entries) {
      const match = (entry.spec?.hosts ?? []).find((h) => (exact ? h === fqdn : hostCovers(h, fqdn)));
      if (match !== undefined) {
        return entryDestination(entry, match);
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
export function podsSelectedBy(context: AnalysisContext, namespace: string, selector: Readonly<Record<string, string>> | undefined): AnalyzedPod[] {
  const index = podIndexOf(context);
  const entries = Object.entries(selector ?? {});
  if (index === undefined || entries.length === 0) {
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
  return (candidates ?? []).filter((p) => selects(selector, p.labels));
}

/**
 * Pods by namespace, label name and label value (manifest order kept); undefined when some pod's labels are not a plain
 * object (a class instance given in memory), whose inherited properties `selects` reads but an index by entries misses.
 */
type PodIndex = Map<string, Map<string, Map<string, AnalyzedPod[]>>>;

const podIndexes = new WeakMap<AnalysisContext, PodIndex | undefined>();

function podIndexOf(context: AnalysisContext): PodIndex | undefined {
  if (podIndexes.has(context)) {
    return podIndexes.get(context);
  }
  let index: PodIndex | undefined = new Map();
  for (const pod of context.pods()) {
    const prototype: unknown = Object.getPrototypeOf(pod.labels);
    if (prototype !== Object.prototype && prototype !== null) {
      index = undefined;
      break;
    }
    let byName = index.get(pod.namespace);
    if (byName === undefined) {
      byName = new Map();
      index.set(pod.namespace, byName);
    }
    for (const [name, value] of Object.entries(pod.labels)) {
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

/**
 * The namespaces of the pods a Gateway selects (an empty selector selects every pod), in manifest order, the assumed
 * default ingress gateway's last (`AnalysisContext.gatewayPods`).
 */
export function gatewayPodNamespaces(context: AnalysisContext, gateway: IstioGateway): string[] {
  const selector = gateway.spec?.selector ?? {};
  return [...new Set(context.gatewayPods().filter((p) => selects(selector, p.labels)).map((p) => p.namespace))];
}

/** A label selector written as `k=v,k2=v2`, keys sorted, as Kubernetes prints it. */
export function selectorString(selector: Readonly<Record<string, string>> | undefined): string {
  const labels = selector ?? {};
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}

/** The `credentialName`s of a Gateway's TLS servers (`credentialName` and `credentialNames`), with the server index. */
export function credentialNamesOf(gateway: IstioGateway): Array<{ server: number; name: string }> {
  return (gateway.spec?.servers ?? []).flatMap((server, i) => {
    const tls = server.tls ?? {};
    const names = [...(tls.credentialName ? [tls.credentialName] : []), ...(tls.credentialNames ?? [])];
    return [...new Set(names)].map((name) => ({ server: i, name }));
  });
}

/** The cert-manager Certificate of `namespace` that writes Secret `name` (its `spec.secretName`), if the manifests hold one. */
export function certificateWriting(context: AnalysisContext, namespace: string, name: string): KubeObject | undefined {
  return context.objects.find((o) => o.kind === 'Certificate' && o.apiVersion.startsWith('cert-manager.io/') && o.metadata.namespace === namespace
    && isMapping(o.spec) && o.spec.secretName === name);
}
