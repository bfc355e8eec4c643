/**
 * Walks over the fields of Istio objects that several analyzers inspect: the string matchers of
 * an HTTP match, the certificate fields of a server's `tls`, gateway references.
 */
import { Json } from '../engine/model';
import { re2Problem } from '../istio/regex';

/** The VirtualService sections that hold rules. */
export const RULE_SECTIONS = ['http', 'tcp', 'tls'] as const;

/** A VirtualService rule section. */
export type RuleSection = typeof RULE_SECTIONS[number];

/** One StringMatch of an HTTP match entry, with its field path relative to the match. */
export interface StringMatchField {
  /** Path below the match entry, e.g. `headers.x-user` or `uri`. */
  readonly path: string;
  /** `uri`, `headers`, `queryParams`, `withoutHeaders`, `authority`, `method` or `scheme`. */
  readonly field: string;
  /** The StringMatch. */
  readonly match: Json;
}

/** Every StringMatch of an HTTPMatchRequest: uri, authority, method, scheme, then the header, query and withoutHeaders maps. */
export function stringMatchesOf(match: Json): StringMatchField[] {
  if (!match || typeof match !== 'object') {
    return [];
  }
  const fields: StringMatchField[] = [];
  for (const field of ['uri', 'authority', 'method', 'scheme']) {
    if (match[field] && typeof match[field] === 'object') {
      fields.push({ path: field, field, match: match[field] });
    }
  }
  for (const field of ['headers', 'queryParams', 'withoutHeaders']) {
    const map = match[field];
    if (map && typeof map === 'object') {
      for (const [name, value] of Object.entries(map)) {
        fields.push({ path: `${field}.${name}`, field, match: value });
      }
    }
  }
  return fields;
}

/** `tls` fields that name certificate material or a client CA. */
export const CERTIFICATE_FIELDS = [
  'credentialName', 'credentialNames', 'serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'caCertCredentialName', 'caCrl',
] as const;

/** The certificate fields a `tls` block sets. */
export function certificateFieldsOf(tls: Json): string[] {
  if (!tls || typeof tls !== 'object') {
    return [];
  }
  return CERTIFICATE_FIELDS.filter((f) => {
    const value = tls[f];
    return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
  });
}

/** True when a `tls` block supplies a server certificate (a credential, a file pair or tlsCertificates). */
export function hasServerCertificate(tls: Json): boolean {
  const set = new Set(certificateFieldsOf(tls));
  return set.has('credentialName') || set.has('credentialNames') || set.has('tlsCertificates')
    || (set.has('serverCertificate') && set.has('privateKey'));
}

/** Every gateway reference of a VirtualService spec (top-level and per-match), with its field path. */
export function gatewayReferencesOf(spec: Json): Array<{ path: string; reference: string }> {
  const references: Array<{ path: string; reference: string }> = [];
  ((spec.gateways ?? []) as unknown[]).forEach((g, i) => {
    if (typeof g === 'string') references.push({ path: `spec.gateways[${i}]`, reference: g });
  });
  for (const section of RULE_SECTIONS) {
    rulesOf(spec, section).forEach((rule, r) => {
      matchesOf(rule).forEach((m, k) => {
        ((m?.gateways ?? []) as unknown[]).forEach((g, i) => {
          if (typeof g === 'string') references.push({ path: `spec.${section}[${r}].match[${k}].gateways[${i}]`, reference: g });
        });
      });
    });
  }
  return references;
}

/** The rules of a section, or an empty list when it is absent or malformed. */
export function rulesOf(spec: Json, section: RuleSection): Json[] {
  const rules = spec?.[section];
  return Array.isArray(rules) ? rules : [];
}

/** The match entries of a rule, or an empty list. */
export function matchesOf(rule: Json): Json[] {
  return Array.isArray(rule?.match) ? rule.match : [];
}

/**
 * JSON with sorted keys, so that two equal matches written in different key orders compare equal. Plain data (what
 * manifests hold) is written directly: `JSON.stringify` with a replacer is several times slower, and the analyzers
 * write every match of every rule. Anything else (class instances, `toJSON`) goes through `JSON.stringify`.
 */
export function canonicalJson(value: unknown): string {
  return plainCanonicalJson(value) ?? JSON.stringify(value, sortedKeys) ?? 'undefined';
}

/** `canonicalJson` of plain data (null, booleans, numbers, strings, arrays, plain objects), or undefined for anything else. */
function plainCanonicalJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) {
        return 'null';
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return undefined;
      }
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          // JSON writes a missing, undefined, function or symbol item as null.
          const json = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : plainCanonicalJson(item);
          if (json === undefined) {
            return undefined;
          }
          out += i === 0 ? json : `,${json}`;
        }
        return `${out}]`;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        return undefined;
      }
      const object = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      // The order `sortedKeys` gives: keys sorted, except that an object lists integer-like keys first, ascending.
      for (const key of Object.keys(sortedKeys('', object) as Record<string, unknown>)) {
        const entry = object[key];
        if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') {
          continue;
        }
        const json = plainCanonicalJson(entry);
        if (json === undefined) {
          return undefined;
        }
        out += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length < 2) {
    return value;
  }
  const sorted: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    sorted[key] = object[key];
  }
  return sorted;
}

const re2Problems = new Map<string, string | undefined>();

/** `re2Problem`, memoized: the same patterns recur across rules and analyzers. */
export function cachedRe2Problem(pattern: string): string | undefined {
  if (!re2Problems.has(pattern)) {
    if (re2Problems.size > 10000) re2Problems.clear();
    re2Problems.set(pattern, re2Problem(pattern));
  }
  return re2Problems.get(pattern);
}
