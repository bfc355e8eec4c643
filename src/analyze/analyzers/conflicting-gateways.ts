/**
 * IST0145 ConflictingGateways: two Gateways that configure a common gateway pod declare servers
 * on the same port and bind address sharing an identical host; only one of them is applied.
 */
import { keyOf, selects } from '../../engine/model';
import { IstioGateway } from '../../model/istio-types';
import { AnalysisContext } from '../analysis-context';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { selectorString } from '../lookup';

/**
 * True when two Gateways configure a common pod (of the manifests, or of the assumed default ingress gateway), or have
 * the same selector.
 */
export function gatewaysShareWorkload(context: AnalysisContext, a: IstioGateway, b: IstioGateway): boolean {
  const sa = a.spec?.selector ?? {};
  const sb = b.spec?.selector ?? {};
  return selectorString(sa) === selectorString(sb) || context.gatewayPods().some((p) => selects(sa, p.labels) && selects(sb, p.labels));
}

/** IST0145 for each server that shares port, bind and a host with a server of another Gateway on the same pods. */
export const conflictingGateways: Analyzer = {
  code: 'IST0145',
  name: 'ConflictingGateways',
  level: 'Error',
  description: 'Two Gateways selecting a common pod declare the same port, bind address and host, so one of the servers is dropped.',
  fix: 'Merge the servers into one Gateway, or give them different hosts or ports.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const gateway of context.gateways) {
      for (const server of gateway.spec?.servers ?? []) {
        const others: string[] = [];
        const shared = new Set<string>();
        for (const other of context.gateways) {
          if (other === gateway || !gatewaysShareWorkload(context, gateway, other)) {
            continue;
          }
          const clashes = (other.spec?.servers ?? []).filter((s) => s.port?.number === server.port?.number && (s.bind ?? '') === (server.bind ?? ''));
          const hosts = clashes.flatMap((s) => s.hosts ?? []).filter((h) => (server.hosts ?? []).includes(h));
          if (hosts.length > 0) {
            others.push(keyOf(other));
            hosts.forEach((h) => shared.add(h));
          }
        }
        if (others.length > 0) {
          findings.push(finding(this, gateway, `server on port ${server.port?.number} shares host(s) ${[...shared].join(', ')} with `
            + `Gateway ${others.join(', ')} on the same gateway pods (selector ${selectorString(gateway.spec?.selector) || '(all)'}) and bind address; `
            + 'only one of the conflicting servers is applied: merge them into one Gateway or use distinct hosts or ports'));
        }
      }
    }
    return findings;
  },
};
