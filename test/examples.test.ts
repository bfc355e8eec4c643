import * as path from 'path';
import { Testing } from 'cdk8s';
import { EXAMPLES } from '../examples';
import { analyze, formatReport, loadCaseFile, TrafficEngine, verify } from '../src';
import { validateCoreObject } from './support/core-schema-validator';
import { podTemplatesOf, restrictedViolations } from './support/pod-security-restricted';
import { Manifest, ofKind, synthApp } from './support/synth';
import { hostCovers, intersectHosts, resolveShortName, serverHostsVisibleTo } from '../src/istio/host';
import { CrdSchemaValidator } from '../src/schema/crd-schema-validator';

const examples = Object.entries(EXAMPLES);

/**
 * The construct paths each example's synth warns about: none. https-only's gateway serves a credentialName Secret, from
 * a namespace of its own (istio-ingress); the article's gateway stays in istio-system as the article has it, but mounts
 * its certificate from files, so it holds no Secret access to warn about; every listener names its hosts, or `*`.
 */
const WARNED_PATHS: Record<string, string[]> = {
  'article-gateway': [],
  'canary': [],
  'https-only': [],
  'tls-passthrough': [],
};

/** `ns/name` of a VirtualService gateway reference, normalized as Istio does. */
function gatewayKey(reference: string, vsNamespace: string): string {
  if (reference.includes('/')) {
    return reference;
  }
  const [name, ns] = reference.split('.');
  return `${ns ?? vsNamespace}/${name}`;
}

const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

