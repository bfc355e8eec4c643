/**
 * What Envoy adds and strips at an Istio gateway (envoyproxy/envoy `source/common/http/conn_manager_utility.cc`
 * `mutateRequestHeaders`, `cleanInternalHeaders`, `mutateXfccRequestHeader`, `mutateResponseHeaders`;
 * `source/common/http/conn_manager_impl.cc` `ActiveStream::encodeHeaders`; `source/common/router/router.cc`), with
 * istiod's gateway connection manager (istio/istio `pilot/pkg/networking/core/gateway.go`
 * `buildGatewayConnectionManager`).
 */
import { X509Certificate } from 'crypto';
import { BlockList } from 'net';
import { CLIENT_CERT, CLIENT_CERT_SHA256, GATEWAY_CERT } from './certificate-fixtures';
import {
  DownstreamConnection, requestHeadersForUpstream, responseHeadersForDownstream, SERVER_NAME, UpstreamRequestInput,
} from '../../src/proxy/forwarded-headers';
import { HeaderMap } from '../../src/proxy/header-map';

const PLAIN: DownstreamConnection = { remoteAddress: '203.0.113.7', tls: false };

/** The forwarded request headers of a request with `headers` on `connection`, with request ID `rid-1`. */
function forward(headers: HeaderMap, connection: DownstreamConnection = PLAIN, extra: Partial<UpstreamRequestInput> = {}) {
  return requestHeadersForUpstream({ headers, connection, nodeAddress: '10.1.2.3', requestId: () => 'rid-1', ...extra });
}

