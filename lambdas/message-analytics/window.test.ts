import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addRecords, rowsOf } from './window.ts';

const insert = (seq: string, author: string) => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: seq, NewImage: { author: { S: author } } } });

test('counts new messages per author across invocations, remembering the first record', () => {
  const one = addRecords({}, [insert('1', 'alice'), insert('2', 'bob')]);
  const two = addRecords(one, [insert('3', 'alice'), { eventName: 'MODIFY', dynamodb: { SequenceNumber: '4', NewImage: { author: { S: 'bob' } } } }]);
  assert.equal(two, { counts: { alice: 2, bob: 1 }, first: '1' });
});

test('the final rows: each author, and the total', () => {
  assert.equal(rowsOf({ counts: { alice: 2, bob: 1 } }), [{ author: 'alice', count: 2 }, { author: 'bob', count: 1 }, { author: '*', count: 3 }]);
  assert.equal(rowsOf({ counts: {} }), []);
});

test.run();
