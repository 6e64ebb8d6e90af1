// The webhook's request handling, with its side effects (publishing, ids,
// clock) passed in, so that the unit tests run it whole without AWS.
// Steps, in order; any failure answers {"error": "..."} and publishes nothing:
//   method POST (405) → body size (413) → signature (401) → content type (415)
//   → parse and validate (400) → publish → 202 {"message_id", "delivery_mode"}.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DeliveryMode } from '../commons/ingest-delivery.ts';
import { InvalidIngestMessageError, validateIngestMessage, type IngestMessage } from '../commons/ingest-message.ts';
import { logger } from '../commons/logger.ts';
import { errorResponse, HttpError, jsonResponse } from './http.ts';
import { parseJson } from './parse-json.ts';
import { parseWhatsApp } from './parse-whatsapp.ts';
import { SIGNATURE_HEADER, verifySignature } from './signature.ts';

export interface WebhookDeps {
  secret: string;
  maxBodyBytes: number;
  deliveryMode: DeliveryMode;
  /** Publishes the accepted message; a throw propagates (the caller gets 502). */
  publish: (messageId: string, msg: IngestMessage, timestamp: string) => Promise<void>;
  newMessageId: () => string;
  now: () => Date;
}

function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseMessage(contentType: string, body: string): IngestMessage {
  let candidate: IngestMessage;
  if (contentType === 'application/x-www-form-urlencoded') candidate = parseWhatsApp(body);
  else if (contentType === 'application/json') candidate = parseJson(body);
  else throw new HttpError(415, 'Content-Type must be application/json or application/x-www-form-urlencoded.');
  return validateIngestMessage(candidate);
}

/** Checks the request in order and returns the accepted message; throws HttpError otherwise. */
function acceptRequest(event: APIGatewayProxyEventV2, deps: WebhookDeps): IngestMessage {
  if (event.requestContext.http.method.toUpperCase() !== 'POST') throw new HttpError(405, 'Only POST is allowed.');
  const body = rawBody(event);
  if (body.length > deps.maxBodyBytes) throw new HttpError(413, `The body must be at most ${deps.maxBodyBytes} bytes.`);
  const headers = event.headers ?? {};
  if (!verifySignature(deps.secret, body, headers[SIGNATURE_HEADER])) {
    throw new HttpError(401, `The ${SIGNATURE_HEADER} header is missing or does not match the body.`);
  }
  try {
    return parseMessage(mediaType(headers['content-type']), body.toString('utf8'));
  } catch (error) {
    if (error instanceof InvalidIngestMessageError) throw new HttpError(400, error.message);
    throw error;
  }
}

export async function handleRequest(event: APIGatewayProxyEventV2, deps: WebhookDeps): Promise<APIGatewayProxyStructuredResultV2> {
  let msg: IngestMessage;
  try {
    msg = acceptRequest(event, deps);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    logger.warn('Request rejected', { status: error.status, reason: error.message });
    return errorResponse(error.status, error.message);
  }
  const messageId = deps.newMessageId();
  try {
    await deps.publish(messageId, msg, deps.now().toISOString());
  } catch (error) {
    // Rethrown: the caller gets a 5xx and can resend; nothing is silently lost.
    logger.error('Publishing failed', { message_id: messageId, delivery_mode: deps.deliveryMode, error: error as Error });
    throw error;
  }
  logger.info('Message accepted', {
    message_id: messageId,
    client_type: msg.client_type,
    media_count: msg.media_items.length,
    delivery_mode: deps.deliveryMode,
  });
  return jsonResponse(202, { message_id: messageId, delivery_mode: deps.deliveryMode });
}
