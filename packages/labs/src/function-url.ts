// How a script reaches a function URL. On the local target the URL is the
// runtime's own (http://127.0.0.1:<port+2>/lambda-url/<function>/). On AWS it is
// https://<url-id>.lambda-url.<region>.on.aws/; `make rehearse` applies the AWS
// target to an emulator, where that host resolves nowhere, so it sets
// STREAMLAB_FUNCTION_URL_ENDPOINT to the runtime and the request goes there
// with the URL's host name in X-Forwarded-Host. A learner on AWS never sets it.
import { AWS_URL_HOST } from '../../../local/runtime/function-urls.ts';

export interface UrlRequest {
  url: string;
  headers: Record<string, string>;
}

/** Where to send a request for `url`, and the headers that route it. */
export function routeFunctionUrl(url: string, endpoint = process.env['STREAMLAB_FUNCTION_URL_ENDPOINT']): UrlRequest {
  const parsed = new URL(url);
  if (!endpoint || !AWS_URL_HOST.test(parsed.hostname)) return { url, headers: {} };
  return { url: new URL(parsed.pathname + parsed.search, endpoint).toString(), headers: { 'x-forwarded-host': parsed.hostname } };
}
