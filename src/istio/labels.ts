/**
 * Label maps in Istio objects (DestinationRule subset `labels`, match `sourceLabels`, `workloadSelector.matchLabels`),
 * as istiod checks them (istio/istio `pkg/config/labels/instance.go` `Instance.Validate`, and
 * `pkg/config/validation/validation.go` `validateWorkloadSelector`). Istio allows letters of either case in the DNS
 * prefix of a key and puts no length limit on values.
 */

/** `[prefix/]name`: a DNS-style prefix (dot-separated labels) and a name of alphanumerics, `-`, `_` and `.`. */
const KEY = /^(?:([a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*)\/)?((?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/;

/** Empty, or alphanumerics, `-`, `_` and `.`, starting and ending with an alphanumeric. */
const VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const MAX_PREFIX_LENGTH = 253;
const MAX_NAME_LENGTH = 63;

/** Why `key` cannot be a label key, or undefined when it can. */
export function labelKeyProblem(key: string): string | undefined {
  const match = KEY.exec(key);
  if (match === null) {
    return `'${key}' is not a valid label key ([prefix/]name: letters, digits, -, _ and ., starting and ending with a letter or digit)`;
  }
  if ((match[1] ?? '').length > MAX_PREFIX_LENGTH) {
    return `label key '${key}' has a prefix longer than ${MAX_PREFIX_LENGTH} characters`;
  }
  if (match[2].length > MAX_NAME_LENGTH) {
    return `label key '${key}' has a name longer than ${MAX_NAME_LENGTH} characters`;
  }
  return undefined;
}

/** Why `value` cannot be a label value, or undefined when it can. */
export function labelValueProblem(value: string): string | undefined {
  return VALUE.test(value) ? undefined : `'${value}' is not a valid label value (letters, digits, -, _ and ., starting and ending with a letter or digit)`;
}

/** One problem of a label map: the key it concerns and why. */
export interface LabelProblem {
  /** The label key. */
  readonly key: string;
  /** Why the key or its value is refused. */
  readonly problem: string;
}

/** The problems of a label map (keys, then values, in key order). */
export function labelProblems(labels: Readonly<Record<string, string>>): LabelProblem[] {
  const problems: LabelProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push({ key, problem: keyProblem });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push({ key, problem: valueProblem });
  }
  return problems;
}

/**
 * The problems of a `workloadSelector.matchLabels` map: empty keys and `*` in keys or values are refused (a selector
 * matches labels literally).
 */
export function selectorLabelProblems(matchLabels: Readonly<Record<string, string>>): LabelProblem[] {
  const problems: LabelProblem[] = [];
  for (const [key, value] of Object.entries(matchLabels)) {
    if (key === '') {
      problems.push({ key, problem: 'an empty label key cannot select workloads' });
    }
    if (key.includes('*') || value.includes('*')) {
      problems.push({ key, problem: `'${key}=${value}' has a wildcard, which a selector does not support` });
    }
  }
  return problems;
}
