import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IngestMessage } from '../commons/ingest-message.ts';
import { logger } from '../commons/logger.ts';
import { handleRequest, type WebhookDeps } from './handle-request.ts';
import { sign } from './signature.ts';
import { formBody, SECRET, webhookEvent } from './test-fixtures.ts';

logger.setLogLevel('SILENT');

type Published = { messageId: string; msg: IngestMessage; timestamp: string };

function deps(overrides: Partial<WebhookDeps> = {}): WebhookDeps & { published: Published[] } {
  const published: Published[] = [];
  return {
    secret: SECRET,
    maxBodyBytes: 1024,
    deliveryMode: 'sns',
    publish: async (messageId, msg, timestamp) => void published.push({ messageId, msg, timestamp }),
    newMessageId: () => '8d3c1f5e-0000-4000-8000-000000000001',
    now: () => new Date('2026-11-22T10:00:00.000Z'),
    ...overrides,
    published,
  };
}

const json = JSON.stringify({ phone_number: '+14155550100', text_body: 'hello' });
const body = (r: { body?: string }) => JSON.parse(r.body ?? '') as Record<string, unknown>;

test('a signed JSON message is published and answered 202', async () => {
  const d = deps();
  const r = await handleRequest(webhookEvent({ body: json }), d);
  assert.is(r.statusCode, 202);
  assert.equal(body(r), { message_id: '8d3c1f5e-0000-4000-8000-000000000001', delivery_mode: 'sns' });
  assert.equal(d.published, [
    {
      messageId: '8d3c1f5e-0000-4000-8000-000000000001',
      msg: { phone_number: '+14155550100', client_type: 'web', media_items: [], text_body: 'hello' },
      timestamp: '2026-11-22T10:00:00.000Z',
    },
  ]);
});

test('a signed WhatsApp form (base64, charset parameter) is published as whatsapp; sqs mode is reported', async () => {
  const form = formBody({ From: 'whatsapp:+14155550100', Body: '', NumMedia: '1', MediaUrl0: 'https://m.example.com/a.jpg', MediaContentType0: 'image/jpeg' });
  const d = deps({ deliveryMode: 'sqs' });
  const r = await handleRequest(webhookEvent({ body: form, base64: true, contentType: 'application/x-www-form-urlencoded; charset=UTF-8' }), d);
  assert.is(r.statusCode, 202);
  assert.is(body(r)['delivery_mode'], 'sqs');
  assert.equal(d.published[0]!.msg, {
    phone_number: '+14155550100',
    client_type: 'whatsapp',
    media_items: [{ url: 'https://m.example.com/a.jpg', content_type: 'image/jpeg' }],
    text_body: '',
  });
});

test('405 for a method other than POST', async () => {
  const d = deps();
  const r = await handleRequest(webhookEvent({ body: json, method: 'GET' }), d);
  assert.is(r.statusCode, 405);
  assert.equal(body(r), { error: 'Only POST is allowed.' });
  assert.is(d.published.length, 0);
});

test('413 for a body over MAX_BODY_BYTES (counted in bytes after base64 decoding), before the signature', async () => {
  const d = deps({ maxBodyBytes: 100 });
  const big = JSON.stringify({ phone_number: '+14155550100', text_body: 'é'.repeat(60) }); // 60 characters, 120 bytes
  const r = await handleRequest(webhookEvent({ body: big, base64: true, signature: 'sha256=wrong' }), d);
  assert.is(r.statusCode, 413);
  assert.equal(body(r), { error: 'The body must be at most 100 bytes.' });
  assert.is(d.published.length, 0);
});

test('401 for a missing, wrong or tampered signature', async () => {
  const d = deps();
  for (const event of [
    webhookEvent({ body: json, signature: null }),
    webhookEvent({ body: json, signature: sign('other-secret', json) }),
    webhookEvent({ body: json.replace('hello', 'hullo'), signature: sign(SECRET, json) }),
    webhookEvent({ body: json, signature: 'sha256=' }),
  ]) {
    const r = await handleRequest(event, d);
    assert.is(r.statusCode, 401);
    assert.equal(body(r), { error: 'The x-streamlab-signature header is missing or does not match the body.' });
  }
  assert.is(d.published.length, 0);
});

test('415 for another content type, after the signature check', async () => {
  const d = deps();
  const r = await handleRequest(webhookEvent({ body: json, contentType: 'text/plain' }), d);
  assert.is(r.statusCode, 415);
  assert.match(String(body(r)['error']), /Content-Type must be application\/json or application\/x-www-form-urlencoded/);
  const unsigned = await handleRequest(webhookEvent({ body: json, contentType: 'text/plain', signature: null }), d);
  assert.is(unsigned.statusCode, 401);
  assert.is(d.published.length, 0);
});

test('400 for invalid messages, with one clear sentence', async () => {
  const d = deps();
  const cases: [string, string, string][] = [
    ['application/json', '{not json', 'The body is not valid JSON.'],
    ['application/json', JSON.stringify({ phone_number: '555-0100', text_body: 'hi' }), 'phone_number must be an E.164 number such as +14155550100.'],
    ['application/x-www-form-urlencoded', formBody({ Body: 'hi' }), 'From is required.'],
    ['application/x-www-form-urlencoded', formBody({ From: '+14155550100', Body: 'hi', NumMedia: '1' }), 'NumMedia is 1 but the form carries 0 MediaUrl field(s) (none).'],
  ];
  for (const [contentType, b, error] of cases) {
    const r = await handleRequest(webhookEvent({ body: b, contentType }), d);
    assert.is(r.statusCode, 400, b);
    assert.equal(body(r), { error });
  }
  assert.is(d.published.length, 0);
});

test('a publish failure propagates (the caller gets a 5xx) instead of a false 202', async () => {
  const d = deps({ publish: async () => Promise.reject(new Error('SNS is down')) });
  try {
    await handleRequest(webhookEvent({ body: json }), d);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as Error).message, 'SNS is down');
  }
});

test.run();
