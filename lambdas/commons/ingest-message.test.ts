import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ingestAttributes, ingestBody, maskPhoneNumber, toSnsAttributes, toSqsAttributes, type IngestMessage } from './ingest-message.ts';

const msg: IngestMessage = {
  text_body: 'hi',
  media_items: [{ url: 'https://a.example.com/x.png', content_type: 'image/png' }],
  client_type: 'whatsapp',
  phone_number: '+14155550100',
};

test('the body is JSON with a fixed key order', () => {
  assert.is(
    ingestBody(msg),
    '{"phone_number":"+14155550100","client_type":"whatsapp","media_items":[{"url":"https://a.example.com/x.png","content_type":"image/png"}],"text_body":"hi"}',
  );
});

test('attributes are message_id, client_type, phone_number and timestamp, as String for SNS and SQS', () => {
  const attributes = ingestAttributes('m-1', msg, '2026-11-22T10:00:00.000Z');
  assert.equal(attributes, { message_id: 'm-1', client_type: 'whatsapp', phone_number: '+14155550100', timestamp: '2026-11-22T10:00:00.000Z' });
  assert.equal(toSnsAttributes(attributes)['message_id'], { DataType: 'String', StringValue: 'm-1' });
  assert.equal(toSqsAttributes(attributes)['timestamp'], { DataType: 'String', StringValue: '2026-11-22T10:00:00.000Z' });
  assert.equal(Object.keys(toSqsAttributes(attributes)), ['message_id', 'client_type', 'phone_number', 'timestamp']);
});

test('phone numbers are masked but for the last 4 digits', () => {
  assert.is(maskPhoneNumber('+14155550100'), '+*******0100');
  assert.is(maskPhoneNumber('+123'), '+123');
});

test.run();
