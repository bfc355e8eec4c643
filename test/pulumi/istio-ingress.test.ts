/**
 * `IstioIngress` and `IstioRoutes` under Pulumi's unit-test mocks: the gateway, listeners and routes given as args
 * (no cdk8s App in the program), the outputs a program passes on, routes added by another program through the
 * gateway's import, and mistakes reported on the component with the constructs' messages.
 */
import * as pulumi from '@pulumi/pulumi';
import { installMocks, providerOutputs, registered, registrations, settled, valueOf } from './pulumi-mocks';
import { Destination, HttpAction, PathMatch, Protocol, ServiceType, TlsMode } from '../../src';
import { GatewayImport, IstioIngress, IstioRoutes } from 'cdk8s-istio-gateway/pulumi';
import '../../src/verify/jest';

installMocks();

beforeEach(() => {
  registrations.length = 0;
});

/** A NodePort gateway with HTTP and HTTPS passthrough listeners, and an HTTP route on the http listener. */
function shopIngress(name = 'public'): IstioIngress {
  return new IstioIngress(name, {
    namespace: 'istio-ingress',
    gateway: { serviceType: ServiceType.NODE_PORT },
    listeners: [
      { name: 'http', port: 80, nodePort: 30080, protocol: Protocol.HTTP },
      { name: 'tls', port: 443, protocol: Protocol.TLS, tls: { mode: TlsMode.PASSTHROUGH } },
    ],
    routesNamespace: 'shop',
    httpRoutes: [{
      id: 'shop',
      hosts: ['shop.example.com'],
      listeners: ['http'],
      rules: [{ match: [{ path: PathMatch.prefix('/') }], action: HttpAction.forward([Destination.host('shop', 8080)]) }],
    }],
  });
}

describe('an IstioIngress', () => {
  test('registers the gateway and its routes, named after the component, with the Gateway named after it', async () => {
    const ingress = shopIngress();
    await settled();
    expect(registered('public').type).toBe('cdk8s-istio-gateway:index:IstioIngress');
    expect(registrations.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:Deployment public/gateway/ingress/Deployment',
      'kubernetes:core/v1:Service public/gateway/ingress/Service',
      'kubernetes:core/v1:ServiceAccount public/gateway/ingress/ServiceAccount',
      'kubernetes:networking.istio.io/v1:Gateway public/gateway/ingress/Gateway',
      'kubernetes:networking.istio.io/v1:VirtualService public/routes-shop/shop',
    ]);
    expect(registered('public/gateway/ingress/Gateway').inputs).toMatchObject({ metadata: { name: 'public', namespace: 'istio-ingress' } });
    expect(registered('public/routes-shop/shop').inputs).toMatchObject({
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { gateways: ['istio-ingress/public'], hosts: ['shop.example.com'] },
    });
    expect(registered('public/routes-shop/shop').dependencies).toContain(registered('public/gateway/ingress/Gateway').urn);
    expect(ingress.reference).toBe('istio-ingress/public');
  });

  test('has the outputs a program passes on: Service, node ports by listener, Gateway reference', async () => {
    const ingress = shopIngress();
    expect(await valueOf(ingress.serviceName)).toBe('istio-ingressgateway');
    expect(await valueOf(ingress.serviceNamespace)).toBe('istio-ingress');
    expect(await valueOf(ingress.gatewayReference)).toBe('istio-ingress/public');
    // The https listener gives no node port: the cluster assigns one, and the output reads it from the Service.
    expect(await valueOf(ingress.nodePorts)).toEqual({ http: 30080 });
    expect(await valueOf(ingress.loadBalancerAddress)).toBeUndefined();
  });

  test('has the load balancer\'s address once the cloud assigned one', async () => {
    providerOutputs.set('kubernetes:core/v1:Service', { status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } } });
    try {
      expect(await valueOf(shopIngress().loadBalancerAddress)).toBe('lb.example.com');
      providerOutputs.set('kubernetes:core/v1:Service', { status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } });
      expect(await valueOf(shopIngress('other').loadBalancerAddress)).toBe('203.0.113.7');
    } finally {
      providerOutputs.clear();
    }
  });

  test('routes traffic as the same constructs do in a cdk8s app', () => {
    const ingress = shopIngress();
    expect(ingress).toRouteTo({ nodePort: 30080, host: 'shop.example.com', path: '/cart' }, 'shop.shop.svc.cluster.local', 8080);
    expect(ingress).toRoute({ port: 80, host: 'other.example.com', path: '/' }, { action: 'no_route' });
  });

  test('reports a mistake on the component, with the construct\'s message', () => {
    expect(() => new IstioIngress('bad', {
      namespace: 'istio-ingress',
      listeners: [{ name: 'http', port: 80, protocol: Protocol.HTTP }],
      httpRoutes: [{ id: 'shop', hosts: ['shop.example.com'], listeners: ['https'] }],
    })).toThrow("IstioIngress 'bad': [gateway/ingress] listener: 'https' is not a listener of gateway 'istio-ingress/bad' (it has http); name one of its listeners");
    expect(() => new IstioIngress('bad', { namespace: 'istio-ingress', listeners: [] }))
      .toThrow("IstioIngress 'bad': listeners is empty; give at least one, e.g. [{ name: 'http', port: 80, protocol: Protocol.HTTP }]");
    expect(() => new IstioIngress('bad', { listeners: [] } as never))
      .toThrow("IstioIngress 'bad': namespace is undefined; give the gateway's namespace, e.g. namespace: 'istio-ingress'");
    expect(() => new IstioIngress('bad', {
      namespace: 'istio-ingress',
      listeners: [{ name: 'http', port: 80, protocol: Protocol.HTTP }],
      httpRoutes: [{ hosts: ['shop.example.com'] } as never],
    })).toThrow("IstioIngress 'bad': httpRoutes[0].id is undefined; give every route an id (its resources are named by it), e.g. id: 'shop'");
  });

  test('fails on what the whole-app analysis finds, unless analysis is false', () => {
    // A route in the gateway's namespace to the gateway's own Service without a port: the constructs accept it, the
    // analysis finds the Service has several ports (IST0112).
    const argsWith = (analysis?: boolean) => ({
      analysis,
      namespace: 'istio-ingress',
      listeners: [{ name: 'http', port: 80, protocol: Protocol.HTTP }],
      httpRoutes: [{ id: 'self', hosts: ['self.example.com'], rules: [{ action: HttpAction.forward([Destination.host('istio-ingressgateway')]) }] }],
    });
    expect(() => new IstioIngress('analyzed', argsWith())).toThrow(/^IstioIngress 'analyzed': [^]*\[routes-istio-ingress\/self\] IST0112 VirtualServiceDestinationPortSelectorRequired \(VirtualService istio-ingress\/self\)/);
    expect(() => new IstioIngress('unanalyzed', argsWith(false))).not.toThrow();
  });
});

