/**
 * The gateway's random source (mulberry32 for a seed, Math.random without one) and the weighted pick Envoy makes among
 * weighted clusters (envoyproxy/envoy `source/common/router/weighted_cluster_specifier.cc` `pickWeightedCluster`).
 */
import { createRandom, pickWeighted, RandomSource } from '../../src/proxy/random-source';

/** A source that returns the given numbers in turn. */
function scripted(...values: number[]): RandomSource {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('createRandom', () => {
  test('a seed gives the published mulberry32 sequence', () => {
    const random = createRandom(1);
    expect([random(), random(), random()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  test('the same seed repeats the same numbers, another seed gives others', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  test('every number is in [0, 1)', () => {
    const random = createRandom(7);
    const values = Array.from({ length: 10_000 }, () => random());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  test('without a seed, Math.random', () => {
    expect(createRandom()).toBe(Math.random);
  });
});

describe('pickWeighted', () => {
  test('a seeded pick over many draws lands near the weights, and repeats for the seed', () => {
    const weights = [70, 20, 10];
    const draws = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 100_000 }, () => pickWeighted(weights, random));
    };
    const picks = draws(2024);
    const shares = weights.map((_, i) => picks.filter((p) => p === i).length / picks.length);
    shares.forEach((share, i) => expect(Math.abs(share - weights[i] / 100)).toBeLessThan(0.01));
    expect(draws(2024)).toEqual(picks);
  });

  test('the draw falls into cumulative ranges, in order', () => {
    expect(pickWeighted([50, 50], scripted(0))).toBe(0);
    expect(pickWeighted([50, 50], scripted(0.4999))).toBe(0);
    expect(pickWeighted([50, 50], scripted(0.5))).toBe(1);
    expect(pickWeighted([33.33, 33.33, 33.34], scripted(0.9999999))).toBe(2);
  });

  test('a weight of 0 is never picked', () => {
    expect(pickWeighted([0, 100, 0], scripted(0))).toBe(1);
    expect(pickWeighted([0, 100, 0], scripted(0.99999))).toBe(1);
    expect(pickWeighted([100, 0], scripted(0.99999))).toBe(0);
  });

  test('a draw at the very end of the last range picks the last entry', () => {
    expect(pickWeighted([0.1, 0.2], scripted(1 - Number.EPSILON))).toBe(1);
  });

  test('no positive weight is an error, as Envoy refuses such a route', () => {
    expect(() => pickWeighted([0, 0], scripted(0))).toThrow('no positive weight');
    expect(() => pickWeighted([], scripted(0))).toThrow(RangeError);
  });
});
