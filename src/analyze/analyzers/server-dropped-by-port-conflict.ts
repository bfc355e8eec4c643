/**
 * CIG1001 ServerDroppedByPortConflict: istiod merges the servers of every Gateway on a workload
 * port by port, first one wins (reference §b.2); a server that conflicts with one merged before
 * it (incompatible protocol, or a TLS host already served on the port) is silently dropped.
 */
import { isDroppedServer } from '../../engine/compile-diagnostic';
import { serversOf } from '../../engine/servers';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

/** CIG1001 for every server the listener merge dropped. */
export const serverDroppedByPortConflict: Analyzer = {
  code: 'CIG1001',
  name: 'ServerDroppedByPortConflict',
  level: 'Error',
  description: 'A Gateway server conflicts with a server merged before it on the same listener port, so istiod drops it and its hosts get no traffic.',
  fix: 'Move the server to another port, make the protocols compatible, or remove the duplicate host.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const compiled of context.config.workloads) {
      for (const gateway of compiled.workload.gateways) {
        for (const server of serversOf(gateway)) {
          const dropped = compiled.diagnostics.find((d) => isDroppedServer(d) && d.server.gateway === gateway && d.server.index === server.index);
          if (dropped !== undefined) {
            findings.push(finding(this, gateway, `${dropped.message}, on the pods of ${compiled.workload.key}; `
              + 'its hosts get no traffic there: use another port or remove the conflict'));
          }
        }
      }
    }
    return findings;
  },
};
