import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidOrderError, validateOrder } from './order.ts';

const valid = { orderId: 'order-1', userId: 'user-42', itemName: 'Wireless Mouse', quantity: 2, status: 'PENDING', timestamp: '2026-11-22T10:00:00Z' };

test("the seed's sample order is valid", () => {
  assert.equal(validateOrder(valid), valid);
});

test('extra fields are dropped', () => {
  assert.equal(validateOrder({ ...valid, coupon: 'FREE' }), valid);
});

test('quantity must be a positive integer', () => {
  for (const quantity of [0, -1, 1.5, '2', null]) {
    assert.throws(() => validateOrder({ ...valid, quantity }), /quantity must be a positive integer/);
  }
});

test('status must be one of the documented set', () => {
  assert.throws(() => validateOrder({ ...valid, status: 'LOST' }), /status must be one of PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED/);
  assert.is(validateOrder({ ...valid, status: 'DELIVERED' }).status, 'DELIVERED');
});

test('timestamp must be ISO-8601 with a time zone', () => {
  for (const timestamp of ['yesterday', '2026-11-22', '2026-11-22 10:00:00', '2026-13-40T10:00:00Z', 1700000000]) {
    assert.throws(() => validateOrder({ ...valid, timestamp }), /timestamp must be an ISO-8601/);
  }
  assert.is(validateOrder({ ...valid, timestamp: '2026-11-22T10:00:00.123+01:00' }).timestamp, '2026-11-22T10:00:00.123+01:00');
});

test('empty or non-string ids and names are invalid, and every problem is listed', () => {
  assert.throws(
    () => validateOrder({ ...valid, userId: '', itemName: 42 }),
    (e: Error) => e instanceof InvalidOrderError && e.message === 'order order-1: userId must be a non-empty string; itemName must be a non-empty string',
  );
});

test('a non-object is invalid', () => {
  for (const input of [null, [], 'order', 7]) assert.throws(() => validateOrder(input), /must be a JSON object/);
});

test.run();
