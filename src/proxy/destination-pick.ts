/**
 * Which destination of a route takes a request or connection: by weight, with the gateway's random source.
 */
import { pickWeighted, RandomSource } from './random-source';
import { DecisionDestination } from '../engine/decision';

/** The index of the destination picked, or undefined when the route has none (every weight was 0). */
export function pickDestination(destinations: readonly DecisionDestination[], random: RandomSource): number | undefined {
  if (destinations.length <= 1) {
    return destinations.length === 0 ? undefined : 0;
  }
  return pickWeighted(destinations.map((d) => d.weight), random);
}