describe('x-forwarded-for and x-forwarded-proto (use_remote_address, no trusted hops)', () => {
  test('the peer address is appended to x-forwarded-for, or starts it', () => {
    expect(forward({}).headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(forward({ 'x-forwarded-for': '198.51.100.1' }).headers['x-forwarded-for']).toBe('198.51.100.1,203.0.113.7');
  });

  test('a peer at 127.0.0.1 or ::1 is written as the gateway node address', () => {
    expect(forward({}, { remoteAddress: '127.0.0.1', tls: false }).headers['x-forwarded-for']).toBe('10.1.2.3');
    expect(forward({}, { remoteAddress: '::1', tls: false }).headers['x-forwarded-for']).toBe('10.1.2.3');
    expect(forward({}, { remoteAddress: '127.0.0.2', tls: false }).headers['x-forwarded-for']).toBe('127.0.0.2');
  });

  test('an IPv4-mapped IPv6 peer is its IPv4 address', () => {
    const forwarded = forward({}, { remoteAddress: '::ffff:192.0.2.5', tls: false });
    expect([forwarded.headers['x-forwarded-for'], forwarded.headers['x-envoy-external-address'], forwarded.clientAddress])
      .toEqual(['192.0.2.5', '192.0.2.5', '192.0.2.5']);
  });

  test('x-forwarded-proto is the connection\'s scheme, whatever the client says', () => {
    expect(forward({ 'x-forwarded-proto': 'https' }).headers['x-forwarded-proto']).toBe('http');
    expect(forward({}, { remoteAddress: '203.0.113.7', tls: true }).headers['x-forwarded-proto']).toBe('https');
  });
});

describe('external requests (every request, unless internal addresses are configured)', () => {
  test('x-envoy-external-address is the peer, and the request ID is replaced', () => {
    const forwarded = forward({ 'x-request-id': 'client-chosen' }, { remoteAddress: '10.0.0.9', tls: false });
    expect(forwarded.edge).toBe(true);
    expect(forwarded.headers['x-envoy-external-address']).toBe('10.0.0.9');
    expect(forwarded.headers['x-request-id']).toBe('rid-1');
  });

  test('a request ID is a UUID v4 by default', () => {
    expect(requestHeadersForUpstream({ headers: {}, connection: PLAIN, nodeAddress: '10.1.2.3' }).headers['x-request-id'])
      .toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('the headers that steer Envoy are stripped, other x-envoy headers pass', () => {
    const steering = [
      'x-envoy-retry-on', 'x-envoy-retry-grpc-on', 'x-envoy-max-retries', 'x-envoy-retriable-status-codes', 'x-envoy-retriable-header-names',
      'x-envoy-upstream-rq-timeout-ms', 'x-envoy-upstream-rq-per-try-timeout-ms', 'x-envoy-expected-rq-timeout-ms', 'x-envoy-force-trace',
      'x-envoy-upstream-alt-stat-name', 'x-envoy-upstream-rq-timeout-alt-response', 'x-envoy-ip-tags', 'x-envoy-original-url',
      'x-envoy-hedge-on-per-try-timeout', 'x-envoy-decorator-operation', 'x-envoy-downstream-service-cluster',
      'x-envoy-downstream-service-node', 'x-envoy-internal',
    ];
    const headers = forward({ ...Object.fromEntries(steering.map((name) => [name, '1'])), 'x-envoy-custom': 'kept' }).headers;
    expect(steering.filter((name) => name in headers)).toEqual([]);
    expect(headers['x-envoy-custom']).toBe('kept');
  });
});

describe('internal requests (an internal address without x-forwarded-for)', () => {
  const internal = new BlockList();
  internal.addSubnet('10.0.0.0', 8);

  test('x-envoy-internal is set, the request ID and caller headers are kept', () => {
    const forwarded = forward({ 'x-request-id': 'mine', 'x-envoy-downstream-service-cluster': 'caller' }, { remoteAddress: '10.0.0.9', tls: false },
      { internalAddresses: internal });
    expect(forwarded.edge).toBe(false);
    expect(forwarded.headers).toMatchObject({ 'x-envoy-internal': 'true', 'x-request-id': 'mine', 'x-envoy-downstream-service-cluster': 'caller' });
    expect(forwarded.headers['x-envoy-external-address']).toBeUndefined();
  });

  test('an internal request without an ID gets one', () => {
    expect(forward({}, { remoteAddress: '10.0.0.9', tls: false }, { internalAddresses: internal }).headers['x-request-id']).toBe('rid-1');
  });

  test('the router still consumes its retry and timeout headers', () => {
    const headers = forward({ 'x-envoy-retry-on': '5xx', 'x-envoy-upstream-rq-timeout-ms': '100' }, { remoteAddress: '10.0.0.9', tls: false },
      { internalAddresses: internal }).headers;
    expect([headers['x-envoy-retry-on'], headers['x-envoy-upstream-rq-timeout-ms']]).toEqual([undefined, undefined]);
  });

  test('with x-forwarded-for, or from another address, the request is external', () => {
    expect(forward({ 'x-forwarded-for': '10.0.0.1' }, { remoteAddress: '10.0.0.9', tls: false }, { internalAddresses: internal }).edge).toBe(true);
    expect(forward({}, { remoteAddress: '192.168.0.9', tls: false }, { internalAddresses: internal }).edge).toBe(true);
  });
});

describe('hop-by-hop headers', () => {
  test('connection, upgrade, keep-alive, proxy-connection and transfer-encoding are removed', () => {
    const headers = forward({
      'connection': 'keep-alive', 'upgrade': 'h2c', 'keep-alive': 'timeout=5', 'proxy-connection': 'keep-alive', 'transfer-encoding': 'chunked', 'accept': '*/*',
    }).headers;
    expect(['connection', 'upgrade', 'keep-alive', 'proxy-connection', 'transfer-encoding'].filter((name) => name in headers)).toEqual([]);
    expect(headers.accept).toBe('*/*');
  });

  test('an upgrade keeps connection and upgrade', () => {
    expect(forward({ connection: 'Upgrade', upgrade: 'websocket' }).headers).toMatchObject({ connection: 'Upgrade', upgrade: 'websocket' });
    expect(forward({ connection: 'keep-alive, upgrade', upgrade: 'websocket' }).headers.upgrade).toBe('websocket');
  });

  test('te stays only as trailers', () => {
    expect(forward({ te: 'trailers, deflate;q=0.5' }).headers.te).toBe('trailers');
    expect(forward({ te: 'gzip' }).headers.te).toBeUndefined();
  });

  test('a referer that is not one absolute URL is removed', () => {
    expect(forward({ referer: 'https://shop.example.com/cart' }).headers.referer).toBe('https://shop.example.com/cart');
    expect(forward({ referer: '/cart' }).headers.referer).toBeUndefined();
    expect(forward({ referer: ['https://a.io/', 'https://b.io/'] }).headers.referer).toBeUndefined();
  });
});

describe('x-forwarded-client-cert (SANITIZE_SET)', () => {
  test('an mTLS connection sets it from the client certificate, replacing what the client sent', () => {
    const connection = {
      remoteAddress: '203.0.113.7', tls: true, peerCertificate: new X509Certificate(CLIENT_CERT), localCertificate: new X509Certificate(GATEWAY_CERT),
    };
    const xfcc = forward({ 'x-forwarded-client-cert': 'By=spoofed' }, connection).headers['x-forwarded-client-cert'] as string;
    expect(xfcc.startsWith(`By=spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account;Hash=${CLIENT_CERT_SHA256};Cert="`)).toBe(true);
    expect(xfcc).not.toContain('spoofed');
  });

  test('without a client certificate it is removed', () => {
    expect(forward({ 'x-forwarded-client-cert': 'By=spoofed' }).headers['x-forwarded-client-cert']).toBeUndefined();
    expect(forward({ 'x-forwarded-client-cert': 'By=spoofed' }, { remoteAddress: '203.0.113.7', tls: true }).headers['x-forwarded-client-cert'])
      .toBeUndefined();
  });
});

describe('router headers', () => {
  test('x-envoy-attempt-count is the try', () => {
    expect(forward({}).headers['x-envoy-attempt-count']).toBe('1');
    expect(forward({}, PLAIN, { attempt: 3 }).headers['x-envoy-attempt-count']).toBe('3');
  });

  test('x-envoy-expected-rq-timeout-ms when a timeout applies, and grpc-timeout for gRPC', () => {
    expect(forward({}, PLAIN, { timeouts: { globalMs: 2000, perTryMs: 0 } }).headers['x-envoy-expected-rq-timeout-ms']).toBe('2000');
    expect(forward({}, PLAIN, { timeouts: { globalMs: 0, perTryMs: 0 } }).headers['x-envoy-expected-rq-timeout-ms']).toBeUndefined();
    const grpc = forward({ 'content-type': 'application/grpc', 'grpc-timeout': '10S' }, PLAIN, { timeouts: { globalMs: 2000, perTryMs: 500 }, elapsedMs: 1800 });
    expect([grpc.headers['x-envoy-expected-rq-timeout-ms'], grpc.headers['grpc-timeout']]).toEqual(['200', '200m']);
  });

  test('x-envoy-original-path after a path rewrite', () => {
    expect(forward({}, PLAIN, { originalPath: '/api/v1/items' }).headers['x-envoy-original-path']).toBe('/api/v1/items');
    expect(forward({}).headers['x-envoy-original-path']).toBeUndefined();
  });
});

test('the request headers given are not changed', () => {
  const headers = { 'connection': 'close', 'x-forwarded-for': '1.2.3.4' };
  forward(headers);
  expect(headers).toEqual({ 'connection': 'close', 'x-forwarded-for': '1.2.3.4' });
});

describe('responseHeadersForDownstream', () => {
  const now = new Date(Date.UTC(2026, 5, 1, 12, 0, 0));

  test('server is istio-envoy, replacing the upstream\'s', () => {
    expect(SERVER_NAME).toBe('istio-envoy');
    expect(responseHeadersForDownstream({ headers: { server: 'nginx' }, requestHeaders: {}, now }).server).toBe('istio-envoy');
  });

  test('date is added when the response has none, and kept when it has one', () => {
    expect(responseHeadersForDownstream({ headers: {}, requestHeaders: {}, now }).date).toBe('Mon, 01 Jun 2026 12:00:00 GMT');
    expect(responseHeadersForDownstream({ headers: { date: 'Tue, 02 Jun 2026 00:00:00 GMT' }, requestHeaders: {}, now }).date)
      .toBe('Tue, 02 Jun 2026 00:00:00 GMT');
  });

  test('x-envoy-upstream-service-time on an upstream response only', () => {
    expect(responseHeadersForDownstream({ headers: {}, requestHeaders: {}, upstreamServiceTimeMs: 12.7, now })['x-envoy-upstream-service-time']).toBe('12');
    expect(responseHeadersForDownstream({ headers: {}, requestHeaders: {}, now })['x-envoy-upstream-service-time']).toBeUndefined();
  });

  test('hop-by-hop headers are removed', () => {
    const headers = responseHeadersForDownstream({
      headers: { 'connection': 'close', 'upgrade': 'h2c', 'transfer-encoding': 'chunked', 'keep-alive': 'timeout=5', 'proxy-connection': 'close', 'etag': 'x' },
      requestHeaders: {},
      now,
    });
    expect(headers).toEqual({ etag: 'x', date: 'Mon, 01 Jun 2026 12:00:00 GMT', server: 'istio-envoy' });
  });

  test('an upgrade answered by an upgrade keeps connection and upgrade', () => {
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket' };
    expect(responseHeadersForDownstream({ headers: upgrade, requestHeaders: upgrade, now })).toMatchObject(upgrade);
  });
});
