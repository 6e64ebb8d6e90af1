// AWS_IAM authorization of a request the runtime serves (a function URL, an
// HTTP API route): the emulator holds the credentials, so the runtime sends it
// the request as the client signed it and what the caller must be allowed
// (protocol.ts, 6; local/emulator/function_url_auth.py). askUrlAuth is the one
// client of that path, for the public check of an AuthType NONE URL too.
import type { IncomingMessage } from 'node:http';
import { headersOf, type HttpResponse } from './http-payloads.ts';
import { type PublicUrlAuthRequest, URL_AUTH_PATH, type UrlAuthReply, type UrlAuthRequest } from './protocol.ts';
import { iamRefusalBody } from './rules/http-authorizers.ts';

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
  return askUrlAuth(endpoint, request);
}

/** The emulator's verdict (URL_AUTH_PATH) on a signed request or on an AuthType NONE URL. */
export async function askUrlAuth(endpoint: string, request: UrlAuthRequest | PublicUrlAuthRequest): Promise<UrlAuthReply> {
  const answer = await fetch(new URL(URL_AUTH_PATH, endpoint), { method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'application/json' } });
  if (!answer.ok) throw new Error(`the emulator answered ${answer.status} to ${URL_AUTH_PATH}`);
  return (await answer.json()) as UrlAuthReply;
}

/**
 * An API Gateway route (HTTP API) or method (REST API) with AWS_IAM
 * authorization: undefined when the signed caller may invoke `routeArn`,
 * else the 403 API Gateway answers and the reason for the trace.
 */
export async function executeApiRefusal(
  endpoint: string,
  req: IncomingMessage,
  body: Buffer,
  publicHost: string | undefined,
  routeArn: string,
  api: 'http' | 'rest',
): Promise<{ response: HttpResponse; reason: string } | undefined> {
  const verdict = await checkSignedRequest(endpoint, req, body, publicHost, { executeApiArn: routeArn });
  if (verdict.allowed) return undefined;
  return {
    response: { status: 403, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(iamRefusalBody(api, verdict.refusal, verdict.principal, routeArn))) },
    reason: `AWS_IAM: ${verdict.reason ?? 'not allowed'}${verdict.principal ? ` (${verdict.principal})` : ''}`,
  };
}
