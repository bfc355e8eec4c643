/**
 * One reason the API server or Istio's validating webhook would refuse (or warn about) an object.
 */

/** How the cluster treats a problem: `error` refuses the object, `warning` accepts it with a warning. */
export type ProblemSeverity = 'error' | 'warning';

/** Where a problem was found: the CRD or Kubernetes schema (the API server), or istiod's validating webhook. */
export type ProblemSource = 'schema' | 'webhook';

/** A field of an object that the cluster refuses or warns about. */
export interface ObjectProblem {
  /** The field, e.g. `spec.servers[0].port.number`; `(object)` for the object as a whole. */
  readonly path: string;
  /** What is wrong, e.g. `must be integer`. */
  readonly message: string;
  /** How to fix it, e.g. `write the port as a number, without quotes`. */
  readonly fix: string;
  /** Whether the object is refused or only warned about. */
  readonly severity: ProblemSeverity;
  /** Who finds the problem. */
  readonly source: ProblemSource;
}

/** Collects the problems of one object, field by field. */
export class ProblemList {
  /** The problems, in the order found. */
  public readonly problems: ObjectProblem[] = [];

  /** @param source - who finds the problems added without a source. */
  public constructor(private readonly source: ProblemSource) {}

  /** Adds a problem that makes the cluster refuse the object. */
  public error(path: string, message: string, fix: string): void {
    this.problems.push({ path, message, fix, severity: 'error', source: this.source });
  }

  /** Adds a problem the cluster only warns about. */
  public warning(path: string, message: string, fix: string): void {
    this.problems.push({ path, message, fix, severity: 'warning', source: this.source });
  }
}
