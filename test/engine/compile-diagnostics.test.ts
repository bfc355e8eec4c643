import { parseAllDocuments } from 'yaml';
import { gatewayDeployment } from './gateway-fixtures';
import { compile, CompiledWorkload } from '../../src/engine/compile';
import { CompileDiagnostic } from '../../src/engine/compile-diagnostic';
import { loadObjects, TrafficEngine } from '../../src/engine-entry';

const DEPLOYMENT = gatewayDeployment();

const UNPRIVILEGED = gatewayDeployment({ env: "- {name: ISTIO_META_UNPRIVILEGED_POD, value: 'true'}" });

function gateway(name: string, servers: string, namespace = 'istio-system'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {istio: ingressgateway}
  servers: ${servers}
`;
}

function virtualService(name: string, spec: string): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec: ${spec}
`;
}

function engine(yaml: string): TrafficEngine {
  return TrafficEngine.fromManifests(parseAllDocuments(yaml).map((d) => d.toJS()));
}

function workloadOf(yaml: string): CompiledWorkload {
  const workloads = engine(yaml)._config.workloads;
  expect(workloads).toHaveLength(1);
  return workloads[0];
}

function compileWithoutAdmission(yaml: string): CompiledWorkload {
  const [workload] = compile(loadObjects(parseAllDocuments(yaml).map((d) => d.toJS()))).workloads;
  return workload;
}

/** The diagnostics of one kind, narrowed. */
function ofKind<K extends CompileDiagnostic['kind']>(w: CompiledWorkload, kind: K): Array<Extract<CompileDiagnostic, { kind: K }>> {
  return w.diagnostics.filter((d): d is Extract<CompileDiagnostic, { kind: K }> => d.kind === kind);
}

const HTTP_80 = '[{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]';
const TCP_80 = '[{port: {number: 80, name: tcp, protocol: TCP}, hosts: ["*"]}]';
const ROUTE_TO_A = '[{route: [{destination: {host: a}}]}]';

