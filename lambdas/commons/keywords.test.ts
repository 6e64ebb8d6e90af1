import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keywordsOf } from './keywords.ts';

test('distinct lowercase words, stop words and short words left out, in order', () => {
  assert.equal(keywordsOf('Has anyone tried the DynamoDB stream yet? The stream!'), ['anyone', 'tried', 'dynamodb', 'stream', 'yet']);
});

test('letters of any script and digits count; punctuation splits', () => {
  assert.equal(keywordsOf('Café-Größe: 2026, λx.x'), ['café', 'größe', '2026']);
});

test('at most ten', () => {
  assert.is(keywordsOf(Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ')).length, 10);
});

test('a text of only short or common words has none', () => {
  assert.equal(keywordsOf('hi, it is me'), []);
});

test.run();
