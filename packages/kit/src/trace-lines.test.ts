import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { completeLines } from './trace-lines.ts';

test('complete lines are read, a line still being written is not', () => {
  assert.equal(completeLines('{"a":1}\n{"b":2}\n'), ['{"a":1}', '{"b":2}']);
  assert.equal(completeLines('{"a":1}\n{"b":'), ['{"a":1}']);
  assert.equal(completeLines(''), []);
  assert.equal(completeLines('{"a":1}'), []);
});

test.run();
