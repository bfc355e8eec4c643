/**
 * Istio host names: how Gateway server hosts and VirtualService hosts are written, validated
 * and compared (istio/istio `pkg/config/host`, `pkg/config/validation`).
 */
import { isDnsLabel, isDnsLabelAnyCase, isIpAddress } from './names';

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
 * True when a Gateway server host admits every host name: `*`, alone or after the namespace part `*` (routes of any
 * namespace) or `.` (routes of the Gateway's own namespace).
 */
export function admitsEveryHost(host: string): boolean {
  const { namespace, dnsName } = parseServerHost(host);
  return dnsName === '*' && (namespace === '*' || namespace === '.');
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

/**
 * Why a name is not a fully qualified domain name as istiod checks one (`ValidateFQDN`), or undefined: at most 255
 * characters, DNS labels of either case (a trailing dot is allowed), and a top-level domain that is not all digits.
 */
export function fqdnProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'is empty';
  }
  if (name.length > 255) {
    return 'is longer than 255 characters';
  }
  const labels = name.split('.');
  if (/^[+-]?\d+$/.test(labels[labels.length - 1])) {
    return 'has an all-numeric top-level domain';
  }
  const bad = labels.find((label, i) => !(i === labels.length - 1 && label === '') && !isDnsLabelAnyCase(label));
  return bad === undefined ? undefined : `has an invalid DNS label '${bad}'`;
}

/**
 * Why an SNI name in Istio's AUTO_PASSTHROUGH form (`outbound_.PORT_._.HOST`, which VirtualServices bound to gateways
 * may route) is malformed, or undefined when it is well formed. Only for names that start with `outbound_`.
 */
export function autoPassthroughSniProblem(name: string): string | undefined {
  const parts = name.split('_');
  if (name.length > 255) {
    return 'is longer than 255 characters';
  }
  if (parts.length < 4) {
    return 'is not of the form outbound_.PORT_._.HOST';
  }
  const trim = (part: string) => part.replace(/^\.+|\.+$/g, '');
  if (!/[0-9]/.test(trim(parts[1]))) {
    return `has no port number in '${trim(parts[1])}' (the form is outbound_.PORT_._.HOST)`;
  }
  if (!/[a-zA-Z]/.test(trim(parts[3]))) {
    return `has no host name in '${trim(parts[3])}' (the form is outbound_.PORT_._.HOST)`;
  }
  return undefined;
}

/**
 * True when two hosts of one object overlap as istiod compares them (`host.Name.Matches`): equal names, or a wildcard
 * (`*`, `*.suffix`) whose suffix the other name (or the other wildcard's suffix) ends with. Names are compared as
 * written: `shop` and `shop.default.svc.cluster.local` do not overlap.
 */
export function hostsOverlap(a: string, b: string): boolean {
  const aWildcard = a.startsWith('*');
  const bWildcard = b.startsWith('*');
  if (aWildcard && bWildcard) {
    return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  }
  if (aWildcard) {
    return b.endsWith(a.slice(1));
  }
  if (bWildcard) {
    return a.endsWith(b.slice(1));
  }
  return a === b;
}

/**
 * True when every name `name` stands for is also covered by `of`, as istiod compares hosts (`host.Name.SubsetOf`): a
 * wildcard is a subset only of an equal or wider wildcard. Names are compared as written.
 */
export function hostSubsetOf(name: string, of: string): boolean {
  const nameWildcard = name.startsWith('*');
  if (of.startsWith('*')) {
    return (!nameWildcard || name.length >= of.length) && name.slice(nameWildcard ? 1 : 0).endsWith(of.slice(1));
  }
  return !nameWildcard && name === of;
}
