/**
 * Access log lines in Envoy's default format (envoy docs config_access_log_default_format; the example line there is
 * the first test), with `-` for what is not there and the response flags of config_access_log_format_response_flags.
 */
import { AccessLogEntry, formatAccessLogLine, formatTcpAccessLogLine, RESPONSE_FLAG_MEANINGS } from '../../src/proxy/access-log';

const START = new Date('2016-04-15T20:17:00.310Z');

const OK_REQUEST: AccessLogEntry = {
  startTime: START,
  method: 'POST',
  path: '/api/v1/locations',
  protocol: 'HTTP/2',
  status: 204,
  flags: [],
  bytesReceived: 154,
  bytesSent: 0,
  durationMs: 226,
  upstreamServiceTimeMs: 100,
  xForwardedFor: '10.0.35.28',
  userAgent: 'nsq2http',
  requestId: 'cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2',
  authority: 'locations',
  upstreamHost: '10.0.2.1:80',
};

describe('formatAccessLogLine', () => {
  test('the example of Envoy\'s docs, with the upstream host as ip:port', () => {
    expect(formatAccessLogLine(OK_REQUEST)).toBe('[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 '
      + '"10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "10.0.2.1:80"\n');
  });

  test('a 200 over HTTP/1.1 whose path was rewritten prints the original path', () => {
    expect(formatAccessLogLine({ ...OK_REQUEST, method: 'GET', protocol: 'HTTP/1.1', status: 200, path: '/v2/items', originalPath: '/items' }))
      .toBe('[2016-04-15T20:17:00.310Z] "GET /items HTTP/1.1" 200 - 154 0 226 100 '
        + '"10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "10.0.2.1:80"\n');
  });

  test('a 404 with no route: NR, no upstream host, no service time', () => {
    const line = formatAccessLogLine({
      startTime: START,
      method: 'GET',
      path: '/nowhere',
      protocol: 'HTTP/1.1',
      status: 404,
      flags: ['NR'],
      bytesReceived: 0,
      bytesSent: 0,
      durationMs: 0,
      userAgent: 'curl/8.5.0',
      requestId: 'r-1',
      authority: 'example.com',
    });
    expect(line).toBe('[2016-04-15T20:17:00.310Z] "GET /nowhere HTTP/1.1" 404 NR 0 0 0 - "-" "curl/8.5.0" "r-1" "example.com" "-"\n');
  });

  test('a 503 with several flags joins them with "," in the order set, each once', () => {
    const line = formatAccessLogLine({
      ...OK_REQUEST, method: 'GET', protocol: 'HTTP/1.1', status: 503, flags: ['UF', 'URX', 'UF'], bytesSent: 91, upstreamServiceTimeMs: undefined,
    });
    expect(line).toBe('[2016-04-15T20:17:00.310Z] "GET /api/v1/locations HTTP/1.1" 503 UF,URX 154 91 226 - '
      + '"10.0.35.28" "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "10.0.2.1:80"\n');
  });

  test('nothing known but the start: every value "-", status 0, duration in whole milliseconds', () => {
    expect(formatAccessLogLine({ startTime: START, status: 0, flags: ['DC'], bytesReceived: 0, bytesSent: 0, durationMs: 12.9 }))
      .toBe('[2016-04-15T20:17:00.310Z] "- - -" 0 DC 0 0 12 - "-" "-" "-" "-" "-"\n');
  });

  test('a header that is there but empty prints nothing, not "-"', () => {
    expect(formatAccessLogLine({ ...OK_REQUEST, userAgent: '' })).toContain(' "10.0.35.28" "" "cc21d9b0');
  });
});

describe('formatTcpAccessLogLine', () => {
  test('a TCP proxy connection: no request, response code 0, the bytes and the endpoint', () => {
    const connection = { startTime: START, flags: [], bytesReceived: 120, bytesSent: 4096, durationMs: 1500, upstreamHost: '10.0.0.5:3306' };
    expect(formatTcpAccessLogLine(connection))
      .toBe('[2016-04-15T20:17:00.310Z] "- - -" 0 - 120 4096 1500 - "-" "-" "-" "-" "10.0.0.5:3306"\n');
  });

  test('a TCP connection whose upstream connection failed', () => {
    expect(formatTcpAccessLogLine({ startTime: START, flags: ['UF'], bytesReceived: 0, bytesSent: 0, durationMs: 3, upstreamHost: '10.0.0.5:3306' }))
      .toBe('[2016-04-15T20:17:00.310Z] "- - -" 0 UF 0 0 3 - "-" "-" "-" "-" "10.0.0.5:3306"\n');
  });
});

test('every response flag is documented with what it means', () => {
  expect(Object.keys(RESPONSE_FLAG_MEANINGS)).toEqual(expect.arrayContaining(['NR', 'UF', 'UH', 'NC', 'UT', 'URX', 'UC', 'DC', 'FI', 'DI', 'UO']));
  expect(RESPONSE_FLAG_MEANINGS.NR).toMatch(/no route/);
});
