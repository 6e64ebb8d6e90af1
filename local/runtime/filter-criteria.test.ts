// Rules from the Lambda developer guide page invocation-eventfiltering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePatterns, passesFilters } from './filter-criteria.ts';

const insert = { eventName: 'INSERT', dynamodb: { NewImage: { status: { S: 'NEW' }, amount: { N: '42' } } } };
const modify = { eventName: 'MODIFY', dynamodb: { NewImage: { status: { S: 'DONE' } } } };
const patterns = (...p: object[]) => parsePatterns(p.map((x) => ({ Pattern: JSON.stringify(x) })));

test('no filter criteria delivers everything', () => {
  assert.ok(passesFilters([], insert));
});

test('exact values and nesting select stream records', () => {
  const p = patterns({ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['NEW'] } } } });
  assert.ok(passesFilters(p, insert));
  assert.not.ok(passesFilters(p, modify));
});

test('several patterns are OR-ed', () => {
  assert.ok(passesFilters(patterns({ eventName: ['MODIFY'] }, { eventName: ['INSERT'] }), insert));
});

test('prefix, anything-but, numeric and exists', () => {
  assert.ok(passesFilters(patterns({ dynamodb: { NewImage: { status: { S: [{ prefix: 'NE' }] } } } }), insert));
  assert.not.ok(passesFilters(patterns({ eventName: [{ 'anything-but': ['INSERT'] }] }), insert));
  assert.ok(passesFilters(patterns({ amount: [{ numeric: ['>', 10, '<=', 42] }] }), { amount: 42 }));
  assert.not.ok(passesFilters(patterns({ amount: [{ numeric: ['>', 42] }] }), { amount: 42 }));
  assert.ok(passesFilters(patterns({ reply: [{ exists: false }] }), { text: 'x' }));
  assert.not.ok(passesFilters(patterns({ text: [{ exists: false }] }), { text: 'x' }));
});

test('an SQS JSON body is filtered as an object', () => {
  const p = patterns({ body: { type: ['order'] } });
  assert.ok(passesFilters(p, { body: JSON.stringify({ type: 'order' }) }));
  assert.not.ok(passesFilters(p, { body: JSON.stringify({ type: 'refund' }) }));
  assert.not.ok(passesFilters(p, { body: 'plain text' }));
});

test.run();
