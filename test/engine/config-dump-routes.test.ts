/**
 * The route table of a gateway's Envoy config dump: the rows of the dump istiod generated for a set of manifests are
 * the rows of those manifests, but for what a dump does not hold (the workload is the dump, no rule index, no
 * VirtualService on a TCP proxy's chain, which istiod writes without metadata).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { RequestError, RouteRow, TrafficEngine } from '../../src';

const ORACLE_TESTDATA = path.join(__dirname, '..', '..', 'tools', 'istio-oracle', 'testdata');

function readDump(file: string, origin: string): TrafficEngine {
  return TrafficEngine.fromConfigDump(JSON.parse(fs.readFileSync(file, 'utf8')), origin);
}

/** A row of the manifests as the dump `origin` lists it. */
function asDumpRow(row: RouteRow, origin: string): RouteRow {
  const layer4 = row.name === 'tcp' || row.name === 'tls';
  return { ...row, workload: origin, rule: null, virtualService: layer4 ? null : row.virtualService };
}

describe.each(['standard', 'rich'])("the dump istiod generated for the oracle's %s manifests", (name) => {
  const manifests = TrafficEngine.fromFiles([path.join(ORACLE_TESTDATA, `${name}.yaml`)]);
  const dumped = readDump(path.join(ORACLE_TESTDATA, `${name}.json`), `${name}.json`);

  test("lists the manifests' routes: listener, route configuration, virtual host, domains, match, VirtualService, action", () => {
    const rows = dumped.routes();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(manifests.routes().map((r) => asDumpRow(r, `${name}.json`)));
  });

  test('every workload and the one the dump names are the same rows', () => {
    expect(dumped.routes(undefined)).toEqual(dumped.routes());
  });
});

describe.each(Object.keys(EXAMPLES))("the engine's own dump of example %s", (name) => {
  test('lists the rows of the manifests', () => {
    const app = Testing.app();
    EXAMPLES[name](app);
    const engine = TrafficEngine.fromChart(app);
    const dumped = TrafficEngine.fromConfigDump(JSON.parse(JSON.stringify(engine.configDump())), 'dump.json');
    expect(dumped.routes()).toEqual(engine.routes().map((r) => asDumpRow(r, 'dump.json')));
  });
});

describe('the route table of a dump as the admin endpoint prints it', () => {
  const engine = readDump(path.join(__dirname, 'fixtures', 'gateway-config-dump.json'), 'gateway-config-dump.json');
  const POD = 'istio-system/istio-ingressgateway-5d8b9c7f4-x2x9q';
  const rows = engine.routes();
  const cells = (r: RouteRow) => [r.listenerPort, r.name, r.virtualHost, r.match, r.virtualService, r.action];

  test('one row per route, in listener order, the VirtualService from the route metadata, no rule', () => {
    expect(rows.every((r) => r.workload === POD && r.rule === null && r.delegatedFrom === undefined)).toBe(true);
    expect(rows.map(cells)).toEqual([
      [3306, 'tcp', '*', '*', null, 'outbound|3306||mysql.default.svc.cluster.local'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/api*', 'counter.default',
        'outbound|80|v1|counter.default.svc.cluster.local 90, outbound|80|v2|counter.default.svc.cluster.local 10'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/docs*', 'counter.default', 'outbound|8080||docs.default.svc.cluster.local'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/beta* header x-canary exact yes without header x-debug present', 'counter.default',
        'outbound|80|v2|counter.default.svc.cluster.local'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/old*', 'counter.default', 'redirect 302'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/ping', 'counter.default', 'direct response 200'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/broken*', 'counter.default', 'outbound|80||counter.default.svc.cluster.local'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/v1/*', 'counter.default', 'outbound|80||counter.default.svc.cluster.local'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/* without header x-team exact ops', 'counter.default',
        'outbound|80|v1|counter.default.svc.cluster.local'],
      [8080, 'http.8080', 'counter.lab.example.com:80', '/*', 'counter.default', 'outbound|80||counter.default.svc.cluster.local'],
      [8080, 'http.8080', 'secure.lab.example.com:80', '*', null, '301 https redirect'],
      [8443, 'https.443.https.default-gateway.istio-system', 'counter.lab.example.com:443', '/*', 'counter.default',
        'outbound|80||counter.default.svc.cluster.local'],
      [8443, 'tls', 'db.lab.example.com', '*', null, 'outbound|5432||db.default.svc.cluster.local'],
    ]);
  });

  test('domains are the virtual host domains, and the SNI names of a TLS chain', () => {
    expect(rows.find((r) => r.name === 'tls')?.domains).toEqual(['db.lab.example.com']);
    expect(rows.find((r) => r.virtualHost === 'secure.lab.example.com:80')?.domains).toEqual(['secure.lab.example.com']);
  });

  test('--gateway names the pod of the bootstrap; another name is an error that names it', () => {
    expect(engine.routes(POD)).toEqual(rows);
    expect(() => engine.routes('istio-system/istio-ingressgateway')).toThrow(RequestError);
    expect(() => engine.routes('istio-system/istio-ingressgateway')).toThrow(POD);
  });

  test('the engine says where its dump came from; an engine of manifests has none', () => {
    expect(engine.configDumpOrigin).toBe('gateway-config-dump.json');
    expect(TrafficEngine.fromManifests([]).configDumpOrigin).toBeUndefined();
  });
});
