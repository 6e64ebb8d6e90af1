// Lab 3: builds, signs and sends webhook requests the way the two clients do
// (a Twilio-style WhatsApp form post, a web app's JSON), and redelivers an
// accepted message to the ingest topic or queue to simulate a duplicate.
import { randomUUID } from 'node:crypto';
import { deliverIngest, type DeliveryTarget } from '../../../lambdas/commons/ingest-delivery.ts';
import type { IngestMessage } from '../../../lambdas/commons/ingest-message.ts';
import { SIGNATURE_HEADER, sign } from '../../../lambdas/webhook-handler/signature.ts';
import type { ScriptClients } from '@streamlab/kit/clients';
import { routeFunctionUrl } from './function-url.ts';
import type { Target } from '@streamlab/kit/target';

export type Client = 'whatsapp' | 'web';
export const BAD_KINDS = ['unsigned', 'bad-signature', 'malformed', 'oversized'] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface WebhookRequest {
  contentType: string;
  body: string;
  message: IngestMessage;
}

export interface WebhookResponse {
  status: number;
  body: { message_id?: string; delivery_mode?: string; error?: string };
  sentAt: number;
  ms: number;
}

/** The request a client sends for `message`. */
export function buildRequest(client: Client, message: Omit<IngestMessage, 'client_type'>): WebhookRequest {
  if (client === 'web') {
    const body = JSON.stringify({ phone_number: message.phone_number, text_body: message.text_body, media_items: message.media_items });
    return { contentType: 'application/json', body, message: { ...message, client_type: 'web' } };
  }
  // Twilio's field names: From, Body, NumMedia, MediaUrl<n>, MediaContentType<n>.
  const form = new URLSearchParams({ MessageSid: `SM${randomUUID().replace(/-/g, '')}`, From: `whatsapp:${message.phone_number}`, Body: message.text_body });
  form.set('NumMedia', String(message.media_items.length));
  message.media_items.forEach((m, i) => {
    form.set(`MediaUrl${i}`, m.url);
    form.set(`MediaContentType${i}`, m.content_type);
  });
  return { contentType: 'application/x-www-form-urlencoded', body: form.toString(), message: { ...message, client_type: 'whatsapp' } };
}

/** A sample message; `n` varies the text so a burst is not one message repeated. */
export function sampleMessage(n: number, options: { text?: string; media?: number; phone?: string } = {}): Omit<IngestMessage, 'client_type'> {
  const media = Array.from({ length: options.media ?? 0 }, (_, i) => ({ url: `https://media.example.com/${randomUUID()}/photo-${i}.jpg`, content_type: 'image/jpeg' }));
  return {
    phone_number: options.phone ?? `+1415555${String(n % 10_000).padStart(4, '0')}`,
    text_body: options.text ?? `Hi, is this offer real? (message ${n})`,
    media_items: media,
  };
}

/** Sends a signed request (or a deliberately bad one) to the webhook URL. */
export async function sendWebhook(target: Target, request: WebhookRequest, bad?: BadKind): Promise<WebhookResponse> {
  let body = request.body;
  let contentType = request.contentType;
  if (bad === 'malformed') {
    body = '{"phone_number": "+14155550100", "text_body": ';
    contentType = 'application/json';
  }
  if (bad === 'oversized') body = JSON.stringify({ phone_number: '+14155550100', text_body: 'x'.repeat(70 * 1024) });
  const headers: Record<string, string> = { 'content-type': contentType };
  if (bad !== 'unsigned') headers[SIGNATURE_HEADER] = bad === 'bad-signature' ? sign('not-the-secret', body) : sign(target.webhookSecret, body);
  const route = routeFunctionUrl(target.lab3.webhook_url);
  const sentAt = Date.now();
  const response = await fetch(route.url, { method: 'POST', headers: { ...headers, ...route.headers }, body });
  const text = await response.text();
  let parsed: WebhookResponse['body'] = {};
  try {
    parsed = JSON.parse(text) as WebhookResponse['body'];
  } catch {
    parsed = { error: text };
  }
  return { status: response.status, body: parsed, sentAt, ms: Date.now() - sentAt };
}

/** Delivers an accepted message once more, with the same message_id, as SNS's at-least-once delivery or a retrying publisher could. */
export async function redeliver(clients: ScriptClients, target: Target, messageId: string, message: IngestMessage): Promise<void> {
  const lab3 = target.lab3;
  const ingest: DeliveryTarget = lab3.delivery_mode === 'sns' ? { mode: 'sns', topicArn: lab3.ingest_topic_arn! } : { mode: 'sqs', queueUrl: lab3.ingest_queue_url! };
  await deliverIngest(ingest, messageId, message, new Date().toISOString(), clients);
}
