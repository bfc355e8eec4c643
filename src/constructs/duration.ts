import { Duration } from 'cdk8s';

/** A Duration as Istio writes it: seconds with an `s` suffix (`5s`, `0.25s`). */
export function toIstioDuration(duration: Duration): string {
  return `${duration.toMilliseconds() / 1000}s`;
}
