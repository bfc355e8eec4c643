/**
 * JWT claim keys in VirtualService header matches: `@request.auth.claims.NAME` (claims separated by dots) or
 * `@request.auth.claims[NAME]` (`[a][b]` for nested claims). istiod turns them into matches on the claims of a JWT that
 * a RequestAuthentication verified; they are allowed only in VirtualServices bound to gateways (istio/istio
 * `pkg/jwt/routing.go`, `ToRoutingClaim`).
 */

/** The prefix of a JWT claim key, compared without regard to case. */
export const JWT_CLAIM_PREFIX = '@request.auth.claims';

/** True when a header match key names JWT claims rather than a header. */
export function isJwtClaimRoute(name: string): boolean {
  if (name.length <= JWT_CLAIM_PREFIX.length || name.slice(0, JWT_CLAIM_PREFIX.length).toLowerCase() !== JWT_CLAIM_PREFIX) {
    return false;
  }
  const claims = name.slice(JWT_CLAIM_PREFIX.length);
  return (claims.startsWith('.') && claims.length > 1) || (claims.startsWith('[') && claims.endsWith(']') && claims.length > 2);
}
