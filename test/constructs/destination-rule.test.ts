import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import { DestinationRule, DestinationRuleProps } from '../../src';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';

let app: App;
let shop: Chart;

beforeEach(() => {
  app = Testing.app();
  shop = new Chart(app, 'shop', { namespace: 'shop' });
});

const versions = { v1: { version: 'v1' }, v2: { version: 'v2', track: 'canary' } };

function rule(props: Partial<DestinationRuleProps> = {}): DestinationRule {
  return new DestinationRule(shop, 'reviews', { host: 'reviews', subsets: versions, ...props });
}

function destinationRule(chart: Chart = shop): any {
  const dr = Testing.synth(chart).find((o) => o.kind === 'DestinationRule');
  expect(dr).toBeDefined();
  return dr;
}

function service(chart: Chart, name: string): kplus.Service {
  return new kplus.Service(chart, `${name}-service`, { metadata: { name }, ports: [{ port: 9080 }] });
}

test('a host name and subsets are rendered', () => {
  const dr = rule();
  expect(destinationRule()).toEqual({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'reviews', namespace: 'shop' },
    spec: {
      host: 'reviews',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2', track: 'canary' } },
      ],
    },
  });
  expect(dr.host).toEqual('reviews');
  expect(dr.subsetNames).toEqual(['v1', 'v2']);
});

test('a fully qualified host is kept', () => {
  rule({ host: 'reviews.other.svc.cluster.local' });
  expect(destinationRule().spec.host).toEqual('reviews.other.svc.cluster.local');
});

test('a Service in the same namespace is referenced by its short name', () => {
  rule({ host: service(shop, 'reviews') });
  expect(destinationRule().spec.host).toEqual('reviews');
});

test('a cdk8s-plus-33 Service names the host as a cdk8s-plus-28 one does', () => {
  const backend = new Chart(app, 'backend', { namespace: 'backend' });
  rule({ host: new kplus33.Service(backend, 'ratings-service', { metadata: { name: 'ratings' }, ports: [{ port: 9080 }] }) });
  expect(destinationRule().spec.host).toEqual('ratings.backend.svc.cluster.local');
});

test('a Service in another namespace is referenced by its FQDN', () => {
  const backend = new Chart(app, 'backend', { namespace: 'backend' });
  const dr = rule({ host: service(backend, 'ratings') });
  expect(dr.host).toEqual('ratings.backend.svc.cluster.local');
  expect(destinationRule().spec.host).toEqual('ratings.backend.svc.cluster.local');
});

test('name option', () => {
  rule({ name: 'reviews-versions' });
  expect(destinationRule().metadata.name).toEqual('reviews-versions');
});

test('exportTo is rendered', () => {
  rule({ exportTo: ['istio-system', '.'] });
  expect(destinationRule().spec.exportTo).toEqual(['istio-system', '.']);
});

test.each([
  ['*', 'is a wildcard'],
  ['bad_host', 'has an invalid DNS label \'bad_host\''],
  ['re*views.shop', 'has a partial wildcard'],
  ['', 'is empty'],
])('host %j is rejected', (host, problem) => {
  expect(() => rule({ host })).toThrow(new RegExp(`\\[shop/reviews\\] host: '${host.replace(/[*]/g, '\\*')}' ${problem}`));
});

test('empty subsets are rejected', () => {
  expect(() => rule({ subsets: {} })).toThrow(/\[shop\/reviews\] subsets: is empty/);
});

test.each(['V1', 'v_1', 'v1.0', '-v1'])('subset name %s is rejected', (name) => {
  expect(() => rule({ subsets: { [name]: { version: 'v1' } } }))
    .toThrow(new RegExp(`\\[shop/reviews\\] subsets: '${name.replace('.', '\\.')}' is not a valid subset name`));
});

test('a subset without labels is rejected', () => {
  expect(() => rule({ subsets: { v1: { version: 'v1' }, all: {} } }))
    .toThrow(/\[shop\/reviews\] subsets\.all: has no labels, so it would select every pod of the Service/);
});

test('validates against the DestinationRule CRD schema', () => {
  rule({ exportTo: ['*'] });
  expect(CrdSchemaValidator.bundled().validate(destinationRule())).toEqual([]);
});

test('matches the snapshot', () => {
  rule({ host: service(shop, 'reviews') });
  expect(destinationRule()).toMatchSnapshot();
});
