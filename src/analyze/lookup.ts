/**
 * Lookups the reference analyzers share: VirtualService destinations, destination hosts
 * (Services and ServiceEntries, as istioctl's service lookup sees them) and the pods a Gateway
 * selects.
 */
import { AnalysisContext } from './analysis-context';
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
