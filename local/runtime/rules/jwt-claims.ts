// JWT authorizers for HTTP APIs, as the API Gateway developer guide's
// "Control access to HTTP APIs with JWT authorizers" describes them. Pure
// rules: the token in the identity source, the claims checked after the
// signature (iss, aud or client_id, exp, nbf, iat, then the route's scopes),
// and what the integration is handed. jwt-keys.ts fetches the issuer's keys
// and checks the signature; http-apis.ts runs both.

/** What a JWT authorizer decided. A refusal carries the www-authenticate header API Gateway sends with it. */
export type JwtVerdict = { allowed: true; claims: Record<string, string>; scopes: string[] | null } | { allowed: false; status: 401 | 403; reason: string; wwwAuthenticate: string };

export interface JwtSettings {
  /** JwtConfiguration.Issuer: the token's iss must equal it. */
  issuer: string;
  /** JwtConfiguration.Audience: the token's aud (or client_id when it has no aud) must be one of them. */
  audience: string[];
  /** The route's AuthorizationScopes: when any, the token must carry at least one. */
  routeScopes: string[];
}

/** The token in an identity source's value: the value itself, or what follows "Bearer ". */
export function tokenOf(value: string): string {
  return value.replace(/^Bearer\s+/i, '').trim();
}

/** A 401 with the header API Gateway sends ("the token does not have a valid audience" is the guide's own example). */
export function invalidToken(description: string): JwtVerdict {
  return { allowed: false, status: 401, reason: description, wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"` };
}

/** The token's scopes: `scope` (space-separated) or `scp` (a list or a string). */
function scopesOf(payload: Record<string, unknown>): string[] {
  const raw = payload['scope'] ?? payload['scp'];
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === 'string' ? raw.split(' ').filter(Boolean) : [];
}

/** Claims as API Gateway hands them to the integration: every value a string, a list as "[a b]". */
export function claimsForIntegration(payload: Record<string, unknown>): Record<string, string> {
  const flat = (value: unknown): string => (Array.isArray(value) ? `[${value.map(flat).join(' ')}]` : value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, flat(value)]));
}

/**
 * The guide's claim checks, in its order, on a token whose signature was
 * verified: iss equals the issuer; aud (or client_id when aud is absent)
 * matches an audience entry; exp is after now, nbf and iat (when present) are
 * not after it; then, when the route names scopes, the token's scope or scp
 * holds one of them (else 403 insufficient_scope, as RFC 6750 words it).
 */
export function checkClaims(payload: Record<string, unknown>, settings: JwtSettings, nowSeconds: number): JwtVerdict {
  if (payload['iss'] !== settings.issuer) return invalidToken('the token does not have a valid issuer');
  const audiences = payload['aud'] !== undefined ? [payload['aud']].flat().map(String) : payload['client_id'] !== undefined ? [String(payload['client_id'])] : [];
  if (!audiences.some((audience) => settings.audience.includes(audience))) return invalidToken('the token does not have a valid audience');
  if (typeof payload['exp'] !== 'number') return invalidToken('the token has no exp claim');
  if (payload['exp'] <= nowSeconds) return invalidToken('the token has expired');
  if (typeof payload['nbf'] === 'number' && payload['nbf'] > nowSeconds) return invalidToken('the token is not valid yet');
  if (typeof payload['iat'] === 'number' && payload['iat'] > nowSeconds) return invalidToken('the token was issued in the future');
  const scopes = scopesOf(payload);
  if (settings.routeScopes.length > 0 && !scopes.some((scope) => settings.routeScopes.includes(scope))) {
    const expected = settings.routeScopes.join(' ');
    return { allowed: false, status: 403, reason: `the token has none of the route's scopes (${expected})`, wwwAuthenticate: `Bearer scope="${expected}" error="insufficient_scope" error_description="expected scopes: [${expected}]"` };
  }
  return { allowed: true, claims: claimsForIntegration(payload), scopes: scopes.length > 0 ? scopes : null };
}
