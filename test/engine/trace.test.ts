import { parseAllDocuments } from 'yaml';
import { TrafficEngine } from '../../src/engine-entry';

const GATEWAY = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template: {metadata: {labels: {istio: ingressgateway}}, spec: {containers: [{name: istio-proxy, image: auto}]}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: a-http, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ['*']}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: b-tcp, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: tcp, protocol: TCP}, hosts: ['*']}]
`;

function vs(name: string, timestamp: string | undefined, http: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default${timestamp ? `, creationTimestamp: '${timestamp}'` : ''}}
spec: {hosts: [shop.example.com], gateways: [istio-system/a-http], http: ${http}}`;
}

function engine(yaml: string): TrafficEngine {
  return TrafficEngine.fromManifests(parseAllDocuments(yaml).map((d) => d.toJS()));
}

describe('the trace says when Istio order decided and what it rested on', () => {
  test('VirtualServices merged on one host, without creationTimestamp: by name', () => {
    const e = engine(GATEWAY + vs('zeta', undefined, '[{route: [{destination: {host: z}}]}]')
      + vs('alpha', undefined, '[{match: [{uri: {prefix: /api}}], route: [{destination: {host: a}}]}]'));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/api' });
    expect(d.virtualService).toBe('default/alpha');
    expect(d.trace).toContain('virtual host merges VirtualServices default/alpha, default/zeta in that order '
      + '(no creationTimestamp in the manifests: ordered by name, then namespace, as for equal timestamps; catch-all routes last)');
  });

  test('with creationTimestamp the older VirtualService comes first and the trace says so', () => {
    const e = engine(GATEWAY + vs('zeta', '2024-01-01T00:00:00Z', '[{match: [{uri: {prefix: /}, headers: {x: {exact: "1"}}}], route: [{destination: {host: z}}]}]')
      + vs('alpha', '2025-01-01T00:00:00Z', '[{match: [{uri: {prefix: /}, headers: {x: {exact: "1"}}}], route: [{destination: {host: a}}]}]'));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/', headers: { x: '1' } });
    expect(d.virtualService).toBe('default/zeta');
    expect(d.trace.some((t) => t.includes('default/zeta, default/alpha in that order (by creationTimestamp'))).toBe(true);
  });

  test('a server dropped by a port conflict is named in the trace of requests to that port', () => {
    const d = engine(GATEWAY + vs('alpha', undefined, '[{route: [{destination: {host: a}}]}]')).route({ port: 80, host: 'shop.example.com' });
    expect(d.action).toBe('route');
    expect(d.trace.some((t) => /server tcp \(TCP\) of Gateway istio-system\/b-tcp dropped: .* on port 80 \(Gateways merged by name, then namespace/.test(t))).toBe(true);
  });
});

/**
 * JWT claim matches: istiod turns `@request.auth.claims.*` keys into dynamic metadata matchers on the payload of a JWT
 * a RequestAuthentication verified (istio/istio pilot/pkg/networking/core/route/route.go TranslateRouteMatch,
 * translateMetadataMatch; pkg/jwt/routing.go ToRoutingClaim). The request contract has no field for a token, so the
 * claims are absent, and the trace says the rule rests on the token.
 */
describe('the trace says when a rule depends on the request\'s JWT', () => {
  const CLAIM_FIRST = GATEWAY + vs('shop', undefined, `[
    {name: admins, match: [{uri: {prefix: /admin}, headers: {"@request.auth.claims.group": {exact: admin}}}], route: [{destination: {host: admin}}]},
    {name: rest, route: [{destination: {host: web}}]}]`);

  test('a claim match whose other conditions hold is skipped, and the trace says it rests on the token', () => {
    const d = engine(CLAIM_FIRST).route({ port: 80, host: 'shop.example.com', path: '/admin/users' });
    expect(d).toMatchObject({ action: 'route', rule: { index: 1, name: 'rest' }, destinations: [{ host: 'web.default.svc.cluster.local' }] });
    expect(d.trace).toContain('VirtualService default/shop rule 0 depends on the request\'s JWT (JWT claim @request.auth.claims.group exact admin): '
      + 'istiod matches claims of a token a RequestAuthentication verified, and a request here carries none, so they are taken as absent and the rule is skipped');
  });

  test('the same rule with a path the request does not take: no word about the token', () => {
    const d = engine(CLAIM_FIRST).route({ port: 80, host: 'shop.example.com', path: '/shop' });
    expect(d).toMatchObject({ action: 'route', rule: { index: 1 } });
    expect(d.trace.filter((t) => t.includes('JWT'))).toEqual([]);
  });

  test('the same rule matching on a header instead of a claim: no word about the token', () => {
    const e = engine(GATEWAY + vs('shop', undefined, `[
      {match: [{uri: {prefix: /admin}, headers: {x-group: {exact: admin}}}], route: [{destination: {host: admin}}]},
      {route: [{destination: {host: web}}]}]`));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/admin/users', headers: { 'x-group': 'admin' } });
    expect(d).toMatchObject({ action: 'route', rule: { index: 0 } });
    expect(d.trace.filter((t) => t.includes('JWT'))).toEqual([]);
  });

  test('withoutHeaders on a claim holds for a request without a token, and the trace says the match rests on it', () => {
    const e = engine(GATEWAY + vs('shop', undefined, `[
      {match: [{withoutHeaders: {"@request.auth.claims[group]": {exact: admin}}}], route: [{destination: {host: public}}]}]`));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/' });
    expect(d).toMatchObject({ action: 'route', rule: { index: 0 }, destinations: [{ host: 'public.default.svc.cluster.local' }] });
    expect(d.trace).toContainEqual(expect.stringMatching(
      /^VirtualService default\/shop rule 0 depends on the request's JWT \(without JWT claim @request\.auth\.claims\[group\] exact admin\): .* and the rule matches$/));
  });

  test('a claim match whose header condition fails on the request: the header decides, no word about the token', () => {
    const e = engine(GATEWAY + vs('shop', undefined, `[
      {match: [{uri: {prefix: /admin}, headers: {x-team: {exact: ops}, "@request.auth.claims.group": {exact: admin}}}], route: [{destination: {host: admin}}]},
      {route: [{destination: {host: web}}]}]`));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/admin/users', headers: { 'x-team': 'dev' } });
    expect(d).toMatchObject({ action: 'route', rule: { index: 1 } });
    expect(d.trace.filter((t) => t.includes('JWT'))).toEqual([]);
  });

  test('two claims in one match are named together, in order', () => {
    const e = engine(GATEWAY + vs('shop', undefined, `[
      {match: [{headers: {"@request.auth.claims.group": {exact: admin}, "@request.auth.claims.sub": {prefix: a}}}], route: [{destination: {host: admin}}]}]`));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/' });
    expect(d.trace).toContainEqual(expect.stringContaining(
      "depends on the request's JWT (JWT claim @request.auth.claims.group exact admin, JWT claim @request.auth.claims.sub prefix a): "));
  });

  test('a 404 that a claim decided says so after the rules it explains', () => {
    const e = engine(GATEWAY + vs('shop', undefined, '[{match: [{headers: {"@request.auth.claims.sub": {exact: alice}}}], route: [{destination: {host: a}}]}]'));
    const d = e.route({ port: 80, host: 'shop.example.com', path: '/' });
    expect(d).toMatchObject({ action: 'no_route', reason: 'no_route', status: 404 });
    expect(d.trace).toContainEqual(expect.stringMatching(/^VirtualService default\/shop rule 0 depends on the request's JWT .* and the rule is skipped$/));
  });
});
