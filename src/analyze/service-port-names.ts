/**
 * The Service ports `istioctl analyze` reports for their names (istio/istio
 * `pkg/config/analysis/analyzers/service/portname.go` `PortNameAnalyzer`): ports Istio gives no protocol (see
 * service-port-protocol.ts), and ports of an ExternalName Service named exactly `tcp`. IST0118 reports them on every
 * Service but ExternalName ones, IST0150 on ExternalName ones. Services of Istio itself are skipped: those labelled
 * `istio` or `release=istio` (`util.IsIstioControlPlane`), and those Istio's gateway controllers create, labelled
 * {@link GATEWAY_MANAGED_LABEL} with one of {@link ISTIO_GATEWAY_CONTROLLERS} (`pkg/config/constants/constants.go`).
 */
import { AnalysisContext } from './analysis-context';
import { servicePortProtocol } from '../istio/service-port-protocol';
import { KubeService, KubeServicePort } from '../model/core-types';

/** The label naming the controller that made a Service for a Gateway API gateway or a waypoint. */
export const GATEWAY_MANAGED_LABEL = 'gateway.istio.io/managed';

/** The values of {@link GATEWAY_MANAGED_LABEL} that Istio's own controllers set: ingress, waypoint and east-west gateways. */
export const ISTIO_GATEWAY_CONTROLLERS: readonly string[] = ['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller'];

/** A Service port reported for its name. */
export interface MisnamedPort {
  /** The Service. */
  readonly service: KubeService;
  /** The port. */
  readonly port: KubeServicePort;
}

/** True when the Service is one Istio deploys or makes itself, whose port names are not checked. */
function isIstioOwn(service: KubeService): boolean {
  const labels = service.metadata.labels ?? {};
  return labels.istio !== undefined || labels.release === 'istio' || ISTIO_GATEWAY_CONTROLLERS.includes(labels[GATEWAY_MANAGED_LABEL] ?? '');
}

/** The ports reported for their names, Service by Service in manifest order, each Service's in port order. */
export function misnamedPorts(context: AnalysisContext): MisnamedPort[] {
  const found: MisnamedPort[] = [];
  for (const service of context.services) {
    if (isIstioOwn(service)) {
      continue;
    }
    const externalName = service.spec?.type === 'ExternalName';
    for (const port of service.spec?.ports ?? []) {
      if (servicePortProtocol(port) === undefined || (externalName && port.name === 'tcp')) {
        found.push({ service, port });
      }
    }
  }
  return found;
}

/** What of a port tells its protocol, for a message: its appProtocol when set (even empty, as Istio reads it), else its name. */
export function portNaming(port: KubeServicePort): string {
  if (port.appProtocol !== undefined) {
    return `appProtocol '${port.appProtocol}'`;
  }
  return port.name ? `name '${port.name}'` : 'no name';
}
