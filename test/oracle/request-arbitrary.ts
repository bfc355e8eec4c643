/**
 * Requests aimed at the configurations of config-arbitrary.ts: hosts, paths, headers and query parameters from the
 * same pools, and near misses of them (case changes, a port on the Host, a segment more or less, a trailing slash).
 */
import * as fc from 'fast-check';
import { GATEWAY_PORTS, HEADER_NAMES, HEADER_VALUES, HOSTS, PATHS, QUERY_NAMES } from './config-arbitrary';
import { TrafficRequest } from '../../src/engine/request';

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** Concrete names a request carries: every pool host with its wildcard filled in, and names nothing serves. */
const REQUEST_HOSTS = [...HOSTS.map((h) => h.replace('*', 'www')), 'other.test', 'shop.example.org'];

/** How a Host is varied. */
const HOST_VARIANTS = ['as-is', 'as-is', 'upper', 'port-80', 'port-443', 'port-8080', 'port-other', 'trailing-dot'] as const;

/** How a path is varied. */
const PATH_VARIANTS = ['as-is', 'as-is', 'as-is', 'slash', 'suffix', 'segment', 'upper', 'parent', 'query'] as const;

function hostVariant(host: string, variant: typeof HOST_VARIANTS[number]): string {
  switch (variant) {
    case 'as-is':
      return host;
    case 'upper':
      return host.toUpperCase();
    case 'port-80':
      return `${host}:80`;
    case 'port-443':
      return `${host}:443`;
    case 'port-8080':
      return `${host}:8080`;
    case 'port-other':
      return `${host}:1234`;
    case 'trailing-dot':
      return `${host}.`;
  }
}

function pathVariant(path: string, variant: typeof PATH_VARIANTS[number]): string {
  switch (variant) {
    case 'as-is':
      return path;
    case 'slash':
      return path.endsWith('/') ? path.slice(0, -1) || '/' : `${path}/`;
    case 'suffix':
      return `${path}x`;
    case 'segment':
      return `${path.replace(/\/$/, '')}/v1/items.png`;
    case 'upper':
      return path.toUpperCase();
    case 'parent':
      return `/static/..${path}`;
    case 'query':
      return `${path}?v=1&debug=true`;
  }
}

/** A request to one of the gateway's ports. */
export function gatewayRequest(): fc.Arbitrary<TrafficRequest> {
  return fc.record({
    port: pick([0, 0, 0, 1, 1, 2, 3, 4].map((i) => GATEWAY_PORTS[i].port)),
    host: fc.tuple(pick(REQUEST_HOSTS), pick(HOST_VARIANTS)).map(([h, v]) => hostVariant(h, v)),
    path: fc.tuple(pick([...PATHS, '/api/v2', '/assets/a.png', '/other']), pick(PATH_VARIANTS)).map(([p, v]) => pathVariant(p, v)),
    query: fc.option(fc.tuple(pick(QUERY_NAMES), pick(['1', 'true', '42', 'x'])), { nil: undefined, freq: 4 }),
    method: pick(['GET', 'GET', 'POST']),
    headers: fc.dictionary(pick(HEADER_NAMES.map((h) => h.toLowerCase())), pick(HEADER_VALUES), { maxKeys: 2 }),
    tls: fc.boolean(),
  }).map((r) => {
    const path = r.query === undefined || r.path.includes('?') ? r.path : `${r.path}?${r.query[0]}=${r.query[1]}`;
    const request: TrafficRequest = { port: r.port, host: r.host, path, method: r.method, headers: r.headers };
    const tlsPort = r.port === 443 || r.port === 15443;
    if (tlsPort || (r.tls && r.port === 3306)) {
      return { ...request, scheme: 'https', sni: r.host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase() };
    }
    return request;
  });
}
