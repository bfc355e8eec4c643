/**
 * YAML of the Istio objects that many tests' hand-written manifests share, so that each fixture spells out only
 * what makes it differ.
 */

/** The server of {@link httpGateway}. */
export interface HttpServer {
  /** The hosts, a YAML flow list; default any host. */
  readonly hosts?: string;
  /** The port number; default 80. */
  readonly port?: number;
  /** The port name; default `http`. */
  readonly portName?: string;
}

/**
 * A Gateway `istio-system/NAME` selecting the pods labelled `istio: ingressgateway`, with one HTTP server (by default
 * on port 80, named `http`, for any host): one YAML document, without a `---` separator.
 */
export function httpGateway(name: string, { hosts = "['*']", port = 80, portName = 'http' }: HttpServer = {}): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: ${port}, name: ${portName}, protocol: HTTP}, hosts: ${hosts}}]
`;
}
