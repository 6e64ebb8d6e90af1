// The webhook signature: x-streamlab-signature = "sha256=" + hex HMAC-SHA256 of
// the raw body bytes with the shared secret. Only a holder of the secret can
// produce it, and any change to the body invalidates it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-streamlab-signature';
const PREFIX = 'sha256=';

/** The header value for `body`; the scripts and tests sign with it. */
export function sign(secret: string, body: Buffer | string): string {
  return PREFIX + createHmac('sha256', secret).update(body).digest('hex');
}

/** True when `header` is the signature of `body`; compared in constant time. */
export function verifySignature(secret: string, body: Buffer | string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(sign(secret, body), 'utf8');
  const given = Buffer.from(header.trim(), 'utf8');
  // timingSafeEqual throws on different lengths; a wrong length is simply wrong.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
