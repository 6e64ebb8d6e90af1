import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Preferences } from '../commons/preferences.ts';
import { type DigestMessage, digestFor, subjectOf } from './select.ts';

const prefs: Preferences = { subscriber: 'ann@example.com', authors: [], muted_keywords: [], kinds: [], mode: 'digest' };
const m = (id: string, author: string, text: string, timestamp: string, reply?: string): DigestMessage => ({ message_id: id, author, text, timestamp, ...(reply ? { reply_to_message_id: reply } : {}) });
const day = [
  m('1', 'alice', 'stream processing tips', '2026-12-04T08:00:00Z'),
  m('2', 'bob', 'a spoiler about the finale', '2026-12-04T09:00:00Z'),
  m('3', 'alice', 'replying here', '2026-12-04T10:00:00Z', '1'),
  m('0', 'carol', 'yesterday', '2026-12-02T10:00:00Z'),
];

test('everything since the cut-off, oldest first', () => {
  const d = digestFor(prefs, day, '2026-12-03T12:00:00Z');
  assert.equal(d.messages.map((x) => x.message_id), ['1', '2', '3']);
  assert.is(d.count, 3);
  assert.equal(d.authors, ['alice', 'bob']);
  assert.is(subjectOf(d), 'Your streamlab digest: 3 messages from alice, bob');
});

test('the same rules as the instant filter: authors, kinds, muted keywords', () => {
  assert.equal(digestFor({ ...prefs, authors: ['alice'] }, day, '2026-12-03').messages.map((x) => x.message_id), ['1', '3']);
  assert.equal(digestFor({ ...prefs, kinds: ['reply'] }, day, '2026-12-03').messages.map((x) => x.message_id), ['3']);
  assert.equal(digestFor({ ...prefs, muted_keywords: ['spoiler'] }, day, '2026-12-03').messages.map((x) => x.message_id), ['1', '3']);
});

test('an empty digest says so', () => {
  const d = digestFor({ ...prefs, authors: ['nobody'] }, day, '2026-12-03');
  assert.is(d.count, 0);
  assert.is(subjectOf(d), 'Your streamlab digest: nothing new');
});

test.run();
