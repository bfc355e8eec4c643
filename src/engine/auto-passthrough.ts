/**
 * AUTO_PASSTHROUGH servers (reference §b.4, §b.6): no VirtualService routes them. istiod gives such a server one
 * filter chain per port of every mesh Service within its hosts (and one more per DestinationRule subset), named by
 * the SNI `outbound_.PORT_.SUBSET_.HOST`, and Envoy forwards the TLS stream unterminated to the cluster of that name
 * (istio/istio `pilot/pkg/networking/core/gateway.go` `buildGatewayNetworkFiltersFromTLSRoutes`,
 * `builtAutoPassthroughFilterChains`; `pilot/pkg/model/service.go` `BuildDNSSrvSubsetKey`).
 */
import { DecisionDestination } from './decision';
import { ServiceRegistry } from './destinations';
import { ReportedServer, reportServer } from './reported-server';
import { GatewayServer } from './servers';
import { hostSubsetOf, parseServerHost } from '../istio/host';
import { KubeService } from '../model/core-types';

/** The annotation that limits which namespaces see a Service. */
export const SERVICE_EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** The ALPN values of Istio mutual TLS, which an AUTO_PASSTHROUGH chain also requires (istiod's `allIstioMtlsALPNs`). */
export const ISTIO_MTLS_ALPNS: readonly string[] = Object.freeze(['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']);

/** Where an AUTO_PASSTHROUGH chain forwards every connection: the Service port (and subset) its SNI names. */
export interface SniDnatRoute {
  /** Envoy's cluster name, equal to the chain's SNI name: `outbound_.80_._.counter.default.svc.cluster.local`. */
  readonly cluster: string;
  /** The one destination decisions report (weight 100), frozen and shared. */
  readonly destinations: readonly DecisionDestination[];
  /** The Gateway and server decisions report for the chain. */
  readonly reported: ReportedServer;
  /** The trace's line for a connection of the chain. */
  readonly traceLine: string;
}

/** An AUTO_PASSTHROUGH chain: its one SNI name, and where it forwards. */
export interface SniDnatChain {
  /** `server_names` of the chain: the cluster name. */
  readonly serverNames: string[];
  /** Where the chain forwards. */
  readonly route: SniDnatRoute;
}

/**
 * The chains of an AUTO_PASSTHROUGH server: for every Service in the manifests that the gateway's namespace sees, that
 * is not an ExternalName, and whose host lies within one of the server's hosts (their namespace part is ignored), one
 * chain per port that is not UDP, and one per subset the DestinationRules for the host define.
 */
export function autoPassthroughChains(server: GatewayServer, gatewayNamespace: string, registry: ServiceRegistry): SniDnatChain[] {
  const hosts = [...new Set(server.hosts.map((h) => parseServerHost(h).dnsName))];
  const reported = reportServer(server);
  const chains: SniDnatChain[] = [];
  for (const [hostname, service] of registry.servicesByHost()) {
    if (service.spec?.type === 'ExternalName' || !visibleTo(service, gatewayNamespace) || !hosts.some((h) => hostSubsetOf(hostname, h))) {
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      if (port.protocol === 'UDP') {
        continue;
      }
      for (const subset of [null, ...registry.subsetsOf(hostname)]) {
        const cluster = `outbound_.${port.port}_.${subset ?? ''}_.${hostname}`;
        const destination: DecisionDestination = Object.freeze({ host: hostname, port: port.port, subset, weight: 100 });
        chains.push({
          serverNames: [cluster],
          route: Object.freeze({
            cluster,
            destinations: Object.freeze([destination]),
            reported,
            traceLine: `AUTO_PASSTHROUGH: the SNI names port ${port.port}${subset === null ? '' : ` subset ${subset}`} of Service ${hostname}; `
              + `Envoy forwards the TLS stream unterminated to cluster ${cluster} (the chain also requires an Istio mTLS ALPN, `
              + `${ISTIO_MTLS_ALPNS.join(', ')}, which mesh proxies offer: assumed)`,
          }),
        });
      }
    }
  }
  return chains;
}

/**
 * True when a Service is visible to proxies in `namespace`: it has no `networking.istio.io/exportTo` annotation, or the
 * annotation lists `*`, `.` (for its own namespace) or that namespace (istio/istio
 * `pilot/pkg/serviceregistry/kube/conversion.go` `ConvertService`).
 */
function visibleTo(service: KubeService, namespace: string): boolean {
  const exportTo = service.metadata.annotations?.[SERVICE_EXPORT_TO_ANNOTATION];
  if (!exportTo) {
    return true;
  }
  return exportTo.split(',').map((e) => e.trim())
    .some((e) => e === '*' || e === namespace || (e === '.' && service.metadata.namespace === namespace));
}
