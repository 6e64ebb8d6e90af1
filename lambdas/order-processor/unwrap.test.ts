import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unwrapOrder } from './unwrap.ts';
import { versionOf } from './order.ts';

const order = { orderId: 'order-1', quantity: 2 };
const envelope = { Type: 'Notification', MessageId: 'sns-1', TopicArn: 'arn:aws:sns:us-east-1:123456789012:OrderTopic', Message: JSON.stringify(order) };

test('the order is the Message inside the SNS envelope inside the SQS body', () => {
  const { envelope: e, order: o } = unwrapOrder({ messageId: 'm', body: JSON.stringify(envelope) });
  assert.is(e.MessageId, 'sns-1');
  assert.equal(o, order);
});

test('a body that is not JSON, not an SNS notification, or carries no JSON order is invalid', () => {
  assert.throws(() => unwrapOrder({ messageId: 'm1', body: 'not json' }), /m1: body is not JSON/);
  assert.throws(() => unwrapOrder({ messageId: 'm2', body: JSON.stringify(order) }), /m2: body is not an SNS notification/);
  assert.throws(() => unwrapOrder({ messageId: 'm3', body: JSON.stringify({ ...envelope, Message: 'hi' }) }), /m3: the SNS message is not JSON/);
});

test('versions compare in time order whatever the offset', () => {
  const a = versionOf({ timestamp: '2026-11-22T10:00:00+01:00' }); // 09:00 UTC
  const b = versionOf({ timestamp: '2026-11-22T09:30:00Z' });
  assert.ok(a < b);
  assert.is(a, '2026-11-22T09:00:00.000Z');
});

test.run();
