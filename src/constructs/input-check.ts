/**
 * Checks of the values user code passes to the constructs, for callers the types do not protect: plain JavaScript,
 * values read from YAML or JSON, `as any`. Each check either returns the value with its type narrowed or throws the
 * same one-line {@link ConfigError} (`[construct path] field: problem; fix`) a type error would have prevented, so no
 * construct fails later with a raw `TypeError` and no construct path.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ConfigError } from './errors';
import { describeValue } from '../engine/request-check';

/** What a value is, for a message: `null`, `undefined`, `'text'`, `number 5`, `a list`, `a mapping`, `a function`. */
export function describeInput(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  return describeValue(value);
}

/** A plain object (a mapping): not null, not a list. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The props object of a construct or method: `undefined` becomes `{}` when the props are optional; `null` and
 * anything but a mapping are refused.
 *
 * @param example - how a valid value looks, for the fix, e.g. `{ port: 443, protocol: Protocol.HTTPS }`.
 */
export function checkProps<T extends object>(scope: IConstruct, field: string, value: T | undefined | null, example: string, optional = false): T {
  if (value === undefined && optional) {
    return {} as T;
  }
  if (!isPlainObject(value)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a mapping of properties`, `pass ${example}`);
  }
  return value;
}

/** A required string. */
export function checkString(scope: IConstruct, field: string, value: unknown, fix: string): string {
  if (typeof value !== 'string') {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a string`, fix);
  }
  return value;
}

/** A string or undefined. */
export function checkOptionalString(scope: IConstruct, field: string, value: unknown, fix: string): string | undefined {
  return value === undefined ? undefined : checkString(scope, field, value, fix);
}

/** A required number, optionally whole and within `[min, max]`. */
export function checkNumber(scope: IConstruct, field: string, value: unknown, fix: string,
  range: { readonly integer?: boolean; readonly min?: number; readonly max?: number } = {}): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a number`, fix);
  }
  if (range.integer && !Number.isInteger(value)) {
    throw new ConfigError(scope, field, `${value} is not a whole number`, fix);
  }
  if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) {
    throw new ConfigError(scope, field, `${value} is out of range`, fix);
  }
  return value;
}

/** A number or undefined. */
export function checkOptionalNumber(scope: IConstruct, field: string, value: unknown, fix: string,
  range: { readonly integer?: boolean; readonly min?: number; readonly max?: number } = {}): number | undefined {
  return value === undefined ? undefined : checkNumber(scope, field, value, fix, range);
}

/** A boolean or undefined. */
export function checkOptionalBoolean(scope: IConstruct, field: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not true or false`, 'use true or false, or leave it out');
  }
  return value;
}

/**
 * A list (a string is refused: `hosts: 'a.example.com'` is the classic mistake); each element is checked by `element`,
 * which gets the element's field (`hosts[2]`), after `null` and `undefined` elements are refused.
 */
export function checkArray<T>(scope: IConstruct, field: string, value: unknown, fix: string,
  element: (item: unknown, field: string) => T): T[] {
  if (!Array.isArray(value)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a list`, fix);
  }
  return value.map((item, i) => {
    if (item === null || item === undefined) {
      throw new ConfigError(scope, `${field}[${i}]`, `is ${describeInput(item)}`, `remove it, or ${fix}`);
    }
    return element(item, `${field}[${i}]`);
  });
}

/** A list or undefined; see {@link checkArray}. */
export function checkOptionalArray<T>(scope: IConstruct, field: string, value: unknown, fix: string,
  element: (item: unknown, field: string) => T): T[] | undefined {
  return value === undefined ? undefined : checkArray(scope, field, value, fix, element);
}

/** A list of strings or undefined. */
export function checkOptionalStrings(scope: IConstruct, field: string, value: unknown, fix: string): string[] | undefined {
  return checkOptionalArray(scope, field, value, fix, (item, itemField) => checkString(scope, itemField, item, fix));
}

/** A mapping of strings to strings (labels, annotations, header values) or undefined. */
export function checkOptionalStringMap(scope: IConstruct, field: string, value: unknown, fix: string): Record<string, string> | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isPlainObject(value)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a mapping`, fix);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new ConfigError(scope, `${field}['${key}']`, `is ${describeInput(item)}, not a string`, fix);
    }
  }
  return value as Record<string, string>;
}

/** A mapping (an options object nested in props) or undefined. */
export function checkOptionalObject<T extends object>(scope: IConstruct, field: string, value: T | undefined | null, example: string): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isPlainObject(value)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a mapping`, `pass ${example}, or leave it out`);
  }
  return value;
}

/**
 * An instance of one of our (or cdk8s's) classes, made by its factory methods, e.g. a `StringMatch` from
 * `StringMatch.exact('GET')`; a plain string or object in its place is refused with that example.
 *
 * @param type - the class.
 * @param example - how to make one, e.g. `StringMatch.exact('GET')`.
 */
export function checkInstance<T>(scope: IConstruct, field: string, value: unknown,
  type: abstract new (...args: never[]) => T, example: string): T {
  if (!(value instanceof type)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a ${type.name}`, `use ${example}`);
  }
  return value;
}

/**
 * A cdk8s `Duration` Istio can carry: positive (or zero when `allowZero`) and a whole number of milliseconds (Istio's
 * durations have millisecond precision). A number or a string in its place is refused: `timeout: '5'` tells the user
 * to write `Duration.seconds(5)`.
 */
export function checkDuration(scope: IConstruct, field: string, value: unknown, allowZero = false): Duration {
  const fix = 'use a cdk8s Duration, e.g. Duration.seconds(5) or Duration.millis(250)';
  if (!isDuration(value)) {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a Duration`, fix);
  }
  const ms = value.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !allowZero)) {
    throw new ConfigError(scope, field, `${ms} ms is not a ${allowZero ? 'non-negative' : 'positive'} duration`, fix);
  }
  if (!Number.isInteger(ms)) {
    throw new ConfigError(scope, field, `${ms} ms is not a whole number of milliseconds, which Istio durations are`, 'round it to whole milliseconds, e.g. Duration.millis(1)');
  }
  return value;
}

/** A Duration or undefined; see {@link checkDuration}. */
export function checkOptionalDuration(scope: IConstruct, field: string, value: unknown, allowZero = false): Duration | undefined {
  return value === undefined ? undefined : checkDuration(scope, field, value, allowZero);
}

/**
 * A cdk8s Duration, recognized by its methods rather than `instanceof`: the user's app may load its own copy of cdk8s
 * (a different version in its node_modules), whose Duration class is not ours.
 */
function isDuration(value: unknown): value is Duration {
  return typeof value === 'object' && value !== null && typeof (value as Duration).toMilliseconds === 'function'
    && typeof (value as Duration).toSeconds === 'function';
}
