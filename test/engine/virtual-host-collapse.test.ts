/**
 * Virtual hosts as istiod builds them for a gateway route configuration (istio/istio
 * pilot/pkg/networking/core/gateway.go, buildGatewayHTTPRouteConfig and collapseDuplicateRoutes; server hosts as
 * pilot/pkg/model/gateway.go sanitizeServerHostNamespace rewrites them; VirtualServices indexed once per gateway
 * reference in pilot/pkg/model/push_context.go initVirtualServices). Each case was also checked against the config
 * dump istiod generates for it (npm run test:oracle).
 */
import { CHART_GATEWAY, engineFromYaml } from './gateway-fixtures';
import { TrafficEngine } from '../../src/engine/traffic-engine';
import { moreSpecificFirst } from '../../src/engine/virtual-host-collapse';

const GATEWAY = `${CHART_GATEWAY}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: ['*']
`;

function virtualService(name: string, hosts: string[], gateways: string[], http: string): string {
  return `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: istio-system}
spec:
  hosts: [${hosts.join(', ')}]
  gateways: [${gateways.join(', ')}]
  http:
${http}`;
}

const TO_SHOP = '    - route: [{destination: {host: shop.default.svc.cluster.local, port: {number: 80}}}]\n';

/** The virtual hosts of route configuration http.80, as `name: domains`. */
function virtualHosts(engine: TrafficEngine): string[] {
  const rows = engine.routes().filter((r) => r.name === 'http.80');
  return [...new Map(rows.map((r) => [r.virtualHost, `${r.virtualHost}: ${r.domains.join(' ')}`])).values()];
}

/** Where a request on port 80 for `host` goes: its virtual host and the position of its route. */
function routeOf(engine: TrafficEngine, host: string, path = '/'): string {
  let where = '';
  engine.route({ port: 80, host, path }, { trace: false, _onRoute: (vhost, position) => (where = `${vhost} #${position}`) });
  return where;
}

describe('virtual hosts of a gateway route configuration', () => {
  test('the hosts of one VirtualService share one virtual host, named after the most specific host', () => {
    const engine = engineFromYaml(GATEWAY + virtualService('shop', ['api.example.com', 'shop.example.com'], ['public'], TO_SHOP));
    expect(virtualHosts(engine)).toEqual(['shop.example.com:80: shop.example.com api.example.com']);
    expect(routeOf(engine, 'api.example.com')).toBe('shop.example.com:80 #0');
  });

  test('hosts that another VirtualService adds routes to keep a virtual host of their own', () => {
    const engine = engineFromYaml(GATEWAY
      + virtualService('shop', ['api.example.com', 'shop.example.com'], ['public'], TO_SHOP)
      + virtualService('api', ['api.example.com'], ['public'], '    - match: [{uri: {prefix: /v2}}]\n' + TO_SHOP.replace('    -', '      ')));
    expect(virtualHosts(engine)).toEqual(['api.example.com:80: api.example.com', 'shop.example.com:80: shop.example.com']);
    expect(routeOf(engine, 'api.example.com', '/v2')).toBe('api.example.com:80 #0');
    expect(routeOf(engine, 'api.example.com', '/')).toBe('api.example.com:80 #1');
  });

  test('a VirtualService that names its Gateway twice, in two spellings, adds its routes twice', () => {
    const engine = engineFromYaml(GATEWAY
      + virtualService('redirect', ['shop.example.com'], ['public'], '    - redirect: {uri: /new}\n')
      + virtualService('twice', ['shop.example.com'], ['istio-system/public', 'public.istio-system.svc.cluster.local'],
        '    - match: [{uri: {prefix: /api}}]\n' + TO_SHOP.replace('    -', '      ')));
    expect(engine.routes().filter((r) => r.virtualHost === 'shop.example.com:80').map((r) => r.match)).toEqual(['/api*', '/api*', '/*']);
    expect(routeOf(engine, 'shop.example.com', '/')).toBe('shop.example.com:80 #2');
  });

  test('an httpsRedirect server host in the * namespace redirects the bare host', () => {
    const engine = engineFromYaml(GATEWAY.replace("hosts: ['*']", "hosts: ['*/shop.example.com', './internal.example.com']\n      tls: {httpsRedirect: true}"));
    expect(engine.route({ port: 80, host: 'shop.example.com', path: '/a' })).toMatchObject({ action: 'redirect', status: 301, reason: 'tls_required' });
    expect(engine.route({ port: 80, host: 'internal.example.com', path: '/a' })).toMatchObject({ action: 'no_route', reason: 'no_virtual_host' });
    // One redirect-only virtual host: the longer name comes first.
    expect(virtualHosts(engine)).toEqual(['istio-system/internal.example.com:80: istio-system/internal.example.com shop.example.com']);
  });

  test('a virtual host is compared only with the last one kept with the same routes', () => {
    // shop.example.com, then api.example.com (same routes, but require_tls), then *.example.com: the wildcard is
    // compared with api.example.com, not shop.example.com, and stays apart.
    const gateway = GATEWAY.replace("hosts: ['*']", `hosts: [shop.example.com, '*']
    - port: {number: 80, name: http-redirect, protocol: HTTP}
      hosts: [api.example.com]
      tls: {httpsRedirect: true}`);
    const engine = engineFromYaml(gateway + virtualService('wild', ['"*.example.com"'], ['public'], TO_SHOP));
    expect(virtualHosts(engine)).toEqual([
      '*.example.com:80: *.example.com', 'api.example.com:80: api.example.com', 'shop.example.com:80: shop.example.com',
    ]);
    expect(routeOf(engine, 'www.example.com')).toBe('*.example.com:80 #0');
  });

  test('a server that lists */* serves every host and nothing else it lists', () => {
    // istiod replaces such a server's hosts by * alone (sanitizeServerHostNamespace), so shop.example.com gets no
    // virtual host of its own: the wildcard VirtualService's *.example.com serves it.
    const engine = engineFromYaml(GATEWAY.replace("hosts: ['*']", "hosts: [shop.example.com, '*/*']")
      + virtualService('wild', ['"*.example.com"'], ['public'], TO_SHOP));
    expect(virtualHosts(engine)).toEqual(['*.example.com:80: *.example.com']);
    expect(routeOf(engine, 'shop.example.com')).toBe('*.example.com:80 #0');
  });

  test('host order: names before wildcards, longer first, then alphabetical', () => {
    expect(['*.com', 'b.example.com', '*.example.com', 'a.example.com', 'example.com'].sort(moreSpecificFirst))
      .toEqual(['a.example.com', 'b.example.com', 'example.com', '*.example.com', '*.com']);
  });
});