describe('IstioRoutes', () => {
  test('binds routes to an IstioIngress of the same program, after its Gateway', async () => {
    const ingress = shopIngress();
    new IstioRoutes('tls-routes', {
      gateway: ingress,
      namespace: 'db',
      tlsRoutes: [{ id: 'db', hosts: ['db.example.com'], listeners: ['tls'], destinations: [Destination.host('postgres', 5432)] }],
    });
    await settled();
    const route = registered('tls-routes/routes-db/db');
    expect(route.inputs).toMatchObject({ metadata: { name: 'db', namespace: 'db' }, spec: { gateways: ['istio-ingress/public'] } });
    expect(route.dependencies).toContain(registered('public/gateway/ingress/Gateway').urn);
    expect(route.parent).toBe(registered('tls-routes').urn);
  });

  test('binds routes to a gateway of another stack through its import, read back from JSON', async () => {
    const exported = JSON.parse(JSON.stringify(shopIngress('shared').gatewayImport)) as GatewayImport;
    expect(exported).toEqual({
      reference: 'istio-ingress/shared',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', hosts: ['*'] },
        { name: 'tls', port: 443, protocol: 'TLS', hosts: ['*'], tls: { mode: 'PASSTHROUGH' } },
      ],
      workloadName: 'istio-ingressgateway',
      selector: { istio: 'ingressgateway' },
      portMapping: { kind: 'direct' },
    });
    await settled();
    registrations.length = 0;
    const routes = new IstioRoutes('shop', {
      gateway: exported,
      namespace: 'shop',
      httpRoutes: [{ id: 'api', hosts: ['api.example.com'], rules: [{ action: HttpAction.forward([Destination.host('api', 80)]) }] }],
    });
    await settled();
    // Only the routes: the imported gateway renders nothing.
    expect(registrations.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`)).toEqual(['kubernetes:networking.istio.io/v1:VirtualService shop/routes-shop/api']);
    expect(registered('shop/routes-shop/api').inputs).toMatchObject({ spec: { gateways: ['istio-ingress/shared'] } });
    expect(routes.gatewayReference).toBe('istio-ingress/shared');
  });

  test('checks the routes against the imported gateway\'s listeners', () => {
    const gateway: GatewayImport = { reference: 'istio-system/istio-ingressgateway', listeners: [{ name: 'mysql', port: 3306, protocol: Protocol.TCP }] };
    expect(() => new IstioRoutes('web', {
      gateway,
      namespace: 'web',
      httpRoutes: [{ id: 'web', hosts: ['web.example.com'], listeners: ['mysql'] }],
    })).toThrow("IstioRoutes 'web': [routes-web/web] listeners: listener 'gateway/gateway/mysql' (TCP) is routed by VirtualService 'tcp' rules, "
      + "not 'http' rules; bind it with a TcpRoute instead");
  });
});

describe('synth warnings', () => {
  test('reach Pulumi as warnings on the component, with the construct path, as `app.synth()` prints them', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue();
    try {
      const ingress = shopIngress('warned');
      await settled();
      const calls = warn.mock.calls.filter(([, resource]) => resource === ingress).map(([message]) => message);
      // Both listeners leave their hosts out.
      expect(calls).toEqual([
        expect.stringMatching(/^\[gateway\/ingress\/http\] hosts: not given, so the server accepts any host/),
        expect.stringMatching(/^\[gateway\/ingress\/tls\] hosts: not given, so the server accepts any host/),
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
