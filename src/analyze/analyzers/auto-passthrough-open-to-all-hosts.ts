/**
 * CIG1017 AutoPassthroughOpenToAllHosts: a Gateway server in AUTO_PASSTHROUGH mode admits every host (`*`, `./*`, or
 * the every-namespace wildcard, star slash star), and the gateway pods it applies to are behind a Service of type
 * NodePort or LoadBalancer of the manifests that exposes the server's port. An AUTO_PASSTHROUGH server forwards each
 * connection to the mesh service its SNI names (`outbound_.PORT_._.HOST`), with no VirtualService in between
 * (istio/istio `pilot/pkg/networking/core/gateway.go`, `builtAutoPassthroughFilterChains`; `cluster.go`,
 * `buildOutboundSniDnatClusters`, one such cluster per mesh service port): anyone who reaches that port from outside
 * the cluster can open a connection to every service the host pattern admits. Only Services and pods of the manifests
 * count (not the default ingress gateway the analysis may assume).
 */
import { selects } from '../../engine/model';
import { serversOf } from '../../engine/servers';
import { admitsEveryHost } from '../../istio/host';
import { KubeService } from '../../model/core-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { manifestGatewayPods } from '../manifest-gateway-pods';

/** Service types that expose their ports outside the cluster. */
const EXTERNAL_TYPES = new Set(['NodePort', 'LoadBalancer']);

/** CIG1017 for AUTO_PASSTHROUGH servers open to every host and exposed outside the cluster. */
export const autoPassthroughOpenToAllHosts: Analyzer = {
  code: 'CIG1017',
  name: 'AutoPassthroughOpenToAllHosts',
  level: 'Warning',
  description: 'An AUTO_PASSTHROUGH Gateway server admits every host (*, */* or ./*) and its gateway pods are behind a NodePort or '
    + 'LoadBalancer Service exposing its port, so anyone who reaches that port can connect to every mesh service by SNI.',
  fix: 'List only the hosts meant to be reachable on the server, or keep the gateway\'s Service of type ClusterIP.',
  analyze(context) {
    const findings: Finding[] = [];
    const gatewayPods = manifestGatewayPods(context);
    for (const gateway of context.gateways) {
      const pods = gatewayPods.filter((p) => p.gateways.includes(gateway)).map((p) => p.pod);
      if (pods.length === 0) continue;
      for (const server of serversOf(gateway)) {
        if (server.kind !== 'auto-passthrough') continue;
        const open = (gateway.spec?.servers?.[server.index]?.hosts ?? []).filter(admitsEveryHost);
        if (open.length === 0) continue;
        const exposing = context.services.filter((service: KubeService) => EXTERNAL_TYPES.has(service.spec?.type ?? 'ClusterIP')
          && Object.keys(service.spec?.selector ?? {}).length > 0
          && pods.some((p) => p.namespace === service.metadata.namespace && selects(service.spec?.selector, p.labels))
          && (service.spec?.ports ?? []).some((p) => p.port === server.port || p.targetPort === server.port));
        if (exposing.length === 0) continue;
        findings.push(finding(this, gateway, `server ${server.portName || server.port} (TLS AUTO_PASSTHROUGH) admits host `
          + `${open.map((h) => `'${h}'`).join(', ')} and its pods are exposed on port ${server.port} by `
          + `${exposing.map((s) => `Service ${s.metadata.namespace}/${s.metadata.name} (${s.spec?.type})`).join(', ')}: anyone who reaches that `
          + 'port can connect to any mesh service the hosts admit by naming it in SNI, with no VirtualService in between; list only the hosts '
          + 'meant to be reachable, or keep the Service ClusterIP'));
      }
    }
    return findings;
  },
};
