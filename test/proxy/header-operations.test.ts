/**
 * A rule's and its destinations' `headers` as istiod translates them (istio/istio
 * `pilot/pkg/networking/core/route/route.go` `TranslateHeadersOperations`, `processDestination`,
 * `processWeightedDestination`) and Envoy applies them (envoyproxy/envoy `source/common/router/header_parser.cc`
 * `HeaderParser::evaluateHeaders`; `source/common/router/weighted_cluster_specifier.cc`
 * `WeightedClusterEntry::finalizeRequestHeaders`).
 */
import { IstioHeaders, IstioHttpRoute, IstioRouteDestination } from '../../src/model/istio-types';
import { compileHeaderOperations } from '../../src/proxy/header-operations';

const to = (host: string, extra: Partial<IstioRouteDestination> = {}): IstioRouteDestination => ({ destination: { host }, ...extra });

/** The request operations of a rule with one destination, applied to `headers`. */
function onRequest(headers: IstioHeaders, request: Record<string, string | string[]>, context = {}) {
  return compileHeaderOperations({ route: [to('a')], headers }).forDestination(0).request.apply(request, context);
}

describe('one level of operations', () => {
  test('set overwrites or adds, add appends or adds, remove removes', () => {
    expect(onRequest({ request: { set: { 'x-set': 'new', 'x-fresh': '1' }, add: { 'x-add': 'more', 'x-new': 'n' }, remove: ['x-gone'] } },
      { 'x-set': 'old', 'x-add': 'first', 'x-gone': 'bye', 'x-kept': 'k' }))
      .toEqual({ 'x-set': 'new', 'x-fresh': '1', 'x-add': ['first', 'more'], 'x-new': 'n', 'x-kept': 'k' });
  });

  test('set replaces every occurrence of a repeated header', () => {
    expect(onRequest({ request: { set: { 'x-a': 'one' } } }, { 'x-a': ['1', '2'] })).toEqual({ 'x-a': 'one' });
  });

  test('removals come first, so a header removed and set ends with the new value', () => {
    expect(onRequest({ request: { set: { 'x-a': 'new' }, remove: ['x-a'] } }, { 'x-a': 'old' })).toEqual({ 'x-a': 'new' });
  });

  test('names are lower-cased, as Envoy keeps them', () => {
    expect(onRequest({ request: { set: { 'X-Upper': 'v' }, remove: ['X-Gone'] } }, { 'x-gone': '1' })).toEqual({ 'x-upper': 'v' });
  });

  test('host and pseudo-headers are no header operation (istiod turns host into a rewrite)', () => {
    expect(onRequest({ request: { set: { 'host': 'h', ':authority': 'a', ':path': '/p' }, add: { Host: 'h2' }, remove: ['host', ':method'] } },
      { host: 'original' })).toEqual({ host: 'original' });
  });

  test('the headers given are not changed', () => {
    const request = { 'x-a': 'old' };
    onRequest({ request: { set: { 'x-a': 'new' } } }, request);
    expect(request).toEqual({ 'x-a': 'old' });
  });

  test('response operations change the response', () => {
    const ops = compileHeaderOperations({ route: [to('a')], headers: { response: { set: { 'cache-control': 'no-store' }, remove: ['server'] } } });
    expect(ops.forDestination(0).response.apply({ 'server': 'backend', 'cache-control': 'max-age=60' })).toEqual({ 'cache-control': 'no-store' });
    expect(ops.forDestination(0).request.empty).toBe(true);
  });
});

describe('rule and destination operations', () => {
  test('with one destination its operations follow the rule\'s in one parser: its set wins', () => {
    const rule: IstioHttpRoute = {
      headers: { request: { set: { 'x-who': 'rule' }, remove: ['x-dest'] } },
      route: [to('a', { headers: { request: { set: { 'x-who': 'destination', 'x-dest': 'yes' } } } })],
    };
    expect(compileHeaderOperations(rule).forDestination(0).request.apply({})).toEqual({ 'x-who': 'destination', 'x-dest': 'yes' });
  });

  test('with several destinations the weighted cluster goes first and the rule after: the rule\'s set and remove win', () => {
    const rule: IstioHttpRoute = {
      headers: { request: { set: { 'x-who': 'rule' }, remove: ['x-dest'] } },
      route: [
        to('a', { weight: 50, headers: { request: { set: { 'x-who': 'a', 'x-dest': 'a' } } } }),
        to('b', { weight: 50, headers: { request: { add: { 'x-b': 'b' } } } }),
      ],
    };
    const ops = compileHeaderOperations(rule);
    expect(ops.forDestination(0).request.apply({})).toEqual({ 'x-who': 'rule' });
    expect(ops.forDestination(1).request.apply({})).toEqual({ 'x-who': 'rule', 'x-b': 'b' });
  });

  test('a destination\'s add after the rule\'s set, in one parser: overwrites first, then appends', () => {
    const rule: IstioHttpRoute = {
      headers: { request: { add: { 'x-a': 'rule' } } },
      route: [to('a', { headers: { request: { set: { 'x-a': 'destination' } } } })],
    };
    expect(compileHeaderOperations(rule).forDestination(0).request.apply({ 'x-a': 'client' })).toEqual({ 'x-a': ['destination', 'rule'] });
  });

  test('destinations of weight 0 take no traffic and no index', () => {
    const rule: IstioHttpRoute = {
      route: [to('zero', { weight: 0, headers: { request: { set: { 'x-d': 'zero' } } } }), to('b', { weight: 100, headers: { request: { set: { 'x-d': 'b' } } } })],
    };
    expect(compileHeaderOperations(rule).forDestination(0).request.apply({})).toEqual({ 'x-d': 'b' });
  });

  test('the route level alone serves a rule without destinations (a direct response)', () => {
    const ops = compileHeaderOperations({ directResponse: { status: 200 }, headers: { response: { set: { 'content-type': 'text/plain' } } } });
    expect(ops.route.response.apply({})).toEqual({ 'content-type': 'text/plain' });
    expect(ops.forDestination(0).response.apply({})).toEqual({ 'content-type': 'text/plain' });
  });
});

