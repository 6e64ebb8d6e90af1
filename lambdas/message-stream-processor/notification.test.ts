import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Message } from './message.ts';
import { buildNotification, MAX_TEXT_CHARS } from './notification.ts';

const alice: Message = { message_id: 'm-1', author: 'alice', text: 'Hello stream', timestamp: '2026-11-22T10:00:00Z' };
const bobReply: Message = { message_id: 'm-2', author: 'bob', text: 'Hi alice', timestamp: '2026-11-22T10:01:00Z', reply_to_message_id: 'm-1' };

function bodies(message: string): Record<string, string> {
  return JSON.parse(message) as Record<string, string>;
}

test('an inserted message announces message_created with filterable attributes', () => {
  const n = buildNotification({ eventName: 'INSERT', newMessage: alice })!;
  assert.is(n.document.event_type, 'message_created');
  assert.equal(n.attributes, {
    event_type: { DataType: 'String', StringValue: 'message_created' },
    author: { DataType: 'String', StringValue: 'alice' },
    message_id: { DataType: 'String', StringValue: 'm-1' },
    kind: { DataType: 'String', StringValue: 'message' },
    text_length: { DataType: 'Number', StringValue: '12' },
    keywords: { DataType: 'String.Array', StringValue: '["hello","stream"]' },
  });
  assert.is(n.subject, 'New message from alice: Hello stream');
});

test('the SNS message carries readable email text and parseable JSON for queues', () => {
  const n = buildNotification({ eventName: 'INSERT', newMessage: alice })!;
  const b = bodies(n.message);
  assert.ok(b['email']!.includes('alice wrote at 2026-11-22T10:00:00Z:'));
  assert.ok(b['email']!.includes('Hello stream'));
  assert.equal(JSON.parse(b['sqs']!), n.document);
  assert.equal(JSON.parse(b['default']!), n.document);
});

test('a reply carries the original author and text', () => {
  const n = buildNotification({ eventName: 'INSERT', newMessage: bobReply, original: { found: true, message: alice } })!;
  assert.is(n.document.event_type, 'reply_created');
  assert.equal(n.document.in_reply_to, { found: true, message: alice });
  assert.ok(bodies(n.message)['email']!.includes('In reply to alice (2026-11-22T10:00:00Z):\n> Hello stream'));
  assert.is(n.subject, 'New reply from bob: Hi alice');
});

test('a threaded reply carries its thread id and kind reply; two deep, the email shows the chain', () => {
  const root: Message = { ...alice, thread_id: 'm-1' };
  const reply: Message = { ...bobReply, thread_id: 'm-1' };
  const direct = buildNotification({ eventName: 'INSERT', newMessage: reply, original: { found: true, message: root }, thread: { thread_id: 'm-1', depth: 1, chain: [{ message_id: 'm-1', author: 'alice', text: 'Hello stream' }], elided: 0 } })!;
  assert.equal(direct.attributes['thread_id'], { DataType: 'String', StringValue: 'm-1' });
  assert.equal(direct.attributes['kind'], { DataType: 'String', StringValue: 'reply' });
  assert.is(direct.document.thread?.depth, 1);
  assert.ok(bodies(direct.message)['email']!.includes('In reply to alice'), 'a direct reply shows its original, as in lab 1');
  const deeper: Message = { ...reply, message_id: 'm-3', author: 'carol', text: 'Me too', reply_to_message_id: 'm-2' };
  const n = buildNotification({ eventName: 'INSERT', newMessage: deeper, original: { found: true, message: reply }, thread: { thread_id: 'm-1', depth: 2, chain: [{ message_id: 'm-1', author: 'alice', text: 'Hello stream' }, { message_id: 'm-2', author: 'bob', text: 'Hi alice' }], elided: 0 } })!;
  assert.ok(bodies(n.message)['email']!.includes('Thread (reply 2 deep):\n  alice: Hello stream\n  bob: Hi alice\n  → carol: Me too'));
  assert.not.ok(bodies(n.message)['email']!.includes('In reply to'));
});

test('a text without keywords has no keywords attribute: a filter on keywords sees none', () => {
  const n = buildNotification({ eventName: 'INSERT', newMessage: { ...alice, text: 'hi' } })!;
  assert.is(n.attributes['keywords'], undefined);
});

test('a reply to a message that no longer exists says so instead of failing', () => {
  const n = buildNotification({ eventName: 'INSERT', newMessage: bobReply, original: { found: false, message_id: 'm-1' } })!;
  assert.equal(n.document.in_reply_to, { found: false, message_id: 'm-1' });
  assert.ok(bodies(n.message)['email']!.includes('which no longer exists'));
});

test('an edit of the text announces message_edited with the previous text', () => {
  const n = buildNotification({ eventName: 'MODIFY', oldMessage: alice, newMessage: { ...alice, text: 'Hello, stream!' } })!;
  assert.is(n.document.event_type, 'message_edited');
  assert.is(n.document.previous_text, 'Hello stream');
  assert.is(n.document.message.text, 'Hello, stream!');
});

test('a modification that leaves the text alone announces nothing', () => {
  assert.is(buildNotification({ eventName: 'MODIFY', oldMessage: alice, newMessage: { ...alice, timestamp: '2026-11-23T00:00:00Z' } }), undefined);
});

test('a removal announces message_deleted with the old text', () => {
  const n = buildNotification({ eventName: 'REMOVE', oldMessage: alice })!;
  assert.is(n.document.event_type, 'message_deleted');
  assert.is(n.document.message.text, 'Hello stream');
  assert.ok(bodies(n.message)['email']!.startsWith('This message was deleted.'));
});

test('a huge text is cut so the notification stays under the SNS 256 KB limit', () => {
  const huge = { ...alice, text: 'x'.repeat(390_000) };
  const n = buildNotification({ eventName: 'INSERT', newMessage: huge })!;
  assert.is(n.document.text_truncated, true);
  assert.is(n.document.message.text.length, MAX_TEXT_CHARS);
  assert.ok(Buffer.byteLength(n.message) < 256 * 1024, `message is ${Buffer.byteLength(n.message)} bytes`);
});

test('subjects fit SNS: one line, at most 100 characters', () => {
  const n = buildNotification({ eventName: 'INSERT', newMessage: { ...alice, text: `line one\nline two ${'y'.repeat(200)}` } })!;
  assert.ok(n.subject.length <= 100);
  assert.not.match(n.subject, /\n/);
});

test.run();
