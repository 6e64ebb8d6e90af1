// The signature half of a JWT authorizer: the issuer's public keys, read from
// its OpenID discovery document's jwks_uri, and the token checked against the
// key its kid names, with an RSA algorithm only (the guide: "API Gateway
// supports only RSA-based algorithms"). An issuer on an AWS host name (an
// Amazon Cognito user pool: https://cognito-idp.<region>.amazonaws.com/<pool>)
// is read from the emulator, which serves moto's discovery document and keys;
// any other issuer (a learner's own OIDC server) is read where it is.
import { compactVerify, createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
/** Keys are read again after this long, or at once when a token names a kid they lack (a rotation). */
const KEYS_CACHE_MS = 2 * 60 * 60 * 1000;

export type SignatureCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; description: string; detail?: string };

/** The address to read `url` at: an AWS host name's path on the emulator, any other address as it is. */
export function localAddressOf(url: string, emulatorEndpoint: string): string {
  const parsed = new URL(url);
  if (!parsed.hostname.endsWith('.amazonaws.com')) return url;
  return `${emulatorEndpoint.replace(/\/$/, '')}${parsed.pathname}${parsed.search}`;
}

export class JwtKeys {
  private readonly keys = new Map<string, { until: number; keySet: ReturnType<typeof createLocalJWKSet> }>();

  constructor(private readonly emulatorEndpoint: string) {}

  forget(): void {
    this.keys.clear();
  }

  /** Whether the token is signed by a key of `issuer`; its payload when it is. */
  async verify(token: string, issuer: string): Promise<SignatureCheck> {
    let keySet: ReturnType<typeof createLocalJWKSet>;
    try {
      keySet = await this.keySetOf(issuer, false);
    } catch (error) {
      return { ok: false, description: "the issuer's keys could not be read", detail: `${issuer}: ${(error as Error).message}` };
    }
    try {
      return this.payloadOf(await compactVerify(token, keySet, { algorithms: RSA_ALGORITHMS }));
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) return { ok: false, description: describe(error) };
    }
    // A kid the cached keys lack: the issuer may have rotated them.
    try {
      return this.payloadOf(await compactVerify(token, await this.keySetOf(issuer, true), { algorithms: RSA_ALGORITHMS }));
    } catch (error) {
      return { ok: false, description: describe(error) };
    }
  }

  private payloadOf(verified: { payload: Uint8Array }): SignatureCheck {
    const payload: unknown = JSON.parse(new TextDecoder().decode(verified.payload));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? { ok: true, payload: payload as Record<string, unknown> } : { ok: false, description: 'the token has no claims' };
  }

  private async keySetOf(issuer: string, fresh: boolean): Promise<ReturnType<typeof createLocalJWKSet>> {
    const cached = this.keys.get(issuer);
    if (cached && !fresh && cached.until > Date.now()) return cached.keySet;
    const discovery = (await this.readJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)) as { jwks_uri?: unknown };
    if (typeof discovery.jwks_uri !== 'string') throw new Error('its discovery document names no jwks_uri');
    const keySet = createLocalJWKSet((await this.readJson(discovery.jwks_uri)) as JSONWebKeySet);
    this.keys.set(issuer, { until: Date.now() + KEYS_CACHE_MS, keySet });
    return keySet;
  }

  private async readJson(url: string): Promise<unknown> {
    const response = await fetch(localAddressOf(url, this.emulatorEndpoint), { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }
}

/** jose's reasons, in the words of API Gateway's error_description. */
function describe(error: unknown): string {
  if (error instanceof errors.JWKSNoMatchingKey) return "the token's kid matches no key of the issuer";
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature is invalid";
  return 'the token is malformed';
}
