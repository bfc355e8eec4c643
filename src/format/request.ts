/**
 * `route`'s request line: a request as one line of text (`Request:` in the decision block).
 */
import { TrafficRequest } from '../engine/request';

/**
 * A short description of a request: `GET https://counter.example.com/api on port 443 (x-user: alice)`, or
 * `connection on nodePort 30306` when nothing HTTP is given.
 */
export function describeRequest(request: TrafficRequest): string {
  const http = [request.host, request.path, request.method, request.scheme, request.headers].some((v) => v !== undefined);
  const scheme = request.scheme && request.host ? `${request.scheme.toLowerCase()}://` : '';
  const target = http ? `${request.method ?? 'GET'} ${scheme}${request.host ?? ''}${request.path ?? '/'}` : 'connection';
  const via = request.port !== undefined ? `port ${request.port}` : `nodePort ${request.nodePort}`;
  const extras = [
    ...Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ...(request.sni !== undefined ? [`sni ${request.sni}`] : []),
    ...(request.gateway !== undefined ? [`gateway ${request.gateway}`] : []),
  ];
  return `${target} on ${via}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}
