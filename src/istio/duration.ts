/**
 * Durations in Istio objects (`timeout`, `retries.perTryTimeout`, `fault.delay.fixedDelay`, `corsPolicy.maxAge`, ...):
 * istiod reads them with Go's duration syntax (`1.5s`, `250ms`, `1h30m`, `0`), and its webhook refuses any duration
 * shorter than 1 ms or not a whole number of milliseconds (the CRDs carry the same lower bound).
 */
import { cachedVerdicts } from './verdict-cache';

/** Nanoseconds per unit of a Go duration. */
const UNIT_NANOS: ReadonlyMap<string, number> = new Map([
  ['ns', 1], ['us', 1e3], ['\u00b5s', 1e3], ['\u03bcs', 1e3], ['ms', 1e6], ['s', 1e9], ['m', 60e9], ['h', 3600e9],
]);

/** The largest duration Go represents (2^63 - 1 ns), as a number. */
const MAX_NANOS = 2 ** 63;

const NANOS_PER_MILLI = 1e6;
const NANOS_PER_SECOND = 1e9;

/** One number and its unit, e.g. `1.5` and `h`. */
const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]*)/;

/**
 * The nanoseconds a Go duration string stands for (`1m30s` is 90e9), or undefined when it is not one: an optional sign,
 * then one or more decimal numbers each followed by a unit (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`); `0` alone is
 * allowed. Results beyond 2^53 ns (about 104 days) are approximate.
 */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') {
    return 0;
  }
  if (rest === '') {
    return undefined;
  }
  let total = 0;
  while (rest !== '') {
    const [whole, integer, fraction = '', unitName] = COMPONENT.exec(rest)!;
    const unit = UNIT_NANOS.get(unitName);
    if ((integer === '' && fraction === '') || unit === undefined) {
      return undefined;
    }
    rest = rest.slice(whole.length);
    total += Number(integer || '0') * unit + (fraction === '' ? 0 : Math.trunc(Number(`0.${fraction}`) * unit));
    if (total > MAX_NANOS) {
      return undefined;
    }
  }
  return sign * total;
}

/**
 * Why istiod refuses `text` as a duration (its `ValidateDuration`), or undefined when it accepts it: not a duration,
 * shorter than 1 ms, or not a whole number of milliseconds.
 */
export const durationProblem: (text: string) => string | undefined = cachedVerdicts(checkDuration);

function checkDuration(text: string): string | undefined {
  const nanos = parseGoDuration(text);
  if (nanos === undefined) {
    return `'${text}' is not a duration (write a number and a unit, e.g. 500ms, 5s or 1m30s)`;
  }
  if (nanos < NANOS_PER_MILLI) {
    return `duration '${text}' is shorter than 1ms`;
  }
  if (nanos % NANOS_PER_MILLI !== 0) {
    return `duration '${text}' is not a whole number of milliseconds`;
  }
  return undefined;
}

/** True when a valid duration is a whole number of seconds (what `corsPolicy.maxAge` requires). */
export function isWholeSeconds(text: string): boolean {
  const nanos = parseGoDuration(text);
  return nanos !== undefined && nanos % NANOS_PER_SECOND === 0;
}
