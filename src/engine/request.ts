/**
 * A request sent to a gateway, as the routing contract describes it.
 */
export interface TrafficRequest {
  /**
   * A port of the gateway's Kubernetes Service (give this or `nodePort`).
   * @default - derived from nodePort
   */
  readonly port?: number;
  /**
   * A node port of the gateway's Service (give this or `port`).
   * @default - none
   */
  readonly nodePort?: number;
  /**
   * The Host / `:authority` header; may carry `:port`.
   * @default - none
   */
  readonly host?: string;
  /**
   * The path, with the query string.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The HTTP method.
   * @default 'GET'
   */
  readonly method?: string;
  /**
   * `http` or `https`.
   * @default - https when the server that accepts the connection terminates or passes through TLS, else http
   */
  readonly scheme?: string;
  /**
   * Request headers (names are case-insensitive).
   * @default - none
   */
  readonly headers?: Record<string, string>;
  /**
   * The TLS SNI.
   * @default - the host without its port, when TLS is used
   */
  readonly sni?: string;
  /**
   * Which gateway workload receives the request: `NS/NAME` of its Service, its Deployment or
   * a Gateway resource that selects it. Optional when the manifests define exactly one gateway
   * workload's pods (a Deployment, DaemonSet or StatefulSet that Gateways select), even beside
   * Gateways whose selectors match pods installed elsewhere; with no such workload, when exactly
   * one workload is implied by Gateway selectors.
   * @default - the only workload whose pods the manifests define, else the only implied one
   */
  readonly gateway?: string;
}