describe.each(examples)('example %s', (name, build) => {
  const { yaml, objects, stderr } = synthApp(build);

  test('synth prints the expected warnings, and only them', () => {
    const warned = stderr.map((line) => /^cdk8s-istio-gateway: Warning \[([^\]]+)\] namespace: /.exec(line)?.[1] ?? line);
    expect(warned).toEqual(WARNED_PATHS[name]);
  });

  test('synthesizes the same YAML as the snapshot', () => {
    expect(yaml).toMatchSnapshot();
  });

  test('synthesizes byte-identical YAML twice', () => {
    expect(synthApp(build).yaml).toEqual(yaml);
  });

  test('every pod template passes Pod Security "restricted"', () => {
    const templates = podTemplatesOf(objects);
    expect(templates.length).toBeGreaterThan(0);
    for (const { workload, template } of templates) {
      expect({ workload, violations: restrictedViolations(template) }).toEqual({ workload, violations: [] });
    }
  });

  test('grants Secret access only to a gateway that serves credentialName certificates, and mounts no API token', () => {
    const servesSecrets = ofKind(objects, 'Gateway')
      .filter((g) => g.spec.servers.some((server: Manifest) => server.tls?.credentialName !== undefined))
      .map((g) => g.metadata.namespace);
    const secretRoles = ofKind(objects, 'Role')
      .filter((role) => role.rules.some((rule: Manifest) => rule.resources.includes('secrets')))
      .map((role) => role.metadata.namespace);
    expect(secretRoles).toEqual(servesSecrets);
    expect(ofKind(objects, 'RoleBinding').map((b) => b.metadata.namespace)).toEqual(servesSecrets);
    for (const deployment of ofKind(objects, 'Deployment')) {
      expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    }
  });

  test('names objects without hash suffixes', () => {
    for (const o of objects) {
      expect(o.metadata.name).not.toMatch(/-c8[0-9a-f]{6}$/);
    }
  });

  test('every object is valid against its schema', () => {
    const crds = CrdSchemaValidator.bundled();
    for (const o of objects) {
      const where = `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
      if (crds.knows(o.apiVersion, o.kind)) {
        expect({ where, problems: crds.validate(o) }).toEqual({ where, problems: [] });
      } else {
        const problems = validateCoreObject(o);
        expect({ where, known: problems !== undefined }).toEqual({ where, known: true });
        expect({ where, problems }).toEqual({ where, problems: [] });
      }
    }
  });

  test('every Gateway selects gateway pods whose Service exposes its ports on container ports', () => {
    const gateways = ofKind(objects, 'Gateway');
    expect(gateways.length).toBeGreaterThan(0);
    for (const gateway of gateways) {
      const deployments = ofKind(objects, 'Deployment')
        .filter((d) => labelsMatch(gateway.spec.selector, d.spec.template.metadata.labels));
      expect(deployments).toHaveLength(1);
      const pod = deployments[0].spec.template;
      expect(labelsMatch(deployments[0].spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
      const containerPorts: number[] = pod.spec.containers.flatMap((c: Manifest) => (c.ports ?? []).map((p: Manifest) => p.containerPort));
      const services = ofKind(objects, 'Service')
        .filter((s) => s.metadata.namespace === deployments[0].metadata.namespace && labelsMatch(s.spec.selector, pod.metadata.labels));
      expect(services).toHaveLength(1);
      for (const server of gateway.spec.servers) {
        const servicePort = services[0].spec.ports.find((p: Manifest) => p.port === server.port.number);
        expect({ server: server.port.name, servicePort: servicePort?.name }).toEqual({ server: server.port.name, servicePort: server.port.name });
        expect(containerPorts).toContain(servicePort.targetPort);
      }
    }
  });

  test('every VirtualService names existing Gateways whose servers admit its hosts', () => {
    const gateways = new Map(ofKind(objects, 'Gateway').map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
    for (const vs of ofKind(objects, 'VirtualService')) {
      const ns = vs.metadata.namespace;
      for (const reference of vs.spec.gateways) {
        const gateway = gateways.get(gatewayKey(reference, ns));
        expect({ vs: vs.metadata.name, reference, found: gateway !== undefined }).toEqual({ vs: vs.metadata.name, reference, found: true });
        for (const host of vs.spec.hosts) {
          const admitted = gateway!.spec.servers.some((s: Manifest) => serverHostsVisibleTo(s.hosts, ns, gateway!.metadata.namespace)
            .some((h) => intersectHosts(h, resolveShortName(host, ns)) !== undefined));
          expect({ vs: vs.metadata.name, host, admitted }).toEqual({ vs: vs.metadata.name, host, admitted: true });
        }
      }
    }
  });

  test('every TLS server has its certificate where the gateway pod can read it', () => {
    for (const gateway of ofKind(objects, 'Gateway')) {
      const pod = ofKind(objects, 'Deployment').find((d) => labelsMatch(gateway.spec.selector, d.spec.template.metadata.labels))!;
      for (const server of gateway.spec.servers.filter((s: Manifest) => s.tls?.mode === 'SIMPLE' || s.tls?.mode === 'MUTUAL')) {
        if (server.tls.credentialName) {
          const issued = ofKind(objects, 'Certificate').some((c) => c.spec.secretName === server.tls.credentialName
            && c.metadata.namespace === pod.metadata.namespace);
          expect({ server: server.port.name, issued }).toEqual({ server: server.port.name, issued: true });
        } else {
          const mounts: Manifest[] = pod.spec.template.spec.containers[0].volumeMounts;
          for (const file of [server.tls.serverCertificate, server.tls.privateKey]) {
            expect(mounts.some((m) => file.startsWith(`${m.mountPath}/`))).toBe(true);
          }
        }
      }
    }
  });
});

describe('the HTTP-only canary gateway', () => {
  const { objects } = synthApp(EXAMPLES.canary);

  test('renders no Secret access: no Role, no RoleBinding, no token, in a namespace of its own', () => {
    expect(objects.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
    const [deployment] = ofKind(objects, 'Deployment');
    expect(deployment.metadata.namespace).toBe('istio-ingress');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(ofKind(objects, 'ServiceAccount')[0].automountServiceAccountToken).toBe(false);
  });
});

describe('the article gateway', () => {
  const { objects } = synthApp(EXAMPLES['article-gateway']);
  const service = ofKind(objects, 'Service')[0];

  test('exposes http2 80, https 443 and mysql 3306 on node ports 30080, 30443 and 30306', () => {
    const ports = service.spec.ports.map((p: Manifest) => [p.name, p.port, p.nodePort]);
    expect(service.spec.type).toBe('NodePort');
    expect(ports).toEqual(expect.arrayContaining([['http2', 80, 30080], ['https', 443, 30443], ['mysql', 3306, 30306]]));
  });

  test('has the default-gateway Gateway in istio-system selecting istio: ingressgateway', () => {
    const [gateway] = ofKind(objects, 'Gateway');
    expect(gateway.metadata).toEqual({ name: 'default-gateway', namespace: 'istio-system' });
    expect(gateway.spec.selector).toEqual({ istio: 'ingressgateway' });
    expect(gateway.spec.servers.map((s: Manifest) => [s.port.number, s.port.protocol, s.tls?.mode])).toEqual([
      [80, 'HTTP', undefined], [443, 'HTTPS', 'SIMPLE'], [3306, 'TCP', undefined],
    ]);
  });

  test('reads the certificate from files mounted at /etc/istio/ingressgateway-certs, with the TLS 1.2 minimum written out', () => {
    const [gateway] = ofKind(objects, 'Gateway');
    expect(gateway.spec.servers[1].tls).toEqual({
      mode: 'SIMPLE',
      serverCertificate: '/etc/istio/ingressgateway-certs/tls.crt',
      privateKey: '/etc/istio/ingressgateway-certs/tls.key',
      minProtocolVersion: 'TLSV1_2',
    });
  });

  test('holds no Secret access: an HTTP, TCP and file-certificate gateway', () => {
    expect(objects.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
  });

  test('accepts any host on every server, as the article\'s Gateway does', () => {
    const [gateway] = ofKind(objects, 'Gateway');
    expect(gateway.spec.servers.map((s: Manifest) => s.hosts)).toEqual([['*'], ['*'], ['*']]);
  });

  test('routes counter.lab.example.com prefix / to counter port 80 and 3306 to mysql', () => {
    const [counter, mysql] = ofKind(objects, 'VirtualService');
    expect(counter.spec).toEqual({
      gateways: ['istio-system/default-gateway'],
      hosts: ['counter.lab.example.com'],
      http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'counter', port: { number: 80 } } }] }],
    });
    expect(mysql.spec.tcp).toEqual([{ route: [{ destination: { host: 'mysql', port: { number: 3306 } } }] }]);
    expect(hostCovers(mysql.spec.hosts[0], 'anything.example.com')).toBe(true);
  });

  test('a chart synthesized alone gives the same objects as the app', () => {
    const app = Testing.app();
    EXAMPLES['article-gateway'](app);
    const alone = app.charts.flatMap((c) => Testing.synth(c));
    expect(alone).toEqual(objects);
  });
});

describe.each(examples)('traffic cases of example %s', (name, build) => {
  const casesFile = path.join(__dirname, '..', 'examples', `${name}.cases.yaml`);

  test('every case passes and reaches every server and rule', () => {
    const app = Testing.app();
    build(app);
    const report = verify(TrafficEngine.fromChart(app), loadCaseFile(casesFile));
    expect(report.results.filter((r) => !r.passed).map((r) => formatReport({ ...report, results: [r] }))).toEqual([]);
    expect(report.coverage?.percent).toBe(100);
  });
});

describe.each(examples)('analysis of example %s', (_name, build) => {
  test('has no finding at all, security warnings included: the constructs never produce one', () => {
    const app = Testing.app();
    build(app);
    expect(analyze(app)).toEqual([]);
  });
});
