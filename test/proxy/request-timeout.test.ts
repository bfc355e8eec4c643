/**
 * The router's timeouts and the timeout it announces upstream (envoyproxy/envoy `source/common/router/router.cc`
 * `FilterUtility::finalTimeout`, `setTimeoutHeaders`), with istiod's route timeout and `max_grpc_timeout` (istio/istio
 * `pilot/pkg/networking/core/route/route.go` `setTimeout`).
 */
import { expectedTimeoutMs, requestTimeouts, timeoutHeaders } from '../../src/proxy/request-timeout';

const GRPC = { 'content-type': 'application/grpc' };

describe('requestTimeouts', () => {
  test('a rule without timeout has none', () => {
    expect(requestTimeouts({ requestHeaders: {} })).toEqual({ globalMs: 0, perTryMs: 0 });
  });

  test('the rule timeout and the per-try timeout', () => {
    expect(requestTimeouts({ timeout: '5s', perTryTimeoutMs: 1000, requestHeaders: {} })).toEqual({ globalMs: 5000, perTryMs: 1000 });
  });

  test('a per-try timeout not shorter than the rule timeout is dropped', () => {
    expect(requestTimeouts({ timeout: '1s', perTryTimeoutMs: 1000, requestHeaders: {} })).toEqual({ globalMs: 1000, perTryMs: 0 });
  });

  test('a per-try timeout without a rule timeout stays', () => {
    expect(requestTimeouts({ perTryTimeoutMs: 1000, requestHeaders: {} })).toEqual({ globalMs: 0, perTryMs: 1000 });
  });

  test('a gRPC request without a rule timeout takes its grpc-timeout', () => {
    expect(requestTimeouts({ requestHeaders: { ...GRPC, 'grpc-timeout': '2S' } }).globalMs).toBe(2000);
    expect(requestTimeouts({ requestHeaders: GRPC }).globalMs).toBe(0);
  });

  test('the rule timeout caps a gRPC request, and applies when it has no grpc-timeout', () => {
    expect(requestTimeouts({ timeout: '1s', requestHeaders: { ...GRPC, 'grpc-timeout': '2S' } }).globalMs).toBe(1000);
    expect(requestTimeouts({ timeout: '5s', requestHeaders: { ...GRPC, 'grpc-timeout': '2S' } }).globalMs).toBe(2000);
    expect(requestTimeouts({ timeout: '5s', requestHeaders: GRPC }).globalMs).toBe(5000);
  });

  test('grpc-timeout means nothing to a request that is not gRPC', () => {
    expect(requestTimeouts({ timeout: '5s', requestHeaders: { 'grpc-timeout': '2S' } }).globalMs).toBe(5000);
  });
});

describe('expectedTimeoutMs', () => {
  test('none without timeouts', () => {
    expect(expectedTimeoutMs({ globalMs: 0, perTryMs: 0 })).toBeUndefined();
  });

  test('the per-try timeout, else the global one', () => {
    expect(expectedTimeoutMs({ globalMs: 5000, perTryMs: 1000 })).toBe(1000);
    expect(expectedTimeoutMs({ globalMs: 5000, perTryMs: 0 })).toBe(5000);
    expect(expectedTimeoutMs({ globalMs: 0, perTryMs: 1000 })).toBe(1000);
  });

  test('a retry is told what is left of the global timeout, at least 1 ms', () => {
    expect(expectedTimeoutMs({ globalMs: 5000, perTryMs: 1000 }, 4500)).toBe(500);
    expect(expectedTimeoutMs({ globalMs: 5000, perTryMs: 1000 }, 6000)).toBe(1);
    expect(expectedTimeoutMs({ globalMs: 0, perTryMs: 1000 }, 6000)).toBe(1000);
  });
});

describe('timeoutHeaders', () => {
  test('x-envoy-expected-rq-timeout-ms when a timeout applies', () => {
    expect(timeoutHeaders({ globalMs: 3000, perTryMs: 0 }, false)).toEqual({ 'x-envoy-expected-rq-timeout-ms': '3000' });
    expect(timeoutHeaders({ globalMs: 0, perTryMs: 0 }, false)).toEqual({});
  });

  test('a gRPC request also gets the timeout in grpc-timeout', () => {
    expect(timeoutHeaders({ globalMs: 3000, perTryMs: 500 }, true, 100))
      .toEqual({ 'x-envoy-expected-rq-timeout-ms': '500', 'grpc-timeout': '500m' });
  });
});
