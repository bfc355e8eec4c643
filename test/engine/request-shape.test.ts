/**
 * Requests that no client could send are refused as bad input rather than decided: a connection arrives on one port,
 * and a Host header has a fixed syntax (RFC 9110 section 7.2, RFC 3986 section 3.2.2), which Envoy's codec enforces
 * before any routing (it answers 400).
 */
import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { RequestError, TrafficEngine } from '../../src';
import { hostProblem } from '../../src/engine/request-check';

const app = new App();
EXAMPLES['article-gateway'](app);
const engine = TrafficEngine.fromChart(app);

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
