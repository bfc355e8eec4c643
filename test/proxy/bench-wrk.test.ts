import { parseWrkReport } from '../../bench/wrk';

/** A report of wrk 4.1.0 run with --latency, as Debian's wrk prints it. */
const REPORT = `Running 2s test @ http://127.0.0.1:9123/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.70ms    6.42ms  93.25ms   97.63%
    Req/Sec    65.21k    21.25k   83.86k    90.00%
  Latency Distribution
     50%  619.00us
     75%  792.00us
     90%    1.45ms
     99%   39.56ms
  129370 requests in 2.00s, 18.63MB read
Requests/sec:  64583.57
Transfer/sec:      9.30MB
`;

describe('the proxy benchmark reads wrk reports', () => {
  test('requests per second, and the median and 99th percentile in milliseconds whatever unit wrk chose', () => {
    expect(parseWrkReport(REPORT)).toEqual({ requestsPerSecond: 64583.57, p50Ms: 0.619, p99Ms: 39.56 });
    expect(parseWrkReport(REPORT.replace('39.56ms', '1.20s')).p99Ms).toBe(1200);
  });

  test('a run that saw socket errors or failed responses is refused, not measured', () => {
    const withErrors = REPORT.replace('Requests/sec', '  Socket errors: connect 0, read 12, write 0, timeout 3\nRequests/sec');
    expect(() => parseWrkReport(withErrors)).toThrow('wrk saw socket errors (connect 0, read 12, write 0, timeout 3)');
    const with404 = REPORT.replace('Requests/sec', '  Non-2xx or 3xx responses: 129370\nRequests/sec');
    expect(() => parseWrkReport(with404)).toThrow('wrk saw 129370 responses that are not 2xx or 3xx');
  });

  test('a report without the latency distribution (no --latency) is refused', () => {
    const withoutLatency = REPORT.split('\n').filter((line) => !/^\s+\d+%/.test(line)).join('\n');
    expect(() => parseWrkReport(withoutLatency)).toThrow('no 50% latency');
  });
});
