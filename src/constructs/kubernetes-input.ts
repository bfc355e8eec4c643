/**
 * Checks of workload inputs against Kubernetes syntax (labels, annotations, resource quantities, int-or-percent values,
 * CIDRs), for the props of the constructs that render core objects. Like input-check.ts, each check narrows the value
 * or throws a one-line {@link ConfigError} naming the construct path and the field.
 */
import { IConstruct } from 'constructs';
import { ConfigError } from './errors';
import { checkOptionalString, checkOptionalStringMap, checkOptionalStrings, describeInput } from './input-check';
import { intOrPercentProblem } from '../istio/int-or-percent';
import { isAnnotationKey, isKubernetesLabelKey, isKubernetesLabelValue } from '../istio/kubernetes-labels';
import { isCidr } from '../istio/names';
import { resourceQuantityProblem } from '../istio/quantity';

/** A label map (pod labels, selectors) or undefined: strings only, each `key: value` a Kubernetes label. */
export function checkOptionalLabels(scope: IConstruct, field: string, value: unknown): Record<string, string> | undefined {
  const labels = checkOptionalStringMap(scope, field, value, 'give labels as strings, e.g. { istio: \'ingressgateway\' }');
  for (const [key, label] of Object.entries(labels ?? {})) {
    if (!isKubernetesLabelKey(key) || !isKubernetesLabelValue(label)) {
      throw new ConfigError(scope, field, `'${key}: ${label}' is not a valid label`, 'use Kubernetes label syntax (e.g. istio: ingressgateway)');
    }
  }
  return labels;
}

/** An annotation map or undefined: strings only, keys qualified names such as `service.beta.kubernetes.io/aws-load-balancer-type`. */
export function checkOptionalAnnotations(scope: IConstruct, field: string, value: unknown): Record<string, string> | undefined {
  const annotations = checkOptionalStringMap(scope, field, value, 'give annotation values as strings, e.g. { \'prometheus.io/scrape\': \'false\' }');
  for (const key of Object.keys(annotations ?? {})) {
    if (!isAnnotationKey(key)) {
      throw new ConfigError(scope, field, `'${key}' is not a valid annotation key`, 'use [prefix/]name: a DNS prefix and a name of letters, digits, \'-\', \'_\' and \'.\' (at most 63 characters)');
    }
  }
  return annotations;
}

/** A resource quantity (`100m`, `128Mi`) or undefined. */
export function checkOptionalQuantity(scope: IConstruct, field: string, value: unknown, example: string): string | undefined {
  const fix = `write a Kubernetes quantity such as ${example}`;
  const quantity = checkOptionalString(scope, field, value, fix);
  const problem = quantity === undefined ? undefined : resourceQuantityProblem(quantity);
  if (problem !== undefined) {
    throw new ConfigError(scope, field, problem, `${fix} (a number and a suffix, no space)`);
  }
  return quantity;
}

/** A whole number of 0 or more or a percentage from `0%` to `100%`, or undefined. */
export function checkOptionalIntOrPercent(scope: IConstruct, field: string, value: unknown): number | string | undefined {
  const fix = 'use a whole number of 0 or more, or a percentage from \'0%\' to \'100%\' such as \'50%\'';
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new ConfigError(scope, field, `is ${describeInput(value)}, not a number or a percentage`, fix);
  }
  const problem = intOrPercentProblem(value);
  if (problem !== undefined) {
    throw new ConfigError(scope, field, problem, fix);
  }
  return value;
}

/** A list of CIDR blocks or undefined. */
export function checkOptionalCidrs(scope: IConstruct, field: string, value: unknown): string[] | undefined {
  const fix = 'write CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32';
  const cidrs = checkOptionalStrings(scope, field, value, fix);
  for (const [i, cidr] of (cidrs ?? []).entries()) {
    if (!isCidr(cidr)) {
      throw new ConfigError(scope, `${field}[${i}]`, `'${cidr}' is not an IPv4 or IPv6 CIDR block`, fix);
    }
  }
  return cidrs;
}
