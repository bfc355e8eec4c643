/**
 * Annotations istiod's validating webhook refuses on every Istio object it checks, before its kind's own rules
 * (istio/istio `pkg/config/validation/validation.go` `validateMetadata`, `checkDryRunAnnotation`;
 * `pkg/config/constants`): the annotations istiod keeps for objects it generates itself, and `istio.io/dry-run`, which
 * only AuthorizationPolicies may carry.
 */

/** Annotations istiod sets on objects it generates; users may not set them. */
const INTERNAL = ['internal.istio.io/webhook-always-reject', 'internal.istio.io/parent-namespace', 'internal.istio.io/parents'];

/** The dry-run annotation, honoured only on AuthorizationPolicies. */
export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';

/** One refused annotation. */
export interface AnnotationProblem {
  /** The annotation key. */
  readonly key: string;
  /** Why it is refused. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The annotations the webhook refuses on an object of `kind` (none for objects without annotations). */
export function refusedAnnotations(kind: string, annotations: Readonly<Record<string, string>> | undefined): AnnotationProblem[] {
  if (annotations === undefined) {
    return [];
  }
  const problems: AnnotationProblem[] = [];
  if (DRY_RUN_ANNOTATION in annotations && kind !== 'AuthorizationPolicy') {
    problems.push({ key: DRY_RUN_ANNOTATION, message: `${DRY_RUN_ANNOTATION} is only supported on AuthorizationPolicies`, fix: 'remove the annotation' });
  }
  for (const key of INTERNAL) {
    if (key in annotations) {
      problems.push({ key, message: `${key} is reserved for objects istiod generates`, fix: 'remove the annotation' });
    }
  }
  return problems;
}
