/**
 * Merging the servers of every Gateway on a workload into listeners, first one wins
 * (reference §a.2-§a.4, §b.2).
 */
import { CompileDiagnostic, diagnose, PortConflictCause } from './compile-diagnostic';
import { GatewayServer, sanitizedHosts, serversOf } from './servers';
import { ServiceTarget, translatingTarget, translationDisabled } from './service-ports';
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
  /**
   * What the merge dropped (servers bound to an address, on privileged ports, with a duplicate TLS host or a
   * conflicting protocol) and the servers it left untranslated (their Service port shares a target with another).
   */
  readonly diagnostics: CompileDiagnostic[];
}

/** Merges every server of the workload's Gateways in Istio's order. */
export function mergeServers(workload: GatewayWorkload, targets: readonly ServiceTarget[]): MergedGateways {
  const listeners = new Map<number, ListenerPlan>();
  const sniHosts = new Map<string, Set<string>>();
  const diagnostics: CompileDiagnostic[] = [];
  for (const server of workload.gateways.flatMap(serversOf)) {
    if (server.bind) {
      diagnostics.push(diagnose({ kind: 'server-bound-to-address', server, bind: server.bind }));
      continue;
    }
    const translating = translatingTarget(server.port, targets);
    const port = translating?.targetPort ?? server.port;
    if (translating === undefined) {
      const collapsed = targets.find((t) => t.port === server.port && t.keptPort !== undefined && !translationDisabled(t));
      if (collapsed?.keptPort !== undefined) {
        diagnostics.push(diagnose({
          kind: 'untranslated-service-port',
          server,
          service: `${collapsed.service.metadata.namespace}/${collapsed.service.metadata.name}`,
          servicePort: server.port,
          keptPort: collapsed.keptPort,
          targetPort: collapsed.targetPort,
          protocol: collapsed.protocol,
          reachable: targets.some((t) => t.targetPort === server.port),
        }));
      }
    }
    if (workload.unprivileged && port < 1024) {
      diagnostics.push(diagnose({ kind: 'privileged-port-skipped', server, port }));
      continue;
    }
    if (server.tls !== undefined) {
      const registered = sniHosts.get(String(port)) ?? new Set<string>();
      const hosts = sanitizedHosts(server);
      const duplicate = hosts.find((h) => registered.has(h));
      if (duplicate !== undefined) {
        diagnostics.push(diagnose({ kind: 'duplicate-tls-host', server, port, host: duplicate }));
        continue;
      }
      hosts.forEach((h) => registered.add(h));
      sniHosts.set(String(port), registered);
    }
    const plan = listeners.get(port) ?? { port, plaintext: [], tls: [] };
    const cause = conflict(plan, server);
    if (cause) {
      const timed = workload.gateways.every((g) => g.metadata.creationTimestamp !== undefined);
      diagnostics.push(diagnose({
        kind: 'port-conflict', server, port, winner: plan.plaintext[0], cause, mergeOrder: timed ? 'creationTimestamp' : 'name',
      }));
      continue;
    }
    (server.isTlsServer ? plan.tls : plan.plaintext).push(server);
    listeners.set(port, plan);
  }
  return { listeners, diagnostics };
}

/** Why a server cannot join a listener (its first plaintext server wins), or undefined when it can (reference §b.2). */
function conflict(plan: ListenerPlan, server: GatewayServer): PortConflictCause | undefined {
  const existing = plan.plaintext[0];
  if (existing === undefined) {
    return undefined;
  }
  if (server.isTlsServer) {
    return 'tls-after-plaintext';
  }
  if (existing.kind !== 'http' || server.kind !== 'http') {
    return 'protocol-mismatch';
  }
  return undefined;
}
