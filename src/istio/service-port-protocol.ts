/**
 * The protocol Istio gives a Kubernetes Service port (istio/istio `pkg/config/kube/conversion.go` `ConvertProtocol`,
 * `pkg/config/protocol/instance.go` `Parse`): UDP ports are UDP; otherwise the `appProtocol` when one is set (even
 * empty), else the port name, read up to its first `-` (a `grpc-web` prefix kept whole) and case-insensitively. Ports
 * 25, 53, 3306 and 27017 are TCP when that gives no protocol. Any other port has none, and Istio sniffs its protocol.
 */

/** What of a Service port decides its protocol. */
export interface ServicePortNaming {
  /** The port number. */
  readonly port: number;
  /**
   * The port name.
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * `TCP`, `UDP` or `SCTP`.
   * @default 'TCP'
   */
  readonly protocol?: string;
  /**
   * The application protocol.
   * @default - the port name decides
   */
  readonly appProtocol?: string;
}

/** The `appProtocol` values Kubernetes defines, which Istio maps before reading the value as a name. */
const KUBERNETES_APP_PROTOCOLS: ReadonlyMap<string, string> = new Map([
  ['kubernetes.io/h2c', 'HTTP2'],
  ['kubernetes.io/ws', 'HTTP'],
  ['kubernetes.io/wss', 'HTTPS'],
]);

/** The protocol names Istio parses, lowercase, and the protocol each is. */
const PROTOCOL_NAMES: ReadonlyMap<string, string> = new Map([
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['grpc', 'GRPC'],
  ['grpc-web', 'GRPC-Web'],
  ['http', 'HTTP'],
  ['http_proxy', 'HTTP_PROXY'],
  ['http2', 'HTTP2'],
  ['https', 'HTTPS'],
  ['tls', 'TLS'],
  ['mongo', 'Mongo'],
  ['redis', 'Redis'],
  ['mysql', 'MySQL'],
]);

const GRPC_WEB = 'grpc-web';

/** SMTP, DNS, MySQL and MongoDB: TCP whatever their name, as sniffing would break them. */
const WELL_KNOWN_TCP_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/**
 * The protocol Istio gives a Service port (`HTTP`, `GRPC-Web`, `TCP`, ...), or undefined when it gives none and sniffs
 * the protocol of each connection.
 */
export function servicePortProtocol(port: ServicePortNaming): string | undefined {
  if (port.protocol === 'UDP') {
    return 'UDP';
  }
  let name = port.name ?? '';
  if (port.appProtocol !== undefined) {
    name = port.appProtocol;
    const kubernetes = KUBERNETES_APP_PROTOCOLS.get(name);
    if (kubernetes !== undefined) {
      return kubernetes;
    }
  }
  if (name.slice(0, GRPC_WEB.length).toLowerCase() === GRPC_WEB) {
    return PROTOCOL_NAMES.get(GRPC_WEB);
  }
  const dash = name.indexOf('-');
  const parsed = PROTOCOL_NAMES.get((dash < 0 ? name : name.slice(0, dash)).toLowerCase());
  if (parsed !== undefined) {
    return parsed;
  }
  return WELL_KNOWN_TCP_PORTS.has(port.port) ? 'TCP' : undefined;
}
