/**
 * The gRPC facts Envoy reads from headers (envoyproxy/envoy `source/common/grpc/common.cc` `isGrpcRequestHeaders`,
 * `getGrpcTimeout`, `toGrpcTimeout`; `source/common/grpc/status.cc` `httpToGrpcStatus`).
 */
import { formatGrpcTimeout, grpcStatusCode, grpcStatusOfHttpStatus, isGrpcRequest, parseGrpcTimeout } from '../../src/proxy/grpc-headers';

test.each<[string | undefined, boolean]>([
  ['application/grpc', true],
  ['application/grpc+proto', true],
  ['application/grpc;charset=utf-8', true],
  ['application/grpc-web', false],
  ['application/grpcx', false],
  ['application/json', false],
  [undefined, false],
])('content-type %s is gRPC: %s', (contentType, grpc) => {
  expect(isGrpcRequest(contentType === undefined ? {} : { 'content-type': contentType })).toBe(grpc);
});

test.each<[string, number | undefined]>([
  ['5S', 5000],
  ['2M', 120_000],
  ['1H', 3_600_000],
  ['250m', 250],
  ['1500u', 2],
  ['1000u', 1],
  ['7000u', 7],
  ['1n', 1],
  ['99999999m', 99_999_999],
  ['100000000m', undefined],
  ['5', undefined],
  ['S', undefined],
  ['5s', undefined],
  ['-5S', undefined],
])('grpc-timeout %s is %s ms', (value, ms) => {
  expect(parseGrpcTimeout(value)).toBe(ms);
});

test.each<[number, string]>([
  [1500, '1500m'],
  [99_999_999, '99999999m'],
  [100_000_000, '100000S'],
  [200_000_000_000, '3333333M'],
  [7_200_000_000_000, '2000000H'],
  [Number.MAX_SAFE_INTEGER, '99999999H'],
])('%s ms is written as grpc-timeout %s', (ms, value) => {
  expect(formatGrpcTimeout(ms)).toBe(value);
});

test.each<[number, number]>([[400, 13], [401, 16], [403, 7], [404, 12], [429, 14], [502, 14], [503, 14], [504, 14], [500, 2], [418, 2]])(
  'HTTP %s is gRPC status %s', (http, grpc) => {
    expect(grpcStatusOfHttpStatus(http)).toBe(grpc);
  });

test('gRPC status names are their codes', () => {
  expect([grpcStatusCode('OK'), grpcStatusCode('UNAVAILABLE'), grpcStatusCode('UNAUTHENTICATED'), grpcStatusCode('unavailable')])
    .toEqual([0, 14, 16, undefined]);
});
