/**
 * Kubernetes and DNS name rules that Istio and the API server enforce.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_ANY_CASE = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const IANA_SERVICE_NAME = /^(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True when `value` is a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters). */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/**
 * True when `value` has the syntax of a DNS-1123 label with letters of either case, as istiod checks the names it reads
 * in specs (subset names, namespaces in `gateways` and `exportTo`, `sourceNamespace`).
 */
export function isDnsLabelAnyCase(value: string): boolean {
  return value.length <= 63 && DNS_LABEL_ANY_CASE.test(value);
}

/** True when `value` is a DNS-1123 subdomain (dot-separated labels, at most 253 characters). */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && value.split('.').every(isDnsLabel);
}

/**
 * True when `value` may name a container port (IANA service name: at most 15 characters,
 * at least one letter, no leading, trailing or doubled '-').
 */
export function isIanaServiceName(value: string): boolean {
  return value.length <= 15 && /[a-z]/.test(value) && IANA_SERVICE_NAME.test(value);
}

/** True when `value` is an IPv4 address literal (no leading zeros, as Go's netip requires). */
function isIpv4Address(value: string): boolean {
  if (!/^[0-9.]+$/.test(value)) {
    return false;
  }
  const octets = value.split('.');
  return octets.length === 4 && octets.every((octet) => /^(0|[1-9]\d{0,2})$/.test(octet) && Number(octet) <= 255);
}

/**
 * True when `value` is an IPv6 address literal: eight groups of 1-4 hex digits, or fewer with
 * one `::`; the last two groups may be written as an IPv4 address.
 */
function isIpv6Address(value: string): boolean {
  const halves = value.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  const tail = halves[halves.length - 1];
  const last = tail.slice(tail.lastIndexOf(':') + 1);
  const embeddedV4 = last.includes('.');
  if (embeddedV4 && !isIpv4Address(last)) {
    return false;
  }
  const hexGroups = embeddedV4 ? groups.slice(0, -1) : groups;
  const size = hexGroups.length + (embeddedV4 ? 2 : 0);
  return hexGroups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))
    && (halves.length === 2 ? size < 8 : size === 8);
}

/** True when `value` is an IPv4 or IPv6 address literal. */
export function isIpAddress(value: string): boolean {
  return isIpv4Address(value) || (value.includes(':') && isIpv6Address(value));
}

/** True when `port` is an integer in 1..65535. */
export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * True when `value` is an IP address as Go's `netip.ParseAddr` reads it: IPv4, or IPv6 with an optional `%zone`
 * (`fe80::1%eth0`).
 */
export function isZonedIpAddress(value: string): boolean {
  const percent = value.indexOf('%');
  if (percent < 0) {
    return isIpAddress(value);
  }
  const address = value.slice(0, percent);
  return percent < value.length - 1 && address.includes(':') && isIpv6Address(address);
}

/**
 * True when `value` is an IP address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`), as Istio's `ValidateIPSubnet`
 * reads destination subnets.
 */
export function isIpSubnet(value: string): boolean {
  const parts = value.split('/');
  if (parts.length !== 2) {
    return isZonedIpAddress(value);
  }
  const [address, bits] = parts;
  const max = isIpv4Address(address) ? 32 : address.includes(':') && isIpv6Address(address) ? 128 : -1;
  return max > 0 && /^(0|[1-9]\d{0,2})$/.test(bits) && Number(bits) <= max;
}

/**
 * True when `value` is a CIDR block (`10.0.0.0/8`, `2001:db8::/32`), as Kubernetes reads a Service's
 * `loadBalancerSourceRanges`: an address alone is not one.
 */
export function isCidr(value: string): boolean {
  return value.includes('/') && isIpSubnet(value);
}

/** True when `value` may be a key of a Secret or ConfigMap: letters, digits, `-`, `_` and `.`, at most 253 characters. */
export function isSecretKey(value: string): boolean {
  return value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value) && value !== '.' && value !== '..';
}
