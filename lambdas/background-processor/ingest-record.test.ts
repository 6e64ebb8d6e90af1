import type { SNSEventRecord, SQSRecord } from 'aws-lambda';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventShape, fromSnsRecord, fromSqsRecord, InvalidIngestRecordError } from './ingest-record.ts';

const message = { phone_number: '+14155550100', client_type: 'web', media_items: [], text_body: 'hello' };
const ID = '8d3c1f5e-0000-4000-8000-000000000001';

function snsRecord(body: string, attributes: Record<string, { Type: string; Value: string }>): SNSEventRecord {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:ingest:sub',
    Sns: {
      Type: 'Notification',
      MessageId: 'sns-1',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:ingest',
      Subject: '',
      Message: body,
      Timestamp: '2026-11-22T10:00:00.000Z',
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: attributes,
    },
  };
}

function sqsRecord(body: string, attributes: SQSRecord['messageAttributes']): SQSRecord {
  return {
    messageId: 'sqs-1',
    receiptHandle: 'rh',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: attributes,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:ingest',
    awsRegion: 'us-east-1',
  };
}

test('an SNS record: message_id from {Type, Value} attributes, body from Sns.Message', () => {
  const r = snsRecord(JSON.stringify(message), { message_id: { Type: 'String', Value: ID }, client_type: { Type: 'String', Value: 'web' } });
  assert.equal(fromSnsRecord(r), { message_id: ID, ...message });
});

test('an SQS record: message_id from {stringValue, dataType} attributes, raw JSON body', () => {
  const r = sqsRecord(JSON.stringify(message), { message_id: { dataType: 'String', stringValue: ID } });
  assert.equal(fromSqsRecord(r), { message_id: ID, ...message });
});

test('a missing or invalid message_id is a clear error', () => {
  assert.throws(() => fromSnsRecord(snsRecord(JSON.stringify(message), {})), (e: Error) => e instanceof InvalidIngestRecordError && e.message === 'SNS message sns-1: the message_id attribute is missing or invalid.');
  assert.throws(() => fromSqsRecord(sqsRecord(JSON.stringify(message), {})), /SQS message sqs-1: the message_id attribute is missing or invalid/);
  assert.throws(() => fromSqsRecord(sqsRecord(JSON.stringify(message), { message_id: { dataType: 'String', stringValue: 'a b' } })), /missing or invalid/);
});

test('a body that is not JSON or not a valid message is a clear error', () => {
  const attrs = { message_id: { dataType: 'String', stringValue: ID } };
  assert.throws(() => fromSqsRecord(sqsRecord('hello', attrs)), new RegExp(`SQS message sqs-1 \\(message_id ${ID}\\): the body is not JSON`));
  assert.throws(() => fromSqsRecord(sqsRecord(JSON.stringify({ ...message, client_type: 'fax' }), attrs)), /client_type must be one of whatsapp, web/);
  // An SNS envelope in an SQS body is not what the webhook sends.
  assert.throws(() => fromSqsRecord(sqsRecord(JSON.stringify({ Type: 'Notification', Message: JSON.stringify(message) }), attrs)), /phone_number must be an E\.164/);
});

test('the event shape is detected from the first record', () => {
  assert.is(eventShape({ Records: [snsRecord('{}', {})] }), 'sns');
  assert.is(eventShape({ Records: [sqsRecord('{}', {})] }), 'sqs');
  assert.throws(() => eventShape({ Records: [] }), /neither an SNS event nor an SQS batch/);
  assert.throws(() => eventShape({}), /neither/);
});

test.run();
