/**
 * Kubernetes resource quantities (`100m`, `128Mi`, `1.5`, `2e3`), as the API server parses them
 * (k8s.io/apimachinery `pkg/api/resource/quantity.go` `ParseQuantity`): a signed decimal number followed by a
 * binary-SI suffix (`Ki` .. `Ei`), a decimal-SI suffix (`n`, `u`, `m`, none, `k`, `M`, `G`, `T`, `P`, `E`) or a
 * decimal exponent (`e3`, `E-2`). No spaces, no `B`.
 */

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX_FACTORS: ReadonlyMap<string, number> = new Map([
  ['Ki', 2 ** 10], ['Mi', 2 ** 20], ['Gi', 2 ** 30], ['Ti', 2 ** 40], ['Pi', 2 ** 50], ['Ei', 2 ** 60],
  ['n', 1e-9], ['u', 1e-6], ['m', 1e-3], ['k', 1e3], ['M', 1e6], ['G', 1e9], ['T', 1e12], ['P', 1e15], ['E', 1e18],
]);

/** The value of a resource quantity as a number (`'100m'` is 0.1, `'1Ki'` is 1024), or undefined when it is not one. */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  if (match === null) {
    return undefined;
  }
  const [, number, suffix = ''] = match;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS.get(suffix) ?? 1;
  return Number(number) * factor;
}

/** Why `value` cannot be a container resource request or limit, or undefined when it can. */
export function resourceQuantityProblem(value: string): string | undefined {
  const parsed = parseQuantity(value);
  if (parsed === undefined) {
    return `'${value}' is not a Kubernetes quantity`;
  }
  return parsed < 0 ? `'${value}' is negative` : undefined;
}
