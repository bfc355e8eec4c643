import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CrdSchemaValidator } from '../../src/schema/crd-schema-validator';

const validator = CrdSchemaValidator.bundled();

function gateway(spec: Record<string, unknown>, version = 'v1') {
  return {
    apiVersion: `networking.istio.io/${version}`,
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'istio-ingress', labels: { 'app.kubernetes.io/name': 'gw' }, annotations: { a: 'b' } },
    spec,
  };
}

const httpServer = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] };
const validGatewaySpec = { selector: { istio: 'ingressgateway' }, servers: [httpServer] };

function virtualService(http: unknown[]) {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'vs' },
    spec: { hosts: ['example.com'], gateways: ['istio-ingress/gw'], http },
  };
}

describe('CrdSchemaValidator.bundled', () => {
  test('is cached', () => {
    expect(CrdSchemaValidator.bundled()).toBe(validator);
  });

  test('knows the vendored kinds and versions', () => {
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      for (const kind of ['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry']) {
        expect(validator.knows(`networking.istio.io/${version}`, kind)).toBe(true);
      }
    }
    expect(validator.knows('cert-manager.io/v1', 'Certificate')).toBe(true);
    expect(validator.knows('networking.istio.io/v1', 'Sidecar')).toBe(false);
    expect(validator.knows('v1', 'Service')).toBe(false);
  });
});

describe('Gateway', () => {
  test.each(['v1', 'v1beta1', 'v1alpha3'])('a valid %s Gateway passes', version => {
    expect(validator.validate(gateway(validGatewaySpec, version))).toEqual([]);
  });

  test.each(['v1', 'v1beta1', 'v1alpha3'])('an invalid %s Gateway fails', version => {
    const spec = { servers: [{ port: { ...httpServer.port, number: '80' }, hosts: ['*'] }] };
    expect(validator.validate(gateway(spec, version))).toEqual([{ path: 'spec.servers[0].port.number', message: 'must be integer' }]);
  });

  test('a server without hosts fails', () => {
    const problems = validator.validate(gateway({ servers: [{ port: httpServer.port }] }));
    expect(problems).toEqual([{ path: 'spec.servers[0]', message: "must have required property 'hosts'" }]);
  });

  test('an unknown tls mode fails, listing the allowed values', () => {
    const servers = [{ ...httpServer, tls: { mode: 'STRICT' } }];
    const problems = validator.validate(gateway({ servers }));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('spec.servers[0].tls.mode');
    expect(problems[0].message).toMatch(/^must be equal to one of the allowed values: PASSTHROUGH, SIMPLE, MUTUAL, /);
  });

  test('an undeclared field is reported', () => {
    const problems = validator.validate(gateway({ servers: [{ ...httpServer, host: 'x' }] }));
    expect(problems).toEqual([{ path: 'spec.servers[0]', message: "unknown field 'host'" }]);
  });

  test('map keys that are not identifiers are quoted in paths', () => {
    const problems = validator.validate(gateway({ selector: { 'app.kubernetes.io/name': 1 }, servers: [httpServer] }));
    expect(problems).toEqual([{ path: "spec.selector['app.kubernetes.io/name']", message: 'must be string' }]);
  });

  test('all problems are reported', () => {
    const problems = validator.validate(gateway({ servers: [{ port: { number: -1 } }] }));
    expect(problems.map(p => `${p.path}: ${p.message}`)).toEqual([
      "spec.servers[0]: must have required property 'hosts'",
      "spec.servers[0].port: must have required property 'protocol'",
      "spec.servers[0].port: must have required property 'name'",
      'spec.servers[0].port.number: must be >= 0',
    ]);
  });

  test('status accepts integers or strings where the schema says int-or-string', () => {
    const status = (observedGeneration: unknown) => ({ ...gateway(validGatewaySpec), status: { observedGeneration } });
    expect(validator.validate(status(3))).toEqual([]);
    expect(validator.validate(status('3'))).toEqual([]);
    expect(validator.validate(status(true))).toEqual([{ path: 'status.observedGeneration', message: 'must be integer or string' }]);
  });
});

