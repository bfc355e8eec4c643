/**
 * What the loaders report without failing: a path that holds no objects. `kubectl apply -f` of such a path creates
 * nothing and says so (`error: no objects passed to apply`); a loader cannot tell whether that was meant (an empty
 * overlay, a placeholder file), so it loads the other paths and lets the caller decide.
 */

/** A path that holds no objects. */
export interface LoadWarning {
  /** The file or directory path as given by the user (or the label of the text). */
  readonly source: string;

  /**
   * What holds nothing, e.g. `holds no objects (it is empty, or only comments and document separators)` or
   * `holds no manifest files (a directory is read for *.yaml, *.yml, *.json files)`.
   */
  readonly problem: string;

  /** One line, `SOURCE: PROBLEM`, as a command line tool would print it after `warning: `. */
  readonly message: string;
}

/**
 * A warning.
 *
 * @internal
 * @param source - the file or directory path as given by the user.
 * @param problem - what holds nothing.
 */
export function loadWarning(source: string, problem: string): LoadWarning {
  return { source, problem, message: `${source}: ${problem}` };
}
