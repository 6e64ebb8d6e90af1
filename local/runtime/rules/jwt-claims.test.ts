// Rules from the API Gateway developer guide page http-api-jwt-authorizer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkClaims, claimsForIntegration, tokenOf } from './jwt-claims.ts';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool';
const NOW = 1_800_000_000;
const settings = { issuer: ISSUER, audience: ['client-a'], routeScopes: [] as string[] };
const token = (claims: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: 'client-a', exp: NOW + 60, iat: NOW - 1, ...claims });
const descriptionOf = (verdict: ReturnType<typeof checkClaims>) => (verdict.allowed ? 'allowed' : `${verdict.status} ${verdict.reason}`);

test('the identity source holds the token alone or after "Bearer "', () => {
  assert.is(tokenOf('abc.def.ghi'), 'abc.def.ghi');
  assert.is(tokenOf('Bearer abc.def.ghi'), 'abc.def.ghi');
  assert.is(tokenOf('bearer  abc.def.ghi'), 'abc.def.ghi');
});

test('iss must be the issuer; aud must match an audience entry, client_id only when there is no aud', () => {
  assert.is(descriptionOf(checkClaims(token(), settings, NOW)), 'allowed');
  assert.is(descriptionOf(checkClaims(token({ iss: `${ISSUER}/` }), settings, NOW)), '401 the token does not have a valid issuer');
  assert.is(descriptionOf(checkClaims(token({ aud: 'client-b' }), settings, NOW)), '401 the token does not have a valid audience');
  assert.is(descriptionOf(checkClaims(token({ aud: ['client-b', 'client-a'] }), settings, NOW)), 'allowed', 'a list of audiences, one of them ours');
  assert.is(descriptionOf(checkClaims(token({ aud: undefined, client_id: 'client-a' }), settings, NOW)), 'allowed', 'an access token: client_id');
  assert.is(descriptionOf(checkClaims(token({ aud: 'client-b', client_id: 'client-a' }), settings, NOW)), '401 the token does not have a valid audience', 'aud wins when both are there');
});

test('exp after now; nbf and iat not after now', () => {
  assert.is(descriptionOf(checkClaims(token({ exp: NOW }), settings, NOW)), '401 the token has expired');
  assert.is(descriptionOf(checkClaims(token({ exp: undefined }), settings, NOW)), '401 the token has no exp claim');
  assert.is(descriptionOf(checkClaims(token({ nbf: NOW + 5 }), settings, NOW)), '401 the token is not valid yet');
  assert.is(descriptionOf(checkClaims(token({ iat: NOW + 5 }), settings, NOW)), '401 the token was issued in the future');
  assert.is(descriptionOf(checkClaims(token({ nbf: NOW, iat: NOW }), settings, NOW)), 'allowed');
});

test("a route's scopes: the token's scope or scp must hold one of them, else 403 insufficient_scope", () => {
  const scoped = { ...settings, routeScopes: ['orders/read', 'orders/admin'] };
  const refused = checkClaims(token({ scope: 'profile orders/write' }), scoped, NOW);
  assert.is(descriptionOf(refused), "403 the token has none of the route's scopes (orders/read orders/admin)");
  assert.match(refused.allowed ? '' : refused.wwwAuthenticate, 'error="insufficient_scope"');
  assert.equal(checkClaims(token({ scope: 'profile orders/read' }), scoped, NOW), { allowed: true, claims: claimsForIntegration(token({ scope: 'profile orders/read' })), scopes: ['profile', 'orders/read'] });
  assert.is(descriptionOf(checkClaims(token({ scp: ['orders/admin'] }), scoped, NOW)), 'allowed');
  assert.is(descriptionOf(checkClaims(token(), scoped, NOW)), "403 the token has none of the route's scopes (orders/read orders/admin)");
});

test('the integration gets every claim as a string, a list as "[a b]"', () => {
  assert.equal(claimsForIntegration({ sub: 'u-1', exp: 1800000060, 'cognito:groups': ['admins', 'readers'], email_verified: true }), {
    sub: 'u-1',
    exp: '1800000060',
    'cognito:groups': '[admins readers]',
    email_verified: 'true',
  });
});

test.run();
