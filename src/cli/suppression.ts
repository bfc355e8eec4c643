/**
 * `analyze --suppress, -S "CODE=RESOURCE"`, with istioctl analyze's meaning: findings with that code on a matching
 * resource are dropped (from the output and from the exit status). The resource is matched with `*` wildcards (any
 * run of characters, nothing else is special) against both spellings of the finding's resource: istioctl's
 * `Kind name.namespace` and this project's `Kind namespace/name`.
 */
import { UsageError } from './common';
import { Finding } from '../analyze/finding';
import { istioctlResourceName } from '../format/istioctl-messages';

/** One `--suppress` value. */
export interface Suppression {
  /** The code, matched exactly (case included), as istioctl does. */
  readonly code: string;
  /** The resource pattern, e.g. `VirtualService cart.apps`, `Pod *.default`, `VirtualService apps/*`. */
  readonly resource: string;
}

const EXAMPLE = 'e.g. -S "IST0101=VirtualService cart.apps"';

/**
 * Parses a `--suppress` value: `CODE=RESOURCE`, with exactly one `=`. A value without a code or a resource, or with a
 * resource that could never match (neither a space between kind and name nor a `*`), is a usage error.
 */
export function parseSuppression(value: string): Suppression {
  const parts = value.split('=');
  if (parts.length !== 2) {
    throw new UsageError(`--suppress '${value}' is not CODE=RESOURCE; ${EXAMPLE}`);
  }
  const code = parts[0].trim();
  const resource = parts[1].trim();
  if (!/^\S+$/.test(code)) {
    throw new UsageError(`--suppress '${value}' has no code before '=' (one word, e.g. IST0101); ${EXAMPLE}`);
  }
  if (resource === '' || (!/\s/.test(resource) && !resource.includes('*'))) {
    throw new UsageError(`--suppress '${value}' does not name a resource as 'Kind name.namespace' or 'Kind namespace/name' (* matches any text); ${EXAMPLE}`);
  }
  return { code, resource };
}

/** Collects repeated `--suppress` values, checking each as it comes. */
export function collectSuppression(value: string, previous: Suppression[] | undefined): Suppression[] {
  return [...(previous ?? []), parseSuppression(value)];
}

/** True when a suppression drops `finding`: same code, and the pattern matches either spelling of its resource. */
export function isSuppressed(finding: Finding, suppressions: readonly Suppression[]): boolean {
  return suppressions.some((s) => s.code === finding.code
    && (globMatches(s.resource, finding.resource) || globMatches(s.resource, istioctlResourceName(finding.resource))));
}

/**
 * Whether `text` matches `pattern`, where `*` stands for any run of characters (empty included) and every other
 * character only for itself; the whole text must match.
 */
export function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) {
    return pattern === text;
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first)) {
    return false;
  }
  let position = first.length;
  for (const part of parts.slice(1, -1)) {
    const at = text.indexOf(part, position);
    if (at < 0) {
      return false;
    }
    position = at + part.length;
  }
  return text.length - last.length >= position && text.endsWith(last);
}
