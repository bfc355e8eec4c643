/**
 * Where the gateway's random choices come from (weighted destinations, fault percentages, retry back-off): a source of
 * numbers in [0, 1), seedable so that a test or a replay sees the same choices again.
 */

/** A source of uniformly distributed numbers in [0, 1). */
export type RandomSource = () => number;

/** 2^32, to turn a 32-bit integer into a number in [0, 1). */
const TWO_TO_32 = 4294967296;

/** The increment of each mulberry32 step (a Weyl sequence constant). */
const MULBERRY_INCREMENT = 0x6d2b79f5;

/**
 * A random source: with a seed, the mulberry32 generator (a 32-bit state advanced by a Weyl sequence and scrambled by
 * two multiply-xorshift rounds), which yields the same numbers for the same seed; without one, `Math.random`.
 *
 * @param seed - any number; only its lowest 32 bits (after truncation) are used.
 */
export function createRandom(seed?: number): RandomSource {
  if (seed === undefined) {
    return Math.random;
  }
  /* eslint-disable no-bitwise -- mulberry32 is defined on 32-bit integers */
  let state = Math.trunc(seed) | 0;
  return () => {
    state = (state + MULBERRY_INCREMENT) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / TWO_TO_32;
  };
  /* eslint-enable no-bitwise */
}

/**
 * The index of the entry chosen with probability proportional to its weight, the way Envoy picks a weighted cluster
 * (envoyproxy/envoy `source/common/router/weighted_cluster_specifier.cc` `pickWeightedCluster`: a random value below
 * the total weight, and the entry whose cumulative range holds it). Entries of weight 0 (or less) are never chosen.
 *
 * @param weights - the weights, e.g. the engine's destination percentages, which sum to 100.
 * @throws RangeError when no weight is positive (Envoy refuses such a route).
 */
export function pickWeighted(weights: readonly number[], random: RandomSource): number {
  let total = 0;
  for (const weight of weights) {
    if (weight > 0) {
      total += weight;
    }
  }
  if (!(total > 0)) {
    throw new RangeError(`no positive weight to choose from: [${weights.join(', ')}]`);
  }
  const target = random() * total;
  let end = 0;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] > 0) {
      end += weights[i];
      last = i;
      if (target < end) {
        return i;
      }
    }
  }
  // Rounding can leave the target at the very end of the last range.
  return last;
}