describe('compile diagnostics carry the objects, ports, servers and rules involved', () => {
  test('server-bound-to-address: the server and its bind address', () => {
    const w = workloadOf(DEPLOYMENT + gateway('bound', '[{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"], bind: 10.0.0.1}]'));
    const [d] = ofKind(w, 'server-bound-to-address');
    expect(d).toMatchObject({ bind: '10.0.0.1', server: { gatewayKey: 'istio-system/bound', index: 0, port: 80 } });
    expect(d.message).toBe('server http (HTTP) of Gateway istio-system/bound binds 10.0.0.1, a separate listener that Service traffic never reaches');
  });

  test('privileged-port-skipped: the server and the listener port', () => {
    const w = workloadOf(UNPRIVILEGED + gateway('low', HTTP_80));
    const [d] = ofKind(w, 'privileged-port-skipped');
    expect(d).toMatchObject({ port: 80, server: { gatewayKey: 'istio-system/low', portName: 'http' } });
  });

  test('untranslated-service-port: the server, the Service, both ports, the targetPort and the protocol', () => {
    // istio/istio pilot/pkg/serviceregistry/kube/controller/controller.go GetProxyServiceTargetsByPod keeps one Service
    // port per (targetPort, protocol); pilot/pkg/model/gateway.go resolvePorts then binds the server port as-is.
    const service = `
---
apiVersion: v1
kind: Service
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: http-alt, port: 81, targetPort: 8080}, {name: tcp-x, port: 82, targetPort: 8080}]
`;
    const servers = '[{port: {number: 81, name: alt, protocol: HTTP}, hosts: ["*"]}, {port: {number: 82, name: x, protocol: HTTP}, hosts: ["*"]}]';
    const w = workloadOf(DEPLOYMENT + service + gateway('two', servers));
    expect(ofKind(w, 'untranslated-service-port')).toEqual([expect.objectContaining({
      server: expect.objectContaining({ portName: 'alt' }), service: 'istio-system/gw', servicePort: 81, keptPort: 80, targetPort: 8080, protocol: 'HTTP', reachable: false,
    })]);
    expect(w.listeners.has(81)).toBe(true);
    expect(w.listeners.get(8080)?.chains[0].servers.map((s) => s.portName)).toEqual(['x']);
  });

  test('port-conflict: the dropped server, the winner, the cause and the merge order', () => {
    const w = workloadOf(DEPLOYMENT + gateway('a-http', HTTP_80) + gateway('b-tcp', TCP_80)
      + virtualService('shop', `{hosts: ["*"], gateways: [istio-system/a-http], http: ${ROUTE_TO_A}}`));
    const [d] = ofKind(w, 'port-conflict');
    expect(d).toMatchObject({
      port: 80,
      cause: 'protocol-mismatch',
      mergeOrder: 'name',
      server: { gatewayKey: 'istio-system/b-tcp', protocol: 'TCP' },
      winner: { gatewayKey: 'istio-system/a-http', protocol: 'HTTP' },
    });
    expect(d.message).toBe('server tcp (TCP) of Gateway istio-system/b-tcp dropped: server http (HTTP) of Gateway istio-system/a-http already serves '
      + 'the port and HTTP servers do not share it with TCP on port 80 (Gateways merged by name, then namespace: the manifests carry no creationTimestamp)');
  });

  test('port-conflict: a TLS server after a plaintext one', () => {
    const w = workloadOf(DEPLOYMENT + gateway('a-tcp', TCP_80)
      + gateway('b-tls', '[{port: {number: 80, name: tls, protocol: TLS}, hosts: [a.example.com], tls: {mode: PASSTHROUGH}}]'));
    expect(ofKind(w, 'port-conflict')).toEqual([expect.objectContaining({ cause: 'tls-after-plaintext', server: expect.objectContaining({ protocol: 'TLS' }) })]);
  });

  test('duplicate-tls-host: the dropped server, the port and the host', () => {
    const tls = '[{port: {number: 443, name: https, protocol: HTTPS}, hosts: [shop.example.com], tls: {mode: SIMPLE, credentialName: c}}]';
    const w = workloadOf(DEPLOYMENT + gateway('a', tls) + gateway('b', tls));
    expect(ofKind(w, 'duplicate-tls-host')).toEqual([expect.objectContaining({ port: 443, host: 'shop.example.com', server: expect.objectContaining({ gatewayKey: 'istio-system/b' }) })]);
  });

  test('implied-workload: the Gateways and the namespace', () => {
    const w = workloadOf(gateway('lonely', HTTP_80));
    expect(ofKind(w, 'implied-workload')).toEqual([expect.objectContaining({ gateways: ['istio-system/lonely'], namespace: 'istio-system' })]);
  });

  test('server-without-layer4-rule and no-filter-chain: a TCP server without a tcp rule', () => {
    const w = workloadOf(DEPLOYMENT + gateway('raw', TCP_80));
    expect(ofKind(w, 'server-without-layer4-rule')).toEqual([expect.objectContaining({ section: 'tcp', server: expect.objectContaining({ gatewayKey: 'istio-system/raw' }) })]);
    expect(ofKind(w, 'no-filter-chain')).toEqual([expect.objectContaining({ port: 80 })]);
  });

  test('server-without-layer4-rule: a passthrough server without a tls rule', () => {
    const w = workloadOf(DEPLOYMENT + gateway('pt', '[{port: {number: 443, name: tls, protocol: TLS}, hosts: [a.example.com], tls: {mode: PASSTHROUGH}}]'));
    expect(ofKind(w, 'server-without-layer4-rule')).toEqual([expect.objectContaining({ section: 'tls' })]);
  });

  test('auto-passthrough-without-services: the server and the listener port', () => {
    const w = workloadOf(DEPLOYMENT + gateway('auto', '[{port: {number: 15443, name: tls, protocol: TLS}, hosts: ["*.local"], tls: {mode: AUTO_PASSTHROUGH}}]'));
    expect(ofKind(w, 'auto-passthrough-without-services')).toEqual([expect.objectContaining({
      port: 15443, server: expect.objectContaining({ port: 15443, tlsMode: 'AUTO_PASSTHROUGH' }),
    })]);
  });

  test('overlapping-filter-chains: the port and the two servers', () => {
    const https = '[{port: {number: 443, name: https, protocol: HTTPS}, hosts: ["./*"], tls: {mode: SIMPLE, credentialName: c}}]';
    const w = workloadOf(DEPLOYMENT + gateway('a', https) + gateway('b', https, 'default'));
    const [d] = ofKind(w, 'overlapping-filter-chains');
    expect(d).toMatchObject({ port: 443, serverName: undefined, first: { gatewayKey: 'istio-system/a' }, second: { gatewayKey: 'default/b' } });
    expect(w.listeners.has(443)).toBe(false);
  });

  test('sni-already-claimed: the VirtualService, its tls rule and the SNI', () => {
    const tlsRule = '[{match: [{sniHosts: [a.example.com]}], route: [{destination: {host: a}}]}]';
    const w = workloadOf(DEPLOYMENT + gateway('pt', '[{port: {number: 443, name: tls, protocol: TLS}, hosts: [a.example.com], tls: {mode: PASSTHROUGH}}]')
      + virtualService('first', `{hosts: [a.example.com], gateways: [istio-system/pt], tls: ${tlsRule}}`)
      + virtualService('second', `{hosts: [a.example.com], gateways: [istio-system/pt], tls: ${tlsRule}}`));
    const [d] = ofKind(w, 'sni-already-claimed');
    expect(d).toMatchObject({ ruleIndex: 0, sni: 'a.example.com', virtualService: { key: 'default/second' } });
  });

  test('delegate-unusable: the root, its rule, the delegate and the problem', () => {
    const w = workloadOf(DEPLOYMENT + gateway('web', HTTP_80)
      + virtualService('root', '{hosts: ["*"], gateways: [istio-system/web], http: [{route: [{destination: {host: a}}], match: [{uri: {prefix: /a}}]}, {delegate: {name: gone}}]}'));
    const [d] = ofKind(w, 'delegate-unusable');
    expect(d).toMatchObject({ ruleIndex: 1, delegate: 'default/gone', problem: 'missing', root: { key: 'default/root' } });
    expect(d.message).toBe('VirtualService default/root rule 1 delegates to default/gone, which is not in the manifests: istiod drops this rule');
  });

  test('delegated-rule-uncovered: the delegate rule and the root rule', () => {
    const w = workloadOf(DEPLOYMENT + gateway('web', HTTP_80)
      + virtualService('root', '{hosts: ["*"], gateways: [istio-system/web], http: [{match: [{uri: {prefix: /api}}], delegate: {name: leaf}}]}')
      + virtualService('leaf', '{http: [{match: [{uri: {prefix: /other}}], route: [{destination: {host: a}}]}]}'));
    expect(ofKind(w, 'delegated-rule-uncovered')).toEqual([expect.objectContaining({
      ruleIndex: 0, rootRuleIndex: 0, delegate: expect.objectContaining({ key: 'default/leaf' }), root: expect.objectContaining({ key: 'default/root' }),
    })]);
  });

  test('invalid-regex: the VirtualService, rule, match and route configuration (compiled without the model stage, which refuses it)', () => {
    const w = compileWithoutAdmission(DEPLOYMENT + gateway('web', HTTP_80)
      + virtualService('re', '{hosts: ["*"], gateways: [istio-system/web], http: [{match: [{uri: {prefix: /ok}}, {uri: {regex: "(?=x)"}}], route: [{destination: {host: a}}]}]}'));
    const [d] = ofKind(w, 'invalid-regex');
    expect(d).toMatchObject({ ruleIndex: 0, matchIndex: 1, routeConfiguration: 'http.80', virtualService: { key: 'default/re' } });
    expect(d.error).not.toBe('');
  });

  test('unsupported-redirect-code: the VirtualService, rule, code and route configuration, once per rule', () => {
    const w = workloadOf(DEPLOYMENT + gateway('web', HTTP_80)
      + virtualService('moved', '{hosts: ["*"], gateways: [istio-system/web], http: [{match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}], redirect: {uri: /c, redirectCode: 304}}]}'));
    expect(ofKind(w, 'unsupported-redirect-code')).toEqual([expect.objectContaining({
      ruleIndex: 0, code: 304, routeConfiguration: 'http.80', virtualService: expect.objectContaining({ key: 'default/moved' }),
    })]);
  });

  test('object-refused: the kind, namespace, name and first problem, named in the trace of a request no listener takes', () => {
    const e = engine(DEPLOYMENT + gateway('web', HTTP_80) + gateway('broken', '[{port: {number: "8080", name: http, protocol: HTTP}, hosts: ["*"]}]'));
    const [d] = e._config.refused;
    expect(d).toMatchObject({ kind: 'object-refused', objectKind: 'Gateway', namespace: 'istio-system', name: 'broken', problem: { severity: 'error' } });
    expect(d.problem.path).toContain('spec.servers[0].port.number');
    const decision = e.route({ port: 8080, host: 'a.example.com' });
    expect(decision.action).toBe('no_listener');
    expect(decision.trace).toContain(d.message);
    expect(e.route({ port: 80, host: 'a.example.com' }).trace).not.toContain(d.message);
  });
});

