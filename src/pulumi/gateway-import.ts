/**
 * A gateway as plain data, for routes deployed by another Pulumi program (or stack) than the gateway: what
 * `IngressGateway.fromGatewayReference` needs to check routes against it.
 */
import { Construct } from 'constructs';
import { GatewayListenerProps } from '../constructs/gateway-listener';
import { ImportedGatewayOptions, ImportedIngressGateway } from '../constructs/imported-gateway';
import { IngressGateway } from '../constructs/ingress-gateway';
import { PortMapping } from '../constructs/port-mapping';

/**
 * A gateway deployed elsewhere: the `namespace/name` of its `Gateway` and the description of its servers and pods
 * that {@link IngressGateway.fromGatewayReference} takes. {@link IstioIngress.gatewayImport} gives it for a gateway
 * deployed with Pulumi; it is plain data, so a stack can export it and another read it back.
 */
export interface GatewayImport extends ImportedGatewayOptions {
  /** `namespace/name` of the `Gateway`, e.g. `istio-ingress/public`. */
  readonly reference: string;
}

/** The import of a gateway of this program: its listeners without certificates or client CAs (they stay with it). */
export function gatewayImportOf(gateway: IngressGateway): GatewayImport {
  return {
    reference: gateway.reference,
    listeners: gateway.listeners.map((l): GatewayListenerProps => ({
      name: l.name,
      port: l.port,
      protocol: l.protocol,
      hosts: [...l.hosts],
      ...(l.tlsMode === undefined ? {} : { tls: { mode: l.tlsMode } }),
    })),
    workloadName: gateway.workloadName,
    selector: { ...gateway.selector },
    // The port mapping as data (`{ kind }`), so a stack output keeps it; importGateway reads it back.
    portMapping: gateway.portMapping,
  };
}

/**
 * The imported gateway construct for `gateway` in `scope`. A port mapping read back from a stack output (plain
 * `{ kind: 'unprivileged' }`) is the PortMapping it was.
 */
export function importGateway(scope: Construct, id: string, gateway: GatewayImport): ImportedIngressGateway {
  if (gateway === null || typeof gateway !== 'object') {
    throw new Error(`gateway is ${gateway === null ? 'null' : typeof gateway}; give an IstioIngress, or the gateway's import ({ reference: 'istio-ingress/public', listeners: [...] })`);
  }
  const { reference, portMapping, ...options } = gateway;
  return IngressGateway.fromGatewayReference(scope, id, reference, { ...options, ...revivePortMapping(portMapping) });
}

function revivePortMapping(value: unknown): { portMapping?: PortMapping } {
  if (value === undefined || value instanceof PortMapping) {
    return value === undefined ? {} : { portMapping: value };
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'unprivileged') {
    return { portMapping: PortMapping.UNPRIVILEGED };
  }
  if (kind === 'direct') {
    return { portMapping: PortMapping.DIRECT };
  }
  // Anything else: let the construct refuse it with its own message.
  return { portMapping: value as PortMapping };
}
