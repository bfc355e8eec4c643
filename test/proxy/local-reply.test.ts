/**
 * The gateway's own answers, shaped as Envoy's local replies (envoyproxy/envoy `source/common/http/utility.cc`
 * `prepareLocalReply`): plain text for HTTP, trailers-only for gRPC.
 */
import { localReply } from '../../src/proxy/local-reply';

test('a body is sent as text/plain with its length in bytes', () => {
  expect(localReply(503, 'no healthy upstream')).toEqual({
    status: 503,
    headers: { 'content-length': '19', 'content-type': 'text/plain' },
    body: 'no healthy upstream',
  });
  expect(localReply(500, 'héllo').headers['content-length']).toBe('6');
});

test('an empty body has neither length nor type (the 404 of a missing route)', () => {
  expect(localReply(404, '')).toEqual({ status: 404, headers: {}, body: '' });
});

test('a HEAD request keeps the headers of the body it does not get', () => {
  expect(localReply(503, 'no healthy upstream', { headRequest: true }))
    .toEqual({ status: 503, headers: { 'content-length': '19', 'content-type': 'text/plain' }, body: '' });
});

test('a gRPC request gets 200 with grpc-status mapped from the HTTP status and the text as grpc-message', () => {
  expect(localReply(404, 'route not found', { grpcRequest: true })).toEqual({
    status: 200,
    headers: { 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'route not found' },
    body: '',
  });
});

test('a given gRPC status wins over the mapped one', () => {
  expect(localReply(503, 'x', { grpcRequest: true, grpcStatus: 8 }).headers['grpc-status']).toBe('8');
});

test('grpc-message percent-encodes what is not printable ASCII, and the percent sign', () => {
  expect(localReply(503, '100% é\n', { grpcRequest: true }).headers['grpc-message']).toBe('100%25 %C3%A9%0A');
});

test('a gRPC HEAD request and an empty text get no grpc-message', () => {
  expect(localReply(503, 'x', { grpcRequest: true, headRequest: true }).headers['grpc-message']).toBeUndefined();
  expect(localReply(503, '', { grpcRequest: true }).headers).toEqual({ 'content-type': 'application/grpc', 'grpc-status': '14' });
});
