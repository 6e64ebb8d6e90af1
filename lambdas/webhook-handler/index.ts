// webhook-handler (lab 3): a Lambda function URL that accepts signed messages
// from WhatsApp (Twilio form posts) and web clients (JSON), and hands each
// accepted message to the background processor through the ingest topic
// (DELIVERY_MODE=sns, push) or the ingest queue (DELIVERY_MODE=sqs, polling).
// The checks live in handle-request.ts; this file wires the environment and AWS.
// The HMAC secret is an SSM SecureString, read through Powertools Parameters and
// cached for five minutes, so a rotated secret takes effect without a deploy.
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { requireEnv } from '@streamlab/kit/env';
import { deliverIngest, deliveryTargetFromEnv } from '../commons/ingest-delivery.ts';
import { logger } from '../commons/logger.ts';
import { handleRequest, type WebhookDeps } from './handle-request.ts';

function maxBodyBytesFromEnv(): number {
  const value = process.env['MAX_BODY_BYTES'];
  if (value === undefined || value === '') return 65536;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes <= 0) throw new Error(`MAX_BODY_BYTES must be a positive integer, not "${value}"`);
  return bytes;
}

const SECRET_CACHE_SECONDS = 300;
const secretParameter = requireEnv('WEBHOOK_SECRET_PARAMETER');
const target = deliveryTargetFromEnv();
const deps: Omit<WebhookDeps, 'secret'> = {
  maxBodyBytes: maxBodyBytesFromEnv(),
  deliveryMode: target.mode,
  publish: (messageId, msg, timestamp) => deliverIngest(target, messageId, msg, timestamp),
  newMessageId: randomUUID,
  now: () => new Date(),
};

export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
  logger.addContext(context);
  const secret = await getParameter(secretParameter, { decrypt: true, maxAge: SECRET_CACHE_SECONDS });
  if (!secret) throw new Error(`SSM parameter ${secretParameter} is empty`);
  return handleRequest(event, { ...deps, secret });
};
