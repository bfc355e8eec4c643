/**
 * The protocol istiod gives a Kubernetes Service port: from its `appProtocol` when set, else from the prefix of its
 * name before the first `-` (`http-alt` is HTTP), case-insensitively; TCP for a few well-known ports whose name says
 * nothing; `UnsupportedProtocol` otherwise (the port is sniffed). istio/istio `pkg/config/kube/conversion.go`
 * `ConvertProtocol`, `pkg/config/protocol/instance.go` `Parse`.
 */

/** The protocol istiod gives a port whose name and appProtocol name none it knows (the traffic is sniffed). */
export const UNSUPPORTED_PROTOCOL = 'UnsupportedProtocol';

/** Protocol names as `Parse` reads them (lower case), and the protocol each stands for. */
const PROTOCOLS: ReadonlyMap<string, string> = new Map([
  ['tcp', 'TCP'], ['udp', 'UDP'], ['grpc', 'GRPC'], ['grpc-web', 'GRPC-Web'], ['http', 'HTTP'], ['http_proxy', 'HTTP_PROXY'],
  ['http2', 'HTTP2'], ['https', 'HTTPS'], ['tls', 'TLS'], ['mongo', 'Mongo'], ['redis', 'Redis'], ['mysql', 'MySQL'],
]);

/** Kubernetes' standard appProtocol values, which only an appProtocol can carry. */
const KUBERNETES_APP_PROTOCOLS: ReadonlyMap<string, string> = new Map([
  ['kubernetes.io/h2c', 'HTTP2'], ['kubernetes.io/ws', 'HTTP'], ['kubernetes.io/wss', 'HTTPS'],
]);

/** Ports that are TCP when neither name nor appProtocol says otherwise (SMTP, DNS, MySQL, MongoDB). */
const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** The port of a Service as {@link servicePortProtocol} reads it. */
export interface ServicePortNaming {
  /** The Service port. */
  readonly port: number;
  /** Its name, if any. */
  readonly name?: string;
  /** Its Kubernetes protocol (TCP, UDP, SCTP); TCP when omitted. */
  readonly protocol?: string;
  /** Its appProtocol, if any. */
  readonly appProtocol?: string;
}

/** The protocol istiod gives the Service port, spelled as istiod spells it (`HTTP`, `TCP`, `GRPC-Web`, `UnsupportedProtocol`, ...). */
export function servicePortProtocol(port: ServicePortNaming): string {
  if (port.protocol === 'UDP') {
    return 'UDP';
  }
  let name = port.name ?? '';
  if (port.appProtocol !== undefined) {
    name = port.appProtocol;
    const standard = KUBERNETES_APP_PROTOCOLS.get(name);
    if (standard !== undefined) {
      return standard;
    }
  }
  if (name.slice(0, 'grpc-web'.length).toLowerCase() === 'grpc-web') {
    return 'GRPC-Web';
  }
  const dash = name.indexOf('-');
  const parsed = PROTOCOLS.get((dash < 0 ? name : name.slice(0, dash)).toLowerCase());
  if (parsed !== undefined) {
    return parsed;
  }
  return WELL_KNOWN_TCP_PORTS.has(port.port) ? 'TCP' : UNSUPPORTED_PROTOCOL;
}
