import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { TrafficEngine } from '../../src';

function articleEngine(): TrafficEngine {
  const app = new App({ outdir: '/tmp/unused' });
  EXAMPLES['article-gateway'](app);
  return TrafficEngine.fromChart(app);
}

describe('the article gateway', () => {
  // Compiled in each test, so that each test stands on its own.
  let engine: TrafficEngine;
  beforeEach(() => {
    engine = articleEngine();
  });

  test('http on port 80 reaches counter', () => {
    const d = engine.route({ port: 80, host: 'counter.lab.example.com', path: '/' });
    expect(d).toMatchObject({
      action: 'route',
      gateway: 'istio-system/default-gateway',
      server: { port: 80, protocol: 'HTTP', name: 'http2' },
      virtualService: 'default/counter',
      rule: { index: 0, name: null },
      destinations: [{ host: 'counter.default.svc.cluster.local', port: 80, subset: null, weight: 100 }],
    });
  });

  test('nodePort 30443 over TLS reaches counter', () => {
    const d = engine.route({ nodePort: 30443, host: 'counter.lab.example.com', path: '/x' });
    expect(d).toMatchObject({ action: 'route', server: { port: 443, name: 'https' } });
  });

  test('mysql', () => {
    const d = engine.route({ port: 3306 });
    expect(d).toMatchObject({ action: 'route', destinations: [{ host: 'mysql.default.svc.cluster.local', port: 3306, weight: 100 }] });
  });

  test('unknown host is 404', () => {
    const d = engine.route({ port: 80, host: 'other.example.com' });
    expect(d).toMatchObject({ action: 'no_route', status: 404 });
  });
});

describe('tracing', () => {
  let engine: TrafficEngine;
  beforeEach(() => {
    engine = articleEngine();
  });

  test.each([
    { port: 80, host: 'counter.lab.example.com', path: '/' },
    { nodePort: 30443, host: 'counter.lab.example.com', path: '/x?y=1' },
    { port: 3306 },
    { port: 80, host: 'other.example.com' },
    { nodePort: 31111 },
  ])('turning the trace off changes nothing but the trace (%o)', (request) => {
    const traced = engine.route(request);
    const quiet = engine.route(request, { trace: false });
    expect(traced.trace.length).toBeGreaterThan(0);
    expect(quiet).toEqual({ ...traced, trace: [] });
  });

  test('decisions share no mutable state: destinations are frozen', () => {
    const d = engine.route({ port: 80, host: 'counter.lab.example.com' });
    expect(() => (d.destinations as any).push({})).toThrow();
    expect(engine.route({ port: 80, host: 'counter.lab.example.com' }).destinations).toHaveLength(1);
  });
});
