import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { indexChanges } from './changes.ts';

const m = (text: string) => ({ message_id: 'm', author: 'a', text, timestamp: 't' });

test('a new message adds its words', () => {
  assert.equal(indexChanges(undefined, m('Stream processing rocks')), { add: ['stream', 'processing', 'rocks'], remove: [] });
});

test('an edit removes the words it lost and rewrites the rest', () => {
  assert.equal(indexChanges(m('stream processing'), m('stream analytics')), { add: ['stream', 'analytics'], remove: ['processing'] });
});

test('a deletion removes every word', () => {
  assert.equal(indexChanges(m('stream processing'), undefined), { add: [], remove: ['stream', 'processing'] });
});

test.run();
