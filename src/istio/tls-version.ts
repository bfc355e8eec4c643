/**
 * The order of TLS protocol versions in a Gateway server's `tls.minProtocolVersion` / `tls.maxProtocolVersion`. Envoy
 * refuses a listener whose minimum version is above its maximum (`min_protocol_version` > `max_protocol_version`), so
 * the whole Gateway's configuration is rejected. `TLS_AUTO`, or no version, leaves the bound to Envoy's default for a
 * server (minimum TLS 1.2, maximum TLS 1.3): {@link isTlsVersionRangeEmpty} compares explicit bounds, so a maximum below
 * TLS 1.2 without a minimum is checked with TLS 1.2 as the minimum.
 */
import { TlsVersion } from './protocol';

/** Explicit TLS versions, oldest first. */
const ORDER: readonly string[] = [TlsVersion.TLSV1_0, TlsVersion.TLSV1_1, TlsVersion.TLSV1_2, TlsVersion.TLSV1_3];

/** True when `value` is a member of {@link TlsVersion}. */
export function isTlsVersion(value: unknown): value is TlsVersion {
  return (Object.values(TlsVersion) as unknown[]).includes(value);
}

/** True when a server with these bounds accepts no TLS version: both explicit and the minimum above the maximum. */
export function isTlsVersionRangeEmpty(min: TlsVersion | undefined, max: TlsVersion | undefined): boolean {
  const low = min === undefined ? -1 : ORDER.indexOf(min);
  const high = max === undefined ? -1 : ORDER.indexOf(max);
  return low >= 0 && high >= 0 && low > high;
}
