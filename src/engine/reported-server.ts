/**
 * A Gateway server as decisions report it, built once per compiled route, virtual host or chain and shared (frozen)
 * by every decision.
 */
import { DecisionServer } from './decision';
import { GatewayServer } from './servers';

/** The Gateway and server a decision names. */
export interface ReportedServer {
  /** `NS/NAME` of the Gateway that owns the server, or null when not known (a config dump names it for HTTPS servers only). */
  readonly gateway: string | null;
  /** The server's port number, protocol and name. */
  readonly server: DecisionServer;
  /** How a trace names it: `server http (HTTP) of Gateway istio-system/gw`. */
  readonly traceName: string;
}

/** How decisions report `server`. */
export function reportServer(server: GatewayServer): ReportedServer {
  return Object.freeze({
    gateway: server.gatewayKey,
    server: Object.freeze({ port: server.port, protocol: server.protocol, name: server.portName }),
    traceName: `server ${server.portName} (${server.protocol}) of Gateway ${server.gatewayKey}`,
  });
}
