/**
 * Requests that no client could send are refused as bad input rather than decided: a connection arrives on one port,
 * and a Host header has a fixed syntax (RFC 9110 section 7.2, RFC 3986 section 3.2.2), which Envoy's codec enforces
 * before any routing (it answers 400).
 */
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { EXAMPLES } from '../../examples';
import { RequestError, TrafficEngine } from '../../src';
import { hostNameLength, hostProblem, NOT_A_HOST_NAME, PORT_TOO_HIGH } from '../../src/engine/request-check';

// Compiled in each test, so that each test stands on its own.
let engine: TrafficEngine;
beforeEach(() => {
  const app = new App();
  EXAMPLES['article-gateway'](app);
  engine = TrafficEngine.fromChart(app);
});

test('a request with both port and nodePort is refused', () => {
  expect(() => engine.route({ port: 80, nodePort: 30080, host: 'counter.lab.example.com' }))
    .toThrow(new RequestError('the request has port 80 and nodePort 30080; give port or nodePort, not both (a connection arrives on one of them)'));
});

test.each([
  ['counter.lab.example.com now', 'cannot be a Host header'],
  ['counter.lab.example.com/api', 'cannot be a Host header'],
  ['user@counter.lab.example.com', 'cannot be a Host header'],
  ['counter.lab.example.com:', 'cannot be a Host header'],
  ['counter.lab.example.com:99999', 'has port 99999, above 65535'],
])('host %j is refused: %s', (host, problem) => {
  expect(() => engine.route({ port: 80, host })).toThrow(RequestError);
  expect(() => engine.route({ port: 80, host })).toThrow(problem);
});

test.each(['counter.lab.example.com', 'counter.lab.example.com:80', '10.0.0.1:8080', '[::1]:80', '*.example.com', 'xn--bcher-kva.example', 'a%2Db.example.com'])(
  'host %j is a Host header', (host) => {
    expect(hostProblem(host)).toBeUndefined();
    expect(() => engine.route({ port: 80, host })).not.toThrow();
  });

test('an empty host is allowed (HTTP/1.0 without Host): it matches only a catch-all virtual host', () => {
  expect(engine.route({ port: 80, host: '' }).action).toBe('no_route');
});

describe('the Host check is one pass over the characters, with the RFC 9110 / RFC 3986 syntax', () => {
  /** The syntax as a regular expression: a registered name, an IPv4 address or a bracketed IPv6 literal, an optional port. */
  const RFC_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::(\d{1,5}))?$/;

  /** What the regular expression says of a host: undefined for a Host header, else the kind of problem. */
  function byRegex(host: string): string | undefined {
    if (host === '') return undefined;
    const match = RFC_HOST.exec(host);
    if (match === null) return 'syntax';
    return match[1] !== undefined && Number(match[1]) > 65535 ? 'port' : undefined;
  }

  function byScan(host: string): string | undefined {
    const problem = hostProblem(host);
    return problem === undefined ? undefined : problem.startsWith('has port') ? 'port' : 'syntax';
  }

  const alphabet = fc.constantFrom(...'aZ09-._~!$&\'()*+,;=%:[]/@?# fF'.split(''), '\u00e9');
  test('it agrees with the regular expression on generated hosts', () => {
    fc.assert(fc.property(fc.string({ unit: alphabet, maxLength: 16 }), (host) => {
      expect(byScan(host)).toBe(byRegex(host));
    }), { numRuns: 5000 });
  });

  test.each(['[::1]', '[::1]:443', '[]', '[::1', 'a%2', 'a%zz', 'a:', 'a:123456', 'a:65535', 'a:65536', ':80', 'a:8b'])('%j', (host) => {
    expect(byScan(host)).toBe(byRegex(host));
  });

  test('the name length is where the port starts', () => {
    expect([hostNameLength('shop.example.com:8080'), hostNameLength('[::1]:80'), hostNameLength('shop'), hostNameLength('')]).toEqual([16, 5, 4, 0]);
    expect([hostNameLength('a b'), hostNameLength('a:99999')]).toEqual([NOT_A_HOST_NAME, PORT_TOO_HIGH]);
  });
});
