/**
 * The Service or ServiceEntry a VirtualService destination host names, looked up as `istioctl analyze` does for its
 * destination checks (istio/istio `pkg/config/analysis/analyzers/util/service_lookup.go`: `InitServiceEntryHostMap`,
 * `GetDestinationHost`), which depends on the VirtualService's `exportTo`:
 *
 * - Each Service host (`name.namespace.svc.cluster.local`) and ServiceEntry host is visible in scopes: `*` (no
 *   `networking.istio.io/exportTo` annotation or `exportTo`, or `*`), the owner's namespace (`.`), or the namespaces
 *   named (`~` and any other name included, though no lookup asks for them). A ServiceEntry host without a dot is
 *   completed with the ServiceEntry's namespace.
 * - The destination host, completed with the VirtualService's namespace when it has no dot and no leading `*`, is
 *   found when an entry of exactly that host is visible in scope `*`, or in a namespace the VirtualService is exported
 *   to: its own namespace when `exportTo` is empty, else each entry of `exportTo` (`.` being its own namespace, `*`
 *   asking scope `*` again). So a host exported only to the VirtualService's namespace is not found for a
 *   VirtualService exported elsewhere, or to `*`.
 * - Failing that, a wildcard host (`*.suffix`, `*`) visible in scope `*` or in the VirtualService's own namespace,
 *   whatever its `exportTo`, covers the destination host as written (not completed) when that host, without a leading
 *   `*`, ends with the wildcard's suffix.
 *
 * `lookupHost` (the lookup of DestinationRule hosts) is simpler: it asks what a namespace sees.
 */
import { AnalysisContext } from './analysis-context';
import { DestinationService, entryDestination, serviceDestination } from './lookup';
import { CLUSTER_DOMAIN } from '../istio/host';
import { IstioVirtualService } from '../model/istio-types';

/** The scope of entries exported to every namespace. */
const EVERY_NAMESPACE = '*';

/** The host `istioctl analyze` looks a destination host up by: short names (no dot, no leading `*`) completed with `namespace`. */
export function destinationLookupHost(host: string, namespace: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/**
 * The scopes a destination host of a VirtualService in `namespace` with `exportTo` is looked up in, in order (before
 * the wildcard hosts): `*`, then the VirtualService's own namespace when `exportTo` is empty, else each `exportTo`
 * entry with `.` resolved.
 */
export function destinationLookupScopes(namespace: string, exportTo: readonly string[] | undefined): string[] {
  const scopes = exportTo === undefined || exportTo.length === 0 ? [namespace] : exportTo.map((e) => (e === '.' ? namespace : e));
  return [...new Set([EVERY_NAMESPACE, ...scopes])];
}

/** The Service or ServiceEntry a destination host of `vs` names (see the module's description), or undefined. */
export function lookupDestinationHost(context: AnalysisContext, host: string, vs: IstioVirtualService): DestinationService | undefined {
  const index = scopedHostsOf(context);
  const namespace = vs.metadata.namespace;
  const fqdn = destinationLookupHost(host, namespace);
  for (const scope of destinationLookupScopes(namespace, vs.spec?.exportTo)) {
    const found = index.exact.get(scope)?.get(fqdn);
    if (found !== undefined) {
      return found;
    }
  }
  const written = host.startsWith('*') ? host.slice(1) : host;
  return index.wildcards.find((w) => (w.scope === EVERY_NAMESPACE || w.scope === namespace) && written.endsWith(w.host.slice(1)))?.destination;
}

/** A wildcard ServiceEntry host in one scope. */
interface ScopedWildcard {
  readonly scope: string;
  /** The host, starting with `*`. */
  readonly host: string;
  readonly destination: DestinationService;
}

/** Every Service and ServiceEntry host by scope, as istioctl's host map holds them; built once per analysis. */
interface ScopedHosts {
  /** Scope, then host: the entry written last (ServiceEntries first, then Services, each in manifest order). */
  readonly exact: ReadonlyMap<string, ReadonlyMap<string, DestinationService>>;
  /** Hosts starting with `*`, in manifest order. */
  readonly wildcards: readonly ScopedWildcard[];
}

const scopedHostIndexes = new WeakMap<AnalysisContext, ScopedHosts>();

function scopedHostsOf(context: AnalysisContext): ScopedHosts {
  let index = scopedHostIndexes.get(context);
  if (index !== undefined) {
    return index;
  }
  const exact = new Map<string, Map<string, DestinationService>>();
  const wildcards: ScopedWildcard[] = [];
  const add = (scope: string, host: string, destination: DestinationService): void => {
    let hosts = exact.get(scope);
    if (hosts === undefined) {
      hosts = new Map();
      exact.set(scope, hosts);
    }
    hosts.set(host, destination);
    if (host.startsWith('*')) {
      wildcards.push({ scope, host, destination });
    }
  };
  for (const entry of context.serviceEntries) {
    const namespace = entry.metadata.namespace;
    const scopes = scopesOf(entry.spec?.exportTo ?? [], namespace);
    for (const written of entry.spec?.hosts ?? []) {
      const host = destinationLookupHost(written, namespace);
      const destination = entryDestination(entry, written);
      scopes.forEach((scope) => add(scope, host, destination));
    }
  }
  for (const service of context.services) {
    const namespace = service.metadata.namespace;
    const annotation = service.metadata.annotations?.['networking.istio.io/exportTo'] ?? '';
    const host = destinationLookupHost(service.metadata.name, namespace);
    const destination = serviceDestination(service, host);
    scopesOf(annotation === '' ? [] : annotation.split(',').map((e) => e.trim()), namespace).forEach((scope) => add(scope, host, destination));
  }
  index = { exact, wildcards };
  scopedHostIndexes.set(context, index);
  return index;
}

/** The scopes an `exportTo` list of an object in `namespace` makes it visible in: `*` when empty, `.` resolved. */
function scopesOf(exportTo: readonly string[], namespace: string): string[] {
  return exportTo.length === 0 ? [EVERY_NAMESPACE] : [...new Set(exportTo.map((e) => (e === '.' ? namespace : e)))];
}
