import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidMessageError, toMessage } from './message.ts';

test('a complete item becomes a Message', () => {
  const item = { message_id: 'm-1', author: 'alice', text: 'hi', timestamp: '2026-11-22T10:00:00Z', extra: 1 };
  assert.equal(toMessage(item), { message_id: 'm-1', author: 'alice', text: 'hi', timestamp: '2026-11-22T10:00:00Z' });
});

test('reply_to_message_id is kept for replies', () => {
  assert.is(toMessage({ message_id: 'm', author: 'a', text: 't', timestamp: 'now', reply_to_message_id: 'm-0' }).reply_to_message_id, 'm-0');
});

test('an item without text is invalid and names the field', () => {
  assert.throws(() => toMessage({ message_id: 'm-9', author: 'a', timestamp: 'now' }), (e: Error) => e instanceof InvalidMessageError && /m-9: "text"/.test(e.message));
});

test('an empty author is invalid', () => {
  assert.throws(() => toMessage({ message_id: 'm', author: '  ', text: 't', timestamp: 'now' }), /"author" must be a non-empty string/);
});

test.run();
