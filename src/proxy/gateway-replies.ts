/**
 * The replies the gateway answers itself, with the status, body and response flags Envoy gives them (envoy
 * `source/common/router/router.cc` and `source/common/http/utility.cc` `sendLocalReply`; response flags as in Envoy's
 * access log documentation).
 */
import { ResponseFlag } from './access-log';

/** A response the gateway sends without an upstream, with the flags it is logged with. */
export interface GatewayReply {
  /** HTTP status. */
  readonly status: number;
  /** Body (text/plain), empty for none. */
  readonly body: string;
  /** The response flags it is logged with. */
  readonly flags: readonly ResponseFlag[];
}

/** No virtual host or no route matched: 404 with no body. */
export const NO_ROUTE: GatewayReply = { status: 404, body: '', flags: ['NR'] };

/** The destination has no local address (no endpoints): 503. */
export const NO_HEALTHY_UPSTREAM: GatewayReply = { status: 503, body: 'no healthy upstream', flags: ['UH'] };

/** The route's timeout expired before the upstream answered: 504. */
export const UPSTREAM_TIMEOUT: GatewayReply = { status: 504, body: 'upstream request timeout', flags: ['UT'] };

/**
 * The upstream refused or reset the connection before answering: 503. Envoy says whether it retried and why the
 * last attempt failed.
 */
export function upstreamFailure(reason: 'connection failure' | 'connection termination', retried: boolean): GatewayReply {
  const flag: ResponseFlag = reason === 'connection failure' ? 'UF' : 'UC';
  const detail = reason === 'connection failure' ? 'remote connection failure' : 'connection termination';
  return {
    status: 503,
    body: `upstream connect error or disconnect/reset before headers. ${retried ? 'retried and the latest ' : ''}reset reason: ${detail}`,
    flags: retried ? [flag, 'URX'] : [flag],
  };
}