describe('consumers select diagnostics by their fields, not their wording', () => {
  test('a request on one port shows only that port\'s diagnostics, not those of a port whose number starts the same', () => {
    const yaml = DEPLOYMENT + gateway('raw', '[{port: {number: 80, name: tcp, protocol: TCP}, hosts: ["*"]}, {port: {number: 8080, name: tcp-alt, protocol: TCP}, hosts: ["*"]}]');
    const e = engine(yaml);
    const trace = e.route({ port: 80, host: 'a.example.com' }).trace;
    expect(trace).toContain('port 80: no server produced a filter chain, so Envoy has no listener there');
    expect(trace.some((t) => t.includes('8080'))).toBe(false);
    expect(e.route({ port: 8080, host: 'a.example.com' }).trace).toContain('port 8080: no server produced a filter chain, so Envoy has no listener there');
  });

  test('decide prints the message of the diagnostic it selects by port, whatever that message says', () => {
    const e = engine(DEPLOYMENT + gateway('raw', TCP_80));
    const [workload] = e._config.workloads;
    const index = workload.diagnostics.findIndex((d) => d.kind === 'no-filter-chain');
    workload.diagnostics[index] = { ...workload.diagnostics[index], message: 'reworded' };
    expect(e.route({ port: 80, host: 'a.example.com' }).trace).toContain('reworded');
  });

  test('the dropped server on a listener is traced by port and kind', () => {
    const e = engine(DEPLOYMENT + gateway('a-http', HTTP_80) + gateway('b-tcp', TCP_80)
      + virtualService('shop', `{hosts: ["*"], gateways: [istio-system/a-http], http: ${ROUTE_TO_A}}`));
    const [workload] = e._config.workloads;
    const index = workload.diagnostics.findIndex((d) => d.kind === 'port-conflict');
    workload.diagnostics[index] = { ...workload.diagnostics[index], message: 'dropped, reworded' };
    expect(e.route({ port: 80, host: 'shop.example.com' }).trace).toContain('dropped, reworded');
  });

  test('a virtual host\'s trace shows the delegation diagnostics of its own root VirtualServices only', () => {
    const e = engine(DEPLOYMENT + gateway('web', '[{port: {number: 80, name: http, protocol: HTTP}, hosts: [a.example.com, b.example.com]}]')
      + virtualService('delegate-a', '{hosts: [a.example.com], gateways: [istio-system/web], http: [{match: [{uri: {prefix: /x}}], route: [{destination: {host: a}}]}, {delegate: {name: gone}}]}')
      + virtualService('b', `{hosts: [b.example.com], gateways: [istio-system/web], http: ${ROUTE_TO_A}}`));
    const note = 'VirtualService default/delegate-a rule 1 delegates to default/gone, which is not in the manifests: istiod drops this rule';
    expect(e.route({ port: 80, host: 'a.example.com', path: '/x' }).trace).toContain(note);
    expect(e.route({ port: 80, host: 'b.example.com', path: '/x' }).trace).not.toContain(note);
  });

  test('a request no virtual host takes names the refused VirtualServices', () => {
    const e = engine(DEPLOYMENT + gateway('web', HTTP_80)
      + virtualService('shop', `{hosts: [a.example.com], gateways: [istio-system/web], http: ${ROUTE_TO_A}}`)
      + virtualService('broken', '{hosts: [b.example.com], gateways: [istio-system/web], http: [{route: [{destination: {host: a, port: {number: "80"}}}]}]}'));
    const [refused] = e._config.refused;
    expect(refused).toMatchObject({ objectKind: 'VirtualService', name: 'broken' });
    const decision = e.route({ port: 80, host: 'b.example.com' });
    expect(decision.reason).toBe('no_virtual_host');
    expect(decision.trace).toContain(refused.message);
  });
});
