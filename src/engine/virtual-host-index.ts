/**
 * Envoy's virtual host selection: exact domains, then the longest suffix wildcard, then the
 * longest prefix wildcard, then `*` (reference §c.5). Lookups cost O(length of the host), never
 * O(number of hosts); with no wildcard domain, a miss costs what a hit does (one hash lookup).
 */

/** Virtual hosts indexed by domain. */
export class VirtualHostIndex<V> {
  private readonly exact = new Map<string, V>();
  private readonly suffixes = new Map<string, V>();
  private readonly prefixes = new Map<string, V>();
  /** The distinct lengths of the suffix wildcards (without `*`), longest first: the only suffixes worth looking up. */
  private suffixLengths: number[] = [];
  /** The same for the prefix wildcards. */
  private prefixLengths: number[] = [];
  private star?: V;
  private count = 0;
  /** The domains as added, while there are few enough to list them all. */
  private firstDomains: string[] = [];
  /** What a miss says about the domains, when they are few enough to list: built on the first miss explained. */
  private listing?: string;
  /** The domains under each label suffix, built when a trace first explains a miss among many domains. */
  private neighbours?: Map<string, Neighbours>;

  /** Adds a domain; the first virtual host to claim a domain keeps it. */
  public add(domain: string, value: V): void {
    const d = domain.toLowerCase();
    this.neighbours = undefined;
    this.listing = undefined;
    if (this.firstDomains.length <= LISTED_DOMAINS) {
      this.firstDomains.push(domain);
    }
    if (d === '*') {
      this.count += this.star === undefined ? 1 : 0;
      this.star ??= value;
    } else if (d.startsWith('*')) {
      this.count += setOnce(this.suffixes, d.slice(1), value);
      this.suffixLengths = withLength(this.suffixLengths, d.length - 1);
    } else if (d.endsWith('*')) {
      this.count += setOnce(this.prefixes, d.slice(0, -1), value);
      this.prefixLengths = withLength(this.prefixLengths, d.length - 1);
    } else {
      this.count += setOnce(this.exact, d, value);
    }
  }

  /** The virtual host for a host name (no port, any case), or undefined. */
  public lookup(host: string): V | undefined {
    const h = host.toLowerCase();
    const exact = this.exact.get(h);
    if (exact !== undefined) {
      return exact;
    }
    // A wildcard matches at least one character: `*.example.com` does not match `.example.com`.
    for (const length of this.suffixLengths) {
      if (length < h.length) {
        const hit = this.suffixes.get(h.slice(h.length - length));
        if (hit !== undefined) {
          return hit;
        }
      }
    }
    for (const length of this.prefixLengths) {
      if (length < h.length) {
        const hit = this.prefixes.get(h.slice(0, length));
        if (hit !== undefined) {
          return hit;
        }
      }
    }
    return this.star;
  }

  /** How many distinct domains the index holds. */
  public get size(): number {
    return this.count;
  }

  /**
   * The domains, for a trace that explains why `host` found no virtual host: all of them as added when there are at
   * most 8 (`domains: a.example.com, b.example.com`), else how many there are and the 3 nearest to `host`
   * (`10,000 domains; nearest: a.example.com, b.example.com, c.example.com, ...`). Costs the same whatever the number
   * of domains.
   */
  public describeMiss(host: string): string {
    if (this.firstDomains.length <= LISTED_DOMAINS) {
      return this.listing ??= `domains: ${this.firstDomains.join(', ')}`;
    }
    const prefix = this.listing ??= `${groupThousands(this.count)} domains; nearest: `;
    const neighbours = this.neighbours ??= this.buildNeighbours();
    const h = host.toLowerCase();
    const found: string[] = [];
    // The trailing runs of labels of the host, longest first, down to the empty one every domain shares. Domains
    // sharing the most labels with the host come first; when the first run found has enough of them, its text is
    // ready-made.
    for (let from = 0; ; ) {
      const near = neighbours.get(h.slice(from));
      if (near !== undefined) {
        if (found.length === 0 && near.domains.length >= NEAREST_DOMAINS) {
          return near.text ??= `${prefix}${near.domains.join(', ')}, ...`;
        }
        for (const domain of near.domains) {
          if (found.length < NEAREST_DOMAINS && !found.includes(domain)) {
            found.push(domain);
          }
        }
      }
      if (found.length >= NEAREST_DOMAINS || from > h.length) {
        return `${prefix}${found.join(', ')}, ...`;
      }
      const dot = h.indexOf('.', from);
      from = dot < 0 ? h.length + 1 : dot + 1;
    }
  }

  /**
   * For each trailing run of labels of the domains (`example.com`, `com`, and the empty one), the first 3 domains
   * that end with it; built in O(labels of all domains).
   */
  private buildNeighbours(): Map<string, Neighbours> {
    const neighbours = new Map<string, Neighbours>();
    const domains = [
      ...this.exact.keys(),
      ...[...this.suffixes.keys()].map((s) => `*${s}`),
      ...[...this.prefixes.keys()].map((p) => `${p}*`),
      ...(this.star === undefined ? [] : ['*']),
    ];
    for (const domain of domains) {
      const labels = domain.split('.');
      for (let i = 0; i <= labels.length; i++) {
        const key = labels.slice(i).join('.');
        let near = neighbours.get(key);
        if (near === undefined) {
          near = { domains: [] };
          neighbours.set(key, near);
        }
        if (near.domains.length < NEAREST_DOMAINS) {
          near.domains.push(domain);
        }
      }
    }
    return neighbours;
  }
}

/** The first domains that end with one run of trailing labels, and the text of a miss they are the nearest for. */
interface Neighbours {
  readonly domains: string[];
  text?: string;
}

/** A trace lists the domains when there are at most this many. */
const LISTED_DOMAINS = 8;

/** Else it lists this many of the nearest. */
const NEAREST_DOMAINS = 3;

/** `10000` as `10,000`. */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Sets `key` unless it is set; 1 when it was added, else 0. */
function setOnce<V>(map: Map<string, V>, key: string, value: V): number {
  if (map.has(key)) {
    return 0;
  }
  map.set(key, value);
  return 1;
}

/** `lengths` with `length` added, distinct and longest first. */
function withLength(lengths: number[], length: number): number[] {
  return lengths.includes(length) ? lengths : [...lengths, length].sort((a, b) => b - a);
}
