/**
 * `exportTo` of VirtualServices and DestinationRules: the namespaces whose proxies see the object. Entries are `.` (the
 * object's own namespace), `*` (every namespace) or namespace names; istiod refuses repeated entries (`.` repeats the
 * own namespace), `*` beside other entries, `~` (only ServiceEntries may export to no one), and a DestinationRule with a
 * `workloadSelector` exported beyond its own namespace (istio/istio `pkg/config/validation/validation.go`
 * `validateExportTo`, `pkg/config/visibility`).
 */
import { isDnsLabelAnyCase } from './names';

/** The entry for the object's own namespace. */
export const EXPORT_PRIVATE = '.';

/** The entry for every namespace. */
export const EXPORT_PUBLIC = '*';

/** One refused part of an `exportTo` list. */
export interface ExportToProblem {
  /** The index of the entry concerned, or undefined for the list as a whole. */
  readonly index?: number;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * The problems istiod finds with `exportTo` of an object in `namespace`.
 *
 * @param withWorkloadSelector - the object is a DestinationRule with a `workloadSelector`, which may be exported only
 * to its own namespace.
 */
export function exportToProblems(namespace: string, exportTo: readonly string[], withWorkloadSelector: boolean): ExportToProblem[] {
  const problems: ExportToProblem[] = [];
  const seen = new Map<string, number>();
  exportTo.forEach((entry, i) => {
    const key = entry === EXPORT_PRIVATE ? namespace : entry;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        index: i,
        message: key === entry
          ? `'${entry}' repeats exportTo[${first}]`
          : `'.' is the object's own namespace '${namespace}', which exportTo[${first}] already lists`,
        fix: 'list each namespace once',
      });
    } else if (key === '~') {
      problems.push({ index: i, message: "'~' (export to no one) is only allowed for ServiceEntries", fix: "use '.' to keep the object in its own namespace" });
    } else if (key !== EXPORT_PUBLIC && !isDnsLabelAnyCase(key)) {
      problems.push({ index: i, message: `'${entry}' is not '.', '*' or a namespace name`, fix: "write '.', '*' or a namespace name" });
    } else {
      seen.set(key, i);
    }
  });
  if (withWorkloadSelector && seen.size > 0) {
    if (!seen.has(namespace)) {
      problems.push({ message: `a DestinationRule with a workloadSelector cannot be exported beyond its own namespace '${namespace}'`, fix: "set exportTo to ['.'] or remove it" });
    } else if (seen.size > 1) {
      problems.push({ message: 'a DestinationRule with a workloadSelector can only be exported to its own namespace, not to several', fix: "set exportTo to ['.'] or remove it" });
    }
  }
  if (seen.has(EXPORT_PUBLIC) && exportTo.length > 1) {
    problems.push({ index: seen.get(EXPORT_PUBLIC), message: "'*' exports to every namespace and cannot be combined with other entries", fix: "keep only '*', or list the namespaces without '*'" });
  }
  return problems;
}
