/**
 * `Cdk8sChart` under Pulumi's unit-test mocks: every object a cdk8s app synthesizes is registered as the typed
 * `@pulumi/kubernetes` resource of its kind (custom kinds as CustomResources), with the inputs synth writes, parented
 * to the component, after what it refers to, named by its construct path, with the component's provider; mistakes
 * fail construction with synth's messages; the engine and the matchers read the component.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { installMocks, registered, registrations, settled } from './pulumi-mocks';
import { articleGateway } from '../../examples/article-gateway';
import { TrafficEngine } from '../../src';
import { Cdk8sChart } from 'cdk8s-istio-gateway/pulumi';
import '../../src/verify/jest';

installMocks();

/** The article's app, as cdk8s synth renders it: objects by `Kind namespace/name`. */
function synthesized(): Map<string, unknown> {
  const app = new App();
  articleGateway(app);
  const objects = app.charts.flatMap((c) => c.toJson() as Array<{ kind: string; metadata: { name: string; namespace?: string } }>);
  return new Map(objects.map((o) => [`${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, o]));
}

function articleApp(): App {
  const app = new App();
  articleGateway(app);
  return app;
}

beforeEach(() => {
  registrations.length = 0;
});

describe('the article app as a Cdk8sChart', () => {
  let component: Cdk8sChart;
  beforeEach(async () => {
    component = new Cdk8sChart('ingress', { chart: articleApp() });
    await settled();
  });

  test('registers each built-in kind through its typed class and Istio kinds as CustomResources', () => {
    const types = registrations.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`).sort();
    expect(types).toEqual([
      'kubernetes:apps/v1:Deployment ingress/article-ingress/default-gateway/Deployment',
      'kubernetes:core/v1:Service ingress/article-apps/counter-service',
      'kubernetes:core/v1:Service ingress/article-apps/mysql-service',
      'kubernetes:core/v1:Service ingress/article-ingress/default-gateway/Service',
      'kubernetes:core/v1:ServiceAccount ingress/article-ingress/default-gateway/ServiceAccount',
      'kubernetes:networking.istio.io/v1:Gateway ingress/article-ingress/default-gateway/Gateway',
      'kubernetes:networking.istio.io/v1:VirtualService ingress/article-apps/counter',
      'kubernetes:networking.istio.io/v1:VirtualService ingress/article-apps/mysql',
    ]);
    expect(component.resource('Deployment', 'istio-ingressgateway')).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(component.resource('Gateway', 'default-gateway')).toBeInstanceOf(k8s.apiextensions.CustomResource);
  });

  test('gives every resource the inputs cdk8s synth writes', () => {
    const expected = synthesized();
    const children = registrations.filter((r) => r.custom);
    expect(children).toHaveLength(expected.size);
    for (const child of children) {
      const metadata = child.inputs.metadata as { name: string; namespace?: string };
      expect(child.inputs).toEqual(expected.get(`${child.inputs.kind} ${metadata.namespace}/${metadata.name}`));
    }
  });

  test('parents every resource to the component', () => {
    const componentUrn = registered('ingress').urn;
    expect(registered('ingress').type).toBe('cdk8s-istio-gateway:index:Cdk8sChart');
    for (const child of registrations.filter((r) => r.custom)) {
      expect(child.parent).toBe(componentUrn);
    }
  });

  test('creates nothing before what it refers to', () => {
    const urn = (name: string) => registered(`ingress/${name}`).urn;
    const deps = (name: string) => registered(`ingress/${name}`).dependencies;
    expect(deps('article-ingress/default-gateway/Deployment')).toContain(urn('article-ingress/default-gateway/ServiceAccount'));
    expect(deps('article-apps/counter')).toEqual(expect.arrayContaining([
      urn('article-ingress/default-gateway/Gateway'), urn('article-apps/counter-service'),
    ]));
    expect(deps('article-apps/mysql')).toEqual(expect.arrayContaining([
      urn('article-ingress/default-gateway/Gateway'), urn('article-apps/mysql-service'),
    ]));
    // The engine received each resource after the resources it depends on.
    const order = registrations.map((r) => r.urn);
    for (const child of registrations) {
      for (const dependency of child.dependencies) {
        expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(child.urn));
      }
    }
  });

  test('is read by the engine and the matchers as the chart is', () => {
    expect(component).toRouteTo({ port: 80, host: 'counter.lab.example.com', path: '/' }, 'counter', 80);
    expect(component).not.toRouteTo({ port: 80, host: 'other.example.com', path: '/' }, 'counter', 80);
    const decision = TrafficEngine.fromChart(component).route({ nodePort: 30306 });
    expect(decision.destinations.map((d) => d.host)).toEqual(['mysql.default.svc.cluster.local']);
  });
});