describe('values are Envoy format strings', () => {
  test('%REQ(...)% reads the request as it was before the writes', () => {
    expect(onRequest({ request: { set: { 'x-user': 'changed', 'x-copy': '%REQ(X-User)%' } } }, { 'x-user': 'alice' }))
      .toEqual({ 'x-user': 'changed', 'x-copy': 'alice' });
  });

  test('%REQ(a?b)% falls back to the second header; :authority reads the host', () => {
    expect(onRequest({ request: { set: { 'x-id': '%REQ(x-missing?x-request-id)%', 'x-host': 'to %REQ(:authority)%' } } }, { 'x-request-id': 'r1', 'host': 'shop' }))
      .toEqual({ 'x-request-id': 'r1', 'host': 'shop', 'x-id': 'r1', 'x-host': 'to shop' });
  });

  test('a value that formats to nothing is not written, and a set then leaves the header as it was', () => {
    expect(onRequest({ request: { set: { 'x-a': '%REQ(x-missing)%' }, add: { 'x-b': '%REQ(x-missing)%' } } }, { 'x-a': 'kept' })).toEqual({ 'x-a': 'kept' });
  });

  test('the downstream addresses, with brackets around IPv6', () => {
    const context = { downstreamRemoteAddress: { address: '2001:db8::1', port: 5000 }, downstreamLocalAddress: { address: '10.0.0.2', port: 8080 } };
    expect(onRequest({
      request: {
        set: {
          'x-remote': '%DOWNSTREAM_REMOTE_ADDRESS%',
          'x-ip': '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%',
          'x-local': '%DOWNSTREAM_LOCAL_ADDRESS%',
          'x-port': '%DOWNSTREAM_LOCAL_PORT%',
        },
      },
    }, {}, context)).toEqual({ 'x-remote': '[2001:db8::1]:5000', 'x-ip': '2001:db8::1', 'x-local': '10.0.0.2:8080', 'x-port': '8080' });
  });

  test('%START_TIME% is ISO 8601 with milliseconds; %PROTOCOL%, %HOSTNAME%, %REQUESTED_SERVER_NAME%', () => {
    const context = { startTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), protocol: 'HTTP/1.1', hostname: 'gw-0', requestedServerName: 'shop.example.com' };
    expect(onRequest({ request: { set: { 'x-t': '%START_TIME%', 'x-p': '%PROTOCOL% via %HOSTNAME% for %REQUESTED_SERVER_NAME%' } } }, {}, context))
      .toEqual({ 'x-t': '2026-01-02T03:04:05.006Z', 'x-p': 'HTTP/1.1 via gw-0 for shop.example.com' });
  });

  test('%% is a percent sign; a command the gateway does not expand stays as written', () => {
    expect(onRequest({ request: { set: { 'x-pct': '100%%', 'x-meta': '%UPSTREAM_METADATA(["a","b"])%', 'x-fmt': '%START_TIME(%s)%' } } }, {}))
      .toEqual({ 'x-pct': '100%', 'x-meta': '%UPSTREAM_METADATA(["a","b"])%', 'x-fmt': '%START_TIME(%s)%' });
  });

  test('a response operation reads %RESP(...)% from the response and %REQ(...)% from the request', () => {
    const ops = compileHeaderOperations({ route: [to('a')], headers: { response: { add: { 'x-echo': '%REQ(x-request-id)%/%RESP(x-backend)%' } } } });
    expect(ops.forDestination(0).response.apply({ 'x-backend': 'b1' }, { requestHeaders: { 'x-request-id': 'r9' } }))
      .toEqual({ 'x-backend': 'b1', 'x-echo': 'r9/b1' });
  });
});
