import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePreferences } from './preferences.ts';

test('defaults: every author, nothing muted, both kinds, instant', () => {
  assert.equal(parsePreferences('Ann@Example.com', {}), { ok: true, value: { subscriber: 'ann@example.com', authors: [], muted_keywords: [], kinds: [], mode: 'instant' } });
});

test('lists are trimmed and deduplicated; keywords lowercased', () => {
  const p = parsePreferences('ann@example.com', { authors: ['alice', ' alice '], muted_keywords: ['Spoiler', 'spoiler'], kinds: ['reply'], mode: 'digest' });
  assert.equal(p, { ok: true, value: { subscriber: 'ann@example.com', authors: ['alice'], muted_keywords: ['spoiler'], kinds: ['reply'], mode: 'digest' } });
});

test('bad input names the field', () => {
  const error = (subscriber: string, body: unknown) => {
    const p = parsePreferences(subscriber, body);
    return p.ok ? 'ok' : p.error;
  };
  assert.is(error('not-an-email', {}), 'the subscriber must be an email address');
  assert.is(error('a@b.co', []), 'the body must be a JSON object');
  assert.is(error('a@b.co', { authors: 'alice' }), '"authors" must be a list of strings');
  assert.is(error('a@b.co', { kinds: ['edit'] }), '"kinds" may hold message and reply, not "edit"');
  assert.is(error('a@b.co', { mode: 'hourly' }), '"mode" must be instant or digest');
  assert.is(error('a@b.co', { colour: 'red' }), 'unknown field "colour"');
  assert.is(error('a@b.co', { authors: Array.from({ length: 21 }, (_, i) => `a${i}`) }), '"authors" may hold at most 20 entries');
});

test.run();
