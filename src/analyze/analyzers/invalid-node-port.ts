/**
 * CIG1007 InvalidNodePort: a gateway Service with a nodePort outside the default NodePort range
 * (30000-32767) or one that another Service port already uses; the API server refuses it.
 */
import { KubeService, KubeServicePort } from '../../model/core-types';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function portsOf(service: KubeService): readonly KubeServicePort[] {
  return service.spec?.ports ?? [];
}

/** CIG1007 for duplicate or out-of-range nodePorts of the Services that expose gateway pods. */
export const invalidNodePort: Analyzer = {
  code: 'CIG1007',
  name: 'InvalidNodePort',
  level: 'Error',
  description: 'A gateway Service sets a nodePort outside 30000-32767 or one that another Service port already uses, so the API server refuses it.',
  fix: 'Pick an unused nodePort in the cluster\'s NodePort range, or leave nodePort out.',
  analyze(context) {
    const owners = new Map<number, string[]>();
    for (const service of context.services) {
      for (const port of portsOf(service)) {
        if (port.nodePort !== undefined) {
          owners.set(port.nodePort, [...owners.get(port.nodePort) ?? [], `${context.resource(service)} port ${port.name ?? port.port}`]);
        }
      }
    }
    const gatewayServices = new Set(context.config.workloads.flatMap((w) => w.workload.services));
    const findings: Finding[] = [];
    for (const service of gatewayServices) {
      for (const port of portsOf(service)) {
        const nodePort = port.nodePort;
        if (nodePort === undefined) continue;
        const self = `${context.resource(service)} port ${port.name ?? port.port}`;
        if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
          findings.push(finding(this, service, `port ${port.name ?? port.port} has nodePort ${nodePort}, outside the default `
            + `NodePort range ${NODE_PORT_MIN}-${NODE_PORT_MAX}; the API server refuses it`));
        }
        const others = (owners.get(nodePort) ?? []).filter((o) => o !== self);
        if (others.length > 0) {
          findings.push(finding(this, service, `port ${port.name ?? port.port} has nodePort ${nodePort}, which ${others.join(', ')} `
            + 'also uses; nodePorts are unique in the cluster, so the API server refuses the second'));
        }
      }
    }
    return findings;
  },
};
