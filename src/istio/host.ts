/**
 * Istio host names: how Gateway server hosts and VirtualService hosts are written, validated
 * and compared (istio/istio `pkg/config/host`, `pkg/config/validation`).
 */
import { isDnsLabel, isIpAddress } from './names';

/** The cluster DNS suffix Istio appends to short service names. */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/** A Gateway server host split into its namespace part and its DNS part. */
export interface ServerHost {
  /** `*` (any namespace), `.` (the Gateway's namespace) or a namespace name. */
  readonly namespace: string;
  /** `*`, `*.suffix`, a DNS name with at least one dot, or an IP address. */
  readonly dnsName: string;
}

/** Splits a Gateway server host (`[namespace/]dnsName`); a missing namespace means `*`. */
export function parseServerHost(host: string): ServerHost {
  const slash = host.indexOf('/');
  return slash < 0
    ? { namespace: '*', dnsName: host }
    : { namespace: host.slice(0, slash), dnsName: host.slice(slash + 1) };
}

/**
 * Why a wildcard domain (`*`, `*.a.b`, `a.b`, or an IP) is invalid, or undefined when it is valid.
 * `requireDot` rejects short names, as Istio does for Gateway server hosts.
 */
export function wildcardDomainProblem(name: string, requireDot: boolean): string | undefined {
  if (name === '*' || isIpAddress(name)) {
    return undefined;
  }
  if (name.length === 0) {
    return 'is empty';
  }
  if (name.length > 255) {
    return 'is longer than 255 characters';
  }
  const labels = name.split('.');
  const [first, ...rest] = labels;
  if (first !== '*' && first.includes('*')) {
    return 'has a partial wildcard: a wildcard must be the whole left-most label, as in *.example.com';
  }
  if (rest.some((label) => label.includes('*'))) {
    return 'has a wildcard that is not the left-most label';
  }
  if (requireDot && labels.length < 2) {
    return 'is a short name: write a fully qualified domain name (with a dot) or *';
  }
  const bad = labels.find((label, i) => !(i === 0 && label === '*') && !isDnsLabel(label.toLowerCase()));
  if (bad !== undefined) {
    return `has an invalid DNS label '${bad}'`;
  }
  if (labels.length > 1 && /^\d+$/.test(labels[labels.length - 1])) {
    return 'has an all-numeric top-level domain (and is not an IP address)';
  }
  return undefined;
}

/** Why a Gateway server host is invalid (Istio's rules of §i.1), or undefined when it is valid. */
export function serverHostProblem(host: string): string | undefined {
  const { namespace, dnsName } = parseServerHost(host);
  if (host.indexOf('/') >= 0 && namespace !== '*' && namespace !== '.' && !isDnsLabel(namespace)) {
    return `has an invalid namespace part '${namespace}': use *, . or a namespace name`;
  }
  return wildcardDomainProblem(dnsName, true);
}

/** Resolves a short host name (no dot) against a namespace, as Istio does for VirtualService hosts. */
export function resolveShortName(host: string, namespace: string): string {
  if (host === '*' || host.includes('.') || isIpAddress(host)) {
    return host;
  }
  return `${host}.${namespace}.${CLUSTER_DOMAIN}`;
}

/** True when `pattern` (a host, `*.suffix` or `*`) covers `name` (a host or a narrower wildcard). */
export function hostCovers(pattern: string, name: string): boolean {
  if (pattern === '*') {
    return true;
  }
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return name.endsWith(suffix) && name.length > suffix.length && (name !== '*');
  }
  return pattern === name;
}

/** The more specific host of two overlapping hosts, or undefined when they do not overlap. */
export function intersectHosts(a: string, b: string): string | undefined {
  if (hostCovers(a, b)) {
    return b;
  }
  if (hostCovers(b, a)) {
    return a;
  }
  return undefined;
}

/**
 * The dnsNames of `serverHosts` that a VirtualService in `vsNamespace` may supply routes for
 * (`ns/host` entries only count for that namespace; `.` means the Gateway's namespace).
 */
export function serverHostsVisibleTo(serverHosts: readonly string[], vsNamespace: string, gatewayNamespace: string): string[] {
  return serverHosts
    .map(parseServerHost)
    .filter(({ namespace }) => namespace === '*' || namespace === vsNamespace
      || (namespace === '.' && gatewayNamespace === vsNamespace))
    .map(({ dnsName }) => dnsName);
}
