/**
 * Envoy's virtual host selection: exact domains, then the longest suffix wildcard, then the
 * longest prefix wildcard, then `*` (reference §c.5). Lookups cost O(length of the host), never
 * O(number of hosts).
 */

/** Virtual hosts indexed by domain. */
export class VirtualHostIndex<V> {
  private readonly exact = new Map<string, V>();
  private readonly suffixes = new Map<string, V>();
  private readonly prefixes = new Map<string, V>();
  private star?: V;

  /** Adds a domain; the first virtual host to claim a domain keeps it. */
  public add(domain: string, value: V): void {
    const d = domain.toLowerCase();
    if (d === '*') {
      this.star ??= value;
    } else if (d.startsWith('*')) {
      setOnce(this.suffixes, d.slice(1), value);
    } else if (d.endsWith('*')) {
      setOnce(this.prefixes, d.slice(0, -1), value);
    } else {
      setOnce(this.exact, d, value);
    }
  }

  /** The virtual host for a host name (no port, any case), or undefined. */
  public lookup(host: string): V | undefined {
    const h = host.toLowerCase();
    const exact = this.exact.get(h);
    if (exact !== undefined) {
      return exact;
    }
    for (let i = 1; i < h.length; i++) {
      const hit = this.suffixes.get(h.slice(i));
      if (hit !== undefined) {
        return hit;
      }
    }
    for (let i = h.length - 1; i > 0; i--) {
      const hit = this.prefixes.get(h.slice(0, i));
      if (hit !== undefined) {
        return hit;
      }
    }
    return this.star;
  }
}

function setOnce<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key)) {
    map.set(key, value);
  }
}

/** The host part of a Host header: `:port` removed (IPv6 literals keep their brackets). */
export function stripPort(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end < 0 ? authority : authority.slice(0, end + 1);
  }
  const colon = authority.lastIndexOf(':');
  return colon >= 0 && /^\d*$/.test(authority.slice(colon + 1)) ? authority.slice(0, colon) : authority;
}
