import { FindingReference } from '../../src';
import { referenceNotFound } from '../../src/analyze/reference-message';

describe('IST0101 message wording', () => {
  test.each<[FindingReference, string]>([
    [{ variant: 'gateway', written: 'istio-system/missing', kind: 'Gateway', namespace: 'istio-system', name: 'missing' }, 'Referenced gateway not found: "istio-system/missing"'],
    [{ variant: 'host:port', written: 'counter:8080', kind: 'Service', name: 'counter.apps.svc.cluster.local', port: 8080 }, 'Referenced host:port not found: "counter:8080"'],
    [{ variant: 'host+subset in destinationrule', written: 'reviews+v3', kind: 'DestinationRule', name: 'reviews.apps.svc.cluster.local', subset: 'v3' },
      'Referenced host+subset in destinationrule not found: "reviews+v3"'],
    [{ variant: 'mirror host', written: 'shadow', kind: 'Service', name: 'shadow.apps.svc.cluster.local' }, 'Referenced mirror host not found: "shadow"'],
  ])('the %s variant is worded as istioctl words it, quoting the reference as written', (reference, message) => {
    expect(referenceNotFound(reference)).toBe(message);
  });
});