test('names resources by their own construct path: adding or renaming another construct renames none', async () => {
  new Cdk8sChart('before', { chart: articleApp() });
  await settled();
  const before = registrations.filter((r) => r.name.startsWith('before/')).map((r) => r.name.replace(/^before\//, '')).sort();
  registrations.length = 0;
  const app = articleApp();
  new ApiObject(new Chart(app, 'extra', { namespace: 'default' }), 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } });
  new Cdk8sChart('after', { chart: app });
  await settled();
  const after = registrations.filter((r) => r.name.startsWith('after/')).map((r) => r.name.replace(/^after\//, ''));
  expect(after).toEqual(expect.arrayContaining(before));
  expect(after).toContain('extra/config');
});

test('passes the component\'s provider and the resource options on to every resource', async () => {
  const provider = new k8s.Provider('cluster', { kubeconfig: 'kubeconfig' });
  const earlier = new k8s.core.v1.Namespace('istio-system', { metadata: { name: 'istio-system' } });
  new Cdk8sChart('ingress', { chart: articleApp(), resourceOptions: { dependsOn: [earlier] } }, { provider });
  await settled();
  const providerRef = `${registered('cluster').urn}::cluster-id`;
  const children = registrations.filter((r) => r.name.startsWith('ingress/'));
  expect(children.length).toBeGreaterThan(0);
  for (const child of children) {
    expect(child.provider).toBe(providerRef);
    expect(child.dependencies).toContain(registered('istio-system').urn);
  }
});

test('a Namespace object of the chart is created before the objects in it; an explicit addDependency is kept', async () => {
  const app = new App();
  const chart = new Chart(app, 'apps', { namespace: 'shop' });
  const namespace = new ApiObject(chart, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: undefined } });
  const config = new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
  const job = new ApiObject(chart, 'job', { apiVersion: 'example.com/v1', kind: 'Migration', metadata: { name: 'migrate' } });
  job.addDependency(config);
  new Cdk8sChart('shop', { chart: app });
  await settled();
  expect(registered('shop/apps/config').dependencies).toContain(registered('shop/apps/namespace').urn);
  expect(registered('shop/apps/job').dependencies).toEqual(expect.arrayContaining([registered('shop/apps/config').urn]));
  expect(registered('shop/apps/job').type).toBe('kubernetes:example.com/v1:Migration');
  expect(namespace.kind).toBe('Namespace');
});

describe('a mistake fails construction with synth\'s message', () => {
  /**
   * A plain cdk8s chart (none of this library's constructs) with a Gateway, and a VirtualService bound to a misspelt
   * one in the same namespace (a Gateway elsewhere would be out of the app's reach, and not fail it).
   */
  function plainChart(): App {
    const app = new App();
    const chart = new Chart(app, 'apps', { namespace: 'shop' });
    new ApiObject(chart, 'public', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
    });
    new ApiObject(chart, 'shop', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop' },
      spec: { hosts: ['shop.example.com'], gateways: ['shop/missing'], http: [{ route: [{ destination: { host: 'shop' } }] }] },
    });
    return app;
  }

  test('a plain cdk8s chart is analyzed as the validation plugin analyzes it', () => {
    expect(() => new Cdk8sChart('shop', { chart: plainChart() }))
      .toThrow(/^Cdk8sChart 'shop': Validation failed with the following errors:\n {2}\[apps\/shop\] IST0101 ReferencedResourceNotFound \(VirtualService shop\/shop\): /);
  });

  test('analysis: false leaves the analysis out', () => {
    expect(() => new Cdk8sChart('shop', { chart: plainChart(), analysis: false })).not.toThrow();
  });

  test('the error is a Pulumi ResourceError, printed without a stack trace', () => {
    let caught: unknown;
    try {
      new Cdk8sChart('shop', { chart: plainChart() });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(pulumi.ResourceError);
    expect((caught as { hideStack?: boolean }).hideStack).toBe(true);
  });

  test('a chart is required', () => {
    expect(() => new Cdk8sChart('nothing', {} as never)).toThrow("Cdk8sChart 'nothing': args.chart is missing; give the cdk8s Chart or App to deploy, e.g. { chart: app }");
  });
});
