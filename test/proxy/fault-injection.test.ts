/**
 * A rule's `fault` as istiod translates it (istio/istio `pilot/pkg/networking/core/route/route.go` `TranslateFault`)
 * and Envoy's fault filter applies it (envoyproxy/envoy `source/extensions/filters/http/fault/fault_filter.cc`
 * `FaultFilter::decodeHeaders`, `abortWithStatus`).
 */
import { compileFault, FAULT_ABORT_BODY, faultAbortReply, FaultDecision, IstioFaultInjection } from '../../src/proxy/fault-injection';
import { createRandom, RandomSource } from '../../src/proxy/random-source';

/** A source that returns the given numbers in turn. */
function scripted(...values: number[]): RandomSource {
  let i = 0;
  return () => values[i++ % values.length];
}

/** The share of `draws` seeded decisions for which `fired` holds. */
function shareOf(fault: IstioFaultInjection, fired: (d: FaultDecision) => boolean): number {
  const compiled = compileFault(fault)!;
  const random = createRandom(99);
  let count = 0;
  for (let i = 0; i < 20_000; i++) {
    if (fired(compiled.decide(random))) count++;
  }
  return count / 20_000;
}

describe('what istiod keeps of a fault', () => {
  test('no fault, no fault filter', () => {
    expect(compileFault(undefined)).toBeUndefined();
  });

  test('an abort with neither httpStatus nor grpcStatus is dropped (the Only HTTP and gRPC abort warning)', () => {
    expect(compileFault({ abort: { percentage: { value: 100 } } })).toBeUndefined();
  });

  test('a delay without fixedDelay is dropped (exponential delays are not supported)', () => {
    expect(compileFault({ delay: { exponentialDelay: '1s', percentage: { value: 100 } } })).toBeUndefined();
  });

  test('a grpcStatus abort answers HTTP 200 with the gRPC code', () => {
    expect(compileFault({ abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 100 } } })!.abort)
      .toEqual({ status: 200, grpcStatus: 14, share: { numerator: 1_000_000, denominator: 1_000_000 } });
  });

  test('percentages become millionths, truncated', () => {
    expect(compileFault({ abort: { httpStatus: 503, percentage: { value: 0.00015 } } })!.abort!.share)
      .toEqual({ numerator: 1, denominator: 1_000_000 });
    expect(compileFault({ delay: { fixedDelay: '5s', percentage: { value: 12.5 } } })!.delay)
      .toEqual({ delayMs: 5000, share: { numerator: 125_000, denominator: 1_000_000 } });
  });
});

describe('decide', () => {
  test('an abort at 100% answers every request', () => {
    const fault = compileFault({ abort: { httpStatus: 503, percentage: { value: 100 } } })!;
    const random = createRandom(1);
    for (let i = 0; i < 100; i++) {
      expect(fault.decide(random)).toEqual({ abort: { status: 503 } });
    }
  });

  test('an abort without percentage never fires (the engine calls it a never-firing abort)', () => {
    expect(shareOf({ abort: { httpStatus: 503 } }, (d) => d.abort !== undefined)).toBe(0);
  });

  test('a delay without percentage uses the deprecated integer percent, and never fires without it', () => {
    expect(compileFault({ delay: { fixedDelay: '2s', percent: 30 } })!.delay!.share).toEqual({ numerator: 30, denominator: 100 });
    expect(shareOf({ delay: { fixedDelay: '2s', percent: 30 } }, (d) => d.delayMs === 2000)).toBeCloseTo(0.3, 1);
    expect(shareOf({ delay: { fixedDelay: '2s' } }, (d) => d.delayMs !== undefined)).toBe(0);
  });

  test('percentage wins over percent', () => {
    expect(shareOf({ delay: { fixedDelay: '1s', percent: 100, percentage: { value: 0 } } }, (d) => d.delayMs !== undefined)).toBe(0);
  });

  test('a 50% abort fires for about half of the requests', () => {
    expect(shareOf({ abort: { httpStatus: 500, percentage: { value: 50 } } }, (d) => d.abort?.status === 500)).toBeCloseTo(0.5, 1);
  });

  test('a one-in-a-million abort fires only for the lowest draw', () => {
    const fault = compileFault({ abort: { httpStatus: 503, percentage: { value: 0.0001 } } })!;
    expect(fault.decide(scripted(0)).abort).toEqual({ status: 503 });
    expect(fault.decide(scripted(0.000001)).abort).toBeUndefined();
  });

  test('the delay is drawn first, then the abort, independently', () => {
    const fault = compileFault({
      delay: { fixedDelay: '100ms', percentage: { value: 50 } },
      abort: { httpStatus: 429, percentage: { value: 50 } },
    })!;
    expect(fault.decide(scripted(0.9, 0.1))).toEqual({ abort: { status: 429 } });
    expect(fault.decide(scripted(0.1, 0.9))).toEqual({ delayMs: 100 });
    expect(fault.decide(scripted(0.1, 0.1))).toEqual({ delayMs: 100, abort: { status: 429 } });
    expect(fault.decide(scripted(0.9, 0.9))).toEqual({});
  });

  test('a gRPC abort reports its code', () => {
    expect(compileFault({ abort: { grpcStatus: 'DEADLINE_EXCEEDED', percentage: { value: 100 } } })!.decide(scripted(0)))
      .toEqual({ abort: { status: 200, grpcStatus: 4 } });
  });
});

describe('faultAbortReply (sendLocalReply with "fault filter abort")', () => {
  test('an HTTP request gets the status and a text/plain body', () => {
    expect(FAULT_ABORT_BODY).toBe('fault filter abort');
    expect(faultAbortReply({ status: 503 }, { grpcRequest: false })).toEqual({
      status: 503,
      headers: { 'content-length': '18', 'content-type': 'text/plain' },
      body: 'fault filter abort',
    });
  });

  test('a HEAD request gets the headers without the body', () => {
    expect(faultAbortReply({ status: 418 }, { grpcRequest: false, headRequest: true }))
      .toEqual({ status: 418, headers: { 'content-length': '18', 'content-type': 'text/plain' }, body: '' });
  });

  test('a gRPC request gets a trailers-only answer with the abort grpc-status', () => {
    expect(faultAbortReply({ status: 200, grpcStatus: 14 }, { grpcRequest: true })).toEqual({
      status: 200,
      headers: { 'content-type': 'application/grpc', 'grpc-status': '14', 'grpc-message': 'fault filter abort' },
      body: '',
    });
  });

  test('an HTTP status abort of a gRPC request reports the gRPC status of that HTTP status', () => {
    expect(faultAbortReply({ status: 503 }, { grpcRequest: true }).headers['grpc-status']).toBe('14');
    expect(faultAbortReply({ status: 404 }, { grpcRequest: true }).headers['grpc-status']).toBe('12');
  });

  test('a gRPC status abort of a plain HTTP request is a plain 200', () => {
    expect(faultAbortReply({ status: 200, grpcStatus: 14 }, { grpcRequest: false }))
      .toEqual({ status: 200, headers: { 'content-length': '18', 'content-type': 'text/plain' }, body: 'fault filter abort' });
  });
});
