// Shared by the webhook tests: a signed function-URL event (payload format 2.0).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { sign } from './signature.ts';

export const SECRET = 'test-secret';

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export function webhookEvent(options: {
  body?: string;
  method?: string;
  contentType?: string;
  signature?: string | null;
  base64?: boolean;
}): APIGatewayProxyEventV2 {
  const body = options.body ?? '';
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.signature !== null) headers['x-streamlab-signature'] = options.signature ?? sign(SECRET, body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'url-id',
      domainName: 'url-id.lambda-url.us-east-1.on.aws',
      domainPrefix: 'url-id',
      http: { method: options.method ?? 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}
