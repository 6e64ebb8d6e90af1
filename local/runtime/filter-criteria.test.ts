// Rules from the Lambda developer guide page invocation-eventfiltering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PATTERN_CASE_EVENT, PATTERN_CASES } from './event-pattern-cases.ts';
import { matchesPattern, parsePatterns, passesFilters } from './filter-criteria.ts';

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

test('every case of the table EventBridge (moto) is held to: the same answer', () => {
  for (const [name, pattern, expected] of PATTERN_CASES) assert.is(matchesPattern(pattern as never, PATTERN_CASE_EVENT), expected, name);
});

test('wildcard stars match runs, an escaped star only a star; cidr also takes IPv6', () => {
  assert.ok(matchesPattern({ k: [{ wildcard: 'a*b*c' }] }, { k: 'aXXbYc' }));
  assert.not.ok(matchesPattern({ k: [{ wildcard: 'a\\*b' }] }, { k: 'aXb' }));
  assert.ok(matchesPattern({ k: [{ wildcard: 'a\\*b' }] }, { k: 'a*b' }));
  assert.ok(matchesPattern({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8::1' }));
  assert.not.ok(matchesPattern({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'not an address' }));
});

test.run();
