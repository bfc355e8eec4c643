/**
 * The differential check's own machinery, without Go: the engine's own config dump of a manifest set stands in for
 * istiod's, so a check of the same manifests must agree, and one against a changed dump must not.
 */
import * as fc from 'fast-check';
import { fixedManifests, gatewayConfig, Manifest } from './config-arbitrary';
import { check, withGatewayPod } from './differential';
import { OracleResult } from './oracle-process';
import { gatewayRequest } from './request-arbitrary';
import { TrafficEngine } from '../../src/engine/traffic-engine';

const GATEWAY: Manifest = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'public', namespace: 'istio-system' },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
};
const ROUTE: Manifest = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'shop', namespace: 'default' },
  spec: {
    hosts: ['shop.example.com'],
    gateways: ['istio-system/public'],
    http: [{ match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'shop', port: { number: 80 } } }] }],
  },
};

/** An oracle result whose dump is the engine's own dump of `manifests`. */
function ownDump(manifests: readonly Manifest[]): OracleResult {
  return { id: 'own', configDump: JSON.parse(JSON.stringify(TrafficEngine.fromManifests(manifests).configDump())), analysis: [], error: null };
}

const REQUESTS = [{ port: 80, host: 'shop.example.com', path: '/api/v1' }, { port: 80, host: 'shop.example.com', path: '/' }];

describe('the differential check', () => {
  const manifests = [...fixedManifests(), GATEWAY, ROUTE];

  test('agrees with the engine\'s own dump of the same manifests', () => {
    expect(check(manifests, REQUESTS, ownDump(manifests))).toMatchObject({ kind: 'checked', decisions: [], requests: 2 });
  });

  test('reports a request decided differently, with both answers', () => {
    const dump = ownDump(manifests);
    const text = JSON.stringify(dump.configDump).replace(/"prefix":"\/api"/g, '"prefix":"/other"');
    const outcome = check(manifests, REQUESTS, { ...dump, configDump: JSON.parse(text) });
    expect(outcome).toMatchObject({
      kind: 'checked',
      decisions: [{ request: REQUESTS[0], ours: { action: 'route', route: 'shop.example.com:80 #0' }, istiod: { action: 'no_route', status: 404 } }],
    });
  });

  test('counts a configuration istiod refuses, and one whose dump cannot be read', () => {
    expect(check(manifests, REQUESTS, { id: 'x', configDump: null, analysis: null, error: 'invalid' })).toEqual({ kind: 'refused', error: 'invalid' });
    expect(check(manifests, REQUESTS, { id: 'x', configDump: {}, analysis: null, error: null })).toMatchObject({ kind: 'unreadable' });
  });

  test('does not compare requests to ports the gateway Service lacks', () => {
    expect(check(manifests, [{ port: 9999, host: 'shop.example.com' }], ownDump(manifests))).toMatchObject({ kind: 'checked', requests: 0 });
  });

  test('random configurations agree with their own dumps', () => {
    fc.assert(fc.property(gatewayConfig(), fc.array(gatewayRequest(), { minLength: 10, maxLength: 10 }), (config, requests) => {
      const all = withGatewayPod(config.manifests);
      const outcome = check(all, requests, ownDump(all));
      return outcome.kind === 'checked' && outcome.decisions.length === 0;
    }), { seed: 1, numRuns: 40 });
  });
});
