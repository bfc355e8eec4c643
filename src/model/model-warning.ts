/**
 * What the model stage tells its caller about the objects it was given: objects the cluster would refuse (left out),
 * and objects replaced by a later copy (kept last, as applying the files in order would).
 */
import { ObjectProblem } from './object-problem';
import { describeObject, KubeObject, originOf } from '../manifests/kube-object';
import { ManifestError } from '../manifests/manifest-error';

/** An object the API server or Istio's validating webhook would refuse: it is left out of every decision. */
export interface RefusedObjectWarning {
  /** Discriminator. */
  readonly kind: 'refused';
  /** The refused object. */
  readonly object: KubeObject;
  /** Every reason, the refusing ones first. */
  readonly problems: readonly ObjectProblem[];
  /** One line: where (file, document, object), the first field and problem, and the fix. */
  readonly message: string;
}

/** An object given twice (same group, kind, namespace and name): the later copy replaces the earlier one. */
export interface ReplacedObjectWarning {
  /** Discriminator. */
  readonly kind: 'replaced';
  /** The later copy, which is kept. */
  readonly object: KubeObject;
  /** The earlier copy, which is dropped. */
  readonly earlier: KubeObject;
  /** One line: where both copies are, and the fix. */
  readonly message: string;
}

/** A warning of the model stage. */
export type ModelWarning = RefusedObjectWarning | ReplacedObjectWarning;

/** The refusal warning of `object` for its problems (at least one of them an error). */
export function refusedWarning(object: KubeObject, problems: readonly ObjectProblem[]): RefusedObjectWarning {
  const ordered = [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity !== 'error')];
  return { kind: 'refused', object, problems: ordered, message: refusalError(object, ordered).message };
}

/** The warning for `object` replacing `earlier`. */
export function replacedWarning(object: KubeObject, earlier: KubeObject): ReplacedObjectWarning {
  return { kind: 'replaced', object, earlier, message: replacementError(object, earlier).message };
}

/** A warning as the error it becomes in strict mode. */
export function warningError(warning: ModelWarning): ManifestError {
  return warning.kind === 'refused' ? refusalError(warning.object, warning.problems) : replacementError(warning.object, warning.earlier);
}

/** `problems` are ordered errors first. */
function refusalError(object: KubeObject, problems: readonly ObjectProblem[]): ManifestError {
  const first = problems[0];
  const others = problems.filter((p) => p.severity === 'error').length - 1;
  const who = first.source === 'schema' ? 'the API server' : "Istio's validating webhook";
  return ManifestError.about(object,
    `${first.path}: ${first.message}${others > 0 ? ` (and ${others} more problem${others > 1 ? 's' : ''})` : ''}`,
    `${first.fix}; ${who} refuses the object, so it is left out`);
}

function replacementError(object: KubeObject, earlier: KubeObject): ManifestError {
  const earlierAt = originOf(earlier);
  return ManifestError.about(object, `replaces the earlier copy of ${describeObject(earlier)}${earlierAt ? ` at ${earlierAt}` : ''}`,
    'the later copy is kept, as applying the files in order would; remove one of them');
}
