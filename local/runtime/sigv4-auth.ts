// AWS_IAM authorization of a request the runtime serves (a function URL, an
// HTTP API route): the emulator holds the credentials, so the runtime sends it
// the request as the client signed it and what the caller must be allowed
// (protocol.ts, 6; local/emulator/function_url_auth.py).
import type { IncomingMessage } from 'node:http';
import { headersOf } from './http-payloads.ts';
import { URL_AUTH_PATH, type UrlAuthReply, type UrlAuthRequest } from './protocol.ts';

/**
 * The emulator's verdict on a SigV4-signed request. `publicHost` is the host
 * name the client called on AWS (the rehearsal's X-Forwarded-Host), which it
 * signed over https; without it, the local address it called.
 */
export async function checkSignedRequest(
  endpoint: string,
  req: IncomingMessage,
  body: Buffer,
  publicHost: string | undefined,
  permission: Pick<UrlAuthRequest, 'functionArn' | 'executeApiArn'>,
): Promise<UrlAuthReply> {
  const request: UrlAuthRequest = {
    method: req.method ?? 'GET',
    url: `${publicHost ? 'https' : 'http'}://${publicHost ?? req.headers['host'] ?? 'localhost'}${req.url ?? '/'}`,
    headers: headersOf(req),
    body: body.toString('base64'),
    ...permission,
  };
  const answer = await fetch(new URL(URL_AUTH_PATH, endpoint), { method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'application/json' } });
  return (await answer.json()) as UrlAuthReply;
}
