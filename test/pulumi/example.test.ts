/**
 * The Pulumi example (examples/pulumi/) under Pulumi's unit-test mocks: it registers the objects `cdk8s synth` writes
 * for the cdk8s article example (examples/article-gateway.ts), passes that example's traffic cases, and its program
 * exports the component's outputs.
 */
import * as path from 'path';
import { installMocks, registrations, settled, valueOf } from './pulumi-mocks';
import { articleGateway } from '../../examples/article-gateway';
import { articleIngress } from '../../examples/pulumi/article-ingress';
import { Manifest, synthApp } from '../support/synth';
import { formatReport, loadCaseFile, TrafficEngine, verify } from 'cdk8s-istio-gateway';
import 'cdk8s-istio-gateway/jest';

installMocks();

const CASES = path.join(__dirname, '..', '..', 'examples', 'article-gateway.cases.yaml');

/** `Kind namespace/name` of an object. */
function keyOf(object: Manifest): string {
  return `${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}

/** The objects by `Kind namespace/name`. */
function byKey(objects: readonly Manifest[]): Map<string, Manifest> {
  return new Map(objects.map((o) => [keyOf(o), o]));
}

/** The Kubernetes resources registered since the last reset, with their inputs as the engine received them. */
function registeredObjects(): Manifest[] {
  return registrations.filter((r) => r.custom && r.type.startsWith('kubernetes:')).map((r) => r.inputs);
}

beforeEach(() => {
  registrations.length = 0;
});

describe('the Pulumi example', () => {
  test('registers what cdk8s synth writes for the article gateway, object for object', async () => {
    articleIngress();
    await settled();
    const pulumiObjects = byKey(registeredObjects());
    const cdk8sObjects = byKey(synthApp(articleGateway).objects);
    // The cdk8s example also renders the application Services (cdk8s-plus `Service`s the routes name); the Pulumi
    // program deploys the gateway and its routes only, and the Services come with the applications. The construct
    // paths differ too (`article-ingress/default-gateway` there, `gateway/ingress` in the component, whose name is the
    // Gateway's): they name the resources, and no object's content.
    expect([...cdk8sObjects.keys()].filter((k) => !pulumiObjects.has(k)).sort()).toEqual(['Service default/counter', 'Service default/mysql']);
    expect([...pulumiObjects.keys()].sort()).toEqual([
      'Deployment istio-system/istio-ingressgateway',
      'Gateway istio-system/default-gateway',
      'Service istio-system/istio-ingressgateway',
      'ServiceAccount istio-system/istio-ingressgateway',
      'VirtualService default/counter',
      'VirtualService default/mysql',
    ]);
    for (const [key, object] of pulumiObjects) {
      expect({ key, object }).toEqual({ key, object: cdk8sObjects.get(key) });
    }
  });

  test('registers each object as its typed @pulumi/kubernetes resource, named <component>/<construct path>', async () => {
    articleIngress();
    await settled();
    expect(registrations.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'kubernetes:apps/v1:Deployment default-gateway/gateway/ingress/Deployment',
      'kubernetes:core/v1:Service default-gateway/gateway/ingress/Service',
      'kubernetes:core/v1:ServiceAccount default-gateway/gateway/ingress/ServiceAccount',
      'kubernetes:networking.istio.io/v1:Gateway default-gateway/gateway/ingress/Gateway',
      'kubernetes:networking.istio.io/v1:VirtualService default-gateway/routes-default/counter',
      'kubernetes:networking.istio.io/v1:VirtualService default-gateway/routes-default/mysql',
    ]);
  });

  test('passes the article\'s traffic cases, reaching every server and rule', () => {
    const report = verify(TrafficEngine.fromChart(articleIngress()), loadCaseFile(CASES));
    expect(report.results.filter((r) => !r.passed).map((r) => formatReport({ ...report, results: [r] }))).toEqual([]);
    expect(report.coverage?.percent).toBe(100);
  });

  test('routes counter.lab.example.com to the counter Service, as the jest matchers see it', () => {
    const ingress = articleIngress();
    expect(ingress).toRouteTo({ port: 80, host: 'counter.lab.example.com', path: '/' }, 'counter', 80);
    expect(ingress).toRouteTo({ nodePort: 30306 }, 'mysql', 3306);
  });

  test('the program exports the node ports, the Gateway reference, the Service and the gateway\'s import', async () => {
    const program = await import('../../examples/pulumi/index');
    expect(await valueOf(program.nodePorts)).toEqual({ http2: 30080, https: 30443, mysql: 30306 });
    expect(await valueOf(program.gatewayReference)).toBe('istio-system/default-gateway');
    expect(await valueOf(program.serviceName)).toBe('istio-ingressgateway');
    expect(await valueOf(program.loadBalancerAddress)).toBeUndefined();
    expect(program.gatewayImport).toMatchObject({
      reference: 'istio-system/default-gateway',
      listeners: [
        { name: 'http2', port: 80, protocol: 'HTTP' },
        { name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'SIMPLE' } },
        { name: 'mysql', port: 3306, protocol: 'TCP' },
      ],
      workloadName: 'istio-ingressgateway',
    });
  });
});
