/**
 * `cdk8s-istio-gateway/proxy`: a gateway you can run. `startGateway` serves a gateway's listeners on the loopback
 * address from the engine's compiled routes (the same routes and actions `route` decides with) and forwards to local
 * stand-ins for the cluster's services: HTTP/1.1, HTTP/2 (ALPN and prior knowledge), TLS termination by SNI, MUTUAL
 * TLS, TLS passthrough and TCP, with an Envoy-like admin endpoint and access log. `withGateway` runs a test body
 * against one and always closes it.
 *
 * It loads Node's networking modules, which the main entry and `/engine` never load.
 *
 * @example
 * ```ts
 * import { withGateway } from 'cdk8s-istio-gateway/proxy';
 *
 * await withGateway(app, { 'counter.default:80': `127.0.0.1:${backendPort}` }, async (gw) => {
 *   const res = await fetch(gw.url(80, '/'), { headers: { host: 'counter.lab.example.com' } });
 * });
 * ```
 *
 * @packageDocumentation
 */
export * from './proxy/start-gateway';
export * from './proxy/with-gateway';
export { TlsMaterial } from './proxy/tls-credentials';
export { RouteStatistics } from './proxy/stats';
export { UpstreamError } from './proxy/upstream-map';
