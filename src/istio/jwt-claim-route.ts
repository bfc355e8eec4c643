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
  return jwtClaimPath(name) !== undefined;
}

/**
 * The claims a JWT claim key names, outermost first (`@request.auth.claims.group.id` and
 * `@request.auth.claims[group][id]` both name `group`, then `id`), or undefined for a key that names a header.
 */
export function jwtClaimPath(name: string): string[] | undefined {
  if (name.length <= JWT_CLAIM_PREFIX.length || name.slice(0, JWT_CLAIM_PREFIX.length).toLowerCase() !== JWT_CLAIM_PREFIX) {
    return undefined;
  }
  const claims = name.slice(JWT_CLAIM_PREFIX.length);
  if (claims.startsWith('.') && claims.length > 1) {
    return claims.slice(1).split('.');
  }
  if (claims.startsWith('[') && claims.endsWith(']') && claims.length > 2) {
    return claims.slice(1, -1).split('][');
  }
  return undefined;
}
