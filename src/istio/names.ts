/**
 * Kubernetes and DNS name rules that Istio and the API server enforce.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SERVICE_NAME = /^(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True when `value` is a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters). */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
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

/** True when `value` is an IPv4 or IPv6 address literal. */
export function isIpAddress(value: string): boolean {
  const v4 = value.split('.');
  if (v4.length === 4 && v4.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) {
    return true;
  }
  return value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value) && value.split('::').length <= 2;
}

/** True when `port` is an integer in 1..65535. */
export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}
