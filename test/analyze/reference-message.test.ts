import { parseReferenceNotFound, referenceNotFound } from '../../src/analyze/reference-message';

describe('IST0101 message wording', () => {
  test.each([
    ['gateway', 'istio-system/missing'],
    ['host:port', 'counter:8080'],
    ['host+subset in destinationrule', 'reviews+v3'],
    ['mirror host', 'shadow'],
  ] as const)('the %s variant reads back from its message', (variant, reference) => {
    expect(parseReferenceNotFound(`${referenceNotFound(variant, reference)}; more text`)).toEqual({ variant, reference });
  });

  test('other messages have no reference', () => {
    expect(parseReferenceNotFound('Referenced things are fine')).toBeUndefined();
  });
});