describe('VirtualService', () => {
  const route = [{ destination: { host: 'web.default.svc.cluster.local', port: { number: 8080 } } }];

  test('a route with a timeout passes', () => {
    expect(validator.validate(virtualService([{ match: [{ uri: { prefix: '/' } }], route, timeout: '5s' }]))).toEqual([]);
  });

  test('a route destination without host fails', () => {
    const problems = validator.validate(virtualService([{ route: [{ destination: { port: { number: 8080 } } }] }]));
    expect(problems).toEqual([{ path: 'spec.http[0].route[0].destination', message: "must have required property 'host'" }]);
  });

  test('mutually exclusive fields are reported once', () => {
    const problems = validator.validate(virtualService([{ match: [{ uri: { exact: '/', prefix: '/' } }], route }]));
    expect(problems).toEqual([{ path: 'spec.http[0].match[0].uri', message: 'must set at most one of: exact, prefix, regex' }]);
  });
});

describe('Certificate', () => {
  const certificate = (spec: Record<string, unknown>) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'tls', namespace: 'istio-ingress' },
    spec: { issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' }, dnsNames: ['example.com'], ...spec },
  });

  test('a valid Certificate passes', () => {
    expect(validator.validate(certificate({ secretName: 'tls' }))).toEqual([]);
  });

  test('a Certificate without secretName fails', () => {
    expect(validator.validate(certificate({}))).toEqual([{ path: 'spec', message: "must have required property 'secretName'" }]);
  });
});

describe('unknown input', () => {
  test.each([
    { apiVersion: 'example.com/v1', kind: 'Widget', spec: { anything: 1 } },
    { apiVersion: 'v1', kind: 'Service' },
    { kind: 'Gateway' },
    'Gateway',
    null,
  ])('%j returns no problems', obj => {
    expect(validator.validate(obj)).toEqual([]);
  });
});

describe('CrdSchemaValidator.fromFiles', () => {
  const crd = `
# a comment before the first document
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: { x-kubernetes-int-or-string: true }
              amount: { type: string, format: quantity }
              extra: { type: object, x-kubernetes-preserve-unknown-fields: true, properties: { a: { type: string } } }
  - name: v0
    served: false
    storage: false
    schema:
      openAPIV3Schema: { type: object }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: not-a-crd }
`;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-schema-'));
    fs.writeFileSync(path.join(dir, 'widget.yaml'), crd);
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'a: [1,\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const widget = (spec: Record<string, unknown>) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

  test('indexes served versions of CRD documents only', () => {
    const v = CrdSchemaValidator.fromFiles([path.join(dir, 'widget.yaml')]);
    expect(v.knows('example.com/v1', 'Widget')).toBe(true);
    expect(v.knows('example.com/v0', 'Widget')).toBe(false);
    expect(v.knows('v1', 'ConfigMap')).toBe(false);
  });

  test('int-or-string without a type, unknown formats and preserved fields', () => {
    const v = CrdSchemaValidator.fromFiles([path.join(dir, 'widget.yaml')]);
    expect(v.validate(widget({ size: 1, amount: '1Gi', extra: { b: 1 } }))).toEqual([]);
    expect(v.validate(widget({ size: '10%' }))).toEqual([]);
    expect(v.validate(widget({ size: [] }))).toEqual([{ path: 'spec.size', message: 'must be integer or string' }]);
    expect(v.validate(widget({ size: 1, extra: { a: 1 } }))).toEqual([{ path: 'spec.extra.a', message: 'must be string' }]);
  });

  test('unknown fields can be allowed', () => {
    const strict = CrdSchemaValidator.fromFiles([path.join(dir, 'widget.yaml')]);
    const lenient = CrdSchemaValidator.fromFiles([path.join(dir, 'widget.yaml')], { allowUnknownFields: true });
    expect(strict.validate(widget({ size: 1, colour: 'red' }))).toEqual([{ path: 'spec', message: "unknown field 'colour'" }]);
    expect(lenient.validate(widget({ size: 1, colour: 'red' }))).toEqual([]);
  });

  test('a YAML syntax error names the file', () => {
    expect(() => CrdSchemaValidator.fromFiles([path.join(dir, 'broken.yaml')])).toThrow(/broken\.yaml/);
  });
});
