/**
 * A bounded cache of the answers of a pure check by its input: the same regexes, durations and host names recur across
 * thousands of objects, and checking each once keeps the model stage fast.
 */

/**
 * `check`, answering repeated inputs from a cache of at most `size` entries (emptied when full, which keeps it cheap
 * and bounded).
 */
export function cachedVerdicts<T>(check: (input: string) => T, size = 10_000): (input: string) => T {
  const verdicts = new Map<string, T>();
  return (input: string): T => {
    const known = verdicts.get(input);
    if (known !== undefined || verdicts.has(input)) {
      return known as T;
    }
    if (verdicts.size >= size) {
      verdicts.clear();
    }
    const verdict = check(input);
    verdicts.set(input, verdict);
    return verdict;
  };
}
