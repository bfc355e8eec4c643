/**
 * Walks over the fields of Istio objects that several analyzers inspect: the rules and matches of
 * a VirtualService, the certificate fields of a server's `tls`, gateway references.
 */
import { IstioHttpMatch, IstioHttpRoute, IstioL4Match, IstioL4Route, IstioServerTls, IstioVirtualService } from '../model/istio-types';

/** The VirtualService sections that hold rules. */
export const RULE_SECTIONS = ['http', 'tcp', 'tls'] as const;

/** A VirtualService rule section. */
export type RuleSection = typeof RULE_SECTIONS[number];

/** A rule of any section: an HTTP rule, or a TCP or TLS rule. */
export type IstioRule = IstioHttpRoute | IstioL4Route;

/** A match entry of any section's rule. */
export type IstioRuleMatch = IstioHttpMatch | IstioL4Match;

/** `tls` fields that name certificate material or a client CA. */
export const CERTIFICATE_FIELDS = [
  'credentialName', 'credentialNames', 'serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'caCertCredentialName', 'caCrl',
] as const;

/** A field of {@link CERTIFICATE_FIELDS}. */
export type CertificateField = typeof CERTIFICATE_FIELDS[number];

/** The certificate fields a `tls` block sets. */
export function certificateFieldsOf(tls: IstioServerTls | undefined): CertificateField[] {
  if (tls === undefined) {
    return [];
  }
  return CERTIFICATE_FIELDS.filter((f) => {
    const value = tls[f];
    return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
  });
}

/** True when a `tls` block supplies a server certificate (a credential, a file pair or tlsCertificates). */
export function hasServerCertificate(tls: IstioServerTls | undefined): boolean {
  const set = new Set(certificateFieldsOf(tls));
  return set.has('credentialName') || set.has('credentialNames') || set.has('tlsCertificates')
    || (set.has('serverCertificate') && set.has('privateKey'));
}

/** Every gateway reference of a VirtualService (top-level and per-match), with its field path. */
export function gatewayReferencesOf(vs: IstioVirtualService): Array<{ path: string; reference: string }> {
  const references: Array<{ path: string; reference: string }> = [];
  (vs.spec?.gateways ?? []).forEach((g, i) => references.push({ path: `spec.gateways[${i}]`, reference: g }));
  for (const section of RULE_SECTIONS) {
    rulesOf(vs, section).forEach((rule, r) => {
      matchesOf(rule).forEach((m, k) => {
        (m.gateways ?? []).forEach((g, i) => references.push({ path: `spec.${section}[${r}].match[${k}].gateways[${i}]`, reference: g }));
      });
    });
  }
  return references;
}

/** The rules of a section of a VirtualService, or an empty list. */
export function rulesOf(vs: IstioVirtualService, section: RuleSection): readonly IstioRule[] {
  return vs.spec?.[section] ?? [];
}

/** The match entries of a rule (an HTTP rule's are HTTP matches), or an empty list. */
export function matchesOf<M extends IstioRuleMatch>(rule: { readonly match?: readonly M[] }): readonly M[] {
  return rule.match ?? [];
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
