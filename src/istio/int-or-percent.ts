/**
 * Kubernetes "int or percent" fields (`IntOrString` such as a PodDisruptionBudget's `minAvailable` and
 * `maxUnavailable`), as the API server validates them (k8s.io/kubernetes `pkg/apis/apps/validation`
 * `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent`): a whole number of 0 or more, or a string of digits
 * ending in `%` from `0%` to `100%`. A plain numeric string (`'2'`) is refused.
 */

const PERCENT = /^(\d+)%$/;

/** Why `value` is not a non-negative int or a percentage from 0% to 100%, or undefined when it is one. */
export function intOrPercentProblem(value: number | string): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? undefined : `${value} is not a whole number of 0 or more`;
  }
  const match = PERCENT.exec(value);
  if (match === null) {
    return `'${value}' is neither a whole number nor a percentage`;
  }
  return Number(match[1]) <= 100 ? undefined : `'${value}' is more than 100%`;
}

/**
 * How many of `total` pods an int-or-percent value stands for, rounded up as the disruption controller rounds
 * (`intstr.GetScaledValueFromIntOrPercent` with `roundUp`). `value` must have passed {@link intOrPercentProblem}.
 */
export function scaledIntOrPercent(value: number | string, total: number): number {
  if (typeof value === 'number') {
    return value;
  }
  return Math.ceil((Number(value.slice(0, -1)) * total) / 100);
}
