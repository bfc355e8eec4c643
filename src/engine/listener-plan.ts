/**
 * Merging the servers of every Gateway on a workload into listeners, first one wins
 * (reference §a.2-§a.4, §b.2).
 */
import { describeServer, GatewayServer, sanitizedHosts, serversOf } from './servers';
import { listenerPortFor, ServiceTarget } from './service-ports';
import { GatewayWorkload } from './workloads';

/** The servers that share one listener port. */
export interface ListenerPlan {
  /** The port Envoy listens on. */
  readonly port: number;
  /** Plaintext servers (HTTP-family servers merged, or one TCP server). */
  readonly plaintext: GatewayServer[];
  /** Servers selected by SNI (HTTPS/TLS servers with a tls block), in merge order. */
  readonly tls: GatewayServer[];
}

/** The merged listeners of a workload, and what the merge dropped. */
export interface MergedGateways {
  /** Listeners by listener port, in the order they were established. */
  readonly listeners: Map<number, ListenerPlan>;
  /** Trace notes: dropped servers and skipped ports. */
  readonly notes: string[];
}

/** Merges every server of the workload's Gateways in Istio's order. */
export function mergeServers(workload: GatewayWorkload, targets: readonly ServiceTarget[]): MergedGateways {
  const listeners = new Map<number, ListenerPlan>();
  const sniHosts = new Map<string, Set<string>>();
  const notes: string[] = [];
  for (const server of workload.gateways.flatMap(serversOf)) {
    if (server.bind) {
      notes.push(`${describeServer(server)} binds ${server.bind}, a separate listener that Service traffic never reaches`);
      continue;
    }
    const port = listenerPortFor(server.port, targets);
    if (workload.unprivileged && port < 1024) {
      notes.push(`${describeServer(server)} resolves to port ${port}, below 1024, which an unprivileged proxy skips`);
      continue;
    }
    if (server.tls !== undefined) {
      const registered = sniHosts.get(String(port)) ?? new Set<string>();
      const hosts = sanitizedHosts(server);
      const duplicate = hosts.find((h) => registered.has(h));
      if (duplicate !== undefined) {
        notes.push(`${describeServer(server)} dropped: host ${duplicate} is already served with TLS on port ${port}`);
        continue;
      }
      hosts.forEach((h) => registered.add(h));
      sniHosts.set(String(port), registered);
    }
    const plan = listeners.get(port) ?? { port, plaintext: [], tls: [] };
    const problem = conflict(plan, server);
    if (problem) {
      const timed = workload.gateways.every((g) => g.metadata.creationTimestamp !== undefined);
      notes.push(`${describeServer(server)} dropped: ${problem} on port ${port}`
        + ` (Gateways merged ${timed ? 'by creationTimestamp' : 'by name, then namespace: the manifests carry no creationTimestamp'})`);
      continue;
    }
    (server.isTlsServer ? plan.tls : plan.plaintext).push(server);
    listeners.set(port, plan);
  }
  return { listeners, notes };
}

/** Why a server cannot join a listener, or undefined when it can (reference §b.2). */
function conflict(plan: ListenerPlan, server: GatewayServer): string | undefined {
  const existing = plan.plaintext[0];
  if (existing === undefined) {
    return undefined;
  }
  if (server.isTlsServer) {
    return `the plaintext ${describeServer(existing)} was merged first`;
  }
  if (existing.kind !== 'http' || server.kind !== 'http') {
    return `${describeServer(existing)} already serves the port and ${existing.kind === 'http' ? 'HTTP' : existing.protocol} servers do not share it with ${server.protocol}`;
  }
  return undefined;
}
