/**
 * The effective match entries of one VirtualService rule list, filed so that the earliest one covering a later match
 * is found without comparing the later match with all of them: by path (HTTP) or SNI host (TLS) first, then by the
 * conditions besides the path. A later match is compared only with the earlier matches whose path (or SNI host) can
 * cover its own (one bucket per prefix length in use, its exact path and its regex), and within each such bucket
 * with those whose conditions are among its own (looked up by their text) and the first few others. That finds
 * every cover by the same or fewer conditions, and the others among the first few matches of a path, in time
 * independent of the number of earlier matches.
 */
import { ANY_VALUE, MatchConditions, matchCovers } from './match-cover';

/**
 * How many earlier matches of one path (or SNI host) with conditions not among a later match's own are compared with
 * it; also how many of one SNI host with the same conditions.
 */
const OTHERS_PER_BUCKET = 8;

/** Up to how many conditions (besides the path) every subset of a later match's conditions is looked up; above, all or none. */
const ENUMERATED_CONDITIONS = 4;

/** An earlier match, with its place in the list. */
interface Entry<T> {
  readonly conditions: MatchConditions;
  readonly value: T;
  readonly order: number;
}

/**
 * The earlier matches of one path, exact path, regex or SNI host. Two matches of one path with the same conditions
 * are the same (the second is covered, and never filed); two of one SNI host with the same conditions may differ in
 * their other SNI hosts.
 */
interface Bucket<T> {
  /** The matches of each set of conditions (the first {@link OTHERS_PER_BUCKET}), by the conditions' text. */
  readonly byConditions: Map<string, Array<Entry<T>>>;
  /** The first {@link OTHERS_PER_BUCKET} matches. */
  readonly first: Array<Entry<T>>;
}

/** Bucket keys: a kind of path (prefix or exact, case-sensitive or not, regex) or an SNI host, then the value. */
const PREFIX = 'p ';
const PREFIX_IGNORING_CASE = 'P ';
const EXACT = 'e ';
const EXACT_IGNORING_CASE = 'E ';
const REGEX = 'r ';
const SNI = 's ';
const NO_SNI = 'l4';

function conditionsKey(atoms: readonly string[]): string {
  return atoms.join('\n');
}

/** The texts of every subset of `atoms` (sorted, so each subset's text is the one a match with those conditions has). */
function subsetKeys(atoms: readonly string[]): string[] {
  if (atoms.length <= 1) {
    return atoms.length === 0 ? [''] : ['', atoms[0]];
  }
  if (atoms.length > ENUMERATED_CONDITIONS) {
    return ['', conditionsKey(atoms)];
  }
  let subsets: string[][] = [[]];
  for (const atom of atoms) {
    subsets = subsets.flatMap((subset) => [subset, [...subset, atom]]);
  }
  return subsets.map(conditionsKey);
}

/** The earlier matches of a rule list that no match before them covers, each with a value naming it. */
export class MatchCoverIndex<T> {
  /** How many times {@link coverOf} has compared a later match with an earlier one, all calls together. */
  public comparisons = 0;
  private readonly buckets = new Map<string, Bucket<T>>();
  /** The lengths of the (lower-cased, for the second) prefixes filed, to look up the prefixes of a later path. */
  private readonly prefixLengths = new Set<number>();
  private readonly prefixLengthsIgnoringCase = new Set<number>();
  private count = 0;

  /** Files an earlier match. */
  public add(conditions: MatchConditions, value: T): void {
    const entry: Entry<T> = { conditions, value, order: this.count++ };
    const key = conditionsKey(conditions.atoms);
    for (const bucketKey of this.filingKeys(conditions)) {
      let bucket = this.buckets.get(bucketKey);
      if (bucket === undefined) {
        bucket = { byConditions: new Map(), first: [] };
        this.buckets.set(bucketKey, bucket);
      }
      const same = bucket.byConditions.get(key);
      if (same === undefined) {
        bucket.byConditions.set(key, [entry]);
      } else if (same.length < OTHERS_PER_BUCKET) {
        same.push(entry);
      }
      if (bucket.first.length < OTHERS_PER_BUCKET) {
        bucket.first.push(entry);
      }
    }
  }

  /** The value of the earliest filed match found to take every request `conditions` takes, if any. */
  public coverOf(conditions: MatchConditions): T | undefined {
    let best: Entry<T> | undefined;
    const consider = (entry: Entry<T>): void => {
      if (best === undefined || entry.order < best.order) {
        this.comparisons++;
        if (matchCovers(entry.conditions, conditions)) {
          best = entry;
        }
      }
    };
    const keys = subsetKeys(conditions.atoms);
    for (const bucketKey of this.candidateKeys(conditions)) {
      const bucket = this.buckets.get(bucketKey);
      if (bucket !== undefined) {
        keys.forEach((key) => bucket.byConditions.get(key)?.forEach(consider));
        bucket.first.forEach(consider);
      }
    }
    return best?.value;
  }

  private filingKeys(conditions: MatchConditions): string[] {
    if (conditions.protocol !== 'http') {
      return conditions.sniHosts.size === 0 ? [NO_SNI] : [...conditions.sniHosts].map((host) => SNI + host);
    }
    const { kind, value, ignoreCase } = conditions.path;
    if (kind === 'regex') {
      return [REGEX + value];
    }
    const filed = ignoreCase ? value.toLowerCase() : value;
    if (kind === 'exact') {
      return [(ignoreCase ? EXACT_IGNORING_CASE : EXACT) + filed];
    }
    (ignoreCase ? this.prefixLengthsIgnoringCase : this.prefixLengths).add(filed.length);
    return [(ignoreCase ? PREFIX_IGNORING_CASE : PREFIX) + filed];
  }

  /** The buckets that can hold a match covering one with `conditions` (see `pathCovers`). */
  private candidateKeys(conditions: MatchConditions): Set<string> {
    if (conditions.protocol !== 'http') {
      const [host] = conditions.sniHosts;
      return new Set([host === undefined ? NO_SNI : SNI + host]);
    }
    const { kind, value } = conditions.path;
    const keys = new Set([REGEX + ANY_VALUE]);
    if (kind === 'regex') {
      return keys.add(REGEX + value).add(PREFIX).add(PREFIX_IGNORING_CASE);
    }
    // A case-sensitive path covers one ignoring case only when it has no letters, and then it is the later path's own
    // beginning, not only its lower case's.
    for (const length of this.prefixLengths) {
      if (length <= value.length) {
        keys.add(PREFIX + value.slice(0, length));
      }
    }
    const lower = value.toLowerCase();
    for (const length of this.prefixLengthsIgnoringCase) {
      if (length <= lower.length) {
        keys.add(PREFIX_IGNORING_CASE + lower.slice(0, length));
      }
    }
    if (kind === 'exact') {
      keys.add(EXACT + value).add(EXACT_IGNORING_CASE + lower);
    }
    return keys;
  }
}
